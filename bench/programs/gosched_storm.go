// Gosched storm: G goroutines each call runtime.Gosched() K times.
//
// Every Gosched puts the caller on the tail of the global run queue (goschedImpl,
// globrunqput) and enters schedule(), so the run is G*K trips through findRunnable's
// global-queue path. main waits by yielding until it is the only goroutine left, which
// is correct at any GOMAXPROCS. The done counter is unsynchronized (channels and sync
// are not in the course's Go subset yet): it is exact at GOMAXPROCS=1 only.
//
// bench/bench_sched.py replaces the constants below: keep them one per line.
package main

import (
	"fmt"
	"runtime"
)

const G = 100  // goroutines
const K = 1000 // Gosched calls per goroutine

func main() {
	done := 0
	for i := 0; i < G; i++ {
		go func() {
			for j := 0; j < K; j++ {
				runtime.Gosched()
			}
			done++
		}()
	}
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	fmt.Println("goroutines", G, "goscheds", G*K, "done", done)
}
