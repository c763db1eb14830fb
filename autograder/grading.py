"""Grading one submission: read -> plan -> run in the sandbox -> judge -> a `Grade`.

Each step has one concern and lives in its own module; this file only wires them:

    read_submission (submissions.py)   the file as text, or a plain-words problem
    LabSpec.plan (labspec.py)          this student's tests, expected values and seeds
    Sandbox.call (sandbox.py)          the only place student code runs
    judge (judge.py)                   points and a student-safe message per test

A `Grade` is plain data (it crosses to Dask workers and back) and is what the reporters
(report.py) and the gradebook (gradebook.py) consume. Whatever the student did, `grade`
returns a Grade with every test in it.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import release
from .judge import TestResult, judge, load_problems
from .labspec import GRADER_VERSION, LabSpec
from .sandbox import Outcome, Sandbox, isolation
from .submissions import read_submission


@dataclass
class Grade:
    lab: str
    student: str
    file: str
    sha256: str
    lab_hash: str
    tests: list[TestResult]
    execution_time: float
    isolation: str
    grader_version: str = GRADER_VERSION
    notes: list[str] = field(default_factory=list)  # student-visible load problems

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 6)

    def question_scores(self) -> dict[str, tuple[float, float]]:
        out: dict[str, list[float]] = {}
        for t in self.tests:
            s = out.setdefault(t.qid, [0.0, 0.0])
            s[0] += t.score
            s[1] += t.max_score
        return {q: (round(a, 6), round(b, 6)) for q, (a, b) in out.items()}

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Grade":
        data = dict(data)
        data["tests"] = [TestResult(**t) for t in data["tests"]]
        return cls(**data)


def grade(spec: LabSpec, path: Path | str, student: str | None = None,
          data: bytes | None = None) -> Grade:
    """Grade the submission at `path` (or its bytes `data`) for `student`."""
    started = time.monotonic()
    sub = read_submission(path, student, data)
    plan = spec.plan(sub.student)
    results: list[TestResult] = []
    notes: list[str] = []
    if sub.problem:
        notes.append(sub.problem)
        for test in plan:
            results.append(judge(test, Outcome("not-loaded"), sub, None, spec.limits))
    else:
        sub.code.files = release.released_modules(spec)
        sub.code.packages = spec.packages
        with Sandbox(sub.code, spec.limits) as box:
            for test in plan:
                if test.is_variable:
                    outcome = box.get(test.target, timeout=test.timeout)
                else:
                    outcome = box.call(test.target, list(test.args), test.seed,
                                       numba=test.numba, timeout=test.timeout)
                results.append(judge(test, outcome, sub, box.load_report, spec.limits))
            problems = load_problems(box.load_report, sub).strip()
        if problems:
            notes.extend(problems.split("\n"))
    return Grade(spec.name, sub.student, str(Path(path).name), sub.sha256, spec.lab_hash,
                 results, round(time.monotonic() - started, 4), isolation(), notes=notes)
