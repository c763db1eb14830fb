// rule: WaitGroup.Wait with a counter that never reaches zero parks in runtime_Semacquire, reported as the deadlock "goroutine 1 [semacquire]" (sync/waitgroup.go: Wait; sema.go: semacquire1)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		wg.Done()
	}()
	fmt.Println("waiting for two, one will finish")
	wg.Wait()
}
