"""sync.Mutex on the model: Go's state word through normal and starvation mode, rebuilt from
the trace at every step; ports of sync/mutex_test.go's TestMutex (TryLock) and
TestMutexFairness; RWMutex, WaitGroup and Once states from the trace.

The expected state words are Go's (sync/mutex.go: mutexLocked=1, mutexWoken=2,
mutexStarving=4, waiters << 3), derived by hand from Go's code for each scenario; the model
must produce them by running the program, and Trace.state_at must rebuild them.
"""
from __future__ import annotations

import pytest

import course
from course.runtime2 import SYNC_MUTEX
from course.traceev import (EV_GOYIELD, EV_MUTEX, EV_NEWSYNC, EV_RUNQPUT, EV_SEMQUEUE, EV_SEMREADY, R_MU_LOCK_ACQUIRE,
                            R_MU_LOCK_FAST, R_MU_LOCK_HANDOFF, R_MU_LOCK_NORMAL, R_MU_LOCK_QUEUE, R_MU_LOCK_SPIN,
                            R_MU_LOCK_STARVING, R_MU_TRYLOCK, R_MU_UNLOCK_FAST, R_MU_UNLOCK_HANDOFF, R_MU_UNLOCK_WAKE,
                            R_GOYIELD, R_MU_UNLOCK_NOWAKE)
from course.runtime2 import T_A, T_B, T_C, T_G, T_KIND, T_REASON

LOCKED, WOKEN, STARVING, W = 1, 2, 4, 8  # sync/mutex.go; W = one waiter (1 << mutexWaiterShift)

ACQUIRED = (R_MU_LOCK_FAST, R_MU_LOCK_ACQUIRE, R_MU_LOCK_HANDOFF, R_MU_LOCK_NORMAL)
RELEASED = (R_MU_UNLOCK_FAST, R_MU_UNLOCK_WAKE, R_MU_UNLOCK_NOWAKE, R_MU_UNLOCK_HANDOFF)

STARVATION = """package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	done := 0
	mu.Lock()
	go func() { // A
		mu.Lock()
		mu.Unlock()
		done++
	}()
	runtime.Gosched() // A queues
	time.Sleep(2 * time.Millisecond)
	mu.Unlock() // normal mode: wakes A
	mu.Lock()   // main barges in ahead of the woken A
	runtime.Gosched() // A has waited > 1ms: starving
	go func() { // B
		mu.Lock()
		mu.Unlock()
		done++
	}()
	runtime.Gosched() // B queues behind A
	mu.Unlock()       // starving: handoff to A
	for done < 2 {
		runtime.Gosched()
	}
	fmt.Println("done")
}
"""


def mutex_events(res, mu: int):
    rows = res.trace.rows
    return [(i, int(r[T_G]), int(r[T_REASON]), int(r[T_B]), int(r[T_C])) for i, r in enumerate(rows)
            if int(r[T_KIND]) == EV_MUTEX and int(r[T_A]) == mu]


def only_mutex(res) -> int:
    rows = res.trace.rows
    mus = [int(r[T_A]) for r in rows if int(r[T_KIND]) == EV_NEWSYNC and int(r[T_B]) == SYNC_MUTEX]
    assert len(mus) == 1
    return mus[0]


def test_starvation_mode_walk_through_the_state_word():
    res = course.compile(STARVATION, "starve.go").run(gomaxprocs=1, seed=0)
    assert res.stdout == "done\n" and res.exit_code == 0
    mu = only_mutex(res)
    ev = mutex_events(res, mu)
    main, a, b = 1, ev[1][1], ev[5][1]
    expected = [
        (main, R_MU_LOCK_FAST, LOCKED),  # normal mode, unlocked → locked
        (a, R_MU_LOCK_QUEUE, LOCKED | W),  # a waiter queued
        (main, R_MU_UNLOCK_WAKE, WOKEN),  # Unlock: waiter-1, mutexWoken, wake A
        (main, R_MU_LOCK_ACQUIRE, LOCKED | WOKEN),  # main barges ahead of the woken A
        (a, R_MU_LOCK_STARVING, LOCKED | STARVING | W),  # A waited > 1ms → starving, requeued (lifo)
        (b, R_MU_LOCK_QUEUE, LOCKED | STARVING | 2 * W),  # newcomers queue in starvation mode
        (main, R_MU_UNLOCK_HANDOFF, STARVING | 2 * W),  # Unlock hands off directly to A
        (a, R_MU_LOCK_HANDOFF, LOCKED | STARVING | W),  # A owns it; not the last, waited > 1ms: stays starving
        (a, R_MU_UNLOCK_HANDOFF, STARVING | W),  # hands off to B
        (b, R_MU_LOCK_NORMAL, LOCKED),  # B: last waiter (and waited < 1ms) → back to normal
        (b, R_MU_UNLOCK_FAST, 0),
    ]
    assert [(g, r, s) for _i, g, r, s, _c in ev] == expected
    assert len({main, a, b}) == 3
    tr = res.trace
    for i, g, r, s, c in ev:
        st = tr.state_at(i + 1).mutexes[mu]  # rebuilt by replaying the trace up to this event
        assert st.state == s
        assert st.locked == bool(s & LOCKED) and st.starving == bool(s & STARVING) and st.waiters == s >> 3
        assert st.mode == ("starvation" if s & STARVING else "normal")
        if r == R_MU_UNLOCK_HANDOFF:
            assert c == (a if g == main else b)  # "Unlock: starving → handoff to G<c>"
            assert f"handoff to G{c}" in tr.describe(i)
    # the semaphore's queue: A requeued at the head (lifo) when starving, B behind it
    i_b_queued = ev[5][0]
    assert tr.state_at(i_b_queued + 2).mutexes[mu].sema.waiters == [a, b]
    # a handoff is semrelease(handoff=true): ticket 1, then goyield to the local ring's tail
    rows = tr.rows
    ready = [i for i, r in enumerate(rows) if int(r[T_KIND]) == EV_SEMREADY]
    assert [int(rows[i, T_B]) for i in ready] == [0, 1, 1]
    yields = [i for i, r in enumerate(rows) if int(r[T_KIND]) == EV_GOYIELD]
    assert [int(rows[i, T_G]) for i in yields] == [main, a]
    for i in yields:
        nxt = rows[i + 1]
        assert int(nxt[T_KIND]) == EV_RUNQPUT and int(nxt[T_A]) == 0 and int(nxt[T_REASON]) == R_GOYIELD


