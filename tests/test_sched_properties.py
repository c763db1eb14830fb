"""Scheduler invariants, checked on random Go programs (hypothesis).

A small grammar makes Go source in the course's subset: ``main`` starts 1..40 goroutines whose
bodies mix short loops, ``runtime.Gosched()``, nested ``go`` statements, short
``time.Sleep(time.Microsecond * k)`` and ``fmt.Println``; then main waits until it is the only
goroutine left (``for runtime.NumGoroutine() > 1 { runtime.Gosched() }``), so every goroutine
must run to its end. Each program runs at GOMAXPROCS 1..4 with a seed.

The invariants are those listed in ``course/runtime2.py`` and ``course/proc.py``:
  * a G is in at most one place (a P's runnext, a P's ring, the global queue, running on a P),
    and the Gs running on Ps are ``_Grunning``;
  * a ring never holds more than 256 Gs;
  * every goroutine created runs (when main waits for them all) and exits;
  * one seed, one trace: the same run twice gives identical trace rows and output;
  * replaying the whole trace ends in the kernel's own final state;
  * with one P, no random choice reaches the schedule: the output is the same for every seed;
  * each M's clock only moves forward.
The expected failures at the end pin model bugs these checks ran into.
"""
from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import course
from course.runtime2 import (G_GOID, G_SCHEDLINK, G_STATUS, GSTATUS_NAMES, M_CURG, M_OLDP, M_STATE, MS_SYSCALL, P_M,
                             P_RUNNEXT, P_RUNQHEAD, P_RUNQTAIL, P_STATUS, PSTATUS_NAMES, RUNQ_SIZE, S_ALLGLEN,
                             S_GOMAXPROCS, S_NM, S_RUNQHEAD, S_RUNQSIZE, T_A, T_B, T_C, T_G, T_KIND, T_M, T_P, T_TIME,
                             Psyscall)
from course.traceev import (EV_EXECUTE, EV_EXIT, EV_GLOBRUNQGET, EV_GOCREATE, EV_GOEXIT, EV_NETPOLL, EV_RUNQPUT,
                            EV_STEAL)

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---- the grammar --------------------------------------------------------------------------------
def _stmt(depth: int, sleep: bool = True):
    leaves = [
        # short loops, and long ones: a new M takes ~30µs to start, so only goroutines that
        # run that long let the other Ps spin, steal and hand work around
        st.tuples(st.just("loop"), st.one_of(st.integers(1, 40), st.integers(2000, 20000))),
        st.just(("gosched",)),
        st.just(("print",)),
    ]
    if sleep:
        leaves.append(st.tuples(st.just("sleep"), st.integers(1, 10)))
    leaf = st.one_of(*leaves)
    if depth >= 2:
        return leaf
    nested = st.lists(st.deferred(lambda: _stmt(depth + 1, sleep)), max_size=3).map(lambda b: ("go", tuple(b)))
    return st.one_of(leaf, nested)


def _body(depth: int = 0, sleep: bool = True):
    return st.lists(_stmt(depth, sleep), max_size=5).map(tuple)


def _render(body, indent: int) -> list[str]:
    pad = "\t" * indent
    out: list[str] = []
    for i, s in enumerate(body):
        kind = s[0]
        if kind == "loop":
            out += [f"{pad}for j := 0; j < {s[1]}; j++ {{", f"{pad}\tsink += j", f"{pad}}}"]
        elif kind == "gosched":
            out.append(f"{pad}runtime.Gosched()")
        elif kind == "sleep":
            out.append(f"{pad}time.Sleep(time.Microsecond * {s[1]})")
        elif kind == "print":
            out.append(f'{pad}fmt.Println("g", id, {i})')
        else:  # go
            out.append(f"{pad}go func(id int) {{")
            out += _render(s[1], indent + 1)
            out.append(f"{pad}}}(id*10 + {i})")
    return out


