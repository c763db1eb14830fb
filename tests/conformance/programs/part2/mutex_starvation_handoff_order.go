// rule: a waiter that has waited more than 1ms switches the mutex to starvation mode; from then on Unlock hands it directly to the queue's head (which was requeued at the front, lifo) and yields, so the starved goroutine runs before a newer waiter and before the unlocker continues (sync/mutex.go: starvationThresholdNs, unlockSlow handoff; sema.go: semrelease1 handoff, goyield)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	order := ""
	done := 0
	mu.Lock()
	go func() {
		mu.Lock()
		order += "A "
		mu.Unlock()
		done++
	}()
	runtime.Gosched()
	time.Sleep(2 * time.Millisecond)
	mu.Unlock()
	mu.Lock()
	order += "main-barged "
	runtime.Gosched()
	go func() {
		mu.Lock()
		order += "B "
		mu.Unlock()
		done++
	}()
	runtime.Gosched()
	mu.Unlock()
	order += "main-after-unlock "
	for done < 2 {
		runtime.Gosched()
	}
	fmt.Println(order)
}
