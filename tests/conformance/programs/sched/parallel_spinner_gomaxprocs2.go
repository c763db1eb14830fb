// rule: with two Ps, a goroutine spinning in a call-free loop runs on the other P (newproc -> wakep starts an M for the idle P) while main sleeps and wakes on its own P; main returning ends the program even though the spinner never stops (proc.go: wakep, runtime.main exit)
// env: GOMAXPROCS=2
package main

import (
	"fmt"
	"time"
)

func main() {
	started := false
	stop := false
	go func() {
		started = true
		n := 0
		for !stop {
			n++
		}
		fmt.Println("never printed", n)
	}()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main still runs; spinner started:", started)
}
