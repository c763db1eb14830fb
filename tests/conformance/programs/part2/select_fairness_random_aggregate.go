// rule: when several cases are ready the choice is uniformly random (fastrandn inside-out shuffle of pollorder), so over 1000 selects with both channels always ready each case wins at least 300 times and the counts sum to 1000; exact counts differ between runs and are not printed (select.go: selectgo pollorder)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	a := make(chan int, 1)
	b := make(chan int, 1)
	na := 0
	nb := 0
	for i := 0; i < 1000; i++ {
		if len(a) == 0 {
			a <- 1
		}
		if len(b) == 0 {
			b <- 2
		}
		select {
		case <-a:
			na++
		case <-b:
			nb++
		}
	}
	fmt.Println("both chosen at least once:", na > 0 && nb > 0)
	fmt.Println("each at least 300:", na >= 300 && nb >= 300)
	fmt.Println("total:", na+nb)
}
