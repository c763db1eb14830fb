"""Conformance: the model must print what the real Go 1.19 runtime printed.

The expected files in ``tests/conformance/expected/<subdir>/NAME.json`` were recorded from the
real toolchain by ``tests/conformance/record.py`` (each program run 20 times, kept only if every
run agreed). For each one we compile ``tests/conformance/programs/<subdir>/NAME.go`` with
``course.compile`` and run it with the header's settings, then compare

* stdout exactly,
* the exit code,
* stderr after ``normalize_stderr`` (tests/conformance/normalize.py: argument words, pc
  offsets and directories are dropped; goroutine ids and reasons are kept).

Compile-error programs (``compile_errors/``) must raise ``course.compiler.GoCompileError``
whose message lines (``./NAME.go:L:C: msg`` plus tab-indented continuation lines) equal those
of ``go run`` (the ``# command-line-arguments`` line is ignored).

Programs whose header says ``// subset: part2 ...`` use features of part 2 (select,
channels); they are skipped while the compiler rejects them.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "tests" / "conformance"
EXPECTED = CONF / "expected"

_spec = importlib.util.spec_from_file_location("conformance_normalize", CONF / "normalize.py")
_norm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_norm)
normalize_stderr = _norm.normalize_stderr

CASES = sorted(EXPECTED.glob("*/*.json"))
RUNTIME_CASES = [p for p in CASES if p.parent.name != "compile_errors"]
COMPILE_CASES = [p for p in CASES if p.parent.name == "compile_errors"]


def _case_id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


def _load(p: Path) -> tuple[dict, str, dict]:
    rec = json.loads(p.read_text())
    src_path = ROOT / rec["program"]
    source = src_path.read_text()
    header = {}
    for line in source.splitlines():
        if not line.startswith("//"):
            break
        k, sep, v = line[2:].strip().partition(":")
        if sep:
            header[k.strip()] = v.strip()
    return rec, source, header


# The recordings come from Go 1.19, so the programs compile with Go 1.19's language rules
# (one loop variable shared by all iterations, before Go 1.22).
GO_VERSION = "1.19"


def _course():
    import course

    return course


def _compile_error_class(course):
    from course.compiler import GoCompileError

    return GoCompileError


def _run_settings(env: dict) -> dict:
    gomaxprocs = int(env["GOMAXPROCS"]) if "GOMAXPROCS" in env else None
    # the header's environment only (GOGC, GOMEMLIMIT ...), as record.py runs the real program
    return {"gomaxprocs": gomaxprocs, "godebug": env.get("GODEBUG") or None, "seed": 0, "env": dict(env)}


@pytest.mark.parametrize("case", RUNTIME_CASES, ids=_case_id)
def test_runtime_program(case: Path):
    rec, source, header = _load(case)
    course = _course()
    filename = Path(rec["program"]).name
    if "subset" in header:
        err_cls = _compile_error_class(course)
        try:
            prog = course.compile(source, filename=filename, go_version=GO_VERSION)
        except err_cls as e:
            pytest.skip(f"needs {header['subset']}; the compiler rejects it: {str(e).splitlines()[0] if str(e) else e!r}")
    else:
        prog = course.compile(source, filename=filename, go_version=GO_VERSION)
    res = prog.run(**_run_settings(rec["env"]))
    assert res.stdout == rec["stdout"], f"stdout differs for {filename}"
    assert res.exit_code == rec["exit_code"], f"exit code differs for {filename}"
    assert normalize_stderr(res.stderr) == rec["stderr_normalized"], f"normalized stderr differs for {filename}"


@pytest.mark.parametrize("case", COMPILE_CASES, ids=_case_id)
def test_compile_error(case: Path):
    rec, source, _ = _load(case)
    course = _course()
    err_cls = _compile_error_class(course)
    filename = Path(rec["program"]).name
    with pytest.raises(err_cls) as info:
        course.compile(source, filename=filename, go_version=GO_VERSION)
    got = [ln.rstrip() for ln in str(info.value).splitlines() if ln.strip() and not ln.startswith("#")]
    assert got == rec["messages"]


# --- checks of the corpus itself (no model needed) ----------------------------------------


def test_corpus_is_recorded():
    sched = [p for p in RUNTIME_CASES if p.parent.name == "sched"]
    assert len(sched) >= 30, "record the corpus: .venv/bin/python tests/conformance/record.py"
    assert len(COMPILE_CASES) >= 8
    for p in CASES:
        rec = json.loads(p.read_text())
        assert (ROOT / rec["program"]).exists(), rec["program"]
        assert rec["go_version"].startswith("go version go1.19"), rec["go_version"]
        assert normalize_stderr(rec["stderr"]) == rec["stderr_normalized"] or p.parent.name == "compile_errors"


def test_every_program_has_a_header():
    for src in sorted((CONF / "programs").glob("*/*.go")):
        lines = src.read_text().splitlines()
        assert lines[0].startswith("// rule: "), f"{src.name}: first line must be '// rule: ...'"
        if src.parent.name != "compile_errors":
            assert any(ln.startswith("// env: ") for ln in lines[:4]), f"{src.name}: needs '// env: ...'"


def test_normalize_goroutine_panic():
    raw = (
        "panic: boom 3\n\ngoroutine 9 [running]:\nmain.w(0x0?, 0xc000012345)\n"
        "\t/tmp/probe/gid/main.go:12 +0x5a\ncreated by main.main\n\t/tmp/probe/gid/main.go:21 +0xa5\n"
        "exit status 2\n"
    )
    assert normalize_stderr(raw) == (
        "panic: boom 3\n\ngoroutine 9 [running]:\nmain.w(...)\n\tmain.go:12\n"
        "created by main.main\n\tmain.go:21\n"
    )


def test_normalize_runtime_frames_signal_and_newer_created_by():
    raw = (
        "panic: first\n\tpanic: second\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x45e7a2]\n\n"
        "goroutine 1 [running]:\nmain.boom()\n\t/x/p.go:4 +0x27\npanic({0x45c500, 0x47b880})\n"
        "\t/usr/lib/go-1.19/src/runtime/panic.go:884 +0x212\nmain.main()\n\t/x/p.go:9 +0x49\n"
        "created by main.main in goroutine 1\n\t/x/p.go:3 +0x1\n"
    )
    assert normalize_stderr(raw) == (
        "panic: first\n\tpanic: second\n[signal SIGSEGV: segmentation violation]\n\n"
        "goroutine 1 [running]:\nmain.boom(...)\n\tp.go:4\npanic(...)\n\truntime/panic.go\n"
        "main.main(...)\n\tp.go:9\ncreated by main.main\n\tp.go:3\n"
    )


def test_normalize_keeps_user_output():
    # println output also goes to stderr: lines that are not traceback frames stay as they are
    raw = "f(1, 2)\nsleeper woke, total 1\n  indented  \n\n"
    assert normalize_stderr(raw) == "f(1, 2)\nsleeper woke, total 1\n  indented\n"
    assert normalize_stderr("") == ""


@pytest.mark.realgo
@pytest.mark.parametrize("name", ["sched/runnext_last_go_runs_first", "sched/panic_in_goroutine"])
def test_recording_still_matches_real_go(name: str):
    """Spot-check that the recorded data still matches the installed toolchain."""
    if shutil.which("go") is None:
        pytest.skip("the real Go toolchain is not installed")
    rec = json.loads((EXPECTED / f"{name}.json").read_text())
    src = ROOT / rec["program"]
    import os

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(src, Path(tmp) / src.name)
        env = {k: v for k, v in os.environ.items() if k not in ("GOMAXPROCS", "GODEBUG", "GOTRACEBACK", "GOGC")}
        env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "conformance-gocache"))
        subprocess.run(["go", "build", "-o", "prog.bin", src.name], cwd=tmp, env=env, check=True, capture_output=True)
        env.update(rec["env"])
        p = subprocess.run([str(Path(tmp) / "prog.bin")], cwd=tmp, env=env, capture_output=True, text=True, timeout=60)
    assert p.stdout == rec["stdout"]
    assert p.returncode == rec["exit_code"]
    assert normalize_stderr(p.stderr) == rec["stderr_normalized"]
