"""Lab 4 (predict the schedule): per-student programs, graded by the model.

* Each student gets their own programs (from their id), the same ones at every regrade, and
  the answer key is what the model's trace says (checked here against the trace directly).
* Grading in the sandbox: answers equal to the model's score full marks; the released
  starter scores nothing; a student who predicts as if there were no runnext kick (FIFO
  order) loses points in program 1 only, and the feedback names the rule; answers for
  someone else's id earn nothing and say why.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lab_helpers import LABS, grade_class

from autograder.labspec import load_lab

pytestmark = pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")

LAB = "lab4-predict"


@pytest.fixture(scope="module")
def spec():
    return load_lab(LABS / LAB)


def submission(path: Path, student_id: str, answers: dict) -> Path:
    """A .py submission that answers `answers` for `student_id`."""
    path.write_text(f"STUDENT_ID = {student_id!r}\nANSWERS = {answers!r}\n\n"
                    "def my_answers(student_id):\n    return ANSWERS\n")
    return path


def no_kick(answers: dict) -> dict:
    """The misconception 'go statements queue in order' for program 1: each batch prints in
    the order of its go statements, and at the marks runnext is empty, all in the ring."""
    wrong = copy.deepcopy(answers)
    out = wrong["p1"]["output"]
    batch: list[int] = []
    fixed = []
    for line in out + ["end"]:
        if line.startswith("g "):
            batch.append(int(line.split()[1]))
            continue
        fixed += [f"g {i}" for i in sorted(batch)]
        batch = []
        fixed.append(line)
    wrong["p1"]["output"] = fixed[:-1]
    for mark in ("A", "B"):
        q = wrong["p1"][mark]
        q["ring"] = q["ring"] + [q["runnext"]]
        q["runnext"] = None
    assert wrong["p1"] != answers["p1"]
    return wrong


def test_programs_are_personal_and_stable(spec):
    progs = spec.reference["my_programs"]
    assert progs("ana") == progs("ana")
    assert progs("ana") != progs("ben")
    many = {tuple(progs(f"s{i}").values()) for i in range(20)}
    assert len(many) >= 15


def test_the_answer_key_is_the_models_trace(spec):
    """Program 1's key, checked against the rule it pins: after k go statements on one P,
    runnext holds the last G and the ring the others, in order; nothing is global."""
    key = spec.reference["model_answers"]("ana")
    a = key["p1"]["A"]
    first = 5
    k = len(a["ring"]) + 1
    assert a == {"runnext": first + k - 1, "ring": list(range(first, first + k - 1)), "global": []}
    assert key["p1"]["output"][:k + 1] == ["mark A", f"g {k - 1}"] + [f"g {i}" for i in range(k - 1)]
    # Program 3: the ring overflowed: 256 in the ring would leave no room, so the global
    # queue holds half a ring plus the G that found it full, and more than 256 Gs exist.
    c = key["p3"]["A"]
    assert len(c["ring"]) <= 256 and len(c["global"]) >= 129 and c["runnext"] is not None


def test_the_answer_checks_score_in_proportion(spec):
    key = spec.reference["model_answers"]("ana")
    out = spec.reference["output_check"]("p1")
    queues = spec.reference["queues_check"]("p1")
    assert out(key, key) == (1.0, "") and queues(key, key) == (1.0, "")
    wrong = no_kick(key)
    f, note = out(wrong, key)
    assert 0 < f < 1 and "Rule: newproc puts the new G in runnext" in note
    f, note = queues(wrong, key)
    assert f == pytest.approx(1 - 4 / 6) and "mark A runnext" in note and "mark B ring" in note


@pytest.fixture(scope="module")
def graded(spec, tmp_path_factory):
    key = spec.reference["model_answers"]

    def hand_in(student, subs):
        submission(subs / "right.py", "right", key("right"))
        submission(subs / "nokick.py", "nokick", no_kick(key("nokick")))
        submission(subs / "someone_else.py", "ana", key("ana"))

    return grade_class(LAB, tmp_path_factory.mktemp("lab4"), hand_in=hand_in)


def test_the_models_answers_score_full_marks(graded):
    g = graded[0]["right"]
    assert g.score == g.max_score == 12


def test_the_starter_scores_nothing(graded):
    g = graded[0]["starter"]
    assert g.score == 0
    assert "you answered for the programs of 'example'" in graded[1]["starter"]


def test_predicting_without_the_kick_loses_program_1_only(graded):
    g, text = graded[0]["nokick"], graded[1]["nokick"]
    assert {t.qid for t in g.tests if t.score < t.max_score} == {"q1"}
    assert 0 < g.score < g.max_score
    assert "kicks the previous one to the ring's tail" in text
    assert "mark A runnext" in text


def test_answers_for_another_id_earn_nothing(graded):
    g, text = graded[0]["someone_else"], graded[1]["someone_else"]
    assert g.score == 0
    assert "graded as 'someone_else'" in text