def test_last_waiter_switches_back_to_normal():
    """One waiter only: it is handed the starving mutex as the last waiter → normal mode."""
    src = STARVATION.replace("""	go func() { // B
		mu.Lock()
		mu.Unlock()
		done++
	}()
	runtime.Gosched() // B queues behind A
""", "").replace("done < 2", "done < 1")
    res = course.compile(src, "starve1.go").run(gomaxprocs=1, seed=0)
    assert res.stdout == "done\n"
    ev = mutex_events(res, only_mutex(res))
    assert [(r, s) for _i, _g, r, s, _c in ev][-4:] == [
        (R_MU_LOCK_STARVING, LOCKED | STARVING | W), (R_MU_UNLOCK_HANDOFF, STARVING | W),
        (R_MU_LOCK_NORMAL, LOCKED), (R_MU_UNLOCK_FAST, 0)]


def test_no_starvation_without_the_1ms_wait():
    """The same program without the 2ms hold: the woken waiter loses to the barging main but
    has not waited 1ms, so it requeues (lifo) without setting mutexStarving, and every Unlock
    wakes (normal mode) instead of handing off. (Not a shorter sleep: Go 1.19's netpoll sleeps
    at least 1ms, so does the model.)"""
    src = STARVATION.replace("2 * time.Millisecond", "0")
    res = course.compile(src, "nostarve.go").run(gomaxprocs=1, seed=0)
    assert res.stdout == "done\n"
    ev = mutex_events(res, only_mutex(res))
    assert all(s & STARVING == 0 for _i, _g, _r, s, _c in ev)
    assert R_MU_LOCK_STARVING not in [r for _i, _g, r, _s, _c in ev]
    assert [c for _i, _g, r, _s, c in ev if r == R_MU_LOCK_QUEUE][1] == 1  # the requeue is lifo


FAIRNESS = """package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	stop := make(chan bool)
	defer close(stop)
	go func() {
		for {
			mu.Lock()
			time.Sleep(100 * time.Microsecond)
			mu.Unlock()
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	done := make(chan bool, 1)
	go func() {
		for i := 0; i < 10; i++ {
			time.Sleep(100 * time.Microsecond)
			mu.Lock()
			mu.Unlock()
		}
		done <- true
	}()
	select {
	case <-done:
		fmt.Println("fair")
	case <-time.After(10 * time.Second):
		fmt.Println("can't acquire Mutex in 10 seconds")
	}
}
"""


@pytest.mark.parametrize("procs", [1, 2])
def test_mutex_fairness(procs):
    """sync/mutex_test.go TestMutexFairness: a goroutine that holds the mutex almost all the
    time cannot starve another: after 1ms of waiting the mutex goes into starvation mode and
    is handed to the waiter."""
    res = course.compile(FAIRNESS, "fair.go").run(gomaxprocs=procs, seed=1)
    assert res.stdout == "fair\n"
    reasons = [int(r[T_REASON]) for r in res.trace.rows if int(r[T_KIND]) == EV_MUTEX]
    assert R_MU_LOCK_STARVING in reasons and R_MU_UNLOCK_HANDOFF in reasons


TRYLOCK = """package main

import (
	"fmt"
	"sync"
)

func main() {
	var m sync.Mutex
	m.Lock()
	if m.TryLock() {
		fmt.Println("TryLock succeeded with mutex locked")
	}
	m.Unlock()
	if !m.TryLock() {
		fmt.Println("TryLock failed with mutex unlocked")
	}
	m.Unlock()
	c := make(chan bool)
	hammer := func(loops int) {
		for i := 0; i < loops; i++ {
			if i%3 == 0 {
				if m.TryLock() {
					m.Unlock()
				}
				continue
			}
			m.Lock()
			m.Unlock()
		}
		c <- true
	}
	for i := 0; i < 10; i++ {
		go hammer(300)
	}
	for i := 0; i < 10; i++ {
		<-c
	}
	fmt.Println("ok")
}
"""


