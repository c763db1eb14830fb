#!/usr/bin/env python
"""Measure what basic operations cost under the real Go runtime on this machine.

    .venv/bin/python bench/calibrate/run.py                 # 7 repetitions, 300ms each
    .venv/bin/python bench/calibrate/run.py --reps 3 --benchtime 100ms --no-write

Each ``bench/calibrate/*.go`` is built on its own (``go build -o``) and run; it prints lines
``<measurement> <ns per operation>``, one per repetition (``testing.Benchmark`` inside a plain
main package). The table shows the median, min and max over the repetitions, and the medians
are written to ``bench/calibrate/costs_measured.json`` with the machine's details, for the
simulated runtime's cost model to be calibrated against.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

DESCRIPTIONS = {
    "gosched_1g_p1": "runtime.Gosched() with no other runnable G (GOMAXPROCS=1)",
    "gosched_2g_p1": "runtime.Gosched() with 2 Gs yielding to each other, per call (GOMAXPROCS=1)",
    "spawn_exit_p1": "go f() + empty body + exit, storms of 1000 (GOMAXPROCS=1)",
    "spawn_exit_p2": "go f() + empty body + exit, storms of 1000 (GOMAXPROCS=2)",
    "spawn_exit_p8": "go f() + empty body + exit, storms of 1000 (GOMAXPROCS=8)",
    "loop_iteration": "one loop iteration: i++, compare, branch, s += i",
    "func_call_loop": "loop iteration calling a non-inlined add(a, b)",
    "func_call_net": "one non-inlined call, loop overhead subtracted",
    "sleep_0": "time.Sleep(0) (returns at once)",
    "sleep_1us_wakeup_p1": "time.Sleep(1µs) wall time until running again, idle P (GOMAXPROCS=1)",
    "sleep_1us_wakeup_p2": "time.Sleep(1µs) wall time until running again, idle Ps (GOMAXPROCS=2)",
    "sleep_1us_wakeup_busy_p1": "time.Sleep(1µs) while another G keeps the P busy with Gosched",
    "println_devnull": 'fmt.Println("hello", 42) with stdout on /dev/null',
    "concat_short": "a + b of two 5-byte strings (one allocation)",
}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict:
    return {
        "cpu_model": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "kernel": platform.release(),
        "go_version": subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip(),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "loadavg_before": list(os.getloadavg()),
    }


def run_program(src: Path, reps: int, benchtime: str, tmp: Path) -> dict[str, list[float]]:
    binary = tmp / (src.stem + ".bin")
    env = {k: v for k, v in os.environ.items() if k not in ("GOMAXPROCS", "GODEBUG", "GOGC")}
    env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "calibrate-gocache"))
    subprocess.run(["go", "build", "-o", str(binary), str(src)], check=True, env=env, cwd=HERE)
    out = subprocess.run([str(binary), f"-reps={reps}", f"-benchtime={benchtime}"], check=True, env=env,
                         capture_output=True, text=True).stdout
    samples: dict[str, list[float]] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:
            samples.setdefault(parts[0], []).append(float(parts[1]))
    return samples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--benchtime", default="300ms")
    ap.add_argument("--no-write", action="store_true", help="print the table only")
    ap.add_argument("programs", nargs="*", help="only these .go files (stems)")
    args = ap.parse_args(argv)
    if shutil.which("go") is None:
        print("run.py: needs the go command on PATH", file=sys.stderr)
        return 2
    info = machine_info()
    results: dict[str, list[float]] = {}
    srcs = sorted(HERE.glob("*.go"))
    if args.programs:
        srcs = [s for s in srcs if s.stem in args.programs]
    with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
        for src in srcs:
            print(f"running {src.name} ...", file=sys.stderr, flush=True)
            results.update(run_program(src, args.reps, args.benchtime, Path(tmp)))
    rows = []
    print(f"\n{info['cpu_model']}, {info['logical_cpus']} CPUs, {info['go_version']}")
    print(f"{'measurement':<26} {'median ns':>12} {'min':>12} {'max':>12}  n  description")
    for name, vals in results.items():
        med = statistics.median(vals)
        rows.append((name, med, min(vals), max(vals), len(vals)))
        print(f"{name:<26} {med:>12.3f} {min(vals):>12.3f} {max(vals):>12.3f} {len(vals):>2}  {DESCRIPTIONS.get(name, '')}")
    if not args.no_write:
        doc = {
            "machine": info,
            "method": f"testing.Benchmark inside main packages, {args.reps} repetitions of {args.benchtime} each; "
                      "median of the per-repetition ns/op",
            "unit": "ns per operation (wall clock)",
            "costs_ns": {name: round(med, 4) for name, med, *_ in rows},
            "samples_ns": {name: [round(v, 4) for v in results[name]] for name, *_ in rows},
            "descriptions": {name: DESCRIPTIONS.get(name, "") for name, *_ in rows},
        }
        out = HERE / "costs_measured.json"
        out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwrote {out.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
