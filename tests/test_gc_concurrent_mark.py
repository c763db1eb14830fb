"""The simulated runtime's concurrent mark: tri-colour marking spread over the mark phase, the
hybrid write barrier, noscan objects and scannable sizes from the compiler, and
GODEBUG=gccheckmark=1.

Go: runtime/mgcmark.go (gcMarkRootPrepare, markroot, greyobject, scanobject, gcDrainN),
runtime/mbarrier.go and mwbbuf.go (the hybrid barrier shades the old and the new pointer),
runtime/mcheckmark.go (gccheckmark), runtime/malloc.go (mallocgc: noscan, scanSize → heapScan).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

import course
from course import engine, isa, mgc
from course.malloc import OBJ_ALLOCATED, OBJ_FREELISTS, OBJ_KMASK, OBJ_KSHIFT, OBJ_MARKED, OBJ_NOSCAN, OH_FLAGS, OH_HDR
from course.mgcpacer import C_HEAPLIVE, C_LASTHEAPSCAN, C_TOTALALLOC, C_TOTALFREE
from course.program import DEFAULT_TIME_LIMIT_NS, grow
from course.runtime2 import (S_GCPHASE, S_GREY, S_GROW, S_NUMGC, S_OBJTOP, S_SWEEPBASIS, S_SWEEPCURSOR,
                             S_SWEEPDIST, S_SWEEPHEAPDIST, S_SWEEPHEAPLIVEBASIS, S_SWEEPTOP,
                             S_W_BSSLEFT, S_W_DATALEFT, S_W_STACKLEFT, STOP_GROW, _GCmark)

ROOT = Path(__file__).resolve().parents[1]
SWAPS = ROOT / "tests/conformance/programs/part3_gc/write_barrier_swaps.go"
SWAPS_GO = json.loads((ROOT / "tests/conformance/expected/part3_gc/write_barrier_swaps.json").read_text())


@lru_cache(maxsize=None)
def swaps() -> course.Program:
    return course.compile(SWAPS.read_text(), filename="write_barrier_swaps.go")


# ---- what the compiler tells the allocator ------------------------------------------------
TYPES = """package main

import "fmt"

type Node struct {
	next *Node
	v    int
	name string
}

type Plain struct {
	a int
	b bool
}

type Tail struct {
	v int
	p *int
}

