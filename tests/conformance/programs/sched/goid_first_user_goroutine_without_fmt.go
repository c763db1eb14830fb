// rule: without fmt/os there is no finalizer goroutine: goids 1-4 are main, forcegc, bgsweep, bgscavenge, and the first goroutine main creates is goid 5 (proc.go: newproc1 goidcache)
// env: GOMAXPROCS=1
package main

import "runtime"

func main() {
	println("first goroutine will panic")
	go func() {
		panic("who am I")
	}()
	for {
		runtime.Gosched()
	}
}
