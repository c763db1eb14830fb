"""GOGC and GOMEMLIMIT against GC CPU and peak memory (course/gc/costmodel.py).

The Go GC guide's qualitative claims, for its own stop-the-world model (ported) and for ours,
which marks concurrently with the real pacer, 25% background workers and assists.
"""
from __future__ import annotations

import numpy as np
import pytest

from course.gc import costmodel as cm

MODELS = {"guide": cm.guide_model, "concurrent": cm.simulate}
STEADY = cm.WORKLOADS["steady"]
FIXED_LIVE = [cm.Phase(5.0, 200.0, 2048.0, 0.0, 0.0)]  # the live heap stays what it starts at


@pytest.mark.parametrize("model", MODELS)
def test_doubling_gogc_roughly_halves_gc_cpu_and_costs_peak_memory(model):
    run = MODELS[model]
    rs = [run(STEADY, g) for g in (100, 200, 400)]
    for a, b in zip(rs, rs[1:]):
        assert 0.35 < b.gc_cpu_fraction / a.gc_cpu_fraction < 0.7
        assert b.peak_memory > 1.3 * a.peak_memory
        assert b.cycles < a.cycles


@pytest.mark.parametrize("model", MODELS)
def test_a_memory_limit_caps_the_peak_heap(model):
    for live in (10, 30, 50, 70, 85):
        r = MODELS[model](FIXED_LIVE, "off", memory_limit=100, initial_live=live)
        assert r.peak_memory <= 100.0 + 1e-9, (live, r.caption())
        assert r.cycles > 0  # GOGC=off: only the limit triggers a GC
    unlimited = MODELS[model](FIXED_LIVE, "off", initial_live=30)
    assert unlimited.cycles == 0 and unlimited.peak_memory > 900  # nothing is ever collected


@pytest.mark.parametrize("model", MODELS)
def test_gc_cpu_rises_as_the_live_heap_approaches_the_limit(model):
    cpu = [MODELS[model](FIXED_LIVE, "off", memory_limit=100, initial_live=live).gc_cpu_fraction
           for live in (10, 30, 50, 70, 85)]
    assert all(b > a for a, b in zip(cpu, cpu[1:])), cpu
    assert cpu[-1] > 5 * cpu[0]


def test_other_memory_counts_against_the_limit():
    for model in MODELS.values():
        a = model(FIXED_LIVE, "off", memory_limit=100, initial_live=30)
        b = model(FIXED_LIVE, "off", memory_limit=100, other_mem=20, initial_live=30)
        assert b.peak_heap < a.peak_heap - 15 and b.peak_memory <= 100 + 1e-9
        assert b.gc_cpu_fraction > a.gc_cpu_fraction


def test_the_cpu_limiter_trades_memory_for_cpu_near_the_limit():
    """Live heap at 95% of the limit: without the limiter the GC runs nearly all the time and
    holds the limit; Go's limiter turns assists off, so the heap goes over the limit instead."""
    on = cm.simulate(FIXED_LIVE, "off", memory_limit=100, initial_live=95)
    off = cm.simulate(FIXED_LIVE, "off", memory_limit=100, initial_live=95, limiter=False)
    assert off.peak_memory <= 100 and off.gc_cpu_fraction > 0.75
    assert on.limited_seconds > 0 and on.peak_memory > 100
    assert on.gc_cpu_fraction < off.gc_cpu_fraction - 0.2


def test_concurrent_gc_uses_25_percent_and_no_assists_when_the_pacer_keeps_up():
    r = cm.simulate(STEADY, 100)
    assert np.allclose(r.utilization[5:], 0.25, atol=0.01)
    assert r.assist_fraction < 0.002
    # While marking, the program keeps running and the GC takes about 4x as long as it would
    # stopped-the-world: the same CPU, spread over more wall time.
    mark = r.t_end - r.t_start
    g = cm.guide_model(STEADY, 100)
    assert 0.6 < r.gc_cpu_fraction / g.gc_cpu_fraction < 1.2
    assert np.median(mark) > 2.5 * np.median(g.t_end - g.t_start)


def test_assists_make_up_for_a_short_runway():
    """A small GOGC leaves little runway between the trigger's 0.7 floor and the goal: the
    background workers cannot finish in time, so allocating goroutines assist."""
    assert cm.simulate(STEADY, 25).assist_fraction > 0.01
    assert cm.simulate(STEADY, 400).assist_fraction < 0.001


def test_concurrent_marking_costs_memory_the_guide_does_not_show():
    """Allocation during marking is black (it survives the cycle: floating garbage), and the GC
    starts at the trigger, before the goal, so the heap it marks is larger."""
    for g in (50, 100, 200):
        assert cm.simulate(STEADY, g).peak_memory > cm.guide_model(STEADY, g).peak_memory


@pytest.mark.parametrize("model", MODELS)
def test_small_heaps_get_the_4MiB_minimum(model):
    """4 MiB * GOGC/100 in Go; the guide keeps 4 MiB for every GOGC."""
    r = MODELS[model]([cm.Phase(1.0, 100.0, 1024.0, 0.0, 0.0)], 100)
    assert r.goal.min() == pytest.approx(4.0) and 3.5 < r.peak_heap <= 4.1
    r50 = MODELS[model]([cm.Phase(1.0, 100.0, 1024.0, 0.0, 0.0)], 50)
    assert r50.goal.min() == pytest.approx(2.0 if model == "concurrent" else 4.0)


def test_guide_model_by_hand():
    """No live heap: a GC every 4 MiB (the guide's minimum), each costing only fixedCost."""
    r = cm.guide_model([cm.Phase(1.02, 100.0, 1024.0, 0.0, 0.0)], 100, fixed_cost=0.001)
    assert r.cycles == 25  # at 4, 8, ..., 100 MiB allocated; the last 2 MiB need no GC
    assert r.gc_cpu_fraction == pytest.approx(25 * 0.001 / (1.02 + 25 * 0.001))
    assert r.caption() == "GC CPU = 2.4%, Peak Mem = 4.0 MiB"


def test_sweep_gives_chart_arrays():
    s = cm.sweep(STEADY, (50, 100, 200, "off"), model="guide")
    assert list(s) == ["gogc", "gc_cpu", "peak_memory", "cycles"]
    assert np.all(np.diff(s["gc_cpu"]) < 0) and np.all(np.diff(s["peak_memory"]) > 0)
    assert s["gc_cpu"][-1] == 0 and s["cycles"][-1] == 0


def test_timelines_are_ready_to_plot():
    r = cm.simulate(cm.WORKLOADS["spike"], 100)
    assert len(r.t) == len(r.heap) == len(r.live) and np.all(np.diff(r.t) >= 0)
    assert np.all(r.live <= r.heap + 1e-6)
    assert r.heap.max() == pytest.approx(r.peak_heap)
    assert len(r.t_start) == len(r.goal) == len(r.peak) == r.cycles
    t, goal = r.step_line("goal")
    assert len(t) == 2 * r.cycles and np.all(np.diff(t) >= 0)


def test_go_1_19_pacer_gives_the_same_costs_in_steady_state():
    new, old = cm.simulate(STEADY, 100), cm.simulate(STEADY, 100, version="1.19")
    assert abs(old.gc_cpu_fraction - new.gc_cpu_fraction) < 0.2 * new.gc_cpu_fraction
    assert abs(old.peak_memory - new.peak_memory) < 0.2 * new.peak_memory
