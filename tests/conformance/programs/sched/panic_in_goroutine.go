// rule: an unrecovered panic in any goroutine kills the process with exit status 2 and prints only that goroutine's stack with its "created by" line; with fmt imported the first user goroutine is goid 6 (goids 1-5: main, forcegc, bgsweep, bgscavenge, finalizer) (panic.go: fatalpanic; traceback.go)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func worker(id int) {
	if id == 2 {
		panic("worker 2 failed")
	}
}

func main() {
	fmt.Println("start")
	go worker(1)
	go worker(2)
	for {
		runtime.Gosched()
	}
}
