"""The GC pacer (course/mgcpacer.py) and Go's TestGcPacer on it (course/gc/pacer.py).

* all 19 TestGcPacer scenarios pass the assertions of Go's test, after every cycle, for today's
  pacer (against today's test) and Go 1.19's (against Go 1.19's test);
* with version="1.19" the harness prints exactly the lines Go 1.19.8's own test logged;
* the pacer's rules one by one: the heap goal with stacks, globals and the 4 MiB * GOGC/100
  floor, GOGC=off, the memory-limit goal and its headroom, trigger bounds, runway, assist ratio,
  cons/mark, mark workers;
* the same results with the JIT off (COURSE_JIT=0 and the kernels' .py_func).
"""
from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course.mgcpacer as P
from course.gc import pacer
from course.gc._gorand import Rand

ROOT = Path(__file__).resolve().parents[1]
GO_LOG = ROOT / "course" / "gc" / "data" / "TestGcPacer.go1.19.8.log"
MiB = 1 << 20
VERSIONS = ["newest", "1.19"]


def _go_log() -> dict[str, list[str]]:
    ref: dict[str, list[str]] = collections.defaultdict(list)
    for line in GO_LOG.read_text().splitlines():
        if line and not line.startswith("#"):
            name, rest = line.split(" ", 1)
            ref[name].append(rest)
    return ref


# ---- TestGcPacer ---------------------------------------------------------------------------

def test_there_are_go_s_19_scenarios():
    assert list(pacer.SCENARIOS) == [
        "Steady", "SteadyBigStacks", "SteadyBigGlobals", "StepAlloc", "HeavyStepAlloc",
        "StepScannableFrac", "HighGOGC", "OscAlloc", "JitterAlloc", "HeavyJitterAlloc",
        "SmallHeapSlowAlloc", "MediumHeapSlowAlloc", "LargeHeapSlowAlloc", "SteadyMemoryLimit",
        "SteadyMemoryLimitNoGCPercent", "ExceedMemoryLimit", "ExceedMemoryLimitNoGCPercent",
        "MaintainMemoryLimit", "MaintainMemoryLimitNoGCPercent"]
    assert all(s.checker is not None for s in pacer.SCENARIOS.values())


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", list(pacer.SCENARIOS))
def test_scenario_passes_go_s_assertions(name, version):
    r = pacer.simulate(pacer.SCENARIOS[name], version)
    assert len(r.cycles) == pacer.SCENARIOS[name].length
    assert r.failures == [], "\n".join(r.failures[:10])


@pytest.mark.parametrize("name", list(pacer.SCENARIOS))
def test_go_1_19_pacer_logs_what_go_1_19_8_logged(name):
    """Go 1.19.8's `go test -run TestGcPacer -v runtime`, recorded: every line, every cycle."""
    ref = _go_log()[name]
    got = pacer.simulate(pacer.SCENARIOS[name], "1.19").log()
    assert len(ref) == pacer.SCENARIOS[name].length
    diff = [(i + 1, g, w) for i, (g, w) in enumerate(zip(got, ref)) if g != w]
    assert not diff, f"first difference at GC {diff[0][0]}:\n model {diff[0][1]}\n go    {diff[0][2]}"


def test_today_s_test_rejects_go_1_19_s_pacer():
    """The checks bite: Go tightened JitterAlloc's bounds when consMark became a max-of-5, and
    the memory-limit goal moved with the new headroom; Go 1.19's pacer fails both."""
    jitter = pacer.simulate(pacer.SCENARIOS["JitterAlloc"], "1.19", checks_of="newest")
    assert any("GC utilization not in range (0.250000, 0.275000)" in f for f in jitter.failures)
    limit = pacer.simulate(pacer.SCENARIOS["MaintainMemoryLimitNoGCPercent"], "1.19", checks_of="newest")
    assert limit.failures[0] == "GC 1: heap goal is not the heap limit: 535822336"
    back = pacer.simulate(pacer.SCENARIOS["SteadyMemoryLimitNoGCPercent"], "newest", checks_of="1.19")
    assert back.failures[0] == "GC 1: heap goal is not the heap limit: 520764785"


