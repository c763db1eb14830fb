// rule: a runtime error in a goroutine prints that goroutine's id and its "created by" frame; here the goroutines run runnext-first, then FIFO, and the third one created (goid 8) divides by zero (panic.go: panicdivide; traceback.go: printcreatedby)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func share(total int, parts int) int {
	return total / parts
}

func main() {
	fmt.Println("spawning")
	sum := 0
	for i := 0; i < 4; i++ {
		go func(parts int) {
			sum += share(12, parts)
		}(2 - i)
	}
	for {
		runtime.Gosched()
	}
}
