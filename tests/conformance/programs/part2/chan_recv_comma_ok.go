// rule: `v, ok := <-ch` gives ok=true for every value sent (even a zero value) and (zero, false) only once the channel is closed and empty (chan.go: chanrecv received result)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	ch <- 0
	ch <- 5
	v1, ok1 := <-ch
	v2, ok2 := <-ch
	close(ch)
	v3, ok3 := <-ch
	s := make(chan string, 1)
	s <- ""
	close(s)
	w1, okw1 := <-s
	w2, okw2 := <-s
	fmt.Println(v1, ok1, v2, ok2, v3, ok3)
	fmt.Printf("%q %v %q %v\n", w1, okw1, w2, okw2)
}
