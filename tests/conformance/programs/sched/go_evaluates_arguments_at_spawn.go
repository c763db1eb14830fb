// rule: the arguments of a go statement are evaluated when it executes, not when the goroutine runs (spec: Go statements; newproc copies the args)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	x := 1
	seen := 0
	done := false
	go func(v int) {
		seen = v
		done = true
	}(x * 10)
	x = 5
	for !done {
		runtime.Gosched()
	}
	fmt.Println("x now:", x, "goroutine saw:", seen)
}
