// rule: goids are handed out in order from a per-P cache (batch 16); importing fmt (package os) creates the finalizer goroutine, so the first goroutine main creates is goid 6 (proc.go: newproc1 goidcache; mfinal.go: createfing)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("first goroutine will panic")
	go func() {
		panic("who am I")
	}()
	for {
		runtime.Gosched()
	}
}
