// rule: time.AfterFunc runs f in a goroutine started by the timer (time.goFunc), so when f blocks for good the deadlock traceback says "created by time.goFunc" (time/sleep.go: goFunc; time.go: runOneTimer)
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int)
	time.AfterFunc(time.Millisecond, func() {
		ch <- 1
	})
	time.Sleep(5 * time.Millisecond)
	fmt.Println("main waits")
	select {}
}
