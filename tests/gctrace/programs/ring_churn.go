// rule: a ring of live buffers with steady churn: 64 x 64 KiB = 4 MiB stay live; each cycle's goal is heap2 + (heap2 + stacks + globals) * GOGC/100, where heap2 is the live ring plus what was allocated black while the mark ran, from the trigger to about the goal (mgcpacer.go: commit, trigger; mgcmark.go: gcAssistAlloc)
// env: GOMAXPROCS=1
// settings: GOGC=50 | GOGC=100 | GOGC=200 | GOGC=400 | GOGC=off GOMEMLIMIT=16MiB | GOGC=200 GOMEMLIMIT=18MiB
package main

import (
	"fmt"
	"runtime"
)

var ring [][]int

func main() {
	ring = make([][]int, 64)
	for i := 0; i < 8000; i++ {
		ring[i%64] = make([]int, 8192)
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.HeapAlloc, m.NextGC)
}
