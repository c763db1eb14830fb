// rule: Lock on an RWMutex that is read-locked waits for the readers in runtime_SemacquireMutex (writerSem); with the reader never unlocking this is the deadlock "[semacquire]" in Go 1.19 (sync/rwmutex.go: Lock)
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
	fmt.Println("write-locking while read-locked")
	rw.Lock()
}
