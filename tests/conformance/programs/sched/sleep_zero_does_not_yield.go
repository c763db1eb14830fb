// rule: time.Sleep(d) with d <= 0 returns at once without yielding; a positive sleep parks main so runnable goroutines run (time.go: timeSleep "if ns <= 0 return")
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"time"
)

func main() {
	ran := 0
	go func() {
		ran++
	}()
	time.Sleep(0)
	afterZero := ran
	time.Sleep(-5 * time.Second)
	afterNegative := ran
	time.Sleep(time.Millisecond)
	afterPositive := ran
	fmt.Println(afterZero, afterNegative, afterPositive)
}
