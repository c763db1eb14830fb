"""Loading a lab: run the instructor notebook (trusted) and collect what grading needs.

A lab folder holds one instructor notebook (``*.ipynb``) and optional helper modules
(``*.py``). Loading executes the notebook's code cells in a fresh namespace in the grader's
own process. This is instructor code, so it is trusted; it is also why this process must
never run student code. Code inside hidden-test blocks and hidden cells is executed with
the `Lab` in hidden mode, so the tests it declares are hidden.

The result, a `LabSpec`, answers two questions: which tests does student X get (`plan`,
with arguments, expected values from the reference solution, and seeds), and what limits
apply. Expected values are computed here, in the trusted process, and never leave it.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import nbformat

from . import __version__, authoring, markers
from .authoring import MISSING, LabError
from .judge import compare, plain
from .sandbox import Limits

GRADER_VERSION = __version__


@dataclass
class PlannedTest:
    """One call the grader will make for one student, with its expected value."""

    test_id: str
    qid: str
    name: str
    args: tuple
    expected: Any
    points: float
    hidden: bool
    message: str
    seed: int
    target: str  # the function (or variable) name
    is_variable: bool
    numba: bool
    timeout: float
    rtol: float = 1e-9
    atol: float = 0.0
    check: Callable | None = None
    explain: bool = False  # a failure shows the check's note instead of the values

    @property
    def call_text(self) -> str:
        if self.is_variable:
            return self.target
        return authoring._call_text(authoring.Question(self.qid, self.target), self.args)


@dataclass
class LabSpec:
    name: str
    folder: Path
    notebook: Path
    lab: authoring.Lab
    reference: dict  # the instructor notebook's namespace (reference solutions live here)
    limits: Limits
    lab_hash: str
    modules: list[Path] = field(default_factory=list)
    _expected: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def packages(self) -> tuple:
        return tuple(self.lab.packages)

    @property
    def questions(self) -> dict[str, authoring.Question]:
        return self.lab.questions

    def max_points(self, qid: str | None = None) -> float:
        return sum(t.points for t in self.plan("nobody") if qid in (None, t.qid))

    def seed(self, student: str, test_id: str) -> int:
        """Deterministic per lab, student and test."""
        digest = hashlib.sha256(f"{self.name}|{student}|{test_id}".encode()).digest()
        return int.from_bytes(digest[:6], "big")

    def plan(self, student: str) -> list[PlannedTest]:
        """Every test for `student`: public ones first, then hidden, then variants."""
        lab, out = self.lab, []
        counters: dict[tuple[str, bool], int] = {}
        fixed = sorted(enumerate(lab.tests), key=lambda it: it[1].hidden)
        for index, t in fixed:
            n = counters.get((t.qid, t.hidden), 0)
            counters[(t.qid, t.hidden)] = n + 1
            test_id = f"{t.qid}/{'hidden' if t.hidden else 'public'}/{n}"
            expected = self._expected_for(("test", index), t.qid, t.args, t.expect)
            out.append(self._planned(test_id, t.qid, t.name, t.args, expected, t.points,
                                     t.hidden, t.message, student, t.rtol, t.atol, t.check,
                                     t.explain))
        for vi, v in enumerate(lab.variants):
            for k in range(v.count):
                test_id = f"{v.qid}/variant/{vi}.{k}"
                rng = random.Random(self.seed(student, test_id))
                args = tuple(v.make_args(student, rng))
                expected = self._expected_for(None, v.qid, args, MISSING)
                name = v.name if v.count == 1 else f"{v.name} #{k + 1}"
                out.append(self._planned(test_id, v.qid, name, args, expected, v.points, True,
                                         v.message, student, v.rtol, v.atol, v.check,
                                         v.explain))
        return out

    def _planned(self, test_id, qid, name, args, expected, points, hidden, message, student,
                 rtol, atol, check, explain=False) -> PlannedTest:
        q = self.lab.questions[qid]
        return PlannedTest(test_id, qid, name, tuple(args), expected, points, hidden, message,
                           self.seed(student, test_id), q.function or q.variable,
                           q.variable is not None, q.numba,
                           q.timeout or self.limits.call_timeout, rtol, atol, check, explain)

    def _expected_for(self, key, qid: str, args: tuple, expect) -> Any:
        if expect is not MISSING:
            return plain(expect)
        if key is not None and key in self._expected:
            return self._expected[key]
        value = self.reference_value(qid, args)
        if key is not None:
            with self._lock:
                self._expected[key] = value
        return value

    def reference_value(self, qid: str, args: tuple) -> Any:
        """What the reference solution returns (as plain data) for `args`."""
        q = self.lab.questions[qid]
        target = self.reference.get(q.function or q.variable, MISSING)
        if target is MISSING:
            raise LabError(f"{self.notebook.name}: question {qid} needs "
                           f"{q.function or q.variable}, which the notebook does not define")
        try:
            return plain(target(*args) if q.function else target)
        except Exception as e:
            raise LabError(f"the reference solution for {qid} raised {type(e).__name__}: {e} "
                           f"for arguments {args!r}") from e

    def validate(self) -> None:
        """Refuse a lab whose explicit expectations disagree with its reference solution."""
        if not self.lab.questions:
            raise LabError(f"{self.notebook.name} declares no questions")
        for t in self.lab.tests:
            if t.expect is MISSING or t.check is not None:
                continue
            ref = self.reference_value(t.qid, t.args)
            why = compare(plain(t.expect), ref, t.rtol, t.atol)
            if why:
                raise LabError(f"test '{t.name}' of {t.qid} expects {t.expect!r}, but the "
                               f"reference solution returns {ref!r} ({why})")
        for student in ("instructor", "a", "b"):
            self.plan(student)


def find_notebook(folder: Path) -> Path:
    books = sorted(p for p in Path(folder).glob("*.ipynb") if not p.name.startswith((".", "_")))
    if len(books) != 1:
        raise LabError(f"{folder} must hold exactly one instructor notebook (*.ipynb); "
                       f"found {[p.name for p in books]}")
    return books[0]


def lab_files(folder: Path) -> list[Path]:
    """The files that make up a lab: its notebook and helper modules."""
    folder = Path(folder)
    return sorted([find_notebook(folder), *(p for p in folder.glob("*.py")
                                            if not p.name.startswith("."))])


def lab_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in lab_files(folder):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


_cache: dict[tuple[str, str], LabSpec] = {}
_load_lock = threading.Lock()


def load_lab(folder: Path | str) -> LabSpec:
    """Load (once per process and lab version) the lab in `folder`."""
    folder = Path(folder).resolve()
    key = (str(folder), lab_hash(folder))
    with _load_lock:
        if key not in _cache:
            _cache[key] = _load(folder, key[1])
        return _cache[key]


@contextmanager
def _lab_import_path(folder: Path):
    sys.path.insert(0, str(folder))
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)
        try:
            sys.path.remove(str(folder))
        except ValueError:
            pass


def _load(folder: Path, digest: str) -> LabSpec:
    path = find_notebook(folder)
    nb = nbformat.read(path, as_version=4)
    namespace: dict = {"__name__": "__lab__", "__file__": str(path)}
    collected: list = []
    token = authoring._COLLECTOR.set(collected)
    try:
        with _lab_import_path(folder):
            for number, cell in enumerate(nb.cells, start=1):
                if cell.cell_type != "code":
                    continue
                where = f"{path.name}, cell {number}"
                source = markers.strip_magics(cell.source)
                for text, hidden in markers.split_hidden(source, where):
                    for lab in collected:
                        lab._hidden = hidden
                    try:
                        exec(compile(text, f"<{where}>", "exec"), namespace)
                    except LabError:
                        raise
                    except Exception as e:
                        raise LabError(f"{where} raised {type(e).__name__}: {e}") from e
    finally:
        authoring._COLLECTOR.reset(token)
    if len(collected) != 1:
        raise LabError(f"{path.name} must create exactly one Lab(...); it created "
                       f"{len(collected)}")
    lab = collected[0]
    lab._hidden = False
    limits = Limits().replace(call_timeout=lab.timeout, load_timeout=lab.load_timeout,
                              memory_mb=lab.memory_mb, total_timeout=lab.total_timeout)
    spec = LabSpec(lab.name, folder, path, lab, namespace, limits, digest,
                   [p for p in folder.glob("*.py") if not p.name.startswith(".")])
    spec.validate()
    return spec
