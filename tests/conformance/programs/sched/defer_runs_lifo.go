// rule: deferred calls run last-in first-out when the function returns, with arguments evaluated at the defer statement; a function's result is computed before its defers run (spec: Defer statements; panic.go: deferreturn)
// env: GOMAXPROCS=1
package main

import "fmt"

func say(s string, n int) {
	fmt.Println(s, n)
}

func work(x int) int {
	defer say("first defer saw", x)
	x = x * 2
	defer say("second defer saw", x)
	for i := 0; i < 3; i++ {
		defer say("loop defer", i)
	}
	fmt.Println("work returns", x+1)
	return x + 1
}

func main() {
	r := work(5)
	fmt.Println("main got", r)
}
