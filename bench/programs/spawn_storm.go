// Spawn storm: main starts N goroutines that each increment a counter and exit.
//
// Each go statement is newproc: the new G goes to runnext of main's P and kicks the
// previous one to the ring tail; a full ring sends half of it to the global queue
// (runqputslow). main then yields until it is the only goroutine left, which is
// correct at any GOMAXPROCS. The count is unsynchronized (channels and sync are not in
// the course's Go subset yet): it is exact at GOMAXPROCS=1, and may lose updates in
// real Go at GOMAXPROCS>1 (the harness checks it only at GOMAXPROCS=1).
//
// bench/bench_sched.py replaces the constant below: keep it on its own line.
package main

import (
	"fmt"
	"runtime"
)

const N = 100000 // goroutines

func main() {
	count := 0
	for i := 0; i < N; i++ {
		go func() {
			count++
		}()
	}
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	fmt.Println("goroutines", N, "count", count)
}
