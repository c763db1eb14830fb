"""Turning one call's `Outcome` into points and a message a student can act on.

Runs only in the trusted grader, on plain data. Types are checked before values are
compared (an int is not a float, a bool is not an int, a str is not a number), so no object
with a clever `__eq__` can pass: such objects never cross the wire in the first place.

What a student sees depends on the test:
  * public test: the call, what came back, what was expected, the instructor's message,
    their own traceback lines (mapped to "cell 4, line 2"), and what they printed;
  * hidden test: only its name, a category ("wrong answer", "took too long", ...), and the
    instructor's message. Never its arguments, the returned value, the student's output or
    exception text (all of which the student's code could have filled with the arguments).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from . import wire


@dataclass
class TestResult:
    qid: str
    test_id: str  # stable within a lab: "q1/public/2", "q1/hidden/0", "q1/variant/0.1"
    name: str
    score: float
    max_score: float
    hidden: bool
    kind: str  # the outcome kind ("value", "timeout", ...), for instructors and statistics
    message: str  # student-safe text; empty when passed

    @property
    def status(self) -> str:
        return "passed" if self.score >= self.max_score else "failed"


def plain(value):
    """A value as it would arrive over the wire (tuples kept, numpy scalars -> int/float)."""
    return wire.from_plain(wire.to_plain(value))


# ------------------------------------------------------------------ comparing values

def _kind(v) -> str:
    if v is None:
        return "None"
    if isinstance(v, wire.Array):
        return "array"
    if isinstance(v, wire.Unsupported):
        return v.type_name
    return {bool: "bool", int: "int", float: "float", str: "str", list: "list",
            tuple: "tuple", dict: "dict"}.get(type(v), type(v).__name__)


def _a(kind: str) -> str:
    return ("an " if kind[:1].lower() in ("a", "e", "i", "o", "u") else "a ") + kind


def compare(expected, got, rtol: float = 1e-9, atol: float = 0.0, _path: str = "") -> str | None:
    """None when `got` matches `expected`; otherwise the first difference, in words."""
    at = f" at {_path}" if _path else ""
    ek, gk = _kind(expected), _kind(got)
    numbers = ("int", "float")
    if ek == "float" and gk in numbers:
        if math.isnan(expected) and isinstance(got, float) and math.isnan(got):
            return None
        if math.isclose(expected, got, rel_tol=rtol, abs_tol=atol):
            return None
        return f"the value{at} differs"
    if ek != gk and not (ek in ("list", "tuple") and gk in ("list", "tuple")):
        return f"expected {_a(ek)}{at}, got {_a(gk)}"
    if ek in ("list", "tuple"):
        if len(expected) != len(got):
            return f"expected {len(expected)} items{at}, got {len(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            why = compare(e, g, rtol, atol, f"{_path}[{i}]")
            if why:
                return why
        return None
    if ek == "dict":
        if set(expected) != set(got):
            missing = [k for k in expected if k not in got]
            extra = [k for k in got if k not in expected]
            return f"keys differ{at}: missing {missing[:5]}, unexpected {extra[:5]}"
        for k in expected:
            why = compare(expected[k], got[k], rtol, atol, f"{_path}[{k!r}]")
            if why:
                return why
        return None
    if ek == "array":
        if tuple(expected.shape) != tuple(got.shape):
            return f"expected an array of shape {expected.shape}{at}, got shape {got.shape}"
        return compare(expected.data, got.data, rtol, atol, _path)
    return None if expected == got else f"the value{at} differs"


# ------------------------------------------------------------------ judging one test

HIDDEN_CATEGORY = {
    "value": "wrong answer",
    "exception": "your code raised an exception",
    "missing": "the function it tests is missing",
    "not-callable": "the name it tests is not a function",
    "numba": "numba could not compile your function",
    "unsupported": "your function returned something that is not plain data",
    "memory": "your code ran out of memory",
    "timeout": "your code took too long",
    "crashed": "your code ended the Python process",
    "output-limit": "your code printed too much",
    "cpu-limit": "your code used too much CPU time",
    "bad-reply": "your code interfered with the grader's connection",
    "not-loaded": "your code could not be loaded",
    "budget": "not run: the submission's time budget was used up",
}


def judge(test, outcome, sub, load_report, limits) -> TestResult:
    """Points and message for `test` (a `labspec.PlannedTest`) given the call's outcome."""
    score, why = 0.0, ""
    if outcome.kind == "value":
        score, why = _score_value(test, outcome.value)
    message = ""
    if score < test.points and outcome.kind == "value" and why and getattr(test, "explain", False):
        # the lab's check explains the failure itself, in words safe for this test
        message = ("Hidden test failed: " if test.hidden else "") + why
        if test.message:
            message += f"\nHint: {test.message}" if not test.hidden else f" {test.message}"
    elif score < test.points:
        if test.hidden:
            message = f"Hidden test failed: {HIDDEN_CATEGORY.get(outcome.kind, 'failed')}."
            if test.message:
                message += f" {test.message}"
        else:
            message = public_message(test, outcome, why, sub, load_report, limits)
    return TestResult(test.qid, test.test_id, test.name, round(score, 6), test.points,
                      test.hidden, outcome.kind, message)


def _score_value(test, got) -> tuple[float, str]:
    expected = test.expected
    if test.check is not None:
        try:
            verdict = test.check(got, expected)
        except Exception as e:  # an instructor's check that cannot handle this value
            return 0.0, f"your value could not be checked ({type(e).__name__})"
        note = ""
        if isinstance(verdict, tuple):
            verdict, note = verdict[0], str(verdict[1])
        fraction = float(verdict) if not isinstance(verdict, bool) else (1.0 if verdict else 0.0)
        fraction = min(1.0, max(0.0, fraction))
        return test.points * fraction, note
    why = compare(expected, got, test.rtol, test.atol)
    return (test.points, "") if why is None else (0.0, why)


