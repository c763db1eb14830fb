// rule: several errors in one file are all reported, in source order
package main

import (
	"fmt"
	"time"
)

func main() {
	a := 1
	b := "s"
	fmt.Println(undefinedThing)
}
