// rule: with two Ps running goroutines in parallel, a sync.Mutex around a read-modify-write keeps every increment: 4 goroutines x 1000 give exactly 4000 (sync/mutex.go: Lock/Unlock; spinning allowed with GOMAXPROCS>1)
// env: GOMAXPROCS=2
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			for i := 0; i < 1000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println("counter:", counter)
}
