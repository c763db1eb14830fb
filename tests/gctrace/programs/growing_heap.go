// rule: a growing live heap: 4096 buffers of 8 KiB are kept (32 MiB), with as much garbage allocated alongside; each cycle's goal follows the marked heap up (mgcpacer.go: commit), and under GOMEMLIMIT stops at the limit less Go's non-heap memory and 1 MiB of headroom (memoryLimitHeapGoal)
// env: GOMAXPROCS=1
// settings: GOGC=50 | GOGC=100 | GOGC=200 | GOGC=400 | GOGC=off | GOGC=100 GOMEMLIMIT=48MiB
package main

import (
	"fmt"
	"runtime"
)

var keep [][]int
var tmp []int

func main() {
	for i := 0; i < 4096; i++ {
		keep = append(keep, make([]int, 1024))
		tmp = make([]int, 1024)
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.HeapAlloc, m.NextGC)
}
