"""Tri-colour marking with a scripted mutator (course/gc/tricolor.py).

* with the write barrier off, a known schedule frees an object the program still reaches, and
  the model names the write that hid it;
* with Go's hybrid barrier, exhaustive search over small graphs and every mutator program of a
  few steps finds no such schedule; hypothesis drives random programs and GC orders too;
* either half of the barrier alone (Dijkstra insertion, Yuasa deletion) is not enough once each
  stack is scanned only once: the search finds schedules that lose an object.
"""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.gc.tricolor import BLACK, GREY, WHITE, Model, find_lost_object, mutator_actions, run

CLASSIC = ["gc: start", "gc: scan g1", "g1: x = globals.p", "g1: y = x.f", "g1: x.f = nil",
           "gc: mark globals", "gc: mark A", "gc: finish"]


def chain(barrier):
    """globals.p -> A -> B; goroutine g1 with two empty locals."""
    return Model({"A": {"f": "B"}, "B": {}}, {"g1": {"x": None, "y": None}}, {"p": "A"}, barrier=barrier)


def test_without_barrier_a_reachable_object_is_freed_and_the_hiding_write_is_named():
    events = run(chain("off"), CLASSIC)
    end = events[-1]
    assert end.freed == ("B",)
    (v,) = end.violations
    assert v.obj == "B" and v.path == ("g1.y", "B")
    assert (v.hidden_by.step, v.hidden_by.action) == (5, "x.f = nil")  # deleted the last unscanned pointer
    assert (v.stored_by.step, v.stored_by.action) == (4, "y = x.f")  # copied it to a scanned stack
    assert "Step 5 (g1: x.f = nil)" in v.explanation and "hid it" in v.explanation
    assert "BUG" in end.explanation


@pytest.mark.parametrize("barrier", ["hybrid", "hybrid-grey-stack", "yuasa"])
def test_the_deletion_barrier_shades_what_the_write_overwrites(barrier):
    events = run(chain(barrier), CLASSIC[:-1] + ["gc: mark B", "gc: finish"])  # B is grey: more work
    assert events[4].shaded == ("B",) and "shade(*slot) greys B" in events[4].explanation
    assert events[-1].violations == () and events[-1].freed == ()  # B survives: g1.y still uses it


def test_each_step_explains_itself_and_snapshots_the_colours():
    events = run(chain("hybrid"), CLASSIC[:2] + ["gc: mark globals"])
    assert [e.step for e in events] == [1, 2, 3]
    assert "write barrier on" in events[0].explanation
    assert "never scanned again" in events[1].explanation
    s = events[2].state
    assert s["objects"]["globals"]["color"] == BLACK and s["objects"]["A"]["color"] == GREY
    assert s["objects"]["B"]["color"] == WHITE and s["stacks"]["g1"]["color"] == BLACK
    assert s["grey"] == ["A"]


def test_allocate_black_during_marking():
    m = chain("off")
    ev = run(m, ["gc: start", "g1: x = new(N)"])[-1]
    assert ev.state["objects"]["N"]["color"] == BLACK and "allocated black" in ev.explanation
    ev = run(m, ["g1: x = new(N)"])[-1]
    assert ev.state["objects"]["N"]["color"] == WHITE  # no GC running: white


def test_finish_needs_marking_done_and_steps_are_checked():
    m = chain("hybrid")
    with pytest.raises(ValueError, match="before marking is done"):
        run(m, ["gc: start", "gc: finish"])
    with pytest.raises(ValueError, match="nil pointer dereference"):
        run(m, ["g1: y = x.f"])
    with pytest.raises(ValueError, match="not grey"):
        run(m, ["gc: start", "gc: mark B"])


def test_search_finds_the_classic_bug_with_the_barrier_off():
    schedule, states = find_lost_object(chain("off"), steps=3)
    assert schedule is not None and states > 0
    end = run(chain("off"), schedule)[-1]
    assert end.violations and end.violations[0].hidden_by is not None


def test_search_over_a_given_program():
    prog = {"g1": ["x = globals.p", "y = x.f", "x.f = nil"]}
    bad, _ = find_lost_object(chain("off"), prog)
    assert bad is not None and [s for s in bad if s.startswith("g1")] == [f"g1: {a}" for a in prog["g1"]]
    good, states = find_lost_object(chain("hybrid"), prog)
    assert good is None and states > 10


def _graphs():
    """Every heap of objects A and B (one field each), globals.p, and g1's locals x and y, up to
    swapping A and B, with something reachable."""
    vals = [None, "A", "B"]
    swap = {None: None, "A": "B", "B": "A"}
    seen = set()
    for af, bf, gp, x, y in itertools.product(vals, repeat=5):
        if gp is None and x is None and y is None:
            continue
        k = (af, bf, gp, x, y)
        twin = (swap[bf], swap[af], swap[gp], swap[x], swap[y])
        if twin in seen:
            continue
        seen.add(k)
        yield {"A": {"f": af}, "B": {"f": bf}}, {"g1": {"x": x, "y": y}}, {"p": gp}


@pytest.mark.slow
@pytest.mark.parametrize("barrier", ["hybrid", "off"])
def test_exhaustive_search_over_small_heaps_and_all_two_step_programs(barrier):
    """All heaps of two objects, every program of two mutator actions, every GC order."""
    lost = 0
    graphs = _graphs() if barrier == "hybrid" else itertools.islice(_graphs(), 40)
    for objects, stacks, globals_ in graphs:
        schedule, _ = find_lost_object(Model(objects, stacks, globals_, barrier=barrier), steps=2)
        lost += schedule is not None
    if barrier == "hybrid":
        assert lost == 0
    else:
        assert lost > 10  # without the barrier, many small heaps can lose an object


