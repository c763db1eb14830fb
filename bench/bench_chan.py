"""Channel benchmarks: the course's model against the real Go runtime and a SimPy peer.

One run measures every figure it prints, so the ratios compare numbers taken on the same machine
at the same time. Three scenarios, each a Go program in ``bench/programs/``:

* ``chan_pingpong``: two goroutines bounce a value N times over two unbuffered channels (one op =
  one round trip: two handoffs, two parks, two context switches);
* ``chan_prodcons``: P producers send N items on a buffered channel of capacity B, C consumers
  range over it until it is closed (one op = one item);
* ``chan_workerpool``: W workers take N jobs from a buffered jobs channel (capacity B) and send
  results on a results channel; main collects them and prints a checksum (one op = one job).

Each is run three ways, exactly as ``bench/bench_sched.py`` does it (the code is shared, in
``bench/_harness.py``): by the model (``course.compile(src).run(...)``, wall-clock seconds of
``Program.run`` only, after a warm-up run; ``trace=True`` and ``trace=False``), by the real Go
binary (``go build`` once per size, median of 3 runs, skipped without Go), and by
``bench/peers/simpy_chan.py``, a SimPy model of the same channels and scheduler. Above
``--simpy-max-ops`` SimPy runs a smaller instance (same goroutines and buffers, fewer ops) and its
time is scaled linearly per op; the output says so.

Targets (issue 3): model/Go <= 0.5 on the same program (the model simulates; it does no real work)
and SimPy/model >= 100 per op. Results go to stdout and ``bench/results/bench_chan-<time>.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/_harness.py
from _harness import (  # noqa: E402
    PROGRAMS,
    RESULTS,
    go_version,
    model_compiler,
    program_source,
    run_table,
)

import simpy_chan  # noqa: E402  (bench/peers/simpy_chan.py)

# --- targets --------------------------------------------------------------------------------
TARGET_MODEL_OVER_GO = 0.5  # model time / real Go time, at most
TARGET_SIMPY_OVER_MODEL = 100.0  # SimPy time / model time per op, at least


# --- scenarios ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChanScenario:
    """A Go program in bench/programs; its size's N is the number of ops, the rest is its shape."""

    name: str
    file: str  # in bench/programs
    op: str  # what one op is, for the table

    def ops(self, params: dict[str, int]) -> int:
        return params["N"]

    def expected(self, params: dict[str, int]) -> str:
        """What the program prints (exactly, at any GOMAXPROCS: counts and sums do not depend on order)."""
        p = params
        if self.name == "chan_pingpong":
            return simpy_chan.pingpong_expected(p["N"])
        if self.name == "chan_prodcons":
            return simpy_chan.prodcons_expected(p["P"], p["C"], p["B"], p["N"])
        return simpy_chan.workerpool_expected(p["W"], p["B"], p["N"])

    def check(self, stdout: str, params: dict[str, int], gomaxprocs: int) -> str | None:
        want = self.expected(params)
        return None if stdout == want else f"stdout {stdout.strip()!r}, want {want.strip()!r}"

    def simpy_params(self, params: dict[str, int], max_ops: int) -> dict[str, int]:
        """The same goroutines and buffers, fewer ops."""
        return dict(params) if params["N"] <= max_ops else params | {"N": max_ops}

    def run_simpy(self, params: dict[str, int], gomaxprocs: int) -> simpy_chan.Result:
        p = params
        if self.name == "chan_pingpong":
            return simpy_chan.run_pingpong(p["N"], gomaxprocs)
        if self.name == "chan_prodcons":
            return simpy_chan.run_prodcons(p["P"], p["C"], p["B"], p["N"], gomaxprocs)
        return simpy_chan.run_workerpool(p["W"], p["B"], p["N"], gomaxprocs)

    def source(self, params: dict[str, int]) -> str:
        return program_source(PROGRAMS / self.file, params)


PINGPONG = ChanScenario("chan_pingpong", "chan_pingpong.go", "round trip")
PRODCONS = ChanScenario("chan_prodcons", "chan_prodcons.go", "item")
WORKERPOOL = ChanScenario("chan_workerpool", "chan_workerpool.go", "job")
SCENARIOS = {s.name: s for s in (PINGPONG, PRODCONS, WORKERPOOL)}

