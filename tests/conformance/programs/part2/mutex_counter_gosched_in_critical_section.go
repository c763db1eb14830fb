// rule: with GOMAXPROCS=1 a goroutine that yields inside its critical section keeps the lock: the others park in the mutex's semaphore (no spinning, canSpin needs GOMAXPROCS>1) and the read-yield-write increments never interleave, so 3 goroutines x 4 increments give 12; Unlock wakes the queue head into runnext and the holder yields again before re-locking, so the goroutines take turns 3,1,2 (last go first) and, with that fixed rotation, even the unlocked read-yield-write counter ends at 12 (sync/mutex.go: lockSlow; sema.go: semacquire1)
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
	var wg sync.WaitGroup
	counter := 0
	order := 0
	unsafeCounter := 0
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func(id int) {
			for i := 0; i < 4; i++ {
				mu.Lock()
				x := counter
				order = order*10 + id
				runtime.Gosched()
				counter = x + 1
				mu.Unlock()
				y := unsafeCounter
				runtime.Gosched()
				unsafeCounter = y + 1
			}
			wg.Done()
		}(g + 1)
	}
	wg.Wait()
	fmt.Println("locked counter:", counter, "unlocked counter:", unsafeCounter)
	fmt.Println("lock order:", order)
}
