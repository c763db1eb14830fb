// rule: append grows a slice's capacity as growslice computes it: doubling below 256 elements, then (cap+3*256)/4 per step, the bytes rounded up to the size class (slice.go: growslice; msize.go: roundupsize)
// env: GOMAXPROCS=1
// subset: part3 (slices)
package main

import "fmt"

func main() {
	var a []int
	c := -1
	for i := 0; i < 5000; i++ {
		a = append(a, i)
		if cap(a) != c {
			c = cap(a)
			fmt.Print(c, " ")
		}
	}
	fmt.Println()
	var b []byte
	c = -1
	for i := 0; i < 5000; i++ {
		b = append(b, 'x')
		if cap(b) != c {
			c = cap(b)
			fmt.Print(c, " ")
		}
	}
	fmt.Println()
	var s []string
	c = -1
	for i := 0; i < 3000; i++ {
		s = append(s, "s")
		if cap(s) != c {
			c = cap(s)
			fmt.Print(c, " ")
		}
	}
	fmt.Println()
	x := append([]int{}, 1, 2, 3, 4, 5)
	fmt.Println(len(x), cap(x))
	y := append([]int{1, 2, 3}, 4)
	fmt.Println(len(y), cap(y))
	z := append(make([]int, 5, 5), 1, 2, 3, 4, 5, 6, 7)
	fmt.Println(len(z), cap(z))
	w := append([]byte{}, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	fmt.Println(len(w), cap(w))
}
