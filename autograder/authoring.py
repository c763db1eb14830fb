"""What a lab notebook calls: declare questions and tests, and `check` them.

The same notebook API serves three readers:

  * the **instructor**, running the instructor notebook in Jupyter: `lab.check("q1")` runs
    every test (public and hidden) against the reference solution defined above it;
  * the **student**, running the released notebook: `lab.check("q1")` runs the public tests
    (the only ones in it) against their own function, in their own kernel;
  * the **grader**, which executes the instructor notebook in a trusted process to collect
    the tests and the reference solution (`check` does nothing then). Inside the sandbox a
    stub replaces this module, so the student's copy of these calls does nothing either.

A test is data: the question's function is called with `args`, and the value that comes back
is compared with `expect` (or, when `expect` is omitted, with what the reference solution
returns for the same arguments). Tests never run code in the student's process beyond
that call. Example::

    lab = Lab("lab0-heap-goal")
    lab.question("q1", "heap_goal")
    lab.test("q1", 0, 0, 0, 100, expect=4 * MiB, name="an empty heap gets the floor")
    ### BEGIN HIDDEN TESTS
    lab.test("q1", 32 * MiB, 0, 0, 50, name="GOGC=50", message="GOGC scales the growth")
    lab.variant("q1", lambda student, rng: (rng.randrange(1, 64) * MiB, 0, 0, 100))
    ### END HIDDEN TESTS
"""

from __future__ import annotations

import contextvars
import random
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

KiB = 1 << 10
MiB = 1 << 20

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

# While the grader loads a lab, Lab() registers itself here (and `check` stays quiet).
_COLLECTOR: contextvars.ContextVar[list | None] = contextvars.ContextVar("collector",
                                                                        default=None)


class LabError(ValueError):
    """A mistake in the lab itself (for the instructor, never shown to students)."""


@dataclass
class Question:
    qid: str  # "q1": how tests, the gradebook and `check` name it
    function: str | None = None  # the student function the tests call ...
    variable: str | None = None  # ... or the top-level variable whose value is the answer
    numba: bool = False  # njit-compile the student's function before calling it
    timeout: float | None = None  # wall seconds per call (default: the lab's)
    title: str = ""


@dataclass
class TestCase:
    qid: str
    args: tuple
    expect: Any = MISSING  # MISSING: ask the reference solution
    points: float = 1.0
    name: str = ""
    message: str = ""  # the instructor's words, shown to the student when it fails
    hidden: bool = False
    rtol: float = 1e-9  # for floats
    atol: float = 0.0
    check: Callable | None = None  # check(got, expected) -> bool | fraction | (that, message)
    explain: bool = False  # a failure shows the check's note (also for hidden tests), not values


@dataclass
class Variant:
    """Per-student hidden tests: `make_args(student_id, rng)` gives the arguments."""

    qid: str
    make_args: Callable[[str, random.Random], tuple]
    points: float = 1.0
    name: str = ""
    message: str = ""
    count: int = 1
    rtol: float = 1e-9
    atol: float = 0.0
    check: Callable | None = None
    explain: bool = False


