// rule: two goroutines alternating over two unbuffered channels hand each value over directly and strictly alternate (chan.go: send/recv direct handoff with goready)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ping := make(chan int)
	pong := make(chan int)
	trace := ""
	go func() {
		for {
			v := <-ping
			trace += "i"
			if v >= 5 {
				close(pong)
				return
			}
			pong <- v + 1
		}
	}()
	v := 0
	ok := true
	for ok {
		ping <- v
		trace += "o"
		v, ok = <-pong
	}
	fmt.Println("trace:", trace, "last:", v)
}
