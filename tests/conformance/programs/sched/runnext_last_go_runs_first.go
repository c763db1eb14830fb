// rule: newproc puts each new G in runnext and kicks the previous runnext G to the ring tail, so the last `go` runs first and the rest run FIFO (proc.go: newproc, runqput next=true)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	order := 0
	done := 0
	for i := 1; i <= 5; i++ {
		go func(id int) {
			order = order*10 + id
			done++
		}(i)
	}
	for done < 5 {
		runtime.Gosched()
	}
	fmt.Println("run order:", order)
}
