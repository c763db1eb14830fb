"""The syntax tree the parser builds from tree-sitter's concrete tree.

Every node has ``pos``: (line, col), 1-based, col in bytes, the node's start as Go's types2
reports it. The checker annotates expressions in place (``type``, ``const``, ``mode``, ...).
"""
from __future__ import annotations

Pos = tuple[int, int]


class Node:
    __slots__ = ("pos", "end")

    def __init__(self, pos: Pos):
        self.pos = pos
        self.end = pos


# --- expressions ---------------------------------------------------------------------------
class Expr(Node):
    # Filled by the checker: mode is one of "invalid", "novalue", "const", "var" (addressable
    # variable), "value", "type", "builtin", "pkg", "func" (a top-level function); type a
    # types.Type (a Tuple for multi-value calls); const the Python value of a constant.
    __slots__ = ("mode", "type", "const", "src")

    def __init__(self, pos: Pos):
        super().__init__(pos)
        self.mode = "invalid"
        self.type = None
        self.const = None
        self.src = ""  # the source text (for error messages)


class Ident(Expr):
    __slots__ = ("name", "obj")

    def __init__(self, pos, name):
        super().__init__(pos)
        self.name = name
        self.obj = None  # resolved object


class BasicLit(Expr):
    __slots__ = ("kind", "value")

    def __init__(self, pos, kind, value):
        super().__init__(pos)
        self.kind = kind  # "int", "float", "rune", "string", "imag"
        self.value = value  # the literal's Python value


class Binary(Expr):
    __slots__ = ("op", "x", "y", "oppos")

    def __init__(self, pos, op, x, y, oppos):
        super().__init__(pos)
        self.op, self.x, self.y, self.oppos = op, x, y, oppos


class Unary(Expr):
    __slots__ = ("op", "x", "commaok")

    def __init__(self, pos, op, x):
        super().__init__(pos)
        self.op, self.x = op, x
        self.commaok = False  # a receive `v, ok := <-ch` (checker): type is (elem, bool)


class Paren(Expr):
    __slots__ = ("x",)

    def __init__(self, pos, x):
        super().__init__(pos)
        self.x = x


class Call(Expr):
    # kind (checker): "call" (func value or top-level func), "conv" (conversion), "builtin",
    # "pkgfunc" (fmt.Println, time.Sleep, ...)
    __slots__ = ("fun", "args", "ellipsis", "kind", "rparen")

    def __init__(self, pos, fun, args, ellipsis=False, rparen=None):
        super().__init__(pos)
        self.fun, self.args, self.ellipsis = fun, args, ellipsis
        self.kind = ""
        self.rparen = rparen or pos


class Selector(Expr):
    __slots__ = ("x", "sel", "selpos", "obj")

    def __init__(self, pos, x, sel, selpos):
        super().__init__(pos)
        self.x, self.sel, self.selpos = x, sel, selpos
        self.obj = None


class Index(Expr):
    __slots__ = ("x", "index")

    def __init__(self, pos, x, index):
        super().__init__(pos)
        self.x, self.index = x, index


class FuncLit(Expr):
    __slots__ = ("sig", "body", "name", "captures", "info")

    def __init__(self, pos, sig, body):
        super().__init__(pos)
        self.sig, self.body = sig, body
        self.name = ""  # Go's name, e.g. main.main.func1 (checker)
        self.captures = []  # outer variables used, in first-use order (checker)
        self.info = None  # FuncInfo (checker)


# type expressions (appear where types are expected; also as call targets: conversions)
class FuncType(Expr):
    __slots__ = ("params", "results")

    def __init__(self, pos, params, results):
        super().__init__(pos)
        self.params = params  # list[Field]
        self.results = results  # list[Field]


class ChanType(Expr):
    __slots__ = ("dir", "elem")

    def __init__(self, pos, dir, elem):
        super().__init__(pos)
        self.dir = dir  # "both", "send" (chan<- T), "recv" (<-chan T)
        self.elem = elem


class PointerType(Expr):
    """``*T``: in the subset only ``*sync.Mutex``, ``*sync.RWMutex``, ``*sync.WaitGroup`` and
    ``*sync.Once`` (the checker reports any other as unsupported)."""

    __slots__ = ("elem", "pkgs")

    def __init__(self, pos, elem):
        super().__init__(pos)
        self.elem = elem
        self.pkgs: tuple[str, ...] = ()


