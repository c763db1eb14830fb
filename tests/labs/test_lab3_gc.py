"""Lab 3 (garbage collector): the write barrier and the drain loop plugged into
course.gc.tricolor, the pacer's commit and trigger plugged into course/mgcpacer.py.

The reference is the models' own behaviour on every test; in the sandbox the reference scores
full marks, the starter nothing, and the classic mistakes (no write barrier; shading only the new
pointer) lose exactly the barrier's safety and colour tests, with feedback that names the mistake,
and Go's code's barrier (shade(ptr) whatever the stack's colour) scores full marks too.
"""
from __future__ import annotations

import pytest
from lab_helpers import LABS, grade_class, run_gradescope_package

from autograder.labspec import load_lab
from course import labkit

LAB = "lab3-gc"
BARRIER = """    shade(h, h.fields[obj, slot])  # shade(*slot)
    if stackGrey:
        shade(h, ptr)  # shade(ptr)
"""
NO_BARRIER = (BARRIER, "")
ONLY_NEW = (BARRIER, "    shade(h, ptr)\n")
# Go's code (wbBufFlush1) shades ptr whatever the writer's stack's colour: it scores too.
GO_CODE = (BARRIER, "    shade(h, h.fields[obj, slot])\n    shade(h, ptr)\n")
# The tests the barrier's mistakes must lose, and only those: safety (all of its points: it is
# all or nothing) and the colours (in part: schedules without a heap write during marking pass).
BARRIER_TESTS = {"no reachable object is freed: the two textbook schedules", "the colours after every step",
                 "random mutators: no reachable object is freed", "random mutators: the colours after every step",
                 "your mutators: no reachable object is freed"}


@pytest.fixture(scope="module")
def spec():
    return load_lab(LABS / LAB)


def test_the_reference_is_the_models_own_behaviour(spec):
    """Expected values are the models' runs (the tri-colour model's barrier and drain, the
    pacer's commit and trigger; a hidden test without expect= gets the notebook's solution's),
    and every test's runs call what it grades."""
    for test in spec.plan("someone"):
        cases, plug = test.args
        if plug[0] in ("commit", "trigger"):
            own = labkit.run_pacer_cases(cases, {n: labkit.original(n) for n in plug}, numba_check=False)
            assert test.expected["runs"] == own["runs"], test.name
            assert all(any(c[0] == plug[0] for c in run["calls"]) and run["error"] is None
                       for run in own["runs"]), test.name
        else:
            assert test.expected["runs"] == labkit.run_gc_cases(cases, {}, numba_check=False)["runs"], test.name
            assert all(r["error"] is None and r["steps"][-1][0] == "gc: finish" for r in test.expected["runs"])


def test_the_notebooks_functions_are_the_models_policies(spec):
    """Plugged in, the reference solution gives the very runs of the model's own code, and
    compiles with numba."""
    ns = spec.reference
    cases = ns["schedules"](__import__("random").Random(5), 6, 3) + [ns["TREE"]]
    own = labkit.run_gc_cases(cases, {}, numba_check=False)
    plugged = labkit.run_gc_cases(cases, {n: ns[n] for n in ("writePointer", "gcDrain")})
    assert plugged["runs"] == own["runs"] and plugged["numba"] == {}
    pcases = [ns["scenario"]("HighGOGC", "1.19"), ns["scenario"]("ExceedMemoryLimit")] + \
        [ns["pacer_state"](__import__("random").Random(i)) for i in range(8)]
    own = labkit.run_pacer_cases(pcases, {n: labkit.original(n) for n in ("commit", "trigger")},
                                 numba_check=False)
    plugged = labkit.run_pacer_cases(pcases, {n: ns[n] for n in ("commit", "trigger")})
    assert plugged["runs"] == own["runs"] and plugged["numba"] == {}


def test_a_missing_deletion_barrier_frees_a_reachable_object_in_the_hidden_schedules(spec):
    ns = spec.reference
    assert all(ns["loses_without_deletion_barrier"](c) for c in ns["SAFE"][:6])


def test_the_probe_names_each_barrier(spec):
    ns = spec.reference
    assert labkit._barrier_named(labkit.barrier_probe(ns["writePointer"])) == ""
    src = {}
    exec("def only_new(h, obj, slot, ptr, stackGrey):\n    shade(h, ptr)\n    h.fields[obj, slot] = ptr\n"
         "def none(h, obj, slot, ptr, stackGrey):\n    h.fields[obj, slot] = ptr\n",
         {"shade": labkit.shade}, src)
    assert "Dijkstra" in labkit._barrier_named(labkit.barrier_probe(src["only_new"]))
    assert "no write barrier" in labkit._barrier_named(labkit.barrier_probe(src["none"]))


