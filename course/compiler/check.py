"""The type checker: resolves names, types every expression, folds constants, and reports
errors with the messages (and positions) of Go 1.19's type checker (types2).

It annotates the tree in place (``Expr.mode/type/const``, ``Ident.obj``, ``Call.kind``,
``FuncLit.info`` ...) and returns a ``Program`` the code generator walks.
"""
from __future__ import annotations

from fractions import Fraction

from . import nodes as N
from . import types as T
from .errors import ErrorList
from ..mstats import MEMSTATS_FIELDS
from .objects import Builtin, Const, FuncInfo, FuncObj, Nil, Obj, PkgName, Scope, TypeName, Var

UNSUPPORTED = "is not supported in this course's Go subset (yet)"

SUPPORTED_BUILTINS = {"len", "cap", "close", "make", "print", "println", "panic", "append", "new"}
UNSUPPORTED_BUILTINS = {"clear", "complex", "copy", "delete", "imag",
                        "max", "min", "real", "recover"}

KNOWN_PACKAGES = {"fmt", "runtime", "sync", "time", "runtime/debug"}

# runtime.MemStats (part 3): the fields the subset has, in the order of course.mstats (which
# fills the box in that order)
MEMSTATS = T.Named("MemStats", T.Struct([(n, T.UINT32 if ty == "uint32" else T.UINT64)
                                         for n, ty in MEMSTATS_FIELDS]), "runtime")

# package members: name -> ("func", Signature or None for fmt's variadic any) / ("const", type, value)
# / ("type", type)
_DUR = T.DURATION
PKG_MEMBERS = {
    "fmt": {
        "Println": ("func", None), "Print": ("func", None), "Printf": ("func", None),
    },
    "runtime": {
        "Gosched": ("func", T.Signature([], [])),
        "GOMAXPROCS": ("func", T.Signature([T.INT], [T.INT], ["n"])),
        "NumGoroutine": ("func", T.Signature([], [T.INT])),
        # the heap and the GC (part 3)
        "GC": ("func", T.Signature([], [])),
        "MemStats": ("type", MEMSTATS),
        "ReadMemStats": ("func", T.Signature([T.Pointer(MEMSTATS)], [], ["m"])),
    },
    "runtime/debug": {
        "SetGCPercent": ("func", T.Signature([T.INT], [T.INT], ["percent"])),
        "SetMemoryLimit": ("func", T.Signature([T.INT64], [T.INT64], ["limit"])),
    },
    "time": {
        "Sleep": ("func", T.Signature([_DUR], [], ["d"])),
        "Duration": ("type", _DUR),
        "Nanosecond": ("const", _DUR, 1),
        "Microsecond": ("const", _DUR, 1000),
        "Millisecond": ("const", _DUR, 1000_000),
        "Second": ("const", _DUR, 1000_000_000),
        "Minute": ("const", _DUR, 60 * 1000_000_000),
        "Hour": ("const", _DUR, 3600 * 1000_000_000),
        # timers (part 2): isa's OP_NEWTIMER .. OP_TIMERRESET
        "Time": ("type", T.TIME),
        "NewTimer": ("func", T.Signature([_DUR], [T.TIMER_PTR], ["d"])),
        "After": ("func", T.Signature([_DUR], [T.TIME_CHAN], ["d"])),
        "Tick": ("func", T.Signature([_DUR], [T.TIME_CHAN], ["d"])),
        "NewTicker": ("func", T.Signature([_DUR], [T.TICKER_PTR], ["d"])),
        "AfterFunc": ("func", T.Signature([_DUR, T.Signature([], [])], [T.TIMER_PTR], ["d", "f"])),
    },
    # sync (part 2): isa's OP_NEWSYNC .. OP_ONCESET
    "sync": {
        "Mutex": ("type", T.MUTEX),
        "RWMutex": ("type", T.RWMUTEX),
        "WaitGroup": ("type", T.WAITGROUP),
        "Once": ("type", T.ONCE),
    },
}
# methods of the sync types (pointer receivers): name -> ("method", Signature)
SYNC_MEMBERS = {
    T.MUTEX: {"Lock": ("method", T.Signature([], [])), "Unlock": ("method", T.Signature([], [])),
              "TryLock": ("method", T.Signature([], [T.BOOL]))},
    T.RWMUTEX: {"Lock": ("method", T.Signature([], [])), "Unlock": ("method", T.Signature([], [])),
                "RLock": ("method", T.Signature([], [])), "RUnlock": ("method", T.Signature([], [])),
                "TryLock": ("method", T.Signature([], [T.BOOL])), "TryRLock": ("method", T.Signature([], [T.BOOL]))},
    T.WAITGROUP: {"Add": ("method", T.Signature([T.INT], [], ["delta"])), "Done": ("method", T.Signature([], [])),
                  "Wait": ("method", T.Signature([], []))},
    T.ONCE: {"Do": ("method", T.Signature([T.Signature([], [])], [], ["f"]))},
}
REAL_SYNC_METHODS = {T.RWMUTEX: {"RLocker"}}
# fields and methods of *time.Timer / *time.Ticker: name -> ("field", type) / ("method", Signature)
TIMER_MEMBERS = {
    T.TIMER_PTR: {"C": ("field", T.TIME_CHAN),
                  "Stop": ("method", T.Signature([], [T.BOOL])),
                  "Reset": ("method", T.Signature([_DUR], [T.BOOL], ["d"]))},
    T.TICKER_PTR: {"C": ("field", T.TIME_CHAN),
                   "Stop": ("method", T.Signature([], []))},
}
REAL_TIMER_METHODS = {"Reset"}  # Ticker.Reset: the runtime keeps the period (not supported)
TIME_METHODS = {"Add", "AddDate", "After", "AppendFormat", "Before", "Clock", "Compare", "Date", "Day",
                "Equal", "Format", "GoString", "GobDecode", "GobEncode", "Hour", "ISOWeek", "In",
                "IsDST", "IsZero", "Local", "Location", "MarshalBinary", "MarshalJSON", "MarshalText",
                "Minute", "Month", "Nanosecond", "Round", "Second", "String", "Sub", "Truncate", "UTC",
                "Unix", "UnixMicro", "UnixMilli", "UnixNano", "UnmarshalBinary", "UnmarshalJSON",
                "UnmarshalText", "Weekday", "Year", "YearDay", "Zone", "ZoneBounds"}

FMT_RESULTS = T.Tuple([T.INT, T.Unsupported("error")], ["n", "err"])

# exported names the real packages have (so a misspelling is "undefined", a real but
# unsupported name says so)
REAL_MEMBERS = {
    "fmt": {"Append", "Appendf", "Appendln", "Errorf", "Formatter", "Fprint", "Fprintf", "Fprintln",
            "Fscan", "Fscanf", "Fscanln", "GoStringer", "Scan", "ScanState", "Scanf", "Scanln",
            "Scanner", "Sprint", "Sprintf", "Sprintln", "Sscan", "Sscanf", "Sscanln", "State",
            "Stringer"},
    "runtime": {"BlockProfile", "Breakpoint", "CPUProfile", "Caller", "Callers", "CallersFrames",
                "Compiler", "Error", "Frame", "Frames", "Func", "FuncForPC", "GC", "GOARCH", "GOOS",
                "GOROOT", "Goexit", "GoroutineProfile", "KeepAlive", "LockOSThread", "MemProfile",
                "MemProfileRate", "MemStats", "MutexProfile", "NumCPU", "NumCgoCall",
                "ReadMemStats", "ReadTrace", "SetBlockProfileRate", "SetCPUProfileRate",
                "SetFinalizer", "SetMutexProfileFraction", "Stack", "StartTrace", "StopTrace",
                "ThreadCreateProfile", "TypeAssertionError", "UnlockOSThread", "Version"},
    "time": {"ANSIC", "After", "AfterFunc", "April", "August", "Date", "DateOnly", "DateTime",
             "December", "February", "FixedZone", "Friday", "January", "July", "June", "Kitchen",
             "Layout", "LoadLocation", "Local", "Location", "March", "May", "Month", "Monday", "Now",
             "November", "October", "Parse", "ParseDuration", "ParseError", "ParseInLocation",
             "RFC1123", "RFC1123Z", "RFC3339", "RFC3339Nano", "RFC822", "RFC822Z", "RFC850",
             "RubyDate", "Saturday", "September", "Since", "Stamp", "StampMicro", "StampMilli",
             "StampNano", "Sunday", "Thursday", "Tick", "Ticker", "Time", "Timer", "Tuesday", "UTC",
             "Unix", "UnixDate", "UnixMicro", "UnixMilli", "Until", "Wednesday", "Weekday",
             "NewTicker", "NewTimer"},
    "sync": {"Cond", "Locker", "Map", "NewCond", "OnceFunc", "OnceValue", "OnceValues", "Pool"},
    "runtime/debug": {"BuildInfo", "BuildSetting", "FreeOSMemory", "GCStats", "Module", "PrintStack",
                      "ReadBuildInfo", "ReadGCStats", "SetMaxStack", "SetMaxThreads", "SetPanicOnFault",
                      "SetTraceback", "Stack", "WriteHeapDump"},
}
DURATION_METHODS = {"Abs", "Hours", "Microseconds", "Milliseconds", "Minutes", "Nanoseconds", "Round",
                    "Seconds", "String", "Truncate"}

ARITH_OPS = {"+", "-", "*", "/", "%", "&", "|", "^", "&^"}
SHIFT_OPS = {"<<", ">>"}
CMP_OPS = {"==", "!=", "<", "<=", ">", ">="}
LOGIC_OPS = {"&&", "||"}


def version_tuple(v: str) -> tuple[int, int]:
    v = v.strip()
    if v.startswith("go"):
        v = v[2:]
    parts = v.split(".")
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return (1, 22)


