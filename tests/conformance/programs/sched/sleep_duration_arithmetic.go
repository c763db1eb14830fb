// rule: time.Duration values print in Go's compact form (1.5s, 2ms, 750µs, 1m30s) and a sleep of a sum of durations ends after the shorter sleep and before the longer one (wide margins: the timer granularity when the P idles in netpoll is about 1ms) (time.go: Duration.String, timeSleep)
// env: GOMAXPROCS=1
package main

import (
	"fmt"
	"time"
)

func main() {
	a := 2 * time.Millisecond
	b := 750 * time.Microsecond
	fmt.Println(a, b, a+b, 1500*time.Millisecond, 90*time.Second, a-a)
	fmt.Printf("%v %d\n", a-b, a/time.Microsecond)
	woke := false
	go func() {
		time.Sleep(10*a + b)
		woke = true
	}()
	time.Sleep(a)
	early := woke
	time.Sleep(20 * a)
	fmt.Println("sleeper (20.75ms) woken after 2ms:", early, "after 42ms:", woke)
}
