// rule: a receive from a nil channel parks forever with wait reason "chan receive (nil chan)" and, with nothing else runnable, is reported as a deadlock (chan.go: chanrecv c == nil)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	var ch chan int
	fmt.Println("receiving from nil")
	<-ch
}
