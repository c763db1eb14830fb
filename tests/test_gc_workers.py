"""The GC's background mark workers and mark assists inside the simulated runtime.

Go: runtime/mgcpacer.go (startCycle: dedicated workers rounded to 25% of GOMAXPROCS, a
fractional worker for what rounding lost; findRunnableGCWorker), runtime/mgc.go
(gcBgMarkWorker, pollFractionalWorkerExit; gcStart's stop-the-world), runtime/proc.go
(findRunnable's idle-time marking) and runtime/mgcmark.go (gcAssistAlloc: background credit
stolen first). What the trace records must add up to what the gctrace line prints.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

import course
from course import mgc, mgcpacer
from course.runtime2 import O_ARGS, O_DESC, OUT_GCTRACE, S_NOUT, T_A, T_B, T_C, T_G, T_KIND, T_P, T_REASON, T_TIME
from course.traceev import (EV_GCASSIST, EV_GCEND, EV_GCSTART, EV_GCWORKER, EV_PREEMPT, R_STOPTHEWORLD)
from course.viz import frames as vf
from viz_programs import GCLIST

ROOT = Path(__file__).resolve().parents[1]
DEDICATED, FRACTIONAL, IDLE = (mgcpacer.gcMarkWorkerDedicatedMode, mgcpacer.gcMarkWorkerFractionalMode,
                               mgcpacer.gcMarkWorkerIdleMode)

# Four goroutines, each keeping a ring of 32 KiB buffers live while it churns: every P is busy
# allocating when a cycle starts.
BUSY = """package main

import (
	"fmt"
	"sync"
)

var rings = make([][][]int, 4)

func churn(k int, wg *sync.WaitGroup) {
	defer wg.Done()
	rings[k] = make([][]int, 32)
	for i := 0; i < 1500; i++ {
		rings[k][i%32] = make([]int, 4096)
	}
}

func main() {
	var wg sync.WaitGroup
	for k := 0; k < 4; k++ {
		wg.Add(1)
		go churn(k, &wg)
	}
	wg.Wait()
	fmt.Println(len(rings[0]), len(rings[3]))
}
"""

# One goroutine builds linked lists (pointerful: real heap scan work) while the other Ps have
# nothing to run: the views' GC program (tests/viz_programs.py), run longer for more cycles.
LONELY = GCLIST.replace("r < 30", "r < 100")
assert LONELY != GCLIST


@lru_cache(maxsize=None)
def run(src: str, procs: int):
    res = course.compile(src, "prog.go", go_version="1.19").run(
        gomaxprocs=procs, seed=3, env={"GOGC": "100", "GODEBUG": "gctrace=1"})
    assert res.exit_code == 0, res.stderr[-2000:]
    return res


def rows_of(res, kind):
    rows = res.trace.rows
    return rows[rows[:, T_KIND] == kind]


def cycles(res):
    """Per cycle: (start time, end time, its gctrace numbers) in order."""
    S = res.state
    lines = [S.outargs[S.out[i, O_ARGS]:S.out[i, O_ARGS] + mgc.GCTRACE_NARGS]
             for i in range(int(S.sched[S_NOUT])) if S.out[i, O_DESC] == OUT_GCTRACE]
    starts, ends = rows_of(res, EV_GCSTART), rows_of(res, EV_GCEND)
    starts = starts[:len(ends)]  # (the program may exit while a cycle marks)
    assert len(starts) == len(ends) == len(lines) > 2
    return [(int(s[T_TIME]), int(e[T_TIME]), [int(x) for x in ln]) for s, e, ln in zip(starts, ends, lines)]


def in_cycle(rows, t0, t1):
    return rows[(rows[:, T_TIME] >= t0) & (rows[:, T_TIME] <= t1)]


def test_four_busy_ps_get_one_dedicated_worker_per_cycle():
    """25% of 4 Ps is one dedicated worker and no fractional one (startCycle); it runs on a P
    whose G the sweep termination's stop-the-world sent back through findRunnable."""
    res = run(BUSY, 4)
    assert res.stdout == "32 32\n"
    w = rows_of(res, EV_GCWORKER)
    starts, stops = w[w[:, T_A] == 1], w[w[:, T_A] == 0]
    assert len(starts) == len(stops)
    assert set(starts[:, T_B].tolist()) == {DEDICATED}
    for t0, t1, line in cycles(res):
        assert len(in_cycle(starts, t0, t1)) == 1  # one dedicated worker, once per cycle
        # the sweep termination's stop-the-world stopped the Gs running on the other Ps
        pre = in_cycle(rows_of(res, EV_PREEMPT), t0, t0 + mgc.gcSweepTermNS + 1000)  # (+ gosched_m)
        assert (pre[:, T_REASON] == R_STOPTHEWORLD).sum() >= 1
        assert line[8] > 0  # gctrace's bg field: dedicated + fractional time


