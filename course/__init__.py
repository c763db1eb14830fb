"""Inside the Go Runtime: a faithful, fast model of Go's runtime that runs Go programs.

    import course
    prog = course.compile(go_source)          # or course.load("prog.go"); errors carry file:line:col
    res = prog.run(gomaxprocs=2, seed=0)      # stdout, stderr, exit_code, stats, trace
    res.trace.state_at(10)                    # every P's runnext and ring, the global queue, G states

The models live in modules named after Go's runtime files: ``proc`` (the scheduler),
``time`` (timers), ``runtime2`` (the state), with ``vm`` and ``engine`` running it all.
"""
from __future__ import annotations

from . import proc as _proc  # noqa: F401  (proc first: it and time import each other)
from .costs import CostModel
from .isa import Image
from .program import Program, Result

__all__ = ["compile", "load", "Program", "Result", "CostModel", "GoCompileError"]


def __getattr__(name: str):
    """``course.gc``, ``course.viz``, ``course.teach`` and ``course.realgo`` load on first use,
    so ``import course`` stays fast for a program's first run."""
    if name == "GoCompileError":
        from .compiler import GoCompileError

        return GoCompileError
    if name in _SUBPACKAGES:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'course' has no attribute {name!r}")


_SUBPACKAGES = ("gc", "viz", "teach", "realgo", "labkit")


def compile(source: str, filename: str = "prog.go", *, go_version: str = "1.22") -> Program:
    """Compile Go source (the course's subset of Go) into a runnable Program.

    Raises ``course.GoCompileError`` with Go-style ``file:line:col: message`` lines when the
    program is not valid Go or uses something outside the subset.
    """
    from .compiler import compile_source

    return Program(compile_source(source, filename=filename, go_version=go_version))


def load(path: str, *, go_version: str = "1.22") -> Program:
    """Compile the Go file at ``path``."""
    import os

    with open(path, encoding="utf-8") as f:
        src = f.read()
    return compile(src, filename=os.path.basename(path), go_version=go_version)
