"""course.viz without a browser: the G state machine, channel, source, compare, heap,
tri-colour and mutex views — what each draws for a known run or known data."""
from __future__ import annotations

import json
import re
import shutil

import numpy as np
import pytest

import course
import course.viz as viz
from course.viz import frames as F
from course.viz import graphviz as G
from viz_programs import MUTEX, SELECT3, WORKERS

SELECT = """package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			a <- i
		}
	}()
	go func() {
		for i := 0; i < 3; i++ {
			b <- 10 + i
		}
	}()
	for i := 0; i < 6; i++ {
		select {
		case v := <-a:
			fmt.Println("a", v)
		case v := <-b:
			fmt.Println("b", v)
		}
	}
}
"""


@pytest.fixture(scope="module")
def workers_prog():
    return course.compile(WORKERS)


@pytest.fixture(scope="module")
def workers(workers_prog):
    return workers_prog.run(gomaxprocs=2, seed=0)


# ---- G state machine -------------------------------------------------------------------------
def test_gstates_lights_each_status_change_and_counts_it(workers):
    tr = workers.trace
    fr = F.gstate_frames(tr)
    edges = [tuple(e[:2]) for e in fr["edges"]]
    for s in range(1, len(tr) + 1):
        before, after = tr.state_at(s - 1).g_status, tr.state_at(s).g_status
        g = tr[s - 1].g
        k = fr["tr"][s - 1]
        if g in after and before.get(g) != after[g]:
            assert k >= 0 and edges[k][1] == after[g] and edges[k][0] == before.get(g, "_Gidle"), f"step {s}"
            assert fr["tg"][s - 1] == g
        elif tr[s - 1].kind != "GOCREATE":
            assert k == -1, f"step {s}: nothing changed status"
    counts = F.gstate_counts(fr, len(tr))
    execs = sum(1 for e in tr if e.kind == "EXECUTE" and e.g >= 0)
    assert counts[edges.index(("_Grunnable", "_Grunning"))] == execs
    assert counts[edges.index(("_Grunning", "_Gsyscall"))] == 10  # ten Printlns
    assert "_Grunnable → _Grunning (execute)" in F.gstate_text(fr, len(tr))


def test_gstates_svg_has_an_element_to_light_for_every_edge_and_state(workers):
    w = viz.gstates(workers)
    assert not w.error
    svg = w.data["svg"]
    assert svg.lstrip().startswith("<svg")
    for k in range(len(w.data["edges"])):
        assert f'id="e{k}"' in svg
    for s in w.data["states"]:
        assert f'id="n{s}"' in svg
    fb = F.gstate_fallback_svg(w.data)  # the drawing without Graphviz has the same handles
    for k in range(len(w.data["edges"])):
        assert f'id="e{k}"' in fb


@pytest.mark.skipif(not shutil.which("dot"), reason="needs Graphviz's dot")
def test_graphviz_renders_with_dot_and_falls_back_without_it():
    svg, engine = G.render_svg("digraph { a -> b }")
    assert engine == "dot" and "<svg" in svg
    svg2, engine2 = G.render_svg("digraph { a -> b }", engines=())
    assert svg2 is None and engine2 == "none"
    pos, eng = G.layout(["a", "b", "c"], [("a", "b"), ("b", "c")], engines=())
    assert eng == "builtin" and pos["a"][1] < pos["b"][1] < pos["c"][1]


def test_graphviz_renders_through_pygraphviz_without_dot():
    pytest.importorskip("pygraphviz")
    svg, engine = G.render_svg('digraph { a -> b [id="e0"] }', engines=("pygraphviz",))
    assert engine == "pygraphviz" and svg.startswith("<svg") and 'id="e0"' in svg
    pos, eng = G.layout(["a", "b"], [("a", "b")], engines=("pygraphviz",))
    assert eng == "pygraphviz" and pos["a"][1] < pos["b"][1]


