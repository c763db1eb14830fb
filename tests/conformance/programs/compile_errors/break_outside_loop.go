// rule: break outside a loop is a compile error
package main

import "fmt"

func main() {
	fmt.Println("x")
	break
}
