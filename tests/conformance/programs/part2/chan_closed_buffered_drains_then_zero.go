// rule: a closed buffered channel still delivers its buffered values with ok=true; once empty every receive returns the zero value with ok=false at once (chan.go: chanrecv "closed and qcount == 0")
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	ch <- 3
	close(ch)
	l := len(ch)
	v1, ok1 := <-ch
	v2, ok2 := <-ch
	v3, ok3 := <-ch
	v4, ok4 := <-ch
	v5, ok5 := <-ch
	fmt.Println("len after close:", l)
	fmt.Println(v1, ok1, v2, ok2, v3, ok3, v4, ok4, v5, ok5)
	fmt.Println("len at end:", len(ch), "cap:", cap(ch))
}
