// rule: cases on nil channels are left out of the poll order, so they are never chosen, even though a nil receive and a nil send sit next to a ready case in 1000 selects (select.go: selectgo "omit cases without channels from the poll and lock orders")
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	var nilRecv chan int
	var nilSend chan int
	ready := make(chan int, 1)
	nilChosen := 0
	readyChosen := 0
	for i := 0; i < 1000; i++ {
		ready <- i
		select {
		case <-nilRecv:
			nilChosen++
		case nilSend <- 1:
			nilChosen++
		case <-ready:
			readyChosen++
		}
	}
	defaults := 0
	for i := 0; i < 10; i++ {
		select {
		case <-nilRecv:
			nilChosen++
		case nilSend <- 1:
			nilChosen++
		default:
			defaults++
		}
	}
	fmt.Println("nil chosen:", nilChosen, "ready chosen:", readyChosen, "defaults:", defaults)
}
