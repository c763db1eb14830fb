"""Go types of the course subset, and untyped constants.

``Basic`` covers the predeclared integer kinds, bool, string and the untyped kinds; ``Named``
is a defined type (``time.Duration``); ``Signature`` a func type; ``Tuple`` the result list of
a multi-value call; ``Chan`` a channel type (part 2) and ``EmptyStruct`` the one struct type
the subset has, ``struct{}``. Timers (part 2) add ``Opaque`` (the structs behind ``time.Time``,
``time.Timer`` and ``time.Ticker``) and ``Pointer``, so far only for ``*time.Timer`` and
``*time.Ticker``. Part 3 and later add general pointers, ``Slice`` and ``Struct`` as further
subclasses of ``Type``: the checker asks types questions through the predicates below
(``is_integer``, ``comparable``, ``identical`` ...) rather than by testing classes, so a new
kind only has to answer them.
"""
from __future__ import annotations

from fractions import Fraction

from .. import isa


class Type:
    def underlying(self) -> "Type":
        return self

    def __str__(self) -> str:  # pragma: no cover - overridden
        return "?"


class Basic(Type):
    def __init__(self, name: str, kind: str, bits: int = 0, signed: bool = True, untyped: bool = False):
        self.name, self.kind, self.bits, self.signed, self.untyped = name, kind, bits, signed, untyped

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"Basic({self.name})"


class Named(Type):
    def __init__(self, name: str, under: Type, pkg: str = ""):
        self.name, self.under, self.pkg = name, under, pkg

    def underlying(self) -> Type:
        return self.under

    def __str__(self) -> str:
        return f"{self.pkg}.{self.name}" if self.pkg else self.name


class Signature(Type):
    def __init__(self, params: list[Type], results: list[Type], param_names: list[str] | None = None,
                 result_names: list[str] | None = None):
        self.params, self.results = list(params), list(results)
        self.param_names = param_names or [""] * len(params)
        self.result_names = result_names or [""] * len(results)

    def __str__(self) -> str:
        return "func" + self._sig_str()

    def _sig_str(self) -> str:
        def plist(names, types):
            if any(names):
                return ", ".join(f"{n} {t}" if n else str(t) for n, t in zip(names, types))
            return ", ".join(str(t) for t in types)

        s = "(" + plist(self.param_names, self.params) + ")"
        if len(self.results) == 1 and not any(self.result_names):
            s += " " + str(self.results[0])
        elif self.results:
            s += " (" + plist(self.result_names, self.results) + ")"
        return s


class Tuple(Type):
    def __init__(self, types: list[Type], names: list[str] | None = None):
        self.types = list(types)
        self.names = names

    def __str__(self) -> str:
        if self.names:
            return "(" + ", ".join(f"{n} {t}" for n, t in zip(self.names, self.types)) + ")"
        return "(" + ", ".join(str(t) for t in self.types) + ")"


class Chan(Type):
    """``chan T`` (dir "both"), ``chan<- T`` ("send"), ``<-chan T`` ("recv")."""

    def __init__(self, elem: Type, dir: str = "both"):
        self.elem, self.dir = elem, dir

    def __str__(self) -> str:
        if self.dir == "send":
            return f"chan<- {self.elem}"
        if self.dir == "recv":
            return f"<-chan {self.elem}"
        e = self.elem
        # chan (<-chan T): go/types parenthesizes a receive-only element of a bidirectional chan
        if isinstance(e, Chan) and e.dir == "recv":
            return f"chan ({e})"
        return f"chan {e}"

    def __repr__(self) -> str:
        return f"Chan({self})"


class EmptyStruct(Type):
    """``struct{}``: no fields, size 0 (a slot holding 0)."""

    def __str__(self) -> str:
        return "struct{}"


class Opaque(Type):
    """The struct behind a named type of a package the subset models only through its API
    (``time.Time``, ``time.Timer``, ``time.Ticker``): no fields the program can name but those
    the checker lists for it, no literals, and its value is one slot (a time in ns, a timer id)."""

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        return self.name


class Pointer(Type):
    """``*T``: in the subset only ``*time.Timer`` and ``*time.Ticker``, as time.NewTimer and
    time.NewTicker return them (the slot holds the runtime's timer id; never nil, since the
    subset has no pointer type expressions and no nil pointers)."""

    def __init__(self, elem: Type):
        self.elem = elem

    def __str__(self) -> str:
        return f"*{self.elem}"

    def __repr__(self) -> str:
        return f"Pointer({self})"


