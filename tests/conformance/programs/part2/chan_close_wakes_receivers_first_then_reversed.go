// rule: closechan collects every parked receiver in recvq (FIFO) onto a LIFO gList and readies them after unlocking; each goready puts its G in runnext and kicks the previous one to the ring, so the first-queued receiver runs first and the rest run in reverse queue order: 0,4,3,2,1 (chan.go: closechan; proc.go: ready next=true)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	ch := make(chan int)
	order := 0
	done := 0
	zeros := 0
	for i := 0; i < 5; i++ {
		go func(id int) {
			v, ok := <-ch
			if v == 0 && !ok {
				zeros++
			}
			order = order*10 + id + 1
			done++
		}(i)
		runtime.Gosched()
	}
	close(ch)
	for done < 5 {
		runtime.Gosched()
	}
	fmt.Println("wake order (id+1):", order, "got zero,false:", zeros)
}
