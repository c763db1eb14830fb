// rule: Unlock of an RWMutex that is not write-locked is fatal("sync: Unlock of unlocked RWMutex") (sync/rwmutex.go: Unlock)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var rw sync.RWMutex
	rw.RLock()
	rw.RUnlock()
	fmt.Println("write-unlocking an unlocked RWMutex")
	rw.Unlock()
}
