// rule: a select without default parks on every channel (pass 2) and is completed by the first counterpart: a goroutine sending on the second channel makes that case fire, and the first channel's sudog is dequeued so a later non-blocking send to it fails (select.go: selectgo passes 2 and 3)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		b <- 2
	}()
	got := ""
	select {
	case v := <-a:
		got = "a"
		_ = v
	case v := <-b:
		if v == 2 {
			got = "b"
		}
	}
	lateSend := false
	select {
	case a <- 1:
		lateSend = true
	default:
	}
	fmt.Println("case fired:", got, "send to a found a receiver:", lateSend)
}
