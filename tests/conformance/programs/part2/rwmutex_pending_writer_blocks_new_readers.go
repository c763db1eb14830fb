// rule: once a writer waits in Lock, new RLock calls park behind it (readerCount goes negative), so the order is first reader, writer, late reader: writers are not starved (sync/rwmutex.go: Lock subtracts rwmutexMaxReaders; RLock parks on readerSem)
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
	order := ""
	done := 0
	rw.RLock()
	order += "r1 "
	go func() {
		rw.Lock()
		order += "w "
		rw.Unlock()
		done++
	}()
	runtime.Gosched()
	go func() {
		rw.RLock()
		order += "r2 "
		rw.RUnlock()
		done++
	}()
	runtime.Gosched()
	order += "r1-unlock "
	rw.RUnlock()
	for done < 2 {
		runtime.Gosched()
	}
	fmt.Println(order)
}
