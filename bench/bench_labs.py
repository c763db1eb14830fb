"""Each lab's scores and the time to grade one submission, measured.

    . .venv/bin/activate && python bench/bench_labs.py [LAB ...] [--json PATH] [--keep DIR]

Releases each lab (default: all of lab1-runqueues lab2-channels lab3-gc lab4-predict), makes the
submissions its tests make (``tests/labs``: the starter, the reference solution, each classic
mistake; for lab 4 the right answers, the no-kick misconception and someone else's answers),
and grades each one alone with ``python -m autograder grade``, timed. Prints one row per
submission: its score out of the maximum, the wall time of the grading process, the time in the
sandbox (the grader's ``execution_time``) and the load average when it ended. Results go to
``bench/results/bench_labs-<time>.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/_harness.py
from _harness import RESULTS, ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "labs"))
import test_lab1_runqueues as t1  # noqa: E402
import test_lab2_channels as t2  # noqa: E402
import test_lab3_gc as t3  # noqa: E402
import test_lab4_predict as t4  # noqa: E402
from lab_helpers import released, with_solutions  # noqa: E402

from autograder.labspec import load_lab  # noqa: E402

# the classic mistakes the lab tests make, each a text edit of the reference solution
MISTAKES = {
    "lab1-runqueues": [("forgot_kick", t1.FORGOT_KICK), ("half_rounded_down", t1.HALF_ROUNDED_DOWN),
                       ("not_numba", t1.NOT_NUMBA)],
    "lab2-channels": [("buffer_first", t2.BUFFER_FIRST), ("no_shuffle", t2.NO_SHUFFLE)],
    "lab3-gc": [("no_barrier", t3.NO_BARRIER), ("only_new", t3.ONLY_NEW)],
}
LABS = [*MISTAKES, "lab4-predict"]


def submissions(lab: str, d: Path) -> list[Path]:
    """Release `lab` into d/dist and write its submissions into d: the starter first."""
    st = released(lab, d / "dist")
    starter = d / "starter.ipynb"
    shutil.copy(st, starter)
    if lab == "lab4-predict":
        key = load_lab(ROOT / "labs" / lab).reference["model_answers"]
        return [starter, t4.submission(d / "right.py", "right", key("right")),
                t4.submission(d / "nokick.py", "nokick", t4.no_kick(key("nokick"))),
                t4.submission(d / "someone_else.py", "ana", key("ana"))]
    return [starter, with_solutions(lab, st, d / "reference.ipynb")] + [
        with_solutions(lab, st, d / f"{name}.ipynb", dict([edit])) for name, edit in MISTAKES[lab]]


def grade(lab: str, grader: Path, sub: Path) -> dict:
    """Grade one submission in a process of its own, as an instructor would; time it."""
    res = sub.parent / (sub.stem + ".json")
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "autograder", "grade", str(grader), str(sub), "--out", str(res)],
                       capture_output=True, text=True, cwd=str(ROOT))
    wall = time.perf_counter() - t0
    row = {"lab": lab, "submission": sub.stem, "score": None, "max_score": None, "wall_s": wall,
           "sandbox_s": None, "load": os.getloadavg()[0], "note": ""}
    if not res.exists():
        row["note"] = f"grading failed (exit {p.returncode}): {p.stderr.strip()[-300:]}"
        return row
    r = json.loads(res.read_text())
    row.update(score=r["score"], max_score=sum(x["max_score"] for x in r["tests"]), sandbox_s=r.get("execution_time"))
    return row


def print_row(row: dict) -> None:
    def num(x, f):
        return "-" if x is None else format(round(x, 2), f)

    print(f"{row['lab']:<16} {row['submission']:<18} {num(row['score'], 'g'):>6} / {num(row['max_score'], 'g'):<4}"
          f" {row['wall_s']:8.2f} {num(row['sandbox_s'], '10.2f'):>10} {row['load']:6.2f}  {row['note']}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("labs", nargs="*", metavar="LAB", help=f"any of {' '.join(LABS)} (default: all)")
    ap.add_argument("--json", type=Path, help="write results here (default bench/results/bench_labs-<time>.json)")
    ap.add_argument("--keep", type=Path, help="keep the released labs and the submissions here")
    a = ap.parse_args(argv)
    unknown = [lab for lab in a.labs if lab not in LABS]
    if unknown:
        ap.error(f"no lab {unknown[0]!r}: the labs are {', '.join(LABS)}")
    labs = [lab for lab in LABS if lab in a.labs] or LABS
    work = Path(tempfile.mkdtemp(prefix="bench-labs-"))
    print(f"{'lab':<16} {'submission':<18} {'score':>13} {'wall s':>8} {'sandbox s':>10} {'load':>6}  note")
    rows = []
    try:
        for lab in labs:
            d = work / lab
            d.mkdir(parents=True)
            for sub in submissions(lab, d):
                rows.append(grade(lab, d / "dist" / "grader", sub))
                print_row(rows[-1])
        if a.keep:
            shutil.copytree(work, a.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    meta = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cpus": os.cpu_count(), "labs": labs}
    out = a.json or RESULTS / f"bench_labs-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    print(f"\nresults: {out}")
    return 1 if any(r["note"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
