// rule: a goroutine parked sending on one channel while main waits on another: checkdead reports both, main "[chan receive]" and the goroutine "[chan send]" with its "created by" line (proc.go: checkdead)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		a <- 1
	}()
	fmt.Println("main waits on b")
	<-b
}
