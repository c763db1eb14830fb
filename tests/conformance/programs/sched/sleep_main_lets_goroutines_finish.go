// rule: when main sleeps, its P runs the queued goroutines (runnext first, then FIFO) and idles until the timer fires (time.go: timeSleep -> gopark; proc.go: findRunnable)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"time"
)

func main() {
	order := 0
	for i := 1; i <= 6; i++ {
		go func(id int) {
			order = order*10 + id
		}(i)
	}
	time.Sleep(5 * time.Millisecond)
	fmt.Println("order after sleep:", order)
}
