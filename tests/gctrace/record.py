#!/usr/bin/env python
"""Record the real Go toolchain's ``GODEBUG=gctrace=1`` lines for the allocation programs.

    .venv/bin/python tests/gctrace/record.py              # every program, 5 runs per setting
    .venv/bin/python tests/gctrace/record.py -n 9 ring    # name filter, 9 runs

``programs/NAME.go`` are allocation programs in the course's Go subset; each starts with

```
// rule: <what its cycles show, with the Go source it comes from>
// env: GOMAXPROCS=1                     (environment for every run)
// settings: GOGC=50 | GOGC=100 | GOGC=off GOMEMLIMIT=24MiB   (one run setting each, '|' apart)
```

Each is built once with ``go build -o`` in a temporary directory (as
``tests/conformance/record.py`` does), then run N times under each setting with
``GODEBUG=gctrace=1``. The pacer reacts to measured times, so runs differ: every run is kept.
``recorded/NAME.json`` holds, per setting, each run's stdout, exit code and gctrace lines
(stderr lines that start with ``gc ``), and the Go version. ``tests/test_gc_trace.py`` runs the
model on the same programs and settings and compares its lines with these.

Needs Go on PATH (go1.19.x is what the recorded files are pinned to).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROGRAMS = HERE / "programs"
RECORDED = HERE / "recorded"
CONF = ROOT / "tests" / "conformance"
sys.path.insert(0, str(CONF))
from record import base_env, go_version, parse_env, parse_header  # noqa: E402

RUN_TIMEOUT = 60.0


def settings_of(header: dict) -> list[dict[str, str]]:
    """The ``// settings:`` header as a list of environments."""
    return [parse_env(s) for s in header.get("settings", "").split("|") if s.strip()]


def record(src: Path, runs: int, version: str) -> dict:
    header = parse_header(src.read_text())
    env_spec = parse_env(header.get("env", ""))
    out = {"program": str(src.relative_to(ROOT)), "rule": header.get("rule", ""), "env": env_spec,
           "go_version": version, "runs": runs, "settings": []}
    with tempfile.TemporaryDirectory(prefix="gctrace-") as tmp:
        shutil.copy(src, Path(tmp) / src.name)
        binary = Path(tmp) / "prog.bin"
        b = subprocess.run(["go", "build", "-o", str(binary), src.name], cwd=tmp, env=base_env(),
                           capture_output=True, text=True)
        if b.returncode != 0:
            raise SystemExit(f"{src.name}: build failed: {b.stderr.strip()}")
        for setting in settings_of(header):
            env = base_env()
            env.update(env_spec)
            env.update(setting)
            env["GODEBUG"] = "gctrace=1"
            rec = {"env": setting, "runs": []}
            for _ in range(runs):
                t0 = time.perf_counter()
                p = subprocess.run([str(binary)], cwd=tmp, env=env, capture_output=True, text=True,
                                   timeout=RUN_TIMEOUT)
                wall = time.perf_counter() - t0
                lines = [ln for ln in p.stderr.splitlines() if ln.startswith("gc ")]
                rec["runs"].append({"stdout": p.stdout, "exit_code": p.returncode, "gctrace": lines,
                                    "wall_s": round(wall, 4)})
            out["settings"].append(rec)
            counts = [len(r["gctrace"]) for r in rec["runs"]]
            print(f"{src.stem:<16} {' '.join(f'{k}={v}' for k, v in setting.items()):<32} cycles {counts}",
                  flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--runs", type=int, default=5, help="runs per setting (default 5)")
    ap.add_argument("filters", nargs="*", help="only programs whose name contains one of these")
    args = ap.parse_args(argv)
    if shutil.which("go") is None:
        print("record.py: needs the go command on PATH", file=sys.stderr)
        return 2
    version = go_version()
    progs = sorted(PROGRAMS.glob("*.go"))
    if args.filters:
        progs = [p for p in progs if any(f in p.stem for f in args.filters)]
    RECORDED.mkdir(exist_ok=True)
    for src in progs:
        rec = record(src, args.runs, version)
        (RECORDED / (src.stem + ".json")).write_text(json.dumps(rec, indent=1) + "\n")
    print(f"{version}: {len(progs)} programs recorded in {RECORDED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
