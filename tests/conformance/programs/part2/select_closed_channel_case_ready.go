// rule: a receive case on a closed channel is always ready and yields (zero, false), so it beats the default every time (select.go: selectgo pass 1 "rclose")
// env: GOMAXPROCS=1
// subset: part2 (select)
package main

import "fmt"

func main() {
	done := make(chan bool)
	close(done)
	hits := 0
	defaults := 0
	zeroFalse := 0
	for i := 0; i < 5; i++ {
		select {
		case v, ok := <-done:
			hits++
			if !v && !ok {
				zeroFalse++
			}
		default:
			defaults++
		}
	}
	fmt.Println("closed case:", hits, "zero,false:", zeroFalse, "default:", defaults)
}
