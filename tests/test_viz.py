"""course.viz without a browser: what each view draws for a known trace.

The frames (plain data) are what the browser draws; these tests pin them against the trace
itself (``Trace.state_at``, the event rows) and against the scheduler's rules.
"""
from __future__ import annotations

import json

import pytest

import course
import course.viz as viz
from course.traceev import EV_EXECUTE, EV_GOCREATE, EV_GOSCHED, EV_STEAL, EV_SYSCALL, EV_SYSEXIT
from course.viz import frames as F
from viz_programs import WORKERS

SPIN = """package main

import (
	"fmt"
	"runtime"
)

func spin(id int, n int, done chan int) {
	s := 0
	for i := 0; i < n; i++ {
		s += i
		if i%10 == 0 {
			runtime.Gosched()
		}
	}
	done <- s
}

func busy(n int, done chan int) {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	done <- s
}

func main() {
	done := make(chan int)
	for i := 0; i < 8; i++ {
		go busy(20000, done)
	}
	for i := 0; i < 6; i++ {
		go spin(i, 60, done)
	}
	t := 0
	for i := 0; i < 14; i++ {
		t += <-done
	}
	fmt.Println(t)
}
"""


@pytest.fixture(scope="module")
def workers():
    return course.compile(WORKERS).run(gomaxprocs=2, seed=0)


@pytest.fixture(scope="module")
def spin4():
    return course.compile(SPIN).run(gomaxprocs=4, seed=3)


def _expected(st):
    return {
        "runnext": [x if x is not None else -1 for x in st.runnext],
        "runq": st.runq,
        "global": st.global_runq,
        "p_status": st.p_status,
        "p_m": st.p_m,
        "running": [x if x is not None else -1 for x in st.running],
        "g": {str(g): [s, st.g_wait.get(g, "")] for g, s in st.g_status.items()},
    }


# ---- events ----------------------------------------------------------------------------------
def test_event_table_has_every_event_with_its_words_and_reason(workers):
    tr = workers.trace
    ev = F.event_table(tr)
    assert ev["n"] == len(tr) > 50
    for i in range(len(tr)):
        e = tr[i]
        assert ev["t"][i] == e.time and ev["g"][i] == e.g and ev["p"][i] == e.p
        what, why = ev["whats"][ev["w"][i]], ev["reasons"][str(ev["r"][i])]
        assert tr.describe(i) == (f"{what} — {why}" if why else what)
    # the Go function behind a reason is the name its text starts with
    funcs = set(ev["funcs"].values())
    assert "findRunnable" in funcs and "newproc" in funcs


# ---- scheduler at a step ---------------------------------------------------------------------
@pytest.mark.parametrize("every", [1, 7, 256])
def test_scheduler_frames_decode_to_state_at_every_step(workers, every):
    tr = workers.trace
    fr = F.scheduler_frames(tr, keyframe_every=every)
    assert fr["n"] == len(tr) and len(fr["deltas"]) == len(tr)
    for s in range(len(tr) + 1):
        got = F.scheduler_state(fr, s)
        assert {k: got[k] for k in _expected(tr.state_at(s))} == _expected(tr.state_at(s)), f"step {s}"


def test_scheduler_frames_decode_with_steals_and_four_ps(spin4):
    tr = spin4.trace
    fr = F.scheduler_frames(tr, keyframe_every=64)
    assert fr["nprocs"] == 4
    for s in range(0, len(tr) + 1, 3):
        got = F.scheduler_state(fr, s)
        assert {k: got[k] for k in _expected(tr.state_at(s))} == _expected(tr.state_at(s)), f"step {s}"


def test_scheduler_shows_newproc_putting_the_new_g_in_runnext_and_kicking_the_old_to_the_ring(workers):
    tr = workers.trace
    fr = F.scheduler_frames(tr)
    kicks = [i for i in range(len(tr)) if tr[i].kind == "RUNQPUT" and tr[i].a == 1 and tr[i].b >= 0]
    assert kicks, "the program starts several goroutines in a row"
    for i in kicks:
        e = tr[i]
        st = F.scheduler_state(fr, i + 1)
        assert st["runnext"][e.p] == e.g
        assert st["runq"][e.p][-1] == e.b  # the old runnext went to the ring's tail
        assert e.g not in st["runq"][e.p]


def test_scheduler_text_names_the_event_that_made_the_step(workers):
    tr = workers.trace
    fr = F.scheduler_frames(tr)
    i = next(i for i in range(len(tr)) if tr[i].kind == "EXECUTE")
    text = F.scheduler_text(fr, i + 1)
    assert tr.describe(i) in text
    assert f"running G{tr[i].g}" in text
    w = viz.scheduler(workers)
    assert w.text(i + 1) == text
    w.step = i + 1
    assert w.text() == text


def test_ms_follow_the_m_events(spin4):
    tr = spin4.trace
    fr = F.scheduler_frames(tr)
    for i in range(len(tr)):
        e = tr[i]
        if e.kind == "STARTM":
            st = F.scheduler_state(fr, i + 1)
            assert st["ms"][str(e.c)][0] == ("spinning" if e.a else "running")
        elif e.kind == "STOPM":
            assert F.scheduler_state(fr, i + 1)["ms"][str(e.m)][0] == "idle"
        elif e.kind == "EXECUTE":
            st = F.scheduler_state(fr, i + 1)
            assert st["ms"][str(e.m)] == ["running", e.p]


