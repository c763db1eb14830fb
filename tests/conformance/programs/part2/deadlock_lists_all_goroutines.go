// rule: the deadlock traceback lists every blocked user goroutine (system goroutines such as the finalizer G are hidden), main first, each with its wait reason and "created by" line (proc.go: checkdead; traceback.go: tracebackothers)
// env: GOMAXPROCS=1
// subset: part2 (select {})
package main

import (
	"fmt"
	"runtime"
)

func blocker() {
	select {}
}

func main() {
	fmt.Println("two goroutines block, then main")
	go blocker()
	go func() {
		select {}
	}()
	runtime.Gosched()
	select {}
}
