// rule: each runtime.GC() runs one complete cycle (mgc.go: GC, gcTriggerCycle); MemStats.NumGC and NumForcedGC count them; a heap below the 4 MiB minimum never triggers a GC by itself (mgcpacer.go: heapMinimum)
// env: GOMAXPROCS=1
// subset: part3 (runtime.GC, ReadMemStats)
package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	val  int
	next *Node
}

var keep *Node

func main() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC, m.NumForcedGC)
	for i := 0; i < 1000; i++ {
		keep = &Node{val: i, next: keep}
	}
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC)
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC, m.NumForcedGC)
	keep = nil
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC, m.NumForcedGC, m.PauseTotalNs > 0)
}
