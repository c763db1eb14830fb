// rule: a buffered channel is a FIFO ring (sendx/recvx); a sender blocks only once the buffer is full and resumes after a receive makes room (chan.go: chansend buffer path, gopark on full)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	ch := make(chan int, 2)
	sent := 0
	go func() {
		for i := 1; i <= 3; i++ {
			ch <- i
			sent++
		}
	}()
	runtime.Gosched()
	sentWhileFull := sent
	lenWhileFull := len(ch)
	a := <-ch
	runtime.Gosched()
	sentAfterRoom := sent
	b := <-ch
	c := <-ch
	fmt.Println("sent while full:", sentWhileFull, "len:", lenWhileFull)
	fmt.Println("sent after one receive:", sentAfterRoom)
	fmt.Println("values:", a, b, c)
}
