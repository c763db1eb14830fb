// rule: closing a nil channel panics "close of nil channel" (chan.go: closechan "if c == nil")
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	var ch chan int
	fmt.Println("closing nil")
	close(ch)
}
