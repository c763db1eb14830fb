// rule: a goroutine's child lands in runnext of the same P and runs as soon as the parent exits, ahead of older Gs in the ring (proc.go: newproc, goexit0 -> schedule -> runqget)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	order := 0
	done := 0
	for i := 1; i <= 3; i++ {
		go func(id int) {
			go func(c int) {
				order = order*100 + c
				done++
			}(id*10 + 1)
			order = order*100 + id*10
			done++
		}(i)
	}
	for done < 6 {
		runtime.Gosched()
	}
	fmt.Println("order:", order)
}
