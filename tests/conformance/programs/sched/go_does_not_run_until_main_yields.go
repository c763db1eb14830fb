// rule: `go f()` only queues the new G (runnext); with one P it runs when the creator blocks or yields, never at the go statement (proc.go: newproc)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	ran := false
	go func() {
		ran = true
	}()
	before := ran
	for i := 0; i < 1000; i++ {
		before = before || ran
	}
	runtime.Gosched()
	after := ran
	fmt.Println("before yield:", before)
	fmt.Println("after yield:", after)
}