def test_two_ps_get_a_fractional_worker_that_keeps_to_its_share():
    """25% of 2 Ps rounds to 1 dedicated worker, 100% off: none, and a fractional worker with
    fractionalUtilizationGoal 0.25 per P instead; pollFractionalWorkerExit stops it past 1.2x."""
    res = run(BUSY, 2)
    w = rows_of(res, EV_GCWORKER)
    starts, stops = w[w[:, T_A] == 1], w[w[:, T_A] == 0]
    assert len(starts) > 0 and set(starts[:, T_B].tolist()) == {FRACTIONAL}
    chunk_ns = mgc.gcBgMarkChunk * mgc.gcScanPSPerByte // 1000 + mgc.globalsBSS[True] * mgc.gcScanPSPerByte // 1000
    for t0, t1, _line in cycles(res):
        for p in (0, 1):
            mine = in_cycle(stops, t0, t1)
            ran = int(mine[mine[:, T_P] == p][:, T_C].sum())
            mark = t1 - t0
            # its share of the mark, give or take the one piece of work it was doing (a root job)
            assert ran <= 1.2 * 0.25 * mark + chunk_ns


def test_one_p_busy_goroutine_leaves_the_fractional_worker_little_time_as_in_go():
    """At GOMAXPROCS=1 a goroutine that never blocks leaves the fractional worker a P only when
    sysmon preempts it (every 10 ms) during a mark: the assists do nearly all the work. In
    go1.19.8's recorded gctrace lines of ring_churn at GOMAXPROCS=1, 2% of the cycles show
    background or idle time."""
    res = run(BUSY.replace("k < 4", "k < 1"), 1)
    cyc = cycles(res)
    with_bg = sum(1 for *_t, line in cyc if line[8] or line[9])
    assert with_bg <= max(1, 0.05 * len(cyc))
    w = rows_of(res, EV_GCWORKER)
    assert set(w[:, T_B].tolist()) <= {FRACTIONAL}
    rec = json.loads((ROOT / "tests/gctrace/recorded/ring_churn.json").read_text())
    cpu = [ln.split(" ms clock, ")[1].split(" ms cpu")[0].split("+")[1].split("/")
           for s in rec["settings"] for r in s["runs"] for ln in r["gctrace"] if "(forced)" not in ln]
    real = sum(1 for _assist, bg, idle in cpu if bg != "0" or idle != "0") / len(cpu)
    assert 0 < real < 0.05


def test_idle_ps_mark_in_idle_time():
    """With one goroutine and 4 Ps: a dedicated worker, and the Ps with nothing to run mark
    in idle time (findRunnable's gcMarkWorkerIdleMode) instead of stopping."""
    res = run(LONELY, 4)
    assert res.stdout == "19999\n"
    starts = rows_of(res, EV_GCWORKER)
    modes = Counter(starts[starts[:, T_A] == 1][:, T_B].tolist())
    assert modes[DEDICATED] > 0 and modes[IDLE] > 0
    assert sum(line[9] for *_t, line in cycles(res)) > 0  # gctrace's idle field


@pytest.mark.parametrize("src,procs", [(BUSY, 4), (BUSY, 2), (LONELY, 4), (LONELY, 1)])
def test_trace_adds_up_to_the_gctrace_line(src, procs):
    """Each cycle's assists (EV_GCASSIST's durations) add up to its gctrace assist time, and its
    workers' stints (EV_GCWORKER stops) to bg + idle; an assist is stamped where it starts."""
    res = run(src, procs)
    assists, w = rows_of(res, EV_GCASSIST), rows_of(res, EV_GCWORKER)
    stops = w[w[:, T_A] == 0]
    assert len(assists) > 0
    for t0, t1, line in cycles(res):
        a = in_cycle(assists, t0, t1)
        assert int(a[:, T_B].sum()) == line[7]
        assert (a[:, T_G] >= 0).all() and (a[:, T_A] > 0).all()
        assert int(in_cycle(stops, t0, t1)[:, T_C].sum()) == line[8] + line[9]


@pytest.mark.parametrize("procs", [4, 2])
def test_assists_steal_background_credit(procs):
    """While a worker flushes credit, the Gs that allocate take it before scanning
    (gcAssistAlloc); the credit taken never exceeds what the workers did."""
    res = run(BUSY, procs)
    a, w = rows_of(res, EV_GCASSIST), rows_of(res, EV_GCWORKER)
    assert (a[:, T_C] > 0).any()
    stops = w[w[:, T_A] == 0]
    for t0, t1, _line in cycles(res):
        worker_work = int(in_cycle(stops, t0, t1)[:, T_C].sum()) * 1000 // mgc.gcScanPSPerByte
        assert int(in_cycle(a, t0, t1)[:, T_C].sum()) <= worker_work + mgc.gcBgMarkChunk


def test_timeline_and_scheduler_show_workers_and_assists():
    res = run(LONELY, 4)
    fr = vf.timeline_frames(res.trace)
    kinds = Counter(fr["segs"]["kind"])
    w = rows_of(res, EV_GCWORKER)
    assert kinds["mark"] == int((w[:, T_A] == 1).sum())
    assert kinds["assist"] == len(rows_of(res, EV_GCASSIST))
    labels = [g[2] for g in fr["gc"]]
    ncycles = len(rows_of(res, EV_GCSTART))
    assert sum("sweep termination" in x for x in labels) == ncycles
    assert sum("mark termination" in x for x in labels) == ncycles
    text = vf.timeline_text(fr)
    assert "mark worker" in text and "assists the GC's mark" in text
    sf = vf.scheduler_frames(res.trace)
    first = int(((res.trace.rows[:, T_KIND] == EV_GCWORKER) & (res.trace.rows[:, T_A] == 1)).argmax())
    assert "GC mark worker (" in vf.scheduler_text(sf, first + 1)