def test_a_broken_pacer_fails_the_checks(monkeypatch):
    """Start each GC at its goal instead of its trigger: assists must do all the marking, and
    Go's checks see GC CPU near 100% instead of 25%."""
    sc = pacer.SCENARIOS["Steady"].with_(gcPercent=100)
    orig = pacer._StartCycle

    def late_start(c, cf, *a):
        orig(c, cf, *a)
        c[P.C_HEAPLIVE] = P.heapGoal(c, cf) - 1000  # trigger almost at the goal
        P.revise(c, cf)

    monkeypatch.setattr(pacer, "_StartCycle", late_start)
    r = pacer.simulate(sc)
    assert "GC 25: GC utilization not in range (0.245000, 0.255000)" in r.failures[0]
    assert r.utilization[-1] > 0.9


def test_gc_utilization_settles_at_25_percent_and_goal_is_met_in_steady_state():
    r = pacer.simulate(pacer.SCENARIOS["Steady"])
    assert abs(r.utilization[-1] - 0.25) < 0.005
    assert 0.95 <= r.goal_ratio[-1] <= 1.05
    # GOGC=100 doubles the live heap (plus stacks and globals): the goal is ~2x heapMarked.
    assert 1.99 < r.goal[-1] / r.heap_marked[-1] < 2.02


def test_exceeding_the_memory_limit_drives_gc_cpu_to_100_percent():
    r = pacer.simulate(pacer.SCENARIOS["ExceedMemoryLimit"])
    assert (r.goal[13:] == r.heap_marked[13:]).all()
    assert r.utilization[-1] > 0.99 and r.assist[-1] > 0.74


def test_result_arrays_are_ready_to_plot():
    r = pacer.simulate(pacer.SCENARIOS["MaintainMemoryLimit"])
    n = len(r.cycles)
    for a in (r.heap_marked, r.trigger, r.peak, r.goal, r.utilization, r.t_trigger, r.t_end, r.cons_mark):
        assert len(a) == n
    t, heap = r.heap_timeline()
    assert len(t) == len(heap) and np.all(np.diff(t) >= 0)
    assert np.all(r.t_trigger < r.t_end) and np.all(r.t_end[:-1] <= r.t_trigger[1:])
    assert heap.max() == r.peak.max()
    tg, goal = r.step_line("goal")
    assert len(tg) == len(goal) == 2 * n and goal[-1] == r.goal[-1] and tg[-1] == r.t_end[-1]
    assert np.all(r.heap_marked <= r.trigger) and np.all(r.trigger < r.goal)
    assert str(pacer.SCENARIOS["HighGOGC"].growthRate) == \
        "constant(2.0).sum(ramp(-1.0, 12), random(0.01, 1), unit(14).delay(25))"


def test_streams_follow_go_s_definitions():
    def take(s, n):
        f = s.start()
        return [f() for _ in range(n)]
    assert take(pacer.ramp(-1.0, 4), 6) == [0.0, -0.25, -0.5, -0.75, -1.0, -1.0]
    assert take(pacer.unit(14).delay(2), 5) == [0.0, 0.0, 14.0, 0.0, 0.0]
    assert take(pacer.constant(33.0).sum(pacer.ramp(66.0, 1).delay(2)), 5) == [33.0, 33.0, 33.0, 99.0, 99.0]
    assert take(pacer.constant(5000.0).quantize(2048), 1) == [4096.0]
    assert take(pacer.constant(-5000.0).quantize(2048), 1) == [-4096.0]
    assert take(pacer.constant(2.0).limit(0, 1), 1) == [1.0]
    osc = take(pacer.oscillate(13, 0, 8), 9)
    assert osc[0] == 0.0 and osc[2] == 13.0 and osc[8] == 0.0


def test_go_math_rand_port_matches_go():
    """Values printed by go1.19.8: rand.New(rand.NewSource(seed)).Float64() and Int63()."""
    want = {0x53: [0.241754950082517, 0.31906327297469933, 0.7199668377631241, 4996227674809307823],
            0x1: [0.6046602879796196, 0.9405090880450124, 0.6645600532184904, 4037200794235010051],
            0x152: [0.4589413604661218, 0.9304359028270816, 0.6076774368209875, 2911159552348730732],
            -5: [0.1964231528691937, 0.48006842453323395, 0.020401048456542642, 3720612653564574438]}
    for seed, vals in want.items():
        r = Rand(seed)
        assert [r.float64(), r.float64(), r.float64(), r.int63()] == vals


# ---- the pacer's rules ---------------------------------------------------------------------

