// rule: a bidirectional channel converts implicitly to send-only (chan<- T) and receive-only (<-chan T) parameters; the runtime sees the same hchan (spec: channel types; chan.go)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func produce(out chan<- int, n int) {
	for i := 1; i <= n; i++ {
		out <- i * i
	}
	close(out)
}

func consume(in <-chan int, result chan<- int) {
	sum := 0
	for v := range in {
		sum += v
	}
	result <- sum
}

func main() {
	ch := make(chan int)
	result := make(chan int)
	go produce(ch, 4)
	go consume(ch, result)
	fmt.Println("sum of squares:", <-result)
}
