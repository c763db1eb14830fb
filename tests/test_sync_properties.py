"""Property tests of sync on the model (hypothesis): random lock/yield/sleep programs.

* no waiter is lost: every Lock eventually acquires once all holders unlock, so the program
  ends normally (no deadlock, no lost wake-up) with every critical section counted;
* mutual exclusion holds in every trace: each acquisition finds the mutex free (no holder),
  each release is by the holder; RWMutex readers never overlap a writer;
* WaitGroup.Wait returns only after the counter reached zero: every semaphore wake-up of the
  WaitGroup comes after an event that left its counter at 0, and the waiter sees all Dones;
* the trace replays to the kernel's final sync state.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
from course.runtime2 import (MU_STATE, S_NSEMAS, S_NSYNCS, SM_HEAD, SM_VAL, SY_KIND, SYNC_WAITGROUP, T_A, T_B, T_C,
                            T_G, T_KIND, T_REASON, WG_STATE)
from course.traceev import (EV_MUTEX, EV_NEWSYNC, EV_RWMUTEX, EV_SEMREADY, EV_WAITGROUP, R_MU_LOCK_ACQUIRE, R_MU_LOCK_FAST,
                            R_MU_LOCK_HANDOFF, R_MU_LOCK_NORMAL, R_MU_TRYLOCK, R_MU_UNLOCK_FAST, R_MU_UNLOCK_HANDOFF,
                            R_MU_UNLOCK_NOWAKE, R_MU_UNLOCK_WAKE)

ACQUIRED = (R_MU_LOCK_FAST, R_MU_LOCK_ACQUIRE, R_MU_LOCK_HANDOFF, R_MU_LOCK_NORMAL)
RELEASED = (R_MU_UNLOCK_FAST, R_MU_UNLOCK_WAKE, R_MU_UNLOCK_NOWAKE, R_MU_UNLOCK_HANDOFF)

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# one goroutine's loop body: (yields inside the critical section, sleep µs inside, yields after, busy loop)
body = st.tuples(st.integers(0, 2), st.sampled_from([0, 0, 50, 1500]), st.integers(0, 1), st.integers(0, 300))


def mutex_program(workers, iters, use_trylock) -> str:
    funcs = []
    for w, (yin, sleep, yafter, busy) in enumerate(workers):
        inner = "\t\t\t\truntime.Gosched()\n" * yin
        if sleep:
            inner += f"\t\t\t\ttime.Sleep({sleep} * time.Microsecond)\n"
        after = "\t\t\truntime.Gosched()\n" * yafter
        lock = ("\t\t\tif !mu.TryLock() {\n\t\t\t\tmu.Lock()\n\t\t\t}\n" if use_trylock and w % 2 else "\t\t\tmu.Lock()\n")
        funcs.append(f"""	wg.Add(1)
	go func() {{
		for i := 0; i < {iters}; i++ {{
{lock}			x := counter
{inner}			counter = x + 1
			mu.Unlock()
			for j := 0; j < {busy}; j++ {{
				spin++
			}}
{after}		}}
		wg.Done()
	}}()
""")
    return f"""package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {{
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	spin := 0
{''.join(funcs)}	runtime.Gosched()
	wg.Wait()
	time.Sleep(0)
	fmt.Println(counter)
}}
"""


def check_mutual_exclusion(rows) -> None:
    holder: dict[int, int | None] = {}
    for r in rows:
        if int(r[T_KIND]) != EV_MUTEX:
            continue
        mu, g, why, c = int(r[T_A]), int(r[T_G]), int(r[T_REASON]), int(r[T_C])
        if why in ACQUIRED or (why == R_MU_TRYLOCK and c):
            assert holder.get(mu) is None, f"G{g} acquired mutex {mu} held by G{holder.get(mu)}"
            holder[mu] = g
        elif why in RELEASED:
            assert holder.get(mu) == g, f"G{g} released mutex {mu} held by G{holder.get(mu)}"
            holder[mu] = None


def check_replay_matches_kernel(res) -> None:
    assert res.stats["trace_events_lost"] == 0
    S = res.state
    st = res.trace.state_at(len(res.trace))
    for a in range(int(S.sched[S_NSEMAS])):
        assert st.semas[a].value == int(S.semas[a, SM_VAL])
        assert (len(st.semas[a].waiters) == 0) == (int(S.semas[a, SM_HEAD]) < 0)
    for row in range(int(S.sched[S_NSYNCS])):
        if row in st.mutexes:
            assert st.mutexes[row].state == int(S.syncs[row, MU_STATE])
        if int(S.syncs[row, SY_KIND]) == SYNC_WAITGROUP:
            assert st.waitgroups[row].state == int(S.syncs[row, WG_STATE])


@SETTINGS
@given(workers=st.lists(body, min_size=1, max_size=5), iters=st.integers(1, 4), procs=st.integers(1, 3),
       seed=st.integers(0, 2**16), use_trylock=st.booleans())
def test_no_lost_waiter_and_mutual_exclusion(workers, iters, procs, seed, use_trylock):
    src = mutex_program(workers, iters, use_trylock)
    res = course.compile(src, "prop.go").run(gomaxprocs=procs, seed=seed, max_time_ns=60 * 10**9)
    assert res.exit_code == 0, res.stderr  # a lost waiter would be a deadlock (or a hang)
    assert res.stdout == f"{len(workers) * iters}\n"  # every critical section ran, none interleaved
    check_mutual_exclusion(res.trace.rows)
    check_replay_matches_kernel(res)
    st_end = res.trace.state_at(len(res.trace))
    assert all(m.state == 0 and not m.sema.waiters for m in st_end.mutexes.values())


def waitgroup_program(delays, waiters) -> str:
    workers = "".join(f"""	go func() {{
		for i := 0; i < {y}; i++ {{
			runtime.Gosched()
		}}
		{"time.Sleep(" + str(s) + " * time.Microsecond)" if s else ""}
		finished++
		wg.Done()
	}}()
