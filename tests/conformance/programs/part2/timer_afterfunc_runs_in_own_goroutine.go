// rule: time.AfterFunc runs f in a new goroutine when the timer fires (goFunc), so f can block on a channel main receives from, and Stop before firing prevents it (time.go: goFunc; time/sleep.go: AfterFunc)
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan string)
	time.AfterFunc(10*time.Millisecond, func() {
		ch <- "afterfunc ran"
	})
	stoppedRan := false
	t := time.AfterFunc(5*time.Millisecond, func() {
		stoppedRan = true
	})
	stopped := t.Stop()
	fmt.Println(<-ch)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("stopped:", stopped, "stopped func ran:", stoppedRan)
}
