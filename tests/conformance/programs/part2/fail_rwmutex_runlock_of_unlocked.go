// rule: RUnlock of an RWMutex that is not read-locked is fatal("sync: RUnlock of unlocked RWMutex") (sync/rwmutex.go: rUnlockSlow)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var rw sync.RWMutex
	fmt.Println("read-unlocking an unlocked RWMutex")
	rw.RUnlock()
}
