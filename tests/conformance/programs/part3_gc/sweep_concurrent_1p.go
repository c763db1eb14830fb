// rule: the sweep is concurrent: right after a heap-triggered cycle the garbage still counts in HeapObjects (frees are counted when spans are swept), and while main sleeps the idle P sweeps it (bgsweep) (mgcsweep.go: bgsweep, sweepone; mgc.go: gcSweep)
// env: GOMAXPROCS=1
// subset: part3 (runtime.ReadMemStats, time.Sleep)
package main

import (
	"fmt"
	"runtime"
	"time"
)

type Node struct {
	next *Node
	v    int
}

var keep *Node

func churn(n int) {
	var h *Node
	for i := 0; i < n; i++ {
		h = &Node{next: h, v: i}
	}
}

func main() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	gc0 := m.NumGC
	for m.NumGC == gc0 {
		churn(1000)
		runtime.ReadMemStats(&m)
	}
	before := m.HeapObjects
	time.Sleep(20 * time.Millisecond)
	runtime.ReadMemStats(&m)
	after := m.HeapObjects
	fmt.Println("cycles:", m.NumGC-gc0, "unswept right after the cycle:", before > 100000, "swept after the sleep:", after < 20000)
}
