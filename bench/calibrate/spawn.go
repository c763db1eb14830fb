// Cost of one `go f()` plus the goroutine running an empty body and exiting (newproc, execute,
// goexit0, gfput/gfget), in storms of 1000 goroutines created before the creator blocks.
// Reported per goroutine, at GOMAXPROCS=1, 2 and 8.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
)

const storm = 1000

func main() {
	reps := flag.Int("reps", 5, "repetitions")
	benchtime := flag.Duration("benchtime", 300*time.Millisecond, "time per repetition")
	flag.Parse()
	testing.Init()
	_ = flag.Set("test.benchtime", benchtime.String())
	for _, p := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(p)
		for r := 0; r < *reps; r++ {
			res := testing.Benchmark(func(b *testing.B) {
				var wg sync.WaitGroup
				for i := 0; i < b.N; i++ {
					wg.Add(storm)
					for j := 0; j < storm; j++ {
						go func() {
							wg.Done()
						}()
					}
					wg.Wait()
				}
			})
			fmt.Printf("spawn_exit_p%d %.3f\n", p, float64(res.T.Nanoseconds())/float64(res.N*storm))
		}
	}
}
