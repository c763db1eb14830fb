// rule: integer division by zero panics with the runtime error "integer divide by zero" (exit status 2); an inlined callee still shows as its own frame (panic.go: panicdivide)
// env: GOMAXPROCS=1
package main

import "fmt"

func div(a int, b int) int {
	return a / b
}

func main() {
	x := 0
	fmt.Println("10/2 =", div(10, 2))
	fmt.Println(div(10, x))
}
