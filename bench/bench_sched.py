"""Scheduler benchmarks: the course's model against the real Go runtime and a SimPy peer.

One run measures every figure it prints, so the ratios compare numbers taken on the same machine
at the same time. Two scenarios, each a Go program in ``bench/programs/``:

* ``gosched_storm``: G goroutines each call ``runtime.Gosched()`` K times (one op = one Gosched);
* ``spawn_storm``: main starts N goroutines that each bump a counter and exit (one op = one
  goroutine: go statement, run, exit).

Each is run three ways: by the model (``course.compile(src).run(...)``, wall-clock seconds of
``Program.run`` only, after a warm-up run so numba's compile or cache load is not counted; with
``trace=True`` and ``trace=False``), by the real Go binary (``go build`` once per size, median of
3 runs), and by ``bench/peers/simpy_sched.py``, a SimPy model of the same scheduler rules. SimPy
is slow, so above ``--simpy-max-ops`` it runs a smaller instance and its time is scaled linearly
per op; the output says so.

Targets (from the issue): model/Go <= 1 on the same program; SimPy/model >= 100 per op;
``--million``: 1,000,000 goroutines on GOMAXPROCS=8 in < 10 s and < 2 GB peak RSS (measured in a
child process, so the peak is that run's); ``--cold-start``: a program's first run in a fresh
process with a warm numba cache in < 1.5 s.

Until ``course.compile`` exists the model columns read "not available yet" and Go and SimPy still
run. Results go to stdout and to ``bench/results/bench_sched-<time>.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/_harness.py
from _harness import (  # noqa: E402  (shared with bench/bench_chan.py)
    CHILD_TIMEOUT_S,
    PROGRAMS,
    RESULTS,
    ROOT,
    fmt_s,
    go_build,
    go_version,
    model_compiler,
    peak_rss_bytes,
    run_table,
    program_source,
    time_go,
    verdict,
)

import simpy_sched  # noqa: E402  (bench/peers/simpy_sched.py)

# --- targets --------------------------------------------------------------------------------
TARGET_MODEL_OVER_GO = 1.0  # model time / real Go time, at most
TARGET_SIMPY_OVER_MODEL = 100.0  # SimPy time / model time per op, at least
TARGET_MILLION_S = 10.0
TARGET_MILLION_BYTES = 2 * 1024**3
TARGET_COLD_START_S = 1.5


# --- scenarios ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """A Go program in bench/programs and how to size, check and SimPy-run it."""

    name: str
    file: str  # in bench/programs
    op: str  # what one op is, for the table

    def ops(self, params: dict[str, int]) -> int:
        return params["G"] * params["K"] if self.name == "gosched_storm" else params["N"]

    def expected(self, params: dict[str, int], gomaxprocs: int) -> tuple[str, bool]:
        """The expected stdout, and whether it must match exactly (counters are exact only at 1 P)."""
        if self.name == "gosched_storm":
            g, k = params["G"], params["K"]
            line = f"goroutines {g} goscheds {g * k} done "
            return (line + f"{g}\n", True) if gomaxprocs == 1 else (line, False)
        n = params["N"]
        line = f"goroutines {n} count "
        return (line + f"{n}\n", True) if gomaxprocs == 1 else (line, False)

    def check(self, stdout: str, params: dict[str, int], gomaxprocs: int) -> str | None:
        """None if stdout is right, else what is wrong."""
        want, exact = self.expected(params, gomaxprocs)
        ok = stdout == want if exact else stdout.startswith(want)
        return None if ok else f"stdout {stdout.strip()!r}, want {want.strip()!r}{'' if exact else '...'}"

    def simpy_params(self, params: dict[str, int], max_ops: int) -> dict[str, int]:
        """A smaller instance of the same scenario, at most max_ops ops (SimPy is slow)."""
        if self.ops(params) <= max_ops:
            return dict(params)
        if self.name == "gosched_storm":
            g = min(params["G"], max_ops)
            return {"G": g, "K": max(1, max_ops // g)}
        return {"N": max_ops}

    def run_simpy(self, params: dict[str, int], gomaxprocs: int) -> simpy_sched.Result:
        if self.name == "gosched_storm":
            return simpy_sched.run_gosched_storm(params["G"], params["K"], gomaxprocs)
        return simpy_sched.run_spawn_storm(params["N"], gomaxprocs)

    def source(self, params: dict[str, int]) -> str:
        return program_source(PROGRAMS / self.file, params)


GOSCHED = Scenario("gosched_storm", "gosched_storm.go", "Gosched")
SPAWN = Scenario("spawn_storm", "spawn_storm.go", "goroutine")
SCENARIOS = {s.name: s for s in (GOSCHED, SPAWN)}

SIZES = {
    "gosched_storm": [{"G": 100, "K": 1000}, {"G": 1000, "K": 1000}],
    "spawn_storm": [{"N": 100_000}, {"N": 1_000_000}],
}
QUICK_SIZES = {"gosched_storm": [{"G": 10, "K": 100}], "spawn_storm": [{"N": 2000}]}
WARMUP = {"gosched_storm": {"G": 4, "K": 4}, "spawn_storm": {"N": 300}}  # > 256: runqputslow too
MILLION = {"N": 1_000_000}
COLD_START = {"G": 10, "K": 10}


# --- --million and --cold-start (in child processes) -----------------------------------------
def million_child(trace: bool) -> None:
    """Runs in a fresh process: warm up, then 1,000,000 goroutines on GOMAXPROCS=8; prints JSON."""
    compile_fn, why = model_compiler()
    if compile_fn is None:
        print(json.dumps({"error": f"model: not available yet ({why})"}))
        return
    t0 = time.perf_counter()
    compile_fn(SPAWN.source(WARMUP["spawn_storm"]), filename=SPAWN.file).run(gomaxprocs=8, seed=0, trace=trace)
    warm = time.perf_counter() - t0
    prog = compile_fn(SPAWN.source(MILLION), filename=SPAWN.file)
    t0 = time.perf_counter()
    res = prog.run(gomaxprocs=8, seed=0, trace=trace)
    run = time.perf_counter() - t0
    print(json.dumps({
        "trace": trace,
        "warmup_s": warm,
        "run_s": run,
        "peak_rss_bytes": peak_rss_bytes(),
        "exit_code": res.exit_code,
        "stdout": res.stdout[-200:],
        "sim_time_ns": int(res.sim_time_ns),
        "check": SPAWN.check(res.stdout, MILLION, 8),
    }))


def bench_million(go_exe: Path | None) -> dict:
    print(f"\n--million: spawn_storm N=1,000,000 on GOMAXPROCS=8 (targets: < {TARGET_MILLION_S:g} s, < 2 GB peak RSS)")
    out = {}
    for trace in (True, False):
        label = f"model (trace={trace})"
        try:
            p = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--_million-child", "trace" if trace else "notrace"],
                capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, cwd=ROOT,
            )
            if p.returncode == 0:
                r = json.loads(p.stdout.strip().splitlines()[-1])
            else:  # the last line of the traceback says what went wrong
                r = {"error": f"child failed: {(p.stderr.strip().splitlines() or ['?'])[-1]}", "stderr": p.stderr[-2000:]}
        except subprocess.TimeoutExpired:
            r = {"error": f"timed out after {CHILD_TIMEOUT_S} s"}
        out["model_trace" if trace else "model_notrace"] = r
        if "error" in r:
            print(f"  {label:<22} {r['error']}")
            continue
        wrong = f"  WRONG: exit code {r['exit_code']}, {r['check'] or 'stdout right'}" if r["exit_code"] or r["check"] else ""
        ok_t = "no verdict" if wrong else verdict(r["run_s"], TARGET_MILLION_S, True)
        ok_m = "no verdict" if wrong else verdict(r["peak_rss_bytes"], TARGET_MILLION_BYTES, True)
        print(f"  {label:<22} run {r['run_s']:.2f} s [{ok_t}]  peak RSS {r['peak_rss_bytes'] / 2**20:,.0f} MiB [{ok_m}]"
              f"  (warm-up {r['warmup_s']:.2f} s, simulated {r['sim_time_ns'] / 1e6:,.1f} ms){wrong}")
    if go_exe is not None:
        g = time_go(go_exe, SPAWN, MILLION, 8, repeat=1)
        out["go"] = asdict(g)
        print(f"  {'real Go (reference)':<22} run {fmt_s(g.seconds)} s {g.note}")
    return out


def bench_cold_start() -> dict:
    print(f"\n--cold-start: a program's first run in a fresh process, numba cache warm (target < {TARGET_COLD_START_S:g} s)")
    compile_fn, why = model_compiler()
    if compile_fn is None:
        print(f"  model: not available yet ({why})")
        return {"error": f"model: not available yet ({why})"}
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "cold.go"
        path.write_text(GOSCHED.source(COLD_START))
        cmd = [sys.executable, "-c", "import course, sys; course.compile(open(sys.argv[1]).read()).run()", str(path)]
        runs = []
        for _ in range(2):  # the first warms numba's cache (or finds it warm); the second is measured
            t0 = time.perf_counter()
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, cwd=ROOT)
            runs.append(time.perf_counter() - t0)
            if p.returncode != 0:
                print(f"  failed: {(p.stderr.strip().splitlines() or ['?'])[-1]}")
                return {"error": p.stderr[-2000:], "runs_s": runs}
    print(f"  fresh process, second run: {runs[1]:.2f} s [{verdict(runs[1], TARGET_COLD_START_S, True)}]"
          f"  (first run, which may have filled the cache: {runs[0]:.2f} s)")
    return {"runs_s": runs, "seconds": runs[1]}


# --- main -----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (a smoke test, not a measurement)")
    ap.add_argument("--scenario", choices=sorted(SCENARIOS), action="append", help="only this scenario (repeatable)")
    ap.add_argument("--gomaxprocs", default="1", help="comma-separated GOMAXPROCS values for the table (default 1)")
    ap.add_argument("--repeat", type=int, default=3, help="model runs per row; the median is reported")
    ap.add_argument("--simpy-max-ops", type=int, default=100_000, help="above this, SimPy runs a smaller instance")
    ap.add_argument("--million", action="store_true", help="also: 1,000,000 goroutines on GOMAXPROCS=8 (model)")
    ap.add_argument("--cold-start", action="store_true", help="also: first run in a fresh process, warm cache")
    ap.add_argument("--all", action="store_true", help="the table, --million and --cold-start")
    ap.add_argument("--no-go", action="store_true", help="skip the real Go runs")
    ap.add_argument("--no-simpy", action="store_true", help="skip the SimPy peer")
    ap.add_argument("--json", type=Path, help="write results here (default bench/results/bench_sched-<time>.json)")
    ap.add_argument("--_million-child", choices=["trace", "notrace"], help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a._million_child:
        million_child(a._million_child == "trace")
        return 0

    procs = [int(p) for p in a.gomaxprocs.split(",")]
    sizes = QUICK_SIZES if a.quick else SIZES
    scenarios = [SCENARIOS[n] for n in (a.scenario or SCENARIOS)]
    compile_fn, why_no_model = model_compiler()
    gover = None if a.no_go else go_version()
    meta = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "go": gover,
        "simpy": simpy_sched.simpy.__version__,
        "quick": a.quick,
        "repeat": a.repeat,
        "simpy_max_ops": a.simpy_max_ops,
    }
    print(f"bench_sched: {meta['machine']}, {meta['cpus']} CPUs, Python {meta['python']}")
    print("model: " + ("course.compile found" if compile_fn else f"not available yet ({why_no_model})"))
    print("real Go: " + (gover or ("skipped (--no-go)" if a.no_go else "skipped: `go` is not on PATH")))
    print("SimPy peer: " + ("skipped (--no-simpy)" if a.no_simpy else
                            f"bench/peers/simpy_sched.py, SimPy {meta['simpy']}; sizes above {a.simpy_max_ops:,} ops "
                            "run smaller and are scaled linearly per op"))
    print("Wall-clock medians; model time is Program.run only (no compile, after a warm-up run); "
          "Go time is the built binary's whole run.")

    go_million_exe = None
    with tempfile.TemporaryDirectory(prefix="bench_sched-") as tmp:
        workdir = Path(tmp)
        rows = run_table(scenarios, sizes, procs, a, workdir, compile_fn, gover, WARMUP,
                         target_model_over_go=TARGET_MODEL_OVER_GO, target_simpy_over_model=TARGET_SIMPY_OVER_MODEL)
        results = {"meta": meta, "rows": rows}
        if a.million or a.all:
            if gover:
                try:
                    go_million_exe = go_build(SPAWN, MILLION, workdir)
                except subprocess.CalledProcessError as e:
                    print(f"real Go: go build failed: {e.stderr.strip()[-200:]}")
            results["million"] = bench_million(go_million_exe)
        if a.cold_start or a.all:
            results["cold_start"] = bench_cold_start()

    out = a.json or RESULTS / f"bench_sched-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
