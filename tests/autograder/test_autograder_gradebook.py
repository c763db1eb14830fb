"""Grading a class: the gradebook keeps every attempt, an interrupted run resumes, the CSV
follows its stated policy, and a Dask cluster gives the same grades as this machine."""

from __future__ import annotations

import csv
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from ag_helpers import LAB0, ROOT, SUBMISSIONS

from autograder.batch import grade_all
from autograder.gradebook import Gradebook

MIX = {"ana": "correct.py", "ben": "wrong_fixed_floor.py", "cy": "wrong_no_stacks.py",
       "dee": "wrong_float.py"}
EXPECTED = {"ana": 12.0, "ben": 9.0, "cy": 6.0, "dee": 0.0}


def make_class(folder, mix=MIX):
    folder.mkdir(parents=True, exist_ok=True)
    for student, source in mix.items():
        shutil.copy(SUBMISSIONS / source, folder / f"{student}.py")
    return folder


def scores(result):
    return {g.student: g.score for g in result.graded}


def test_grade_all_command_records_everyone_and_prints_a_summary_per_question(tmp_path):
    folder = make_class(tmp_path / "class")
    (folder / "eve").mkdir()  # the <student>/<file> layout works too
    shutil.copy(SUBMISSIONS / "correct.py", folder / "eve" / "lab.py")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade-all", str(LAB0),
                           str(folder), "--workers", "2", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "graded 5, skipped 0" in proc.stdout
    assert "q1" in proc.stdout and "full marks" in proc.stdout
    assert "2 / 5" in proc.stdout  # ana and eve have full marks
    assert "100%" in proc.stderr  # the progress bar
    with open(out / "grades.csv") as f:
        rows = {r["student"]: float(r["score"]) for r in csv.DictReader(f)}
    assert rows == {**EXPECTED, "eve": 12.0}


def test_grade_all_skips_submissions_it_already_graded(tmp_path):
    folder = make_class(tmp_path / "class")
    first = grade_all(LAB0, folder, tmp_path / "out", progress=False)
    again = grade_all(LAB0, folder, tmp_path / "out", progress=False)
    assert scores(first) == EXPECTED
    assert again.graded == [] and sorted(again.skipped) == sorted(MIX)


def test_a_resubmission_is_graded_and_the_earlier_grade_is_kept(tmp_path):
    folder = make_class(tmp_path / "class")
    out = tmp_path / "out"
    grade_all(LAB0, folder, out, progress=False)
    shutil.copy(SUBMISSIONS / "correct.py", folder / "ben.py")
    second = grade_all(LAB0, folder, out, progress=False)
    assert scores(second) == {"ben": 12.0}
    with Gradebook(out / "gradebook.sqlite") as book:
        history = book.db.execute("SELECT score FROM gradings WHERE student='ben' ORDER BY id")
        assert [s for (s,) in history] == [9.0, 12.0]


def test_regrade_adds_attempts_and_never_loses_earlier_grades(tmp_path):
    folder = make_class(tmp_path / "class")
    out = tmp_path / "out"
    grade_all(LAB0, folder, out, progress=False)
    grade_all(LAB0, folder, out, regrade=True, progress=False)
    with Gradebook(out / "gradebook.sqlite") as book:
        assert book.count() == 2 * len(MIX)
        attempts = book.db.execute("SELECT student, question, score, max_score, status, sha256,"
                                   " graded_at, grader_version FROM attempts").fetchall()
    assert len(attempts) == 2 * len(MIX)
    assert {(a[0], a[2]) for a in attempts} == set(EXPECTED.items())


def test_gradebook_refuses_to_update_or_delete_a_grade(tmp_path):
    folder = make_class(tmp_path / "class", {"ana": "correct.py"})
    grade_all(LAB0, folder, tmp_path / "out", progress=False)
    with Gradebook(tmp_path / "out" / "gradebook.sqlite") as book:
        for statement in ("UPDATE gradings SET score=0", "DELETE FROM gradings",
                          "UPDATE attempts SET score=0", "DELETE FROM attempts"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                book.db.execute(statement)
    assert (tmp_path / "out" / "gradebook.sqlite").stat().st_mode & 0o077 == 0


def test_csv_takes_the_latest_or_the_best_grading_as_asked(tmp_path):
    folder = make_class(tmp_path / "class", {"ana": "correct.py"})
    out = tmp_path / "out"
    grade_all(LAB0, folder, out, progress=False)
    shutil.copy(SUBMISSIONS / "wrong_no_stacks.py", folder / "ana.py")
    latest = grade_all(LAB0, folder, out, policy="latest", progress=False)
    assert [(r["student"], r["score"]) for r in latest.rows] == [("ana", 6.0)]
    with Gradebook(out / "gradebook.sqlite") as book:
        best = book.export_csv("lab0-heap-goal", out / "best.csv", policy="best")
    assert [(r["student"], r["score"]) for r in best] == [("ana", 12.0)]
    assert "best" in (out / "best.csv").read_text()


SLOW = "import time\n\ndef heap_goal(m, s, g, p):\n    time.sleep(0.04)\n    return m\n"


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for i in range(8):
        (folder / f"s{i}.py").write_text(SLOW + f"# student {i}\n")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "autograder", "grade-all", str(LAB0), str(folder),
           "--workers", "1", "--out", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = 0
    deadline = time.monotonic() + 60
    while done < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        try:
            with sqlite3.connect(out / "gradebook.sqlite") as db:
                done = db.execute("SELECT COUNT(*) FROM gradings").fetchone()[0]
        except sqlite3.Error:
            pass
    proc.send_signal(signal.SIGKILL)  # no chance to clean up
    proc.wait()
    assert 2 <= done < 8
    resumed = subprocess.run(cmd[:-1] + ["--workers", "2", "--no-progress"], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        per_student = dict(db.execute("SELECT student, COUNT(*) FROM gradings GROUP BY student"))
    assert per_student == {f"s{i}": 1 for i in range(8)}
    graded, skipped = map(int, re.search(r"graded (\d+), skipped (\d+)", resumed.stdout).groups())
    assert graded + skipped == 8 and skipped >= done


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_grade_all_on_a_dask_cluster_gives_the_same_grades(tmp_path):
    distributed = pytest.importorskip("distributed")
    folder = make_class(tmp_path / "class")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = grade_all(LAB0, folder, tmp_path / "out", dask=cluster.scheduler_address,
                           progress=False)
    assert result.errors == {}
    assert scores(result) == EXPECTED
    assert {r["student"] for r in result.rows} == set(MIX)