# --- printing expressions and values the way types2 does ----------------------------------------
def const_string(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        f = float(v)
        s = repr(f)
        if "e" in s:
            m, e = s.split("e")
            s = f"{m}e{int(e):+03d}"
        return s
    if isinstance(v, str):
        from ..fmt import go_quote

        q = go_quote(v)
        if len(q) > 72:  # constant.Value shortens long strings
            q = q[:33] + "..." + q[-36:]
        return q
    return str(v)


def expr_string(e: N.Expr) -> str:
    if isinstance(e, N.Ident):
        return e.name
    if isinstance(e, N.BasicLit):
        return e.src
    if isinstance(e, N.Binary):
        return f"{expr_string(e.x)} {e.op} {expr_string(e.y)}"
    if isinstance(e, N.Unary):
        return f"{e.op}{expr_string(e.x)}"
    if isinstance(e, N.Paren):
        return f"({expr_string(e.x)})"
    if isinstance(e, N.Call):
        return f"{expr_string(e.fun)}({', '.join(expr_string(a) for a in e.args)}{'...' if e.ellipsis else ''})"
    if isinstance(e, N.Selector):
        return f"{expr_string(e.x)}.{e.sel}"
    if isinstance(e, N.Index):
        return f"{expr_string(e.x)}[{expr_string(e.index)}]"
    if isinstance(e, N.FuncLit):
        return "func literal"
    if isinstance(e, N.FuncType):
        return e.src or "func(...)"
    if isinstance(e, N.CompositeLit):
        return "struct{}{}"
    return e.src


def describe(e: N.Expr) -> str:
    """types2's operand string: ``x (variable of type int)``."""
    text = expr_string(e)
    mode = e.mode
    t = e.type
    if t is T.UNTYPED_NIL and mode == "value":
        return "nil"
    if mode == "novalue":
        return f"{text} (no value)"
    if mode == "builtin":
        return f"{text} (built-in)"
    if mode == "type":
        return f"{text} (type)"
    if mode == "invalid":
        return f"{text} (invalid operand)"
    parts = []
    has_type = False
    if t is not None and T.is_untyped(t):
        parts.append(t.name)
    elif t is not None:
        has_type = True
    if isinstance(e, N.Unary) and e.op == "<-" and not e.commaok:
        parts.append("comma, ok expression")  # types2's mode for a receive
    else:
        parts.append({"const": "constant", "var": "variable"}.get(mode, "value"))
    s = " ".join(parts)
    if mode == "const":
        cs = const_string(e.const)
        if cs != text:
            s += " " + cs
    if has_type:
        s += " of type " + str(t)
    return f"{text} ({s})"


class Program:
    """What the checker hands to the code generator."""

    def __init__(self):
        self.funcs: list[FuncInfo] = []  # top-level functions, in source order
        self.bodies: list[FuncInfo] = []  # every function to compile (top-level, literals, wrappers)
        self.globals: list[Var] = []
        self.global_inits: list[tuple[list[Var], list[N.Expr]]] = []  # in initialization order
        self.main: FuncInfo | None = None
        self.go_version = (1, 22)


class Checker:
    def __init__(self, f: N.File, filename: str, go_version: str):
        self.file = f
        self.errors = ErrorList(filename)
        self.filename = filename
        self.version = version_tuple(go_version)
        self.prog = Program()
        self.prog.go_version = self.version
        self.universe = Scope(None)
        self.pkg = Scope(self.universe)
        self.cur: FuncInfo | None = None  # function being checked
        self.scope: Scope = self.pkg
        self.loop_stack: list = []  # enclosing For/Switch nodes (for break/continue)
        self.label_stack: list[tuple[str, N.Stmt]] = []
        self.labels: dict[str, N.Labeled] = {}
        self._iota = None
        self._case_ctx = None
        self._init_universe()

    # --- errors --------------------------------------------------------------------------
    def error(self, pos: N.Pos, msg: str) -> None:
        self.errors.add(pos, msg)

    def invalid(self, e: N.Expr) -> None:
        e.mode = "invalid"
        e.type = T.INVALID

    # --- setup ---------------------------------------------------------------------------
    def _init_universe(self):
        u = self.universe.names
        for name, t in T.UNIVERSE_TYPES.items():
            u[name] = TypeName(name, (0, 0), t)
        for name in T.UNSUPPORTED_TYPES:
            u[name] = TypeName(name, (0, 0), T.Unsupported(name))
        u["true"] = Const("true", (0, 0), T.UNTYPED_BOOL, True)
        u["false"] = Const("false", (0, 0), T.UNTYPED_BOOL, False)
        u["nil"] = Nil("nil", (0, 0), T.UNTYPED_NIL)
        for name in SUPPORTED_BUILTINS | UNSUPPORTED_BUILTINS:
            u[name] = Builtin(name, (0, 0))

    def declare(self, scope: Scope, obj: Obj, pos: N.Pos) -> None:
        if obj.name == "_":
            return
        old = scope.names.get(obj.name)
        if old is not None:
            if old.pos[0] > 0:
                self.error(pos, f"{obj.name} redeclared in this block\n\t./{self.filename}:{old.pos[0]}:{old.pos[1]}: other declaration of {obj.name}")
            else:
                self.error(pos, f"{obj.name} redeclared in this block")
            return
        scope.names[obj.name] = obj

    # --- the whole file ------------------------------------------------------------------
    def check(self) -> Program:
        f = self.file
        if f.package is not None and f.package.name != "main":
            self.error(f.package.pos, f"package {f.package.name} is not a main package (this course compiles package main)")
        for pos, what in f.unsupported:
            self.error(pos, f"{what} {UNSUPPORTED}")
        self.imports: dict[str, N.Import] = {}
        for imp in f.imports:
            if imp.path not in KNOWN_PACKAGES:
                self.error(imp.pos, f'import "{imp.path}" {UNSUPPORTED}')
                continue
            name = imp.name or imp.path.rsplit("/", 1)[-1]
            if name in ("_", "."):
                self.error(imp.pos, f"{name} import {UNSUPPORTED}")
                continue
            obj = PkgName(name, imp.pos, imp)
            self.declare(self.pkg, obj, imp.pos)
        # declare package-level objects
        funcs: list[FuncObj] = []
        for d in f.decls:
            if isinstance(d, N.FuncDecl):
                name = d.name.name
                if name == "init":
                    self.error(d.name.pos, f"func init {UNSUPPORTED}")
                    continue
                if name == "main" and (d.sig.params or d.sig.results):
                    self.error(d.name.pos, "func main must have no arguments and no return values")
                fo = FuncObj(name, d.name.pos, d)
                d.name.obj = fo
                self.declare(self.pkg, fo, d.name.pos)
                funcs.append(fo)
                if d.body is None:
                    self.error(d.name.pos, "missing function body")
            elif isinstance(d, N.DeclStmt):
                self.declare_package_values(d)
        # type declarations (part 3): declare every name first, so that a struct can point to
        # itself (type Node struct{ next *Node })
        tdecls = [d for d in f.decls if isinstance(d, N.TypeDecl)]
        for d in tdecls:
            tn = TypeName(d.name.name, d.name.pos, T.Named(d.name.name, T.INVALID))
            d.obj = tn
            self.declare(self.pkg, tn, d.name.pos)
        for d in tdecls:
            u = self.type_of(d.type)
            if isinstance(d.type, N.Ident) or isinstance(d.type, N.Selector):
                if not T.is_invalid(u):
                    self.error(d.pos, f"type {d.name.name} {expr_string(d.type)} (a defined non-struct type) {UNSUPPORTED}")
                u = T.INVALID
            d.obj.type.under = T.under(u) if not T.is_invalid(u) else T.INVALID
        # signatures
        for fo in funcs:
            sig = self.signature(fo.decl.sig)
            fo.type = sig
            info = FuncInfo("main." + fo.name, sig, None, fo.decl)
            fo.info = info
            fo.decl.info = info
            self.prog.funcs.append(info)
            if fo.name == "main":
                self.prog.main = info
        # package-level constants and variables (types, initializers)
        for d in f.decls:
            if isinstance(d, N.DeclStmt):
                for spec in d.specs:
                    for obj in spec.objs:
                        self.resolve_pending(obj)
        # bodies
        for fo in funcs:
            if fo.decl.body is not None:
                self.func_body(fo.info, fo.decl.sig, fo.decl.body)
        if self.prog.main is None and not any(isinstance(d, N.FuncDecl) and d.name.name == "main" for d in f.decls):
            self.errors.add((0, 0), "runtime.main_main·f: function main is undeclared in the main package")
        # unused imports
        for imp in f.imports:
            obj = self.pkg.names.get(imp.name or imp.path.rsplit("/", 1)[-1])
            if isinstance(obj, PkgName) and obj.imp is imp and not imp.used:
                self.error(imp.pos, f'imported and not used: "{imp.path}"')
        self.errors.raise_if_any()
        return self.prog

    def declare_package_values(self, d: N.DeclStmt):
        for spec in d.specs:
            for i, name in enumerate(spec.names):
                if d.kind == "const":
                    obj = Const(name.name, name.pos)
                    obj.pending = (spec, i)
                else:
                    obj = Var(name.name, name.pos, None, None)
                    obj.pending = (spec, i)
                    obj.used = True  # package-level variables are never "declared but not used"
                name.obj = obj
                spec.objs.append(obj)
                self.declare(self.pkg, obj, name.pos)

    def resolve_pending(self, obj: Obj) -> None:
        """Type a package-level const/var on first use (Go allows any declaration order)."""
        pend = getattr(obj, "pending", None)
        if pend is None:
            return
        if pend == "busy":
            self.error(obj.pos, f"initialization cycle or invalid recursive reference to {obj.name}")
            obj.type = T.INVALID
            obj.pending = None
            return
        spec, _ = pend
        for o in spec.objs:
            o.pending = "busy"
        saved = (self.scope, self.cur)
        self.scope, self.cur = self.pkg, None
        if isinstance(obj, Const):
            self.const_spec(spec, spec.objs)
        else:
            self.var_spec(spec, spec.objs, package_level=True)
        self.scope, self.cur = saved
        for o in spec.objs:
            o.pending = None

    # --- types ---------------------------------------------------------------------------
    def type_of(self, e: N.Expr) -> T.Type:
        """Resolve a type expression."""
        if isinstance(e, N.Ident):
            obj = self.scope.lookup(e.name)
            if obj is None:
                self.error(e.pos, f"undefined: {e.name}")
                return T.INVALID
            if not isinstance(obj, TypeName):
                self.error(e.pos, f"{e.name} is not a type")
                return T.INVALID
            if isinstance(obj.type, T.Unsupported):
                self.error(e.pos, f"type {e.name} {UNSUPPORTED}")
                return T.INVALID
            return obj.type
        if isinstance(e, N.Selector) and isinstance(e.x, N.Ident):
            obj = self.scope.lookup(e.x.name)
            if isinstance(obj, PkgName):
                obj.imp.used = True
                mem = PKG_MEMBERS.get(obj.imp.path, {}).get(e.sel)
                if mem is None:
                    if e.sel in REAL_MEMBERS.get(obj.imp.path, ()):
                        self.error(e.selpos, f"{e.x.name}.{e.sel} {UNSUPPORTED}")
                    else:
                        self.error(e.selpos, f"undefined: {e.x.name}.{e.sel}")
                    return T.INVALID
                if mem[0] != "type":
                    self.error(e.pos, f"{e.x.name}.{e.sel} is not a type")
                    return T.INVALID
                return mem[1]
            if obj is None:
                self.error(e.x.pos, f"undefined: {e.x.name}")
                return T.INVALID
            self.error(e.pos, f"{expr_string(e)} is not a type")
            return T.INVALID
        if isinstance(e, N.FuncType):
            return self.signature(e)
        if isinstance(e, N.ChanType):
            elem = self.type_of(e.elem)
            if T.is_invalid(elem):
                return T.INVALID
            return T.Chan(elem, e.dir)
        if isinstance(e, N.StructType):
            return T.EMPTY_STRUCT
        if isinstance(e, N.SliceType):
            elem = self.type_of(e.elem)
            if T.is_invalid(elem):
                return T.INVALID
            if self.bad_element(elem, e.elem.pos, "slice"):
                return T.INVALID
            return T.Slice(elem)
        if isinstance(e, N.StructDef):
            fields, seen = [], set()
            for name, te in e.fields:
                ft = self.type_of(te)
                if T.is_invalid(ft):
                    return T.INVALID
                if self.bad_element(ft, te.pos, "struct field"):
                    return T.INVALID
                if name.name in seen:
                    self.error(name.pos, f"{name.name} redeclared")
                    return T.INVALID
                if name.name != "_":
                    seen.add(name.name)
                fields.append((name.name, ft))
            return T.Struct(fields)
        if isinstance(e, N.PointerType):
            el = e.elem
            while isinstance(el, N.Paren):
                el = el.x
            if isinstance(el, N.Selector) and isinstance(el.x, N.Ident) and \
                    isinstance(self.scope.lookup(el.x.name), PkgName) and \
                    self.scope.lookup(el.x.name).imp.path == "sync" and el.sel in PKG_MEMBERS["sync"]:
                elem = self.type_of(el)
                if T.is_invalid(elem):
                    return T.INVALID
                return T.Pointer(elem)  # *sync.Mutex ... (the sync id)
            is_memstats = (isinstance(el, N.Selector) and isinstance(el.x, N.Ident)
                           and isinstance(self.scope.lookup(el.x.name), PkgName)
                           and self.scope.lookup(el.x.name).imp.path == "runtime" and el.sel == "MemStats")
            if isinstance(el, N.Selector) and not is_memstats:
                self.mark_pkgs_used(e)
                self.error(e.pos, f"pointer type {UNSUPPORTED}")
                return T.INVALID
            elem = self.type_of(el)
            if T.is_invalid(elem):
                return T.INVALID
            el_t = T.resolve_alias(elem)
            # part 3: pointers to the program's struct types, runtime.MemStats, basic types, slices
            if not (elem is MEMSTATS or (isinstance(el_t, T.Named) and el_t.pkg == "")
                    or (isinstance(el_t, T.Basic) and not el_t.untyped) or isinstance(el_t, T.Slice)):
                self.mark_pkgs_used(e)
                self.error(e.pos, f"pointer type {UNSUPPORTED}")
                return T.INVALID
            return T.Pointer(elem)
        if isinstance(e, N.Paren):
            return self.type_of(e.x)
        if isinstance(e, N.Unsupported):
            self.mark_pkgs_used(e)
            self.error(e.pos, f"{e.what} {UNSUPPORTED}")
            return T.INVALID
        self.error(e.pos, f"{expr_string(e)} is not a type")
        return T.INVALID

    def signature(self, ft: N.FuncType) -> T.Signature:
        params, pnames, results, rnames = [], [], [], []
        for fld in ft.params:
            t = self.type_of(fld.type)
            if fld.names:
                for nm in fld.names:
                    params.append(t)
                    pnames.append(nm.name)
            else:
                params.append(t)
                pnames.append("")
        for fld in ft.results:
            t = self.type_of(fld.type)
            if fld.names:
                for nm in fld.names:
                    results.append(t)
                    rnames.append(nm.name)
            else:
                results.append(t)
                rnames.append("")
        return T.Signature(params, results, pnames, rnames)

    # --- functions -----------------------------------------------------------------------
    def func_body(self, info: FuncInfo, ft: N.FuncType, body: N.Block) -> None:
        saved = (self.scope, self.cur, self.loop_stack, self.label_stack, self.labels)
        self.cur = info
        self.scope = Scope(self.scope, info)
        self.loop_stack, self.label_stack, self.labels = [], [], {}
        i = 0
        for fld in ft.params:
            for nm in fld.names or [None]:
                v = Var(nm.name if nm else "_", nm.pos if nm else fld.pos, info.sig.params[i], info)
                v.is_param = True
                v.used = True
                info.params.append(v)
                if nm is not None:
                    nm.obj = v
                    self.declare(self.scope, v, nm.pos)
                i += 1
        i = 0
        for fld in ft.results:
            for nm in fld.names:
                v = Var(nm.name, nm.pos, info.sig.results[i], info)
                v.is_result = True
                v.used = True
                info.results.append(v)
                nm.obj = v
                self.declare(self.scope, v, nm.pos)
                i += 1
        self.prog.bodies.append(info)
        self.stmts(body.stmts)
        if info.sig.results and not self.is_terminating_list(body.stmts):
            self.error(body.rbrace, "missing return")
        for name, lab in self.labels.items():
            if not lab.used:
                self.error(lab.label.pos, f"label {name} defined and not used")
        self.report_unused(self.scope)
        self.scope = self.scope.parent
        self.scope, self.cur, self.loop_stack, self.label_stack, self.labels = saved

    def report_unused(self, scope: Scope) -> None:
        for obj in scope.names.values():
            if isinstance(obj, Var) and not obj.used and not obj.is_param and not obj.is_result:
                self.error(obj.pos, f"{obj.name} declared but not used")

    def open_scope(self) -> None:
        self.scope = Scope(self.scope)

    def close_scope(self) -> None:
        self.report_unused(self.scope)
        self.scope = self.scope.parent

    def new_literal_info(self, node, kind: str) -> FuncInfo:
        parent = self.cur
        if parent is None:
            base = "main.glob."
            self._glob_lits = getattr(self, "_glob_lits", 0) + 1
            n = self._glob_lits
            return FuncInfo(f"{base}.func{n}", None, None, node)
        if kind == "func":
            parent.nlits += 1
            n = parent.nlits
            name = f"{parent.name}.{n}" if parent.is_literal else f"{parent.name}.func{n}"
        elif kind == "go":
            parent.ngowrap += 1
            name = f"{parent.name}.gowrap{parent.ngowrap}"
        else:
            parent.ndeferwrap += 1
            name = f"{parent.name}.deferwrap{parent.ndeferwrap}"
        return FuncInfo(name, None, parent, node)

    # --- statements ----------------------------------------------------------------------
    def stmts(self, stmts: list[N.Stmt]) -> None:
        for i, s in enumerate(stmts):
            if isinstance(s, N.Branch) and s.kind == "fallthrough":
                self.fallthrough(s, i == len(stmts) - 1)
                continue
            self.stmt(s)

    def fallthrough(self, s: N.Branch, last: bool) -> None:
        ctx = getattr(self, "_case_ctx", None)
        if ctx is None or not last:
            self.error(s.pos, "fallthrough statement out of place")
        elif ctx[1]:
            self.error(s.pos, "cannot fallthrough final case in switch")
        else:
            ctx[0].fallthrough = True

    def block(self, b: N.Block) -> None:
        self.open_scope()
        self.stmts(b.stmts)
        self.close_scope()

    def stmt(self, s: N.Stmt) -> None:
        m = getattr(self, "stmt_" + type(s).__name__, None)
        if m is None:
            self.error(s.pos, f"{type(s).__name__.lower()} statement {UNSUPPORTED}")
            return
        m(s)

    def stmt_UnsupportedStmt(self, s):
        self.error(s.pos, f"{s.what} {UNSUPPORTED}")

    def stmt_Empty(self, s):
        pass

    def stmt_Block(self, s):
        self.block(s)

    def stmt_ExprStmt(self, s: N.ExprStmt):
        e = s.x
        self.expr(e, allow_novalue=True, allow_tuple=True)
        if e.mode == "invalid":
            return
        x = e
        while isinstance(x, N.Paren):
            x = x.x
        if isinstance(x, N.Call) and x.kind in ("call", "callc", "pkgfunc", "method") or (
                isinstance(x, N.Call) and x.kind == "builtin" and x.fun.name in ("print", "println", "panic")):
            return
        if isinstance(x, N.Call) and x.kind == "builtin" and e.mode == "novalue":
            return
        if isinstance(x, N.Unary) and x.op == "<-":
            return  # a receive whose value is dropped
        self.error(e.pos, f"{describe(e)} is not used")

    def stmt_IncDec(self, s: N.IncDec):
        self.expr(s.x)  # x++ is x += 1: types2 evaluates x, so it counts as a use
        if s.x.mode == "invalid":
            return
        if not T.is_numeric(s.x.type):
            self.error(s.pos, f"invalid operation: {expr_string(s.x)}{s.op} (non-numeric type {s.x.type})")
            return
        self.check_assignable_target(s.x)

    def check_assignable_target(self, e: N.Expr) -> bool:
        if e.mode == "var" and isinstance(self.strip(e), N.Selector) and not (
                isinstance(self.strip(e).obj, tuple) and self.strip(e).obj[0] == "field" and len(self.strip(e).obj) == 3):
            self.error(e.pos, f"assigning to {expr_string(e)} {UNSUPPORTED}")  # a timer's C field
            return False
        if e.mode == "var":
            return True
        if e.mode == "invalid":
            return False
        if isinstance(e, N.Ident) and e.name == "_":
            return True
        if e.mode == "const" and isinstance(e, N.Ident):
            self.error(e.pos, f"cannot assign to {describe(e)}")
        else:
            self.error(e.pos, f"cannot assign to {describe(e)}")
        return False

    def stmt_Assign(self, s: N.Assign):
        if s.op == ":=":
            self.short_var_decl(s)
        elif s.op == "=":
            self.plain_assign(s)
        else:
            self.op_assign(s)

    def op_assign(self, s: N.Assign):
        if len(s.lhs) != 1 or len(s.rhs) != 1:
            self.error(s.oppos, f"assignment operation {s.op} requires single-valued expressions")
            return
        x, y = s.lhs[0], s.rhs[0]
        self.expr(x)  # x op= y evaluates x: a use (unlike x = y)
        self.expr(y)
        if x.mode == "invalid" or y.mode == "invalid":
            return
        op = s.op[:-1]
        fake = N.Binary(s.pos, op, x, y, s.oppos)
        fake.src = f"{expr_string(x)} {s.op} {expr_string(y)}"
        self.binary_operands(fake, x, y, op, display=f"{expr_string(x)} {s.op} {expr_string(y)}")
        if fake.mode == "invalid":
            return
        self.check_assignable_target(x)
        self.assign_value(y, x.type, "assignment")

    def unpack_rhs(self, lhs_n: int, rhs: list[N.Expr], pos: N.Pos, is_decl: bool) -> list | None:
        """Check rhs; returns a list of (expr or (call, index)) per lhs, or None after an error."""
        if len(rhs) == 1 and lhs_n > 1:
            e = rhs[0]
            self.expr(e, allow_tuple=True)
            if e.mode == "invalid":
                return None
            r = self.strip(e)
            if isinstance(r, N.Unary) and r.op == "<-" and lhs_n == 2:
                r.commaok = True  # v, ok := <-ch
                return [("recv", r, 0), ("recv", r, 1)]
            if isinstance(e.type, T.Tuple):
                if len(e.type.types) != lhs_n:
                    self.mismatch_error(lhs_n, e, len(e.type.types))
                    return None
                if e.type is FMT_RESULTS:
                    self.error(e.pos, f"using the results of {expr_string(e.fun)} {UNSUPPORTED}")
                    return None
                return [("tuple", e, i) for i in range(lhs_n)]
            self.error(rhs[0].pos, f"assignment mismatch: {lhs_n} variable{'s' if lhs_n != 1 else ''} but 1 value")
            return None
        for e in rhs:
            self.expr(e, allow_tuple=True)
        if lhs_n == 1 and len(rhs) == 1 and isinstance(rhs[0].type, T.Tuple) and rhs[0].mode != "invalid":
            self.mismatch_error(1, rhs[0], len(rhs[0].type.types))
            return None
        if len(rhs) != lhs_n:
            if len(rhs) == 1 and isinstance(rhs[0].type, T.Tuple):
                self.mismatch_error(lhs_n, rhs[0], len(rhs[0].type.types))
            elif len(rhs) == 1 and rhs[0].mode == "novalue":
                self.error(rhs[0].pos, f"{describe(rhs[0])} used as value")
            else:
                at = rhs[0] if rhs else None
                self.error(at.pos if at is not None else pos,
                           f"assignment mismatch: {lhs_n} variable{'s' if lhs_n != 1 else ''} but {len(rhs)} value{'s' if len(rhs) != 1 else ''}")
            return None
        out = []
        ok = True
        for e in rhs:
            if e.mode == "invalid":
                ok = False
            elif isinstance(e.type, T.Tuple):
                self.error(e.pos, f"multiple-value {describe(e)} in single-value context")
                ok = False
            elif e.mode == "novalue":
                self.error(e.pos, f"{describe(e)} used as value")
                ok = False
            elif e.mode in ("type", "builtin", "pkg", "pkgfunc", "method"):
                self.not_an_expression(e)
                ok = False
            out.append(e)
        return out if ok else None

    def mismatch_error(self, lhs_n: int, call: N.Expr, n: int):
        fn = expr_string(call.fun) if isinstance(call, N.Call) else expr_string(call)
        self.error(call.pos, f"assignment mismatch: {lhs_n} variable{'s' if lhs_n != 1 else ''} but {fn} returns {n} value{'s' if n != 1 else ''}")

    def not_an_expression(self, e: N.Expr):
        if e.mode == "type":
            self.error(e.pos, f"{expr_string(e)} (type) is not an expression")
        elif e.mode == "builtin":
            self.error(e.pos, f"{expr_string(e)} (built-in function {expr_string(e)}) must be called")
        elif e.mode == "pkg":
            self.error(e.pos, f"use of package {expr_string(e)} without selector")
        elif e.mode in ("pkgfunc", "method"):
            self.error(e.pos, f"using {expr_string(e)} as a func value {UNSUPPORTED}")

    def plain_assign(self, s: N.Assign):
        for x in s.lhs:
            if isinstance(x, N.Ident) and x.name == "_":
                x.mode = "blank"
                continue
            self.expr(x, lhs=True)
        vals = self.unpack_rhs(len(s.lhs), s.rhs, s.pos, False)
        ok = vals is not None
        for i, x in enumerate(s.lhs):
            if x.mode == "blank":
                if vals is not None and not isinstance(vals[i], tuple):
                    self.use_value(vals[i], "assignment")
                continue
            if x.mode == "invalid":
                ok = False
                continue
            if not self.check_assignable_target(x):
                ok = False
                continue
            if vals is None:
                continue
            if not self.assign_from(vals[i], x.type, "assignment"):
                ok = False
        commaok = vals is not None and any(isinstance(v, tuple) and v[0] == "recv" for v in vals)
        if not ok and not commaok:
            # types2 (assignVars): after a failed assignment the variables count as used
            for x in s.lhs:
                x = self.strip(x)
                if isinstance(x, N.Ident) and isinstance(x.obj, Var):
                    x.obj.used = True

    def use_value(self, e: N.Expr, context: str) -> None:
        """An rhs assigned to _: untyped constants get their default type."""
        if e.mode == "invalid":
            return
        if e.type is T.UNTYPED_NIL:
            self.error(e.pos, f"use of untyped nil in {context}")
            return
        if T.is_untyped(e.type):
            self.convert_untyped(e, T.default_type(e.type), context)

    def short_var_decl(self, s: N.Assign):
        idents = []
        ok = True
        for x in s.lhs:
            if not isinstance(x, N.Ident):
                self.expr(x)
                self.error(x.pos, f"non-name {expr_string(x)} on left side of :=")
                ok = False
            idents.append(x)
        vals = self.unpack_rhs(len(s.lhs), s.rhs, s.pos, True)
        if not ok:
            return
        new_any = False
        seen = set()
        objs = []
        repeated = set()
        for i, x in enumerate(idents):
            if x.name != "_" and x.name in seen:
                self.error(x.pos, f"{x.name} repeated on left side of :=")
                objs.append(None)
                s.newvars.append(False)
                repeated.add(i)
                x.mode = "blank"  # nothing to declare or store (Go stops at the error)
                continue
            seen.add(x.name)
            old = self.scope.names.get(x.name) if x.name != "_" else None
            if old is not None:
                objs.append(old)
                s.newvars.append(False)
            else:
                if x.name != "_":
                    new_any = True
                objs.append(None)
                s.newvars.append(x.name != "_")
        if not new_any:
            self.error(s.oppos, "no new variables on left side of :=")
        newvars = []
        for i, x in enumerate(idents):
            if i in repeated:
                continue
            v = vals[i] if vals is not None else None
            old = objs[i]
            if old is not None:
                x.obj = old
                if isinstance(old, Var):
                    x.mode, x.type = "var", old.type
                    if v is not None:
                        self.assign_from(v, old.type, "assignment")
                else:
                    self.error(x.pos, f"cannot assign to {x.name}")
                continue
            if x.name == "_":
                x.mode = "blank"
                if v is not None and not isinstance(v, tuple):
                    self.use_value(v, "assignment")
                continue
            var = Var(x.name, x.pos, None, self.cur)
            x.obj = var
            x.mode = "var"
            if v is None:
                var.type = T.INVALID
                var.used = True
            elif isinstance(v, tuple):
                var.type = self.tuple_part_type(v)
            else:
                t = self.infer_var_type(v, "assignment")
                if t is None:
                    var.type = T.INVALID
                    var.used = True
                else:
                    var.type = t
            x.type = var.type
            newvars.append((var, x.pos))
        for var, pos in newvars:
            self.declare(self.scope, var, pos)
            if self.cur is not None:
                self.cur.locals.append(var)

    def assign_from(self, v, t: T.Type, context: str) -> bool:
        if not isinstance(v, tuple):
            return self.assign_value(v, t, context)
        src_t = self.tuple_part_type(v)
        if v[0] == "recv" and v[2] == 1:  # ok of v, ok = <-ch: an untyped bool value
            if not T.is_boolean(t) and not T.is_invalid(t):
                self.error(v[1].pos, f"cannot use {expr_string(v[1])} (untyped bool value) as {t} value in {context}")
                return False
        elif v[0] == "recv":
            if not self.assignable_type(src_t, t):
                self.error(v[1].pos, f"cannot use {describe(v[1])} as type {t} in {context}")
                return False
        elif not self.assignable_type(src_t, t):
            self.error(v[1].pos, f"cannot use {describe(v[1])} value as type {t} in {context}")
            return False
        return True

    def tuple_part_type(self, v) -> T.Type:
        """The type of one value of a multi-value rhs: ("tuple", call, i) or ("recv", <-ch, i)."""
        if v[0] == "recv":
            return v[1].type if v[2] == 0 else T.BOOL
        return v[1].type.types[v[2]]

    @staticmethod
    def strip(e):
        while isinstance(e, N.Paren):
            e = e.x
        return e

    def infer_var_type(self, e: N.Expr, context: str) -> T.Type | None:
        if e.mode == "invalid":
            return None
        if e.type is T.UNTYPED_NIL:
            self.error(e.pos, f"use of untyped nil in {context}")
            return None
        t = T.default_type(e.type)
        if isinstance(t, T.Unsupported):
            self.error(e.pos, f"{describe(e)}: type {t} {UNSUPPORTED}")
            return None
        if T.is_sync(t):
            self.error(e.pos, f"copying a {t} value (pass &{expr_string(e)}) {UNSUPPORTED}")
            return None
        if T.is_untyped(e.type):
            if not self.convert_untyped(e, t, context):
                return None
        return t

    def stmt_DeclStmt(self, s: N.DeclStmt):
        for spec in s.specs:
            objs = []
            for nm in spec.names:
                if s.kind == "const":
                    o = Const(nm.name, nm.pos)
                else:
                    o = Var(nm.name, nm.pos, None, self.cur)
                nm.obj = o
                objs.append(o)
            spec.objs = objs
            if s.kind == "const":
                self.const_spec(spec, objs)
            else:
                self.var_spec(spec, objs)
            for nm, o in zip(spec.names, objs):
                self.declare(self.scope, o, nm.pos)
                if isinstance(o, Var) and self.cur is not None:
                    self.cur.locals.append(o)

    def const_spec(self, spec: N.ValueSpec, objs: list[Const]):
        self._iota = spec.iota
        typ = self.type_of(spec.type) if spec.type is not None else None
        if not spec.values:
            self.error(spec.names[0].pos, "missing init expr for const declaration")
            for o in objs:
                o.type, o.value = T.INVALID, 0
            return
        for i, o in enumerate(objs):
            if i >= len(spec.values):
                if i == len(spec.values):
                    self.error(spec.names[i].pos, "missing init expr for const declaration")
                o.type, o.value = T.INVALID, 0
                continue
            e = spec.values[i]
            self.expr(e)
            o.type, o.value = T.INVALID, 0
            if e.mode == "invalid":
                continue
            if e.mode != "const":
                self.error(e.pos, f"{describe(e)} is not constant")
                continue
            if typ is not None and typ is not T.INVALID:
                if not self.assign_value(e, typ, "constant declaration"):
                    continue
                o.type, o.value = typ, e.const
            else:
                o.type, o.value = e.type, e.const
        if len(spec.values) > len(objs):
            self.error(spec.values[len(objs)].pos, "extra init expr")
        self._iota = None

    def var_spec(self, spec: N.ValueSpec, objs: list[Var], package_level: bool = False):
        typ = self.type_of(spec.type) if spec.type is not None else None
        # types2: one value for several variables (v, ok = <-ch; a, b = f()) goes through
        # initVars, which says "assignment"; otherwise each variable is a "variable declaration"
        context = "assignment" if len(objs) > 1 and len(spec.values) == 1 else "variable declaration"
        if not spec.values:
            for o in objs:
                o.type = typ if typ is not None else T.INVALID
            if package_level:
                self.register_global_init(objs, [])
            return
        vals = self.unpack_rhs(len(objs), spec.values, spec.pos, True)
        for i, o in enumerate(objs):
            v = vals[i] if vals is not None else None
            if v is None:
                o.type = typ if typ is not None else T.INVALID
                o.used = True
                continue
            if typ is not None:
                o.type = typ
                if isinstance(v, tuple):
                    self.assign_from(v, typ, context)
                elif not self.assign_value(v, typ, context):
                    o.used = True
            else:
                if isinstance(v, tuple):
                    o.type = self.tuple_part_type(v)
                else:
                    t = self.infer_var_type(v, context)
                    if t is None:
                        o.type = T.INVALID
                        o.used = True
                    else:
                        o.type = t
        if package_level:
            self.register_global_init(objs, spec.values)

    def register_global_init(self, objs, values):
        for o in objs:
            o.gindex = len(self.prog.globals)
            self.prog.globals.append(o)
        self.prog.global_inits.append((objs, values))

    def stmt_If(self, s: N.If):
        self.open_scope()
        if s.init is not None:
            self.simple_stmt(s.init)
        self.condition(s.cond, "if statement")
        self.block(s.then)
        if s.else_ is not None:
            self.stmt(s.else_)
        self.close_scope()

    def simple_stmt(self, s):
        if isinstance(s, (N.ExprStmt, N.Assign, N.IncDec)):
            self.stmt(s)
        else:
            self.stmt(s)

    def condition(self, e: N.Expr, where: str):
        self.expr(e)
        if e.mode == "invalid":
            return
        if not T.is_boolean(e.type):
            self.error(e.pos, f"non-boolean condition in {where}")
            return
        if T.is_untyped(e.type):
            self.convert_untyped(e, T.BOOL, where)

    def stmt_For(self, s: N.For):
        self.open_scope()
        if s.init is not None:
            self.simple_stmt(s.init)
            if isinstance(s.init, N.Assign) and s.init.op == ":=":
                s.loopvars = [x.obj for x, new in zip(s.init.lhs, s.init.newvars) if new and isinstance(x, N.Ident)]
        if s.cond is not None:
            self.condition(s.cond, "for statement")
        self.loop_stack.append(s)
        self.open_scope()
        self.stmts(s.body.stmts)
        self.close_scope()
        self.loop_stack.pop()
        if s.post is not None:
            if isinstance(s.post, N.Assign) and s.post.op == ":=":
                self.error(s.post.pos, "cannot declare in post statement of for loop")
            else:
                self.simple_stmt(s.post)
        self.close_scope()
        s.percopy = self.version >= (1, 22) and any(v.captured for v in s.loopvars if v is not None)

    def stmt_Switch(self, s: N.Switch):
        self.open_scope()
        if s.init is not None:
            self.simple_stmt(s.init)
        tag_t = T.BOOL
        if s.tag is not None:
            self.expr(s.tag)
            if s.tag.mode != "invalid":
                t = self.infer_var_type(s.tag, "switch expression")
                tag_t = t if t is not None else None
                if tag_t is not None and T.is_time(tag_t):
                    self.error(s.tag.pos, f"switch on a time.Time value {UNSUPPORTED}")
                    tag_t = None
            else:
                tag_t = None
        self.loop_stack.append(s)
        has_default = None
        for i, cl in enumerate(s.clauses):
            if cl.exprs is None:
                if has_default is not None:
                    line, col = has_default.pos
                    self.error(cl.pos, f"multiple defaults (first at ./{self.filename}:{line}:{col})")
                else:
                    has_default = cl
            else:
                for e in cl.exprs:
                    self.expr(e)
                    if e.mode == "invalid" or tag_t is None:
                        continue
                    if s.tag is None:
                        if not T.is_boolean(e.type):
                            self.error(e.pos, f"invalid case {expr_string(e)} in switch (mismatched types {e.type} and bool)")
                        elif T.is_untyped(e.type):
                            self.convert_untyped(e, T.BOOL, "switch case")
                        continue
                    if e.type is T.UNTYPED_NIL and T.is_chan(tag_t):
                        self.set_type(e, tag_t)
                        continue
                    if T.is_untyped(e.type):
                        v, why = (T.representable(e.const, tag_t) if e.mode == "const" else (None, None))
                        if e.mode == "const" and v is None or (e.mode != "const" and not self.untyped_compatible(e.type, tag_t)):
                            self.error(e.pos, f"invalid case {expr_string(e)} in switch on {expr_string(s.tag)} (mismatched types {e.type} and {tag_t})")
                            continue
                        self.convert_untyped(e, tag_t, "switch case")
                    elif not T.identical(e.type, tag_t):
                        self.error(e.pos, f"invalid case {expr_string(e)} in switch on {expr_string(s.tag)} (mismatched types {e.type} and {tag_t})")
            self.open_scope()
            saved = getattr(self, "_case_ctx", None)
            self._case_ctx = (cl, i == len(s.clauses) - 1)
            self.stmts(cl.body)
            self._case_ctx = saved
            self.close_scope()
        self.loop_stack.pop()
        self.close_scope()

    # --- channels (part 2) -----------------------------------------------------------------
    def stmt_Send(self, s: N.Send):
        ch, val = s.ch, s.value
        ok1 = self.value_expr(ch)
        ok2 = self.value_expr(val)
        if not (ok1 and ok2):
            return
        u = T.under(ch.type)
        if not isinstance(u, T.Chan):
            self.error(s.pos, f"invalid operation: cannot send to non-channel {describe(ch)}")
            return
        if u.dir == "recv":
            self.error(s.pos, f"invalid operation: cannot send to receive-only channel {describe(ch)}")
            return
        self.assign_value(val, u.elem, "send")

    def stmt_RangeFor(self, s: N.RangeFor):
        self.open_scope()
        x = s.x
        elem = None
        if self.value_expr(x):
            u = T.under(x.type)
            if not isinstance(u, T.Chan):
                self.error(s.pos, f"for range loop {UNSUPPORTED}")
            elif u.dir == "send":
                self.error(x.pos, f"cannot range over {describe(x)} (receive from send-only channel)")
            elif s.value is not None:
                self.error(s.value.pos, f"range over {describe(x)} permits only one iteration variable")
            else:
                elem = u.elem
        if s.define:
            newvar = None
            for lhs in (s.key, s.value):
                if lhs is None:
                    continue
                if not isinstance(lhs, N.Ident):
                    self.expr(lhs)
                    self.error(lhs.pos, f"non-name {expr_string(lhs)} on left side of :=")
                    continue
                if lhs.name == "_":
                    lhs.mode = "blank"
                    continue
                v = Var(lhs.name, lhs.pos, elem if (elem is not None and lhs is s.key) else T.INVALID, self.cur)
                if v.type is T.INVALID:
                    v.used = True
                lhs.obj, lhs.mode, lhs.type = v, "var", v.type
                self.declare(self.scope, v, lhs.pos)
                if self.cur is not None:
                    self.cur.locals.append(v)
                if lhs is s.key:
                    newvar = v
            if s.key is not None and newvar is None and (s.value is None or getattr(s.value, "obj", None) is None):
                self.error(s.pos, "no new variables on left side of :=")
        else:
            for lhs in (s.key, s.value):
                if lhs is None:
                    continue
                if isinstance(lhs, N.Ident) and lhs.name == "_":
                    lhs.mode = "blank"
                    continue
                self.expr(lhs, lhs=True)
                if lhs.mode == "invalid" or not self.check_assignable_target(lhs):
                    continue
                if lhs is s.key and elem is not None and not self.assignable_type(elem, lhs.type):
                    self.error(lhs.pos, f"cannot use {expr_string(lhs)} (value of type {elem}) as type {lhs.type} in assignment")
        self.loop_stack.append(s)
        self.open_scope()
        self.stmts(s.body.stmts)
        self.close_scope()
        self.loop_stack.pop()
        self.close_scope()

    def stmt_Select(self, s: N.Select):
        self.loop_stack.append(s)
        first_default = None
        for cl in s.clauses:
            if cl.comm is None:
                if first_default is not None:
                    line, col = first_default.pos
                    self.error(cl.pos, f"multiple defaults (first at ./{self.filename}:{line}:{col})")
                else:
                    first_default = cl
            self.open_scope()
            if cl.comm is not None:
                recv = self.select_comm(cl)
                if recv is False:
                    self.close_scope()
                    continue
                cl.recv = recv
            self.stmts(cl.body)
            self.close_scope()
        self.loop_stack.pop()

    def select_comm(self, cl: N.CommClause):
        """Check a select case's send or receive; returns the receive (None for a send), or
        False when the case is neither (Go then skips its body)."""
        c = cl.comm
        if isinstance(c, N.Send):
            self.stmt_Send(c)
            return None
        rhs = None
        if isinstance(c, N.ExprStmt):
            rhs = c.x
        elif isinstance(c, N.Assign) and c.op in ("=", ":=") and len(c.rhs) == 1:
            rhs = c.rhs[0]
        r = self.strip(rhs) if rhs is not None else None
        if not (isinstance(r, N.Unary) and r.op == "<-"):
            self.error(self.syntax_pos(r if r is not None else c), "select case must be send or receive (possibly with assignment)")
            return False
        if isinstance(c, N.ExprStmt):
            self.expr(r)
        else:
            self.stmt(c)
        return r

    def syntax_pos(self, e) -> N.Pos:
        """Where Go's syntax tree puts a node: a binary expression at its operator, a call at
        its parenthesis."""
        if isinstance(e, N.Binary):
            return e.oppos
        if isinstance(e, N.Call):
            return e.fun.end
        return e.pos

    def untyped_compatible(self, ut: T.Type, t: T.Type) -> bool:
        if ut.kind == "bool":
            return T.is_boolean(t)
        if ut.kind == "string":
            return T.is_string(t)
        return T.is_numeric(t)

    def stmt_Labeled(self, s: N.Labeled):
        name = s.label.name
        if name in self.labels:
            old = self.labels[name]
            self.error(s.label.pos, f"label {name} already defined\n\t./{self.filename}:{old.label.pos[0]}:{old.label.pos[1]}: previous definition")
        else:
            self.labels[name] = s
        if isinstance(s.stmt, (N.For, N.RangeFor, N.Switch, N.Select)):
            s.stmt.label = s
        self.label_stack.append((name, s))
        self.stmt(s.stmt)
        self.label_stack.pop()

    def stmt_Branch(self, s: N.Branch):
        if s.label is not None:
            name = s.label.name
            lab = self.labels.get(name)
            target = None
            for lname, lab_s in reversed(self.label_stack):
                if lname == name:
                    target = lab_s.stmt
                    lab_s.used = True
                    break
            if target is None:
                if lab is None and not self._label_later(name):
                    self.error(s.label.pos, f"{s.kind} label not defined: {name}")
                else:
                    if lab is not None:
                        lab.used = True
                    self.error(s.label.pos, f"invalid {s.kind} label {name}")
                return
            if s.kind == "continue" and not isinstance(target, (N.For, N.RangeFor)):
                self.error(s.label.pos, f"invalid continue label {name}")
                return
            if s.kind == "break" and not isinstance(target, (N.For, N.RangeFor, N.Switch, N.Select)):
                self.error(s.label.pos, f"invalid break label {name}")
                return
            s.target = target
            return
        if s.kind == "break":
            if not self.loop_stack:
                self.error(s.pos, "break is not in a loop, switch, or select")
                return
            s.target = self.loop_stack[-1]
        elif s.kind == "continue":
            loops = [x for x in self.loop_stack if isinstance(x, (N.For, N.RangeFor))]
            if not loops:
                self.error(s.pos, "continue is not in a loop")
                return
            s.target = loops[-1]

    def _label_later(self, name: str) -> bool:
        return False

    def stmt_Return(self, s: N.Return):
        info = self.cur
        want = info.sig.results if info is not None and info.sig is not None else []
        if not s.results:
            if want and not info.results:
                self.error(s.pos, f"not enough return values\n\thave ()\n\twant {self.tuple_str(want)}")
            return
        if len(s.results) == 1 and len(want) > 1:
            e = s.results[0]
            self.expr(e, allow_tuple=True)
            if e.mode == "invalid":
                return
            if isinstance(e.type, T.Tuple):
                if len(e.type.types) != len(want):
                    which = "too many" if len(e.type.types) > len(want) else "not enough"
                    self.error(e.pos, f"{which} return values\n\thave {self.tuple_str(e.type.types)}\n\twant {self.tuple_str(want)}")
                    return
                for t, w in zip(e.type.types, want):
                    if not self.assignable_type(t, w):
                        self.error(e.pos, f"cannot use {describe(e)} value as type {w} in return statement")
                return
        for e in s.results:
            self.expr(e, allow_tuple=True)
        if len(s.results) != len(want):
            if any(e.mode == "invalid" for e in s.results):
                return
            have = self.tuple_str([e.type for e in s.results], exprs=s.results)
            if len(s.results) > len(want):
                self.error(s.results[len(want)].pos, f"too many return values\n\thave {have}\n\twant {self.tuple_str(want)}")
            else:
                self.error(s.results[-1].pos, f"not enough return values\n\thave {have}\n\twant {self.tuple_str(want)}")
            return
        for e, w in zip(s.results, want):
            if e.mode == "invalid":
                continue
            if isinstance(e.type, T.Tuple):
                self.error(e.pos, f"multiple-value {describe(e)} in single-value context")
                continue
            if e.mode == "novalue":
                self.error(e.pos, f"{describe(e)} used as value")
                continue
            self.assign_value(e, w, "return statement")

    def tuple_str(self, types, exprs=None) -> str:
        out = []
        for i, t in enumerate(types):
            if T.is_untyped(t) and t.kind in ("int", "float"):
                out.append("number")
            elif T.is_untyped(t):
                out.append(t.name.replace("untyped ", ""))
            elif T.is_invalid(t):
                out.append("<T>")
            else:
                out.append(str(t))
        return "(" + ", ".join(out) + ")"

    def stmt_GoDefer(self, s: N.GoDefer):
        call = s.call
        if isinstance(call, N.Paren):
            self.error(call.pos, f"expression in {s.kind} must not be parenthesized")
            while isinstance(call, N.Paren):
                call = call.x
        if not isinstance(call, N.Call):
            # Go's parser reports this and goes on as if the call's parentheses were missing
            self.error(call.pos, f"expression in {s.kind} must be function call")
            fake = N.Call(call.pos, call, [], False, call.end)
            fake.src = call.src + "()"
            self.expr(fake, allow_novalue=True, allow_tuple=True)
            return
        s.call = call
        self.expr(call, allow_novalue=True, allow_tuple=True)
        if call.mode == "invalid":
            return
        if call.kind == "conv":
            self.error(call.pos, f"{s.kind} requires function call, not conversion")
            return
        if call.kind == "builtin" and call.fun.name in ("len", "cap", "make"):
            self.error(call.pos, f"{s.kind} discards result of {describe(call)}")
            return
        if call.kind in ("builtin", "pkgfunc", "method"):
            if any(isinstance(a.type, T.Tuple) for a in call.args):
                self.error(call.pos, f"{s.kind} of a call with a multi-value argument {UNSUPPORTED}")
                return
            info = self.new_literal_info(s, s.kind)
            # a method's receiver is the wrapper's first parameter (t.Stop(): evaluated now)
            recv = [call.fun.x.type] if call.kind == "method" else []
            types = recv + [a.type for a in call.args]
            info.sig = T.Signature(types, [])
            s.wrapper = info.name
            s.info = info
            self.prog.bodies.append(info)

    # --- terminating statements (Go spec) ---------------------------------------------------
    def is_terminating_list(self, stmts) -> bool:
        stmts = [s for s in stmts if not isinstance(s, N.Empty)]
        return bool(stmts) and self.is_terminating(stmts[-1])

    def is_terminating(self, s) -> bool:
        if isinstance(s, N.Return):
            return True
        if isinstance(s, N.ExprStmt):
            x = s.x
            while isinstance(x, N.Paren):
                x = x.x
            return isinstance(x, N.Call) and x.kind == "builtin" and isinstance(x.fun, N.Ident) and x.fun.name == "panic"
        if isinstance(s, N.Block):
            return self.is_terminating_list(s.stmts)
        if isinstance(s, N.If):
            return s.else_ is not None and self.is_terminating_list(s.then.stmts) and self.is_terminating(s.else_)
        if isinstance(s, N.For):
            return s.cond is None and not self.has_break(s.body.stmts, s, True)
        if isinstance(s, N.Labeled):
            return self.is_terminating(s.stmt)
        if isinstance(s, N.Select):
            for c in s.clauses:
                if self.has_break(c.body, s, True) or not self.is_terminating_list(c.body):
                    return False
            return True
        if isinstance(s, N.Switch):
            if not any(c.exprs is None for c in s.clauses):
                return False
            for c in s.clauses:
                if self.has_break(c.body, s, True):
                    return False
                if not (self.is_terminating_list(c.body) or c.fallthrough):
                    return False
            return True
        return False

    def has_break(self, stmts, target, top: bool) -> bool:
        for s in stmts:
            if self._has_break(s, target):
                return True
        return False

    def _has_break(self, s, target) -> bool:
        if isinstance(s, N.Branch) and s.kind == "break":
            return s.target is target
        if isinstance(s, N.Block):
            return self.has_break(s.stmts, target, False)
        if isinstance(s, N.If):
            return self._has_break(s.then, target) or (s.else_ is not None and self._has_break(s.else_, target))
        if isinstance(s, N.Labeled):
            return self._has_break(s.stmt, target)
        if isinstance(s, (N.For, N.RangeFor)):
            return self.has_break(s.body.stmts, target, False)
        if isinstance(s, (N.Switch, N.Select)):
            return any(self.has_break(c.body, target, False) for c in s.clauses)
        return False

    # --- assignability -------------------------------------------------------------------
    def assignable_type(self, v: T.Type, t: T.Type) -> bool:
        if T.is_invalid(v) or T.is_invalid(t):
            return True
        if T.identical(v, t):
            return True
        # a bidirectional channel value is assignable to a directional channel type of the
        # same element type (the subset has no named channel types)
        vu, tu = T.under(v), T.under(t)
        return (isinstance(vu, T.Chan) and isinstance(tu, T.Chan) and vu.dir == "both"
                and T.identical(vu.elem, tu.elem))

    def assign_value(self, e: N.Expr, t: T.Type, context: str) -> bool:
        """Check that ``e`` can be assigned to type ``t`` (converting untyped constants)."""
        if e.mode == "invalid" or T.is_invalid(t):
            return False
        if e.mode == "novalue":
            self.error(e.pos, f"{describe(e)} used as value")
            return False
        if e.mode in ("type", "builtin", "pkg", "pkgfunc", "method"):
            self.not_an_expression(e)
            return False
        if isinstance(e.type, T.Tuple):
            self.error(e.pos, f"multiple-value {describe(e)} in single-value context")
            return False
        if T.is_sync(e.type) and T.identical(e.type, t):
            # Go copies the struct (go vet: copylocks); the subset's sync value is one shared
            # id, so a copy would not be independent: refuse it (use a pointer, &x)
            self.error(e.pos, f"copying a {e.type} value (pass &{expr_string(e)}) {UNSUPPORTED}")
            return False
        if T.is_untyped(e.type):
            return self.convert_untyped(e, t, context)
        if not self.assignable_type(e.type, t):
            self.error(e.pos, f"cannot use {describe(e)} as type {t} in {context}")
            e.mode = "invalid"
            return False
        return True

    def convert_untyped(self, e: N.Expr, t: T.Type, context: str) -> bool:
        """Give an untyped expression type ``t`` (Go's implicit conversion)."""
        if not T.is_untyped(e.type):
            return True
        if e.type is T.UNTYPED_NIL and T.is_chan(t):
            self.set_type(e, t)  # nil channel
            return True
        if e.type is T.UNTYPED_NIL and (T.is_heap_pointer(t) or T.is_slice(t)):
            self.set_type(e, t)  # a nil pointer or slice: 0
            return True
        if e.type is T.UNTYPED_NIL and T.is_pointer(t):
            self.nil_pointer(e, t)
            return False
        if e.type is T.UNTYPED_NIL:
            self.error(e.pos, f"cannot use nil as {t} value in {context}")
            e.mode = "invalid"
            return False
        if isinstance(t, T.Unsupported):
            self.error(e.pos, f"type {t} {UNSUPPORTED}")
            return False
        if e.mode == "const":
            v, why = T.representable(e.const, t)
            if v is None:
                if why:
                    self.error(e.pos, f"cannot use {describe(e)} as {t} value in {context} ({why})")
                else:
                    self.error(e.pos, f"cannot use {describe(e)} as {t} value in {context}")
                e.mode = "invalid"
                return False
            e.const = v
            self.set_type(e, t)
            return True
        # untyped non-constant: a comparison (untyped bool) or a shift of an untyped constant
        if not self.untyped_compatible(e.type, t):
            self.error(e.pos, f"cannot use {describe(e)} as {t} value in {context}")
            e.mode = "invalid"
            return False
        self.set_type(e, t)
        return True

    def nil_pointer(self, e: N.Expr, t: T.Type) -> None:
        """nil as a *time.Timer (Go allows it): the subset's timers are never nil, so that the
        VM never sees a nil timer id (Go would fault on t.Stop())."""
        self.error(e.pos, f"a nil {t} {UNSUPPORTED}")
        self.invalid(e)

    def set_type(self, e: N.Expr, t: T.Type) -> None:
        """Record the final type of an untyped expression (and of its untyped operands)."""
        e.type = t
        if isinstance(e, N.Paren):
            self.set_type(e.x, t)
        elif isinstance(e, N.Binary) and e.op not in CMP_OPS and e.op not in SHIFT_OPS and e.op not in LOGIC_OPS:
            for x in (e.x, e.y):
                if T.is_untyped(x.type):
                    self.set_type(x, t)
        elif isinstance(e, N.Binary) and e.op in SHIFT_OPS:
            if T.is_untyped(e.x.type):
                self.set_type(e.x, t)
        elif isinstance(e, N.Binary) and e.op in LOGIC_OPS:
            for x in (e.x, e.y):
                if T.is_untyped(x.type):
                    self.set_type(x, t)
        elif isinstance(e, N.Unary):
            if T.is_untyped(e.x.type):
                self.set_type(e.x, t)

    # --- expressions ---------------------------------------------------------------------
    def expr(self, e: N.Expr, lhs: bool = False, allow_novalue: bool = False, allow_tuple: bool = False) -> None:
        m = getattr(self, "expr_" + type(e).__name__)
        if isinstance(e, N.Ident):
            m(e, lhs)
        else:
            m(e)
        if e.type is None:
            e.type = T.INVALID
        if e.mode == "invalid":
            e.type = T.INVALID

    def value_expr(self, e: N.Expr) -> bool:
        """Check ``e`` as a single value; False (after an error) if it is not one."""
        self.expr(e)
        if e.mode == "invalid":
            return False
        if e.mode == "novalue":
            self.error(e.pos, f"{describe(e)} used as value")
            self.invalid(e)
            return False
        if isinstance(e.type, T.Tuple):
            self.error(e.pos, f"multiple-value {describe(e)} in single-value context")
            self.invalid(e)
            return False
        if e.mode in ("type", "builtin", "pkg", "pkgfunc", "method"):
            self.not_an_expression(e)
            self.invalid(e)
            return False
        return True

    def value_expr_checked(self, e: N.Expr) -> bool:
        """``value_expr`` for an expression already checked."""
        if e.mode == "novalue":
            self.error(e.pos, f"{describe(e)} used as value")
            self.invalid(e)
            return False
        if e.mode in ("type", "builtin", "pkg", "pkgfunc", "method"):
            self.not_an_expression(e)
            self.invalid(e)
            return False
        return True

    def mark_pkgs_used(self, e: N.Unsupported) -> None:
        """An unsupported type that names a package (``*time.Timer``) uses its import: Go
        would not report it unused, so neither does the subset."""
        for name in e.pkgs:
            obj = self.scope.lookup(name)
            if isinstance(obj, PkgName):
                obj.imp.used = True

    def bad_element(self, t: T.Type, pos, where: str) -> bool:
        """Part 3 keeps struct values out of slices and structs (a box inside a box would need a
        deep copy): report them."""
        if T.is_struct(t) and t is not MEMSTATS:
            self.error(pos, f"a struct value as a {where} element (use a pointer, *{t}) {UNSUPPORTED}")
            return True
        if T.is_sync(t) or T.is_time(t) or isinstance(T.under(t), (T.Opaque, T.EmptyStruct)) or T.is_struct(t):
            self.error(pos, f"{t} as a {where} element {UNSUPPORTED}")
            return True
        if isinstance(t, T.Unsupported):
            self.error(pos, f"type {t} {UNSUPPORTED}")
            return True
        return False

    def expr_StructDef(self, e: N.StructDef):
        self.error(e.pos, f"struct type literal outside a type declaration {UNSUPPORTED}")
        self.invalid(e)

    def expr_SliceExpr(self, e: N.SliceExpr):
        if not self.value_expr(e.x):
            self.invalid(e)
            return
        ok = True
        for b in (e.lo, e.hi):
            if b is not None:
                self.expr(b)
                if not self.size_arg(b):
                    ok = False
        if not ok:
            self.invalid(e)
            return
        if not T.is_slice(e.x.type):
            if T.is_string(e.x.type):
                self.error(e.pos, f"slicing a string {UNSUPPORTED}")
            else:
                self.error(e.x.pos, f"cannot slice {describe(e.x)}")
            self.invalid(e)
            return
        if e.lo is not None and e.hi is not None and e.lo.mode == "const" and e.hi.mode == "const" and e.lo.const > e.hi.const:
            self.error(e.hi.pos, f"invalid slice indices: {e.hi.const} < {e.lo.const}")
            self.invalid(e)
            return
        e.mode, e.type = "value", e.x.type

    def composite_lit(self, e: N.CompositeLit):
        t = self.type_of(e.typ)
        if T.is_invalid(t):
            for _, v in e.elts:
                self.expr(v)
            self.invalid(e)
            return
        u = T.under(t)
        if isinstance(u, T.Slice):
            for k, v in e.elts:
                if k is not None:
                    self.error(k.pos, f"indexed slice literal {UNSUPPORTED}")
                    self.invalid(e)
                    return
                if not self.value_expr(v) or not self.assign_value(v, u.elem, "slice literal"):
                    self.invalid(e)
                    return
            e.mode, e.type = "value", t
            return
        if not isinstance(u, T.Struct) or t is MEMSTATS:
            self.error(e.pos, f"invalid composite literal type {t}")
            self.invalid(e)
            return
        keyed = [k is not None for k, _ in e.elts]
        if any(keyed) and not all(keyed):
            self.error(e.pos, "mixture of field:value and value elements in struct literal")
            self.invalid(e)
            return
        e.fieldidx = []
        if e.elts and not keyed[0]:
            if len(e.elts) < len(u.fields):
                self.error(e.rbrace or e.pos, f"too few values in struct literal of type {t}")
                self.invalid(e)
                return
            if len(e.elts) > len(u.fields):
                self.error(e.elts[len(u.fields)][1].pos, f"too many values in struct literal of type {t}")
                self.invalid(e)
                return
        for i, (k, v) in enumerate(e.elts):
            if k is not None:
                fi = u.index(k.name)
                if fi < 0:
                    self.error(k.pos, f"unknown field {k.name} in struct literal of type {t}")
                    self.expr(v)
                    self.invalid(e)
                    return
                if fi in e.fieldidx:
                    self.error(k.pos, f"duplicate field name {k.name} in struct literal")
                    self.invalid(e)
                    return
            else:
                fi = i
            e.fieldidx.append(fi)
            if not self.value_expr(v) or not self.assign_value(v, u.fields[fi][1], "struct literal"):
                self.invalid(e)
                return
        e.mode, e.type = "value", t

    def expr_Unsupported(self, e: N.Unsupported):
        self.mark_pkgs_used(e)
        self.error(e.pos, f"{e.what} {UNSUPPORTED}")
        self.invalid(e)

    def expr_FuncType(self, e: N.FuncType):
        e.mode = "type"
        e.type = self.signature(e)

    def expr_ChanType(self, e: N.ChanType | N.PointerType | N.SliceType):
        """A type written where an expression may be (chan T, *T, []T): its type, by type_of."""
        t = self.type_of(e)
        if T.is_invalid(t):
            self.invalid(e)
            return
        e.mode, e.type = "type", t

    expr_PointerType = expr_SliceType = expr_ChanType

    def expr_StructType(self, e: N.StructType):
        e.mode, e.type = "type", T.EMPTY_STRUCT

    def expr_CompositeLit(self, e: N.CompositeLit):
        if isinstance(e.typ, N.StructType):
            e.mode, e.type = "value", T.EMPTY_STRUCT
            return
        self.composite_lit(e)

    def expr_Ident(self, e: N.Ident, lhs: bool = False):
        name = e.name
        if name == "_":
            self.error(e.pos, "cannot use _ as value")
            self.invalid(e)
            return
        if name == "iota" and getattr(self, "_iota", None) is not None and self.scope.lookup("iota") is None:
            e.mode, e.type, e.const = "const", T.UNTYPED_INT, self._iota
            return
        obj = self.scope.lookup(name)
        if obj is None:
            if name == "iota":
                self.error(e.pos, "cannot use iota outside constant declaration")
            else:
                self.error(e.pos, f"undefined: {name}")
            self.invalid(e)
            return
        e.obj = obj
        if isinstance(obj, (Var, Const)) and obj.pending is not None:
            self.resolve_pending(obj)
        if isinstance(obj, Var):
            e.mode = "var"
            e.type = obj.type if obj.type is not None else T.INVALID
            if not lhs:
                obj.used = True
            if obj.func is not None and self.cur is not None and obj.func is not self.cur:
                self.capture(obj)
            if e.type is T.INVALID:
                e.mode = "invalid"
        elif isinstance(obj, Const):
            e.mode, e.type, e.const = "const", obj.type, obj.value
            if obj.type is T.INVALID or obj.type is None:
                self.invalid(e)
        elif isinstance(obj, TypeName):
            e.mode, e.type = "type", obj.type
            if isinstance(obj.type, T.Unsupported):
                self.error(e.pos, f"type {name} {UNSUPPORTED}")
                self.invalid(e)
        elif isinstance(obj, FuncObj):
            e.mode, e.type = "value", obj.type
        elif isinstance(obj, Builtin):
            e.mode, e.type = "builtin", T.INVALID
        elif isinstance(obj, PkgName):
            obj.imp.used = True
            e.mode = "pkg"
        elif isinstance(obj, Nil):
            e.mode, e.type = "value", T.UNTYPED_NIL
        else:  # pragma: no cover
            self.invalid(e)

    def capture(self, v: Var) -> None:
        """``v`` (a local of an enclosing function) is used inside a literal: box it."""
        v.captured = True
        f = self.cur
        while f is not None and f is not v.func:
            if v not in f.captures:
                f.captures.append(v)
            f = f.parent

    def expr_BasicLit(self, e: N.BasicLit):
        e.mode = "const"
        e.const = e.value
        e.type = {"int": T.UNTYPED_INT, "float": T.UNTYPED_FLOAT, "rune": T.UNTYPED_RUNE,
                  "string": T.UNTYPED_STRING}.get(e.kind, T.INVALID)
        if e.kind == "imag":
            self.error(e.pos, f"complex numbers {UNSUPPORTED}")
            self.invalid(e)

    def expr_Paren(self, e: N.Paren):
        self.expr(e.x, allow_novalue=True, allow_tuple=True)
        e.mode, e.type, e.const = e.x.mode, e.x.type, e.x.const
        if e.mode == "var":
            e.mode = "var"

    def expr_FuncLit(self, e: N.FuncLit):
        info = self.new_literal_info(e, "func")
        sig = self.signature(e.sig)
        info.sig = sig
        e.info = info
        e.name = info.name
        e.mode, e.type = "value", sig
        saved_iota = getattr(self, "_iota", None)
        self._iota = None
        self.func_body(info, e.sig, e.body)
        self._iota = saved_iota

    def expr_Selector(self, e: N.Selector):
        if isinstance(e.x, N.Ident):
            obj = self.scope.lookup(e.x.name)
            if isinstance(obj, PkgName):
                obj.imp.used = True
                e.x.obj = obj
                e.x.mode = "pkg"
                mem = PKG_MEMBERS.get(obj.imp.path, {}).get(e.sel)
                if mem is None:
                    if e.sel in REAL_MEMBERS.get(obj.imp.path, ()):
                        self.error(e.selpos, f"{e.x.name}.{e.sel} {UNSUPPORTED}")
                    else:
                        self.error(e.selpos, f"undefined: {e.x.name}.{e.sel}")
                    self.invalid(e)
                    return
                e.obj = (obj.imp.path, e.sel, mem)
                if mem[0] == "const":
                    e.mode, e.type, e.const = "const", mem[1], mem[2]
                elif mem[0] == "type":
                    e.mode, e.type = "type", mem[1]
                else:
                    e.mode, e.type = "pkgfunc", mem[1]
                return
        self.expr(e.x)
        if e.x.mode == "invalid":
            self.invalid(e)
            return
        t = e.x.type
        st = T.under(t)
        deref = False
        if isinstance(st, T.Pointer) and T.is_heap_pointer(t) and T.is_struct(st.elem):
            st, deref = T.under(st.elem), True
        if isinstance(st, T.Struct) and e.x.mode != "type":
            fi = st.index(e.sel)
            if fi >= 0:
                e.obj = ("field", fi, deref)
                e.mode, e.type = "var", st.fields[fi][1]
                return
        members = TIMER_MEMBERS.get(T.resolve_alias(t)) if T.is_timer(t) else None
        if T.sync_type(t) is not None:
            members = SYNC_MEMBERS[T.sync_type(t)]
            if e.sel in members:
                if T.is_sync(t) and not self.addressable(e.x):
                    self.error(e.selpos, f"cannot call pointer method {e.sel} on {t}")
                    self.invalid(e)
                    return
                e.obj = ("method", e.sel)
                e.mode, e.type = "method", members[e.sel][1]
                return
            if e.sel in REAL_SYNC_METHODS.get(T.sync_type(t), ()):
                self.error(e.selpos, f"method (*{T.sync_type(t)}).{e.sel} {UNSUPPORTED}")
                self.invalid(e)
                return
        if members is not None and e.sel in members:
            kind, mt = members[e.sel]
            e.obj = (kind, e.sel)
            # t.C is a field of the struct t points to: addressable, a "variable" in messages
            e.mode, e.type = ("var" if kind == "field" else "method"), mt
            if e.x.mode == "invalid":  # pragma: no cover - handled above
                self.invalid(e)
            return
        if members is not None and e.sel in REAL_TIMER_METHODS:
            self.error(e.selpos, f"method ({t}).{e.sel} {UNSUPPORTED}")
        elif T.identical(t, T.DURATION) and e.sel in DURATION_METHODS:
            self.error(e.selpos, f"method {t}.{e.sel} {UNSUPPORTED}")
        elif T.is_time(t) and e.sel in TIME_METHODS:
            self.error(e.selpos, f"method {t}.{e.sel} {UNSUPPORTED}")
        else:
            self.error(e.selpos, f"{expr_string(e)} undefined (type {t} has no field or method {e.sel})")
        self.invalid(e)

    def addressable(self, x: N.Expr) -> bool:
        """Can Go take x's address (a variable), as a pointer-method call on it needs?"""
        while isinstance(x, N.Paren):
            x = x.x
        return x.mode == "var"

    def expr_Index(self, e: N.Index):
        if not self.value_expr(e.x):
            self.invalid(e)
            self.expr(e.index)
            return
        if T.is_slice(e.x.type):
            if not self.index_value(e.index, None):
                self.invalid(e)
                return
            e.mode, e.type = "var", T.under(e.x.type).elem
            return
        if not T.is_string(e.x.type):
            self.expr(e.index)
            self.error(e.x.pos, f"invalid operation: cannot index {describe(e.x)}")
            self.invalid(e)
            return
        if not self.index_value(e.index, len(e.x.const) if e.x.mode == "const" else None):
            self.invalid(e)
            return
        e.mode, e.type = "value", T.BYTE
        if T.is_untyped(e.x.type):
            self.set_type(e.x, T.STRING)

    def index_value(self, ix: N.Expr, length: int | None) -> bool:
        if not self.value_expr(ix):
            return False
        if not T.is_integer(ix.type) and not (T.is_untyped(ix.type) and ix.mode == "const" and T.representable(ix.const, T.INT)[0] is not None):
            self.error(ix.pos, f"invalid argument: index {describe(ix)} must be integer")
            return False
        if ix.mode == "const":
            v, _ = T.representable(ix.const, T.INT)
            if v is None:
                self.error(ix.pos, f"invalid argument: index {describe(ix)} must be integer")
                return False
            if T.is_untyped(ix.type):
                ix.const = v
                self.set_type(ix, T.INT)
            if v < 0:
                self.error(ix.pos, f"invalid argument: index {expr_string(ix)} (constant of type int) must not be negative")
                return False
            if length is not None and v >= length:
                self.error(ix.pos, f"invalid argument: index {v} out of bounds [0:{length}]")
                return False
        return True

    def expr_Unary(self, e: N.Unary):
        op = e.op
        if op == "<-":
            self.receive(e)
            return
        if op == "&":
            self.expr(e.x)
            if e.x.mode != "invalid" and T.is_sync(e.x.type) and self.addressable(e.x):
                e.mode, e.type = "value", T.Pointer(e.x.type)  # &wg: the same sync id
                return
        if op == "&" and e.x.mode != "invalid":
            x = self.strip(e.x)
            if isinstance(x, N.CompositeLit) and T.is_struct(x.type):
                e.mode, e.type = "value", T.Pointer(x.type)  # &T{...}: a new heap object
                return
            if (T.is_struct(e.x.type) and self.addressable(e.x) and isinstance(x, N.Ident)):
                e.mode, e.type = "value", T.Pointer(e.x.type)  # &v: the variable's own box
                return
        if op == "*":
            self.expr(e.x)
            if e.x.mode != "invalid" and T.is_heap_pointer(e.x.type) and e.x.mode != "type":
                e.mode, e.type = "var", T.under(e.x.type).elem
                return
            if e.x.mode == "type" and not T.is_invalid(e.x.type):
                t = self.type_of(N.PointerType(e.pos, e.x))
                if not T.is_invalid(t):
                    e.mode, e.type = "type", t
                    return
        if op in ("&", "*"):
            what = {"&": "address-of operator &", "*": "pointer indirection *"}[op]
            self.error(e.pos, f"{what} {UNSUPPORTED}")
            self.invalid(e)
            return
        if not self.value_expr(e.x):
            self.invalid(e)
            return
        x = e.x
        t = x.type
        ok = {"+": T.is_numeric, "-": T.is_numeric, "!": T.is_boolean, "^": T.is_integer}[op](t)
        if not ok:
            self.error(x.pos, f"invalid operation: operator {op} not defined on {describe(x)}")
            self.invalid(e)
            return
        e.type = t
        if x.mode == "const":
            v = x.const
            if op == "-":
                v = -v
            elif op == "!":
                v = not v
            elif op == "^":
                if T.is_untyped(t) or T.int_range(t)[0] < 0:
                    v = ~v
                else:
                    v = v ^ T.int_range(t)[1]
            e.mode, e.const = "const", v
            self.check_const_overflow(e)
        else:
            e.mode = "value"

    def receive(self, e: N.Unary) -> None:
        """``<-ch``: a value of the element type (``v, ok := <-ch`` is marked by unpack_rhs)."""
        x = e.x
        if not self.value_expr(x):
            self.invalid(e)
            return
        u = T.under(x.type)
        if not isinstance(u, T.Chan):
            self.error(x.pos, f"invalid operation: cannot receive from non-channel {describe(x)}")
            self.invalid(e)
            return
        if u.dir == "send":
            self.error(x.pos, f"invalid operation: cannot receive from send-only channel {describe(x)}")
            self.invalid(e)
            return
        e.mode, e.type = "value", u.elem

    def check_const_overflow(self, e: N.Expr) -> None:
        if e.mode != "const" or T.is_untyped(e.type):
            return
        v, why = T.representable(e.const, e.type)
        if v is None:
            if T.is_integer(e.type):
                self.error(e.pos, f"{describe(e)} overflows {e.type}")
            else:
                self.error(e.pos, f"constant {const_string(e.const)} overflows {e.type}")
            self.invalid(e)

    def expr_Binary(self, e: N.Binary):
        op = e.op
        ok1 = self.value_expr(e.x)
        ok2 = self.value_expr(e.y)
        if not (ok1 and ok2):
            self.invalid(e)
            return
        if op in SHIFT_OPS:
            self.shift(e)
            return
        self.binary_operands(e, e.x, e.y, op)

    def untyped_operand(self, e: N.Binary, u: N.Expr, ut, target, y: N.Expr, op: str, text: str, left: bool) -> bool:
        """Convert the untyped operand ``u`` (of type ``ut``) of ``e`` to the other operand's type
        ``target``, as types2 does (implicit conversion); False, after Go's error, if it cannot.
        ``left``: u is the left operand; ``y`` is the right one (where a mismatch is reported)."""
        if self.convert_operand(u, target):
            return True
        xt, yt = (ut, target) if left else (target, ut)
        if op in CMP_OPS and not isinstance(T.under(target), T.Basic) and ut is not T.UNTYPED_NIL:
            self.error(u.pos, f"cannot convert {describe(u)} to {target}")
        elif op in CMP_OPS:
            self.error(y.pos, f"invalid operation: {text} (mismatched types {xt} and {yt})")
        else:
            self.op_convert_error(e, u, target, text, xt, yt)
        self.invalid(e)
        return False

    def binary_operands(self, e: N.Binary, x: N.Expr, y: N.Expr, op: str, display: str | None = None):
        text = display or expr_string(e)
        xt, yt = x.type, y.type
        if ((xt is T.UNTYPED_NIL and T.is_pointer(yt) and not T.is_heap_pointer(yt))
                or (yt is T.UNTYPED_NIL and T.is_pointer(xt) and not T.is_heap_pointer(xt))):
            self.nil_pointer(e, yt if xt is T.UNTYPED_NIL else xt)
            return
        # implicit conversion of untyped operands
        if T.is_untyped(xt) and not T.is_untyped(yt):
            if not self.untyped_operand(e, x, xt, yt, y, op, text, True):
                return
        elif T.is_untyped(yt) and not T.is_untyped(xt):
            if not self.untyped_operand(e, y, yt, xt, y, op, text, False):
                return
        elif T.is_untyped(xt) and T.is_untyped(yt) and xt is not yt:
            kinds = {xt.kind, yt.kind}
            if kinds <= {"int", "float"}:
                rank = {"untyped int": 0, "untyped rune": 1, "untyped float": 2}
                big = xt if rank.get(xt.name, 0) >= rank.get(yt.name, 0) else yt
                x.type = y.type = big if x.mode == "const" and y.mode == "const" else big
            elif xt is T.UNTYPED_NIL or yt is T.UNTYPED_NIL:
                pass
            else:
                pos = y.pos if op in CMP_OPS else e.pos
                self.error(pos, f"invalid operation: {text} (mismatched types {xt} and {yt})")
                self.invalid(e)
                return
        xt, yt = x.type, y.type
        if op in CMP_OPS:
            self.comparison(e, x, y, op, text)
            return
        if not T.identical(xt, yt):
            self.error(e.pos, f"invalid operation: {text} (mismatched types {xt} and {yt})")
            self.invalid(e)
            return
        if op in LOGIC_OPS:
            okop = T.is_boolean(xt)
        elif op == "+":
            okop = T.is_numeric(xt) or T.is_string(xt)
        elif op in ("-", "*", "/"):
            okop = T.is_numeric(xt)
        else:
            okop = T.is_integer(xt)
        if not okop:
            self.error(x.pos, f"invalid operation: operator {op} not defined on {describe(x)}")
            self.invalid(e)
            return
        if op in ("/", "%") and y.mode == "const" and T.is_numeric(yt) and y.const == 0:
            self.error(y.pos, "invalid operation: division by zero")
            self.invalid(e)
            return
        e.type = xt
        if x.mode == "const" and y.mode == "const":
            e.mode = "const"
            e.const = self.fold(op, x.const, y.const, xt)
            self.check_const_overflow(e)
        else:
            e.mode = "value"

    def op_convert_error(self, e, operand, target, text, xt, yt):
        if not isinstance(T.under(target), T.Basic) and operand.type is not T.UNTYPED_NIL:
            self.error(operand.pos, f"cannot convert {describe(operand)} to {target}")
            return
        if operand.mode == "const" and T.is_numeric(operand.type) and T.is_numeric(target):
            v, why = T.representable(operand.const, target)
            if why == "truncated":
                self.error(operand.pos, f"{describe(operand)} truncated to {target}")
                return
            if why == "overflows":
                self.error(operand.pos, f"{describe(operand)} overflows {target}")
                return
        self.error(e.pos, f"invalid operation: {text} (mismatched types {xt} and {yt})")

    def convert_operand(self, x: N.Expr, t: T.Type) -> bool:
        """Implicitly convert untyped operand x to t for a binary operation."""
        if x.type is T.UNTYPED_NIL:
            if T.is_chan(t) or T.is_slice(t) or T.is_heap_pointer(t):
                self.set_type(x, t)
                return True
            return False
        if not isinstance(T.under(t), T.Basic):
            return False
        if not self.untyped_compatible(x.type, t):
            return False
        if x.mode == "const":
            v, why = T.representable(x.const, t)
            if v is None:
                return False
            x.const = v
        self.set_type(x, t)
        return True

    def comparison(self, e, x, y, op, text):
        xt, yt = x.type, y.type
        if op in ("==", "!=") and T.is_time(xt) and T.is_time(yt):
            # Go compares the struct (wall, ext, loc): the subset has only the ns
            self.error(x.pos, f"comparing time.Time values {UNSUPPORTED}")
            self.invalid(e)
            return
        if xt is T.UNTYPED_NIL or yt is T.UNTYPED_NIL:
            other = yt if xt is T.UNTYPED_NIL else xt
            self.error(y.pos, f"invalid operation: {text} (mismatched types {xt} and {yt})")
            self.invalid(e)
            return
        if not (T.identical(xt, yt) or self.assignable_type(xt, yt) or self.assignable_type(yt, xt)):
            self.error(y.pos, f"invalid operation: {text} (mismatched types {xt} and {yt})")
            self.invalid(e)
            return
        if op in ("==", "!="):
            okop = T.comparable(xt)
            if not okop and T.is_slice(xt) and any(isinstance(self.strip(o), N.Ident) and self.strip(o).name == "nil"
                                                   for o in (x, y)):
                okop = True  # s == nil
            elif not okop and T.is_slice(xt):
                self.error(x.pos, f"invalid operation: {text} (slice can only be compared to nil)")
                self.invalid(e)
                return
            if not okop and T.is_func(xt):
                self.error(x.pos, f"invalid operation: {text} (func can only be compared to nil)")
                self.invalid(e)
                return
        else:
            okop = T.is_ordered(xt)
        if not okop:
            self.error(x.pos, f"invalid operation: {text} (operator {op} not defined on {self.kind_word(x)})")
            self.invalid(e)
            return
        e.type = T.UNTYPED_BOOL
        if x.mode == "const" and y.mode == "const":
            a, b = x.const, y.const
            e.mode = "const"
            e.const = {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        else:
            e.mode = "value"
            # the operands keep their (possibly untyped constant) types; give them defaults
            for o in (x, y):
                if T.is_untyped(o.type):
                    self.set_type(o, T.default_type(o.type))

    def kind_word(self, x):
        u = T.under(x.type)
        if isinstance(u, T.Chan):
            return "chan"
        if isinstance(u, (T.EmptyStruct, T.Opaque)):
            return "struct"
        if isinstance(u, T.Pointer):
            return "pointer"
        if isinstance(u, T.Basic):
            return u.kind if u.kind != "int" else "int"
        return str(x.type)

    def fold(self, op, a, b, t):
        if op == "&&":
            return a and b
        if op == "||":
            return a or b
        if isinstance(a, str):
            return a + b
        integer = T.is_integer(t) or (isinstance(a, int) and isinstance(b, int) and not isinstance(a, Fraction) and t.kind == "int")
        if op == "+":
            r = a + b
        elif op == "-":
            r = a - b
        elif op == "*":
            r = a * b
        elif op == "/":
            if integer:
                q = abs(int(a)) // abs(int(b))
                r = q if (a >= 0) == (b >= 0) else -q
            else:
                r = Fraction(a) / Fraction(b)
        elif op == "%":
            a, b = int(a), int(b)
            r = abs(a) % abs(b)
            r = r if a >= 0 else -r
        elif op == "&":
            r = int(a) & int(b)
        elif op == "|":
            r = int(a) | int(b)
        elif op == "^":
            r = int(a) ^ int(b)
        elif op == "&^":
            r = int(a) & ~int(b)
        else:  # pragma: no cover
            r = 0
        if isinstance(r, Fraction) and r.denominator == 1 and integer:
            r = int(r)
        return r

    def shift(self, e: N.Binary):
        x, y = e.x, e.y
        # the count: an integer (an untyped constant must be a non-negative integer)
        if y.mode == "const":
            v, _ = T.representable(y.const, T.UNTYPED_INT)
            if v is None or not T.is_numeric(y.type):
                self.error(y.pos, f"invalid operation: shift count {describe(y)} must be integer")
                self.invalid(e)
                return
            if v < 0:
                self.error(y.pos, f"invalid operation: negative shift count {describe(y)}")
                self.invalid(e)
                return
            if T.is_untyped(y.type):
                y.const = v
                self.set_type(y, T.UINT32 if False else T.INT)
        elif not T.is_integer(y.type):
            self.error(y.pos, f"invalid operation: shift count {describe(y)} must be integer")
            self.invalid(e)
            return
        if x.mode == "const" and T.is_untyped(x.type):
            v, _ = T.representable(x.const, T.UNTYPED_INT)
            if v is None:
                self.error(x.pos, f"invalid operation: shifted operand {describe(x)} must be integer")
                self.invalid(e)
                return
            x.const = v
            if y.mode == "const":
                e.mode, e.type = "const", (T.UNTYPED_INT if x.type is not T.UNTYPED_RUNE else T.UNTYPED_RUNE)
                if y.const > 10000:
                    self.error(y.pos, f"invalid shift count {y.const}")
                    self.invalid(e)
                    return
                e.const = v << y.const if e.op == "<<" else v >> y.const
                return
            # non-constant shift of an untyped constant: it takes the type the context wants;
            # the subset gives it int (what it gets in almost every program)
            self.set_type(x, T.INT)
        if not T.is_integer(x.type):
            self.error(x.pos, f"invalid operation: shifted operand {describe(x)} must be integer")
            self.invalid(e)
            return
        e.type = x.type
        if x.mode == "const" and y.mode == "const":
            e.mode = "const"
            e.const = x.const << y.const if e.op == "<<" else x.const >> y.const
            self.check_const_overflow(e)
        else:
            e.mode = "value"

    # --- calls ---------------------------------------------------------------------------
    def expr_Call(self, e: N.Call):
        fun = e.fun
        if isinstance(fun, N.Paren):
            inner = fun
            while isinstance(inner, N.Paren):
                inner = inner.x
            fun = inner
        self.expr(fun, allow_novalue=True)
        e.fun = fun
        if fun.mode == "invalid":
            for a in e.args:
                self.expr(a, allow_tuple=True)
            self.invalid(e)
            return
        if fun.mode == "type":
            self.conversion(e, fun.type)
            return
        if fun.mode == "builtin":
            self.builtin_call(e, fun.name)
            return
        if fun.mode == "pkgfunc":
            self.pkg_call(e)
            return
        if fun.mode == "method":  # t.Stop(), t.Reset(d) (timers)
            e.kind = "method"
            self.call_args(e, fun.type.params, expr_string(fun))
            self.call_result(e, fun.type.results)
            return
        if fun.mode == "pkg":
            self.not_an_expression(fun)
            self.invalid(e)
            return
        if not T.is_func(fun.type):
            for a in e.args:
                self.expr(a, allow_tuple=True)
            self.error(e.pos, f"invalid operation: cannot call non-function {describe(fun)}")
            self.invalid(e)
            return
        sig = T.under(fun.type)
        e.kind = "call" if isinstance(fun, N.Ident) and isinstance(fun.obj, FuncObj) else "callc"
        self.call_args(e, sig.params, expr_string(fun))
        self.call_result(e, sig.results)

    def call_result(self, e: N.Call, results: list[T.Type]):
        if not results:
            e.mode, e.type = "novalue", T.INVALID
            e.mode = "novalue"
        elif len(results) == 1:
            e.mode, e.type = "value", results[0]
        else:
            e.mode, e.type = "value", T.Tuple(results)

    def call_args(self, e: N.Call, params: list[T.Type], fname: str) -> None:
        args = e.args
        if e.ellipsis:
            self.error(e.pos, f"... arguments {UNSUPPORTED}")
        if len(args) == 1 and len(params) > 1:
            a = args[0]
            self.expr(a, allow_tuple=True)
            if a.mode == "invalid":
                return
            if isinstance(a.type, T.Tuple):
                have = a.type.types
                if len(have) != len(params):
                    which = "too many" if len(have) > len(params) else "not enough"
                    at = a.pos if len(have) > len(params) else e.rparen
                    self.error(at, f"{which} arguments in call to {fname}\n\thave {self.tuple_str(have)}\n\twant {self.tuple_str(params)}")
                    return
                for t, p in zip(have, params):
                    if not self.assignable_type(t, p):
                        self.error(a.pos, f"cannot use {describe(a)} value as type {p} in argument to {fname}")
                return
            args_checked = True
        else:
            args_checked = False
            for a in args:
                self.expr(a, allow_tuple=True)
        if len(args) != len(params):
            if any(a.mode == "invalid" for a in args):
                return
            have = self.tuple_str([a.type for a in args], exprs=args)
            if len(args) > len(params):
                self.error(args[len(params)].pos, f"too many arguments in call to {fname}\n\thave {have}\n\twant {self.tuple_str(params)}")
            else:
                at = args[-1].pos if args else e.pos
                self.error(at, f"not enough arguments in call to {fname}\n\thave {have}\n\twant {self.tuple_str(params)}")
            return
        for a, p in zip(args, params):
            if a.mode == "invalid":
                continue
            self.assign_value(a, p, f"argument to {fname}")

    def conversion(self, e: N.Call, t: T.Type):
        e.kind = "conv"
        if len(e.args) != 1:
            for a in e.args:
                self.expr(a)
            if not e.args:
                self.error(e.rparen, f"missing argument in conversion to {t}")
            else:
                self.error(e.args[-1].pos, f"too many arguments in conversion to {t}")
            self.invalid(e)
            return
        x = e.args[0]
        if not self.value_expr(x):
            self.invalid(e)
            return
        if T.is_invalid(t):
            self.invalid(e)
            return
        e.type = t
        if x.mode == "const" and (T.is_numeric(t) or T.is_string(t) or T.is_boolean(t)):
            v = x.const
            if T.is_string(t) and T.is_integer(x.type):
                cp = int(v)
                v = chr(cp) if 0 <= cp <= 0x10FFFF and not (0xD800 <= cp < 0xE000) else "\ufffd"
                e.mode, e.const = "const", v
                return
            r, why = T.representable(v, t)
            if r is None or (T.is_numeric(t) and not T.is_numeric(x.type)):
                if T.is_numeric(t) and T.is_numeric(x.type) and why == "truncated" and not T.is_untyped(x.type):
                    pass
                self.error(x.pos, f"cannot convert {describe(x)} to type {t}")
                self.invalid(e)
                return
            if T.is_untyped(x.type):
                self.set_type(x, t if not T.is_string(t) else t)
            e.mode, e.const = "const", r
            return
        ok = False
        xt = x.type
        if xt is T.UNTYPED_NIL:
            ok = T.is_chan(t)
            if ok:
                self.set_type(x, t)
        elif T.is_untyped(xt):
            ok = self.untyped_compatible(xt, t) and (x.mode != "const")
            if ok:
                self.set_type(x, t)
        elif T.identical(T.under(xt), T.under(t)) or self.assignable_type(xt, t):
            ok = True
        elif T.is_integer(xt) and T.is_integer(t):
            ok = True
        elif T.is_string(t) and T.is_integer(xt):
            self.error(e.pos, f"conversion of {xt} to string {UNSUPPORTED}")
            self.invalid(e)
            return
        if not ok:
            self.error(x.pos, f"cannot convert {describe(x)} to type {t}")
            self.invalid(e)
            return
        e.mode = "value"

    def builtin_call(self, e: N.Call, name: str):
        e.kind = "builtin"
        if name in UNSUPPORTED_BUILTINS:
            for a in e.args:
                self.expr(a, allow_tuple=True)
            self.error(e.pos, f"builtin {name} {UNSUPPORTED}")
            self.invalid(e)
            return
        args = e.args
        if name == "make":
            self.make_call(e)
            return
        if name in ("len", "cap", "close"):
            if len(args) != 1:
                for a in args:
                    self.expr(a)
                msg = "not enough" if not args else "too many"
                self.error(e.pos, f"invalid operation: {msg} arguments for {name}({', '.join(expr_string(a) for a in args)}) (expected 1, found {len(args)})")
                self.invalid(e)
                return
            x = args[0]
            if not self.value_expr(x):
                self.invalid(e)
                return
            u = T.under(x.type)
            if name == "close":
                if not isinstance(u, T.Chan):
                    self.error(x.pos, f"invalid operation: cannot close non-channel {describe(x)}")
                    self.invalid(e)
                elif u.dir == "recv":
                    self.error(x.pos, f"invalid operation: cannot close receive-only channel {describe(x)}")
                    self.invalid(e)
                else:
                    e.mode, e.type = "novalue", T.INVALID
                return
            if isinstance(u, (T.Chan, T.Slice)):
                e.mode, e.type = "value", T.INT
                return
            if name == "cap" or not T.is_string(x.type):
                self.error(x.pos, f"invalid argument: {describe(x)} for {name}")
                self.invalid(e)
                return
            e.type = T.INT
            if x.mode == "const":
                e.mode, e.const = "const", len(x.const.encode("utf-8", "surrogateescape"))
                if T.is_untyped(x.type):
                    self.set_type(x, T.STRING)
            else:
                e.mode = "value"
            return
        if name == "new":
            if len(args) != 1:
                for a in args:
                    self.expr(a)
                self.error(e.pos, f"wrong number of arguments for new (expected 1, found {len(args)})")
                self.invalid(e)
                return
            self.expr(args[0])
            if args[0].mode == "invalid":
                self.invalid(e)
                return
            if args[0].mode != "type":
                self.error(args[0].pos, f"{expr_string(args[0])} is not a type")
                self.invalid(e)
                return
            t = args[0].type
            if not (T.is_struct(t) or (isinstance(T.under(t), T.Basic) and not T.is_untyped(t)) or T.is_slice(t)
                    or T.is_heap_pointer(t)):
                self.error(args[0].pos, f"new({t}) {UNSUPPORTED}")
                self.invalid(e)
                return
            e.mode, e.type = "value", T.Pointer(t)
            return
        if name == "append":
            if not args:
                self.error(e.pos, "not enough arguments for append() (expected 1, found 0)")
                self.invalid(e)
                return
            if e.ellipsis:
                for a in args:
                    self.expr(a)
                self.error(e.pos, f"append(s, x...) {UNSUPPORTED}")
                self.invalid(e)
                return
            s0 = args[0]
            if not self.value_expr(s0):
                for a in args[1:]:
                    self.expr(a)
                self.invalid(e)
                return
            if s0.type is T.UNTYPED_NIL:
                self.error(s0.pos, "first argument to append must be a typed slice; have untyped nil")
                self.invalid(e)
                return
            if not T.is_slice(s0.type):
                for a in args[1:]:
                    self.expr(a)
                self.error(s0.pos, f"invalid argument: {describe(s0)} is not a slice")
                self.invalid(e)
                return
            elem = T.under(s0.type).elem
            ok = True
            for a in args[1:]:
                if not self.value_expr(a) or not self.assign_value(a, elem, "argument to append"):
                    ok = False
            if not ok:
                self.invalid(e)
                return
            e.mode, e.type = "value", s0.type
            return
        if name == "panic":
            if len(args) != 1:
                for a in args:
                    self.expr(a)
                msg = "not enough" if not args else "too many"
                self.error(e.pos,
                           f"invalid operation: {msg} arguments for panic({', '.join(expr_string(a) for a in args)}) (expected 1, found {len(args)})")
                self.invalid(e)
                return
            x = args[0]
            if not self.value_expr(x):
                self.invalid(e)
                return
            if x.type is T.UNTYPED_NIL:
                self.error(x.pos, f"panic(nil) {UNSUPPORTED}")
                self.invalid(e)
                return
            self.printable(x)
            e.mode, e.type = "novalue", T.INVALID
            return
        # print / println
        for a in args:
            if self.value_expr(a):
                self.printable(a)
        e.mode, e.type = "novalue", T.INVALID

    def make_call(self, e: N.Call):
        """``make(chan T)`` / ``make(chan T, size)``: a new channel (``chan T`` as written)."""
        args = e.args
        if not args:
            self.error(e.pos, "invalid operation: not enough arguments for make() (expected 1, found 0)")
            self.invalid(e)
            return
        tx = args[0]
        self.expr(tx)
        for a in args[1:]:
            self.expr(a)
        if tx.mode == "invalid":
            self.invalid(e)
            return
        if tx.mode != "type":
            self.error(tx.pos, f"{expr_string(tx)} is not a type")
            self.invalid(e)
            return
        if T.is_slice(tx.type):
            if not 2 <= len(args) <= 3:
                self.error(e.pos, f"invalid operation: {expr_string(e)} expects 2 or 3 arguments; found {len(args)}")
                self.invalid(e)
                return
            if not all(self.size_arg(a) for a in args[1:]):
                self.invalid(e)
                return
            if len(args) == 3 and args[1].mode == "const" and args[2].mode == "const" and args[1].const > args[2].const:
                self.error(args[1].pos, f"invalid argument: length and capacity swapped")
                self.invalid(e)
                return
            e.mode, e.type = "value", tx.type
            return
        if not T.is_chan(tx.type):
            self.error(tx.pos, f"invalid argument: cannot make {expr_string(tx)}; type must be slice, map, or channel")
            self.invalid(e)
            return
        if len(args) > 2:
            self.error(e.pos, f"invalid operation: {expr_string(e)} expects 1 or 2 arguments; found {len(args)}")
            self.invalid(e)
            return
        if len(args) == 2 and not self.size_arg(args[1]):
            self.invalid(e)
            return
        e.mode, e.type = "value", tx.type

    def size_arg(self, x: N.Expr) -> bool:
        """A size or index argument (types2's check.index): an int, not a negative constant."""
        if x.mode == "invalid":
            return False
        if not self.value_expr_checked(x):
            return False
        if isinstance(x.type, T.Tuple):
            self.error(x.pos, f"multiple-value {describe(x)} in single-value context")
            return False
        if T.is_untyped(x.type):
            if x.mode != "const" or x.type is T.UNTYPED_NIL:
                self.error(x.pos, f"cannot convert {describe(x)} to int")
                return False
            v, why = T.representable(x.const, T.INT)
            if v is None or x.type.kind not in ("int", "float"):
                if why in ("truncated", "overflows") and x.type.kind in ("int", "float"):
                    self.error(x.pos, f"{describe(x)} {why} {'to ' if why == 'truncated' else ''}int")
                else:
                    self.error(x.pos, f"cannot convert {describe(x)} to int")
                return False
            x.const = v
            self.set_type(x, T.INT)
        elif not T.is_integer(x.type):
            self.error(x.pos, f"invalid argument: index {describe(x)} must be integer")
            return False
        if x.mode == "const" and x.const < 0:
            self.error(x.pos, f"invalid argument: index {describe(x)} must not be negative")
            return False
        return True

    def printable(self, x: N.Expr) -> bool:
        """An argument passed as interface{} (fmt, print, panic): give untyped values their default type."""
        if x.mode == "invalid":
            return False
        if x.type is T.UNTYPED_NIL:
            self.error(x.pos, f"printing nil {UNSUPPORTED}")
            x.mode = "invalid"
            return False
        if T.is_untyped(x.type):
            t = T.default_type(x.type)
            if isinstance(t, T.Unsupported):
                self.error(x.pos, f"{describe(x)}: type {t} {UNSUPPORTED}")
                x.mode = "invalid"
                return False
            if not self.convert_untyped(x, t, "argument"):
                return False
        if T.is_func(x.type):
            self.error(x.pos, f"printing a func value {UNSUPPORTED}")
            x.mode = "invalid"
            return False
        if T.is_chan(x.type):
            # Go prints the hchan's address (0xc000012345): not reproducible
            self.error(x.pos, f"printing a channel value {UNSUPPORTED}")
            x.mode = "invalid"
            return False
        if isinstance(T.under(x.type), T.EmptyStruct):
            self.error(x.pos, f"printing a struct{{}} value {UNSUPPORTED}")
            x.mode = "invalid"
            return False
        if T.sync_type(x.type) is not None:
            # Go prints the struct's words ({0 0}): printing it copies a lock (vet: copylocks)
            self.error(x.pos, f"printing a {x.type} value {UNSUPPORTED}")
            x.mode = "invalid"
            return False
        if T.is_slice(x.type) or T.is_struct(x.type) or T.is_heap_pointer(x.type):
            # Go prints [1 2 3], {1 x} and &{...}/0xc000...: not in the model's printer yet
            self.error(x.pos, f"printing a {x.type} value {UNSUPPORTED}")
            x.mode = "invalid"
            return False
        if T.is_time(x.type) or T.is_timer(x.type):
            # the model's time.Time is ns since the start (Go prints a date and a monotonic
            # reading); a *time.Timer prints as &{0xc000... }: neither is reproducible
            self.error(x.pos, f"printing a {x.type} value {UNSUPPORTED}")
            x.mode = "invalid"
            return False
        return True

    def pkg_call(self, e: N.Call):
        pkg, name, mem = e.fun.obj
        e.kind = "pkgfunc"
        fname = f"{pkg}.{name}"
        if pkg == "fmt":
            if len(e.args) == 1 and name != "Printf":
                a = e.args[0]
                self.expr(a, allow_tuple=True)
                if isinstance(a.type, T.Tuple) and a.mode != "invalid":
                    if a.type is FMT_RESULTS or any(T.is_func(t) or T.is_chan(t) or isinstance(T.under(t), T.EmptyStruct)
                                                    or T.is_time(t) or T.is_timer(t) for t in a.type.types):
                        self.error(a.pos, f"printing these values {UNSUPPORTED}")
                    e.mode, e.type = "value", FMT_RESULTS
                    return
                if a.mode != "invalid" and self.value_expr_checked(a):
                    self.printable(a)
                e.mode, e.type = "value", FMT_RESULTS
                return
            for a in e.args:
                if self.value_expr(a):
                    self.printable(a)
            if e.ellipsis:
                self.error(e.pos, f"... arguments {UNSUPPORTED}")
            if name == "Printf":
                if not e.args:
                    self.error(e.rparen, f"not enough arguments in call to fmt.Printf\n\thave ()\n\twant (string, ...any)")
                    self.invalid(e)
                    return
                f = e.args[0]
                if f.mode != "invalid":
                    if f.mode != "const" or not T.is_string(f.type):
                        if T.is_string(f.type):
                            self.error(f.pos, f"fmt.Printf with a non-constant format string {UNSUPPORTED}")
                        else:
                            self.error(f.pos, f"cannot use {describe(f)} as type string in argument to fmt.Printf")
            e.mode, e.type = "value", FMT_RESULTS
            return
        sig = mem[1]
        self.call_args(e, sig.params, fname)
        self.call_result(e, sig.results)


def check(f: N.File, filename: str = "prog.go", go_version: str = "1.22") -> Program:
    return Checker(f, filename, go_version).check()
