"""Stderr normalization shared by the recorder (real Go) and the conformance test (the model).

``normalize_stderr(text)`` keeps what the runtime *decides* and drops what depends on the
machine, the build or the directory the program was built in. Both the recorded Go stderr and
the model's stderr go through this same function, so the model may print either the raw Go
form or an already-normalized one.

Rules, line by line (everything not listed is kept verbatim, e.g. output of print/println,
which also goes to stderr):

* ``panic: ...``, ``\tpanic: ...`` (chained panics), ``fatal error: ...``, ``[recovered]``
  suffixes: kept verbatim.
* ``goroutine N [reason]:`` headers: kept verbatim, including the goid, which is
  deterministic at GOMAXPROCS=1 (see the conformance README).
* function lines ``pkg.fn(0xc000012345, 0x0?)`` / ``pkg.fn(...)`` / ``panic({0x45c500, ...})``:
  the argument list becomes ``(...)``. Argument words are raw register/stack contents (and
  ``...`` for inlined frames), which a model cannot and need not reproduce.
* ``created by pkg.fn``: kept (1.21+ adds `` in goroutine N``; that suffix is dropped so a
  newer format still compares equal).
* file lines ``\t/abs/dir/prog.go:12 +0x5a``: the directory and the `` +0x..`` pc offset are
  dropped, giving ``\tprog.go:12``. Frames in the Go runtime's own sources
  (``.../src/runtime/panic.go:884``) become ``\truntime/panic.go`` with no line number: the
  line depends on the exact toolchain build, not on the scheduling rules. The same holds for
  the standard library's ``sync`` and ``time`` sources (``.../src/sync/mutex.go:171`` becomes
  ``\tsync/mutex.go``), which appear in tracebacks of goroutines blocked in or failing in a
  sync.Mutex, RWMutex or WaitGroup.
* ``[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x45e7a2]``: the signal name
  and description are kept, the ``code=/addr=/pc=`` fields (machine addresses) are dropped,
  giving ``[signal SIGSEGV: segmentation violation]``. The line itself is *not* platform
  noise: it tells a hardware fault (nil dereference) from a runtime check.
* ``exit status N`` (added by ``go run``, not by the program) is dropped; exit codes are
  compared separately.
* ``...additional frames elided...`` is kept.
* trailing whitespace on each line and trailing blank lines are removed; the result ends
  with a single newline if non-empty.
"""
from __future__ import annotations

import re

__all__ = ["normalize_stderr"]

_FILE_LINE = re.compile(r"^\t(?P<path>\S*?)(?P<base>[^/\s]+\.(?:go|s)):(?P<line>\d+)(?: \+0x[0-9a-fA-F]+)?\s*$")
_FUNC_LINE = re.compile(r"^(?P<name>(?:[\w.\-/]+\.)?[\w$.\[\]{}*()\-]*?[\w\]}$)])\((?P<args>.*)\)\s*$")
_CREATED_BY = re.compile(r"^(?P<head>created by \S+)(?: in goroutine \d+)?\s*$")
_SIGNAL = re.compile(r"^\[signal (?P<name>[A-Z0-9]+)(?::\s*(?P<desc>[^\]]*?))?(?:\s+code=\S+)?(?:\s+addr=\S+)?(?:\s+pc=\S+)?\]\s*$")
_EXIT_STATUS = re.compile(r"^exit status \d+\s*$")
_GOROUTINE = re.compile(r"^goroutine \d+ \[[^\]]*\]:\s*$")
_STDLIB_DIR = re.compile(r"(?:^|/src/)(?P<pkg>sync|time)/$")


def _normalize_file_line(m: re.Match) -> str:
    path, base = m.group("path"), m.group("base")
    if "/src/runtime/" in path + base or path.startswith("runtime/") or path.startswith("$GOROOT"):
        return f"\truntime/{base}"
    std = _STDLIB_DIR.search(path)
    if std:
        return f"\t{std.group('pkg')}/{base}"
    return f"\t{base}:{m.group('line')}"


def normalize_stderr(text: str) -> str:
    """Normalize a Go program's stderr (see the module docstring for the exact rules)."""
    if not text:
        return ""
    out: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    # A function line is only rewritten when the next line is its file:line (a traceback
    # frame), so a user println that happens to look like "f(x)" is left alone.
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        if _EXIT_STATUS.match(line):
            continue
        m = _FILE_LINE.match(line)
        if m:
            out.append(_normalize_file_line(m))
            continue
        m = _CREATED_BY.match(line)
        if m:
            out.append(m.group("head"))
            continue
        m = _SIGNAL.match(line)
        if m:
            desc = m.group("desc")
            out.append(f"[signal {m.group('name')}: {desc.strip()}]" if desc else f"[signal {m.group('name')}]")
            continue
        if not _GOROUTINE.match(line) and not line.startswith(("panic: ", "fatal error: ", "\t")):
            m = _FUNC_LINE.match(line)
            nxt = lines[i + 1].rstrip() if i + 1 < len(lines) else ""
            if m and _FILE_LINE.match(nxt):
                out.append(f"{m.group('name')}(...)")
                continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""
