// rule: time/tick.go NewTicker: d <= 0 panics with errors.New("non-positive interval for NewTicker"); time.Tick(d <= 0) returns nil instead
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("Tick(0) is nil:", time.Tick(0) == nil)
	d := 5 * time.Millisecond
	t := time.NewTicker(d - d)
	t.Stop()
	fmt.Println("not reached")
}
