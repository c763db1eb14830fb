// rule: the local ring has 256 slots; when a kicked runnext G finds it full, runqputslow moves the ring's first 128 Gs plus that G (129) to the global queue; the finalizer G (created by package os, which fmt imports) holds one ring slot, so the 257th `go` overflows (proc.go: runqput, runqputslow; fact 26b)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	n := 300
	pos := 0
	first := -1
	second := -1
	last := -1
	pos127 := -1
	pos298 := -1
	pos255 := -1
	for i := 0; i < n; i++ {
		go func(id int) {
			if pos == 0 {
				first = id
			}
			if pos == 1 {
				second = id
			}
			if id == 127 {
				pos127 = pos
			}
			if id == 298 {
				pos298 = pos
			}
			if id == 255 {
				pos255 = pos
			}
			last = id
			pos++
		}(i)
	}
	for pos < n {
		runtime.Gosched()
	}
	fmt.Println("first:", first, "second:", second, "last:", last)
	fmt.Println("127 ran at position", pos127, "and 298 ran before 255:", pos298 < pos255)
	fmt.Println("ran:", pos)
}
