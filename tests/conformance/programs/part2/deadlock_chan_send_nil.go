// rule: a send on a nil channel parks forever with wait reason "chan send (nil chan)" and, with nothing else runnable, is reported as a deadlock (chan.go: chansend c == nil)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	var ch chan string
	fmt.Println("sending to nil")
	ch <- "x"
}