""" for y, s in delays)
    extra = "".join(f"""	go func() {{
		wg.Wait()
		seen += finished
		out <- true
	}}()
""" for _ in range(waiters))
    return f"""package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {{
	var wg sync.WaitGroup
	finished := 0
	seen := 0
	out := make(chan bool)
	wg.Add({len(delays)})
{extra}{workers}	runtime.Gosched()
	time.Sleep(0)
	wg.Wait()
	n := finished
	for i := 0; i < {waiters}; i++ {{
		<-out
	}}
	fmt.Println(n, seen)
}}
"""


@SETTINGS
@given(delays=st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0, 0, 100, 2000])), min_size=1, max_size=6),
       waiters=st.integers(0, 3), procs=st.integers(1, 3), seed=st.integers(0, 2**16))
def test_waitgroup_wait_returns_after_counter_reaches_zero(delays, waiters, procs, seed):
    src = waitgroup_program(delays, waiters)
    res = course.compile(src, "wg.go").run(gomaxprocs=procs, seed=seed)
    n = len(delays)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == f"{n} {n * waiters}\n"  # every waiter saw every Done
    rows = res.trace.rows
    wgs = {int(r[T_A]): int(r[T_C]) for r in rows if int(r[T_KIND]) == EV_NEWSYNC and int(r[T_B]) == SYNC_WAITGROUP}
    sema_of = {s: w for w, s in wgs.items()}
    state = {w: 0 for w in wgs}
    for r in rows:
        k = int(r[T_KIND])
        if k == EV_WAITGROUP:
            state[int(r[T_A])] = int(r[T_B])
            assert int(r[T_B]) >> 32 >= 0
        elif k == EV_SEMREADY and int(r[T_A]) in sema_of:
            assert state[sema_of[int(r[T_A])]] >> 32 == 0, "a Wait woken before the counter reached 0"
    check_replay_matches_kernel(res)


RW = """package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var rw sync.RWMutex
	var wg sync.WaitGroup
	readers := 0
	writers := 0
	bad := 0
%s	wg.Wait()
	fmt.Println(bad)
}
"""
READER = """	wg.Add(1)
	go func() {
		for i := 0; i < %d; i++ {
			rw.RLock()
			readers++
			if writers != 0 {
				bad++
			}
%s			readers--
			rw.RUnlock()
			runtime.Gosched()
		}
		wg.Done()
	}()
"""
WRITER = """	wg.Add(1)
	go func() {
		for i := 0; i < %d; i++ {
			rw.Lock()
			writers++
			if readers != 0 || writers != 1 {
				bad++
			}
%s			writers--
			rw.Unlock()
			runtime.Gosched()
		}
		wg.Done()
	}()
"""


@SETTINGS
@given(roles=st.lists(st.tuples(st.booleans(), st.integers(1, 3), st.integers(0, 2)), min_size=1, max_size=6),
       procs=st.integers(1, 3), seed=st.integers(0, 2**16))
def test_rwmutex_readers_exclude_writers(roles, procs, seed):
    parts = "".join((WRITER if w else READER) % (n, "\t\t\truntime.Gosched()\n" * y) for w, n, y in roles)
    res = course.compile(RW % parts, "rw.go").run(gomaxprocs=procs, seed=seed)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == "0\n"
    end = res.trace.state_at(len(res.trace))
    for rwm in end.rwmutexes.values():
        assert rwm.reader_count == 0 and rwm.w.state == 0 and not rwm.writer_sem.waiters and not rwm.reader_sem.waiters
    # every readerCount in the trace is a count of readers, or that minus rwmutexMaxReaders
    for r in res.trace.rows:
        if int(r[T_KIND]) == EV_RWMUTEX:
            c = int(r[T_B])
            assert -(1 << 30) <= c < (1 << 30)
