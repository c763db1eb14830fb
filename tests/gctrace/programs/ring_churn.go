// rule: a ring of live buffers with steady churn: the live heap stays at 64 x 64 KiB = 4 MiB, so every cycle's goal is about (4 MiB + stacks + globals) * (1 + GOGC/100), and the number of cycles is what was allocated over goal - live (mgcpacer.go: commit, trigger)
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
