// rule: a new goroutine may reuse a dead G from the free list (gfget) but always gets a fresh goid, so goids keep increasing (proc.go: newproc1, gfget)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	done := 0
	for i := 0; i < 3; i++ {
		go func() {
			done++
		}()
	}
	for done < 3 {
		runtime.Gosched()
	}
	fmt.Println("3 goroutines exited; the 4th will panic")
	go func() {
		panic("fourth")
	}()
	for {
		runtime.Gosched()
	}
}
