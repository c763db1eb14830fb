// rule: a Once.Do whose f blocks forever holds o.m: a second Do from another goroutine parks in o.m.Lock inside doSlow ("[semacquire]" in Go 1.19), and the deadlock traceback shows sync.(*Once).doSlow and Do above the caller (sync/once.go: doSlow)
// env: GOMAXPROCS=1
// subset: part2 (sync)
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var once sync.Once
	block := make(chan int)
	go func() {
		once.Do(func() {
			<-block
		})
	}()
	runtime.Gosched()
	fmt.Println("second Do")
	once.Do(func() {})
}
