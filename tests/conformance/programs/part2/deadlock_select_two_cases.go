// rule: a select with cases but no default that none can satisfy parks with wait reason "select" (not "select (no cases)") and is reported as a deadlock (select.go: selectgo gopark waitReasonSelect)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan string)
	fmt.Println("selecting")
	select {
	case v := <-a:
		fmt.Println("a", v)
	case b <- "x":
		fmt.Println("sent b")
	}
}