# ---- channel -------------------------------------------------------------------------------
def test_channel_ring_matches_the_hchan_buffer_at_every_change(workers):
    tr = workers.trace
    cid = F.resolve_channel(tr, "ch")
    fr = F.channel_frames(tr, cid, "ch")
    assert fr["points"][0]["cap"] == 3
    for pt in fr["points"]:
        st = tr.state_at(pt["s"]).chans[cid]
        cap = pt["cap"]
        ring_from_recvx = [pt["buf"][(pt["recvx"] + j) % cap] for j in range(pt["qcount"])]
        assert ring_from_recvx == st.buf == pt["values"], pt
        assert pt["qcount"] == st.qcount and pt["closed"] == st.closed
        assert [g for g, _v, _s in pt["recvq"]] == st.recvq and [g for g, _v, _s in pt["sendq"]] == st.sendq
        assert (pt["sendx"] - pt["recvx"]) % cap == pt["qcount"] % cap
    # the main goroutine blocks on the full buffer sending 3; its sudog carries the value
    waits = [pt for pt in fr["points"] if pt["sendq"]]
    assert waits and waits[0]["sendq"][0][1] == 3
    assert fr["points"][-1]["closed"]


def test_channel_by_name_and_by_id(workers):
    tr = workers.trace
    made = F.channel_ids(tr)
    assert [cap for _c, cap, _i in made] == [3, 0]
    assert F.resolve_channel(tr, "ch") == made[0][0] and F.resolve_channel(tr, "done") == made[1][0]
    assert F.resolve_channel(tr, made[1][0]) == made[1][0]
    w = viz.channel(workers, "nosuch")
    assert w.error and "cannot tell" in w.error
    t = viz.channel(workers, "done").text()
    assert "chan 1 (done): cap 0" in t and "recvq: G1" in t


def test_channel_in_a_select_marks_select_sudogs_and_shows_each_selects_orders():
    res = course.compile(SELECT).run(gomaxprocs=1, seed=2)
    assert res.exit_code == 0
    w = viz.channel(res, "a")
    assert not w.error
    fr = w.data
    sel = [q for pt in fr["points"] for q in pt["recvq"] if q[2]]
    assert sel, "main waits in a select on both channels"
    sels = fr["select_orders"]
    assert sels and all(sorted(x["poll"]) == [0, 1] and x["lock"] == [0, 1] for x in sels)
    # every select listed has a case on chan a (id 0): the one it took, or a sudog it queued there
    assert all(any(ch == 0 for _c, ch, _d in x["cases"]) for x in sels)
    assert "poll order" in w.text() and "not recorded" not in w.text()


# The same cases, all ready at once (b has room), so pass 1 takes the poll order's first case.
SELECT3_READY = """package main

import "fmt"

func main() {
	c := make(chan int, 1)
	a := make(chan int, 1)
	b := make(chan int, 1)
	a <- 1
	c <- 3
	select {
	case v := <-a:
		fmt.Println("a", v)
	case b <- 2:
		fmt.Println("b")
	case v := <-c:
		fmt.Println("c", v)
	}
}
"""


def test_select_records_a_poll_order_permutation_and_a_lock_order_sorted_by_channel():
    res = course.compile(SELECT3).run(gomaxprocs=1, seed=0)
    assert res.stdout == "a 7\n" and res.stats["trace_events_lost"] == 0
    sels = F.select_records(res.trace)
    assert len(sels) == 1
    sel = sels[0]
    assert sel["ncases"] == 3 and sorted(sel["poll"]) == [0, 1, 2]
    assert sel["lock"] == [2, 0, 1]
    # it blocked: pass 2 queued a sudog per case in lock order, so every case's channel is known
    assert sel["how"] == "blocked" and sel["cases"] == [[0, 1, "recv"], [1, 2, "send"], [2, 0, "recv"]]
    chans = {case: ch for case, ch, _d in sel["cases"]}
    assert [chans[k] for k in sel["lock"]] == [0, 1, 2]
    assert sel["chosen"] == 0 and sel["chosen_s"] > sel["s"]
    # the chosen case and its step agree with the EV_SELECT that pass 3 recorded
    ev = res.trace[sel["chosen_s"] - 1]
    assert ev.kind == "SELECT" and ev.g == sel["g"] and ev.a == 0 and ev.b == 1
    # each of the three channels lists it
    for cid in (0, 1, 2):
        assert [x["s"] for x in F.channel_frames(res.trace, cid)["select_orders"]] == [sel["s"]]


