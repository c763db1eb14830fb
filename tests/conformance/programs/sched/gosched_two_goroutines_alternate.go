// rule: two goroutines that Gosched after every step alternate strictly, because each yield goes to the global tail behind the other (proc.go: goschedImpl -> globrunqput)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	order := ""
	done := 0
	step := func(name string, n int) {
		for i := 0; i < n; i++ {
			order += name
			runtime.Gosched()
		}
		done++
	}
	go step("a", 6)
	go step("b", 6)
	for done < 2 {
		runtime.Gosched()
	}
	fmt.Println(order)
}
