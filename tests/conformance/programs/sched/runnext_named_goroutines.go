// rule: runnext holds only the newest G; each `go` kicks the previous one to the ring tail (proc.go: runqput), shown with string arguments and string concatenation
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	order := ""
	done := 0
	record := func(name string) {
		order = order + name + " "
		done++
	}
	go record("alpha")
	go record("beta")
	go record("gamma")
	go record("delta")
	for done < 4 {
		runtime.Gosched()
	}
	fmt.Printf("order: %q\n", order)
}