def test_select_poll_order_varies_with_the_seed_and_the_lock_order_does_not():
    prog = course.compile(SELECT3_READY)
    polls, locks, firsts = set(), set(), set()
    for seed in range(24):
        res = prog.run(gomaxprocs=1, seed=seed)
        (sel,) = F.select_records(res.trace)
        assert sorted(sel["poll"]) == [0, 1, 2]
        polls.add(tuple(sel["poll"]))
        locks.add(tuple(sel["lock"]))
        # every case is ready (a and c hold a value, b has room): pass 1 takes the poll order's first
        assert sel["how"] == "poll" and sel["chosen"] == sel["poll"][0]
        assert res.stdout == ["a 1\n", "b\n", "c 3\n"][sel["poll"][0]]
        firsts.add(sel["poll"][0])
    assert len(polls) >= 4, polls  # fastrandn's shuffle: no fixed order
    assert firsts == {0, 1, 2}
    assert locks == {(2, 0, 1)}


def test_channel_text_tells_the_poll_order_the_lock_order_and_the_choice():
    res = course.compile(SELECT3).run(gomaxprocs=1, seed=0)
    fr = F.channel_frames(res.trace, 1, "a")
    (sel,) = fr["select_orders"]
    poll = ",".join(map(str, sel["poll"]))
    text = F.channel_text(fr)
    want = (f"select by G{sel['g']} at step {sel['s']}: poll order {poll} (case {sel['poll'][0]} first); "
            f"lock order 2,0,1 (chan 0, chan 1, chan 2); chose case 0 (recv on chan 1) when woken at step {sel['chosen_s']}")
    assert want in text, text
    # at the select's own step the orders are known but the choice is not made yet
    at = F.channel_text(fr, sel["s"])
    assert f"poll order {poll}" in at and "no case chosen yet at this step" in at
    assert "chose case 0" in F.channel_text(fr, sel["chosen_s"])
    # the event itself, in the narration
    ev = res.trace[sel["ev"]]
    assert ev.kind == "SELECTORDER" and f"poll order {poll}, lock order 2,0,1" in ev.reason


def _wide_select(n: int) -> str:
    cases = "".join(f"\tcase v := <-ch:\n\t\tfmt.Println({i}, v)\n" for i in range(n))
    return ("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int, 1)\n\tch <- 5\n"
            f"\tselect {{\n{cases}\t}}\n}}\n")


def test_select_orders_unpack_up_to_15_cases_and_say_so_beyond():
    from course.trace import select_order

    assert select_order(0xFFFFFFFFFFF3210, 4) == [0, 1, 2, 3]
    assert select_order(0xFFFFFFFFFFFFF21, 3) == [1, 2]  # a case on a nil channel is in neither order
    assert select_order(0, -1) is None
    res15 = course.compile(_wide_select(15)).run(gomaxprocs=1, seed=3)
    (sel,) = F.select_records(res15.trace)
    assert sel["ncases"] == 15 and sorted(sel["poll"]) == list(range(15)) and sorted(sel["lock"]) == list(range(15))
    assert res15.stdout == f"{sel['poll'][0]} 5\n"  # all on one ready channel: the first in poll order wins
    res16 = course.compile(_wide_select(16)).run(gomaxprocs=1, seed=3)
    (sel,) = F.select_records(res16.trace)
    assert sel["ncases"] == -1 and sel["poll"] is None and sel["lock"] is None
    assert sel["how"] == "poll" and 0 <= sel["chosen"] < 16
    fr = F.channel_frames(res16.trace, 0, "ch")
    text = F.channel_text(fr)
    assert "more than 15 cases: its poll order and lock order are too long for the trace, not recorded" in text
    assert f"chose case {sel['chosen']} (recv on chan 0) in pass 1" in text
    assert "more than 15 cases" in res16.trace[sel["ev"]].reason
    json.dumps(fr)


