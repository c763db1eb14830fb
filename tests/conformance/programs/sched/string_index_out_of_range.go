// rule: indexing a string out of range panics "runtime error: index out of range [5] with length 3" (panic.go: goPanicIndex)
// env: GOMAXPROCS=1
package main

import "fmt"

func main() {
	s := "abc"
	i := 5
	fmt.Println("s[1] =", s[1])
	fmt.Println(s[i])
}
