// rule: make(chan T, n) with a negative n known only at run time panics "makechan: size out of range"; in Go 1.19 it is a plainError, so there is no "runtime error: " prefix (chan.go: makechan)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func size(n int) int {
	return n - 3
}

func main() {
	n := size(2)
	fmt.Println("make(chan int,", n, ")")
	ch := make(chan int, n)
	fmt.Println("not reached", cap(ch))
}