def test_select_with_a_nil_channel_leaves_it_out_of_both_orders():
    src = SELECT3.replace("c := make(chan int)", "var c chan int")
    res = course.compile(src).run(gomaxprocs=1, seed=0)
    assert res.stdout == "a 7\n"
    (sel,) = F.select_records(res.trace)
    assert sel["ncases"] == 3 and sorted(sel["poll"]) == [0, 1] and sel["lock"] == [0, 1]
    assert "(1 on nil channels, in neither)" in res.trace[sel["ev"]].reason


# ---- source --------------------------------------------------------------------------------
def test_source_marks_where_each_goroutine_stopped(workers_prog, workers):
    w = viz.source(workers, workers_prog, gomaxprocs=2, seed=0)
    assert not w.error, w.error
    fr = w.data
    lines = fr["lines"]
    tr = workers.trace
    send_line = next(k for k, l in enumerate(lines, 1) if "ch <- i" in l)
    sched_line = next(k for k, l in enumerate(lines, 1) if "runtime.Gosched()" in l)
    # after main parks on the full channel, it is marked on its send
    park = next(i for i in range(len(tr)) if tr[i].kind == "PARK" and tr[i].g == 1)
    at = F.source_at(fr, park + 1)
    assert at[1] == (send_line, "at")
    # after a worker yields, it is marked on its Gosched
    gs = next(i for i in range(len(tr)) if tr[i].kind == "GOSCHED")
    assert F.source_at(fr, gs + 1)[tr[gs].g] == (sched_line, "at")
    assert f"{send_line:>4}" in F.source_text(fr, park + 1) and "◀ G1" in F.source_text(fr, park + 1)


def test_source_refuses_a_rerun_that_does_not_match(workers_prog, workers):
    w = viz.source(workers, workers_prog, gomaxprocs=1, seed=0)
    assert "different trace" in w.error
    assert "prog" in viz.source(workers).error


GARBAGE = """package main

import "fmt"

type Node struct {
	val  int
	next *Node
}

func churn(n int) int {
	var h *Node
	for i := 0; i < n; i++ {
		h = &Node{val: i, next: h}
	}
	return h.val
}

func main() {
	s := 0
	for i := 0; i < 200; i++ {
		s += churn(2000)
	}
	fmt.Println(s)
}
"""


def test_source_reruns_with_the_runs_gogc_from_its_environment():
    # the re-run reads GOGC (and GOMAXPROCS, GODEBUG, GOMEMLIMIT) from the run's env as Program.run does:
    # at GOGC=25 the heap's trigger starts more cycles than at the default 100, and the traces must agree
    prog = course.compile(GARBAGE)
    env = {"GOGC": "25", "GOMAXPROCS": "1"}
    res = prog.run(seed=0, env=env)
    assert res.stdout == "399800\n"
    cycles = sum(1 for e in res.trace if e.kind == "GCSTART")
    assert cycles > sum(1 for e in prog.run(seed=0, env={"GOMAXPROCS": "1"}).trace if e.kind == "GCSTART") > 0
    w = viz.source(res, prog, seed=0, env=env)
    assert not w.error, w.error