def _uses_sleep(body) -> bool:
    return any(s[0] == "sleep" or (s[0] == "go" and _uses_sleep(s[1])) for s in body)


def render_program(goroutines, main_work: int = 0) -> str:
    imports = ['"fmt"', '"runtime"'] + (['"time"'] if any(_uses_sleep(b) for b in goroutines) else [])
    lines = ["package main", "", "import (", *("\t" + i for i in imports), ")", "", "var sink int", "",
             "func main() {"]
    for n, body in enumerate(goroutines, start=1):
        lines.append("\tgo func(id int) {")
        lines += _render(body, 2)
        lines.append(f"\t}}({n})")
    if main_work:  # main keeps P0 busy: the queued goroutines wait for a spinning M to steal them
        lines += [f"\tfor j := 0; j < {main_work}; j++ {{", "\t\tsink += j", "\t}"]
    lines += ["\tfor runtime.NumGoroutine() > 1 {", "\t\truntime.Gosched()", "\t}",
              '\tfmt.Println("done", sink)', "}", ""]
    return "\n".join(lines)


programs = st.builds(render_program, st.lists(_body(), min_size=1, max_size=40),
                     st.one_of(st.just(0), st.integers(10_000, 60_000)))
procs = st.integers(1, 4)
seeds = st.integers(0, 2**31 - 1)


@functools.lru_cache(maxsize=64)
def compiled(src: str) -> course.Program:
    return course.compile(src)


def run(src: str, gomaxprocs: int, seed: int):
    res = compiled(src).run(gomaxprocs=gomaxprocs, seed=seed)
    assert res.stopped == "exit" and res.exit_code == 0, (res.stderr, src)
    assert res.stdout.endswith("\n") and res.stdout.splitlines()[-1].startswith("done ")
    return res


def sample_steps(n: int, samples: int = 40) -> set[int]:
    """Evenly spaced steps of a trace of n events, with the first and the last."""
    return set(np.linspace(0, n, min(n + 1, samples)).astype(int).tolist()) | {0, n}


def check_one_place(step: int, tr, runnext, rings, glob, running, g_status, p_status) -> None:
    """The invariants of one scheduler state (goids; statuses as Go's names)."""
    where: dict[int, list[str]] = {}
    for p, g in enumerate(running):
        if g is not None:
            where.setdefault(g, []).append(f"running on P{p}")
    for p, g in enumerate(runnext):
        if g is not None:
            where.setdefault(g, []).append(f"runnext of P{p}")
    for p, ring in enumerate(rings):
        for g in ring:
            where.setdefault(g, []).append(f"ring of P{p}")
    for g in glob:
        where.setdefault(g, []).append("global queue")
    for g, ps in where.items():
        assert len(ps) == 1, f"after event {step}: G{g} is in {ps}"
        if ps[0].startswith("running"):
            # state_at keeps a G in a syscall on its P (in _Psyscall) until it leaves or sysmon
            # retakes the P; exitsyscall reacquires a P (ACQUIREP) just before the G leaves
            # _Gsyscall (SYSEXIT). Otherwise a G on a P is running.
            p = running.index(g)
            if p_status(p) == "_Psyscall":
                assert g_status(g) == "_Gsyscall", f"after event {step}: G{g} on P{p} in a syscall is {g_status(g)}"
            elif g_status(g) == "_Gsyscall":
                nxt = tr[step] if step < len(tr) else None
                assert nxt is not None and (nxt.kind, nxt.g) == ("SYSEXIT", g), \
                    f"after event {step}: G{g} on P{p} ({p_status(p)}) is in a syscall; next: {nxt}"
            else:
                assert g_status(g) == "_Grunning", f"after event {step}: G{g} on P{p} is {g_status(g)}"
        else:
            assert g_status(g) == "_Grunnable", f"after event {step}: G{g} is in the {ps[0]} but {g_status(g)}"


