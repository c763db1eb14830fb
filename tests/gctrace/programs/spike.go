// rule: a spike: a steady 2 MiB ring with churn, then 24 MiB held for a while and dropped; the goal rises with the marked heap (allocate-black included) and falls back a cycle after the drop (mgcpacer.go: commit)
// env: GOMAXPROCS=1
// settings: GOGC=50 | GOGC=100 | GOGC=200 | GOGC=400 | GOGC=off GOMEMLIMIT=40MiB
package main

import (
	"fmt"
	"runtime"
)

var ring [][]int
var spike [][]int

func churn(n int) {
	for i := 0; i < n; i++ {
		ring[i%32] = make([]int, 8192)
	}
}

// (in functions of their own: the model scans a frame's every slot, temporaries included,
// where Go's stack maps know which are live)
func hold() {
	for i := 0; i < 384; i++ {
		spike = append(spike, make([]int, 8192))
	}
}

func drop() {
	spike = nil
}

func main() {
	ring = make([][]int, 32)
	churn(1500)
	hold()
	churn(1500)
	drop()
	churn(1500)
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.HeapAlloc, m.NextGC)
}
