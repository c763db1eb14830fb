#!/usr/bin/env python
"""Print the model against the recorded real gctrace lines, per program and setting: the
number of cycles (model, and each recorded run) and the worst cycle's goal error (the comparison
``tests/test_gc_trace.py`` makes).

    .venv/bin/python tests/gctrace/compare.py [-v] [filters]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
import test_gc_trace as t  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true", help="print every cycle's goals")
    ap.add_argument("filters", nargs="*")
    args = ap.parse_args(argv)
    print(f"{'program [setting]':<44} {'model':>5} {'real runs':<24} {'worst goal error (cycle)':<26}")
    for p in t.cases():
        rec, setting = p.values
        if args.filters and not any(f in p.id for f in args.filters):
            continue
        res, lines = t.model_run(rec["program"], tuple(sorted(setting["env"].items())))
        goals = t.model_goals(res)
        runs = [[t.parse(ln) for ln in r["gctrace"]] for r in setting["runs"]]
        errs = [(e, i + 1) for e, i, _, _ in t.cycle_errors(goals, runs, lines)]
        worst = max(errs) if errs else (0.0, 0)
        counts = [len(r["gctrace"]) for r in setting["runs"]]
        print(f"{p.id:<44} {len(lines):>5} {str(counts):<24} {worst[0]:>6.1%} (cycle {worst[1]})")
        if args.v:
            print("   model:", " ".join(f"{g / t.MiB:.1f}" for g in goals))
            for real in runs:
                print("   real: ", " ".join(str(r["goal"]) for r in real))
    return 0


if __name__ == "__main__":
    sys.exit(main())
