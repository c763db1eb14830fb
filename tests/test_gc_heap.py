"""The heap inside the simulated runtime: mallocgc's accounting with Go's size classes, a
stop-the-world runtime.GC() that frees what the roots cannot reach, the pacer's goal, and the
trace events of allocation and GC."""
from __future__ import annotations

import numpy as np
import pytest

import course
from course.traceev import EV_ALLOC, EV_GCEND, EV_GCSTART, R_GC_FORCED, R_GC_HEAP


def run(src, **kw):
    return course.compile(src, "prog.go", go_version="1.19").run(gomaxprocs=1, **kw)


LIST = """package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	val  int
	next *Node
}

var keep *Node

func build(n int) *Node {
	var h *Node
	for i := 0; i < n; i++ {
		h = &Node{val: i, next: h}
	}
	return h
}

// (in a function of its own: the model scans a frame's every slot, temporaries included,
// where Go's stack maps know which are live)
func drop() {
	keep = keep.next
}

func main() {
	var m runtime.MemStats
	keep = build(100)
	tmp := build(50)
	_ = tmp
	tmp = nil
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC, m.HeapObjects, m.HeapAlloc, m.Mallocs, m.Frees)
	drop()
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC, m.HeapObjects, m.HeapAlloc, m.NextGC)
}
"""


def test_unreachable_objects_are_freed_and_reachable_ones_kept():
    """runtime.GC() frees what is unreachable and returns with the heap swept (the sweep is
    otherwise concurrent: mgc.go's GC sweeps what is left before it returns), so MemStats counts
    only what is live."""
    res = run(LIST)
    assert res.exit_code == 0, res.stderr
    first, second = [list(map(int, ln.split())) for ln in res.stdout.split("\n") if ln]
    # a Node is 16 bytes: size class 2 (16 B); 150 allocated, the 50 of tmp are garbage
    assert first == [1, 100, 1600, 150, 50]
    # dropping the head frees exactly one node; the goal is the 4 MiB minimum (GOGC=100)
    assert second == [2, 99, 1584, 4 << 20]


def test_size_classes_round_the_accounting():
    src = """package main

import (
	"fmt"
	"runtime"
)

var a, b, c []byte

func main() {
	var m runtime.MemStats
	a = make([]byte, 17)
	b = make([]byte, 1025)
	c = make([]byte, 40000)
	runtime.ReadMemStats(&m)
	fmt.Println(m.HeapAlloc, m.Mallocs)
}
"""
    res = run(src)
    # 17 -> 24 (class 3), 1025 -> 1152 (class 33), 40000 -> 40960 (large: 5 pages)
    assert res.stdout == f"{24 + 1152 + 40960} 3\n"


def test_gc_events_in_the_trace():
    res = run(LIST)
    rows = res.trace.rows
    starts = rows[rows[:, 4] == EV_GCSTART]
    ends = rows[rows[:, 4] == EV_GCEND]
    assert len(starts) == 2 and len(ends) == 2
    assert (starts[:, 8] == R_GC_FORCED).all()
    assert list(ends[:, 5]) == [1, 2] and list(ends[:, 6]) == [1600, 1584]
    allocs = rows[rows[:, 4] == EV_ALLOC]
    assert len(allocs) == 150 and (allocs[:, 5] == 16).all() and (allocs[:, 6] == 2).all()


def test_heap_trigger_starts_a_gc_by_itself():
    src = """package main

import (
	"fmt"
	"runtime"
)

var ring [][]byte

func main() {
	ring = make([][]byte, 16)
	for i := 0; i < 2000; i++ {
		ring[i%16] = make([]byte, 64<<10)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC > 0, m.NumForcedGC, m.HeapAlloc < 8<<20)
}
"""
    res = run(src)
    assert res.stdout == "true 0 true\n", res.stdout + res.stderr
    rows = res.trace.rows
    starts = rows[rows[:, 4] == EV_GCSTART]
    assert len(starts) > 0 and (starts[:, 8] == R_GC_HEAP).all()


def test_gogc_off_never_collects_and_gogc_from_env():
    src = """package main

import (
	"fmt"
	"runtime"
)

var ring [][]byte

func main() {
	ring = make([][]byte, 16)
	for i := 0; i < 500; i++ {
		ring[i%16] = make([]byte, 64<<10)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC)
}
"""
    assert run(src, env={"GOGC": "off"}).stdout == "0\n"
    assert run(src, env={"GOGC": "100"}).stdout != "0\n"


def test_nextgc_scales_with_gogc():
    src = """package main

import (
	"fmt"
	"runtime"
)

func main() {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Println(m.NextGC)
}
"""
    # Go 1.19 (facts sheet 49): a quiescent heap right after runtime.GC(): 4 MiB * GOGC/100
    assert run(src, env={"GOGC": "50"}).stdout == f"{2 << 20}\n"
    assert run(src, env={"GOGC": "200"}).stdout == f"{8 << 20}\n"
    assert run(src, env={}).stdout == f"{4 << 20}\n"


def test_struct_values_are_copied_and_pointers_alias():
    src = """package main

import "fmt"

type P struct {
	x, y int
}

func move(p P) P {
	p.x++
	return p
}

func main() {
	a := P{1, 2}
	b := move(a)
	c := &a
	c.y = 9
	d := *c
	d.x = 5
	fmt.Println(a.x, a.y, b.x, b.y, d.x, d.y)
}
"""
    res = run(src)
    assert res.stdout == "1 9 2 2 5 9\n"


def test_compile_errors_for_outside_the_subset():
    from course.compiler import GoCompileError

    with pytest.raises(GoCompileError, match="struct value as a slice element"):
        course.compile("package main\n\ntype P struct{ x int }\n\nfunc main() {\n\tvar s []P\n\t_ = s\n}\n")
    with pytest.raises(GoCompileError, match="unknown field z in struct literal of type P"):
        course.compile("package main\n\ntype P struct{ x int }\n\nfunc main() {\n\t_ = P{z: 1}\n}\n")
