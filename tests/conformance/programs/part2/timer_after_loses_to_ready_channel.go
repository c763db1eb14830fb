// rule: a ready channel case wins over a time.After case whose timer has not fired (an unfired timer channel is empty, so pass 1 finds only the ready case) (select.go: selectgo pass 1; time.go)
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	ready := make(chan string, 1)
	wins := 0
	for i := 0; i < 20; i++ {
		ready <- "v"
		select {
		case <-ready:
			wins++
		case <-time.After(time.Hour):
		}
	}
	fmt.Println("ready case won", wins, "of 20")
}
