// rule: senders spawned back to back block in the order they first run: the last `go` (runnext) parks first, then the others in FIFO ring order, and the unbuffered channel hands values over in that sendq order (proc.go: runqput next=true; chan.go: sendq FIFO)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ch := make(chan int)
	for i := 1; i <= 5; i++ {
		go func(id int) {
			ch <- id
		}(i)
	}
	order := 0
	for i := 0; i < 5; i++ {
		order = order*10 + <-ch
	}
	fmt.Println("received in order:", order)
}
