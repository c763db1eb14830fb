// rule: panic with a non-string value prints it with print's formatting: "panic: 42" (panic.go: printpanicval)
// env: GOMAXPROCS=1
package main

import "fmt"

func main() {
	x := 40
	fmt.Println("about to panic")
	panic(x + 2)
}
