// rule: indexing a slice at or past its length panics "index out of range [i] with length n" (panic.go: goPanicIndex), exit status 2
// env: GOMAXPROCS=1
// subset: part3 (slices)
package main

import "fmt"

func get(s []int, i int) int {
	return s[i]
}

func main() {
	s := []int{1, 2, 3}
	fmt.Println(get(s, 2))
	fmt.Println(get(s, 5))
}