class StructType(Expr):
    """``struct{}`` (the subset's only struct type)."""

    __slots__ = ()


class CompositeLit(Expr):
    """``struct{}{}``, ``T{...}`` of a struct type, ``[]T{...}`` (part 3). ``elts`` is a list of
    (key Ident or None, value expression); ``rbrace`` the position of its closing brace."""

    __slots__ = ("typ", "elts", "rbrace", "fieldidx")

    def __init__(self, pos, typ, elts=None, rbrace=None):
        super().__init__(pos)
        self.typ = typ
        self.elts = elts or []
        self.rbrace = rbrace


class SliceType(Expr):
    """``[]T`` (part 3)."""

    __slots__ = ("elem",)

    def __init__(self, pos, elem):
        super().__init__(pos)
        self.elem = elem


class StructDef(Expr):
    """``struct { a, b int; next *Node }`` (part 3): ``fields`` is a list of (Ident, type expr)."""

    __slots__ = ("fields",)

    def __init__(self, pos, fields):
        super().__init__(pos)
        self.fields = fields


class SliceExpr(Expr):
    """``x[lo:hi]`` (either bound may be None)."""

    __slots__ = ("x", "lo", "hi")

    def __init__(self, pos, x, lo, hi):
        super().__init__(pos)
        self.x, self.lo, self.hi = x, lo, hi


class TypeDecl(Node):
    """``type Name T`` at package level (part 3: T a struct type)."""

    __slots__ = ("name", "type", "obj")

    def __init__(self, pos, name, type_):
        super().__init__(pos)
        self.name, self.type, self.obj = name, type_, None


class Unsupported(Expr):
    """An expression outside the course subset (reported by the checker)."""

    __slots__ = ("what", "pkgs")

    def __init__(self, pos, what):
        super().__init__(pos)
        self.what = what
        self.pkgs: tuple[str, ...] = ()  # packages named inside (``*time.Timer``): they count as used


class Field(Node):
    __slots__ = ("names", "type")  # names: list[Ident] (may be empty), type: Expr

    def __init__(self, pos, names, type_):
        super().__init__(pos)
        self.names, self.type = names, type_


# --- statements ----------------------------------------------------------------------------
class Stmt(Node):
    __slots__ = ()


class ExprStmt(Stmt):
    __slots__ = ("x",)

    def __init__(self, pos, x):
        super().__init__(pos)
        self.x = x


class Assign(Stmt):
    """``lhs op rhs``; op is "=", ":=" or "+=" etc."""

    __slots__ = ("lhs", "op", "rhs", "oppos", "newvars")

    def __init__(self, pos, lhs, op, rhs, oppos):
        super().__init__(pos)
        self.lhs, self.op, self.rhs, self.oppos = lhs, op, rhs, oppos
        self.newvars = []  # for :=, which lhs are new (bools), set by the checker


class IncDec(Stmt):
    __slots__ = ("x", "op")

    def __init__(self, pos, x, op):
        super().__init__(pos)
        self.x, self.op = x, op


class ValueSpec(Node):
    __slots__ = ("names", "type", "values", "iota", "objs", "implicit")

    def __init__(self, pos, names, type_, values, iota=0, implicit=False):
        super().__init__(pos)
        self.names, self.type, self.values, self.iota = names, type_, values, iota
        self.objs = []
        self.implicit = implicit  # a const spec that repeats the previous expression list


class DeclStmt(Stmt):
    __slots__ = ("kind", "specs")  # kind: "var" / "const"

    def __init__(self, pos, kind, specs):
        super().__init__(pos)
        self.kind, self.specs = kind, specs


class Block(Stmt):
    __slots__ = ("stmts", "rbrace")

    def __init__(self, pos, stmts, rbrace):
        super().__init__(pos)
        self.stmts, self.rbrace = stmts, rbrace


class If(Stmt):
    __slots__ = ("init", "cond", "then", "else_")

    def __init__(self, pos, init, cond, then, else_):
        super().__init__(pos)
        self.init, self.cond, self.then, self.else_ = init, cond, then, else_


