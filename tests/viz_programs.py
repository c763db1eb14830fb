"""Go programs the views' tests share (tests/test_viz*.py and tests/browser)."""

WORKERS = """package main

import (
	"fmt"
	"runtime"
)

func worker(id int, ch chan int, done chan bool) {
	for v := range ch {
		fmt.Println(id, v)
		runtime.Gosched()
	}
	done <- true
}

func main() {
	ch := make(chan int, 3)
	done := make(chan bool)
	for i := 0; i < 3; i++ {
		go worker(i, ch, done)
	}
	for i := 0; i < 10; i++ {
		ch <- i
	}
	close(ch)
	for i := 0; i < 3; i++ {
		<-done
	}
}
"""

# three goroutines take turns on a sync.Mutex, sleeping while they hold it
MUTEX = """package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	n := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			for j := 0; j < 3; j++ {
				mu.Lock()
				n++
				time.Sleep(2 * time.Millisecond)
				mu.Unlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println(n)
}
"""


# Three channels made in the order c, a, b (ids 0, 1, 2) and used as cases a, b, c: the lock
# order (by channel id in the model, by hchan address in Go) is then case 2, 0, 1, which is
# neither source order nor the compiler's scase order (sends first: b, then c, a).
SELECT3 = """package main

import "fmt"

func main() {
	c := make(chan int)
	a := make(chan int)
	b := make(chan int)
	go func() {
		a <- 7
	}()
	select {
	case v := <-a:
		fmt.Println("a", v)
	case b <- 1:
		fmt.Println("b")
	case v := <-c:
		fmt.Println("c", v)
	}
}
"""

# One goroutine builds linked lists while 3 more Ps have nothing to run: each GC cycle has a
# dedicated mark worker, idle-time workers and the allocating G's assists (GOMAXPROCS=4).
GCLIST = """package main

import "fmt"

type Node struct {
	val  int
	next *Node
}

var keep *Node

func main() {
	for r := 0; r < 30; r++ {
		var h *Node
		for i := 0; i < 20000; i++ {
			h = &Node{val: i, next: h}
		}
		keep = h
	}
	fmt.Println(keep.val)
}
"""
