// rule: any number of readers hold an RWMutex together (RLock only increments readerCount), while Lock waits until they have all left and excludes them; printed as facts measured inside the critical sections (sync/rwmutex.go: RLock, Lock, RUnlock)
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
	var wg sync.WaitGroup
	readers := 0
	maxReaders := 0
	readersSeenByWriter := -1
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			rw.RLock()
			readers++
			if readers > maxReaders {
				maxReaders = readers
			}
			runtime.Gosched()
			readers--
			rw.RUnlock()
			wg.Done()
		}()
	}
	wg.Add(1)
	go func() {
		runtime.Gosched()
		rw.Lock()
		readersSeenByWriter = readers
		rw.Unlock()
		wg.Done()
	}()
	wg.Wait()
	fmt.Println("max concurrent readers:", maxReaders, "readers seen by writer:", readersSeenByWriter)
}
