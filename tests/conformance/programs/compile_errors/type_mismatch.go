// rule: binary operators need identical operand types: int + string is "mismatched types"
package main

import "fmt"

func main() {
	n := 1
	s := "a"
	fmt.Println(n + s)
}
