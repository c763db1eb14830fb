// Cost of time.Sleep: Sleep(0) returns at once; Sleep(1µs) parks the goroutine on a timer and
// measures the wall time until it runs again (timer granularity + wake-up), with an otherwise
// idle process, at GOMAXPROCS=1 and 2.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"testing"
	"time"
)

func main() {
	reps := flag.Int("reps", 5, "repetitions")
	benchtime := flag.Duration("benchtime", 300*time.Millisecond, "time per repetition")
	flag.Parse()
	testing.Init()
	_ = flag.Set("test.benchtime", benchtime.String())
	runtime.GOMAXPROCS(1)
	for r := 0; r < *reps; r++ {
		res := testing.Benchmark(func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				time.Sleep(0)
			}
		})
		fmt.Printf("sleep_0 %.3f\n", float64(res.T.Nanoseconds())/float64(res.N))
	}
	for _, p := range []int{1, 2} {
		runtime.GOMAXPROCS(p)
		for r := 0; r < *reps; r++ {
			res := testing.Benchmark(func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					time.Sleep(time.Microsecond)
				}
			})
			fmt.Printf("sleep_1us_wakeup_p%d %.3f\n", p, float64(res.T.Nanoseconds())/float64(res.N))
		}
	}
	// a 1µs sleep while another goroutine keeps the P busy: the timer is noticed at the next
	// schedule() (here: the busy goroutine's Gosched) rather than by an idle P's netpoll timeout
	runtime.GOMAXPROCS(1)
	for r := 0; r < *reps; r++ {
		stop := make(chan bool)
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
					runtime.Gosched()
				}
			}
		}()
		res := testing.Benchmark(func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				time.Sleep(time.Microsecond)
			}
		})
		close(stop)
		fmt.Printf("sleep_1us_wakeup_busy_p1 %.3f\n", float64(res.T.Nanoseconds())/float64(res.N))
	}
}
