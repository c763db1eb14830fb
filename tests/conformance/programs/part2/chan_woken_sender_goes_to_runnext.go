// rule: a receive that takes a parked sender's value readies the sender with goready (next=true), so it runs before goroutines spawned earlier that wait in the ring (chan.go: recv -> goready; proc.go: ready)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	ch := make(chan int)
	order := ""
	done := 0
	go func() {
		ch <- 1
		order += "sender "
		done++
	}()
	runtime.Gosched()
	go func() {
		order += "B "
		done++
	}()
	go func() {
		order += "C "
		done++
	}()
	v := <-ch
	for done < 3 {
		runtime.Gosched()
	}
	fmt.Println(order, "value", v)
}