def ctl(gcPercent=100, limit=P.maxInt64, version="newest", **cols):
    c, cf = P.newController(gcPercent, limit, version)
    for k, v in cols.items():
        c[getattr(P, "C_" + k.upper())] = v
    P.commit(c, cf, True)
    return c, cf


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("gogc,goal", [(100, 4 * MiB), (50, 2 * MiB), (200, 8 * MiB), (0, 0)])
def test_heap_goal_floor_is_4MiB_times_gogc_over_100(gogc, goal, version):
    """Verified on go1.19.8 with an empty heap: GOGC=100 -> 4.000 MiB, 50 -> 2, 200 -> 8."""
    c, cf = ctl(gogc, version=version)
    assert c[P.C_HEAPMINIMUM] == goal
    assert P.heapGoal(c, cf) == goal


@pytest.mark.parametrize("version", VERSIONS)
def test_heap_goal_counts_stacks_and_globals(version):
    c, cf = ctl(100, version=version, heapMarked=32 * MiB, lastStackScan=1 * MiB, globalsScan=512 << 10)
    assert P.heapGoal(c, cf) == 32 * MiB + (32 * MiB + 1 * MiB + (512 << 10))
    c, cf = ctl(50, version=version, heapMarked=32 * MiB, lastStackScan=1 * MiB, globalsScan=512 << 10)
    assert P.heapGoal(c, cf) == 32 * MiB + (32 * MiB + 1 * MiB + (512 << 10)) * 50 // 100


@pytest.mark.parametrize("version", VERSIONS)
def test_gogc_off_leaves_only_the_memory_limit(version):
    c, cf = ctl(-1, version=version, heapMarked=100 * MiB)
    assert c[P.C_GCPERCENT] == -1 and c[P.C_GCPERCENTHEAPGOAL] == P.NONE  # ^uint64(0)
    assert c[P.C_HEAPMINIMUM] == ((1 << 64) - (4 << 20)) // 100  # Go's uint64 wrap-around
    goal = P.heapGoal(c, cf)
    assert goal == P.memoryLimitHeapGoal(c, cf) > (1 << 62)  # no limit: no GC in practice
    c, cf = ctl(-1, 64 * MiB, version=version, heapMarked=10 * MiB)
    assert P.heapGoal(c, cf) == pacer.applyMemoryLimitHeapGoalHeadroom(64 * MiB, version)
    assert P.setGCPercent(c, cf, -7) == -1 and c[P.C_GCPERCENT] == -1


