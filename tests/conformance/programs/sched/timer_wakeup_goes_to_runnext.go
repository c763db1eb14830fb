// rule: an expired timer is run by the next schedule() on its P (checkTimers), and the woken G goes to runnext via ready(gp, next=true), kicking the G there to the ring tail, so it runs before goroutines that were queued earlier (time.go: goroutineReady; proc.go: ready, findRunnable)
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
	go func() {
		time.Sleep(time.Millisecond)
		order += "sleeper "
		done++
	}()
	runtime.Gosched()
	go func() {
		order += "r1 "
		done++
	}()
	go func() {
		order += "r2 "
		done++
	}()
	sum := 0
	for i := 0; i < 30000000; i++ {
		sum += i & 7
	}
	for done < 3 {
		runtime.Gosched()
	}
	fmt.Println(order)
	fmt.Println("busy sum:", sum)
}
