"""Named entities (objects), scopes and per-function information the checker builds."""
from __future__ import annotations

from . import nodes as N
from . import types as T


class Obj:
    kind = "obj"

    def __init__(self, name: str, pos: N.Pos, typ: T.Type | None = None):
        self.name, self.pos, self.type = name, pos, typ


class Var(Obj):
    kind = "var"

    def __init__(self, name, pos, typ=None, func=None):
        super().__init__(name, pos, typ)
        self.func = func  # owning FuncInfo; None for package-level variables
        self.used = False
        self.captured = False  # referenced from a function literal: lives in a heap cell
        self.is_param = False
        self.is_result = False
        self.gindex = -1  # package-level: index into globals
        self.slot = -1  # codegen: the frame slot (the value, or the cell ref when captured)
        self.pending = None  # package-level var whose type is not known yet: its ValueSpec


class Const(Obj):
    kind = "const"

    def __init__(self, name, pos, typ=None, value=None):
        super().__init__(name, pos, typ)
        self.value = value
        self.pending = None  # (spec, index) while unresolved
        self.used = True


class TypeName(Obj):
    kind = "type"


class FuncObj(Obj):
    kind = "func"

    def __init__(self, name, pos, decl):
        super().__init__(name, pos)
        self.decl = decl
        self.info = None


class Builtin(Obj):
    kind = "builtin"


class PkgName(Obj):
    kind = "pkg"

    def __init__(self, name, pos, imp):
        super().__init__(name, pos)
        self.imp = imp


class Nil(Obj):
    kind = "nil"


class Scope:
    def __init__(self, parent: "Scope | None", func: "FuncInfo | None" = None):
        self.parent = parent
        self.func = func if func is not None else (parent.func if parent is not None else None)
        self.names: dict[str, Obj] = {}

    def lookup(self, name: str) -> Obj | None:
        s = self
        while s is not None:
            o = s.names.get(name)
            if o is not None:
                return o
            s = s.parent
        return None


class FuncInfo:
    """A function body to compile: a top-level function, a literal, or a go/defer wrapper."""

    def __init__(self, name: str, sig: T.Signature, parent: "FuncInfo | None", node):
        self.name = name
        self.sig = sig
        self.parent = parent
        self.node = node  # FuncDecl, FuncLit, or GoDefer (wrapper)
        self.params: list[Var] = []
        self.results: list[Var] = []  # named results (empty if unnamed)
        self.captures: list[Var] = []  # literal: the outer variables it uses, in first-use order
        self.nlits = 0
        self.ngowrap = 0
        self.ndeferwrap = 0
        self.locals: list[Var] = []
        self.is_literal = isinstance(node, N.FuncLit)
        self.is_wrapper = isinstance(node, N.GoDefer)

    def capture_index(self, v: Var) -> int:
        return self.captures.index(v)
