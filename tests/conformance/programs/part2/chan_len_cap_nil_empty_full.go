// rule: len(ch) is the number of buffered elements (qcount) and cap(ch) the buffer size (dataqsiz); both are 0 for a nil channel and for an unbuffered one (chan.go: chanlen, chancap)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	var nilch chan int
	unbuf := make(chan int)
	buf := make(chan int, 3)
	fmt.Println("nil:", len(nilch), cap(nilch), nilch == nil)
	fmt.Println("unbuffered:", len(unbuf), cap(unbuf), unbuf == nil)
	fmt.Println("empty:", len(buf), cap(buf))
	buf <- 1
	fmt.Println("one:", len(buf), cap(buf))
	buf <- 2
	buf <- 3
	fmt.Println("full:", len(buf), cap(buf))
	<-buf
	fmt.Println("after receive:", len(buf), cap(buf))
	close(buf)
	fmt.Println("closed:", len(buf), cap(buf))
}