class Slice(Type):
    """``[]T`` (part 3): the slot holds a slice header box [array, offset, len, cap] (nil: 0)."""

    def __init__(self, elem: Type):
        self.elem = elem

    def __str__(self) -> str:
        return f"[]{self.elem}"

    def __repr__(self) -> str:
        return f"Slice({self})"


class Struct(Type):
    """``struct{ f T; ... }`` (part 3): ``fields`` is a list of (name, type). A value is a box of
    one slot per field (course.malloc); the compiler copies it where Go copies a struct."""

    def __init__(self, fields: list):
        self.fields = list(fields)

    def index(self, name: str) -> int:
        for i, (n, _) in enumerate(self.fields):
            if n == name:
                return i
        return -1

    def __str__(self) -> str:
        return "struct{" + "; ".join(f"{n} {t}" for n, t in self.fields) + "}"


class Unsupported(Type):
    """A type Go has but the course subset does not (float64, chan T before part 2, ...)."""

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        return self.name


# predeclared types ---------------------------------------------------------------------------
INVALID = Basic("invalid type", "invalid")
INT = Basic("int", "int", 64)
INT8 = Basic("int8", "int", 8)
INT16 = Basic("int16", "int", 16)
INT32 = Basic("int32", "int", 32)
INT64 = Basic("int64", "int", 64)
UINT8 = Basic("uint8", "int", 8, signed=False)
UINT16 = Basic("uint16", "int", 16, signed=False)
UINT32 = Basic("uint32", "int", 32, signed=False)
# uint64 (part 3, for runtime.MemStats): held in an int64 slot, so values from 2**63 up print and
# compare as negative numbers: the subset has no other use of uint64 yet
UINT64 = Basic("uint64", "int", 64, signed=False)
BOOL = Basic("bool", "bool")
STRING = Basic("string", "string")
UNTYPED_INT = Basic("untyped int", "int", untyped=True)
UNTYPED_RUNE = Basic("untyped rune", "int", untyped=True)
UNTYPED_FLOAT = Basic("untyped float", "float", untyped=True)
UNTYPED_BOOL = Basic("untyped bool", "bool", untyped=True)
UNTYPED_STRING = Basic("untyped string", "string", untyped=True)
UNTYPED_NIL = Basic("untyped nil", "nil", untyped=True)

DURATION = Named("Duration", INT64, "time")
# time.Time: the simulated ns the runtime sends on a timer's channel (isa.TY_TIME); it can be
# received, stored, passed and discarded, not printed, compared or asked for its methods
TIME = Named("Time", Opaque("struct{...}"), "time")
TIMER = Named("Timer", Opaque("struct{C <-chan time.Time; ...}"), "time")
TICKER = Named("Ticker", Opaque("struct{C <-chan time.Time; ...}"), "time")
TIMER_PTR = Pointer(TIMER)  # time.NewTimer's result: a timer id
TICKER_PTR = Pointer(TICKER)  # time.NewTicker's result: a (periodic) timer id
TIME_CHAN = Chan(TIME, "recv")  # time.After, time.Tick, Timer.C, Ticker.C
EMPTY_STRUCT = EmptyStruct()
# sync (part 2): struct types whose zero value is ready to use; a variable of one holds the
# runtime's sync id (made where the variable is declared); their methods have pointer
# receivers, so a call takes the variable's address (the same id)
MUTEX = Named("Mutex", Opaque("struct{state int32; sema uint32}"), "sync")
RWMUTEX = Named("RWMutex", Opaque("struct{w sync.Mutex; ...}"), "sync")
WAITGROUP = Named("WaitGroup", Opaque("struct{noCopy noCopy; ...}"), "sync")
ONCE = Named("Once", Opaque("struct{done uint32; m sync.Mutex}"), "sync")
SYNC_TYPES = (MUTEX, RWMUTEX, WAITGROUP, ONCE)

UNIVERSE_TYPES = {
    "int": INT, "int8": INT8, "int16": INT16, "int32": INT32, "int64": INT64,
    "uint8": UINT8, "uint16": UINT16, "uint32": UINT32, "bool": BOOL, "string": STRING,
}
# types Go has that the subset does not (yet)
UNSUPPORTED_TYPES = ["uint", "uint64", "uintptr", "float32", "float64", "complex64", "complex128",
                     "error", "any"]


