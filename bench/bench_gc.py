"""GC benchmarks: the pacer, the mark, and an allocation-heavy program against the real Go runtime.

One run measures every figure it prints, so the ratios compare numbers taken on the same machine
at the same time (numba's compile or cache load is done by a warm-up first and not counted):

* ``pacer``: 10,000 GC cycles of ``course.mgcpacer`` (the simulated runtime's pacer: startCycle,
  an allocation and a mark's scan work, revise, endCycle, resetLive, commit, trigger), in one
  numba loop; target < 1 s.
* ``mark``: ``bench/programs/gc_mark.go`` holds a 1,000,000-object linked list and calls
  ``runtime.GC()`` K times; the time of one forced cycle (mark from the roots, sweep) is
  (T(K) - T(0)) / K, both runs with ``GOGC=off`` so no other cycle runs; target < 2 s.
* ``alloc``: ``tests/gctrace/programs/ring_churn.go`` (8,000 allocations of 64 KiB, about 90 GC
  cycles at GOGC=100): ``Program.run`` against the real Go binary's wall time (median of 3).

    .venv/bin/python bench/bench_gc.py [--cycles N] [--objects N] [--gcs K]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/_harness.py
from _harness import PROGRAMS, ROOT, fmt_s, go_version, program_source, verdict  # noqa: E402

import numpy as np  # noqa: E402

import course  # noqa: E402
from course import mgcpacer as P  # noqa: E402
from course._jit import jit  # noqa: E402

TARGET_PACER_S = 1.0  # 10,000 pacer cycles, at most
TARGET_MARK_S = 2.0  # one mark of a 1,000,000-object graph, at most
ALLOC_PROGRAM = ROOT / "tests" / "gctrace" / "programs" / "ring_churn.go"
MARK_PROGRAM = PROGRAMS / "gc_mark.go"


@jit
def pacer_cycles(c, cf, n, live, alloc_ns_per_byte):
    """n GC cycles of the pacer for a program with a steady live heap: allocate up to the
    trigger, start a cycle, allocate while the mark's scan work is paid, end it.
    Returns the sum of the goals (so nothing is optimised away)."""
    now = np.int64(0)
    total = np.int64(0)
    for _ in range(n):
        trig, goal = P.trigger(c, cf)
        now += (trig - c[P.C_HEAPLIVE]) * alloc_ns_per_byte
        c[P.C_HEAPLIVE] = trig
        P.startCycle(c, cf, now, 4, P.gcTriggerHeap)
        work = live // 4
        for k in range(8):  # the mark in 8 steps: scan work done, heap allocated, revise
            c[P.C_HEAPSCANWORK] += work // 8
            c[P.C_HEAPLIVE] += (goal - trig) // 10
            now += 50_000
            P.revise(c, cf)
        c[P.C_ASSISTTIME] += 100_000
        P.endCycle(c, cf, now, 4, False)
        P.resetLive(c, cf, live)
        P.commit(c, cf, True)
        total += goal
    return total


def bench_pacer(n: int) -> float:
    c, cf = P.newController(100, P.maxInt64, "1.19")
    pacer_cycles(c, cf, 10, 64 << 20, 1)  # warm-up (compile)
    c, cf = P.newController(100, P.maxInt64, "1.19")
    t0 = time.perf_counter()
    pacer_cycles(c, cf, n, 64 << 20, 1)
    return time.perf_counter() - t0


def _timed_run(prog, env):
    t0 = time.perf_counter()
    res = prog.run(gomaxprocs=1, env=env, trace=False)
    return time.perf_counter() - t0, res


def bench_mark(n: int, k: int) -> tuple[float, str]:
    env = {"GOGC": "off"}
    p0 = course.compile(program_source(MARK_PROGRAM, {"N": n, "K": 0}), MARK_PROGRAM.name)
    pk = course.compile(program_source(MARK_PROGRAM, {"N": n, "K": k}), MARK_PROGRAM.name)
    _timed_run(p0, env)  # warm-up, and the arrays reach their size
    _timed_run(pk, env)
    t0 = statistics.median(_timed_run(p0, env)[0] for _ in range(3))
    runs = [_timed_run(pk, env) for _ in range(3)]
    tk = statistics.median(r[0] for r in runs)
    out = runs[0][1].stdout.strip()
    want = f"{n} {k}"
    return max(tk - t0, 0.0) / k, ("" if out == want else f"WRONG: printed {out!r}, want {want!r}")


def bench_alloc() -> tuple[float, float | None, str]:
    src = ALLOC_PROGRAM.read_text()
    prog = course.compile(src, ALLOC_PROGRAM.name)
    env = {"GOGC": "100"}
    _timed_run(prog, env)
    model = statistics.median(_timed_run(prog, env)[0] for _ in range(3))
    if shutil.which("go") is None:
        return model, None, "go not installed"
    with tempfile.TemporaryDirectory(prefix="bench-gc-") as tmp:
        shutil.copy(ALLOC_PROGRAM, Path(tmp) / ALLOC_PROGRAM.name)
        exe = Path(tmp) / "prog"
        subprocess.run(["go", "build", "-o", str(exe), ALLOC_PROGRAM.name], cwd=tmp, check=True,
                       capture_output=True, text=True)
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([str(exe)], env=dict(os.environ, GOMAXPROCS="1", GOGC="100"), check=True,
                           capture_output=True)
            runs.append(time.perf_counter() - t0)
    return model, statistics.median(runs), ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=10_000, help="pacer cycles (default 10,000)")
    ap.add_argument("--objects", type=int, default=1_000_000, help="objects in the marked graph")
    ap.add_argument("--gcs", type=int, default=3, help="runtime.GC() calls timed in the mark benchmark")
    a = ap.parse_args(argv)
    print(f"bench_gc: {go_version() or 'go not installed'}")
    t = bench_pacer(a.cycles)
    print(f"pacer  {a.cycles:,} cycles: {fmt_s(t)}  target < {TARGET_PACER_S} s: "
          f"{verdict(t, TARGET_PACER_S, True)}")
    t, note = bench_mark(a.objects, a.gcs)
    print(f"mark   {a.objects:,} objects, one runtime.GC(): {fmt_s(t)}  target < {TARGET_MARK_S} s: "
          f"{verdict(t, TARGET_MARK_S, True)} {note}")
    model, go, note = bench_alloc()
    ratio = f"{model / go:.1f}x" if go else "n/a"
    print(f"alloc  {ALLOC_PROGRAM.name} (GOGC=100): model {fmt_s(model)}, Go {fmt_s(go)}, model/Go {ratio} {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
