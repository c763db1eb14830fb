// rule: Lock on a held mutex parks the caller until the holder unlocks; the holder keeps running meanwhile (sync/mutex.go: Lock/Unlock)
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
	trace := ""
	mu.Lock()
	go func() {
		trace += "g-wants "
		mu.Lock()
		trace += "g-has "
		mu.Unlock()
	}()
	runtime.Gosched()
	trace += "main-still-holds "
	runtime.Gosched()
	trace += "main-unlocks "
	mu.Unlock()
	runtime.Gosched()
	trace += "main-after"
	fmt.Println(trace)
}
