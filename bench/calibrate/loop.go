// Cost of plain Go code: one loop iteration (i++, compare, branch, one add) and one
// non-inlined function call (reported with and without the loop overhead), GOMAXPROCS=1.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"testing"
	"time"
)

var sink int

//go:noinline
func add(a, b int) int {
	return a + b
}

func main() {
	reps := flag.Int("reps", 5, "repetitions")
	benchtime := flag.Duration("benchtime", 300*time.Millisecond, "time per repetition")
	flag.Parse()
	testing.Init()
	_ = flag.Set("test.benchtime", benchtime.String())
	runtime.GOMAXPROCS(1)
	for r := 0; r < *reps; r++ {
		loop := testing.Benchmark(func(b *testing.B) {
			s := 0
			for i := 0; i < b.N; i++ {
				s += i
			}
			sink = s
		})
		call := testing.Benchmark(func(b *testing.B) {
			s := 0
			for i := 0; i < b.N; i++ {
				s = add(s, i)
			}
			sink = s
		})
		l := float64(loop.T.Nanoseconds()) / float64(loop.N)
		c := float64(call.T.Nanoseconds()) / float64(call.N)
		fmt.Printf("loop_iteration %.4f\n", l)
		fmt.Printf("func_call_loop %.4f\n", c)
		fmt.Printf("func_call_net %.4f\n", c-l)
	}
}
