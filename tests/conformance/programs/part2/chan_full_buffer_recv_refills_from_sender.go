// rule: receiving from a full buffered channel with blocked senders takes the buffer head and moves the first blocked sender's value into the freed slot, so len stays 2 after the first receive and the order is [100 101 0 1 2] (chan.go: recv, buffered case)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	ch := make(chan int, 2)
	ch <- 100
	ch <- 101
	for i := 0; i < 3; i++ {
		go func(id int) {
			ch <- id
		}(i)
		runtime.Gosched()
	}
	lenBefore := len(ch)
	a := <-ch
	lenAfterFirst := len(ch)
	b := <-ch
	c := <-ch
	d := <-ch
	e := <-ch
	fmt.Println("len before:", lenBefore, "after first receive:", lenAfterFirst, "at end:", len(ch))
	fmt.Println("received:", a, b, c, d, e)
}
