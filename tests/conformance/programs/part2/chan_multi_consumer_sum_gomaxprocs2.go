// rule: with two Ps, 4 producers x 250 values over one buffered channel and 3 consumers: every value is received exactly once, so count and sum are fixed although the interleaving is not (TestMultiConsumer's shape; chan.go: lock-protected sendq/recvq/buffer)
// env: GOMAXPROCS=2
// subset: part2 (channels)
package main

import (
	"fmt"
	"sync"
)

func main() {
	work := make(chan int, 8)
	results := make(chan int)
	var producers sync.WaitGroup
	for p := 0; p < 4; p++ {
		producers.Add(1)
		go func(base int) {
			for i := 1; i <= 250; i++ {
				work <- base + i
			}
			producers.Done()
		}(p * 1000)
	}
	for c := 0; c < 3; c++ {
		go func() {
			sum := 0
			n := 0
			for v := range work {
				sum += v
				n++
			}
			results <- sum*10000 + n
		}()
	}
	producers.Wait()
	close(work)
	total := 0
	count := 0
	for c := 0; c < 3; c++ {
		r := <-results
		total += r / 10000
		count += r % 10000
	}
	fmt.Println("received", count, "values, sum", total)
}
