// rule: goroutines that sleep and then send on one channel arrive in deadline order, not spawn order (deadlines 20 ms apart as in sleep_orders_wakeups) (time.go: timer heap; chan.go: recvq FIFO)
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int)
	sleeper := func(id int, d time.Duration) {
		time.Sleep(d)
		ch <- id
	}
	go sleeper(3, 65*time.Millisecond)
	go sleeper(1, 25*time.Millisecond)
	go sleeper(4, 85*time.Millisecond)
	go sleeper(2, 45*time.Millisecond)
	order := 0
	for i := 0; i < 4; i++ {
		order = order*10 + <-ch
	}
	fmt.Println("arrival order:", order)
}
