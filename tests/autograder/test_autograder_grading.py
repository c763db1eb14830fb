"""Grading one submission: full marks for the reference, exactly the earned points for wrong
answers, determinism, per-student variants, and feedback that helps without leaking."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from ag_helpers import CORRECT_BODY, LAB0, ROOT, SUBMISSIONS, student_notebook

from autograder.grading import grade
from autograder.judge import compare, plain
from autograder.report import feedback_markdown, results_json
from autograder.wire import Unsupported


def test_reference_solution_scores_full_marks(lab0):
    g = grade(lab0, lab0.notebook, "reference")
    assert (g.score, g.max_score) == (12, 12)


def test_lab0_has_three_public_and_at_least_six_hidden_tests(lab0):
    plan = lab0.plan("someone")
    assert sum(not t.hidden for t in plan) == 3
    assert sum(t.hidden for t in plan) >= 6
    assert [t.hidden for t in plan] == sorted(t.hidden for t in plan)  # public ones first


def test_lab0_reference_agrees_with_the_real_go_pacer(lab0):
    """Go 1.19, quiescent heap after runtime.GC(): NextGC is the floor for an empty heap
    (4 MiB at GOGC=100, 2 MiB at 50, 8 MiB at 200), and ~2x keep at GOGC=100."""
    goal = lab0.reference["heap_goal"]
    mib = 1 << 20
    assert [goal(0, 0, 0, g) for g in (100, 50, 200)] == [4 * mib, 2 * mib, 8 * mib]
    assert goal(32 * mib, 0, 0, 100) == 64 * mib
    assert isinstance(goal(10**9 + 7, 12345, 6789, 33), int)


@pytest.mark.parametrize("name", ["wrong_fixed_floor", "wrong_no_stacks", "wrong_float",
                                  "wrong_divide_first"])
def test_wrong_submission_scores_exactly_what_its_answers_earn(lab0, name):
    """The grader's score equals an independent, in-process evaluation of the same function
    on the same planned tests (same arguments, same expected values)."""
    path = SUBMISSIONS / f"{name}.py"
    ns: dict = {}
    exec(path.read_text(), ns)
    earned = sum(t.points for t in lab0.plan(name)
                 if compare(t.expected, plain(ns["heap_goal"](*t.args))) is None)
    g = grade(lab0, path, name)
    assert g.score == earned
    assert 0 <= earned < 12


def test_the_same_submission_always_gets_the_same_result(lab0):
    path = SUBMISSIONS / "wrong_fixed_floor.py"
    first, second = grade(lab0, path, "ana"), grade(lab0, path, "ana")
    strip = lambda g: {**results_json(g), "execution_time": 0}  # noqa: E731
    assert strip(first) == strip(second)


def test_seeds_are_fixed_per_student_and_per_test(lab0):
    a, b = lab0.plan("ana"), lab0.plan("ana")
    assert [t.seed for t in a] == [t.seed for t in b]
    assert len({t.seed for t in a}) == len(a)
    assert [t.seed for t in lab0.plan("ben")] != [t.seed for t in a]


def test_seeded_randomness_in_student_code_is_repeatable(tmp_path, lab0):
    path = tmp_path / "dice.py"
    path.write_text("import random\ndef heap_goal(m, s, g, p):\n"
                    "    return random.randrange(10**9)\n")
    runs = [[t.message for t in grade(lab0, path, "ana").tests if not t.hidden]
            for _ in range(2)]
    assert runs[0] == runs[1]


def test_variants_give_each_student_their_own_numbers(lab0):
    def variant_args(student):
        return [t.args for t in lab0.plan(student) if "/variant/" in t.test_id]
    assert variant_args("ana") == variant_args("ana")
    assert variant_args("ana") != variant_args("ben")
    assert len(variant_args("ana")) == 2


def test_hardcoding_another_students_answers_fails_your_own_variants(tmp_path, lab0):
    """A submission that answers exactly the instructor-known and Ana's cases (a leaked
    answer key) still fails Ben's personal cases."""
    answers = {t.args: t.expected for t in lab0.plan("ana")}
    path = tmp_path / "copied.py"
    path.write_text(f"ANSWERS = {answers!r}\n"
                    "def heap_goal(*args):\n    return ANSWERS.get(args, 0)\n")
    assert grade(lab0, path, "ana").score == 12
    ben = grade(lab0, path, "ben")
    assert ben.score == 10
    assert {t.test_id for t in ben.tests if t.score == 0} == {"q1/variant/0.0", "q1/variant/0.1"}


def test_notebook_submission_with_the_solution_scores_full_marks(tmp_path, lab0):
    path = student_notebook(tmp_path, CORRECT_BODY)
    assert grade(lab0, path, "nb").score == 12


