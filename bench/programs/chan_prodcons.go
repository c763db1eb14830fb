// Producers and consumers: P producers send N items in total (1..N) on one buffered
// channel of capacity B; C consumers receive until it is closed and report what they got.
//
// Producer p sends p+1, p+1+P, p+1+2P, ... up to N. A producer that finds the buffer full
// parks on the channel's sendq; a consumer that empties it parks on the recvq; a receive
// from a full buffer with a sender waiting takes the head and moves the sender's value in
// (chan.go recv). The course's subset has no sync package, so main waits for the producers
// on a done channel, closes the items channel (which wakes the parked consumers), then
// collects each consumer's count and sum. One op is one item (sent once, received once).
//
// bench/bench_chan.py replaces the constants below: keep them one per line.
package main

import "fmt"

const P = 4      // producers
const C = 4      // consumers
const B = 64     // capacity of the items channel
const N = 100000 // items in total

func main() {
	items := make(chan int, B)
	done := make(chan bool)
	counts := make(chan int, C)
	sums := make(chan int, C)
	for p := 0; p < P; p++ {
		go func(first int) {
			for x := first; x <= N; x += P {
				items <- x
			}
			done <- true
		}(p + 1)
	}
	for c := 0; c < C; c++ {
		go func() {
			n := 0
			s := 0
			for x := range items {
				n++
				s += x
			}
			counts <- n
			sums <- s
		}()
	}
	for p := 0; p < P; p++ {
		<-done
	}
	close(items)
	got := 0
	sum := 0
	for c := 0; c < C; c++ {
		got += <-counts
		sum += <-sums
	}
	fmt.Println("prodcons", P, C, B, "items", got, "sum", sum)
}
