// rule: a receive and a send on a nil channel park their goroutines forever (gopark with waitReasonChanReceiveNilChan / ChanSendNilChan), but the program still exits 0 when main returns (chan.go: chanrecv/chansend c == nil; proc.go: main exits)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	var nilch chan int
	reached := 0
	go func() {
		<-nilch
		reached++
	}()
	go func() {
		nilch <- 1
		reached++
	}()
	runtime.Gosched()
	runtime.Gosched()
	fmt.Println("goroutines:", runtime.NumGoroutine(), "reached after nil op:", reached)
}
