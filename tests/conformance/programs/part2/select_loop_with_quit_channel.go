// rule: a worker looping on select over a data channel and a quit channel handles every value a blocked sender offers before a later close of quit: only one case is ever ready at a time here, so the order is fixed (select.go: selectgo; chan.go: closechan wakes the parked select)
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	data := make(chan int)
	quit := make(chan bool)
	finished := make(chan int)
	go func() {
		sum := 0
		n := 0
		for {
			select {
			case v := <-data:
				sum += v
				n++
			case <-quit:
				finished <- sum*100 + n
				return
			}
		}
	}()
	for i := 1; i <= 5; i++ {
		data <- i
	}
	close(quit)
	r := <-finished
	fmt.Println("sum", r/100, "count", r%100)
}