# ---- (a) a G is in one place at a time ---------------------------------------------------------
@settings(max_examples=50, **SETTINGS)
@given(src=programs, gomaxprocs=procs, seed=seeds)
def test_a_goroutine_is_in_at_most_one_place(src, gomaxprocs, seed):
    """After every event: no G in two places; queued Gs runnable, Gs on a P running. Every
    step is checked by applying the events one at a time with the replay that state_at uses
    (asking state_at for every step would replay from its last checkpoint each time); at a
    sample of steps state_at itself is asked, and must agree."""
    res = run(src, gomaxprocs, seed)
    tr = res.trace
    sampled = sample_steps(len(tr))
    st_ = tr._empty(gomaxprocs)
    for step in range(len(tr) + 1):
        if step:
            tr._apply(st_, tr.rows[step - 1])
        check_one_place(step, tr, st_["runnext"], st_["runq"], st_["global"], st_["running"],
                        lambda g: GSTATUS_NAMES[st_["g"][g]], lambda p: PSTATUS_NAMES[st_["p_status"][p]])
        if step in sampled:
            s = tr.state_at(step, nprocs=gomaxprocs)
            check_one_place(step, tr, s.runnext, s.runq, s.global_runq, s.running, s.g_status.__getitem__,
                            s.p_status.__getitem__)
            assert (s.runnext, s.runq, s.global_runq, s.running) == \
                (st_["runnext"], [list(r) for r in st_["runq"]], list(st_["global"]), st_["running"])
            assert s.g_status == {g: GSTATUS_NAMES[x] for g, x in st_["g"].items()}


# ---- (b) a ring holds at most 256 ---------------------------------------------------------------
def spawner(n: int, body) -> str:
    """main starts n goroutines in a loop (enough, at one P, to fill the ring and spill)."""
    inner = "\n".join(_render(body, 2))
    return render_program(()).replace(
        "func main() {\n", f"func main() {{\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo func(id int) {{\n{inner}\n\t\t}}(i)\n\t}}\n", 1)


@settings(max_examples=25, **SETTINGS)
@given(n=st.integers(1, 600), body=_body(1, sleep=False), gomaxprocs=procs, seed=seeds)
def test_a_ring_never_holds_more_than_256(n, body, gomaxprocs, seed):
    src = spawner(n, body)
    res = run(src, gomaxprocs, seed)
    tr = res.trace
    # After every event that adds to a ring, by replaying the events one at a time with the
    # replay state_at uses (asking state_at for each step would replay a prefix each time).
    st_ = tr._empty(gomaxprocs)
    longest = 0
    for i, row in enumerate(tr.rows):
        tr._apply(st_, row)
        if row[T_KIND] in (EV_RUNQPUT, EV_GLOBRUNQGET, EV_STEAL):
            n_ring = len(st_["runq"][row[T_P]])
            assert n_ring <= RUNQ_SIZE, f"after event {i} ({tr[i]}): P{row[T_P]}'s ring holds {n_ring}"
            longest = max(longest, n_ring)
    S = res.state
    for p in range(gomaxprocs):
        assert 0 <= S.allp[p, P_RUNQTAIL] - S.allp[p, P_RUNQHEAD] <= RUNQ_SIZE
    if gomaxprocs == 1 and n > RUNQ_SIZE:
        assert res.stats["runqputslow"] >= 1 and longest == RUNQ_SIZE, "the test does reach a full ring"


# ---- (c) every goroutine runs and exits --------------------------------------------------------
@settings(max_examples=120, **SETTINGS)
@given(src=programs, gomaxprocs=procs, seed=seeds)
def test_every_goroutine_created_runs_and_exits(src, gomaxprocs, seed):
    res = run(src, gomaxprocs, seed)
    event(f"steals: {'yes' if res.stats['steals'] else 'no'}")
    event(f"trace events: {'< 1000' if len(res.trace) < 1000 else '>= 1000'}")
    rows = res.trace.rows
    user = set(rows[(rows[:, T_KIND] == EV_GOCREATE) & (rows[:, T_C] == 0), T_G].tolist())
    ran = set(rows[rows[:, T_KIND] == EV_EXECUTE, T_G].tolist())
    exited = set(rows[rows[:, T_KIND] == EV_GOEXIT, T_G].tolist())
    assert user - ran == set(), f"never ran: {sorted(user - ran)}\n{src}"
    assert (user - {1}) - exited == set(), f"never exited: {sorted((user - {1}) - exited)}\n{src}"
    assert res.stats["goroutines_created"] >= len(user)
    assert len(user) == 1 + src.count("go func"), "main plus one G per go statement (each runs once)"


