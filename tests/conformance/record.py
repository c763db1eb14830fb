#!/usr/bin/env python
"""Record the real Go toolchain's behaviour for the conformance corpus.

    .venv/bin/python tests/conformance/record.py                 # everything, 20 runs each
    .venv/bin/python tests/conformance/record.py -n 50 sched/ring  # name filter, 50 runs

Runtime programs (``programs/<subdir>/NAME.go``, every subdir except ``compile_errors``):
each is built once with ``go build -o`` in a temporary directory (the source copied there as
``NAME.go``; in the recorded raw stderr that directory reads ``$WORK``), then the binary runs N times with the environment from its header
(``// env: GOMAXPROCS=1 GODEBUG=...``). It is kept only if stdout, the exit code and the
normalized stderr (``normalize.normalize_stderr``) agree in every run; then
``expected/<subdir>/NAME.json`` is written. Unstable programs are reported, not written, and
a stale expected file for them is deleted.

Compile-error programs (``programs/compile_errors/NAME.go``): ``go run NAME.go`` in a
temporary directory, so the messages read ``./NAME.go:L:C: msg`` under the
``# command-line-arguments`` line exactly as a user would see them. Recorded once (the
compiler is deterministic) but still run twice and compared.

Needs Go on PATH (go1.19.x is what the expected files are pinned to).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROGRAMS = HERE / "programs"
EXPECTED = HERE / "expected"
sys.path.insert(0, str(HERE))
from normalize import normalize_stderr  # noqa: E402

# Variables that change the runtime's behaviour; cleared so only the header's settings apply.
SCRUB = ("GOMAXPROCS", "GODEBUG", "GOTRACEBACK", "GOGC", "GOMEMLIMIT", "GORACE")
RUN_TIMEOUT = 30.0


def parse_header(source: str) -> dict:
    """The ``// key: value`` comment lines at the top of a program."""
    header: dict[str, str] = {}
    for line in source.splitlines():
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        if ":" in body:
            key, _, value = body.partition(":")
            header[key.strip()] = value.strip()
    return header


def parse_env(spec: str) -> dict[str, str]:
    env = {}
    for item in spec.split():
        k, _, v = item.partition("=")
        env[k] = v
    return env


def go_version() -> str:
    return subprocess.run(["go", "version"], capture_output=True, text=True, check=True).stdout.strip()


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUB}
    env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "conformance-gocache"))
    env["GOFLAGS"] = ""
    env["GO111MODULE"] = "on"
    return env


def record_runtime(src: Path, runs: int, version: str) -> tuple[bool, str, dict | None]:
    source = src.read_text()
    header = parse_header(source)
    env_spec = parse_env(header.get("env", ""))
    with tempfile.TemporaryDirectory(prefix="conf-") as tmp:
        prog = Path(tmp) / src.name
        shutil.copy(src, prog)
        binary = Path(tmp) / "prog.bin"
        b = subprocess.run(["go", "build", "-o", str(binary), src.name], cwd=tmp, env=base_env(),
                           capture_output=True, text=True)
        if b.returncode != 0:
            return False, "build failed: " + b.stderr.strip().replace("\n", " | "), None
        env = base_env()
        env.update(env_spec)
        results = []
        for _ in range(runs):
            try:
                p = subprocess.run([str(binary)], cwd=tmp, env=env, capture_output=True, text=True,
                                   timeout=RUN_TIMEOUT)
            except subprocess.TimeoutExpired:
                return False, f"timeout after {RUN_TIMEOUT}s", None
            raw = p.stderr.replace(tmp, "$WORK")  # the build directory changes every time
            results.append((p.stdout, p.returncode, normalize_stderr(raw), raw))
    keys = {(o, c, n) for o, c, n, _ in results}
    if len(keys) != 1:
        variants: dict[tuple, int] = {}
        for o, c, n, _ in results:
            variants[(o, c, n)] = variants.get((o, c, n), 0) + 1
        desc = "; ".join(f"{cnt}x exit={c} stdout={o[:60]!r} stderr={n[:60]!r}"
                         for (o, c, n), cnt in sorted(variants.items(), key=lambda kv: -kv[1]))
        return False, f"{len(keys)} variants: {desc}", None
    stdout, code, norm, raw = results[0]
    return True, "", {
        "program": str(src.relative_to(ROOT)),
        "env": env_spec,
        "rule": header.get("rule", ""),
        "stdout": stdout,
        "stderr": raw,
        "stderr_normalized": norm,
        "exit_code": code,
        "runs": runs,
        "go_version": version,
    }


def record_compile_error(src: Path, version: str) -> tuple[bool, str, dict | None]:
    header = parse_header(src.read_text())
    outs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory(prefix="conf-ce-") as tmp:
            shutil.copy(src, Path(tmp) / src.name)
            p = subprocess.run(["go", "run", src.name], cwd=tmp, env=base_env(), capture_output=True, text=True)
            outs.append((p.stdout, p.stderr.replace(tmp, "."), p.returncode))
    if outs[0] != outs[1]:
        return False, "go run output differs between runs", None
    stdout, stderr, code = outs[0]
    if code == 0:
        return False, "compiled and ran: not a compile error", None
    messages = [ln for ln in stderr.splitlines() if ln and not ln.startswith("#")]
    return True, "", {
        "program": str(src.relative_to(ROOT)),
        "env": {},
        "rule": header.get("rule", ""),
        "stdout": stdout,
        "stderr": stderr,
        "stderr_normalized": "\n".join(messages) + "\n",
        "messages": messages,
        "exit_code": code,
        "runs": 2,
        "go_version": version,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--runs", type=int, default=20, help="runs per runtime program (default 20)")
    ap.add_argument("filters", nargs="*", help="only programs whose 'subdir/name' contains one of these")
    args = ap.parse_args(argv)
    if shutil.which("go") is None:
        print("record.py: needs the go command on PATH", file=sys.stderr)
        return 2
    version = go_version()
    progs = sorted(PROGRAMS.glob("*/*.go"))
    if args.filters:
        progs = [p for p in progs if any(f in f"{p.parent.name}/{p.stem}" for f in args.filters)]
    rows, unstable = [], []
    for src in progs:
        sub = src.parent.name
        out = EXPECTED / sub / (src.stem + ".json")
        if sub == "compile_errors":
            ok, why, rec = record_compile_error(src, version)
        else:
            ok, why, rec = record_runtime(src, args.runs, version)
        if ok:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(rec, indent=2, ensure_ascii=False) + "\n")
            rows.append((f"{sub}/{src.stem}", "stable", f"exit={rec['exit_code']}"))
        else:
            if out.exists():
                out.unlink()
            rows.append((f"{sub}/{src.stem}", "UNSTABLE", why))
            unstable.append((f"{sub}/{src.stem}", why))
        print(f"{rows[-1][0]:<58} {rows[-1][1]:<9} {rows[-1][2]}", flush=True)
    print()
    print(f"{version}: {len(rows) - len(unstable)} stable, {len(unstable)} unstable of {len(rows)}")
    for name, why in unstable:
        print(f"  UNSTABLE {name}: {why}")
    return 1 if unstable else 0


if __name__ == "__main__":
    sys.exit(main())
