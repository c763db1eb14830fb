// rule: a G already in runnext when close readies the parked receivers is kicked to the ring tail by the first goready, ahead of the other woken receivers: receivers 1,2,3 plus a fresh goroutine 9 run as 1,9,3,2 (chan.go: closechan gList; proc.go: runqput next=true)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func main() {
	a := make(chan int)
	order := 0
	done := 0
	for i := 1; i <= 3; i++ {
		go func(id int) {
			<-a
			order = order*10 + id
			done++
		}(i)
		runtime.Gosched()
	}
	go func() {
		order = order*10 + 9
		done++
	}()
	close(a)
	for done < 4 {
		runtime.Gosched()
	}
	fmt.Println("order:", order)
}