func main() {
	n := &Node{v: 1}
	q := &Plain{a: 2}
	t := &Tail{v: 3}
	i := new(int)
	s := new(string)
	a := make([]int, 4)
	b := make([]*Node, 4)
	c := make([]string, 4)
	fmt.Println(n.v, q.a, t.v, *i, *s, len(a), len(b), len(c))
}
"""


def test_scannable_bytes_come_from_the_types():
    """mallocgc's noscan and scanSize, as cmd/compile's ptrdata gives them: a struct up to its
    last pointer word (a string's and a slice's first word is a pointer), 0 for pointer-free
    types; a slice's element size and ptrdata travel in MAKESLICE's operand."""
    code = course.compile(TYPES).image.code
    news = [int(r[4]) for r in code if r[0] == isa.OP_NEWOBJ and r[3] > 0]
    assert news == [24, 0, 16, 0, 8]  # Node, Plain, Tail, new(int), new(string)
    elems = [(int(r[4]) & isa.ELEM_SIZEMASK, int(r[4]) >> isa.ELEM_PTRSHIFT) for r in code if r[0] == isa.OP_MAKESLICE]
    assert elems == [(8, 0), (8, 8), (16, 8)]  # []int, []*Node, []string


def _objects(S):
    """(index, flags) of every object in objheap."""
    out = []
    i = OBJ_FREELISTS
    top = int(S.sched[S_OBJTOP])
    while i < top:
        ref = i + OH_HDR
        fl = int(S.objheap[ref + OH_FLAGS])
        out.append((ref, fl))
        i = ref + (1 << ((fl >> OBJ_KSHIFT) & OBJ_KMASK))
    return out


def test_noscan_objects_are_marked_without_a_scan():
    """A []int is marked black at once, never queued; only pointerful objects cost scan work.
    After runtime.GC() on a quiescent heap, the last cycle's heap scan work is the runtime's own
    (go119RuntimeHeapScan) plus the scannable bytes of what the program's heap holds: here one
    []*Node of 4 (3 x 8 + 8 bytes) and the 3 Nodes in it (24 bytes each, up to name's pointer)."""
    src = """package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	next *Node
	v    int
	name string
}

var nums []int
var nodes []*Node

func main() {
	nums = make([]int, 100000)
	nodes = make([]*Node, 4)
	for i := 0; i < 3; i++ {
		nodes[i] = &Node{v: i}
	}
	runtime.GC()
	fmt.Println(len(nums), nodes[2].v)
}
"""
    r = course.compile(src).run(gomaxprocs=1, trace=False)
    assert (r.stdout, r.exit_code) == ("100000 2\n", 0)
    S = r.state
    assert int(S.gcc[C_LASTHEAPSCAN]) == mgc.go119RuntimeHeapScan + (3 * 8 + 8) + 3 * 24
    noscan = [fl for _, fl in _objects(S) if fl & OBJ_ALLOCATED and fl & OBJ_NOSCAN]
    assert noscan, "the []int's array is a noscan object"


# ---- the mark is concurrent ---------------------------------------------------------------
def _samples(prog, n, **kw):
    """The state of one run, paused n times at evenly spaced instruction counts (the budget
    ``Program.run(max_instructions=...)`` stops at): a snapshot of the GC's state at each."""
    total = prog.run(trace=False, **kw).stats["instructions"]
    S = prog._boot_state(trace=False, **kw)
    out = []
    for lim in np.linspace(total / n, total, n).astype(int)[:-1]:
        while engine.run(S, int(lim), DEFAULT_TIME_LIMIT_NS) == STOP_GROW:
            S = grow(S, int(S.sched[S_GROW]))
            S.sched[S_GROW] = 0
        sc = S.sched
        out.append(dict(
            phase=int(sc[S_GCPHASE]), numgc=int(sc[S_NUMGC]), marked=_marked(S),
            pending=int(sc[S_GREY]) >= 0 or max(int(sc[k]) for k in (S_W_DATALEFT, S_W_BSSLEFT, S_W_STACKLEFT)) > 0,
            cursor=int(sc[S_SWEEPCURSOR]), top=int(sc[S_SWEEPTOP]), basis=int(sc[S_SWEEPBASIS]),
            dist=int(sc[S_SWEEPDIST]), heapdist=int(sc[S_SWEEPHEAPDIST]), livebasis=int(sc[S_SWEEPHEAPLIVEBASIS]),
            live=int(S.gcc[C_HEAPLIVE]), heapalloc=int(S.gcc[C_TOTALALLOC] - S.gcc[C_TOTALFREE])))
    return out


@lru_cache(maxsize=None)
def swap_samples():
    return tuple(_samples(swaps(), 1500, gomaxprocs=1, seed=0, godebug=""))


def _marked(S):
    return sum(1 for _, fl in _objects(S) if fl & OBJ_ALLOCATED and fl & OBJ_MARKED)


def test_the_mark_runs_while_the_program_runs():
    """gcStart only prepares the root jobs; the assists then scan the roots and blacken grey
    objects in pieces, so the count of marked objects grows while the program runs, with work
    left until the mark ends (Go: gcMarkRootPrepare; gcAssistAlloc → gcDrainN)."""
    marking = [x for x in swap_samples() if x["phase"] == _GCmark]
    assert len(marking) >= 10, "the run was paused inside marks"
    assert all(x["pending"] for x in marking)  # (no work left: the mark would have ended)
    grew = 0
    for a, b in zip(marking, marking[1:]):
        if a["numgc"] == b["numgc"]:  # two pauses in the same mark
            assert b["marked"] >= a["marked"]
            grew += b["marked"] > a["marked"]
    assert grew > 0


# ---- the write barrier --------------------------------------------------------------------
@pytest.mark.parametrize("gomaxprocs,seed", [(1, 0), (1, 7), (2, 0), (2, 3), (4, 1)])
def test_swaps_lose_nothing_with_the_barrier(gomaxprocs, seed):
    """Every pointer swap while the GC marks goes through the barrier; each cycle's checkmark
    pass (GODEBUG=gccheckmark=1) finds nothing the concurrent mark missed, and the program prints
    what go1.19.8 printed (tests/conformance: the same program)."""
    r = swaps().run(gomaxprocs=gomaxprocs, seed=seed, godebug="gccheckmark=1,gctrace=1", trace=False)
    assert (r.stdout, r.exit_code) == (SWAPS_GO["stdout"], 0), r.stderr[-500:]
    assert r.stderr.count("\ngc ") + r.stderr.startswith("gc ") >= 10, "the program runs many cycles"


def test_without_the_barrier_the_mark_loses_an_object():
    """The same program with the model's write barrier off: a swap moves a pointer out of an
    object not scanned yet into one already black, the mark misses it, and the checkmark pass
    throws, as Go's does (mcheckmark.go: setCheckmark)."""
    r = swaps().run(gomaxprocs=1, godebug="gccheckmark=1", trace=False, writebarrier=False)
    assert r.exit_code == 2
    assert "runtime: checkmarks found unexpected unmarked object obj=0x" in r.stderr
    assert "fatal error: checkmark found unmarked object" in r.stderr
    assert "goroutine 1 [running]:" in r.stderr


def test_without_checkmark_the_lost_object_is_freed_and_reused():
    """Without gccheckmark the lost Item is swept while still reachable; its slot goes to the
    next new Item, so the sum of ids the program prints goes wrong: what the barrier is for."""
    r = swaps().run(gomaxprocs=1, trace=False, writebarrier=False)
    assert r.exit_code == 0
    assert r.stdout != SWAPS_GO["stdout"]


# ---- the sweep is concurrent --------------------------------------------------------------
def test_the_sweep_is_paced_by_allocation():
    """After mark termination the heap is swept while the program runs, not in the pause: the
    garbage still counts in HeapAlloc until it is swept, and each allocation sweeps in
    proportion (deductSweepCredit, paced by gcPaceSweeper to be done 1 MiB before the next
    trigger). At GOMAXPROCS=1 a busy program leaves no idle P to sweep: the allocations do it."""
    sweeping = [x for x in swap_samples() if x["phase"] != _GCmark and x["cursor"] < x["top"]]
    assert len(sweeping) >= 10, "the run was paused while the heap was being swept"
    assert any(x["heapalloc"] > x["live"] for x in sweeping)
    for x in sweeping:
        target = x["dist"] * (x["live"] - x["livebasis"]) // x["heapdist"]
        assert x["cursor"] - x["basis"] >= min(target, x["dist"])  # the sweep keeps its pace
        assert x["live"] - x["livebasis"] < x["heapdist"]  # (past it, the sweep would be done)
