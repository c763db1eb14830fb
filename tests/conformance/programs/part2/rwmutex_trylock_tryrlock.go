// rule: RWMutex.TryRLock fails only while a writer holds or waits for the lock (readerCount < 0); TryLock needs w free and no readers (CAS readerCount 0 -> -rwmutexMaxReaders), else it gives w back and fails; neither ever parks (sync/rwmutex.go: TryRLock, TryLock, Go 1.18+)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var rw sync.RWMutex
	a := rw.TryRLock()
	b := rw.TryLock()
	rw.RUnlock()
	c := rw.TryLock()
	d := rw.TryRLock()
	e := rw.TryLock()
	rw.Unlock()
	f := rw.TryRLock()
	rw.RUnlock()
	fmt.Println(a, b, c, d, e, f)
}
