// GC mark: main builds a linked list of N nodes, all live (a package-level root), then calls
// runtime.GC() K times and prints HeapObjects and NumGC.
//
// Each runtime.GC() is one forced cycle (mgc.go: GC, gcTriggerCycle) that marks the whole list
// from the roots and sweeps. bench/bench_gc.py runs it with GOGC=off, so no other cycle runs,
// and times one cycle as (T(K) - T(0)) / K.
//
// bench/bench_gc.py replaces the constants below: keep each on its own line.
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

const N = 1000000
const K = 0

func main() {
	for i := 0; i < N; i++ {
		keep = &Node{val: i, next: keep}
	}
	for i := 0; i < K; i++ {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.HeapObjects, m.NumGC)
}
