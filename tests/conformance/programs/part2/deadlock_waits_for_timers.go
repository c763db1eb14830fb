// rule: checkdead does not report a deadlock while a timer is pending; once the last sleeper has woken and exited, main blocked in select {} is a deadlock (proc.go: checkdead "There are no goroutines running, so we can look at the P's timers")
// env: GOMAXPROCS=1
// subset: part2 (select {})
package main

import (
	"fmt"
	"time"
)

func main() {
	woke := 0
	for i := 0; i < 2; i++ {
		go func(ms int) {
			time.Sleep(time.Duration(ms) * time.Millisecond)
			woke++
			println("sleeper woke, total", woke)
		}(5 + 5*i)
	}
	fmt.Println("main blocks")
	select {}
}
