// rule: goroutines that park on a held mutex are queued FIFO on its semaphore, and each Unlock wakes the queue head (semrelease -> readyWithTime -> runnext), so with no barging they get the lock in arrival order 1,2,3 (sync/mutex.go: unlockSlow; sema.go: semqueue FIFO)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var mu sync.Mutex
	order := 0
	done := 0
	mu.Lock()
	for i := 1; i <= 3; i++ {
		go func(id int) {
			mu.Lock()
			order = order*10 + id
			done++
			mu.Unlock()
		}(i)
		runtime.Gosched()
	}
	mu.Unlock()
	for done < 3 {
		runtime.Gosched()
	}
	fmt.Println("acquired in order:", order)
}
