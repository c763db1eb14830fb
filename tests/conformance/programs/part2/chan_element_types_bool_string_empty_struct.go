// rule: channels of bool, string and struct{} carry their values (struct{} has size 0: only the synchronisation is transferred) and receive the zero value after close (chan.go: typedmemmove of elemsize bytes, elemsize 0 allowed)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	b := make(chan bool, 2)
	s := make(chan string)
	done := make(chan struct{})
	go func() {
		s <- "hello"
		s <- "world"
		close(s)
	}()
	b <- true
	b <- false
	go func() {
		done <- struct{}{}
	}()
	<-done
	close(done)
	_, okDone := <-done
	first := <-s
	second := <-s
	third, okS := <-s
	fmt.Println(<-b, <-b, len(b))
	fmt.Printf("%q %q %q %v\n", first, second, third, okS)
	fmt.Println("struct{} channel closed ok:", okDone)
}
