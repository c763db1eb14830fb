"""Compile errors, reported the way ``go build`` (Go 1.19) prints them."""
from __future__ import annotations

MAX_ERRORS = 10  # Go stops after 10 errors ("too many errors")


class GoCompileError(Exception):
    """A Go program did not compile.

    ``str(err)`` is the text ``go build`` prints (``./prog.go:4:2: x declared but not used``,
    one error a line, sorted by position, at most 10); ``errors`` holds the same errors as
    ``(filename, line, col, message)`` tuples. ``line``/``col`` are 1-based, ``col`` in bytes.
    """

    def __init__(self, errors: list[tuple[str, int, int, str]], too_many: bool = False):
        self.errors = list(errors)
        self.too_many = too_many
        super().__init__(self.render())

    def render(self) -> str:
        lines = []
        for fname, line, col, msg in self.errors:
            if line <= 0:
                lines.append(msg)
            else:
                lines.append(f"./{fname}:{line}:{col}: {msg}")
        if self.too_many and self.errors:
            fname, line, col, _ = self.errors[-1]
            lines.append(f"./{fname}:{line}:{col}: too many errors")
        return "\n".join(lines)

    def __str__(self) -> str:  # keep the Go text even if args are changed
        return self.render()


class ErrorList:
    """Collects errors while checking; ``raise_if_any`` sorts them like Go and raises."""

    def __init__(self, filename: str):
        self.filename = filename
        self.items: list[tuple[int, int, str]] = []
        self._seen: set[tuple[int, int, str]] = set()

    def add(self, pos: tuple[int, int], msg: str) -> None:
        key = (pos[0], pos[1], msg)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(key)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        items = sorted(self.items, key=lambda t: (t[0], t[1]))
        out = [(self.filename, line, col, msg) for line, col, msg in items]
        raise GoCompileError(out[:MAX_ERRORS], too_many=len(out) > MAX_ERRORS)
