// rule: `for v := range ch` receives until the channel is closed and drained, then the loop ends (chan.go: chanrecv returns received=false on closed empty channel)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	go func() {
		for i := 1; i <= 6; i++ {
			ch <- i
		}
		close(ch)
	}()
	sum := 0
	order := 0
	n := 0
	for v := range ch {
		sum += v
		order = order*10 + v
		n++
	}
	fmt.Println("received", n, "values, order", order, "sum", sum)
}