class Alias(Basic):
    """``byte`` and ``rune``: identical to uint8/int32 but spelled as written in messages."""

    def __init__(self, name: str, target: Basic):
        super().__init__(name, target.kind, target.bits, target.signed)
        self.target = target


def resolve_alias(t: Type) -> Type:
    return t.target if isinstance(t, Alias) else t


BYTE = Alias("byte", UINT8)
RUNE = Alias("rune", INT32)
UNIVERSE_TYPES["byte"] = BYTE
UNIVERSE_TYPES["rune"] = RUNE


# predicates -------------------------------------------------------------------------------
def under(t: Type) -> Type:
    return resolve_alias(t).underlying() if t is not None else INVALID


def is_untyped(t: Type) -> bool:
    return isinstance(t, Basic) and t.untyped


def is_integer(t: Type) -> bool:
    u = under(t)
    return isinstance(u, Basic) and u.kind == "int"


def is_numeric(t: Type) -> bool:
    u = under(t)
    return isinstance(u, Basic) and u.kind in ("int", "float")


def is_string(t: Type) -> bool:
    u = under(t)
    return isinstance(u, Basic) and u.kind == "string"


def is_boolean(t: Type) -> bool:
    u = under(t)
    return isinstance(u, Basic) and u.kind == "bool"


def is_ordered(t: Type) -> bool:
    return is_numeric(t) or is_string(t)


def is_func(t: Type) -> bool:
    return isinstance(under(t), Signature)


def is_chan(t: Type) -> bool:
    return isinstance(under(t), Chan)


def is_pointer(t: Type) -> bool:
    return isinstance(under(t), Pointer)


def is_timer(t: Type) -> bool:
    """``*time.Timer`` or ``*time.Ticker``."""
    return is_pointer(t) and under(t).elem in (TIMER, TICKER)


def is_sync(t: Type) -> bool:
    """sync.Mutex, sync.RWMutex, sync.WaitGroup or sync.Once (not a pointer to one)."""
    return resolve_alias(t) in SYNC_TYPES


def sync_type(t: Type):
    """The sync type of a sync value or of a pointer to one (``*sync.WaitGroup``), else None."""
    if is_sync(t):
        return resolve_alias(t)
    u = under(t)
    if isinstance(u, Pointer) and is_sync(u.elem):
        return resolve_alias(u.elem)
    return None


def is_time(t: Type) -> bool:
    return resolve_alias(t) is TIME


def is_slice(t: Type) -> bool:
    return isinstance(under(t), Slice)


def is_struct(t: Type) -> bool:
    return isinstance(under(t), Struct)


def is_heap_pointer(t: Type) -> bool:
    """A pointer to a program's value (``*Node``, ``*int``), not a timer or sync pointer."""
    u = under(t)
    return isinstance(u, Pointer) and not is_timer(t) and sync_type(t) is None


def sizeof(t: Type) -> int:
    """Go's size in bytes on amd64 (unsafe.Sizeof), for the heap's accounting."""
    u = under(t)
    if isinstance(u, Basic):
        if u.kind == "string":
            return 16
        if u.kind == "bool":
            return 1
        if u.kind == "int":
            return (u.bits or 64) // 8
        return 8
    if isinstance(u, Slice):
        return 24
    if isinstance(u, EmptyStruct):
        return 0
    if isinstance(u, Struct):
        off, align = 0, 1
        for _, ft in u.fields:
            a = alignof(ft)
            off = (off + a - 1) // a * a + sizeof(ft)
            align = max(align, a)
        return (off + align - 1) // align * align
    return 8


def alignof(t: Type) -> int:
    u = under(t)
    if isinstance(u, Struct):
        return max([alignof(ft) for _, ft in u.fields] or [1])
    if isinstance(u, EmptyStruct):
        return 1
    return min(8, max(1, sizeof(t))) if isinstance(u, Basic) and u.kind in ("int", "bool") else 8


