// rule: Timer.Stop on a timer that has not fired removes it and returns true, and its channel never receives (time.go: stopTimer -> deltimer)
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTimer(time.Hour)
	stopped := t.Stop()
	again := t.Stop()
	fired := false
	select {
	case <-t.C:
		fired = true
	case <-time.After(20 * time.Millisecond):
	}
	fmt.Println("stop before fire:", stopped, "second stop:", again, "channel fired:", fired)
}
