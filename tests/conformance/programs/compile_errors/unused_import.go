// rule: an imported package that is not used is a compile error
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("hi")
}
