// rule: locking a sync.Mutex that is already held by the same goroutine parks it in runtime_SemacquireMutex; Go 1.19 has no "sync.Mutex.Lock" wait reason yet, so the deadlock header reads "[semacquire]" (sync/mutex.go: lockSlow; sema.go: semacquire1 waitReasonSemacquire)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	mu.Lock()
	fmt.Println("locking twice")
	mu.Lock()
}