@pytest.mark.parametrize("procs", [1, 2, 4])
def test_trylock_and_hammer(procs):
    """sync/mutex_test.go TestMutex: TryLock fails on a locked mutex and succeeds on an
    unlocked one; HammerMutex mixes TryLock and Lock from 10 goroutines. Mutual exclusion is
    checked on the trace: every acquisition finds the mutex free, every release is by the
    holder."""
    res = course.compile(TRYLOCK, "trylock.go").run(gomaxprocs=procs, seed=3)
    assert res.stdout == "ok\n" and res.exit_code == 0
    rows = res.trace.rows
    holder = None
    n_try = 0
    for r in rows:
        if int(r[T_KIND]) != EV_MUTEX:
            continue
        g, why, c = int(r[T_G]), int(r[T_REASON]), int(r[T_C])
        if why in ACQUIRED or (why == R_MU_TRYLOCK and c):
            assert holder is None, "two holders"
            holder = g
            n_try += why == R_MU_TRYLOCK
        elif why in RELEASED:
            assert holder == g, "released by a non-holder"
            holder = None
    assert holder is None and n_try > 1


SPIN = """package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	mu.Lock()
	go func() {
		mu.Lock()
		mu.Unlock()
		wg.Done()
	}()
	x := 0
	for i := 0; i < 100000; i++ {
		x += i
	}
	mu.Unlock()
	wg.Wait()
	fmt.Println(x)
}
"""


def test_spinning_needs_another_running_p():
    """canSpin: with GOMAXPROCS=1 a contended Lock never spins; with 2 Ps and the holder busy
    on the other one, the waiter spins active_spin=4 times (procyield(30) each, on its M's
    clock) before it queues on the semaphore."""
    prog = course.compile(SPIN, "spin.go")
    for procs in (1, 2):
        res = prog.run(gomaxprocs=procs, seed=0)
        assert res.stdout == "4999950000\n"
        ev = [(int(r[T_REASON]), int(r[T_C]), int(r[0])) for r in res.trace.rows if int(r[T_KIND]) == EV_MUTEX]
        spins = [c for why, c, _t in ev if why == R_MU_LOCK_SPIN]
        if procs == 1:
            assert spins == []
        else:
            assert spins == [1, 2, 3, 4]
            times = [t for why, _c, t in ev if why == R_MU_LOCK_SPIN]
            assert all(b > a for a, b in zip(times, times[1:]))  # each spin costs time
            i = [why for why, _c, _t in ev].index(R_MU_LOCK_SPIN)
            assert ev[i + 4][0] == R_MU_LOCK_QUEUE  # then it sleeps


def test_semaphore_queue_replays_to_the_kernel_state():
    """At the end of a run the replayed semaphores equal the kernel's (count and waiters)."""
    src = open("tests/conformance/programs/part2/deadlock_mutex_lock_semacquire.go").read()
    res = course.compile(src, "dl.go", go_version="1.19").run(gomaxprocs=1)
    st = res.trace.state_at(len(res.trace))
    from course.runtime2 import S_NSEMAS, SM_VAL
    S = res.state
    for a in range(int(S.sched[S_NSEMAS])):
        assert st.semas[a].value == int(S.semas[a, SM_VAL])
    mu = only_mutex(res)
    assert st.mutexes[mu].state == LOCKED | W and st.mutexes[mu].sema.waiters == [1]
    assert "goroutine 1 [semacquire]:" in res.stderr


def test_parallel_ps_contend_for_a_short_critical_section():
    """With two Ps, goroutines on both lock the same mutex around counter++: another M acts
    before each sync instruction when it is due first, so Locks find the mutex held by the
    other P and spin (canSpin) or sleep on the semaphore, as on real hardware; with one P the
    critical section is never contended."""
    src = open("tests/conformance/programs/part2/mutex_counter_gomaxprocs2.go").read()
    prog = course.compile(src, "counter.go")
    seen = {}
    for procs in (1, 2):
        res = prog.run(gomaxprocs=procs, seed=0)
        assert res.stdout == "counter: 4000\n"
        reasons = [int(r[T_REASON]) for r in res.trace.rows if int(r[T_KIND]) == EV_MUTEX]
        seen[procs] = (reasons.count(R_MU_LOCK_SPIN), reasons.count(R_MU_LOCK_QUEUE))
        check = [r for r in res.trace.rows if int(r[T_KIND]) == EV_MUTEX]
        holder = None
        for r in check:
            g, why, c = int(r[T_G]), int(r[T_REASON]), int(r[T_C])
            if why in ACQUIRED:
                assert holder is None
                holder = g
            elif why in RELEASED:
                assert holder == g
                holder = None
    assert seen[1] == (0, 0)
    assert seen[2][0] + seen[2][1] > 0  # (without the check before sync instructions: never)