def test_compare_explains_a_barrier_that_forgets_the_store(spec):
    ns = spec.reference
    src = {}
    exec("def no_store(h, obj, slot, ptr, stackGrey):\n    shade(h, h.fields[obj, slot])\n"
         "    if stackGrey:\n        shade(h, ptr)\n", {"shade": labkit.shade}, src)
    cases = [ns["HIDE_FROM_GREY_STACK"]]
    ref = labkit.run_gc_cases(cases, {}, numba_check=False)
    got = labkit.run_gc_cases(cases, {"writePointer": src["no_store"]}, numba_check=False)
    frac, note = labkit.compare_gc(got, ref, "colours", hidden=True)
    assert frac == 0 and "after step 4 (g2: globals.p = z): the colours are right but expected " \
        "globals.p = C (does your function store ptr into the slot?)" in note


def _barrier(edit):
    """The reference's writePointer with `edit` (old, new) made to its barrier."""
    src = {}
    exec("def writePointer(h, obj, slot, ptr, stackGrey):\n" + edit[1]
         + "    h.fields[obj, slot] = ptr\n", {"shade": labkit.shade}, src)
    return src["writePointer"]


def test_gos_code_barrier_is_held_to_the_models_runs_of_its_rule(spec):
    """The colour tests hold a writePointer that shades ptr always to the model's runs with
    barrier="hybrid" (Go's code), every other one to the lab's rule: Go's code gets every colour
    right, which the lab's rule alone would not give it; the classic mistakes score the same
    as against the lab's rule alone."""
    tests = [t for t in spec.plan("someone") if t.name.endswith("the colours after every step")]
    assert {t.name for t in tests} == {"the colours after every step", "random mutators: the colours after every step"}
    for t in tests:
        cases, plug = t.args
        rule_only = {k: v for k, v in t.expected.items() if k != "runs_go"}
        assert t.expected["runs_go"] == [labkit.run_gc_case(c, {}, barrier="hybrid") for c in cases]
        go = labkit.run_gc_cases(cases, {"writePointer": _barrier(GO_CODE)}, numba_check=False)
        assert t.check(go, t.expected)[0] == 1
        if t.hidden:
            assert t.check(go, rule_only)[0] < 1
        for mistake in (NO_BARRIER, ONLY_NEW):
            got = labkit.run_gc_cases(cases, {"writePointer": _barrier(mistake)}, numba_check=False)
            assert t.check(got, t.expected) == t.check(got, rule_only)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab3")
    return (*grade_class(LAB, tmp, {"reference": {}, "no_barrier": dict([NO_BARRIER]),
                                    "only_new": dict([ONLY_NEW]), "go_code": dict([GO_CODE])}), tmp)


def test_reference_full_starter_nothing(graded):
    g = graded[0]
    assert g["reference"].score == g["reference"].max_score == 23
    assert g["starter"].score == 0


def test_gos_code_barrier_scores_full_marks(graded):
    assert graded[0]["go_code"].score == graded[0]["go_code"].max_score == 23


@pytest.mark.parametrize("student, named", [
    ("no_barrier", "there is no write barrier"),
    ("only_new", "the deletion half, shade(*slot) (Yuasa), is missing")])
def test_a_wrong_barrier_loses_the_barriers_tests_only_and_is_named(graded, student, named):
    g, text = graded[0][student], graded[1][student]
    assert {t.name for t in g.tests if t.score < t.max_score} == BARRIER_TESTS
    assert all(t.score == 0 for t in g.tests if t.name in BARRIER_TESTS and "no reachable object" in t.name)
    assert g.score <= g.max_score - sum(t.max_score for t in g.tests
                                        if t.name in BARRIER_TESTS and "no reachable object" in t.name) - 1
    assert named in text
    assert "which the program can still reach" in text


def test_the_gradescope_package_grades_a_submission_locally(graded, tmp_path):
    tmp = graded[2]
    results, feedback, _ = run_gradescope_package(
        tmp / "dist" / "gradescope" / "autograder.zip", tmp / "class" / "no_barrier.ipynb",
        tmp_path / "autograder")
    assert results["score"] == graded[0]["no_barrier"].score
    assert "there is no write barrier" in feedback
