"""The authoring markers, and the text transforms release and loading apply to them.

A lab author marks an instructor notebook with lines that are plain Python comments, so the
notebook runs as it is in Jupyter:

    ### BEGIN SOLUTION / ### END SOLUTION         the reference answer; the student gets a stub
    ### BEGIN HIDDEN TESTS / ### END HIDDEN TESTS  tests the student never sees
    ### HIDDEN   (first line of a cell)           the whole cell is hidden (e.g. a variant generator)

Markers must stand alone on their line. Solution markers may be indented (the stub takes the
indentation of the BEGIN line); hidden-test markers must be at the top level of the cell.
Every transform here is pure text -> text and keeps nothing it removes.
"""

from __future__ import annotations

import re

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
HIDDEN_CELL = "### HIDDEN"
ALL = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN, HIDDEN_CELL)

CODE_STUB = "raise NotImplementedError()  # YOUR CODE HERE"
TEXT_STUB = "YOUR ANSWER HERE"


class MarkerError(ValueError):
    """Unbalanced or misplaced markers; the message names the cell and line."""


def _is(line: str, marker: str) -> bool:
    return line.strip() == marker


def is_hidden_cell(source: str) -> bool:
    for line in source.splitlines():
        if line.strip():
            return _is(line, HIDDEN_CELL)
    return False


def _blocks(lines: list[str], begin: str, end: str, where: str):
    """Yield (begin_index, end_index) of balanced, non-nested marker pairs."""
    start = None
    for i, line in enumerate(lines):
        if _is(line, begin):
            if start is not None:
                raise MarkerError(f"{where}, line {i + 1}: {begin} inside another {begin}")
            start = i
        elif _is(line, end):
            if start is None:
                raise MarkerError(f"{where}, line {i + 1}: {end} without {begin}")
            yield start, i
            start = None
    if start is not None:
        raise MarkerError(f"{where}, line {start + 1}: {begin} is never closed by {end}")


def clear_solutions(source: str, code: bool = True, where: str = "cell") -> str:
    """Replace each solution block by a stub (code cells) or a prompt (markdown cells)."""
    lines = source.split("\n")
    out, last = [], 0
    for b, e in _blocks(lines, BEGIN_SOLUTION, END_SOLUTION, where):
        out += lines[last:b]
        indent = re.match(r"\s*", lines[b]).group(0)
        out.append(indent + (CODE_STUB if code else TEXT_STUB))
        last = e + 1
    out += lines[last:]
    return "\n".join(out)


def strip_hidden(source: str, where: str = "cell") -> str:
    """Remove hidden-test blocks, markers included."""
    lines = source.split("\n")
    out, last = [], 0
    for b, e in _blocks(lines, BEGIN_HIDDEN, END_HIDDEN, where):
        out += lines[last:b]
        last = e + 1
    out += lines[last:]
    return "\n".join(out).rstrip("\n")


def split_hidden(source: str, where: str = "cell") -> list[tuple[str, bool]]:
    """The cell as (text, hidden) segments, each padded with blank lines so that line
    numbers in tracebacks are the cell's own."""
    lines = source.split("\n")
    if is_hidden_cell(source):
        return [(source, True)]
    segments, last = [], 0
    for b, e in _blocks(lines, BEGIN_HIDDEN, END_HIDDEN, where):
        if lines[b][:1].isspace():
            raise MarkerError(f"{where}, line {b + 1}: {BEGIN_HIDDEN} must not be indented")
        segments.append(("\n" * last + "\n".join(lines[last:b]), False))
        segments.append(("\n" * (b + 1) + "\n".join(lines[b + 1:e]), True))
        last = e + 1
    segments.append(("\n" * last + "\n".join(lines[last:]), False))
    return [(text, hidden) for text, hidden in segments if text.strip()]


_MAGIC = re.compile(r"^(\s*)(%|!)")


def strip_magics(source: str) -> str:
    """IPython-only lines (%magic, !shell) become `pass`, keeping line numbers."""
    out = []
    for line in source.split("\n"):
        m = _MAGIC.match(line)
        out.append(f"{m.group(1)}pass  # IPython line removed by the grader" if m else line)
    return "\n".join(out)


def mentions_marker(text: str) -> str | None:
    """The first marker that appears anywhere in `text`, or None."""
    for marker in ALL:
        if marker in text:
            return marker
    return None
