// rule: a slice expression shares the backing array (cap = cap - lo); append within capacity writes into it, beyond capacity copies to a new array (slice.go: growslice)
// env: GOMAXPROCS=1
// subset: part3 (slices)
package main

import "fmt"

func main() {
	a := make([]int, 5, 8)
	for i := 0; i < len(a); i++ {
		a[i] = i * 10
	}
	b := a[1:3]
	fmt.Println(len(b), cap(b), b[0], b[1])
	b = append(b, 99)
	fmt.Println(a[3], len(a), cap(a))
	c := a[2:]
	fmt.Println(len(c), cap(c))
	c = append(c, 1, 2, 3, 4)
	c[0] = -1
	fmt.Println(a[2], c[0], len(c), cap(c))
	var n []int
	fmt.Println(n == nil, len(n), cap(n))
	n = a[:0]
	fmt.Println(n == nil, len(n), cap(n))
	total := 0
	for i := 0; i < len(a); i++ {
		total += a[i]
	}
	fmt.Println(total)
}
