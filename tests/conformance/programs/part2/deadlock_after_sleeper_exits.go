// rule: once the only sleeping goroutine wakes and exits without sending, no timer is pending and main parked in chan receive is a deadlock; the report lists only main (proc.go: checkdead)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int)
	go func() {
		time.Sleep(20 * time.Millisecond)
	}()
	fmt.Println("waiting for a value that never comes")
	<-ch
}
