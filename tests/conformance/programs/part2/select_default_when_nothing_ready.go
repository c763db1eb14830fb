// rule: a select with a default whose cases are all not ready (empty channel to receive from, full channel to send to) takes the default without blocking (select.go: selectgo pass 1 returns -1 when block=false; chan.go: selectnbrecv/selectnbsend)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	empty := make(chan int)
	full := make(chan int, 1)
	full <- 1
	got := ""
	select {
	case v := <-empty:
		got += "recv "
		_ = v
	default:
		got += "default1 "
	}
	select {
	case full <- 2:
		got += "sent "
	default:
		got += "default2 "
	}
	select {
	case <-empty:
		got += "recv "
	case full <- 3:
		got += "sent "
	default:
		got += "default3"
	}
	fmt.Println(got, "len(full):", len(full))
}
