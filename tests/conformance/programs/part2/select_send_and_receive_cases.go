// rule: one select may mix send and receive cases; only the ready one can fire, alternately the send (buffer room, nothing to receive) and the receive (buffer full, a value waiting) (select.go: selectgo pass 1 send case bufsend / recv case bufrecv)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	out := make(chan int, 1)
	in := make(chan int, 1)
	trace := ""
	sum := 0
	for i := 0; i < 4; i++ {
		select {
		case out <- i:
			trace += "send "
		case v := <-in:
			trace += "recv "
			sum += v
		}
		if i%2 == 0 {
			in <- 9
		} else {
			sum += <-out
		}
	}
	fmt.Println(trace, "sum", sum, "len", len(out), len(in))
}
