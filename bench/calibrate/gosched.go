// Cost of one runtime.Gosched() at GOMAXPROCS=1:
//   gosched_1g: the only runnable goroutine yields (goschedImpl -> global queue -> schedule picks it back)
//   gosched_2g: two goroutines yield to each other; reported per Gosched call (half a round trip)
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync/atomic"
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
				runtime.Gosched()
			}
		})
		fmt.Printf("gosched_1g_p1 %.3f\n", float64(res.T.Nanoseconds())/float64(res.N))
	}
	for r := 0; r < *reps; r++ {
		var yields int64
		res := testing.Benchmark(func(b *testing.B) {
			var stop int32
			var other int64
			done := make(chan bool)
			go func() {
				for atomic.LoadInt32(&stop) == 0 {
					runtime.Gosched()
					other++
				}
				done <- true
			}()
			runtime.Gosched() // let the partner start
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				runtime.Gosched()
			}
			b.StopTimer()
			atomic.StoreInt32(&stop, 1)
			<-done
			yields = int64(b.N) + other
		})
		// every Gosched in the timed region: main's b.N plus the partner's (about b.N)
		fmt.Printf("gosched_2g_p1 %.3f\n", float64(res.T.Nanoseconds())/float64(2*res.N))
		_ = yields
	}
}
