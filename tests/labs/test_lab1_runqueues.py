"""Lab 1 (run queues): the plug-in seam, the reference, and grading by behaviour.

* The seam: a substitute for each lab function is called from every call site of the
  runtime, and the kernel is whole again after the run.
* The lab's reference solution behaves exactly as the runtime's own functions on every
  planned test, and every test's programs really call the functions it grades.
* Grading (in the sandbox, like a class): the reference pasted into the released notebook
  scores full marks; the released starter scores only what its given parts earn (none); a
  solution with one classic mistake loses the points of exactly the tests of that behaviour,
  and its feedback names what went wrong; a function numba cannot compile earns half.
* The Gradescope package's run_autograder, run locally on a submission, grades it.
"""
from __future__ import annotations

import nbformat
import pytest
from lab_helpers import LABS, grade_class, run_gradescope_package

from autograder.labspec import load_lab
from course import labkit

pytestmark = pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")

LAB = "lab1-runqueues"
FUNCTIONS = ("runqput", "runqget", "runqputslow", "runqgrab", "runqsteal")

# The classic mistakes, as text edits of the reference, with the tests (by name: the
# behaviours) each must lose, and words its feedback must contain.
FORGOT_KICK = ("""        gp = old
        kicked = old
""", """        return
""")
KICK_TESTS = {"the old runnext is kicked to the ring's tail",
              "every go statement kicks the previous G to the ring",
              "your program: goroutines started in a row"}
HALF_ROUNDED_DOWN = ("""    n = n - n // 2
""", """    n = n // 2
""")
NOT_NUMBA = ("""    nx = S.allp[pp, P_RUNNEXT]
    if nx >= 0:""", """    nx = S.allp[pp, P_RUNNEXT]
    seen = {}
    seen[nx] = 1
    seen["runnext"] = 2
    if nx >= 0 and len(seen) > 0:""")


@pytest.fixture(scope="module")
def spec():
    return load_lab(LABS / LAB)


# ------------------------------------------------------------------ the seam

def test_a_substitute_is_called_from_every_call_site(spec):
    ns = spec.reference
    cases = {"runqput": ns["case"](ns["FIVE_IN_A_ROW"]),
             "runqget": ns["case"](ns["FIVE_IN_A_ROW"]),
             "runqputslow": ns["case"](ns["many"](300)),
             "runqgrab": ns["case"](ns["workers"](5, 300), gomaxprocs=2, costs=ns["FAST_THREADS"]),
             "runqsteal": ns["case"](ns["workers"](5, 300), gomaxprocs=2, costs=ns["FAST_THREADS"])}
    for name, case in cases.items():
        orig = labkit.original(name)
        seen = []

        def spy(*args, _orig=orig):
            seen.append(args)
            return _orig(*args)

        with labkit.plugged({name: spy}) as rec:
            bound = [m.__name__ for m in labkit._kernel_modules() if getattr(m, name, None) is orig]
            run = labkit.run_case(case, {})  # nested: the spy stays plugged in
        assert bound == [], f"{name} is still the kernel's in {bound}"
        assert seen, f"the substitute for {name} was never called"
        assert len(rec.calls) == len(seen)
        assert run["error"] is None
        assert all(m.__dict__.get(name) is not spy for m in labkit._kernel_modules())
        assert labkit._module("proc").__dict__[name] is orig  # restored


def test_a_students_pieces_call_the_kernels_other_pieces(spec):
    """Plugging in only runqput: a runqputslow of the student's is not used (each piece is
    graded on its own)."""
    calls = []
    ns = dict(spec.reference)

    def broken_runqputslow(*args):
        calls.append(args)
        raise AssertionError("not this one")

    ns["runqputslow"] = broken_runqputslow
    runqput = type(ns["runqput"])(ns["runqput"].__code__, ns, "runqput")
    out = labkit.run_cases([ns["case"](ns["many"](300), runnext=False)], {"runqput": runqput},
                           numba_check=False)
    assert calls == [] and out["runs"][0]["error"] is None
    assert any("runqputslow" in c[2] for c in out["runs"][0]["calls"]) is False


# ------------------------------------------------------------------ the reference

def test_the_reference_solution_is_the_runtimes_own_behaviour(spec):
    ns = spec.reference
    for test in spec.plan("someone"):
        cases, plug = test.args
        assert test.expected == labkit.run_cases(
            cases, {n: labkit.original(n) for n in plug}, numba_check=False), test.name
        assert labkit.compare(test.expected, ns["reference"](cases, plug))[0] == 1.0


