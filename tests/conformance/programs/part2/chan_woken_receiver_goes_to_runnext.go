// rule: a send that finds a parked receiver readies it with goready (next=true): the receiver takes runnext and kicks the goroutine spawned last to the ring tail, so it runs before two goroutines spawned before the send (chan.go: send -> goready; proc.go: ready)
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
		<-ch
		order += "receiver "
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
	ch <- 1
	for done < 3 {
		runtime.Gosched()
	}
	fmt.Println(order)
}
