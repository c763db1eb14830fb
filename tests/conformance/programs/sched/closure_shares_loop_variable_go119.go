// rule: in Go 1.19 a for-loop variable is shared by all iterations, so goroutine closures that run after the loop all see its final value (changed in Go 1.22)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	sum := 0
	done := 0
	for i := 0; i < 3; i++ {
		go func() {
			sum = sum*10 + i
			done++
		}()
	}
	for done < 3 {
		runtime.Gosched()
	}
	fmt.Println("digits seen:", sum)
}
