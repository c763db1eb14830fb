// rule: when any case is ready the default is never taken: a buffered value, a closed channel and a parked sender each make the receive case win (select.go: selectgo pass 1 scans every case before falling back to default)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	buffered := make(chan int, 1)
	buffered <- 42
	closed := make(chan int)
	close(closed)
	unbuf := make(chan int)
	go func() {
		unbuf <- 7
	}()
	runtime.Gosched()
	out := ""
	select {
	case v := <-buffered:
		if v == 42 {
			out += "buffered "
		}
	default:
		out += "default "
	}
	select {
	case v, ok := <-closed:
		if v == 0 && !ok {
			out += "closed "
		}
	default:
		out += "default "
	}
	select {
	case v := <-unbuf:
		if v == 7 {
			out += "sender"
		}
	default:
		out += "default"
	}
	fmt.Println(out)
}
