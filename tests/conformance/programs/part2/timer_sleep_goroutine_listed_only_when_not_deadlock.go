// rule: a goroutine asleep in time.Sleep has a pending timer, so main blocked on a channel is not a deadlock until it wakes; after it wakes and blocks on a nil channel, checkdead reports main [chan receive] and it [chan receive (nil chan)] (proc.go: checkdead)
// env: GOMAXPROCS=1
// subset: part2 (channels)
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int)
	go func() {
		var nilch chan int
		time.Sleep(20 * time.Millisecond)
		println("sleeper woke")
		<-nilch
	}()
	fmt.Println("main waits")
	<-ch
}