# ---- compare ---------------------------------------------------------------------------------
def test_compare_calls_out_what_differs(workers_prog):
    a = workers_prog.run(gomaxprocs=1, seed=0)
    b = workers_prog.run(gomaxprocs=4, seed=0)
    w = viz.compare(a, b, labels=("GOMAXPROCS=1", "GOMAXPROCS=4"))
    assert not w.error
    fr = w.data
    rows = {r[0]: r for r in fr["rows"]}
    assert rows["GOMAXPROCS"][1:] == [1, 4, True]
    assert rows["events"][1:3] == [len(a.trace), len(b.trace)]
    assert fr["t0"] <= min(fr["a"]["t_start"], fr["b"]["t_start"]) and fr["t1"] >= max(fr["a"]["t_end"], fr["b"]["t_end"])
    assert fr["diverge"] == F.first_divergence(a.trace, b.trace) >= 0
    assert any("GOMAXPROCS: GOMAXPROCS=1 1, GOMAXPROCS=4 4" in c for c in fr["callouts"])
    assert "← differs" in w.text()
    same = viz.compare(a, workers_prog.run(gomaxprocs=1, seed=0))
    assert "exactly the same decisions" in same.text()


def test_compare_runnext_on_against_off(workers_prog):
    a = workers_prog.run(gomaxprocs=1, seed=0)
    b = workers_prog.run(gomaxprocs=1, seed=0, runnext=False)
    fr = F.compare_frames(a, b, ("runnext on", "runnext off"))
    sd = F.first_schedule_difference(a.trace, b.trace)
    assert sd >= 0, "without runnext, goroutines run in another order"
    assert any("different order" in c for c in fr["callouts"])


# ---- heap (synthetic data: the pacer model feeds the same interface) ---------------------------
def _sawtooth(gogc: int, limit=None, cycles: int = 4):
    live = 4 << 20
    goal = live * (1 + gogc / 100) if gogc >= 0 else 64 << 20
    if limit:
        goal = min(goal, limit)
    trigger = live + 0.9 * (goal - live)
    t, heap = [], []
    for c in range(cycles):
        t += [c * 10e6, c * 10e6 + 9e6]
        heap += [live, goal]
    return {"t": t, "heap": heap, "goal": [goal] * len(t), "trigger": [trigger] * len(t), "gc_cpu": 0.25 * 100 / max(gogc, 1)}


def test_heap_frames_readouts_and_cycles():
    fr = F.heap_frames(_sawtooth(100))
    assert fr["peak"] == max(fr["heap"]) == 8 << 20
    assert fr["cycles"] == 3  # the heap drops three times
    text = F.heap_text(fr)
    assert "peak memory 8.00 MiB" in text and text.count("GC ends") == 3
    with pytest.raises(ValueError, match="points"):
        F.heap_frames({"t": [0, 1], "heap": [1], "goal": [1, 1], "trigger": [1, 1]})
    assert fr["marks"] == [] and fr["gc_cpu_parts"] is None and "concurrent marks" not in text
    with pytest.raises(ValueError, match="mark ends before"):
        F.heap_frames(dict(_sawtooth(100), marks=[[5e6, 4e6]]))


def test_heap_view_from_the_pacer_shows_its_marks_and_the_workers_share():
    """A TestGcPacer scenario: each cycle marks from its trigger to its end, and its GC CPU is the
    background workers' 25% plus the assists' share (the harness's utilization)."""
    from course.gc import pacer

    r = pacer.simulate(pacer.SCENARIOS["HeavyStepAlloc"], "1.19")
    fr = F.heap_frames(F.heap_from_pacer(r))
    assert len(fr["marks"]) == len(r.t_end) and all(a <= b for a, b in fr["marks"])
    parts = fr["gc_cpu_parts"]
    assert parts["background"] > 0 and parts["assist"] > 0  # this scenario needs assists
    assert parts["background"] + parts["assist"] == pytest.approx(fr["gc_cpu"])
    assert "GC CPU by kind: background mark workers (the 25%)" in F.heap_text(fr)


