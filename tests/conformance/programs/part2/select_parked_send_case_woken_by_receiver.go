// rule: a select parked on a send case and a receive case is completed by whichever counterpart arrives: main's receive dequeues the select's sudog from the sendq, the select's other sudog is removed in pass 3, and the send case runs (select.go: selectgo pass 2/3; chan.go: waitq.dequeue selectDone)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	out := make(chan int)
	in := make(chan int)
	which := ""
	go func() {
		select {
		case out <- 11:
			which = "send case"
		case v := <-in:
			which = "recv case"
			_ = v
		}
	}()
	runtime.Gosched()
	v := <-out
	runtime.Gosched()
	sent := false
	select {
	case in <- 1:
		sent = true
	default:
	}
	fmt.Println(which, v, "later send to in succeeded:", sent)
}
