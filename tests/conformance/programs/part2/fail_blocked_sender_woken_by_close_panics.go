// rule: a sender parked on a channel that is then closed is woken with success=false and panics "send on closed channel" in its own goroutine (chan.go: chansend "closed := !mysg.success"; closechan releases all senders)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	ch := make(chan int)
	fmt.Println("sender parks, main closes")
	go func() {
		ch <- 1
	}()
	runtime.Gosched()
	close(ch)
	for {
		runtime.Gosched()
	}
}
