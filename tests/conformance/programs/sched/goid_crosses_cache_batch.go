// rule: goids stay consecutive across the 16-goid cache batches on one P; the goroutine created 21st (i == 20) is goid 26 with fmt imported (proc.go: newproc1, _GoidCacheBatch)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func check(i int) {
	if i == 20 {
		panic("goroutine 20 of 40")
	}
}

func main() {
	fmt.Println("spawning 40")
	for i := 0; i < 40; i++ {
		go check(i)
	}
	for {
		runtime.Gosched()
	}
}