class For(Stmt):
    __slots__ = ("init", "cond", "post", "body", "label", "loopvars", "percopy")

    def __init__(self, pos, init, cond, post, body):
        super().__init__(pos)
        self.init, self.cond, self.post, self.body = init, cond, post, body
        self.label = None
        self.loopvars = []  # variables declared by init (checker)
        self.percopy = False  # Go 1.22: a fresh copy of captured loop variables per iteration


class RangeFor(Stmt):
    """``for [k [, v]] (:= | =) range x { ... }`` (the subset ranges over channels only)."""

    __slots__ = ("key", "value", "define", "x", "body", "label", "oppos")

    def __init__(self, pos, key, value, define, x, body, oppos):
        super().__init__(pos)
        self.key, self.value, self.define, self.x, self.body = key, value, define, x, body
        self.label = None
        self.oppos = oppos


class Send(Stmt):
    __slots__ = ("ch", "value")

    def __init__(self, pos, ch, value):
        super().__init__(pos)
        self.ch, self.value = ch, value


class CommClause(Node):
    """A select case. comm: a Send, an ExprStmt (``<-ch``), an Assign whose rhs is a receive
    (``v := <-ch``, ``v, ok = <-ch``), or None for default."""

    __slots__ = ("comm", "body", "recv")

    def __init__(self, pos, comm, body):
        super().__init__(pos)
        self.comm, self.body = comm, body
        self.recv = None  # the receive Unary of a receive case (checker)


class Select(Stmt):
    __slots__ = ("clauses", "label")

    def __init__(self, pos, clauses):
        super().__init__(pos)
        self.clauses = clauses
        self.label = None


class CaseClause(Node):
    __slots__ = ("exprs", "body", "fallthrough")  # exprs None: default

    def __init__(self, pos, exprs, body):
        super().__init__(pos)
        self.exprs, self.body = exprs, body
        self.fallthrough = False


class Switch(Stmt):
    __slots__ = ("init", "tag", "clauses", "label")

    def __init__(self, pos, init, tag, clauses):
        super().__init__(pos)
        self.init, self.tag, self.clauses = init, tag, clauses
        self.label = None


class GoDefer(Stmt):
    __slots__ = ("kind", "call", "wrapper", "info")  # kind: "go" / "defer"

    def __init__(self, pos, kind, call):
        super().__init__(pos)
        self.kind, self.call = kind, call
        self.info = None  # FuncInfo of the wrapper (checker)
        self.wrapper = ""  # name of the synthesized wrapper (checker), e.g. main.main.deferwrap1


class Return(Stmt):
    __slots__ = ("results",)

    def __init__(self, pos, results):
        super().__init__(pos)
        self.results = results


class Branch(Stmt):
    __slots__ = ("kind", "label", "target")  # kind: break / continue / fallthrough

    def __init__(self, pos, kind, label):
        super().__init__(pos)
        self.kind, self.label = kind, label
        self.target = None  # the For/Switch it leaves or continues (checker)


class Labeled(Stmt):
    __slots__ = ("label", "stmt", "used")

    def __init__(self, pos, label, stmt):
        super().__init__(pos)
        self.label, self.stmt = label, stmt
        self.used = False


class Empty(Stmt):
    __slots__ = ()


class UnsupportedStmt(Stmt):
    __slots__ = ("what",)

    def __init__(self, pos, what):
        super().__init__(pos)
        self.what = what


# --- declarations --------------------------------------------------------------------------
class Import(Node):
    __slots__ = ("path", "name", "used")

    def __init__(self, pos, path, name=None):
        super().__init__(pos)
        self.path, self.name = path, name
        self.used = False


class FuncDecl(Node):
    __slots__ = ("name", "sig", "body", "info")

    def __init__(self, pos, name, sig, body):
        super().__init__(pos)
        self.name, self.sig, self.body = name, sig, body  # name: Ident, sig: FuncType
        self.info = None


class File(Node):
    __slots__ = ("package", "imports", "decls", "unsupported")

    def __init__(self, pos, package, imports, decls):
        super().__init__(pos)
        self.package, self.imports, self.decls = package, imports, decls
        self.unsupported = []  # (pos, what)
