"""COURSE_JIT=0 runs the very same functions as plain Python: the same program, the same trace.

``course/_jit.py`` promises that turning numba off (to step through ``runqput`` in a debugger)
changes nothing but speed: there is no second copy of any policy. This runs one small program
in a subprocess with ``COURSE_JIT=0`` (the switch is read once, at import) and compares its
trace rows and output with the compiled run in this process, bit for bit.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

import course

ROOT = Path(__file__).resolve().parents[1]

# Goroutines, runnext, the global queue (Gosched), nested go, timers (Sleep) and fmt's syscall,
# at two Ps: while main keeps P0 busy, a spinning M (random steal order: fastrand) steals.
PROGRAM = """package main

import (
	"fmt"
	"runtime"
	"time"
)

var sink int

func main() {
	for i := 0; i < 4; i++ {
		go func(id int) {
			for j := 0; j < 3000; j++ {
				sink += j
			}
			runtime.Gosched()
			go func() {
				time.Sleep(time.Microsecond * 2)
				fmt.Println("child of", id)
			}()
			fmt.Println("worker", id)
		}(i)
	}
	for j := 0; j < 20000; j++ {
		sink += j
	}
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	fmt.Println("done")
}
"""
GOMAXPROCS, SEED = 2, 7

CHILD = textwrap.dedent("""
    import sys
    import numpy as np
    import course
    from course import _jit
    assert not _jit.JIT_ENABLED
    res = course.compile(sys.stdin.read()).run(gomaxprocs={procs}, seed={seed})
    np.save(sys.argv[1], res.trace.rows)
    sys.stdout.write(res.stdout)
""")


# sync (part 2): a contended Mutex at two Ps (spinning, semaphore sleeps, wake-ups), a
# starving one (a 2ms hold: handoff and goyield), RWMutex, WaitGroup, Once and AfterFunc.
SYNC_PROGRAM = """package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	var rw sync.RWMutex
	var wg sync.WaitGroup
	var once sync.Once
	counter := 0
	shared := 0
	inits := 0
	wg.Add(1)
	mu.Lock()
	go func() {
		mu.Lock() // spins while main, on the other P, holds it
		mu.Unlock()
		wg.Done()
	}()
	for i := 0; i < 100000; i++ {
		counter += i % 2
	}
	counter = 0
	mu.Unlock()
	wg.Wait()
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(id int) {
			once.Do(func() { inits++ })
			for i := 0; i < 200; i++ {
				mu.Lock()
				counter++
				if i%50 == id {
					time.Sleep(2 * time.Millisecond)
				}
				mu.Unlock()
				if i%3 == 0 {
					rw.Lock()
					shared++
					rw.Unlock()
				} else {
					rw.RLock()
					_ = shared
					rw.RUnlock()
				}
			}
			wg.Done()
		}(g)
	}
	fired := make(chan bool)
	time.AfterFunc(time.Millisecond, func() { fired <- true })
	<-fired
	runtime.Gosched()
	wg.Wait()
	fmt.Println(counter, shared, inits)
}
"""


def test_jit_off_gives_the_same_trace_and_output(tmp_path):
    check_same(tmp_path, PROGRAM, lambda res: res.stats["steals"] >= 1)  # the program exercises stealing


def test_jit_off_same_trace_for_sync(tmp_path):
    from course.traceev import EV_GOYIELD, EV_MUTEX, R_MU_LOCK_SPIN

    def exercised(res):
        rows = res.trace.rows
        spins = ((rows[:, 4] == EV_MUTEX) & (rows[:, 8] == R_MU_LOCK_SPIN)).any()
        return res.stdout == "800 268 1\n" and spins and (rows[:, 4] == EV_GOYIELD).any()

    check_same(tmp_path, SYNC_PROGRAM, exercised)


def check_same(tmp_path, program, exercised):
    res = course.compile(program).run(gomaxprocs=GOMAXPROCS, seed=SEED)
    assert res.exit_code == 0 and res.stdout.endswith("\n")
    assert exercised(res), "the program exercises what it is meant to"
    rows_file = tmp_path / "rows.npy"
    env = dict(os.environ, COURSE_JIT="0", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", CHILD.format(procs=GOMAXPROCS, seed=SEED), str(rows_file)],
                         input=program, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout == res.stdout
    rows = np.load(rows_file)
    assert rows.shape == res.trace.rows.shape
    assert np.array_equal(rows, res.trace.rows)


# the heap and the GC (part 3): structs, pointers, append's growslice, a heap-triggered GC and
# runtime.GC() at two Ps, with a goroutine holding its own list
GC_PROGRAM = """package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	val  int
	next *Node
}

var keep *Node
var ring [][]byte

func main() {
	done := make(chan int)
	go func() {
		var mine *Node
		for i := 0; i < 300; i++ {
			mine = &Node{val: i, next: mine}
		}
		n := 0
		for p := mine; p != nil; p = p.next {
			n++
		}
		done <- n
	}()
	ring = make([][]byte, 8)
	var s []int
	for i := 0; i < 600; i++ {
		ring[i%8] = make([]byte, 32<<10)
		s = append(s, i)
		keep = &Node{val: i, next: keep}
	}
	fmt.Println(<-done, len(s), cap(s))
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC > 1, m.NumForcedGC)
}
"""


def test_jit_off_same_trace_for_gc(tmp_path):
    from course.traceev import EV_ALLOC, EV_GCSTART

    def exercised(res):
        rows = res.trace.rows
        return (res.stdout == "300 600 848\ntrue 1\n" and (rows[:, 4] == EV_GCSTART).sum() > 1
                and (rows[:, 4] == EV_ALLOC).any())

    check_same(tmp_path, GC_PROGRAM, exercised)
