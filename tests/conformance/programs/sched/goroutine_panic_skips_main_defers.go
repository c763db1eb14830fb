// rule: a panicking goroutine runs its own deferred calls (LIFO) before dying; other goroutines' defers, including main's, never run (panic.go: gopanic, fatalpanic)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func say(s string) {
	fmt.Println(s)
}

func worker() {
	defer say("worker deferred 1")
	defer say("worker deferred 2")
	panic("worker gives up")
}

func main() {
	defer say("main deferred")
	fmt.Println("main starts worker")
	go worker()
	for {
		runtime.Gosched()
	}
}
