// Channel ping-pong: two goroutines bounce a value N times over two unbuffered channels.
//
// main sends the value on ping; the echo goroutine, parked in its receive, gets it by
// direct handoff (chan.go send: the sender copies into the receiver's stack and readies
// it into its own P's runnext), adds one and sends it back on pong, where main is parked.
// Every round trip is two handoffs, two parks and two context switches. One op is one
// round trip. At the end main closes ping, which ends the echo goroutine's range loop.
//
// bench/bench_chan.py replaces the constant below: keep it on its own line.
package main

import "fmt"

const N = 100000 // round trips

func main() {
	ping := make(chan int)
	pong := make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	v := 0
	sum := 0
	for i := 0; i < N; i++ {
		ping <- v
		v = <-pong
		sum += v
	}
	close(ping)
	fmt.Println("pingpong", N, "value", v, "sum", sum)
}