def test_every_test_runs_programs_that_call_what_it_grades(spec):
    for test in spec.plan("someone"):
        cases, plug = test.args
        for i, run in enumerate(test.expected["runs"]):
            called = {c[2].split("(")[0] for c in run["calls"]}
            assert set(plug) <= called, f"{test.name}, program {i + 1}: {set(plug) - called}"
            assert run["error"] is None and run["exit"] == 0


def test_the_reference_compiles_with_numba(spec):
    ns = spec.reference
    out = labkit.run_cases([ns["case"](ns["workers"](5, 300), gomaxprocs=2,
                                       costs=ns["FAST_THREADS"])],
                           {n: ns[n] for n in FUNCTIONS})
    assert out["numba"] == {}


def test_compare_explains_a_lost_g_on_the_call_that_lost_it(spec):
    ns = spec.reference
    nb = nbformat.read(spec.notebook, as_version=4)
    src = next(c.source for c in nb.cells if c.source.startswith("def runqput("))
    bad = src.replace(FORGOT_KICK[0], FORGOT_KICK[1])
    assert bad != src
    scope = dict(ns)
    exec(bad, scope)
    cases = [ns["case"](ns["FIVE_IN_A_ROW"])]
    fraction, note = labkit.compare(ns["lab_run"](cases, ["runqput"]), ns["reference"](cases, ["runqput"]))
    assert fraction == 1.0 and note == ""
    got = labkit.run_cases(cases, {"runqput": scope["runqput"]}, numba_check=False)
    fraction, note = labkit.compare(got, ns["reference"](cases, ["runqput"]))
    assert fraction == 0.0
    assert "after your runqput(P0, G6, next=True)" in note and "a G was lost" in note


# ------------------------------------------------------------------ grading a class

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab1")
    return (*grade_class(LAB, tmp, {"reference": {}, "forgot_kick": dict([FORGOT_KICK]),
                                    "half_rounded_down": dict([HALF_ROUNDED_DOWN]),
                                    "not_numba": dict([NOT_NUMBA])}), tmp)


def _lost(grade) -> dict[str, float]:
    return {t.name: t.max_score - t.score for t in grade.tests if t.score < t.max_score}


def test_the_reference_scores_full_marks(graded):
    g = graded[0]["reference"]
    assert g.score == g.max_score == 20


def test_the_starter_scores_only_what_its_given_parts_earn(graded):
    """Nothing of the five functions is given, so nothing is earned."""
    g = graded[0]["starter"]
    assert g.score == 0
    assert "Not implemented yet (runqput" in graded[1]["starter"]


def test_forgetting_the_runnext_kick_loses_the_kick_tests_only(graded):
    g, text = graded[0]["forgot_kick"], graded[1]["forgot_kick"]
    lost = _lost(g)
    assert set(lost) == KICK_TESTS
    assert g.score == g.max_score - sum(t.max_score for t in g.tests if t.name in KICK_TESTS)
    assert "a G was lost" in text and "after your runqput(P0, G6, next=True)" in text
    assert "kick the old runnext" in text


def test_stealing_half_rounded_down_loses_the_stealing_question_only(graded):
    g, text = graded[0]["half_rounded_down"], graded[1]["half_rounded_down"]
    assert {t.qid for t in g.tests if t.score < t.max_score} == {"q4"}
    assert g.score == g.max_score - sum(t.max_score for t in g.tests if t.qid == "q4")
    assert "after your runqgrab(from P0 to P1" in text
    assert "n - n // 2" in text


def test_a_function_numba_cannot_compile_earns_half_and_says_where(graded):
    g, text = graded[0]["not_numba"], graded[1]["not_numba"]
    for t in g.tests:
        assert t.score == (t.max_score / 2 if t.qid == "q2" else t.max_score), t.name
    assert "numba cannot compile your runqget" in text
    assert 'line 7 of runqget: seen["runnext"] = 2' in text


def test_hidden_feedback_never_shows_the_students_own_queues(graded):
    text = graded[1]["forgot_kick"]
    hidden = [block for block in text.split("- **") if "Hidden test failed" in block]
    assert hidden and all("yours are" not in b for b in hidden)


# ------------------------------------------------------------------ Gradescope

def test_the_gradescope_package_grades_a_submission_locally(graded, tmp_path):
    """Its run_autograder, run as Gradescope would (lab_helpers.run_gradescope_package)."""
    tmp = graded[2]
    results, feedback, setup = run_gradescope_package(
        tmp / "dist" / "gradescope" / "autograder.zip", tmp / "class" / "forgot_kick.ipynb",
        tmp_path / "autograder")
    assert "tree-sitter-go" in setup
    assert (tmp_path / "autograder" / "source" / "course" / "labkit.py").exists()
    local = graded[0]["forgot_kick"]
    assert results["score"] == local.score and results["score"] < local.max_score
    assert "a G was lost" in feedback
