// rule: TryLock takes an unlocked mutex (true) and fails at once on a locked one (false) without parking, also when called from another goroutine (sync/mutex.go: TryLock, Go 1.18+)
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
	first := mu.TryLock()
	second := mu.TryLock()
	fromOther := true
	done := false
	go func() {
		fromOther = mu.TryLock()
		done = true
	}()
	for !done {
		runtime.Gosched()
	}
	mu.Unlock()
	afterUnlock := mu.TryLock()
	mu.Unlock()
	fmt.Println("unlocked:", first, "locked:", second, "other goroutine:", fromOther, "after unlock:", afterUnlock)
}
