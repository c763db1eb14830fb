// rule: main parked sending on a full buffered channel is the deadlock "goroutine 1 [chan send]" (chan.go: chansend gopark waitReasonChanSend; proc.go: checkdead)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	ch <- 1
	fmt.Println("sending to a full channel")
	ch <- 2
}
