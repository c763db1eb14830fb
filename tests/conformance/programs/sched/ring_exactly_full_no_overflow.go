// rule: 256 `go` statements leave runnext + 255 user Gs + the finalizer G = a full ring without overflow, so everything runs from the local queue: newest first, then FIFO (proc.go: runqput, runqputslow only when t-h == 256)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	n := 256
	pos := 0
	first := -1
	second := -1
	last := -1
	inorder := true
	prev := -1
	for i := 0; i < n; i++ {
		go func(id int) {
			if pos == 0 {
				first = id
			}
			if pos == 1 {
				second = id
			}
			if pos > 0 {
				if id != prev+1 {
					inorder = false
				}
				prev = id
			} else {
				prev = -1
			}
			last = id
			pos++
		}(i)
	}
	for pos < n {
		runtime.Gosched()
	}
	fmt.Println("first:", first, "second:", second, "last:", last, "rest in order:", inorder)
}
