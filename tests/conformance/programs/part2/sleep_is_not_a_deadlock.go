// rule: while a goroutine sleeps (a timer is pending) checkdead does not report main, parked in chan receive, as a deadlock; the sleeper wakes and sends (proc.go: checkdead timer check; time.go)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan string)
	go func() {
		time.Sleep(30 * time.Millisecond)
		ch <- "woke and sent"
	}()
	fmt.Println(<-ch)
}