def test_heap_controls_rerun_the_model_and_failures_show_in_the_view():
    calls = []

    def sim(gogc, limit):
        calls.append((gogc, limit))
        if gogc == 13:
            raise RuntimeError("the pacer blew up")
        return _sawtooth(gogc, limit)

    w = viz.heap(simulate=sim, gogc=100)
    assert not w.error and w.controls["enabled"]
    assert w.data["peak"] == 8 << 20
    w.params = {"gogc": 200, "limit_mib": 0}
    assert calls[-1] == (200, None) and w.data["peak"] == 12 << 20
    w.params = {"gogc": 200, "limit_mib": 10}
    assert calls[-1] == (200, 10 << 20) and w.data["peak"] == 10 << 20 and w.data["limit"] == 10 << 20
    w.params = {"gogc": 13, "limit_mib": 0}
    assert "the pacer blew up" in w.error
    w.params = {"gogc": "off", "limit_mib": 0}
    assert calls[-1] == (-1, None) and not w.error


def test_heap_from_the_pacer_model_when_it_is_there():
    pacer = pytest.importorskip("course.gc.pacer")
    res = pacer.simulate(pacer.SCENARIOS["Steady"])
    w = viz.heap(res)
    assert not w.error, w.error
    fr = w.data
    t, heap = res.heap_timeline()
    assert len(fr["t"]) == len(t) and fr["peak"] == pytest.approx(float(np.max(res.peak)))
    assert all(g >= tr for g, tr in zip(fr["goal"], fr["trigger"]))
    json.dumps(fr)


# ---- tri-colour ----------------------------------------------------------------------------
def test_tricolor_layout_is_computed_once_and_colours_follow_the_steps():
    steps = [
        {"colors": {"root": "grey"}, "note": "start"},
        {"colors": {"root": "black", "A": "grey"}, "note": "scan root"},
        {"colors": {"B": "grey"}, "add": [("A", "C")], "remove": [("A", "B")], "shade": ["B"], "note": "A.f = C: the barrier shades B"},
        {"colors": {"A": "black", "C": "grey"}, "note": "scan A"},
    ]
    fr = F.tricolor_frames(["root", "A", "B", "C"], [("root", "A"), ("A", "B")], steps, roots=["root"])
    assert [s["c"] for s in fr["steps"]] == ["gwww", "bgww", "bggw", "bbgg"]
    assert fr["steps"][2]["shade"] == [2]
    assert [1, 3] in fr["steps"][2]["e"] and [1, 2] not in fr["steps"][2]["e"]
    assert len(fr["pos"]) == 4 and all(0 <= x <= 1 and 0 <= y <= 1 for x, y in fr["pos"])
    assert fr["pos"][0][1] < fr["pos"][1][1]  # root above A
    assert "the write barrier shaded B" in F.tricolor_text(fr)
    with pytest.raises(ValueError, match="colour"):
        F.tricolor_frames(["A"], [], [{"colors": {"A": "purple"}}])


def test_tricolor_from_the_gc_model_shows_the_write_barrier():
    T = pytest.importorskip("course.gc.tricolor")
    m = T.Model({"A": {"f": "B"}, "B": {"f": None}, "C": {"f": None}}, {"g1": {"x": "A", "y": "C"}})
    events = T.run(m, ["gc: start", "gc: scan g1", "g1: x.f = y", "gc: mark A", "gc: mark C"])
    w = viz.tricolor(events)
    assert not w.error, w.error
    fr = w.data
    b = fr["nodes"].index("B")
    wb = fr["steps"][2]
    assert wb["shade"] == [b] and wb["c"][b] == "g"  # the mutator's write greyed B through the barrier
    assert fr["steps"][1]["shade"] == []  # a GC scan is not the barrier
    assert "write barrier shaded B" in w.text()


