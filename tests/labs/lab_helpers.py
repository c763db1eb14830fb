"""Helpers for the lab tests: release a lab, and make submissions from its notebooks.

A submission is the released student notebook with some cells filled in: the reference
solution pasted back (as a student who got everything right), left as released (the
starter), or the reference with one classic mistake made by a text edit of one function.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import nbformat
import pytest

from autograder.batch import grade_all
from autograder.sandbox import isolation

ROOT = Path(__file__).resolve().parents[2]
LABS = ROOT / "labs"


def released(lab: str, out: Path) -> Path:
    """Release `lab` into `out`; return the student notebook."""
    from autograder.release import release
    return release(LABS / lab, out)["student"]


def with_solutions(lab: str, student_nb: Path, out: Path, edits: dict | None = None) -> Path:
    """The student notebook with the instructor's solution cells pasted back (markers
    removed), then each (old -> new) text edit in `edits` applied once (it must apply)."""
    instructor = nbformat.read(next((LABS / lab).glob("*.ipynb")), as_version=4)
    by_id = {c.id: c for c in instructor.cells}
    nb = nbformat.read(student_nb, as_version=4)
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and "raise NotImplementedError()" in cell.source:
            src = by_id[cell.id].source
            cell.source = "\n".join(ln for ln in src.split("\n")
                                    if ln.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    for old, new in (edits or {}).items():
        hits = [c for c in nb.cells if c.cell_type == "code" and old in c.source]
        assert len(hits) == 1 and hits[0].source.count(old) == 1, f"edit does not apply: {old!r}"
        hits[0].source = hits[0].source.replace(old, new)
    nbformat.write(nb, out)
    return out


def grade_class(lab: str, tmp: Path, solutions: dict[str, dict] | None = None,
                hand_in: Callable[[Path, Path], None] | None = None) -> tuple[dict, dict]:
    """Release `lab` into tmp/dist and grade a class in the sandbox (handed in to tmp/class,
    results in tmp/out): the released starter, one notebook per entry of `solutions` (file name
    -> text edits of the reference solution, {} for the reference itself), and what
    ``hand_in(student_notebook, folder)`` adds. Returns ({student: grade}, {student: feedback});
    skips the test where bubblewrap is missing."""
    if isolation() != "bwrap":
        pytest.skip("grading labs needs bubblewrap (apt-get install bubblewrap)")
    student = released(lab, tmp / "dist")
    subs = tmp / "class"
    subs.mkdir()
    shutil.copy(student, subs / "starter.ipynb")
    for name, edits in (solutions or {}).items():
        with_solutions(lab, student, subs / f"{name}.ipynb", edits)
    if hand_in is not None:
        hand_in(student, subs)
    result = grade_all(tmp / "dist" / "grader", subs, tmp / "out", workers=2, progress=False)
    assert result.errors == {}
    grades = {g.student: g for g in result.graded}
    return grades, {s: (tmp / "out" / "feedback" / f"{s}.md").read_text() for s in grades}


def assert_loses_exactly(grade, names: set) -> None:
    """`grade` lost points on the tests named `names` and no other, and all of their points."""
    assert {t.name for t in grade.tests if t.score < t.max_score} == names
    assert grade.score == grade.max_score - sum(t.max_score for t in grade.tests if t.name in names)


def run_gradescope_package(zip_path: Path, submission: Path, root: Path) -> tuple[dict, str, str]:
    """Unpack autograder.zip as Gradescope would (ROOT/source), put `submission` in
    ROOT/submission, and run its run_autograder (AUTOGRADER_ROOT stands in for /autograder;
    the interpreter is this environment's, as setup.sh would install it). Returns results.json,
    feedback.md and setup.sh."""
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
        setup = z.read("setup.sh").decode()
    shutil.copy(submission, root / "submission" / submission.name)
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"sid": "s1234"}]}))
    run = root / "source" / "run_autograder"
    os.chmod(run, 0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    done = subprocess.run([str(run)], env=env, capture_output=True, text=True, timeout=900,
                          cwd=root.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    return (json.loads((root / "results" / "results.json").read_text()),
            (root / "results" / "feedback.md").read_text(), setup)
