// rule: without fmt (so without package os) no finalizer G exists, the ring holds 256 user Gs and the 258th `go` overflows: 128 Gs + the kicked one go to the global queue (proc.go: runqputslow; fact 26b)
// env: GOMAXPROCS=1
package main

import "runtime"

func main() {
	n := 300
	pos := 0
	first := -1
	second := -1
	last := -1
	for i := 0; i < n; i++ {
		go func(id int) {
			if pos == 0 {
				first = id
			}
			if pos == 1 {
				second = id
			}
			last = id
			pos++
		}(i)
	}
	for pos < n {
		runtime.Gosched()
	}
	println("first:", first, "second:", second, "last:", last)
	println("ran:", pos)
}
