// rule: closing an already closed channel panics "close of closed channel" (chan.go: closechan "if c.closed != 0")
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ch := make(chan int)
	close(ch)
	fmt.Println("closing twice")
	close(ch)
}
