// rule: `select {}` parks its goroutine forever (block -> gopark waitReasonSelectNoCases), which is no deadlock while main can run, and main returning ends the program with status 0 (select.go: block)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	started := 0
	for i := 0; i < 3; i++ {
		go func() {
			started++
			select {}
		}()
	}
	runtime.Gosched()
	fmt.Println("parked forever:", started, "goroutines:", runtime.NumGoroutine())
}
