"""Benchmark: grade-all of 100 lab0 submissions, and the grader's per-submission overhead.

    python bench/bench_autograder.py [--workers 2] [--n 100] [--keep DIR]

1. Writes N submissions into a temporary class folder: 70% correct (several styles, .py and
   notebooks), 20% wrong (the common mistakes), 10% hostile (taken from
   tests/autograder/hostile/: infinite loop, fork bomb, exits, kills, forged results, ...).
2. Runs ``python -m autograder grade-all labs/lab0-heap-goal <folder> --workers W`` as a
   student-facing run would (fresh process, progress bar off) and times it end to end.
3. Measures the overhead of grading one correct submission serially, in-process: total
   wall time per submission, split into sandbox start + load, and the 12 calls.

Prints a table and writes bench/results/autograder.json. The target (issue 7): the 100
submissions in under 60 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LAB = ROOT / "labs" / "lab0-heap-goal"
HOSTILE = ROOT / "tests" / "autograder" / "hostile"

CORRECT = [
    "def heap_goal(m, s, g, p):\n    return max(m + (m + s + g) * p // 100, 4 * 2**20 * p // 100)\n",
    "MiB = 1 << 20\n\ndef heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):\n"
    "    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100\n"
    "    floor = 4 * MiB * gogc // 100\n    if goal < floor:\n        goal = floor\n"
    "    return goal\n",
    "import math\n\ndef heap_goal(m, s, g, p):\n    scan = m + s + g\n    growth = scan * p // 100\n"
    "    return max(m + growth, (4 << 20) * p // 100)\n",
]
WRONG = [
    "def heap_goal(m, s, g, p):\n    return max(m + (m + s + g) * p // 100, 4 << 20)\n",
    "def heap_goal(m, s, g, p):\n    return max(m + m * p // 100, (4 << 20) * p // 100)\n",
    "def heap_goal(m, s, g, p):\n    return max(m + (m + s + g) * p / 100, 4 * 2**20 * p / 100)\n",
    "def heap_goal(m, s, g, p):\n    return m + (m + s + g) * p // 100\n",
    "def heap_goal(m, s, g, p):\n    return max(m + (m + s + g) // 100 * p, (4 << 20) // 100 * p)\n",
]
HOSTILE_MIX = ["infinite_loop", "fork_bomb", "exit_in_function", "kill_parent", "always_equal",
               "fake_protocol", "read_hidden", "write_files", "huge_output", "recursion_bomb"]


def notebook(source: str) -> str:
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Lab 0"),
        nbformat.v4.new_code_cell("from autograder.authoring import Lab, MiB, KiB\n"
                                  'lab = Lab("lab0-heap-goal")\nlab.question("q1", "heap_goal")'),
        nbformat.v4.new_code_cell(source),
        nbformat.v4.new_code_cell('lab.check("q1")')])
    return nbformat.writes(nb)


def make_class(folder: Path, n: int) -> dict[str, str]:
    """Write n submissions; return student -> category."""
    n_hostile = max(1, n // 10)
    n_wrong = n // 5
    kinds = {}
    for i in range(n):
        student = f"student{i:03d}"
        if i < n_hostile:
            src = HOSTILE / f"{HOSTILE_MIX[i % len(HOSTILE_MIX)]}.py"
            shutil.copy(src, folder / f"{student}.py")
            kinds[student] = "hostile"
            continue
        if i < n_hostile + n_wrong:
            source, kinds[student] = WRONG[i % len(WRONG)], "wrong"
        else:
            source, kinds[student] = CORRECT[i % len(CORRECT)], "correct"
        source += f"\n# submission {i}\n"
        if i % 3 == 0:
            (folder / f"{student}.ipynb").write_text(notebook(source))
        else:
            (folder / f"{student}.py").write_text(source)
    return kinds


def overhead(samples: int = 20) -> dict:
    """Serial, in-process: what grading one correct submission costs."""
    from autograder.grading import grade
    from autograder.labspec import load_lab
    from autograder.sandbox import Sandbox
    from autograder.submissions import read_submission

    spec = load_lab(LAB)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.py"
        path.write_text(CORRECT[1])
        grade(spec, path, "warmup")
        totals, starts, calls = [], [], []
        for i in range(samples):
            t0 = time.perf_counter()
            g = grade(spec, path, f"s{i}")
            totals.append(time.perf_counter() - t0)
            assert g.score == g.max_score
            sub = read_submission(path, f"s{i}")
            t0 = time.perf_counter()
            with Sandbox(sub.code, spec.limits) as box:
                t1 = time.perf_counter()
                for test in spec.plan(f"s{i}"):
                    box.call(test.target, list(test.args), test.seed)
                t2 = time.perf_counter()
            starts.append(t1 - t0)
            calls.append((t2 - t1) / len(spec.plan("x")))
    return {"grade_one_s": statistics.median(totals), "sandbox_start_and_load_s":
            statistics.median(starts), "per_call_s": statistics.median(calls),
            "tests_per_submission": len(spec.plan("x")), "samples": samples}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="keep the class and results here")
    args = ap.parse_args()

    from autograder.sandbox import isolation

    tmp = Path(tempfile.mkdtemp(prefix="bench-autograder-"))
    folder, out = tmp / "class", tmp / "out"
    folder.mkdir()
    kinds = make_class(folder, args.n)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade-all", str(LAB),
                           str(folder), "--workers", str(args.workers), "--out", str(out),
                           "--no-progress"], cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        return 1
    by_kind: dict[str, list[float]] = {}
    scores: dict[str, list[float]] = {}
    for student, kind in kinds.items():
        data = json.loads((out / "results" / f"{student}.json").read_text())
        by_kind.setdefault(kind, []).append(data["execution_time"])
        scores.setdefault(kind, []).append(data["score"])
    cost = overhead()
    report = {
        "submissions": args.n, "workers": args.workers, "cpus": os.cpu_count(),
        "isolation": isolation(), "grade_all_wall_s": round(total, 2),
        "per_submission_wall_s": round(total / args.n, 3),
        "by_kind": {k: {"count": len(v), "mean_grading_s": round(statistics.mean(v), 3),
                        "max_grading_s": round(max(v), 3),
                        "mean_score": round(statistics.mean(scores[k]), 2)}
                    for k, v in sorted(by_kind.items())},
        "overhead": {k: round(v, 4) if isinstance(v, float) else v for k, v in cost.items()},
    }
    print(f"grade-all: {args.n} lab0 submissions, --workers {args.workers}, "
          f"{os.cpu_count()} CPUs, isolation={report['isolation']}")
    print(f"  total wall time        {total:7.2f} s   (target < 60 s)")
    print(f"  per submission (wall)  {total / args.n:7.3f} s")
    for kind, row in report["by_kind"].items():
        print(f"  {kind:<8} n={row['count']:<3} mean {row['mean_grading_s']:.3f} s, "
              f"max {row['max_grading_s']:.3f} s, mean score {row['mean_score']}")
    print("overhead of one correct submission, serial:")
    print(f"  grade() end to end     {cost['grade_one_s'] * 1000:7.1f} ms "
          f"({cost['tests_per_submission']} tests)")
    print(f"  sandbox start + load   {cost['sandbox_start_and_load_s'] * 1000:7.1f} ms")
    print(f"  one call round trip    {cost['per_call_s'] * 1000:7.2f} ms")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "autograder.json").write_text(json.dumps(report, indent=2) + "\n")
    if args.keep:
        shutil.copytree(tmp, args.keep, dirs_exist_ok=True)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if total < 60 else 2


if __name__ == "__main__":
    sys.exit(main())
