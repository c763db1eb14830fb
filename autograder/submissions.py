"""Reading a submission (a notebook or a .py file) into text the sandbox can run.

Nothing here executes or even compiles student code: a notebook is parsed as JSON, its code
cells are joined into one text with a record of where each cell starts, and IPython-only
lines are neutralised. A notebook that cannot be read becomes a `Submission` with a
`problem` in plain words, so grading still produces a result.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .markers import strip_magics
from .sandbox import StudentCode

MAX_BYTES = 5 << 20  # a submission larger than this is refused
SUFFIXES = (".ipynb", ".py")


@dataclass
class Submission:
    """One student's submitted file, ready to run; `problem` says why it cannot be."""

    path: Path
    student: str
    sha256: str
    code: StudentCode | None = None
    problem: str | None = None
    labels: list[str] = field(default_factory=list)  # per chunk: "cell 4" or "your file"

    def where(self, line: int) -> str:
        """A line of the joined text, as the student knows it: 'cell 4, line 2'."""
        if self.code is None:
            return f"line {line}"
        for (first, last), label in zip(self.code.chunks, self.labels):
            if first <= line <= last:
                if label == "your file":
                    return f"line {line}"
                return f"{label}, line {line - first + 1}"
        return f"line {line}"

    def line_text(self, line: int) -> str:
        if self.code is None:
            return ""
        lines = self.code.source.split("\n")
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_submission(path: Path | str, student: str | None = None,
                    data: bytes | None = None) -> Submission:
    """Read `path` (or `data`, its bytes) for `student` (default: the file's stem)."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    student = student or path.stem
    sub = Submission(path=path, student=student, sha256=hashlib.sha256(data).hexdigest())
    if len(data) > MAX_BYTES:
        sub.problem = f"your file is {len(data) >> 20} MB; the limit is {MAX_BYTES >> 20} MB"
        return sub
    text = data.decode("utf-8", "replace")
    if path.suffix == ".py":
        n = text.count("\n") + 1
        sub.code = StudentCode(text, [(1, n)])
        sub.labels = ["your file"]
        return sub
    if path.suffix != ".ipynb":
        sub.problem = f"submit a notebook (.ipynb) or a Python file (.py), not '{path.suffix}'"
        return sub
    try:
        cells = _code_cells(json.loads(text))
    except (ValueError, RecursionError) as e:
        sub.problem = f"your notebook could not be read: {_short(e)}. Open it in Jupyter, " \
                      "save it again and resubmit"
        return sub
    pieces, chunks, labels, line = [], [], [], 1
    for number, source in cells:
        body = strip_magics(source).rstrip("\n")
        if not body.strip():
            continue
        n = body.count("\n") + 1
        pieces.append(body)
        chunks.append((line, line + n - 1))
        labels.append(f"cell {number}")
        line += n
    sub.code = StudentCode("\n".join(pieces) + "\n", chunks)
    sub.labels = labels
    return sub


def _code_cells(nb) -> list[tuple[int, str]]:
    """(1-based cell number, source) of every code cell; tolerant of damaged metadata."""
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("it has no list of cells")
    out = []
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if isinstance(source, str):
            out.append((number, source))
    return out


def _short(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"it is not valid JSON (line {e.lineno}, column {e.colno})"
    return str(e)[:200]


def find_submissions(folder: Path | str) -> list[tuple[str, Path]]:
    """(student, file) for a class folder: ``<student>.ipynb|.py`` files, or one file
    inside each ``<student>/`` folder (a notebook is preferred over a .py)."""
    folder = Path(folder)
    found: dict[str, Path] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix in SUFFIXES:
            found.setdefault(entry.stem, entry)
        elif entry.is_dir():
            files = sorted(p for p in entry.iterdir() if p.is_file() and p.suffix in SUFFIXES
                           and not p.name.startswith("."))
            files.sort(key=lambda p: p.suffix != ".ipynb")
            if files:
                found.setdefault(entry.name, files[0])
    return sorted(found.items())
