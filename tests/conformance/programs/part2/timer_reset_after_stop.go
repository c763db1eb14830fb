// rule: Reset on a stopped timer re-arms it and returns false (it was not active); Reset on an active timer returns true; the timer then fires once (time.go: resetTimer -> modtimer)
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
	resetStopped := t.Reset(time.Hour)
	resetActive := t.Reset(5 * time.Millisecond)
	<-t.C
	fmt.Println("stop:", stopped, "reset stopped:", resetStopped, "reset active:", resetActive, "fired once")
}
