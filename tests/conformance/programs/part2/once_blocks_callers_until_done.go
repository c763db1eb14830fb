// rule: a goroutine calling Do while the first call is still running waits on the Once's mutex and returns only after the function has finished (sync/once.go: doSlow holds o.m while f runs)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var once sync.Once
	initDone := false
	sawDone := false
	finished := 0
	go func() {
		once.Do(func() {
			runtime.Gosched()
			runtime.Gosched()
			initDone = true
		})
		finished++
	}()
	runtime.Gosched()
	go func() {
		once.Do(func() {
			initDone = false
		})
		sawDone = initDone
		finished++
	}()
	for finished < 2 {
		runtime.Gosched()
	}
	fmt.Println("second caller saw init done:", sawDone)
}
