// rule: sleeping goroutines wake in deadline order, not creation order (time.go: timer heap, checkTimers -> goready). Deadlines are 20ms apart: if the host stalls the process longer than that, timers that expire together run newest-deadline first (each ready() kicks the previous one out of runnext), which is why closer deadlines were unstable
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
	"time"
)

func main() {
	order := ""
	done := 0
	sleeper := func(name string, d time.Duration) {
		time.Sleep(d)
		order += name + " "
		done++
	}
	go sleeper("65ms", 65*time.Millisecond)
	go sleeper("25ms", 25*time.Millisecond)
	go sleeper("45ms", 45*time.Millisecond)
	go sleeper("5ms", 5*time.Millisecond)
	for done < 4 {
		runtime.Gosched()
	}
	fmt.Println(order)
}
