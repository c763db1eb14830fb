// Worker pool: W workers receive jobs from a buffered jobs channel (capacity B) and send
// each result on a results channel; main sends N jobs (1..N), closes jobs, collects the N
// results and prints their count and checksum.
//
// As in the usual Go example, results has room for all N results, so a worker never
// blocks on it and main can send every job before it starts collecting. Workers park on
// the jobs channel's recvq when it is empty and main parks on its sendq when it is full;
// close(jobs) ends the workers' range loops. One op is one job (sent, received, computed,
// its result sent and received).
//
// bench/bench_chan.py replaces the constants below: keep them one per line.
package main

import "fmt"

const W = 8      // workers
const B = 64     // capacity of the jobs channel
const N = 100000 // jobs

func main() {
	jobs := make(chan int, B)
	results := make(chan int, N)
	for w := 0; w < W; w++ {
		go func() {
			for j := range jobs {
				results <- j*3%1000 + j
			}
		}()
	}
	for j := 1; j <= N; j++ {
		jobs <- j
	}
	close(jobs)
	got := 0
	sum := 0
	for i := 0; i < N; i++ {
		sum += <-results
		got++
	}
	fmt.Println("workerpool", W, B, "results", got, "checksum", sum)
}
