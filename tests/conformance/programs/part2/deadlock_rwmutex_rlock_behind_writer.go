// rule: an RLock behind a writer that waits for a reader parks on readerSem: both wait forever; Go 1.19 reports both as "[semacquire]", the writer in (*RWMutex).Lock, the reader in (*RWMutex).RLock (sync/rwmutex.go: RLock, Lock)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var rw sync.RWMutex
	rw.RLock()
	go func() {
		rw.Lock()
	}()
	runtime.Gosched()
	fmt.Println("read-locking again behind the writer")
	rw.RLock()
}