@pytest.mark.parametrize("version,goal", [("newest", 536870912 - 16106127), ("1.19", 536870912 - MiB)])
def test_memory_limit_goal_subtracts_headroom(version, goal):
    c, cf = ctl(100, 512 * MiB, version=version, heapMarked=300 * MiB)
    assert P.memoryLimitHeapGoal(c, cf) == goal
    assert P.heapGoal(c, cf) == goal  # the GOGC goal (600 MiB) is larger: the limit binds


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_limit_goal_with_non_heap_memory_overage_and_floors(version):
    # 8 MiB of non-heap memory (mapped, not free, not heap objects) comes off the limit.
    c, cf = ctl(-1, 100 * MiB, version=version, heapMarked=1 * MiB,
                mappedReady=40 * MiB, heapFree=2 * MiB, totalAlloc=40 * MiB, totalFree=10 * MiB)
    assert P.memoryLimitHeapGoal(c, cf) == pacer.applyMemoryLimitHeapGoalHeadroom(100 * MiB - 8 * MiB, version)
    # Above the limit, the overage comes off too.
    c, cf = ctl(-1, 100 * MiB, version=version, heapMarked=1 * MiB, mappedReady=110 * MiB, totalAlloc=110 * MiB)
    assert P.memoryLimitHeapGoal(c, cf) == pacer.applyMemoryLimitHeapGoalHeadroom(90 * MiB, version)
    # Non-heap memory alone over the limit: the goal is the live heap.
    c, cf = ctl(-1, 100 * MiB, version=version, heapMarked=5 * MiB, mappedReady=120 * MiB)
    assert P.memoryLimitHeapGoal(c, cf) == 5 * MiB
    # A tiny limit: less than twice the headroom leaves just the headroom ...
    c, cf = ctl(-1, (3 * MiB) // 2, version=version)
    assert P.memoryLimitHeapGoal(c, cf) == 1 * MiB
    # ... and never below the live heap (go1.19.8: GOMEMLIMIT=20MiB keep=16MiB -> goal = live).
    c, cf = ctl(100, 20 * MiB, version=version, heapMarked=19 * MiB + 900_000)
    assert P.heapGoal(c, cf) == 19 * MiB + 900_000


@pytest.mark.parametrize("version", VERSIONS)
def test_trigger_bounds_are_45_and_61_64ths_of_the_way_to_the_goal(version):
    hm = 3 * MiB
    c, cf = ctl(100, version=version, heapMarked=hm)  # goal = 6 MiB + 0: small, so 61/64 binds
    goal = P.heapGoal(c, cf)
    c[P.C_RUNWAY] = 0  # no runway: the trigger goes as late as it may
    assert P.trigger(c, cf) == (hm + (goal - hm) // 64 * 61, goal)
    c[P.C_RUNWAY] = goal  # runway >= goal: as early as it may
    assert P.trigger(c, cf) == (hm + (goal - hm) // 64 * 45, goal)
    c[P.C_RUNWAY] = -5  # uint64(negative float): a huge runway, as on amd64
    assert P.trigger(c, cf)[0] == hm + (goal - hm) // 64 * 45
    c[P.C_RUNWAY] = (goal - hm) // 8  # in between: goal - runway
    assert P.trigger(c, cf)[0] == goal - (goal - hm) // 8
    # Large goals: the latest trigger is goal - 4 MiB, above 61/64.
    c, cf = ctl(100, version=version, heapMarked=400 * MiB)
    goal = P.heapGoal(c, cf)
    assert P.trigger(c, cf) == (goal - 4 * MiB, goal)


@pytest.mark.parametrize("version", VERSIONS)
def test_trigger_respects_the_sweep_distance_and_goal_the_minimum_runway(version):
    c, cf = ctl(100, version=version, heapMarked=1 * MiB)
    c[P.C_HEAPLIVE] = 3_900_000
    P.commit(c, cf, False)  # sweeping unfinished: trigger >= heapLive + 1 MiB, goal too
    assert c[P.C_SWEEPDISTMINTRIGGER] == 3_900_000 + MiB
    assert P.trigger(c, cf) == (3_900_000 + MiB, 3_900_000 + MiB)
    c, cf = ctl(100, version=version)
    c[P.C_TRIGGERED] = 4 * MiB  # the GC started at the goal: allow 64 KiB of runway
    assert P.heapGoal(c, cf) == 4 * MiB + (64 << 10)


@pytest.mark.parametrize("version", VERSIONS)
def test_runway_is_three_times_cons_mark_times_expected_scan_work(version):
    c, cf = ctl(100, version=version, lastHeapScan=10 * MiB, lastStackScan=1 * MiB, globalsScan=1 * MiB)
    cf[P.F_CONSMARK] = 0.5
    P.commit(c, cf, True)
    assert c[P.C_RUNWAY] == int(0.5 * 0.75 / 0.25 * 12 * MiB)


@pytest.mark.parametrize("version", VERSIONS)
def test_assist_ratio_is_remaining_work_over_remaining_heap(version):
    c, cf = ctl(100, version=version, heapMarked=10 * MiB, lastHeapScan=8 * MiB, lastStackScan=0,
                globalsScan=0, heapScan=8 * MiB)
    P.startCycle(c, cf, 0, 8, P.gcTriggerHeap)
    goal = P.heapGoal(c, cf)
    c[P.C_HEAPLIVE] = 15 * MiB
    c[P.C_HEAPSCANWORK] = 2 * MiB
    P.revise(c, cf)
    assert cf[P.F_ASSISTWORKPERBYTE] == (6 * MiB) / (goal - 15 * MiB)
    assert cf[P.F_ASSISTBYTESPERWORK] == (goal - 15 * MiB) / (6 * MiB)
    # Past the goal: aim 10% further and expect the worst-case work.
    c[P.C_HEAPLIVE] = goal + 1
    P.revise(c, cf)
    maxwork = c[P.C_HEAPSCAN] + c[P.C_MAXSTACKSCAN] + c[P.C_GLOBALSSCAN]
    assert cf[P.F_ASSISTWORKPERBYTE] == (maxwork - 2 * MiB) / (int(goal * 1.1) - goal - 1)


def test_cons_mark_newest_is_the_max_of_this_and_the_last_four_measurements():
    c, cf = ctl(100)
    measured = []
    for k, (alloc, work) in enumerate([(4, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1)]):
        c[P.C_TRIGGERED] = 10 * MiB
        c[P.C_HEAPLIVE] = 10 * MiB + alloc * MiB
        c[P.C_HEAPSCANWORK] = work * MiB
        c[P.C_ASSISTTIME] = 0
        P.endCycle(c, cf, 1_000_000, 8, False)
        measured.append(alloc * 0.25 / (work * 0.75))
        assert cf[P.F_CONSMARK] == max(measured[-5:])
    assert cf[P.F_CONSMARK] == measured[-1]  # the spike has aged out after 4 more cycles


def test_cons_mark_1_19_is_smoothed_by_a_pi_controller():
    c, cf = ctl(100, version="1.19")
    c[P.C_TRIGGERED] = 10 * MiB
    c[P.C_HEAPLIVE] = 11 * MiB
    c[P.C_HEAPSCANWORK] = MiB
    P.endCycle(c, cf, 1_000_000, 8, False)
    current = 0.25 / 0.75
    assert cf[P.F_CONSMARK] == pytest.approx(0.9 * current)  # kp * error, integral was 0
    assert cf[P.F_PI_ERRINTEGRAL] == pytest.approx(0.9 / 4.0 * current)
    out, ok = P.piControllerNext(c, cf, 0.0, float("inf"), 1.0)
    assert (out, ok) == (-1000.0, False) and c[P.C_PI_INPUTOVERFLOW] == 1
    out, ok = P.piControllerNext(c, cf, 0.0, 1e9, 1.0)
    assert out == 1000.0 and ok  # clamped


@pytest.mark.parametrize("procs,dedicated,fractional",
                         [(1, 0, 0.25), (2, 0, 0.25), (3, 0, 0.25), (4, 1, 0.0), (6, 1, 0.25 - 1 / 6),
                          (8, 2, 0.0), (16, 4, 0.0)])
def test_mark_workers_are_25_percent_of_gomaxprocs(procs, dedicated, fractional):
    c, cf = ctl(100)
    assert P.startCycle(c, cf, 0, procs, P.gcTriggerHeap) == dedicated
    assert cf[P.F_FRACTIONALUTILIZATIONGOAL] == pytest.approx(fractional)
    assert c[P.C_IDLEMARKWORKERS_MAX] == procs - dedicated
    P.startCycle(c, cf, 0, procs, P.gcTriggerTime)
    assert c[P.C_IDLEMARKWORKERS_MAX] == (0 if dedicated else 1)


def test_start_cycle_triggered_newest_is_heap_live_1_19_the_computed_trigger():
    for version in VERSIONS:
        c, cf = ctl(100, version=version, heapMarked=2 * MiB)
        computed, _ = P.trigger(c, cf)
        c[P.C_HEAPLIVE] = 5 * MiB  # the GC starts late, past the trigger
        P.startCycle(c, cf, 0, 8, P.gcTriggerHeap)
        assert c[P.C_TRIGGERED] == (5 * MiB if version == "newest" else computed)
        assert computed != 5 * MiB


def test_idle_mark_worker_count():
    """Go: mgcpacer_test.go, TestIdleMarkWorkerCount."""
    c, cf = ctl(100)
    workers = 10
    P.setMaxIdleMarkWorkers(c, cf, workers)
    for _ in range(workers):
        assert P.needIdleMarkWorker(c, cf) and P.addIdleMarkWorker(c, cf)
    assert not P.needIdleMarkWorker(c, cf) and not P.addIdleMarkWorker(c, cf)
    for _ in range(workers):
        P.removeIdleMarkWorker(c, cf)
        assert P.needIdleMarkWorker(c, cf)
    for _ in range(workers - 1):
        assert P.addIdleMarkWorker(c, cf)
    for _ in range(10):
        assert P.addIdleMarkWorker(c, cf)
        assert not P.addIdleMarkWorker(c, cf)
        P.removeIdleMarkWorker(c, cf)
    P.setMaxIdleMarkWorkers(c, cf, 0)
    assert not P.needIdleMarkWorker(c, cf) and not P.addIdleMarkWorker(c, cf)
    for _ in range(workers - 1):
        P.removeIdleMarkWorker(c, cf)
    assert not P.needIdleMarkWorker(c, cf) and not P.addIdleMarkWorker(c, cf)
    P.setMaxIdleMarkWorkers(c, cf, 1)
    assert P.needIdleMarkWorker(c, cf) and P.addIdleMarkWorker(c, cf)


def test_add_scannable_stack_batches_per_p_in_8KiB():
    c, cf = ctl(100)
    delta = np.zeros(4, np.int64)
    P.addScannableStack(c, cf, delta, 1, 4096)
    assert c[P.C_MAXSTACKSCAN] == 0 and delta[1] == 4096
    P.addScannableStack(c, cf, delta, 1, 4096)
    assert c[P.C_MAXSTACKSCAN] == 8192 and delta[1] == 0
    P.addScannableStack(c, cf, delta, -1, 2048)
    assert c[P.C_MAXSTACKSCAN] == 10240
    P.addGlobals(c, cf, 100)
    assert c[P.C_GLOBALSSCAN] == 100


def test_gogc_and_gomemlimit_parsing():
    assert [P.readGOGC(v) for v in (None, "", "off", "50", "-1", "x", "1_0", "99999999999")] == \
        [100, 100, -1, 50, -1, 100, 100, 100]
    assert P.readGOMEMLIMIT("") == P.readGOMEMLIMIT("off") == P.maxInt64
    assert [P.readGOMEMLIMIT(v) for v in ("512MiB", "1GiB", "100", "100B", "3KiB")] == \
        [512 * MiB, 1 << 30, 100, 100, 3072]
    for bad in ("5Mi", "MiB", "1.5GiB", "-1", "10kB"):
        with pytest.raises(ValueError):
            P.readGOMEMLIMIT(bad)


# ---- the JIT off -----------------------------------------------------------------------------

def test_kernels_py_func_give_the_same_results():
    """Each kernel's pure-Python function (numba's .py_func) against the compiled one."""
    if not hasattr(P.trigger, "py_func"):
        pytest.skip("COURSE_JIT=0: the kernels are already plain Python")
    for version in VERSIONS:
        for gogc, limit, hm in ((100, P.maxInt64, 30 * MiB), (-1, 512 * MiB, 300 * MiB), (1500, 64 * MiB, 70 * MiB)):
            a = ctl(gogc, limit, version, heapMarked=hm, lastHeapScan=hm // 2, globalsScan=1 << 15)
            b = (a[0].copy(), a[1].copy())
            a[1][P.F_CONSMARK] = b[1][P.F_CONSMARK] = 0.7
            for fn, args in ((P.commit, (False,)), (P.startCycle, (0, 8, P.gcTriggerHeap)), (P.revise, ()),
                             (P.endCycle, (2_000_000, 8, False)), (P.resetLive, (hm + MiB,)),
                             (P.commit, (False,))):
                a[0][P.C_HEAPLIVE] += MiB
                b[0][P.C_HEAPLIVE] += MiB
                a[0][P.C_HEAPSCANWORK] += MiB // 2
                b[0][P.C_HEAPSCANWORK] += MiB // 2
                ra = fn(*a, *args)
                rb = fn.py_func(*b, *args)
                assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]), fn.__name__
                assert (ra == rb) if not isinstance(ra, tuple) else tuple(ra) == tuple(rb)
            assert P.trigger(*a) == P.trigger.py_func(*b)
            assert P.heapGoal(*a) == P.heapGoal.py_func(*b)


def test_course_jit_0_runs_the_same_scenarios():
    """The whole harness in a fresh interpreter with COURSE_JIT=0: the same lines, cycle by cycle."""
    names = ["Steady", "HighGOGC", "MaintainMemoryLimitNoGCPercent"]
    code = ("import json, sys; from course.gc import pacer; import course._jit as j; assert not j.JIT_ENABLED;"
            f"print(json.dumps({{n + v: pacer.simulate(pacer.SCENARIOS[n], v).log() for n in {names!r} "
            f"for v in {VERSIONS!r}}}))")
    env = dict(os.environ, COURSE_JIT="0")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    plain = json.loads(out.stdout)
    for n in names:
        for v in VERSIONS:
            assert plain[n + v] == pacer.simulate(pacer.SCENARIOS[n], v).log()


def test_find_runnable_gc_worker_mode_hands_out_dedicated_then_fractional_work():
    c, cf = ctl(100)
    P.startCycle(c, cf, 1_000, 8, P.gcTriggerHeap)  # 2 dedicated workers, no fractional
    modes = [P.findRunnableGCWorkerMode(c, cf, 0, 2_000) for _ in range(3)]
    assert modes == [P.gcMarkWorkerDedicatedMode] * 2 + [P.gcMarkWorkerNotWorker]
    P.markWorkerStop(c, cf, P.gcMarkWorkerDedicatedMode, 500)
    assert c[P.C_DEDICATEDMARKWORKERSNEEDED] == 1 and c[P.C_DEDICATEDMARKTIME] == 500
    c, cf = ctl(100)
    P.startCycle(c, cf, 1_000, 2, P.gcTriggerHeap)  # GOMAXPROCS=2: one fractional worker at 25%
    assert P.findRunnableGCWorkerMode(c, cf, 0, 11_000) == P.gcMarkWorkerFractionalMode
    assert P.findRunnableGCWorkerMode(c, cf, 3_000, 11_000) == P.gcMarkWorkerNotWorker  # 30% > 25%


def test_fields_shows_go_s_names():
    c, cf = ctl(100, heapMarked=5 * MiB)
    f = P.fields(c, cf)
    assert f["heapMarked"] == 5 * MiB and f["triggered"] is None and f["gcPercent"] == 100
    assert f["lastConsMark"] == [0.0] * 4 and "consMarkController.kp" in f
    assert pacer.SCENARIOS["steady"] is pacer.SCENARIOS["Steady"]


@settings(max_examples=300, deadline=None)
@given(version=st.sampled_from(VERSIONS), gogc=st.sampled_from([-1, 0, 1, 25, 50, 100, 200, 1500]),
       limit=st.one_of(st.just(P.maxInt64), st.integers(1, 1 << 34)),
       heapMarked=st.integers(0, 1 << 33), stacks=st.integers(0, 1 << 28), globals_=st.integers(0, 1 << 26),
       runway=st.integers(-(1 << 40), 1 << 40), other=st.integers(0, 1 << 30),
       sweep=st.booleans(), live_extra=st.integers(0, 1 << 30))
def test_pacer_invariants(version, gogc, limit, heapMarked, stacks, globals_, runway, other, sweep, live_extra):
    """The module's invariants, on arbitrary controller states."""
    c, cf = P.newController(gogc, limit, version)
    c[P.C_HEAPMARKED] = heapMarked
    c[P.C_HEAPLIVE] = heapMarked + live_extra
    c[P.C_LASTSTACKSCAN] = stacks
    c[P.C_GLOBALSSCAN] = globals_
    c[P.C_TOTALALLOC] = heapMarked
    c[P.C_MAPPEDREADY] = heapMarked + other
    P.commit(c, cf, not sweep)
    c[P.C_RUNWAY] = runway
    goal, minTrigger = P.heapGoalInternal(c, cf)
    trig, goal2 = P.trigger(c, cf)
    assert goal2 == goal
    mlgoal = P.memoryLimitHeapGoal(c, cf)
    nonheap_and_overage = other + max(0, heapMarked + other - limit)
    if nonheap_and_overage >= limit:
        assert mlgoal == heapMarked
    else:  # the limit minus non-heap memory, overage and headroom; never below the live heap
        base = limit - nonheap_and_overage
        headroom = MiB if version == "1.19" else max(MiB, base // 100 * 3)
        assert mlgoal == max(headroom if base < 2 * headroom else base - headroom, heapMarked)
    if heapMarked >= goal:
        assert trig == goal
        return
    lo = max(heapMarked, minTrigger, heapMarked + (goal - heapMarked) // 64 * 45)
    hi = max(heapMarked + (goal - heapMarked) // 64 * 61, goal - (4 << 20) if goal > (4 << 20) else 0, lo)
    assert heapMarked <= trig <= goal
    assert lo <= trig <= hi
    if gogc >= 0 and mlgoal >= c[P.C_GCPERCENTHEAPGOAL]:
        want = max(heapMarked + (heapMarked + stacks + globals_) * gogc // 100, c[P.C_HEAPMINIMUM])
        assert goal == max(want, c[P.C_SWEEPDISTMINTRIGGER])