@dataclass
class Lab:
    """A lab: its questions, tests and limits. Create one at the top of the notebook."""

    name: str
    timeout: float | None = None  # wall seconds per call of a student function
    load_timeout: float | None = None  # wall seconds to run the student's notebook
    memory_mb: int | None = None  # address-space limit of the student process
    total_timeout: float | None = None  # wall seconds for the whole submission (default 120)
    hidden_visibility: str = "after_published"  # Gradescope visibility of hidden tests
    # Python packages the student's code may import in the sandbox besides the standard
    # library and the interpreter's site-packages (e.g. "course": a read-only copy goes in), and
    # what pip must install for them on Gradescope.
    packages: tuple = ()
    requirements: tuple = ()
    questions: dict[str, Question] = field(default_factory=dict)
    tests: list[TestCase] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    namespace: dict | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.namespace is None:
            self.namespace = sys._getframe(2).f_globals
        self._hidden = False  # set by the grader's loader inside hidden blocks
        collector = _COLLECTOR.get()
        self._grading = collector is not None
        if collector is not None:
            collector.append(self)

    # -- declaring ------------------------------------------------------------------------

    def question(self, qid: str, function: str | None = None, *, variable: str | None = None,
                 numba: bool = False, timeout: float | None = None, title: str = "") -> None:
        """Declare question `qid`, answered by the student's `function` (or `variable`)."""
        if (function is None) == (variable is None):
            raise LabError(f"question {qid}: give exactly one of function= or variable=")
        if qid in self.questions:
            raise LabError(f"question {qid} is declared twice")
        self.questions[qid] = Question(qid, function, variable, numba, timeout, title)

    def test(self, qid: str, *args, expect=MISSING, points: float = 1, name: str = "",
             message: str = "", rtol: float = 1e-9, atol: float = 0.0,
             check: Callable | None = None, explain: bool = False) -> None:
        """One test: call the question's function with `args`; compare with `expect`."""
        q = self._question(qid)
        if q.variable is not None and args:
            raise LabError(f"question {qid} asks for variable {q.variable}; tests take no args")
        if points < 0:
            raise LabError(f"question {qid}: points must not be negative")
        call = _call_text(q, args)
        self.tests.append(TestCase(qid, tuple(args), expect, float(points), name or call,
                                   message, self._hidden, rtol, atol, check, explain))

    def variant(self, qid: str, make_args: Callable, *, points: float = 1, name: str = "",
                message: str = "", count: int = 1, rtol: float = 1e-9, atol: float = 0.0,
                check: Callable | None = None, explain: bool = False) -> None:
        """`count` hidden tests whose arguments come from ``make_args(student_id, rng)``;
        the expected value is the reference solution's. Declare it in a hidden block."""
        self._question(qid)
        if self._grading and not self._hidden:
            raise LabError(f"question {qid}: lab.variant(...) must be inside a hidden block, "
                           "or release would give the generator to students")
        self.variants.append(Variant(qid, make_args, float(points),
                                     name or f"{qid}: your personal case", message, count,
                                     rtol, atol, check, explain))

    def _question(self, qid: str) -> Question:
        if qid not in self.questions:
            raise LabError(f"question {qid} is not declared (call lab.question first)")
        return self.questions[qid]

    # -- checking in a notebook -------------------------------------------------------------

    def check(self, qid: str | None = None) -> tuple[float, float] | None:
        """Run the tests in this notebook for `qid` (all questions if None) against the
        functions defined in it, and print what passed. Returns (points, max points)."""
        if self._grading:
            return None
        from .judge import compare, plain
        qids = [qid] if qid else list(self.questions)
        got_points = max_points = 0.0
        for q in (self._question(x) for x in qids):
            cases = [t for t in self.tests if t.qid == q.qid]
            cases += [TestCase(v.qid, tuple(v.make_args("instructor", random.Random(i))),
                               MISSING, v.points, f"{v.name} #{i + 1}", v.message, True,
                               v.rtol, v.atol, v.check, v.explain)
                      for v in self.variants if v.qid == q.qid for i in range(v.count)]
            passed = 0
            for t in cases:
                max_points += t.points
                ok, why = self._check_one(q, t, compare, plain)
                mark = "PASS" if ok else "FAIL"
                print(f"  [{mark}] {t.name}" + ("" if ok else f"\n         {why}"))
                if ok:
                    passed += 1
                    got_points += t.points
            print(f"{q.qid}: {passed} of {len(cases)} tests in this notebook pass.")
        print(f"Points from these tests: {got_points:g} of {max_points:g}. Hidden tests "
              "are run only when your lab is graded.")
        return got_points, max_points

    def _check_one(self, q: Question, t: TestCase, compare, plain) -> tuple[bool, str]:
        target = self.namespace.get(q.function or q.variable, MISSING)
        if target is MISSING:
            return False, f"{q.function or q.variable} is not defined yet (run its cell)"
        call = _call_text(q, t.args)
        try:
            got = target(*t.args) if q.function else target
        except NotImplementedError:
            return False, f"{call}: not implemented yet"
        except Exception as e:  # the student's own kernel: show them everything
            return False, f"{call} raised {type(e).__name__}: {e}"
        expected = t.expect if t.expect is not MISSING else got
        if t.check is not None:
            verdict = t.check(plain(got), plain(expected))
            ok = verdict[0] if isinstance(verdict, tuple) else verdict
            if t.explain:  # the check's own words; partial credit is not a pass
                note = verdict[1] if isinstance(verdict, tuple) else ""
                return float(ok) >= 1, note or t.message
            return bool(ok), t.message or f"{call} returned {got!r}"
        why = compare(plain(expected), plain(got), t.rtol, t.atol)
        detail = f" ({why})" if why and "differs" not in why else ""
        return why is None, f"{call} returned {got!r}; expected {expected!r}{detail}."


def _call_text(q: Question, args: tuple) -> str:
    if q.variable is not None:
        return q.variable
    shown = ", ".join(_short_repr(a) for a in args)
    return f"{q.function}({shown})"


def _short_repr(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
