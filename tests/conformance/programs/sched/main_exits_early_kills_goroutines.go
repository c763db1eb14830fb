// rule: when main.main returns, runtime.main calls exit(0) at once; runnable goroutines that never got the P never run (proc.go: runtime.main)
// env: GOMAXPROCS=1
package main

import "fmt"

func worker(id int) {
	fmt.Println("worker", id, "ran")
}

func main() {
	fmt.Println("main starts 3 workers and returns")
	go worker(1)
	go worker(2)
	go worker(3)
}
