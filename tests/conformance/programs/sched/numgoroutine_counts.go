// rule: NumGoroutine counts user goroutines only (system goroutines such as forcegc, bgsweep and the finalizer G are excluded) and dead Gs are not counted (proc.go: gcount)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	atStart := runtime.NumGoroutine()
	done := 0
	release := false
	for i := 0; i < 3; i++ {
		go func() {
			for !release {
				runtime.Gosched()
			}
			done++
		}()
	}
	afterSpawn := runtime.NumGoroutine()
	runtime.Gosched()
	whileWaiting := runtime.NumGoroutine()
	release = true
	for done < 3 {
		runtime.Gosched()
	}
	atEnd := runtime.NumGoroutine()
	fmt.Println(atStart, afterSpawn, whileWaiting, atEnd)
}
