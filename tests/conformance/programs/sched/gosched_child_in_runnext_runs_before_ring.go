// rule: a G that spawns a child and then yields is overtaken by the child (runnext) before the older Gs in the ring; the yielder waits in the global queue (proc.go: newproc, goschedImpl, runqget)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	order := ""
	done := 0
	go func() {
		order += "x "
		done++
	}()
	go func() {
		order += "y1 "
		go func() {
			order += "child "
			done++
		}()
		runtime.Gosched()
		order += "y2 "
		done++
	}()
	for done < 3 {
		runtime.Gosched()
	}
	fmt.Println(order)
}
