// rule: a call with too few arguments is a compile error with have/want continuation lines
package main

import "fmt"

func add(a int, b int) int {
	return a + b
}

func main() {
	fmt.Println(add(1))
}
