// Cost of fmt.Println("hello", 42) with stdout on /dev/null (one write syscall each), and of
// concatenating two short strings (a + b, 5 bytes each: one small allocation), GOMAXPROCS=1.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

var sinkS string

func main() {
	reps := flag.Int("reps", 5, "repetitions")
	benchtime := flag.Duration("benchtime", 300*time.Millisecond, "time per repetition")
	flag.Parse()
	testing.Init()
	_ = flag.Set("test.benchtime", benchtime.String())
	runtime.GOMAXPROCS(1)
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		panic(err)
	}
	realStdout := os.Stdout
	for r := 0; r < *reps; r++ {
		os.Stdout = devnull
		res := testing.Benchmark(func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				fmt.Println("hello", 42)
			}
		})
		os.Stdout = realStdout
		fmt.Printf("println_devnull %.3f\n", float64(res.T.Nanoseconds())/float64(res.N))
	}
	a, c := "hello", "world"
	for r := 0; r < *reps; r++ {
		res := testing.Benchmark(func(b *testing.B) {
			x, y := a, c
			for i := 0; i < b.N; i++ {
				sinkS = x + y
			}
		})
		fmt.Printf("concat_short %.3f\n", float64(res.T.Nanoseconds())/float64(res.N))
	}
}