def ptrdata(t: Type) -> int:
    """The bytes of a T up to and including its last pointer word (0: no pointers): Go's
    ``_type.ptrdata``, what the GC scans of a T (cmd/compile: types.PtrDataSize). A string's
    data pointer and a slice's array pointer are their first word; a sync value holds none."""
    u = under(t)
    if isinstance(u, Basic):
        return 8 if u.kind == "string" else 0
    if isinstance(u, EmptyStruct) or is_sync(t):
        return 0
    if isinstance(u, Struct):
        off, last = 0, 0
        for _, ft in u.fields:
            a = alignof(ft)
            off = (off + a - 1) // a * a
            p = ptrdata(ft)
            if p:
                last = off + p
            off += sizeof(ft)
        return last
    return 8  # a pointer, slice, channel or func value: one pointer word first


def scansize(elem: Type, n: int) -> int:
    """The scannable bytes of an array of n elems (a slice's backing array; n = 1: one object):
    mallocgc's ``dataSize - typ.size + typ.ptrdata``, 0 for a pointer-free (noscan) one."""
    p = ptrdata(elem)
    return (n - 1) * sizeof(elem) + p if p and n > 0 else 0


def has_pointers(t: Type) -> bool:
    u = under(t)
    if isinstance(u, Basic):
        return u.kind == "string"
    if isinstance(u, Struct):
        return any(has_pointers(ft) for _, ft in u.fields)
    return not isinstance(u, EmptyStruct)


def comparable(t: Type) -> bool:
    u = under(t)
    if isinstance(u, (Chan, EmptyStruct, Pointer, Opaque)):
        return True
    return isinstance(u, Basic) and u.kind in ("int", "float", "string", "bool")


def is_invalid(t: Type) -> bool:
    return t is None or t is INVALID


def identical(a: Type, b: Type) -> bool:
    a, b = resolve_alias(a), resolve_alias(b)
    if a is b:
        return True
    if isinstance(a, Chan) and isinstance(b, Chan):
        return a.dir == b.dir and identical(a.elem, b.elem)
    if isinstance(a, EmptyStruct) and isinstance(b, EmptyStruct):
        return True
    if isinstance(a, Pointer) and isinstance(b, Pointer):
        return identical(a.elem, b.elem)
    if isinstance(a, Slice) and isinstance(b, Slice):
        return identical(a.elem, b.elem)
    if isinstance(a, Signature) and isinstance(b, Signature):
        return (len(a.params) == len(b.params) and len(a.results) == len(b.results)
                and all(identical(x, y) for x, y in zip(a.params, b.params))
                and all(identical(x, y) for x, y in zip(a.results, b.results)))
    return False


def default_type(t: Type) -> Type:
    if not is_untyped(t):
        return t
    return {"untyped int": INT, "untyped rune": RUNE, "untyped float": Unsupported("float64"),
            "untyped bool": BOOL, "untyped string": STRING}.get(t.name, t)


def int_range(t: Type) -> tuple[int, int]:
    u = resolve_alias(under(t))
    bits = u.bits or 64
    if u.signed:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def representable(value, t: Type) -> tuple[object, str | None]:
    """Convert constant ``value`` to type ``t``: (new value, None) or (None, "overflows"/"truncated"/"")."""
    u = under(t)
    if not isinstance(u, Basic):
        return None, ""
    if u.kind == "int":
        if isinstance(value, bool) or isinstance(value, str):
            return None, ""
        if isinstance(value, Fraction):
            if value.denominator != 1:
                return None, "truncated"
            value = int(value)
        if u.untyped:
            return value, None
        lo, hi = int_range(u)
        if not lo <= value <= hi:
            return None, "overflows"
        return value, None
    if u.kind == "float":
        if isinstance(value, (bool, str)):
            return None, ""
        return Fraction(value), None
    if u.kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, "")
    if u.kind == "string":
        return (value, None) if isinstance(value, str) else (None, "")
    return None, ""


def ty_code(t: Type) -> int:
    """The isa.TY_* code a value of type ``t`` prints as."""
    if t is DURATION:
        return isa.TY_DURATION
    if is_time(t):
        return isa.TY_TIME
    u = under(t)
    if isinstance(u, Basic):
        if u.kind == "bool":
            return isa.TY_BOOL
        if u.kind == "string":
            return isa.TY_STRING
        if u.kind == "nil":
            return isa.TY_NIL
        return isa.TY_INT
    if isinstance(u, Signature):
        return isa.TY_FUNC
    if isinstance(u, Chan):
        return isa.TY_CHAN
    return isa.TY_INT  # struct{} travels as 0
