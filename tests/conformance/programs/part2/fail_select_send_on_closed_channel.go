// rule: a select whose send case is on a closed channel panics "send on closed channel" in pass 1 when it polls that case, even with a default present (select.go: selectgo "sclose")
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	close(ch)
	var never chan int
	fmt.Println("select with a send on a closed channel")
	select {
	case ch <- 1:
		fmt.Println("sent")
	case <-never:
		fmt.Println("never")
	}
}