SIZES = {
    "chan_pingpong": [{"N": 100_000}, {"N": 1_000_000}],
    "chan_prodcons": [{"P": 4, "C": 4, "B": 64, "N": 100_000}, {"P": 4, "C": 4, "B": 64, "N": 1_000_000}],
    "chan_workerpool": [{"W": 8, "B": 64, "N": 100_000}, {"W": 8, "B": 64, "N": 1_000_000}],
}
QUICK_SIZES = {
    "chan_pingpong": [{"N": 2000}],
    "chan_prodcons": [{"P": 4, "C": 4, "B": 64, "N": 2000}],
    "chan_workerpool": [{"W": 8, "B": 64, "N": 2000}],
}
WARMUP = {  # small runs of the same program (numba's compile or cache load is not measured)
    "chan_pingpong": {"N": 50},
    "chan_prodcons": {"P": 2, "C": 2, "B": 4, "N": 50},
    "chan_workerpool": {"W": 2, "B": 4, "N": 50},
}


# --- main -----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (a smoke test, not a measurement)")
    ap.add_argument("--scenario", choices=sorted(SCENARIOS), action="append", help="only this scenario (repeatable)")
    ap.add_argument("--gomaxprocs", default="1", help="comma-separated GOMAXPROCS values for the table (default 1)")
    ap.add_argument("--repeat", type=int, default=3, help="model runs per row; the median is reported")
    ap.add_argument("--simpy-max-ops", type=int, default=100_000, help="above this, SimPy runs a smaller instance")
    ap.add_argument("--no-go", action="store_true", help="skip the real Go runs")
    ap.add_argument("--no-simpy", action="store_true", help="skip the SimPy peer")
    ap.add_argument("--json", type=Path, help="write results here (default bench/results/bench_chan-<time>.json)")
    a = ap.parse_args(argv)

    procs = [int(p) for p in a.gomaxprocs.split(",")]
    sizes = QUICK_SIZES if a.quick else SIZES
    scenarios = [SCENARIOS[n] for n in (a.scenario or SCENARIOS)]
    compile_fn, why_no_model = model_compiler()
    gover = None if a.no_go else go_version()
    meta = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
        "python": platform.python_version(),
        "go": gover,
        "simpy": simpy_chan.simpy_sched.simpy.__version__,
        "quick": a.quick,
        "repeat": a.repeat,
        "simpy_max_ops": a.simpy_max_ops,
    }
    print(f"bench_chan: {meta['machine']}, {meta['cpus']} CPUs, Python {meta['python']}, "
          f"load average {meta['loadavg_start'][0]:.2f} (figures are not worth quoting above ~1.5)")
    print("model: " + ("course.compile found" if compile_fn else f"not available yet ({why_no_model})"))
    print("real Go: " + (gover or ("skipped (--no-go)" if a.no_go else "skipped: `go` is not on PATH")))
    print("SimPy peer: " + ("skipped (--no-simpy)" if a.no_simpy else
                            f"bench/peers/simpy_chan.py, SimPy {meta['simpy']}; sizes above {a.simpy_max_ops:,} ops "
                            "run smaller and are scaled linearly per op"))
    print("Wall-clock medians; model time is Program.run only (no compile, after a warm-up run); "
          "Go time is the built binary's whole run.")
    print(f"Targets: model/Go <= {TARGET_MODEL_OVER_GO:g}, SimPy/model >= {TARGET_SIMPY_OVER_MODEL:g} (per op, trace on).")

    with tempfile.TemporaryDirectory(prefix="bench_chan-") as tmp:
        rows = run_table(scenarios, sizes, procs, a, Path(tmp), compile_fn, gover, WARMUP,
                         target_model_over_go=TARGET_MODEL_OVER_GO, target_simpy_over_model=TARGET_SIMPY_OVER_MODEL)
    meta["loadavg_end"] = os.getloadavg()
    print(f"\nload average at the end: {meta['loadavg_end'][0]:.2f}")
    results = {"meta": meta, "rows": rows}
    out = a.json or RESULTS / f"bench_chan-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
