// rule: a deferred call that panics while the goroutine is already panicking chains the panics: "panic: first" then "\tpanic: second", and the traceback shows the runtime panic frame (panic.go: printpanics)
// env: GOMAXPROCS=1
package main

import "fmt"

func explode() {
	panic("second")
}

func main() {
	defer explode()
	fmt.Println("start")
	panic("first")
}
