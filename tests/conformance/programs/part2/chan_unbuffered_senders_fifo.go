// rule: blocked senders queue on the channel's sendq in arrival order (a FIFO waitq), so senders that parked as 0,1,2,3,4 are received as [0 1 2 3 4] (chan.go: chansend enqueue on sendq; chanrecv dequeues sendq.first)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"runtime"
)

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n >= 10 {
		return itoa(n/10) + itoa(n%10)
	}
	switch n {
	case 0:
		return "0"
	case 1:
		return "1"
	case 2:
		return "2"
	case 3:
		return "3"
	case 4:
		return "4"
	case 5:
		return "5"
	case 6:
		return "6"
	case 7:
		return "7"
	case 8:
		return "8"
	}
	return "9"
}

func main() {
	ch := make(chan int)
	for i := 0; i < 5; i++ {
		go func(id int) {
			ch <- id
		}(i)
		runtime.Gosched()
	}
	got := "["
	for i := 0; i < 5; i++ {
		if i > 0 {
			got += " "
		}
		got += itoa(<-ch)
	}
	fmt.Println("received", got+"]")
}
