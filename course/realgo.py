"""The real Go toolchain, when it is installed: run the same program on both worlds.

``course.realgo.run(src)`` builds and runs a Go program with the real ``go`` command and
returns what it printed, so a chapter can put the model's output beside the real runtime's.
Nothing in the course needs Go: ``available()`` says whether it is there (``apt-get install
golang-go`` gives Go 1.19), and the tests that use it skip cleanly without it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Optional


@dataclass
class GoResult:
    stdout: str
    stderr: str
    exit_code: int
    version: str


def go_binary() -> Optional[str]:
    return shutil.which("go")


def available() -> bool:
    """Is the real Go toolchain installed?"""
    return go_binary() is not None


def version() -> str:
    go = go_binary()
    if not go:
        return ""
    return subprocess.run([go, "version"], capture_output=True, text=True, timeout=60).stdout.strip()


def run(source: str, *, gomaxprocs: Optional[int] = None, godebug: str = "", timeout: float = 60.0) -> GoResult:
    """Build and run ``source`` with the real toolchain (like ``go run``, but the program's own
    stderr and exit status, without go run's ``exit status N`` line)."""
    go = go_binary()
    if go is None:
        raise RuntimeError("the real Go toolchain is not installed (apt-get install golang-go); "
                           "the model runs without it: course.compile(src).run()")
    with tempfile.TemporaryDirectory(prefix="course-realgo-") as d:
        src = os.path.join(d, "prog.go")
        exe = os.path.join(d, "prog")
        with open(src, "w", encoding="utf-8") as f:
            f.write(source)
        env = dict(os.environ, GO111MODULE="off", GOFLAGS="", GOCACHE=os.path.join(d, "cache"))
        b = subprocess.run([go, "build", "-o", exe, src], capture_output=True, text=True, env=env, timeout=300)
        if b.returncode != 0:
            return GoResult("", b.stderr, 2, version())
        renv = dict(os.environ)
        if gomaxprocs:
            renv["GOMAXPROCS"] = str(gomaxprocs)
        if godebug:
            renv["GODEBUG"] = godebug
        r = subprocess.run([exe], capture_output=True, text=True, env=renv, timeout=timeout)
        return GoResult(r.stdout, r.stderr, r.returncode, version())
