// rule: s[lo:hi] with hi > cap panics "slice bounds out of range [:hi] with capacity c" (panic.go: goPanicSliceAcap), exit status 2
// env: GOMAXPROCS=1
// subset: part3 (slices)
package main

import "fmt"

func main() {
	s := make([]int, 3, 4)
	n := 4
	fmt.Println(len(s[1:n]))
	n = 6
	fmt.Println(len(s[:n]))
}
