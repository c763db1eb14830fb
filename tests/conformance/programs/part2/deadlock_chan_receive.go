// rule: main parked receiving on a channel nobody will send to is the deadlock "goroutine 1 [chan receive]" (chan.go: chanrecv gopark waitReasonChanReceive; proc.go: checkdead)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ch := make(chan int)
	fmt.Println("receiving")
	<-ch
}
