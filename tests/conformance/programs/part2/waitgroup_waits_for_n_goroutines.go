// rule: Wait returns only after Done has brought the counter to zero; the last Done wakes the waiter (sync/waitgroup.go: Add releases waiters when v == 0; sema.go)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	finished := 0
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(id int) {
			finished += id
			wg.Done()
		}(i + 1)
	}
	wg.Wait()
	fmt.Println("after Wait, sum of finished ids:", finished)
	wg.Wait()
	fmt.Println("Wait at zero returns at once")
}
