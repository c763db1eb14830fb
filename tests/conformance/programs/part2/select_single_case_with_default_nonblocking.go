// rule: a one-case select with default is a non-blocking operation (selectnbsend/selectnbrecv): it succeeds while the buffer has room or data and takes the default otherwise, never parking (chan.go: selectnbsend, selectnbrecv; chansend/chanrecv block=false fast path)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	ch := make(chan int, 3)
	sent := 0
	for i := 0; i < 5; i++ {
		select {
		case ch <- i:
			sent++
		default:
		}
	}
	received := 0
	sum := 0
	for i := 0; i < 5; i++ {
		select {
		case v := <-ch:
			received++
			sum += v
		default:
		}
	}
	fmt.Println("sent", sent, "received", received, "sum", sum)
}
