// rule: time.After(d) returns a channel that receives once d has passed; a select on it and on a channel nobody sends to takes the timeout case, and the checkdead timer check keeps it from being a deadlock (time.go: startTimer, sendTime; select.go)
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	never := make(chan int)
	result := ""
	select {
	case <-never:
		result = "value"
	case <-time.After(20 * time.Millisecond):
		result = "timeout"
	}
	fmt.Println(result)
}
