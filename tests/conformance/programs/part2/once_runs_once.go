// rule: Once.Do runs its function exactly once however many goroutines call it; later calls (also with a different function) return without running theirs (sync/once.go: Do, doSlow)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var once sync.Once
	var wg sync.WaitGroup
	initCount := 0
	other := 0
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			once.Do(func() {
				initCount++
			})
			wg.Done()
		}()
	}
	wg.Wait()
	once.Do(func() {
		other++
	})
	fmt.Println("init ran:", initCount, "second function ran:", other)
}
