// rule: a panic value with a String method (time.Duration) is printed through it: "panic: 1.5s" (panic.go: preprintpanics)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"time"
)

func main() {
	d := 1500 * time.Millisecond
	fmt.Println("timeout after", d)
	panic(d)
}