def public_message(test, outcome, why, sub, load_report, limits) -> str:
    """The full story for a failed public test, in plain words."""
    call = test.call_text
    kind, err = outcome.kind, outcome.error
    if kind == "value":
        text = f"{call} returned {_show(outcome.value)}; expected {_show(test.expected)}"
        text += f" ({why})." if why and "differs" not in why else "."
    elif kind == "exception" and err.get("type") == "NotImplementedError":
        text = f"{test.target} is not implemented yet: {call} raised NotImplementedError."
    elif kind == "exception":
        text = f"{call} raised {err.get('type', 'an exception')}: {err.get('message', '')}"
        text += _traceback(err, sub)
    elif kind == "missing":
        text = f"Your submission does not define `{err.get('name', test.target)}`. Check the " \
               "spelling, and that the cell defining it runs without errors."
        text += load_problems(load_report, sub)
    elif kind == "not-callable":
        text = f"`{err.get('name')}` is {_a(err.get('type', 'value'))}, not a function."
    elif kind == "numba":
        text = numba_message(err.get("message", ""), sub, test.target)
    elif kind == "unsupported":
        got = err.get("type", "object")
        text = f"{call} returned {_a(got)} object; return {_a(_kind(test.expected))} " \
               "(plain values only: numbers, strings, lists, tuples, dicts, numpy arrays)."
    elif kind == "memory":
        text = f"{call} ran out of memory (the limit is {limits.memory_mb} MB)."
    elif kind == "timeout":
        text = f"{call} did not finish within {test.timeout:g} s. Look for a loop that " \
               "never ends."
    elif kind == "crashed":
        text = f"{call} ended the Python process ({err.get('detail', '')}). Calls like " \
               "os._exit(), os.kill() or unbounded recursion do this."
    elif kind == "output-limit":
        text = f"{call} printed more than {limits.output_kb} KB. Remove or shorten prints."
    elif kind == "cpu-limit":
        text = f"{call} used more than {limits.cpu_seconds} s of CPU time."
    elif kind == "bad-reply":
        text = f"The grader could not read the result of {call}: your code wrote to the " \
               "grader's connection or returned something too large."
    elif kind == "not-loaded":
        text = "Your code could not be loaded, so no test could run." + \
            load_problems(load_report, sub)
    elif kind == "budget":
        text = "Not run: your submission used up its total time budget " \
               f"({limits.total_timeout:g} s) on earlier tests."
    else:
        text = f"{call} failed."
    if test.message:
        text += f"\nHint: {test.message}"
    if outcome.output.strip():
        shown = "\n".join(line[:200] for line in outcome.output.strip().split("\n")[:20])
        text += f"\nYour code printed (first lines):\n{shown[:2000]}"
    return text


def _show(value: Any, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _traceback(err: dict, sub) -> str:
    frames = err.get("frames") or []
    if not frames and err.get("line"):
        frames = [[err["line"], ""]]
    lines = []
    for line, func in frames:
        code = sub.line_text(line) if sub else ""
        lines.append(f"\n  at {sub.where(line) if sub else line}"
                     + (f" (in {func})" if func and func != "<module>" else "")
                     + (f": {code}" if code else ""))
    return "".join(lines)


def load_problems(report, sub) -> str:
    """What went wrong while loading the student's code, one line per problem."""
    if report is None:
        return ""
    if sub is not None and sub.problem:
        return f"\n{sub.problem}."
    out = []
    if report.fatal:
        where = ""
        if report.fatal_chunk is not None and sub is not None and sub.code is not None:
            where = f" while running {sub.labels[report.fatal_chunk]}"
        what = {"timeout": "did not finish in time",
                "crashed": f"ended the Python process ({report.exit_detail})",
                "output-limit": "printed too much",
                "memory": "ran out of memory",
                "cpu-limit": "used too much CPU time",
                "budget": "used up the time budget"}.get(report.fatal, "failed")
        out.append(f"Your code {what}{where}.")
    for e in report.errors[:5]:
        label = sub.labels[e["chunk"]] if sub and "chunk" in e and e["chunk"] < len(sub.labels) \
            else "your code"
        if e.get("type") == "SystemExit":
            out.append(f"{label} called exit(); the rest of that cell was skipped.")
            continue
        text = f"{label} raised {e.get('type')}: {e.get('message', '')}"
        out.append(text + _traceback(e, sub))
    return "".join("\n" + line for line in out)


_NUMBA_LOC = re.compile(r'File "[^"]*submission\.py", line (\d+)')
_NUMBA_AT = re.compile(r"submission\.py \((\d+)\)")


def numba_message(text: str, sub, target: str) -> str:
    """A numba error in three lines: what failed, which line of theirs, the code there."""
    lines = [ln.rstrip() for ln in text.split("\n")]
    core = ""
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or s.startswith(("Failed in", "During:", "File ", "- Resolution", "[1]",
                                  "[0]")) or "pipeline (step" in s:
            continue
        core = s
        for nxt in lines[i + 1:i + 4]:
            if nxt.strip().startswith(">>>"):
                core += " " + nxt.strip()[3:].strip()
                break
        break
    m = _NUMBA_LOC.search(text) or _NUMBA_AT.search(text)
    where = ""
    if m and sub is not None:
        line = int(m.group(1))
        code = sub.line_text(line)
        where = f"\n  at {sub.where(line)}" + (f": {code}" if code else "")
    core = core[:300] or "it uses something numba's nopython mode does not support"
    return f"numba could not compile {target}: {core}{where}"
