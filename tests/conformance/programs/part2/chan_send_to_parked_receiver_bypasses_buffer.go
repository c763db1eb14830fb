// rule: a send on a buffered channel with a parked receiver copies straight into the receiver (send/sendDirect) and never touches the buffer, so len(ch) stays 0 although there is room (chan.go: chansend "found a waiting receiver")
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	ch := make(chan int, 1)
	got := 0
	done := false
	go func() {
		got = <-ch
		done = true
	}()
	runtime.Gosched()
	ch <- 7
	lenAfterSend := len(ch)
	for !done {
		runtime.Gosched()
	}
	fmt.Println("len after send:", lenAfterSend, "cap:", cap(ch), "receiver got:", got)
}
