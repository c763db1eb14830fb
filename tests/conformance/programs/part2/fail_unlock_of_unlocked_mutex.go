// rule: unlocking an unlocked sync.Mutex is fatal("sync: unlock of unlocked mutex"): "fatal error:", not a recoverable panic, exit status 2 (sync/mutex.go: unlockSlow; panic.go: fatal)
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
	mu.Unlock()
	fmt.Println("unlocking again")
	mu.Unlock()
}
