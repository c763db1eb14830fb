// rule: the panic traceback lists every frame from the panicking function down to main.main, innermost first, each with its file:line (traceback.go)
// env: GOMAXPROCS=1
package main

import "fmt"

func level3(n int) int {
	if n > 2 {
		panic("too deep")
	}
	return n
}

func level2(n int) int {
	return level3(n+1) + 1
}

func level1(n int) int {
	return level2(n+1) + 1
}

func main() {
	fmt.Println("calling")
	fmt.Println(level1(1))
}
