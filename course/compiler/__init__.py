"""The Go front end: parse (tree-sitter), type-check and compile the course's Go subset.

``compile_source(src)`` returns an ``isa.Image`` for the VM; any error in the program raises
``GoCompileError`` whose text is what ``go build`` (Go 1.19) prints.
"""
from __future__ import annotations

import sys

from .. import isa
from .check import UNSUPPORTED, check
from .codegen import generate
from .errors import GoCompileError
from .parse import parse

__all__ = ["compile_source", "GoCompileError", "UNSUPPORTED"]


def compile_source(src: str, filename: str = "prog.go", go_version: str = "1.22") -> isa.Image:
    """Compile one Go file (package main) into an ``isa.Image``.

    ``go_version`` selects version-dependent semantics: from "1.22" on, each iteration of a
    3-clause ``for`` loop has its own copy of the loop variables (when a closure captures
    them); before, one variable is shared by all iterations.
    """
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))  # the passes recurse over the (depth-capped) tree
    try:
        tree = parse(src, filename)
        prog = check(tree, filename, go_version)
        return generate(prog, filename, src)
    except RecursionError:  # pragma: no cover - the depth cap in parse() prevents this
        raise GoCompileError([(filename, 1, 1, "program too deeply nested for this course's compiler")]) from None
    finally:
        sys.setrecursionlimit(limit)