# ---- timeline ------------------------------------------------------------------------------
def test_timeline_segments_are_the_stretches_each_g_ran(spin4):
    tr = spin4.trace
    tl = F.timeline_frames(tr)
    S = tl["segs"]
    assert tl["lanes"][:4] == ["P0", "P1", "P2", "P3"]
    runs = [j for j in range(len(S["p"])) if S["kind"][j] == "run"]
    # every EXECUTE begins exactly one run segment, of its G on its P, at its time
    execs = [i for i in range(len(tr)) if tr.rows[i, 4] == EV_EXECUTE]
    assert sorted(S["e0"][j] for j in runs if tr.rows[S["e0"][j], 4] == EV_EXECUTE) == execs
    for j in runs:
        e0 = tr[S["e0"][j]]
        assert S["g"][j] == e0.g and S["t0"][j] == e0.time and S["t0"][j] <= S["t1"][j]
        if e0.kind == "EXECUTE":
            assert S["p"][j] == e0.p
    # a P runs one G at a time: its segments do not overlap
    for p in range(4):
        segs = sorted((S["t0"][j], S["t1"][j]) for j in range(len(S["p"])) if S["p"][j] == p)
        for (a0, a1), (b0, _b1) in zip(segs, segs[1:]):
            assert a1 <= b0
    # a G's stretch ends with the event that stopped it
    for j in runs:
        end = tr[S["e1"][j]]
        assert end.kind in ("GOSCHED", "PREEMPT", "PARK", "GOEXIT", "SYSCALL", "EXECUTE", "RELEASEP", "EXIT") or S["e1"][j] == len(tr) - 1


def test_timeline_draws_steals_as_arrows_from_victim_to_thief(spin4):
    tr = spin4.trace
    tl = F.timeline_frames(tr)
    steals = [i for i in range(len(tr)) if tr.rows[i, 4] == EV_STEAL]
    assert steals, "idle Ps steal the busy goroutines from P0's ring"
    assert [s[0] for s in tl["steals"]] == steals
    for i, victim, thief in tl["steals"]:
        assert victim == tr[i].a and thief == tr[i].p and victim != thief


def test_timeline_shows_fmt_println_as_a_syscall_stretch(workers):
    tr = workers.trace
    tl = F.timeline_frames(tr)
    S = tl["segs"]
    sys = [j for j in range(len(S["p"])) if S["kind"][j] == "syscall"]
    n_sys = sum(1 for i in range(len(tr)) if tr.rows[i, 4] == EV_SYSCALL)
    assert len(sys) == n_sys == 10  # ten Printlns
    for j in sys:
        assert tr.rows[S["e0"][j], 4] == EV_SYSCALL and tr.rows[S["e1"][j], 4] == EV_SYSEXIT
        assert tr[S["e0"][j]].g == S["g"][j]
    text = F.timeline_text(tl)
    assert "in a syscall" in text and "P0:" in text


def test_timeline_marks_carry_their_event(workers):
    tr = workers.trace
    tl = F.timeline_frames(tr)
    creates = [i for i in range(len(tr)) if tr.rows[i, 4] == EV_GOCREATE]
    marked = [i for i, c in zip(tl["marks"]["i"], tl["marks"]["cls"]) if c == "create"]
    assert marked == creates
    gosched = [i for i, c in zip(tl["marks"]["i"], tl["marks"]["cls"]) if c == "gosched"]
    assert gosched == [i for i in range(len(tr)) if tr.rows[i, 4] == EV_GOSCHED]


# ---- widgets -------------------------------------------------------------------------------
def test_widgets_carry_json_frames_and_a_text_form(workers):
    for w in (viz.timeline(workers), viz.scheduler(workers)):
        assert not w.error
        json.dumps(w.data)  # plain data: it goes to the browser as JSON
        assert w.text()
        assert w.view in ("timeline", "scheduler")
    tl = viz.timeline(workers)
    assert tl.to_perfetto()["traceEvents"]
    assert viz.narrate(workers, 0, 5) == workers.trace.narrate(0, 5)


def test_a_view_that_cannot_be_built_says_why_in_the_view():
    w = viz.timeline(object())
    assert w.error and "trace" in w.error
    assert w.text().startswith("This view could not be drawn")
    w2 = viz.scheduler(None)
    assert w2.error



def test_timeline_shades_pauses_given_from_elsewhere(workers):
    tr = workers.trace
    t0, t1 = int(tr.rows[10, 0]), int(tr.rows[20, 0])
    w = viz.timeline(workers, spans=[(t0, t1, "GC mark termination")])
    assert not w.error
    assert [t0, t1, "GC mark termination"] in w.data["gc"]
    assert "GC mark termination" in w.text()
    assert viz.timeline(workers, spans=[(t1, t0, "backwards")]).error


def test_a_view_shows_its_text_form_where_widgets_are_not_drawn():
    # nbconvert / GitHub show text/plain: the view in words, not "<View object at 0x...>"
    from course.viz.widgets import View

    bundle = View("x", {}, text=lambda: "G1 runs on P0")._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == "G1 runs on P0"
    assert "application/vnd.jupyter.widget-view+json" in data
