// rule: when no goroutine can ever run again and no timer is pending, checkdead reports "fatal error: all goroutines are asleep - deadlock!" with every user goroutine's stack and exits with status 2 (proc.go: checkdead; select.go: block)
// env: GOMAXPROCS=1
// subset: part2 (select {})
package main

import "fmt"

func main() {
	fmt.Println("blocking forever")
	select {}
}
