"""What the benchmarks in ``bench/`` share: sizing a Go program, the three runners (the model,
the real Go binary, a SimPy peer), the timing record and the printed row with its ratios.

``bench/bench_sched.py`` (the scheduler) and ``bench/bench_chan.py`` (channels) each define their
scenarios; a scenario is any object with:

* ``name``, ``file`` (in ``bench/programs``) and ``op`` (what one op is, for the table);
* ``ops(params)``: how many ops a size is;
* ``source(params)``: the Go program at that size (usually ``program_source``);
* ``check(stdout, params, gomaxprocs)``: ``None`` if the output is right, else what is wrong;
* ``simpy_params(params, max_ops)``: a smaller instance of at most ``max_ops`` ops (SimPy is slow);
* ``run_simpy(params, gomaxprocs)``: run the SimPy peer (which asserts its own counts); returns an
  object with ``sim_time_ns``.
"""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PROGRAMS = BENCH / "programs"
RESULTS = BENCH / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the course package, when run as `python bench/<bench>.py`
if str(BENCH / "peers") not in sys.path:
    sys.path.insert(0, str(BENCH / "peers"))

GO_REPEAT = 3  # real Go runs per size; the median is reported
CHILD_TIMEOUT_S = 600


def program_source(path: Path, params: dict[str, int]) -> str:
    """The program with each ``const NAME = <int>`` line set to params[NAME]."""
    out, seen = [], set()
    for line in path.read_text().splitlines(keepends=True):
        for name, value in params.items():
            head = f"const {name} = "
            if line.startswith(head):
                rest = line[len(head):]
                digits = len(rest) - len(rest.lstrip("0123456789_"))
                line = f"{head}{value}{rest[digits:]}"
                seen.add(name)
        out.append(line)
    missing = set(params) - seen
    if missing:
        raise ValueError(f"{path.name}: no `const {sorted(missing)[0]} = ...` line to set")
    return "".join(out)


def describe(params: dict[str, int]) -> str:
    return " ".join(f"{k}={v:,}" for k, v in params.items())


# --- the three runners ----------------------------------------------------------------------
def model_compiler():
    """course.compile, or (None, why not) while the lead's API does not exist yet."""
    try:
        import course

        return course.compile, ""
    except (ImportError, AttributeError) as e:
        return None, f"{type(e).__name__}: {e}"


@dataclass
class Timing:
    """One runner's figure for one row. ``seconds`` is for the full size (scaled if ``scaled_from``)."""

    seconds: float | None = None
    ops: int = 0
    sim_time_ns: int | None = None  # simulated time (model and SimPy)
    scaled_from: dict | None = None  # SimPy: the smaller instance actually run
    runs: list[float] = field(default_factory=list)
    note: str = ""  # why there is no figure, or what was wrong

    @property
    def ns_per_op(self) -> float | None:
        return None if self.seconds is None else self.seconds * 1e9 / self.ops

    @property
    def ops_per_s(self) -> float | None:
        return None if not self.seconds else self.ops / self.seconds



def time_model(compile_fn, sc, params, gomaxprocs: int, trace: bool, repeat: int, warmup: dict[str, int]) -> Timing:
    """Program.run's wall time at this size, median of `repeat`, after a run at size `warmup`."""
    ops = sc.ops(params)
    try:
        compile_fn(sc.source(warmup), filename=sc.file).run(gomaxprocs=gomaxprocs, seed=0, trace=trace)
        prog = compile_fn(sc.source(params), filename=sc.file)
        runs, res = [], None
        for _ in range(repeat):
            t0 = time.perf_counter()
            res = prog.run(gomaxprocs=gomaxprocs, seed=0, trace=trace)
            runs.append(time.perf_counter() - t0)
    except Exception as e:  # the model is under construction: report, do not crash the suite
        return Timing(ops=ops, note=f"model error: {type(e).__name__}: {e}")
    wrong = sc.check(res.stdout, params, gomaxprocs)
    if res.exit_code != 0:
        wrong = f"exit code {res.exit_code}; stderr {res.stderr.strip()[-200:]!r}"
    return Timing(statistics.median(runs), ops, int(res.sim_time_ns), runs=runs, note=f"WRONG: {wrong}" if wrong else "")


def go_build(sc, params, workdir: Path) -> Path:
    src = workdir / f"{sc.name}-{'-'.join(map(str, params.values()))}.go"
    src.write_text(sc.source(params))
    exe = src.with_suffix("")
    subprocess.run(["go", "build", "-o", str(exe), str(src)], check=True, capture_output=True, text=True)
    return exe


def time_go(exe: Path, sc, params, gomaxprocs: int, repeat: int = GO_REPEAT) -> Timing:
    env = dict(os.environ, GOMAXPROCS=str(gomaxprocs))
    runs, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        try:
            out = subprocess.run([str(exe)], env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return Timing(ops=sc.ops(params), note=f"timed out after {CHILD_TIMEOUT_S} s")
        runs.append(time.perf_counter() - t0)
    wrong = sc.check(out.stdout, params, gomaxprocs)
    if out.returncode != 0:
        wrong = f"exit code {out.returncode}"
    return Timing(statistics.median(runs), sc.ops(params), runs=runs, note=f"WRONG: {wrong}" if wrong else "")


def time_simpy(sc, params, gomaxprocs: int, max_ops: int) -> Timing:
    small = sc.simpy_params(params, max_ops)
    t0 = time.perf_counter()
    res = sc.run_simpy(small, gomaxprocs)  # asserts its own counts
    dt = time.perf_counter() - t0
    full, run = sc.ops(params), sc.ops(small)
    return Timing(
        dt * full / run,
        full,
        res.sim_time_ns,
        scaled_from=None if small == params else small,
        runs=[dt],
    )



# --- the table ------------------------------------------------------------------------------
def fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:.4f}" if x < 10 else f"{x:.2f}"


