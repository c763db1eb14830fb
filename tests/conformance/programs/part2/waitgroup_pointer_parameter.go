// rule: workers get the WaitGroup and the Mutex by pointer (&wg, &mu) and defer wg.Done(); the last Done wakes main from Wait; with one P the workers run last-go-first, then in order (sync/waitgroup.go: Add, Wait; proc.go: runnext)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func worker(id int, wg *sync.WaitGroup, mu *sync.Mutex, order *sync.Mutex) {
	defer wg.Done()
	mu.Lock()
	defer mu.Unlock()
	fmt.Println("worker", id)
}

func main() {
	var wg sync.WaitGroup
	var mu, unused sync.Mutex
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go worker(i, &wg, &mu, &unused)
	}
	wg.Wait()
	fmt.Println("all done")
}
