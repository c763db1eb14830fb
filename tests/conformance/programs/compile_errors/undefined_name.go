// rule: using an undeclared name is a compile error ("undefined: name")
package main

import "fmt"

func main() {
	count := 3
	fmt.Println(count + total)
}
