// rule: two ready send cases on the same channel are also chosen at random (TestPseudoRandomSend's shape): over 1000 selects both values are sent, at least 300 times each, 1000 in total (select.go: selectgo pollorder)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	c := make(chan int, 1)
	zeros := 0
	ones := 0
	for i := 0; i < 1000; i++ {
		select {
		case c <- 0:
		case c <- 1:
		}
		if <-c == 0 {
			zeros++
		} else {
			ones++
		}
	}
	fmt.Println("both sent:", zeros > 0 && ones > 0, "each at least 300:", zeros >= 300 && ones >= 300, "total:", zeros+ones)
}
