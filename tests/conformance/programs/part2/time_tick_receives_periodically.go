// rule: time.Tick(d) delivers on a cap-1 channel every d; receiving 3 ticks yields exactly 3 values (the count and the capacity are printed, not times) (time/tick.go: NewTicker; time.go: periodic timer)
// env: GOMAXPROCS=1
// subset: part2 (timers)
package main

import (
	"fmt"
	"time"
)

func main() {
	tick := time.Tick(10 * time.Millisecond)
	n := 0
	for n < 3 {
		<-tick
		n++
	}
	fmt.Println("ticks:", n, "cap:", cap(tick))
}
