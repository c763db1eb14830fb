// rule: runtime.GOMAXPROCS(n) returns the previous setting and changes it only if n > 0; the GOMAXPROCS environment variable sets the initial value (debug.go: GOMAXPROCS, proc.go: schedinit)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"runtime"
)

func main() {
	a := runtime.GOMAXPROCS(0)
	b := runtime.GOMAXPROCS(3)
	c := runtime.GOMAXPROCS(-1)
	d := runtime.GOMAXPROCS(1)
	e := runtime.GOMAXPROCS(0)
	fmt.Println(a, b, c, d, e)
}