TWO_GOROUTINES = [
    ({"A": {"f": "B"}, "B": {"f": None}}, {"g1": {"x": None}, "g2": {"x": "B"}}, {"p": "A"}),
    ({"A": {"f": None}, "B": {"f": None}}, {"g1": {"x": "A"}, "g2": {"x": "B"}}, {"p": None}),
    ({"A": {"f": "B"}, "B": {"f": "A"}}, {"g1": {"x": None}, "g2": {"x": None}}, {"p": "A"}),
]


@pytest.mark.parametrize("barrier", ["hybrid", "hybrid-grey-stack"])
@pytest.mark.parametrize("graph", range(len(TWO_GOROUTINES)))
def test_hybrid_barrier_loses_nothing_with_two_goroutines(graph, barrier):
    """Three mutator actions by any of two goroutines (one stack may be scanned, the other not)."""
    objects, stacks, globals_ = TWO_GOROUTINES[graph]
    schedule, states = find_lost_object(Model(objects, stacks, globals_, barrier=barrier), steps=3)
    assert schedule is None, schedule
    assert states > 100


def test_stack_only_object_shows_why_yuasa_alone_is_not_enough():
    """B lives only on g1's unscanned stack. g1 stores it into an already-black object and drops
    its local: a stack write, which no barrier sees, hides B. Go's hybrid barrier shades the
    stored pointer while the writer's stack is grey (the Dijkstra half)."""
    heap = ({"A": {"f": None}, "B": {"f": None}}, {"g1": {"x": None, "y": "B"}}, {"p": "A"})
    lost, _ = find_lost_object(Model(*heap, barrier="yuasa"), steps=3)
    assert lost is not None
    end = run(Model(*heap, barrier="yuasa"), lost)[-1]
    (v,) = end.violations
    assert v.obj == "B" and v.hidden_by is not None and v.hidden_by.actor == "g1"
    assert find_lost_object(Model(*heap, barrier="hybrid"), steps=3)[0] is None


def test_chain_shows_why_dijkstra_alone_is_not_enough():
    """Without stack re-scanning, the insertion barrier misses pointers loaded into a scanned stack."""
    lost, _ = find_lost_object(chain("dijkstra"), steps=3)
    assert lost is not None
    assert any(s.startswith("gc: scan g1") for s in lost)


@st.composite
def _schedules(draw):
    m = Model({"A": {"f": "B"}, "B": {"f": None}, "C": {"f": "A"}},
              {"g1": {"x": None, "y": "C"}, "g2": {"x": "B", "y": None}}, {"p": "A"}, barrier="hybrid")
    acts = {g: mutator_actions(m, g) for g in m.stacks}
    m.record = False
    m.step("gc: start")
    schedule = ["gc: start"]
    for _ in range(draw(st.integers(0, 14))):
        moves = [f"gc: {mv}" for mv in m.gc_moves() if mv != "finish"]
        moves += [f"{g}: {a}" for g in sorted(acts) for a in acts[g]]
        line = draw(st.sampled_from(moves))
        try:
            m.step(line)
        except ValueError:
            continue
        schedule.append(line)
    while m.phase == "mark":  # let the GC finish
        line = "gc: " + m.gc_moves()[0]
        m.step(line)
        schedule.append(line)
    return schedule


@settings(max_examples=150, deadline=None)
@given(_schedules())
def test_random_schedules_never_lose_an_object_with_the_hybrid_barrier(schedule):
    m = Model({"A": {"f": "B"}, "B": {"f": None}, "C": {"f": "A"}},
              {"g1": {"x": None, "y": "C"}, "g2": {"x": "B", "y": None}}, {"p": "A"}, barrier="hybrid")
    events = run(m, schedule)
    assert events[-1].action == "finish"
    assert all(not e.violations for e in events)
    final = events[-1].state  # an independent check: nothing freed is reachable from a root
    assert not (set(final["freed"]) & _reach(final))


def _reach(state):
    objs = state["objects"]
    todo = ["globals"] + [t for s in state["stacks"].values() for t in s["locals"].values() if t]
    seen = set()
    while todo:
        o = todo.pop()
        if o in seen or o not in objs:
            seen.add(o)
            continue
        seen.add(o)
        todo += [t for t in objs[o]["fields"].values() if t]
    return seen


def test_a_pointer_stored_into_a_black_object_is_named_with_the_write_that_hid_its_target():
    m = Model({"A": {"f": "B"}, "B": {}, "C": {}}, {"g1": {"x": None, "y": None, "z": None}},
              {"p": "A", "q": "C"}, barrier="off")
    schedule = ["gc: start", "gc: mark globals", "gc: mark C",
                "g1: x = globals.q", "g1: y = globals.p", "g1: z = y.f",
                "g1: x.f = z",  # C is black: the GC will not look at C.f again
                "g1: y.f = nil", "g1: z = nil",  # the last pointers to B the GC had still to scan
                "gc: scan g1", "gc: mark A", "gc: finish"]
    (v,) = run(m, schedule)[-1].violations
    assert v.obj == "B" and v.path[-2:] == ("C", "B")  # via g1.x or the globals
    assert v.stored_by.action == "x.f = z" and "a heap write" in v.explanation
    assert v.hidden_by.action == "z = nil"
    hybrid = Model({"A": {"f": "B"}, "B": {}, "C": {}}, {"g1": {"x": None, "y": None, "z": None}},
                   {"p": "A", "q": "C"}, barrier="hybrid")
    events = run(hybrid, schedule[:-1] + ["gc: mark B", "gc: finish"])
    assert events[6].shaded == ("B",) and events[-1].violations == ()
