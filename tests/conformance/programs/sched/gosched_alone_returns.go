// rule: Gosched with no other runnable G puts main on the global queue and schedule() picks it straight back (proc.go: goschedImpl, findRunnable)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	count := 0
	for i := 0; i < 1000; i++ {
		runtime.Gosched()
		count++
	}
	fmt.Println("yields:", count, "goroutines:", runtime.NumGoroutine())
}
