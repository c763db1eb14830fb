"""RWMutex, WaitGroup and Once on the model at scale: many waiters woken at once (every one
recorded in the trace), and their states rebuilt by Trace.state_at."""
from __future__ import annotations

import pytest

import course
from course.runtime2 import T_A, T_B, T_KIND
from course.traceev import EV_RWMUTEX, EV_SEMQUEUE, EV_SEMREADY, EV_WAITGROUP

MANY_READERS = """package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var rw sync.RWMutex
	var wg sync.WaitGroup
	rw.Lock()
	n := 0
	for i := 0; i < %d; i++ {
		wg.Add(1)
		go func() {
			rw.RLock()
			n++
			rw.RUnlock()
			wg.Done()
		}()
	}
	runtime.Gosched()
	rw.Unlock()
	wg.Wait()
	fmt.Println(n)
}
"""


@pytest.mark.parametrize("procs", [1, 2])
def test_writer_unlock_wakes_every_queued_reader(procs):
    n = 300
    res = course.compile(MANY_READERS % n, "readers.go").run(gomaxprocs=procs, seed=5)
    assert res.stdout == f"{n}\n" and res.stats["trace_events_lost"] == 0
    rows = res.trace.rows
    rws = [int(r[T_B]) for r in rows if int(r[T_KIND]) == EV_RWMUTEX]
    assert min(rws) <= -(1 << 30) + 1  # readers counted while the writer held it (negative)
    st = res.trace.state_at(len(res.trace))
    (rw,) = st.rwmutexes.values()
    assert rw.reader_count == 0 and rw.reader_wait == 0 and rw.w.state == 0 and not rw.reader_sem.waiters
    mid = next(i for i, r in enumerate(rows) if int(r[T_KIND]) == EV_SEMREADY)  # the first reader woken
    (rw_mid,) = res.trace.state_at(mid).rwmutexes.values()
    if procs == 1:
        assert len(rw_mid.reader_sem.waiters) == n  # all queued behind the writer, FIFO
        queued = [int(r[3]) for r in rows[:mid] if int(r[T_KIND]) == EV_SEMQUEUE]
        assert rw_mid.reader_sem.waiters == queued


MANY_WAITERS = """package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var all sync.WaitGroup
	var once sync.Once
	inits := 0
	wg.Add(1)
	for i := 0; i < %d; i++ {
		all.Add(1)
		go func() {
			wg.Wait()
			once.Do(func() { inits++ })
			all.Done()
		}()
	}
	wg.Done()
	all.Wait()
	fmt.Println(inits)
}
"""


def test_waitgroup_done_releases_every_waiter_once_runs_once():
    n = 200
    res = course.compile(MANY_WAITERS % n, "waiters.go").run(gomaxprocs=2, seed=9)
    assert res.stdout == "1\n" and res.stats["trace_events_lost"] == 0
    rows = res.trace.rows
    states = [int(r[T_B]) for r in rows if int(r[T_KIND]) == EV_WAITGROUP]
    assert max(s & 0xFFFFFFFF for s in states) >= 1  # waiters were counted in the state word
    st = res.trace.state_at(len(res.trace))
    assert all(w.state == 0 and not w.sema.waiters for w in st.waitgroups.values())
    (o,) = st.onces.values()
    assert o.done and o.m.state == 0
