// rule: Stop after the timer has fired returns false; if the value was not received it is still buffered in t.C, which in Go 1.19 is a cap-1 channel (len 1 before the receive) (time.go: sendTime non-blocking send into the buffered channel; stopTimer)
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTimer(5 * time.Millisecond)
	time.Sleep(30 * time.Millisecond)
	capC := cap(t.C)
	lenBefore := len(t.C)
	stopped := t.Stop()
	<-t.C
	lenAfter := len(t.C)
	u := time.NewTimer(time.Millisecond)
	<-u.C
	stoppedAfterReceive := u.Stop()
	fmt.Println("cap:", capC, "len before receive:", lenBefore, "after:", lenAfter)
	fmt.Println("stop after fire:", stopped, "stop after fire and receive:", stoppedAfterReceive)
}
