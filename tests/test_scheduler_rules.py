"""Scheduler rules, pinned on the model's trace (each test names the rule and the Go function).

The conformance corpus checks what real Go prints; these check *how* the model got there,
including rules that real Go cannot show deterministically (stealing, spinning Ms, sysmon's
retake of a P stuck in a syscall), so each is asserted on the recorded events.
"""
from __future__ import annotations

import numpy as np
import pytest

import course
from course.costs import CostModel
from course.runtime2 import T_A, T_B, T_C, T_G, T_KIND, T_P, T_REASON
from course.traceev import *  # noqa: F403

SPAWN3 = """package main

import (
	"fmt"
	"runtime"
)

func main() {
	order := ""
	for i := 0; i < 3; i++ {
		go func(n int) { order += fmt.Sprint(n) }(i)
	}
	runtime.Gosched()
	fmt.Println(order)
}
"""


def run(src: str, **kw) -> course.Result:
    return course.compile(src, "rules.go").run(**kw)


def events(res, kind):
    rows = res.trace.rows
    return rows[rows[:, T_KIND] == kind]


def test_newproc_puts_new_g_in_runnext_and_kicks_old_to_tail():
    res = run("""package main

import "runtime"

func f() {}

func main() {
	go f()
	go f()
	runtime.Gosched()
}
""", gomaxprocs=1)
    puts = events(res, EV_RUNQPUT)
    user = [r for r in puts if r[T_REASON] == R_NEWPROC and r[T_A] == 1]
    # the second go statement kicks the first goroutine out of runnext
    assert user[-1][T_B] == user[-2][T_G]
    st = res.trace.state_at(int(np.flatnonzero(res.trace.rows[:, T_KIND] == EV_GOSCHED)[0]))
    assert st.runnext[0] == user[-1][T_G]
    assert st.runq[0][-1] == user[-2][T_G]


def test_gosched_puts_g_at_global_queue_tail():
    res = run("""package main

import "runtime"

func main() {
	runtime.Gosched()
}
""", gomaxprocs=1)
    i = int(np.flatnonzero(res.trace.rows[:, T_KIND] == EV_GOSCHED)[0])
    assert res.trace.state_at(i + 1).global_runq[-1] == 1


def test_a_gosched_loop_takes_itself_from_the_global_queue_before_stealing():
    # findRunnable looks at the global queue before it steals: main's Gosched loop on P1
    # keeps taking main back, and P0's ring is left to P0 (as in Go 1.19)
    src = SLEEPERS.replace("time.Sleep(10 * time.Millisecond)", "for runtime.NumGoroutine() > 1 {\n\t\truntime.Gosched()\n\t}")
    res = run(src.replace('import "time"', 'import "runtime"'), gomaxprocs=2, seed=3)
    assert res.exit_code == 0
    assert len(events(res, EV_STEAL)) == 0
    assert res.stats["gosched"] > 100


SLEEPERS = """package main

import "time"

func spin() {
	for i := 0; i < 200000; i++ {
	}
}

func main() {
	for i := 0; i < 8; i++ {
		go spin()
	}
	time.Sleep(10 * time.Millisecond)
}
"""


def test_runnable_goroutines_are_stolen_by_a_spinning_m():
    src = SLEEPERS
    res = run(src, gomaxprocs=2, seed=3)
    assert res.exit_code == 0
    steals = events(res, EV_STEAL)
    assert len(steals) >= 1
    # runqsteal takes half (rounded up) of the victim's ring
    assert all(r[T_B] >= 1 for r in steals)
    assert res.stats["wakep"] >= 1 and len(events(res, EV_STARTM)) >= 1


def test_steal_takes_ceil_half_of_the_victims_ring():
    src = """package main

import "time"

func spin() {
	for i := 0; i < 100000; i++ {
	}
}

func main() {
	for i := 0; i < 9; i++ {
		go spin()
	}
	time.Sleep(5 * time.Millisecond)
}
"""
    res = run(src, gomaxprocs=4, seed=1)
    assert len(events(res, EV_STEAL)) >= 2
    tr = res.trace
    for idx in np.flatnonzero(tr.rows[:, T_KIND] == EV_STEAL):
        r = tr.rows[idx]
        if r[T_C]:  # took runnext
            continue
        before = tr.state_at(int(idx))
        n = len(before.runq[int(r[T_A])])
        assert r[T_B] == n - n // 2


def test_preemption_after_10ms_sends_g_to_global_queue():
    src = """package main

import (
	"fmt"
	"runtime"
)

func main() {
	done := false
	go func() {
		for !done {
		}
	}()
	runtime.Gosched()
	done = true
	fmt.Println("main ran again")
}
"""
    res = run(src, gomaxprocs=1)
    assert res.stdout == "main ran again\n"
    req = events(res, EV_PREEMPTREQ)
    assert len(req) >= 1 and req[0][T_A] >= 10_000_000  # forcePreemptNS
    assert len(events(res, EV_PREEMPT)) >= 1


def test_asyncpreemptoff_leaves_a_call_free_loop_running():
    src = """package main

import "runtime"

func main() {
	go func() {
		for {
		}
	}()
	runtime.Gosched()
}
"""
    res = course.compile(src).run(gomaxprocs=1, godebug="asyncpreemptoff=1", max_time_ns=200_000_000)
    assert res.stopped == "limit"  # main never runs again, as in Go (the program hangs)
    assert len(events(res, EV_PREEMPTREQ)) >= 1 and len(events(res, EV_PREEMPT)) == 0


