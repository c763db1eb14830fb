// rule: with one P a goroutine spinning in a call-free loop is preempted asynchronously by sysmon after its 10ms slice (forcePreemptNS) and put at the global queue tail, behind main (proc.go: sysmon retake, preemptone, gopreempt_m)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	order := ""
	stop := false
	done := false
	spins := 0
	go func() {
		order += "spin-start "
		for !stop {
			spins++
		}
		order += "spin-end "
		done = true
	}()
	runtime.Gosched()
	order += "main-resumed "
	stop = true
	for !done {
		runtime.Gosched()
	}
	fmt.Println(order)
	fmt.Println("spinner spun:", spins > 0)
}
