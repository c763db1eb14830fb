// rule: Gosched puts the caller at the tail of the global queue; with the local queue empty, globrunqget moves the whole global queue (n = min(len, len/gomaxprocs+1, 128)) in FIFO order (proc.go: goschedImpl, globrunqget)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	order := ""
	done := 0
	for i := 0; i < 3; i++ {
		name := "x"
		if i == 1 {
			name = "y"
		} else if i == 2 {
			name = "z"
		}
		go func(n string) {
			order += n + "1 "
			runtime.Gosched()
			order += n + "2 "
			runtime.Gosched()
			order += n + "3 "
			done++
		}(name)
	}
	for done < 3 {
		runtime.Gosched()
	}
	fmt.Println(order)
}
