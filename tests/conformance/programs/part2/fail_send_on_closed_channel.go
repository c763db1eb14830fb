// rule: a send on a closed channel panics "send on closed channel" (a runtime plainError, so no "runtime error:" prefix) and the program exits with status 2 (chan.go: chansend "if c.closed != 0")
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	close(ch)
	fmt.Println("sending on a closed channel")
	ch <- 1
	fmt.Println("not reached")
}
