// rule: the three for forms with break/continue, closures that capture and update variables, and string concatenation behave as in Go (spec; no scheduling involved)
// env: GOMAXPROCS=1
package main

import "fmt"

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	total := 0
	for i := 0; i < 10; i++ {
		if i%2 == 0 {
			continue
		}
		if i > 7 {
			break
		}
		total += i
	}
	j := 0
	for j < 5 {
		j += 2
	}
	k := 0
	for {
		k++
		if k == 4 {
			break
		}
	}
	counter := 0
	inc := func(by int) int {
		counter += by
		return counter
	}
	inc(3)
	inc(4)
	s := ""
	for c := 0; c < 3; c++ {
		s = s + "ab"
	}
	fmt.Println(total, j, k, counter, s, len(s), fib(15), -7/2, -7%2, 7/2, 1<<10)
	fmt.Printf("%v %t %q %s\n", total > 10, j == 6, s, "done")
}
