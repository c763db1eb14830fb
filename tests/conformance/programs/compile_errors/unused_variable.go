// rule: a local variable that is declared and never used is a compile error (types2: "x declared but not used" in 1.19)
package main

import "fmt"

func main() {
	x := 1
	y := 2
	fmt.Println(y)
}