def test_a_broken_cell_does_not_stop_the_rest_of_the_notebook(tmp_path, lab0):
    path = student_notebook(tmp_path, CORRECT_BODY,
                            extra_cells=["1 / 0", "%matplotlib inline\n!ls", "import sys\nsys.exit()"])
    g = grade(lab0, path, "nb")
    assert g.score == 12
    assert any("cell 3 raised ZeroDivisionError: division by zero" in n for n in g.notes)
    assert any("called exit()" in n for n in g.notes)


def test_public_failures_say_what_was_expected_and_what_came_back(lab0):
    g = grade(lab0, SUBMISSIONS / "wrong_no_stacks.py", "x")
    runway = next(t for t in g.tests if t.name == "stacks and globals add runway")
    assert runway.message == ("heap_goal(33554432, 1048576, 1048576, 100) returned 67108864; "
                              "expected 69206016.")


def test_a_float_where_go_uses_integers_is_a_type_mismatch(lab0):
    g = grade(lab0, SUBMISSIONS / "wrong_float.py", "x")
    first = g.tests[0]
    assert first.message == ("heap_goal(0, 0, 0, 100) returned 4194304.0; expected 4194304 "
                             "(expected an int, got a float).")


def test_hidden_failures_show_only_name_category_and_instructor_message(lab0):
    g = grade(lab0, SUBMISSIONS / "wrong_fixed_floor.py", "x")
    hidden = [t for t in g.tests if t.hidden and t.score == 0]
    assert hidden
    for t in hidden:
        assert t.message.startswith("Hidden test failed: wrong answer.")
    text = feedback_markdown(g) + json.dumps(results_json(g))
    for t in lab0.plan("x"):
        if t.hidden:
            for arg in t.args:
                if arg > 1000:
                    assert str(arg) not in text
            assert str(t.expected) not in text


def test_hidden_tests_never_show_the_students_output_or_exception_text(tmp_path, lab0):
    path = tmp_path / "chatty.py"
    path.write_text("def heap_goal(*args):\n    print('ARGS', args)\n"
                    "    raise ValueError(f'leak {args}')\n")
    g = grade(lab0, path, "x")
    hidden_text = "\n".join(t.message for t in g.tests if t.hidden)
    assert "ARGS" not in hidden_text and "leak" not in hidden_text
    assert "Hidden test failed: your code raised an exception." in hidden_text
    public = g.tests[0].message
    assert "raised ValueError: leak (0, 0, 0, 100)" in public and "ARGS (0, 0, 0, 100)" in public


def test_student_tracebacks_are_trimmed_to_their_own_code(tmp_path, lab0):
    path = tmp_path / "deep.py"
    path.write_text("def helper(x):\n    return x[5]\n\n"
                    "def heap_goal(m, s, g, p):\n    return helper([m])\n")
    message = grade(lab0, path, "x").tests[0].message
    assert message == ("heap_goal(0, 0, 0, 100) raised IndexError: list index out of range"
                       "\n  at line 5 (in heap_goal): return helper([m])"
                       "\n  at line 2 (in helper): return x[5]")
    text = json.dumps(results_json(grade(lab0, path, "x")))
    assert "Traceback" not in text and "_runner.py" not in text and "autograder/" not in text


def test_results_json_has_gradescopes_fields(lab0):
    data = results_json(grade(lab0, SUBMISSIONS / "wrong_no_stacks.py", "x"))
    assert {"score", "max_score", "execution_time", "tests", "output"} <= set(data)
    for test in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] in ("passed", "failed")
    assert {t["visibility"] for t in data["tests"]} == {"visible", "after_published"}


def test_values_are_compared_type_first():
    assert compare(1, True) == "expected an int, got a bool"
    assert compare(1.0, 1) is None
    assert compare(1, 1.0) == "expected an int, got a float"
    assert compare("1", 1) == "expected a str, got an int"
    assert compare([1, 2], (1, 2)) is None
    assert compare({"a": 1}, {"a": 1, "b": 2}).startswith("keys differ")
    assert compare(1, Unsupported("AlwaysEqual")) == "expected an int, got an AlwaysEqual"
    assert compare(0.1 + 0.2, 0.3) is None
    assert compare(float("nan"), float("nan")) is None


def test_grade_command_writes_results_and_feedback(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(LAB0),
                           str(SUBMISSIONS / "wrong_fixed_floor.py"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert data["max_score"] == 12 and len(data["tests"]) == 12
    assert (tmp_path / "feedback.md").read_text().startswith("# Feedback: lab0-heap-goal")