# ---- mutex ---------------------------------------------------------------------------------
def test_mutex_state_word_bits():
    fr = F.mutex_frames([{"t": 0, "state": 0}, {"t": 5, "locked": True, "waiters": 2, "queue": [7, 8]},
                         {"t": 9, "state": 1 | 4 | (1 << 3)}])
    p = fr["points"]
    assert p[1]["state"] == 1 | (2 << 3) and p[1]["waiters"] == 2 and p[1]["queue"] == [7, 8]
    assert p[2]["starving"] and p[2]["locked"] and not p[2]["woken"] and p[2]["waiters"] == 1
    assert "starvation mode" in F.mutex_text(fr, 2)


def test_mutex_from_a_run_matches_state_at_and_shows_starvation():
    prog = course.compile(MUTEX)
    res = prog.run(gomaxprocs=2, seed=0)
    mid, pts = F.mutex_points_from_trace(res.trace)
    for p in pts:
        m = res.trace.state_at(p["step"]).mutexes[mid]
        assert (m.state, m.sema.waiters) == (p["state"], p["queue"])
    w = viz.mutex(res)
    assert not w.error
    modes = [p["starving"] for p in w.data["points"]]
    assert any(modes), "a waiter that waited > 1ms switches the mutex to starvation mode"
    assert any(p["queue"] for p in w.data["points"])
    assert "starving → handoff" in w.text()


def test_mutex_view_names_the_holder_the_goroutine_inside_its_critical_section():
    res = course.compile(MUTEX).run(gomaxprocs=2, seed=0)
    mid, pts = F.mutex_points_from_trace(res.trace)
    owners = [p["owner"] for p in pts]
    assert len({o for o in owners if o >= 0}) == 3, "each of the three workers holds it in turn"
    for p in pts:
        if p["owner"] >= 0:
            assert p["state"] & 1, "only a locked mutex has a holder"
            assert p["owner"] not in p["queue"], "the holder is not asleep on the semaphore"
        elif p["state"] & 1 and not p["state"] & 4:
            raise AssertionError(f"a mutex locked in normal mode has a holder: {p}")
    # the holder is the goroutine in the critical section: the one that unlocks next
    released = 0
    for a, b in zip(pts, pts[1:]):
        if a["owner"] >= 0 and b["owner"] == -1:
            assert b["note"].startswith(f"G{a['owner']}: ") and "Unlock" in b["note"], (a, b)
            released += 1
    assert released >= 8, "nine critical sections, each ended by its holder's Unlock"
    assert "held by G" in viz.mutex(res).text()


def test_every_view_is_plain_json(workers_prog, workers):
    ws = [viz.gstates(workers), viz.channel(workers, "ch"), viz.source(workers, workers_prog, gomaxprocs=2, seed=0),
          viz.compare(workers, workers), viz.heap(_sawtooth(100)),
          viz.tricolor(["a"], [], [{"colors": {"a": "black"}}]), viz.mutex([{"t": 0, "state": 1}])]
    for w in ws:
        assert not w.error, (w.view, w.error)
        json.dumps(w.data)
        assert w.text()


def test_source_on_a_long_four_p_run_knows_every_line():
    src = SPIN4
    prog = course.compile(src)
    res = prog.run(gomaxprocs=4, seed=1)
    w = viz.source(res, prog, gomaxprocs=4, seed=1)
    assert not w.error, w.error
    fr = w.data
    # the stepped re-run cuts the Gs' runs at every event and still makes the same trace
    # (the VM carries each cut's sub-nanosecond remainder: runtime2.M_CLKREM)
    assert fr["n"] == len(res.trace)
    assert fr["marks"] and max(s for s, _g, _l, _h in fr["marks"]) > len(res.trace) // 2


SPIN4 = """package main

import "runtime"

func spin(n int, done chan int) {
	s := 0
	for i := 0; i < n; i++ {
		s += i
		if i%10 == 0 {
			runtime.Gosched()
		}
	}
	done <- s
}

func main() {
	done := make(chan int)
	for i := 0; i < 20; i++ {
		go spin(300, done)
	}
	for i := 0; i < 20; i++ {
		<-done
	}
}
"""
