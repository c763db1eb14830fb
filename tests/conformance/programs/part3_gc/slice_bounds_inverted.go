// rule: s[lo:hi] with lo > hi panics "slice bounds out of range [lo:hi]" (panic.go: goPanicSliceB), exit status 2
// env: GOMAXPROCS=1
// subset: part3 (slices)
package main

import "fmt"

func main() {
	s := []int{1, 2, 3, 4}
	lo, hi := 3, 2
	fmt.Println(len(s[lo:]))
	fmt.Println(len(s[lo:hi]))
}
