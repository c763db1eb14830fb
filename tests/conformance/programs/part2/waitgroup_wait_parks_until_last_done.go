// rule: Wait parks main in runtime_Semacquire while the counter is positive; workers that yield before Done all run to completion first, and Done order follows the scheduler (last go first, then FIFO) (sync/waitgroup.go: Wait; proc.go: runnext)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	order := 0
	wg.Add(3)
	for i := 1; i <= 3; i++ {
		go func(id int) {
			runtime.Gosched()
			order = order*10 + id
			wg.Done()
		}(i)
	}
	wg.Wait()
	fmt.Println("done order:", order)
}
