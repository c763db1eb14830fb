// rule: every 61st schedule (schedtick % 61 == 0) takes one G from the global queue before the local one, so a G that yielded does not wait for a long local queue to drain (proc.go: findRunnable step 4, execute schedtick++)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	n := 200
	done := 0
	for i := 0; i < n; i++ {
		go func() {
			done++
		}()
	}
	runtime.Gosched()
	seen := done
	for done < n {
		runtime.Gosched()
	}
	fmt.Println("main resumed before the local queue drained:", seen < n)
	fmt.Println("main waited at most 61 schedticks:", seen <= 61)
	fmt.Println("finished:", done)
}
