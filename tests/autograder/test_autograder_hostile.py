"""Hostile submissions: each attack ends with the score its code really earns, and the grader
survives it and writes results for every student.

Every file in hostile/ is one attack; its docstring says what it tries and what it earns.
All are graded together in one `grade_all` run (the `hostile_class` fixture), alongside
correct and wrong submissions, so "the grader survived" means: every student has a grading,
and the honest students' scores are right.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from ag_helpers import HOSTILE, LAB0, ROOT, SECRET, class_submissions

# attack -> (points earned out of 12, the outcome kinds its failed tests may show)
EARNS = {
    "exit_os_exit_at_import": (0, "not-loaded"),
    "exit_sys_exit_at_import": (12, None),
    "exit_in_function": (0, "crashed"),
    "kill_parent": (12, None),
    "fork_bomb": (0, "timeout"),
    "infinite_loop": (0, "timeout"),
    "infinite_loop_at_import": (0, "not-loaded"),
    "memory_bomb": (0, {"memory", "timeout"}),  # filling 512 MB may outlast 0.5 s
    "always_equal": (0, None),  # alternately "unsupported" (object) and "value" (0)
    "fake_stdout": (0, "value"),
    "fake_protocol": (0, None),  # forged replies: wrong values or an unreadable reply
    "monkeypatch_helpers": (0, "bad-reply"),  # its json.loads breaks its own runner
    "read_hidden": (0, "value"),
    "import_reference": (0, "value"),
    "write_files": (12, None),
    "read_env": (12, None),
    "network": (12, None),
    "huge_output": (0, "output-limit"),
    "huge_return": (0, "bad-reply"),
    "deep_value": (0, None),  # refused by the child's encoder or the grader's decoder
    "recursion_bomb": (0, "crashed"),
    "syntax_error": (0, "missing"),
    "missing_function": (0, "missing"),
    "unparseable": (0, "not-loaded"),
}


def test_every_hostile_file_has_an_expected_score():
    files = {Path(name).stem for name, src in class_submissions().items() if src.parent == HOSTILE}
    assert files == set(EARNS)


@pytest.mark.parametrize("attack", sorted(EARNS))
def test_hostile_submission_earns_only_what_its_code_earns(hostile_class, attack):
    grade = hostile_class["grades"][attack]
    points, kind = EARNS[attack]
    assert grade.score == points, [(t.name, t.kind, t.message) for t in grade.tests]
    assert grade.max_score == 12
    if kind is not None:
        kinds = {kind} if isinstance(kind, str) else kind
        assert {t.kind for t in grade.tests if t.score < t.max_score} <= kinds


def test_grader_survives_the_hostile_class_and_writes_results_for_everyone(hostile_class):
    result = hostile_class["result"]
    students = {Path(name).stem for name in class_submissions()} | {"correct_notebook"}
    assert result.errors == {}
    assert {g.student for g in result.graded} == students
    for student in students:
        data = json.loads((hostile_class["out"] / "results" / f"{student}.json").read_text())
        assert data["max_score"] == 12 and len(data["tests"]) == 12
        assert (hostile_class["out"] / "feedback" / f"{student}.md").exists()
    assert {row["student"] for row in result.rows} == students


def test_honest_students_graded_next_to_attackers_get_full_marks(hostile_class):
    assert hostile_class["grades"]["correct"].score == 12
    assert hostile_class["grades"]["correct_notebook"].score == 12


def test_writing_files_changes_nothing_outside_the_sandbox(hostile_class):
    assert hostile_class["lab_after"] == hostile_class["lab_before"]
    assert not (LAB0 / "hacked.py").exists()
    assert hostile_class["repo_new_files"] == set() or "hacked.txt" not in \
        hostile_class["repo_new_files"]
    assert not (ROOT / "hacked.txt").exists()
    results = json.loads((hostile_class["out"] / "results" / "write_files.json").read_text())
    assert results["score"] == 12 and results["tests"]  # ours, not the forged one


def test_environment_secrets_never_reach_student_code(hostile_class):
    assert hostile_class["grades"]["read_env"].score == 12
    for path in (hostile_class["out"] / "feedback").iterdir():
        assert SECRET not in path.read_text()


def test_network_is_cut_even_to_the_graders_own_loopback(hostile_class):
    if hostile_class["result"].graded[0].isolation != "bwrap":
        pytest.skip("network isolation needs bubblewrap")
    assert hostile_class["trap_hits"] == 0
    assert hostile_class["grades"]["network"].score == 12


def test_huge_output_does_not_reach_the_feedback(hostile_class):
    feedback = (hostile_class["out"] / "feedback" / "huge_output.md").read_text()
    assert len(feedback) < 20_000
    assert "printed more than 256 KB" in feedback


def test_timeouts_say_which_call_and_what_limit(hostile_class):
    feedback = (hostile_class["out"] / "feedback" / "infinite_loop.md").read_text()
    assert "heap_goal(0, 0, 0, 100) did not finish within 0.5 s" in feedback


def test_load_failures_name_the_cause(hostile_class):
    out = hostile_class["out"] / "feedback"
    assert "ended the Python process (exit code 0)" in (out / "exit_os_exit_at_import.md").read_text()
    assert "did not finish in time" in (out / "infinite_loop_at_import.md").read_text()
    assert "could not be read: it is not valid JSON" in (out / "unparseable.md").read_text()
    syntax = (out / "syntax_error.md").read_text()
    assert "SyntaxError" in syntax and "line 5" in syntax
    missing = (out / "missing_function.md").read_text()
    assert "does not define `heap_goal`" in missing


def test_every_spawned_process_is_gone_after_grading(hostile_class):
    own = os.getpid()
    leftovers = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == own:
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        # a runner of this checkout's Python (another checkout grading on the same machine is not ours)
        if b"_runner.py" in cmd and sys.prefix.encode() + b"/" in cmd:
            leftovers.append(cmd)
    assert leftovers == []
