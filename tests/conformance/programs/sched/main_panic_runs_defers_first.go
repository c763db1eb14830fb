// rule: a panic in main runs main's deferred calls (LIFO) first, then prints "panic: <value>" and the goroutine 1 traceback to stderr and exits with status 2 (panic.go: gopanic, fatalpanic, exit(2))
// env: GOMAXPROCS=1
package main

import "fmt"

func cleanup(s string) {
	fmt.Println("deferred", s)
}

func main() {
	defer cleanup("a")
	defer cleanup("b")
	fmt.Println("start")
	panic("main failed")
}