def test_sysmon_retakes_p_from_a_long_syscall_and_hands_it_off():
    # a slow write(2): while main is in the syscall, sysmon retakes its P (the ring has work)
    src = """package main

import "fmt"

func work() {
	for i := 0; i < 1000; i++ {
	}
}

func main() {
	go work()
	fmt.Println("slow write")
}
"""
    res = run(src, gomaxprocs=1, costs=CostModel(syscall=200_000))
    assert res.stdout == "slow write\n"
    retakes = events(res, EV_RETAKE)
    assert len(retakes) == 1
    handoffs = events(res, EV_HANDOFFP)
    assert handoffs[0][T_A] == HANDOFF_WORK
    # the syscall returns to find its P gone: the G queues globally (exitsyscall0)
    sysexit = events(res, EV_SYSEXIT)
    assert sysexit[-1][T_A] in (SYSEXIT_NOP, SYSEXIT_IDLEP)


def test_short_syscall_keeps_its_p():
    res = run('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n', gomaxprocs=1)
    assert len(events(res, EV_RETAKE)) == 0
    assert events(res, EV_SYSEXIT)[0][T_A] == SYSEXIT_FAST


def test_timer_wakeup_readies_sleeper_into_runnext():
    src = """package main

import (
	"fmt"
	"time"
)

func main() {
	go func() {
		time.Sleep(time.Millisecond)
		fmt.Println("woke")
	}()
	time.Sleep(5 * time.Millisecond)
}
"""
    res = run(src, gomaxprocs=1)
    assert res.stdout == "woke\n"
    fires = np.flatnonzero(res.trace.rows[:, T_KIND] == EV_TIMERFIRE)
    assert len(fires) >= 1
    nxt = res.trace.rows[fires[0] + 1:fires[0] + 4, T_KIND]
    assert EV_READY in nxt and EV_RUNQPUT in nxt


def test_idle_m_waits_in_netpoll_for_the_earliest_timer_in_whole_ms():
    res = run('package main\n\nimport "time"\n\nfunc main() {\n\ttime.Sleep(1500 * time.Microsecond)\n}\n', gomaxprocs=1)
    blocks = events(res, EV_NETPOLL)
    blocks = blocks[blocks[:, T_A] == 1]
    # epoll_wait takes whole milliseconds: 1.5ms waits 1ms, then the remaining 0.5ms waits 1ms
    assert len(blocks) == 2
    assert res.sim_time_ns >= 2_000_000


def test_main_returning_ends_the_program_without_waiting():
    res = run("""package main

import "fmt"

func main() {
	go fmt.Println("never")
}
""", gomaxprocs=1)
    assert res.stdout == "" and res.exit_code == 0
    assert events(res, EV_EXIT)[0][T_REASON] == R_MAINEXIT


def test_runnext_knob_off_puts_new_goroutines_at_the_ring_tail():
    src = SPAWN3.replace("fmt.Sprint(n)", '"x"')
    on = run(src, gomaxprocs=1)
    off = run(src, gomaxprocs=1, runnext=False)
    assert on.stdout == off.stdout == "xxx\n"
    assert len(events(off, EV_RUNQPUT)[events(off, EV_RUNQPUT)[:, T_A] == 1]) == 0


def test_gomaxprocs_call_resizes_and_returns_previous():
    res = run("""package main

import (
	"fmt"
	"runtime"
)

func main() {
	a := runtime.GOMAXPROCS(4)
	b := runtime.GOMAXPROCS(0)
	c := runtime.GOMAXPROCS(1)
	fmt.Println(a, b, c, runtime.GOMAXPROCS(0))
}
""", gomaxprocs=2)
    assert res.stdout == "2 4 4 1\n"
    assert len(events(res, EV_GOMAXPROCS)) == 2


def test_one_seed_one_trace_and_seeds_change_steal_order():
    src = """package main

import "runtime"

func spin() {
	for i := 0; i < 50000; i++ {
	}
}

func main() {
	for i := 0; i < 16; i++ {
		go spin()
	}
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
}
"""
    prog = course.compile(src)
    a = prog.run(gomaxprocs=4, seed=11).trace.rows
    b = prog.run(gomaxprocs=4, seed=11).trace.rows
    assert np.array_equal(a, b)
    others = [prog.run(gomaxprocs=4, seed=s).trace.rows for s in (12, 13, 14)]
    assert any(len(o) != len(a) or not np.array_equal(o, a) for o in others)


def test_many_timers_expiring_together_lose_no_trace_event():
    src = """package main

import "time"

func main() {
	for i := 0; i < 3000; i++ {
		go func() {
			time.Sleep(time.Millisecond)
		}()
	}
	time.Sleep(5 * time.Millisecond)
}
"""
    res = run(src, gomaxprocs=1)
    assert res.exit_code == 0
    assert res.stats["trace_events_lost"] == 0
    assert res.stats["timers_run"] == 3001
    # replaying the trace still reaches the kernel's final state
    st = res.trace.state_at(len(res.trace))
    assert st.runq[0] == [] and st.global_runq == []