def fmt_n(x: float | None) -> str:
    return "-" if x is None else f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def ratio(a: Timing | None, b: Timing | None) -> float | None:
    """a/b per op; None unless both have a figure and no WRONG note."""
    if not a or not b or a.ns_per_op is None or b.ns_per_op is None:
        return None
    if a.note.startswith("WRONG") or b.note.startswith("WRONG"):
        return None
    return a.ns_per_op / b.ns_per_op


def verdict(value: float | None, target: float, at_most: bool) -> str:
    if value is None:
        return "n/a"
    return "PASS" if (value <= target if at_most else value >= target) else "FAIL"


def print_row(sc, params, gomaxprocs: int, timings: dict[str, Timing | None], notes: dict[str, str], *,
              target_model_over_go: float, target_simpy_over_model: float) -> dict:
    ops = sc.ops(params)
    print(f"\n{sc.name}  {describe(params)}  GOMAXPROCS={gomaxprocs}  ({ops:,} {sc.op}s; one op = one {sc.op})")
    print(f"  {'runner':<18} {'wall s':>10} {'ns/op':>10} {'ops/s':>14} {'sim ns/op':>10}  note")
    for label, key in (("model (trace)", "model"), ("model (no trace)", "model_notrace"), ("real Go", "go"), ("SimPy peer", "simpy")):
        t = timings.get(key)
        if t is None:
            print(f"  {label:<18} {'-':>10} {'-':>10} {'-':>14} {'-':>10}  {notes.get(key, '')}")
            continue
        sim = None if t.sim_time_ns is None else t.sim_time_ns / (t.scaled_from and sc.ops(t.scaled_from) or t.ops)
        note = t.note
        if t.scaled_from:
            note = f"ran {describe(t.scaled_from)} ({sc.ops(t.scaled_from):,} ops), time scaled linearly per op"
        print(f"  {label:<18} {fmt_s(t.seconds):>10} {fmt_n(t.ns_per_op):>10} {fmt_n(t.ops_per_s):>14} {fmt_n(sim):>10}  {note}")
    r = {
        "model_over_go": ratio(timings.get("model"), timings.get("go")),
        "model_notrace_over_go": ratio(timings.get("model_notrace"), timings.get("go")),
        "simpy_over_model": ratio(timings.get("simpy"), timings.get("model")),
        "simpy_over_model_notrace": ratio(timings.get("simpy"), timings.get("model_notrace")),
    }

    def show(x):
        return "-" if x is None else f"{x:.3g}"

    print(
        f"  ratios per op: model/Go {show(r['model_over_go'])} (no trace {show(r['model_notrace_over_go'])}),"
        f" target <= {target_model_over_go:g}: {verdict(r['model_over_go'], target_model_over_go, True)};"
        f"  SimPy/model {show(r['simpy_over_model'])} (no trace {show(r['simpy_over_model_notrace'])}),"
        f" target >= {target_simpy_over_model:g}: {verdict(r['simpy_over_model'], target_simpy_over_model, False)}"
    )
    return {
        "scenario": sc.name,
        "params": params,
        "gomaxprocs": gomaxprocs,
        "ops": ops,
        "op": sc.op,
        "timings": {k: (None if t is None else asdict(t) | {"ns_per_op": t.ns_per_op, "ops_per_s": t.ops_per_s}) for k, t in timings.items()},
        "notes": notes,
        "ratios": r,
    }



def run_table(scenarios, sizes, procs, a, workdir: Path, compile_fn, gover: str | None, warmup: dict, *,
              target_model_over_go: float, target_simpy_over_model: float) -> list[dict]:
    """Every scenario × size × GOMAXPROCS: build the Go program once, time the model (trace on
    and off), the real program and the SimPy peer, print a row each. `a` holds the command
    line (repeat, no_go, no_simpy, simpy_max_ops)."""
    rows = []
    for sc in scenarios:
        for params in sizes[sc.name]:
            exe, go_note = None, ""
            if gover:
                try:
                    exe = go_build(sc, params, workdir)
                except subprocess.CalledProcessError as e:
                    go_note = f"go build failed: {e.stderr.strip()[-200:]}"
            else:
                go_note = "skipped (--no-go)" if a.no_go else "skipped: go not installed"
            for p in procs:
                t: dict[str, Timing | None] = {}
                notes: dict[str, str] = {}
                if compile_fn:
                    t["model"] = time_model(compile_fn, sc, params, p, True, a.repeat, warmup[sc.name])
                    t["model_notrace"] = time_model(compile_fn, sc, params, p, False, a.repeat, warmup[sc.name])
                else:
                    t["model"] = t["model_notrace"] = None
                    notes["model"] = notes["model_notrace"] = "not available yet"
                t["go"] = time_go(exe, sc, params, p) if exe else None
                if go_note:
                    notes["go"] = go_note
                if a.no_simpy:
                    t["simpy"], notes["simpy"] = None, "skipped (--no-simpy)"
                else:
                    t["simpy"] = time_simpy(sc, params, p, a.simpy_max_ops)
                rows.append(print_row(sc, params, p, t, notes, target_model_over_go=target_model_over_go,
                                      target_simpy_over_model=target_simpy_over_model))
    return rows


def peak_rss_bytes() -> int:
    kb_or_b = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb_or_b if sys.platform == "darwin" else kb_or_b * 1024



def go_version() -> str | None:
    if shutil.which("go") is None:
        return None
    return subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip()

