// rule: debug.SetGCPercent returns the previous setting; GOGC from the environment is the initial one (mgcpacer.go: readGOGC, setGCPercent); off is -1
// env: GOMAXPROCS=1 GOGC=200
// subset: part3 (runtime/debug)
package main

import (
	"fmt"
	"runtime/debug"
)

func main() {
	fmt.Println(debug.SetGCPercent(50))
	fmt.Println(debug.SetGCPercent(-1))
	fmt.Println(debug.SetGCPercent(100))
	fmt.Println(debug.SetMemoryLimit(-1) > 0)
	fmt.Println(debug.SetMemoryLimit(64 << 20) == 9223372036854775807)
	fmt.Println(debug.SetMemoryLimit(-1))
}
