// rule: the deadlock report lists main first and then every user goroutine in creation (allgs) order, each with its own wait reason: chan send, chan receive (nil chan), select, select (no cases), chan send (nil chan) (proc.go: checkdead; traceback.go: tracebackothers)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	full := make(chan int)
	other := make(chan string)
	var nilch chan int
	fmt.Println("five goroutines park")
	go func() {
		full <- 1
	}()
	go func() {
		<-nilch
	}()
	go func() {
		select {
		case <-other:
		case nilch <- 1:
		}
	}()
	go func() {
		select {}
	}()
	go func() {
		nilch <- 2
	}()
	runtime.Gosched()
	<-nilch
}
