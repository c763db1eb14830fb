// rule: assigning a value of the wrong type is a compile error ("cannot use ... as int value in assignment")
package main

import "fmt"

func main() {
	n := 1
	n = "two"
	fmt.Println(n)
}
