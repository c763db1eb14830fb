// rule: a concurrent mark loses nothing while the program moves pointers between objects: every swap writes through the hybrid write barrier, which shades the pointer overwritten and the one written (mbarrier.go, mwbbuf.go: wbBufFlush1); GODEBUG=gccheckmark=1 re-marks each cycle with the world stopped and throws if the mark missed a reachable object (mcheckmark.go)
// env: GOMAXPROCS=1 GODEBUG=gccheckmark=1
// subset: part3 (slices of pointers)
package main

import "fmt"

type Item struct{ id int }

var ring [][]*Item

func main() {
	ring = make([][]*Item, 64)
	id := 0
	for j := 0; j < 64; j++ {
		ring[j] = make([]*Item, 512)
		for x := 0; x < 512; x++ {
			ring[j][x] = &Item{id: id}
			id++
		}
	}
	var junk []int
	seed := 1
	for i := 0; i < 20000; i++ {
		junk = make([]int, 1024)
		seed = (seed*1103515245 + 12345) % 2147483648
		j := seed % 64
		k := (seed / 64) % 64
		x := (seed / 4096) % 512
		y := (seed / 2097152) % 512
		ring[j][x], ring[k][y] = ring[k][y], ring[j][x]
		ring[k][x] = &Item{id: ring[k][x].id} // the old Item is garbage: its slot is reused
	}
	sum := 0
	for j := 0; j < 64; j++ {
		for x := 0; x < 512; x++ {
			sum += ring[j][x].id
		}
	}
	fmt.Println(sum, len(junk))
}
