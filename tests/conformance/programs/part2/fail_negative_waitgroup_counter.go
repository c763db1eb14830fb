// rule: Done more times than Add drives the WaitGroup counter negative, which panics "sync: negative WaitGroup counter" (a plain panic, not a fatal error) (sync/waitgroup.go: Add)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Done()
	fmt.Println("one Done too many")
	wg.Done()
}