# ---- (d) one seed, one trace --------------------------------------------------------------------
@settings(max_examples=80, **SETTINGS)
@given(src=programs, gomaxprocs=procs, seed=seeds)
def test_same_seed_gives_the_same_trace(src, gomaxprocs, seed):
    a = run(src, gomaxprocs, seed)
    b = run(src, gomaxprocs, seed)
    assert np.array_equal(a.trace.rows, b.trace.rows)
    assert (a.stdout, a.stderr, a.exit_code, a.sim_time_ns) == (b.stdout, b.stderr, b.exit_code, b.sim_time_ns)


# ---- (e) the replay ends where the kernel ended -------------------------------------------------
def kernel_view(S) -> dict:
    """The kernel's queues, running Gs and statuses, in goids (what state_at reports)."""
    nprocs = int(S.sched[S_GOMAXPROCS])
    gid = S.allg[:, G_GOID]
    runnext = [int(gid[S.allp[p, P_RUNNEXT]]) if S.allp[p, P_RUNNEXT] >= 0 else None for p in range(nprocs)]
    runq = [[int(gid[S.runq[p, i % RUNQ_SIZE]]) for i in range(S.allp[p, P_RUNQHEAD], S.allp[p, P_RUNQTAIL])]
            for p in range(nprocs)]
    glob, gp = [], int(S.sched[S_RUNQHEAD])
    while gp >= 0:
        glob.append(int(gid[gp]))
        gp = int(S.allg[gp, G_SCHEDLINK])
    assert len(glob) == S.sched[S_RUNQSIZE]
    running = []
    for p in range(nprocs):
        m = int(S.allp[p, P_M])
        if S.allp[p, P_STATUS] == Psyscall:
            # state_at shows a G in a syscall on the P it holds as oldp (P_M is -1 then)
            ms = [i for i in range(int(S.sched[S_NM])) if S.allm[i, M_OLDP] == p and S.allm[i, M_STATE] == MS_SYSCALL]
            assert len(ms) == 1, f"P{p} in _Psyscall: Ms in a syscall on it: {ms}"
            m = ms[0]
        g = int(S.allm[m, M_CURG]) if m >= 0 else -1
        running.append(int(gid[g]) if g >= 0 else None)
    status = {int(gid[r]): GSTATUS_NAMES[int(S.allg[r, G_STATUS])] for r in range(int(S.sched[S_ALLGLEN]))}
    return {"runnext": runnext, "runq": runq, "global": glob, "status": status, "running": running}


@settings(max_examples=100, **SETTINGS)
@given(src=programs, gomaxprocs=procs, seed=seeds, cut=st.one_of(st.just(1.0), st.floats(0, 1)))
def test_replaying_the_whole_trace_ends_in_the_kernels_state(src, gomaxprocs, seed, cut):
    """Run to the end, or pause the kernel after a fraction `cut` of the events (max_events):
    replaying every recorded event gives the kernel's queues, running Gs and G statuses."""
    if cut < 1.0:
        n = len(run(src, gomaxprocs, seed).trace)
        res = compiled(src).run(gomaxprocs=gomaxprocs, seed=seed, max_events=max(1, int(cut * n)))
    else:
        res = run(src, gomaxprocs, seed)
    tr = res.trace
    s = tr.state_at(len(tr), nprocs=gomaxprocs)
    k = kernel_view(res.state)
    assert s.runnext == k["runnext"]
    assert s.runq == k["runq"]
    assert s.global_runq == k["global"]
    assert s.running == k["running"]
    for g, status in k["status"].items():
        assert s.g_status.get(g) == status, f"G{g}: replay {s.g_status.get(g)}, kernel {status}"
    for g in set(s.g_status) - set(k["status"]):
        # its row was reused by a later G: it must have died
        assert s.g_status[g] == "_Gdead", f"G{g} lost its row while {s.g_status[g]}"


