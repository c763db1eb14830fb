// rule: sleeping goroutines do not keep the program alive; main returning ends the process with status 0 (proc.go: runtime.main -> exit(0))
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"time"
)

func main() {
	started := 0
	for i := 0; i < 3; i++ {
		go func() {
			started++
			time.Sleep(10 * time.Second)
			fmt.Println("never printed")
		}()
	}
	time.Sleep(2 * time.Millisecond)
	fmt.Println("sleepers started:", started)
}