def test_a_paused_run_does_not_say_it_exited():
    src = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tgo func() {}()\n\tfmt.Println("hi")\n}\n'
    res = course.compile(src).run(gomaxprocs=1, seed=0, max_events=5)
    assert res.stdout == "", "paused before main printed"
    assert res.stopped != "exit"


# ---- (f) one P: the seed does not matter ------------------------------------------------------
@settings(max_examples=80, **SETTINGS)
@given(src=programs, seeds_=st.lists(seeds, min_size=2, max_size=3, unique=True))
def test_one_p_output_does_not_depend_on_the_seed(src, seeds_):
    """With one P there is nobody to steal from (stealWork skips its own P), and nothing else
    in these programs draws from fastrand: the schedule, hence the output, is seed-free."""
    outs = {run(src, 1, s).stdout for s in [0] + seeds_}
    assert len(outs) == 1, src


@settings(max_examples=50, **SETTINGS)
@given(src=programs, seed=seeds)
def test_one_p_trace_does_not_depend_on_the_seed(src, seed):
    """Stronger than the output: the whole trace is the same for every seed at one P."""
    assert np.array_equal(run(src, 1, 0).trace.rows, run(src, 1, seed).trace.rows), src


# ---- time -------------------------------------------------------------------------------------
NETPOLL_PROGRAM = """package main

import "time"

var sink int

func main() {
	go func() {
		time.Sleep(time.Microsecond)
	}()
	for i := 0; i < 22000; i++ {
		sink += i
	}
}
"""


@settings(max_examples=80, **SETTINGS)
@given(src=programs, gomaxprocs=procs, seed=seeds)
def test_an_ms_events_never_go_back_in_time(src, gomaxprocs, seed):
    """Each M acts at its own clock, which only moves forward. (Ms interleave, so the trace as a
    whole need not be in time order.)"""
    rows = run(src, gomaxprocs, seed).trace.rows
    keep = np.ones(len(rows), dtype=bool)
    for m in np.unique(rows[:, T_M]):
        if m < 0:
            continue  # sysmon
        t = rows[keep & (rows[:, T_M] == m), T_TIME]
        back = np.flatnonzero(np.diff(t) < 0)
        assert len(back) == 0, f"M{m}: {t[back[0]]} then {t[back[0] + 1]}\n{src}"


def test_netpoll_block_is_stamped_when_the_m_blocks():
    """At 2 Ps, M1 steals the sleeper, finds nothing else and blocks in netpoll at ~233.7µs
    until its timer (epoll_wait rounds the 1µs up to 1ms)."""
    rows = course.compile(NETPOLL_PROGRAM).run(gomaxprocs=2, seed=0).trace.rows
    blocks = np.flatnonzero((rows[:, T_KIND] == EV_NETPOLL) & (rows[:, T_A] == 1))
    assert len(blocks) >= 1
    for i in blocks:
        assert rows[i, T_TIME] < rows[i, T_B], "blocks now, wakes at b"


def test_sim_time_is_when_the_program_exited():
    res = course.compile(NETPOLL_PROGRAM).run(gomaxprocs=2, seed=0)
    rows = res.trace.rows
    exit_time = int(rows[rows[:, T_KIND] == EV_EXIT][0, T_TIME])
    # Ms act one at a time past each other's clocks, so another M may be a few µs ahead
    assert exit_time <= res.sim_time_ns < exit_time + 10_000
