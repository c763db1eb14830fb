"""Code generation: the checked tree -> ``isa`` instructions, through ``isa.Assembler``.

Conventions (see ``course/isa.py``): every value is one slot; parameters sit at
``FRAME_HDR + i``; locals and temporaries are handed out stack-wise (a statement's
temporaries are released when it ends, a block's variables when it closes) so frames stay
small. A variable a closure captures lives in a heap cell: its slot holds the cell ref
(``NEWCELL`` at the declaration, ``LOADCELL``/``STORECELL`` for every access; inside the
literal the refs are fetched once with ``LOADCAP`` at entry). Constants used inside loops
go to a per-function constant pool, loaded once in the prologue.

Channels (part 2): a channel value is a channel id, nil is -1; ``struct{}`` values are 0.
``v, ok := <-ch`` receives into two consecutive slots (``CHANRECV v, ch, v+1``). A ``select``
evaluates every case's channel (and send value) in source order into ``[kind, ch, val]``
triples, runs ``SELECT`` and dispatches on the chosen index; as in Go's compiler, a select with
one case and no default is that case's plain send or receive, and ``select {}`` is
``BLOCK waitReasonSelectNoCases``.

Timers (part 2): a ``*time.Timer`` / ``*time.Ticker`` value is the runtime's timer id (never
nil); a ``time.Time`` is one slot (the simulated ns the runtime sends). ``time.NewTimer(d)`` is
``NEWTIMER dst, d, 0`` and ``time.NewTicker(d)`` ``NEWTIMER dst, d, 1``; ``time.After(d)`` /
``time.Tick(d)`` are ``NEWTIMER tmp, d, 0|1`` then ``TIMERC dst, tmp``; ``t.C`` is ``TIMERC``,
``t.Stop()`` ``TIMERSTOP dst, t`` (a Ticker's result slot is a dropped temporary) and
``t.Reset(d)`` ``TIMERRESET dst, t, d``. ``go``/``defer t.Stop()`` evaluate the receiver now
into the wrapper's first parameter. Each timer instruction's construct ("time.After",
"(*time.Timer).Stop", ...) is noted by position for the gate's message.
"""
from __future__ import annotations

from .. import isa
from . import nodes as N
from . import types as T
from . import gate
from .check import FMT_RESULTS, Program
from .objects import Const, FuncInfo, FuncObj, Var
from ..runtime2 import SYNC_MUTEX, SYNC_ONCE, SYNC_RWMUTEX, SYNC_WAITGROUP

SYNC_KINDS = {T.MUTEX: SYNC_MUTEX, T.RWMUTEX: SYNC_RWMUTEX, T.WAITGROUP: SYNC_WAITGROUP, T.ONCE: SYNC_ONCE}
# (receiver type, method) -> instruction
SYNC_METHOD_OPS = {
    (T.MUTEX, "Lock"): isa.OP_MUTEXLOCK, (T.MUTEX, "Unlock"): isa.OP_MUTEXUNLOCK,
    (T.RWMUTEX, "Lock"): isa.OP_RWLOCK, (T.RWMUTEX, "Unlock"): isa.OP_RWUNLOCK,
    (T.RWMUTEX, "RLock"): isa.OP_RLOCK, (T.RWMUTEX, "RUnlock"): isa.OP_RUNLOCK,
    (T.WAITGROUP, "Wait"): isa.OP_WGWAIT,
}

_ARITH = {"+": isa.OP_ADD, "-": isa.OP_SUB, "*": isa.OP_MUL, "/": isa.OP_DIV, "%": isa.OP_REM,
          "&": isa.OP_AND, "|": isa.OP_OR, "^": isa.OP_XOR, "&^": isa.OP_ANDNOT,
          "<<": isa.OP_SHL, ">>": isa.OP_SHR}
_CMP = {"==": isa.OP_EQ, "!=": isa.OP_NE, "<": isa.OP_LT, "<=": isa.OP_LE, ">": isa.OP_GT, ">=": isa.OP_GE}
WAIT_REASON_SELECT_NO_CASES = 7  # runtime2.go: waitReasonSelectNoCases
SELECT_SEND, SELECT_RECV = 1, 2  # the kind word of a SELECT case triple
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
_WRAPPING = {"+", "-", "*", "/", "<<"}  # results that may leave a sized int's range

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


def wrap64(v: int) -> int:
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= 1 << 63 else v


class PoolSlot:
    """A constant-pool slot: its number is fixed when the function is finished."""

    __slots__ = ("value", "index")

    def __init__(self, value: int, index: int):
        self.value, self.index = value, index


class Codegen:
    def __init__(self, prog: Program, filename: str, source: str):
        self.prog = prog
        self.asm = isa.Assembler(filename, source)
        self.fasm: dict[int, isa.FuncAsm] = {}  # id(FuncInfo) -> FuncAsm
        # (line, col, op) -> the Go construct an instruction compiles (gate messages)
        self.constructs: dict[tuple[int, int, int], str] = {}

    def generate(self) -> isa.Image:
        asm = self.asm
        # string id 0 is "": a zeroed slot is then the zero value of every type but chan and
        # func (nil is -1), as a closed channel's receive of a string gives "" (chanrecv clears
        # the element to 0)
        asm.string("")
        entry = asm.func("runtime.main", 0, 0, isa.FUNC_RUNTIME)
        for info in self.prog.bodies:
            flags = isa.FUNC_LITERAL if (info.is_literal or info.is_wrapper) else 0
            nparams = len(info.sig.params) if info.sig is not None else 0
            nres = len(info.sig.results) if info.sig is not None else 0
            self.fasm[id(info)] = asm.func(info.name, nparams, nres, flags)
        asm.nglobals = len(self.prog.globals)
        # runtime.main: package initialization, main.main, exit
        g = FuncGen(self, None, entry)
        for objs, values in self.prog.global_inits:
            g.global_init(objs, values)
        main = self.prog.main
        g.emit(isa.OP_CALL, self.fasm[id(main)].fid, isa.FRAME_HDR, 0, -1, pos=(0, 0))
        g.emit(isa.OP_EXIT, 0, pos=(0, 0))
        g.finish()
        for info in self.prog.bodies:
            FuncGen(self, info, self.fasm[id(info)]).function()
        return asm.finish(entry)

    def fid(self, info: FuncInfo) -> int:
        return self.fasm[id(info)].fid


class FuncGen:
    def __init__(self, cg: Codegen, info: FuncInfo | None, fa: isa.FuncAsm):
        self.cg, self.info, self.fa = cg, info, fa
        self.asm = cg.asm
        self.top = fa.nslots  # next free slot
        self.maxslot = fa.nslots
        self.pool: dict[int, PoolSlot] = {}
        self.pool_fixups: list[tuple[int, int, PoolSlot]] = []
        self.labels: list[isa.Label] = []
        self.loop_depth = 0
        self.targets: dict[int, tuple[isa.Label, isa.Label | None]] = {}  # id(stmt) -> (break, continue)
        self.capslot: dict[int, int] = {}  # id(Var) -> slot holding the cell ref (captured vars)
        self.pos = (0, 0)

    # --- emission ------------------------------------------------------------------------
    def emit(self, op, a=0, b=0, c=0, d=0, pos=None) -> int:
        p = pos if pos is not None else self.pos
        ops = [a, b, c, d]
        fix = []
        for i, v in enumerate(ops):
            if isinstance(v, PoolSlot):
                fix.append((i + 1, v))
                ops[i] = 0
        pc = self.fa.emit(op, *ops, line=p[0], col=p[1])
        for col, ps in fix:
            self.pool_fixups.append((pc, col, ps))
        return pc

    def label(self) -> isa.Label:
        lab = self.fa.label()
        self.labels.append(lab)
        return lab

    def place(self, lab: isa.Label) -> None:
        self.fa.place(lab)

    def alloc(self, n: int = 1) -> int:
        s = self.top
        self.top += n
        if self.top > self.maxslot:
            self.maxslot = self.top
        return s

    def const_slot(self, value: int, pos) -> object:
        """A slot holding ``value``: a pool slot inside loops, else a fresh temporary."""
        value = wrap64(int(value))
        if self.loop_depth > 0 or value in self.pool:
            ps = self.pool.get(value)
            if ps is None:
                ps = PoolSlot(value, len(self.pool))
                self.pool[value] = ps
            return ps
        s = self.alloc()
        self.emit(isa.OP_CONST, s, value, pos=pos)
        return s

    def finish(self) -> None:
        """Prepend the constant pool's loads, fix pool slot numbers and the frame size."""
        fa = self.fa
        base = self.maxslot
        k = len(self.pool)
        for pc, col, ps in self.pool_fixups:
            fa.code[pc][col] = base + ps.index
        if k:
            pre = [[isa.OP_CONST, base + ps.index, ps.value, 0, 0] for ps in self.pool.values()]
            first_line = fa.lines[0] if fa.lines else (0, 0)
            fa.code[0:0] = pre
            fa.lines[0:0] = [first_line] * k
            for lab in self.labels:
                if lab.pc >= 0:
                    lab.pc += k
            fa.fixups = [(pc + k, col, lab) for pc, col, lab in fa.fixups]
        fa.nslots = base + k

    # --- functions -----------------------------------------------------------------------
    def function(self) -> None:
        info = self.info
        node = info.node
        if info.is_wrapper:
            self.wrapper(node)
            self.finish()
            return
        body = node.body
        self.pos = node.pos
        # captured refs (literals) and boxed parameters
        for i, v in enumerate(info.captures):
            s = self.alloc()
            self.capslot[id(v)] = s
            self.emit(isa.OP_LOADCAP, s, i, pos=node.pos)
        for i, v in enumerate(info.params):
            if v.captured:
                v.slot = self.alloc()
                self.emit(isa.OP_NEWCELL, v.slot, isa.FRAME_HDR + i, pos=v.pos)
            else:
                v.slot = isa.FRAME_HDR + i
        if info.results:
            first = self.alloc(len(info.results))
            for i, v in enumerate(info.results):
                self.zero_into(first + i, v.type, v.pos)
                if v.captured:
                    v.slot = self.alloc()
                    self.emit(isa.OP_NEWCELL, v.slot, first + i, pos=v.pos)
                else:
                    v.slot = first + i
        self.stmts(body.stmts)
        if not info.sig.results and not self.terminates(body.stmts):
            self.emit(isa.OP_RET, 0, 0, pos=body.rbrace)
        self.finish()

    def wrapper(self, s: N.GoDefer) -> None:
        """go/defer of a builtin or fmt call: the body runs the call on the already-evaluated args."""
        call = s.call
        self.pos = call.pos
        if call.kind == "method":  # the receiver, then the arguments
            self.method_call(call, [isa.FRAME_HDR + i for i in range(1 + len(call.args))], None)
            self.emit(isa.OP_RET, 0, 0)
            return
        args = [isa.FRAME_HDR + i for i in range(len(call.args))]
        self.builtin_or_pkg(call, args, dst=None)
        self.emit(isa.OP_RET, 0, 0)

    def terminates(self, stmts) -> bool:
        if not stmts:
            return False
        last = stmts[-1]
        if isinstance(last, N.Return):
            return True
        if isinstance(last, N.ExprStmt):
            x = last.x
            return isinstance(x, N.Call) and x.kind == "builtin" and isinstance(x.fun, N.Ident) and x.fun.name == "panic"
        if isinstance(last, N.For):
            return last.cond is None and not self._breaks(last.body.stmts, last)
        if isinstance(last, N.Select):
            return all(self.terminates(c.body) and not self._breaks(c.body, last) for c in last.clauses)
        if isinstance(last, N.Labeled) and isinstance(last.stmt, (N.For, N.Select)):
            return self.terminates([last.stmt])
        if isinstance(last, N.Block):
            return self.terminates(last.stmts)
        if isinstance(last, N.If):
            return last.else_ is not None and self.terminates(last.then.stmts) and self.terminates([last.else_])
        return False

    def _breaks(self, stmts, target) -> bool:
        for s in stmts:
            if isinstance(s, N.Branch) and s.kind == "break" and s.target is target:
                return True
            for child in self._children(s):
                if self._breaks([child], target):
                    return True
        return False

    def _children(self, s):
        if isinstance(s, N.Block):
            return s.stmts
        if isinstance(s, N.If):
            return [s.then] + ([s.else_] if s.else_ is not None else [])
        if isinstance(s, (N.For, N.RangeFor)):
            return s.body.stmts
        if isinstance(s, (N.Switch, N.Select)):
            return [x for c in s.clauses for x in c.body]
        if isinstance(s, N.Labeled):
            return [s.stmt]
        return []

    # --- variables -----------------------------------------------------------------------
    def ref_slot(self, v: Var) -> int:
        """The slot holding a captured variable's cell ref, in this function."""
        if v.func is self.info:
            return v.slot
        return self.capslot[id(v)]

    def load_var(self, v: Var, dst: int | None, pos) -> int:
        if v.func is None:  # package-level
            d = dst if dst is not None else self.alloc()
            self.emit(isa.OP_LOADG, d, v.gindex, pos=pos)
            return d
        if v.captured:
            d = dst if dst is not None else self.alloc()
            self.emit(isa.OP_LOADCELL, d, self.ref_slot(v), pos=pos)
            return d
        if dst is not None and dst != v.slot:
            self.emit(isa.OP_MOV, dst, v.slot, pos=pos)
            return dst
        return v.slot

    def store_var(self, v: Var, src: int, pos) -> None:
        if v.func is None:
            self.emit(isa.OP_STOREG, v.gindex, src, pos=pos)
        elif v.captured:
            self.emit(isa.OP_STORECELL, self.ref_slot(v), src, pos=pos)
        elif src != v.slot:
            self.emit(isa.OP_MOV, v.slot, src, pos=pos)

    def direct_slot(self, v: Var) -> int | None:
        """The slot to compute straight into when assigning ``v`` (plain locals only)."""
        if v.func is self.info and not v.captured and v.func is not None:
            return v.slot
        return None

    def declare_var(self, v: Var, value_slot: int | None, pos) -> None:
        """Give a new local its home; ``value_slot`` holds the initial value (None: zero)."""
        if v.captured:
            if value_slot is None:
                value_slot = self.alloc()
                self.zero_into(value_slot, v.type, pos)
            home = v.slot if v.slot >= 0 and v.func is self.info and getattr(v, "_homed", False) else self.alloc()
            v.slot = home
            self.emit(isa.OP_NEWCELL, home, value_slot, pos=pos)
        else:
            if value_slot is None:
                self.zero_into(v.slot, v.type, pos)
            elif value_slot != v.slot:
                self.emit(isa.OP_MOV, v.slot, value_slot, pos=pos)

    def zero_into(self, slot: int, t: T.Type, pos) -> None:
        if T.is_sync(t):  # a ready-to-use zero sync.Mutex/RWMutex/WaitGroup/Once: a new sync id
            self.timer_op(isa.OP_NEWSYNC, f"{t}", slot, SYNC_KINDS[T.resolve_alias(t)], pos=pos)
            return
        if T.is_struct(t):  # a struct value: a box of its fields (course.malloc)
            self.new_box(slot, t, 0, pos)
            return
        if T.is_string(t):
            self.emit(isa.OP_CONST, slot, self.asm.string(""), pos=pos)
        elif T.is_func(t) or T.is_chan(t) or T.sync_type(t) is not None:  # (a nil *sync.T is -1)
            self.emit(isa.OP_CONST, slot, -1, pos=pos)
        else:
            self.emit(isa.OP_CONST, slot, 0, pos=pos)

    def new_box(self, slot: int, t: T.Type, nbytes: int, pos) -> None:
        """A new zeroed struct: a heap object of nbytes (&T{}, new(T)) or a value box (0)."""
        u = T.under(t)
        self.emit(isa.OP_NEWOBJ, slot, len(u.fields), nbytes, T.ptrdata(t) if nbytes else 0, pos=pos)
        for i, (_, ft) in enumerate(u.fields):
            if T.is_func(ft) or T.is_chan(ft):
                self.emit(isa.OP_STOREF, slot, i, self.const_slot(-1, pos), pos=pos)

    def ref(self, e: N.Expr) -> int:
        """A struct operand's box itself (no copy): the base of a field access, &v."""
        self._nocopy = True
        try:
            return self.expr(e)
        finally:
            self._nocopy = False

    def location(self, x: N.Expr):
        """An assignable place other than a variable: ("field", ref, i) / ("index", s, i) /
        ("deref", ref, is_struct)."""
        x = self.strip(x)
        if isinstance(x, N.Selector):
            return ("field", self.ref(x.x), x.obj[1])
        if isinstance(x, N.Index):
            return ("index", self.expr(x.x), self.operand(x.index))
        if isinstance(x, N.Unary) and x.op == "*":
            return ("deref", self.expr(x.x), T.is_struct(x.type))
        return None

    def load_loc(self, loc, pos) -> int:
        d = self.alloc()
        if loc[0] == "field":
            self.emit(isa.OP_LOADF, d, loc[1], loc[2], pos=pos)
        elif loc[0] == "index":
            self.emit(isa.OP_SLICEGET, d, loc[1], loc[2], pos=pos)
        else:
            self.emit(isa.OP_LOADF, d, loc[1], 0, pos=pos)
        return d

    def store_loc(self, loc, src: int, pos) -> None:
        if loc[0] == "field":
            self.emit(isa.OP_STOREF, loc[1], loc[2], src, pos=pos)
        elif loc[0] == "index":
            self.emit(isa.OP_SLICESET, loc[1], loc[2], src, pos=pos)
        elif loc[2]:  # *p = v: copy the struct's fields
            self.emit(isa.OP_COPYINTO, loc[1], src, pos=pos)
        else:
            self.emit(isa.OP_STOREF, loc[1], 0, src, pos=pos)

    def store_target(self, x: N.Expr, src: int, pos) -> None:
        x = self.strip(x)
        if isinstance(x, N.Ident):
            self.store_var(x.obj, src, pos)
        else:
            self.store_loc(self.location(x), src, pos)

    def global_init(self, objs: list[Var], values: list[N.Expr]) -> None:
        mark = self.top
        if not values:
            for v in objs:
                s = self.alloc()
                self.zero_into(s, v.type, v.pos)
                self.emit(isa.OP_STOREG, v.gindex, s, pos=v.pos)
        elif len(values) == 1 and len(objs) > 1:
            base = self.expr(values[0])
            for i, v in enumerate(objs):
                self.emit(isa.OP_STOREG, v.gindex, base + i, pos=v.pos)
        else:
            for v, e in zip(objs, values):
                s = self.expr(e)
                self.emit(isa.OP_STOREG, v.gindex, s, pos=v.pos)
        self.top = mark

    # --- statements ----------------------------------------------------------------------
    def stmts(self, stmts) -> None:
        for s in stmts:
            self.stmt(s)

    def stmt(self, s: N.Stmt) -> None:
        mark = self.top
        self.pos = s.pos
        getattr(self, "stmt_" + type(s).__name__)(s)
        if isinstance(s, N.DeclStmt):
            declared = [v for spec in s.specs for v in spec.objs if isinstance(v, Var)]
        elif isinstance(s, N.Assign) and s.op == ":=":
            declared = [x.obj for x, new in zip(s.lhs, s.newvars) if new and isinstance(x.obj, Var)]
        else:
            declared = []
        # keep the new variables' homes, release the statement's temporaries
        self.top = max([mark] + [v.slot + 1 for v in declared if v.slot >= 0])

    def block(self, b: N.Block) -> None:
        mark = self.top
        self.stmts(b.stmts)
        self.top = mark

    def stmt_Block(self, s):
        self.block(s)

    def stmt_Empty(self, s):
        pass

    def stmt_ExprStmt(self, s: N.ExprStmt):
        x = s.x
        while isinstance(x, N.Paren):
            x = x.x
        if isinstance(x, N.Unary):  # <-ch: the value is dropped
            self.receive(x, None, discard=True)
            return
        self.call(x, discard=True)

    def stmt_IncDec(self, s: N.IncDec):
        self.update(s.x, "+" if s.op == "++" else "-", None, 1, s.pos)

    def update(self, target: N.Expr, op: str, rhs: N.Expr | None, const, pos) -> None:
        """target op= rhs (rhs None: the constant ``const``)."""
        target = self.strip(target)
        loc = None if isinstance(target, N.Ident) else self.location(target)
        v = target.obj
        t = target.type
        cur = self.load_loc(loc, pos) if loc is not None else self.load_var(v, None, pos)  # a plain local's own slot, else a temporary
        dst = cur
        if rhs is None or rhs.mode == "const":
            c = const if rhs is None else rhs.const
            if T.is_string(t):
                self.emit(isa.OP_SCONCAT, dst, cur, self.const_value_slot(c, t, pos), pos=pos)
            else:
                self.arith_const(op, dst, cur, c, t, pos)
        else:
            ys = self.expr(rhs)
            if T.is_string(t):
                self.emit(isa.OP_SCONCAT, dst, cur, ys, pos=pos)
            else:
                self.emit(_ARITH[op], dst, cur, ys, pos=pos)
                self.normalize(dst, t, op, pos)
        if loc is not None:
            self.store_loc(loc, dst, pos)
        elif self.direct_slot(v) is None:
            self.store_var(v, dst, pos)

    def arith_const(self, op, dst, xs, c, t, pos) -> None:
        c = int(c)
        if op in ("+", "-"):
            imm = c if op == "+" else -c
            self.emit(isa.OP_ADDI, dst, xs, wrap64(imm), pos=pos)
        else:
            self.emit(_ARITH[op], dst, xs, self.const_slot(c, pos), pos=pos)
        self.normalize(dst, t, op, pos)

    def normalize(self, slot: int, t: T.Type, op: str, pos) -> None:
        """Wrap a sized integer (int8 ... uint32) back into its range after an operation."""
        u = T.resolve_alias(T.under(t))
        if not isinstance(u, T.Basic) or u.kind != "int" or u.untyped or u.bits in (0, 64):
            return
        if op not in _WRAPPING and op not in ("neg", "conv", "^u"):
            return
        if u.signed:
            sh = self.const_slot(64 - u.bits, pos)
            self.emit(isa.OP_SHL, slot, slot, sh, pos=pos)
            self.emit(isa.OP_SHR, slot, slot, sh, pos=pos)
        else:
            self.emit(isa.OP_AND, slot, slot, self.const_slot((1 << u.bits) - 1, pos), pos=pos)

    def strip(self, e):
        while isinstance(e, N.Paren):
            e = e.x
        return e

    def stmt_Assign(self, s: N.Assign):
        if s.op == ":=":
            self.define(s)
        elif s.op == "=":
            self.assign(s)
        else:
            self.update(s.lhs[0], s.op[:-1], s.rhs[0], None, s.pos)

    def define(self, s: N.Assign):
        lhs = s.lhs
        news = s.newvars
        if len(s.rhs) == 1 and len(lhs) > 1:
            # a, b := f(): results land in consecutive slots; new plain locals use them in place
            call = s.rhs[0]
            n = len(lhs)
            base = self.alloc(n)
            self.call(self.strip(call), dst=base)
            for i, x in enumerate(lhs):
                if x.mode == "blank" or x.obj is None:
                    continue
                v = x.obj
                if news[i]:
                    v.slot = base + i
                    if v.captured:
                        self.declare_var(v, base + i, x.pos)
                else:
                    self.store_var(v, base + i, x.pos)
            return
        if len(lhs) == 1:
            x = lhs[0]
            e = s.rhs[0]
            if x.mode == "blank" or x.obj is None:
                mark = self.top
                self.expr(e)
                self.top = mark
                return
            v = x.obj
            if news[0]:
                if v.captured:
                    mark = self.top
                    val = self.expr(e)
                    self.top = mark
                    v.slot = self.alloc()
                    self.emit(isa.OP_NEWCELL, v.slot, val, pos=x.pos)
                else:
                    v.slot = self.alloc()
                    self.expr(e, dst=v.slot)
            else:
                self.assign_one(x, e)
            return
        # a, b := x, y: evaluate every value first (into the new homes or temporaries)
        homes = []
        for i, x in enumerate(lhs):
            if news[i] and x.obj is not None and x.mode != "blank" and not x.obj.captured:
                x.obj.slot = self.alloc()
                homes.append(x.obj.slot)
            else:
                homes.append(None)
        mark = self.top
        temps = []
        for i, e in enumerate(s.rhs):
            if homes[i] is not None:
                self.expr(e, dst=homes[i])
                temps.append(homes[i])
            else:
                t = self.alloc()
                self.expr(e, dst=t)
                temps.append(t)
        for i, x in enumerate(lhs):
            if x.mode == "blank" or x.obj is None or homes[i] is not None:
                continue
            v = x.obj
            if news[i]:
                v.slot = -1
            else:
                self.store_var(v, temps[i], x.pos)
        # captured new variables get their cells after the values are computed
        for i, x in enumerate(lhs):
            if x.mode != "blank" and x.obj is not None and news[i] and x.obj.captured:
                x.obj.slot = self.alloc()
                self.emit(isa.OP_NEWCELL, x.obj.slot, temps[i], pos=x.pos)

    def assign_one(self, x: N.Expr, e: N.Expr) -> None:
        x = self.strip(x)
        if not isinstance(x, N.Ident):  # p.f = e, s[i] = e, *p = e: the place first, as Go orders it
            loc = self.location(x)
            val = self.expr(e)
            self.store_loc(loc, val, x.pos)
            return
        v = x.obj
        direct = self.direct_slot(v)
        if direct is not None and self.safe_direct(e):
            self.expr(e, dst=direct)
        else:
            val = self.expr(e)
            self.store_var(v, val, x.pos)

    def safe_direct(self, e) -> bool:
        """Can ``e`` be computed straight into the assigned variable's slot?"""
        e = self.strip(e)
        return not (isinstance(e, N.Binary) and e.op in ("&&", "||"))

    def assign(self, s: N.Assign):
        lhs = s.lhs
        if len(lhs) == 1:
            x = lhs[0]
            if x.mode == "blank":
                self.expr(s.rhs[0])
                return
            self.assign_one(x, s.rhs[0])
            return
        if len(s.rhs) == 1:
            base = self.alloc(len(lhs))
            self.call(self.strip(s.rhs[0]), dst=base)
            for i, x in enumerate(lhs):
                if x.mode != "blank":
                    self.store_target(x, base + i, x.pos)
            return
        temps = []
        for e in s.rhs:
            t = self.alloc()
            self.expr(e, dst=t)
            temps.append(t)
        for x, t in zip(lhs, temps):
            if x.mode != "blank":
                self.store_target(x, t, x.pos)

    def stmt_DeclStmt(self, s: N.DeclStmt):
        if s.kind == "const":
            return
        for spec in s.specs:
            objs = spec.objs
            if not spec.values:
                for v in objs:
                    if v.captured:
                        self.declare_var(v, None, v.pos)
                    else:
                        v.slot = self.alloc()
                        self.zero_into(v.slot, v.type, v.pos)
                continue
            if len(spec.values) == 1 and len(objs) > 1:
                base = self.alloc(len(objs))
                self.call(self.strip(spec.values[0]), dst=base)
                for i, v in enumerate(objs):
                    v.slot = base + i
                    if v.captured:
                        self.declare_var(v, base + i, v.pos)
                continue
            if len(objs) == 1:
                v = objs[0]
                if v.captured:
                    mark = self.top
                    val = self.expr(spec.values[0])
                    self.top = mark
                    v.slot = self.alloc()
                    self.emit(isa.OP_NEWCELL, v.slot, val, pos=v.pos)
                else:
                    v.slot = self.alloc()
                    self.expr(spec.values[0], dst=v.slot)
                continue
            homes = [self.alloc() for _ in objs]
            for h, e in zip(homes, spec.values):
                self.expr(e, dst=h)
            for v, h in zip(objs, homes):
                if v.captured:
                    v.slot = self.alloc()
                    self.emit(isa.OP_NEWCELL, v.slot, h, pos=v.pos)
                else:
                    v.slot = h

    def stmt_If(self, s: N.If):
        mark = self.top
        if s.init is not None:
            self.stmt(s.init)
        else_l = self.label()
        self.pos = s.cond.pos
        self.cond_jump(s.cond, else_l, False)
        self.block(s.then)
        if s.else_ is not None:
            end = self.label()
            if not self.terminates(s.then.stmts):
                self.emit(isa.OP_JMP, end, pos=s.then.rbrace)
            self.place(else_l)
            self.stmt(s.else_)
            self.place(end)
        else:
            self.place(else_l)
        self.top = mark

    def stmt_For(self, s: N.For):
        mark = self.top
        if s.init is not None:
            self.stmt(s.init)
        top, cont, check, brk = self.label(), self.label(), self.label(), self.label()
        self.targets[id(s)] = (brk, cont)
        if s.cond is not None:
            self.emit(isa.OP_JMP, check, pos=s.cond.pos)
        self.loop_depth += 1
        self.place(top)
        self.block(s.body)
        self.place(cont)
        if s.percopy:
            # Go 1.22: each iteration has its own copy of a captured loop variable; the copy
            # for the next iteration is made before the post statement runs
            for v in s.loopvars:
                if v is not None and v.captured:
                    t = self.alloc()
                    self.emit(isa.OP_LOADCELL, t, v.slot, pos=s.pos)
                    self.emit(isa.OP_NEWCELL, v.slot, t, pos=s.pos)
                    self.top -= 1
        if s.post is not None:
            self.stmt(s.post)
        self.place(check)
        if s.cond is not None:
            self.pos = s.cond.pos
            self.cond_jump(s.cond, top, True)
        else:
            self.emit(isa.OP_JMP, top, pos=s.pos)
        self.loop_depth -= 1
        self.place(brk)
        self.top = mark

    def stmt_Switch(self, s: N.Switch):
        mark = self.top
        if s.init is not None:
            self.stmt(s.init)
        end = self.label()
        self.targets[id(s)] = (end, None)
        tag = None
        if s.tag is not None:
            tag = self.expr(s.tag)
            if tag == getattr(getattr(self.strip(s.tag), "obj", None), "slot", None):
                t = self.alloc()  # the cases may change the variable: switch on its value now
                self.emit(isa.OP_MOV, t, tag, pos=s.tag.pos)
                tag = t
        bodies = [self.label() for _ in s.clauses]
        default = None
        for i, cl in enumerate(s.clauses):
            if cl.exprs is None:
                default = bodies[i]
                continue
            for e in cl.exprs:
                m2 = self.top
                if tag is None:
                    self.cond_jump(e, bodies[i], True)
                else:
                    self.compare_jump("==", s.tag.type, tag, e, bodies[i], True, e.pos)
                self.top = m2
        self.emit(isa.OP_JMP, default if default is not None else end, pos=s.pos)
        for i, cl in enumerate(s.clauses):
            self.place(bodies[i])
            m2 = self.top
            self.stmts(cl.body)
            self.top = m2
            if not cl.fallthrough and i != len(s.clauses) - 1 and not self.terminates(cl.body):
                self.emit(isa.OP_JMP, end, pos=cl.pos)
        self.place(end)
        self.top = mark

    def stmt_Labeled(self, s: N.Labeled):
        self.stmt(s.stmt)

    def stmt_Branch(self, s: N.Branch):
        if s.kind == "fallthrough":
            return
        brk, cont = self.targets[id(s.target)]
        self.emit(isa.OP_JMP, brk if s.kind == "break" else cont, pos=s.pos)

    def stmt_Return(self, s: N.Return):
        info = self.info
        n = len(info.sig.results)
        if n == 0:
            self.emit(isa.OP_RET, 0, 0, pos=s.pos)
            return
        if not s.results:  # bare return with named results
            vs = info.results
            if all(not v.captured for v in vs):
                self.emit(isa.OP_RET, vs[0].slot, n, pos=s.pos)
                return
            base = self.alloc(n)
            for i, v in enumerate(vs):
                self.load_var(v, base + i, s.pos)
            self.emit(isa.OP_RET, base, n, pos=s.pos)
            return
        if len(s.results) == 1 and n > 1:
            base = self.alloc(n)
            self.call(self.strip(s.results[0]), dst=base)
            self.emit(isa.OP_RET, base, n, pos=s.pos)
            return
        if n == 1:
            r = self.expr(s.results[0])
            self.emit(isa.OP_RET, r, 1, pos=s.pos)
            return
        base = self.alloc(n)
        for i, e in enumerate(s.results):
            self.expr(e, dst=base + i)
        self.emit(isa.OP_RET, base, n, pos=s.pos)

    def stmt_GoDefer(self, s: N.GoDefer):
        call = s.call
        go = s.kind == "go"
        if s.info is not None:  # builtin / fmt / method call: evaluate args now, run the wrapper later
            operands = ([call.fun.x] if call.kind == "method" else []) + list(call.args)
            n = len(operands)
            args = self.alloc(n) if n else isa.FRAME_HDR
            for i, a in enumerate(operands):
                self.expr(a, dst=args + i)
            fid = self.cg.fid(s.info)
            self.emit(isa.OP_GO if go else isa.OP_DEFER, fid, args, n, pos=s.pos)
            return
        fun = self.strip(call.fun)
        args, n = self.eval_args(call)
        if call.kind == "call":
            fid = self.cg.fid(fun.obj.info)
            self.emit(isa.OP_GO if go else isa.OP_DEFER, fid, args, n, pos=s.pos)
        else:
            clo = self.closure_value(fun)
            self.emit(isa.OP_GOC if go else isa.OP_DEFERC, clo, args, n, pos=s.pos)

    # --- conditions ----------------------------------------------------------------------
    def cond_jump(self, e: N.Expr, target: isa.Label, when: bool) -> None:
        """Jump to ``target`` if ``e`` evaluates to ``when``; fall through otherwise."""
        e = self.strip(e)
        pos = e.pos
        if e.mode == "const":
            if bool(e.const) == when:
                self.emit(isa.OP_JMP, target, pos=pos)
            return
        if isinstance(e, N.Unary) and e.op == "!":
            self.cond_jump(e.x, target, not when)
            return
        if isinstance(e, N.Binary) and e.op in ("&&", "||"):
            if (e.op == "&&") != when:
                # && jumping on false, || jumping on true: either operand decides
                self.cond_jump(e.x, target, when)
                self.cond_jump(e.y, target, when)
            else:
                skip = self.label()
                self.cond_jump(e.x, skip, not when)
                self.cond_jump(e.y, target, when)
                self.place(skip)
            return
        mark = self.top
        if isinstance(e, N.Binary) and e.op in _CMP:
            xs = self.expr(e.x)
            self.compare_jump(e.op, e.x.type, xs, e.y, target, when, pos)
            self.top = mark
            return
        s = self.expr(e)
        self.emit(isa.OP_JNZ if when else isa.OP_JZ, s, target, pos=pos)
        self.top = mark

    def compare_jump(self, op, t, xs, y: N.Expr, target, when, pos) -> None:
        c = self.alloc()
        if not when:  # jump if false: test the negation, so the jump is a JNZ
            op = _NEGATE[op]
        self.compare_into(c, op, t, xs, y, pos)
        self.emit(isa.OP_JNZ, c, target, pos=pos)

    def compare_into(self, dst, op, t, xs, y: N.Expr, pos) -> None:
        if T.is_string(t):
            ys = self.expr(y)
            self.emit(isa.OP_SCMP, dst, xs, ys, pos=pos)
            self.emit(_CMP[op], dst, dst, self.const_slot(0, pos), pos=pos)
            return
        ys = self.operand(y)
        self.emit(_CMP[op], dst, xs, ys, pos=pos)

    def operand(self, e: N.Expr) -> object:
        """A slot for an operand: constants come from the pool (in loops) or a CONST."""
        e = self.strip(e)
        if e.mode == "const":
            return self.const_value_slot(e.const, e.type, e.pos)
        return self.expr(e)

    def const_value_slot(self, c, t, pos):
        if isinstance(c, str):
            sid = self.asm.string(c)
            return self.const_slot(sid, pos)
        return self.const_slot(int(c), pos)

    # --- expressions ---------------------------------------------------------------------
    def expr(self, e: N.Expr, dst: int | None = None) -> int:
        """Evaluate ``e``; the result is in the returned slot (``dst`` if given).

        Only the final instruction writes ``dst``, so ``x = x + y`` may compute into x.
        """
        e = self.strip(e)
        pos = e.pos
        if e.mode == "const":
            d = dst if dst is not None else self.alloc()
            c = e.const
            if isinstance(c, str):
                self.emit(isa.OP_CONST, d, self.asm.string(c), pos=pos)
            else:
                self.emit(isa.OP_CONST, d, wrap64(int(c)), pos=pos)
            return d
        m = getattr(self, "expr_" + type(e).__name__)
        nocopy = getattr(self, "_nocopy", False)
        self._nocopy = False
        if e.mode == "var" and T.is_struct(e.type) and not nocopy:
            # a struct variable's value is copied where Go copies the struct
            r = m(e, None)
            d = dst if dst is not None else self.alloc()
            self.emit(isa.OP_COPYOBJ, d, r, pos=pos)
            return d
        return m(e, dst)

    def expr_Ident(self, e: N.Ident, dst):
        obj = e.obj
        if isinstance(obj, Var):
            return self.load_var(obj, dst, e.pos)
        if isinstance(obj, FuncObj):
            d = dst if dst is not None else self.alloc()
            self.emit(isa.OP_MKCLOSURE, d, self.cg.fid(obj.info), 0, 0, pos=e.pos)
            return d
        if e.name == "nil":
            d = dst if dst is not None else self.alloc()
            self.emit(isa.OP_CONST, d, 0 if (T.is_slice(e.type) or T.is_heap_pointer(e.type)) else -1, pos=e.pos)
            return d
        raise AssertionError(f"unexpected identifier {e.name}")  # pragma: no cover

    def expr_FuncLit(self, e: N.FuncLit, dst):
        return self.closure_value(e, dst)

    def closure_value(self, fun: N.Expr, dst=None) -> int:
        """A slot holding a closure for ``fun`` (a literal: MKCLOSURE over its cells)."""
        fun = self.strip(fun)
        if isinstance(fun, N.FuncLit):
            info = fun.info
            caps = info.captures
            d = dst if dst is not None else self.alloc()
            refs = [self.ref_slot(v) for v in caps]
            if refs and refs == list(range(refs[0], refs[0] + len(refs))):
                base = refs[0]  # the cell refs are already consecutive: no copies
            elif caps:
                base = self.alloc(len(caps))
                for i, r in enumerate(refs):
                    self.emit(isa.OP_MOV, base + i, r, pos=fun.pos)
            else:
                base = 0
            self.emit(isa.OP_MKCLOSURE, d, self.cg.fid(info), base, len(caps), pos=fun.pos)
            return d
        return self.expr(fun, dst)

    def expr_Binary(self, e: N.Binary, dst):
        op = e.op
        pos = e.pos
        if op in ("&&", "||"):
            d = dst if dst is not None else self.alloc()
            end = self.label()
            self.expr(e.x, dst=d)
            self.emit(isa.OP_JZ if op == "&&" else isa.OP_JNZ, d, end, pos=pos)
            self.expr(e.y, dst=d)
            self.place(end)
            return d
        if op in _CMP:
            xs = self.expr(e.x)
            d = dst if dst is not None else self.alloc()
            self.compare_into(d, op, e.x.type, xs, e.y, pos)
            return d
        t = e.type
        if T.is_string(t):  # concatenation
            xs = self.operand(e.x)
            ys = self.operand(e.y)
            d = dst if dst is not None else self.alloc()
            self.emit(isa.OP_SCONCAT, d, xs, ys, pos=pos)
            return d
        x, y = self.strip(e.x), self.strip(e.y)
        if op in ("+", "-") and y.mode == "const":
            xs = self.expr(x)
            d = dst if dst is not None else self.alloc()
            self.arith_const(op, d, xs, y.const, t, pos)
            return d
        if op == "+" and x.mode == "const":
            ys = self.expr(y)
            d = dst if dst is not None else self.alloc()
            self.arith_const("+", d, ys, x.const, t, pos)
            return d
        xs = self.operand(x)
        ys = self.operand(y)
        d = dst if dst is not None else self.alloc()
        self.emit(_ARITH[op], d, xs, ys, pos=pos)
        self.normalize(d, t, op, pos)
        return d

    def expr_Unary(self, e: N.Unary, dst):
        pos = e.pos
        if e.op == "<-":
            return self.receive(e, dst)
        if e.op == "&" and T.is_heap_pointer(e.type):
            x = self.strip(e.x)
            if isinstance(x, N.CompositeLit):  # &T{...}: a new heap object (mallocgc)
                return self.struct_lit(x, dst, T.sizeof(x.type))
            r = self.ref(x)  # &v of a struct variable: its box (Go would move v to the heap)
            if dst is not None and dst != r:
                self.emit(isa.OP_MOV, dst, r, pos=pos)
                return dst
            return r
        if e.op == "*":
            ps = self.expr(e.x)
            d = dst if dst is not None else self.alloc()
            if T.is_struct(e.type):
                # *p as a value: the checker marks it "var", so expr() copies it; the ref here
                # is the pointee itself (nil: LOADF faults like Go's load)
                self.emit(isa.OP_LOADF, d, ps, 0, pos=pos)  # nil check
                self.emit(isa.OP_MOV, d, ps, pos=pos)
            else:
                self.emit(isa.OP_LOADF, d, ps, 0, pos=pos)
            return d
        if e.op == "+" or e.op == "&":  # &wg: a pointer to a sync value is its sync id
            return self.expr(e.x, dst)
        xs = self.expr(e.x)
        d = dst if dst is not None else self.alloc()
        if e.op == "-":
            self.emit(isa.OP_NEG, d, xs, pos=pos)
            self.normalize(d, e.type, "neg", pos)
        elif e.op == "!":
            self.emit(isa.OP_NOT, d, xs, pos=pos)
        elif e.op == "^":
            u = T.resolve_alias(T.under(e.type))
            if not u.signed:
                self.emit(isa.OP_XOR, d, xs, self.const_slot((1 << u.bits) - 1, pos), pos=pos)
            else:
                self.emit(isa.OP_XOR, d, xs, self.const_slot(-1, pos), pos=pos)
        return d

    def expr_CompositeLit(self, e: N.CompositeLit, dst):
        if T.is_struct(e.type):
            return self.struct_lit(e, dst, 0)
        if T.is_slice(e.type):
            n = len(e.elts)
            elem = T.under(e.type).elem
            d = dst if dst is not None else self.alloc()
            ns = self.const_slot(n, e.pos)
            tmp = self.alloc()
            self.emit(isa.OP_MAKESLICE, tmp, ns, ns, isa.elem_operand(T.sizeof(elem), T.ptrdata(elem)), pos=e.pos)
            for i, (_, v) in enumerate(e.elts):
                vs = self.operand(v)
                self.emit(isa.OP_SLICESET, tmp, self.const_slot(i, e.pos), vs, pos=v.pos)
            self.emit(isa.OP_MOV, d, tmp, pos=e.pos)
            return d
        d = dst if dst is not None else self.alloc()
        self.emit(isa.OP_CONST, d, 0, pos=e.pos)  # struct{}{}
        return d

    def struct_lit(self, e: N.CompositeLit, dst, nbytes: int) -> int:
        """T{...} (a value box) or &T{...} (nbytes > 0: a heap object): the fields are
        evaluated first, in order, then stored."""
        vals = [(fi, self.operand(v), v.pos) for fi, (_, v) in zip(e.fieldidx, e.elts)]
        tmp = self.alloc()
        self.new_box(tmp, e.type, nbytes, e.pos)
        for fi, vs, vpos in vals:
            self.emit(isa.OP_STOREF, tmp, fi, vs, pos=vpos)
        if dst is not None:
            self.emit(isa.OP_MOV, dst, tmp, pos=e.pos)
            return dst
        return tmp

    def expr_SliceExpr(self, e: N.SliceExpr, dst):
        xs = self.expr(e.x)
        lohi = self.alloc(2)
        if e.lo is None:
            self.emit(isa.OP_CONST, lohi, 0, pos=e.pos)
        else:
            self.expr(e.lo, dst=lohi)
        if e.hi is None:
            self.emit(isa.OP_CONST, lohi + 1, -(1 << 62), pos=e.pos)
        else:
            self.expr(e.hi, dst=lohi + 1)
        d = dst if dst is not None else self.alloc()
        self.emit(isa.OP_RESLICE, d, xs, lohi, pos=e.pos)
        return d

    # --- channels ------------------------------------------------------------------------
    def receive(self, e: N.Unary, dst, discard: bool = False) -> int:
        """``<-ch``: CHANRECV dst, ch, -1; comma-ok: dst (2 slots) gets value, ok."""
        ch = self.expr(e.x)
        if discard:
            self.emit(isa.OP_CHANRECV, -1, ch, -1, pos=e.pos)
            return -1
        if e.commaok:
            d = dst if dst is not None else self.alloc(2)
            self.emit(isa.OP_CHANRECV, d, ch, d + 1, pos=e.pos)
            return d
        d = dst if dst is not None else self.alloc()
        self.emit(isa.OP_CHANRECV, d, ch, -1, pos=e.pos)
        return d

    def stmt_Send(self, s: N.Send):
        ch = self.expr(s.ch)
        val = self.operand(s.value)
        self.emit(isa.OP_CHANSEND, ch, val, pos=s.pos)

    def stmt_RangeFor(self, s: N.RangeFor):
        """for v := range ch: receive with ok until ok is false (the channel closed and drained)."""
        mark = self.top
        ch = self.alloc()
        self.expr(s.x, dst=ch)  # evaluated once, before the loop
        ok = self.alloc()
        key = s.key if s.key is not None and s.key.mode != "blank" and getattr(s.key, "obj", None) is not None else None
        v = key.obj if key is not None else None
        top, brk = self.label(), self.label()
        self.targets[id(s)] = (brk, top)
        per_iter = False
        if key is None:
            into = -1
        elif s.define and not v.captured:
            v.slot = self.alloc()
            into = v.slot
        else:
            into = self.alloc()
            if s.define:
                v.slot = self.alloc()
                # Go 1.22: each iteration has its own variable; before, one variable for all
                per_iter = self.cg.prog.go_version >= (1, 22)
                if not per_iter:
                    self.zero_into(into, v.type, key.pos)
                    self.emit(isa.OP_NEWCELL, v.slot, into, pos=key.pos)
        self.loop_depth += 1
        self.place(top)
        self.emit(isa.OP_CHANRECV, into, ch, ok, pos=s.x.pos)
        self.emit(isa.OP_JZ, ok, brk, pos=s.x.pos)
        if key is not None and into != v.slot:
            if s.define and per_iter:
                self.emit(isa.OP_NEWCELL, v.slot, into, pos=key.pos)
            elif s.define:
                self.emit(isa.OP_STORECELL, v.slot, into, pos=key.pos)
            else:
                self.store_var(self.strip(key).obj, into, key.pos)
        self.block(s.body)
        self.emit(isa.OP_JMP, top, pos=s.pos)
        self.loop_depth -= 1
        self.place(brk)
        self.top = mark

    def stmt_Select(self, s: N.Select):
        """SELECT over [kind, ch, val] triples (source order), then a jump to the chosen body."""
        mark = self.top
        if not s.clauses:
            self.emit(isa.OP_BLOCK, WAIT_REASON_SELECT_NO_CASES, pos=s.pos)
            return
        end = self.label()
        self.targets[id(s)] = (end, None)
        if len(s.clauses) == 1 and s.clauses[0].comm is not None:
            self.select_one(s.clauses[0])
            self.place(end)
            self.top = mark
            return
        comms = [cl for cl in s.clauses if cl.comm is not None]
        has_default = len(comms) < len(s.clauses)
        bodies = [self.label() for _ in s.clauses]
        dst = -1
        if comms:
            cases = self.alloc(3 * len(comms))
            for i, cl in enumerate(comms):
                k = cases + 3 * i
                if isinstance(cl.comm, N.Send):
                    self.emit(isa.OP_CONST, k, SELECT_SEND, pos=cl.comm.pos)
                    self.expr(cl.comm.ch, dst=k + 1)
                    self.expr(cl.comm.value, dst=k + 2)
                else:
                    self.emit(isa.OP_CONST, k, SELECT_RECV, pos=cl.recv.pos)
                    self.expr(cl.recv.x, dst=k + 1)
            dst = self.alloc(3)
            self.emit(isa.OP_SELECT, cases, len(comms), 0 if has_default else 1, dst, pos=s.pos)
            # dispatch: the first clause is fallen into, the others are tested in turn
            index = {id(cl): i for i, cl in enumerate(comms)}
            for j in range(1, len(s.clauses)):
                m2 = self.top
                c = self.const_slot(index.get(id(s.clauses[j]), -1), s.pos)
                t = self.alloc()
                self.emit(isa.OP_EQ, t, dst, c, pos=s.pos)
                self.emit(isa.OP_JNZ, t, bodies[j], pos=s.pos)
                self.top = m2
        for j, cl in enumerate(s.clauses):
            self.place(bodies[j])
            m2 = self.top
            if cl.comm is not None and not isinstance(cl.comm, N.Send):
                self.select_bind(cl, dst)
            self.stmts(cl.body)
            self.top = m2
            if j != len(s.clauses) - 1 and not self.terminates(cl.body):
                self.emit(isa.OP_JMP, end, pos=cl.pos)
        self.place(end)
        self.top = mark

    def select_one(self, cl: N.CommClause) -> None:
        """A select with one case and no default is that case's plain send or receive, as Go's
        compiler makes it (walk/select.go: "one-case select: single op"): it blocks as a
        channel send/receive, not in selectgo."""
        c = cl.comm
        if isinstance(c, N.Send):
            self.stmt_Send(c)
        elif isinstance(c, N.ExprStmt):
            self.receive(cl.recv, None, discard=True)
        else:
            dst = self.alloc(3)
            ch = self.expr(cl.recv.x)
            ok = dst + 2 if len(c.lhs) > 1 else -1
            self.emit(isa.OP_CHANRECV, dst + 1, ch, ok, pos=cl.recv.pos)
            self.select_bind(cl, dst)
        self.stmts(cl.body)

    def select_bind(self, cl: N.CommClause, dst: int) -> None:
        """A receive case's variables: the value is in dst+1, ok in dst+2."""
        c = cl.comm
        if not isinstance(c, N.Assign):
            return
        for i, x in enumerate(c.lhs):
            src = dst + 1 + i
            if x.mode == "blank" or getattr(x, "obj", None) is None:
                continue
            v = x.obj
            if c.op == ":=" and c.newvars[i]:
                if v.captured:
                    v.slot = self.alloc()
                    self.emit(isa.OP_NEWCELL, v.slot, src, pos=x.pos)
                else:
                    v.slot = src  # the case's own variable: used in place
            else:
                self.store_var(self.strip(x).obj, src, x.pos)

    def expr_Index(self, e: N.Index, dst):
        """s[i] of a slice (SLICEGET) or a string (SINDEX)."""
        xs = self.expr(e.x)
        ix = self.operand(e.index)
        d = dst if dst is not None else self.alloc()
        self.emit(isa.OP_SLICEGET if T.is_slice(e.x.type) else isa.OP_SINDEX, d, xs, ix, pos=e.pos)
        return d

    def expr_Call(self, e: N.Call, dst):
        return self.call(e, dst=dst)

    # --- calls ---------------------------------------------------------------------------
    def in_place(self, args: list[N.Expr]) -> int | None:
        """If the arguments are plain locals in consecutive slots, the first slot (no copies)."""
        if not args:
            return None
        base = None
        for i, a in enumerate(args):
            a = self.strip(a)
            if not (isinstance(a, N.Ident) and isinstance(a.obj, Var) and a.mode == "var"):
                return None
            if T.is_struct(a.type):  # a struct argument is a copy (expr makes it)
                return None
            v = a.obj
            if v.captured or v.func is None or v.func is not self.info or v.slot < 0:
                return None
            if base is None:
                base = v.slot
            elif v.slot != base + i:
                return None
        return base

    def eval_args(self, call: N.Call, args: list[N.Expr] | None = None) -> tuple[int, int]:
        """Evaluate the arguments into consecutive slots: (first slot, count)."""
        args = call.args if args is None else args
        if len(args) == 1 and isinstance(args[0].type, T.Tuple):
            n = len(args[0].type.types)
            base = self.alloc(n)
            self.call(self.strip(args[0]), dst=base)
            return base, n
        n = len(args)
        if n == 0:
            return isa.FRAME_HDR, 0
        base = self.in_place(args)
        if base is not None:
            return base, n
        base = self.alloc(n)
        for i, a in enumerate(args):
            self.expr(a, dst=base + i)
        return base, n

    def call(self, e: N.Call, dst: int | None = None, discard: bool = False) -> int:
        pos = e.pos
        if isinstance(e, N.Unary):  # v, ok := <-ch
            return self.receive(e, dst, discard)
        if e.kind == "conv":
            return self.conversion(e, dst)
        if e.kind == "method":
            return self.method_call(e, None, dst)
        if e.kind in ("builtin", "pkgfunc"):
            n = len(e.args)
            if e.kind == "pkgfunc" and e.fun.obj[0] == "fmt" and n == 1 and isinstance(e.args[0].type, T.Tuple):
                # fmt.Println(f()) with a multi-value f: the results are the operands
                types = e.args[0].type.types
                args = self.alloc(len(types))
                self.call(self.strip(e.args[0]), dst=args)
                kind = isa.PRINT_FMT_PRINTLN if e.fun.obj[1] == "Println" else isa.PRINT_FMT_PRINT
                desc = self.asm.print_desc(kind, tuple(T.ty_code(t) for t in types))
                self.emit(isa.OP_PRINT, desc, args, len(types), pos=pos)
                return -1
            if e.kind == "pkgfunc" and e.fun.obj[0] == "fmt" or e.kind == "builtin" and e.fun.name in ("print", "println"):
                skip_fmt = 1 if (e.kind == "pkgfunc" and e.fun.obj[1] == "Printf") else 0
                args, k = self.eval_args(e, e.args[skip_fmt:])
                return self.builtin_or_pkg(e, [args + i for i in range(k)], dst, evaluated=True)
            return self.builtin_or_pkg(e, None, dst)
        fun = self.strip(e.fun)
        args, n = self.eval_args(e)
        nres = len(T.under(fun.type).results)
        if discard or nres == 0:
            d = -1
        else:
            d = dst if dst is not None else self.alloc(nres)
        if e.kind == "call":
            self.emit(isa.OP_CALL, self.cg.fid(fun.obj.info), args, n, d, pos=pos)
        elif isinstance(fun, N.FuncLit) and not fun.info.captures:
            self.emit(isa.OP_CALL, self.cg.fid(fun.info), args, n, d, pos=pos)
        else:
            clo = self.closure_value(fun)
            self.emit(isa.OP_CALLC, clo, args, n, d, pos=pos)
        return d

    def builtin_or_pkg(self, e: N.Call, args: list[int] | None, dst, evaluated: bool = False) -> int:
        """fmt/print/panic/runtime/time calls. ``args``: slots already holding the arguments
        (a wrapper's parameters, or evaluated by ``call``), None: evaluate here."""
        pos = e.pos
        if e.kind == "builtin":
            name = e.fun.name
            if name in ("print", "println"):
                kind = isa.PRINT_BUILTIN_PRINT if name == "print" else isa.PRINT_BUILTIN_PRINTLN
                types = tuple(T.ty_code(a.type) for a in e.args)
                desc = self.asm.print_desc(kind, types)
                self.emit(isa.OP_PRINT, desc, args[0] if args else isa.FRAME_HDR, len(types), pos=pos)
                return -1
            if name == "panic":
                x = e.args[0]
                s = args[0] if args is not None else self.expr(x)
                self.emit(isa.OP_PANIC, s, T.ty_code(x.type), pos=pos)
                return -1
            if name in ("len", "cap"):
                xs = args[0] if args is not None else self.expr(e.args[0])
                d = dst if dst is not None else self.alloc()
                if T.is_slice(e.args[0].type):
                    self.emit(isa.OP_SLICELEN if name == "len" else isa.OP_SLICECAP, d, xs, pos=pos)
                elif T.is_chan(e.args[0].type):
                    self.emit(isa.OP_CHANLEN if name == "len" else isa.OP_CHANCAP, d, xs, pos=pos)
                else:
                    self.emit(isa.OP_SLEN, d, xs, pos=pos)
                return d
            if name == "close":
                xs = args[0] if args is not None else self.expr(e.args[0])
                self.emit(isa.OP_CLOSE, xs, pos=pos)
                return -1
            if name == "make" and T.is_slice(e.type):
                ln = self.operand(e.args[1])
                cp = self.operand(e.args[2]) if len(e.args) > 2 else ln
                d = dst if dst is not None else self.alloc()
                el = T.under(e.type).elem
                self.emit(isa.OP_MAKESLICE, d, ln, cp, isa.elem_operand(T.sizeof(el), T.ptrdata(el)), pos=pos)
                return d
            if name == "append":
                n = len(e.args)
                base = self.alloc(n)
                for i, a in enumerate(e.args):
                    self.expr(a, dst=base + i)
                d = dst if dst is not None else self.alloc()
                el = T.under(e.type).elem
                self.emit(isa.OP_APPEND, d, base, n - 1, isa.elem_operand(T.sizeof(el), T.ptrdata(el)), pos=pos)
                return d
            if name == "new":
                t = e.args[0].type
                d = dst if dst is not None else self.alloc()
                if T.is_struct(t):
                    self.new_box(d, t, T.sizeof(t), pos)
                else:
                    self.emit(isa.OP_NEWOBJ, d, 1, T.sizeof(t), T.ptrdata(t), pos=pos)
                    if T.is_func(t) or T.is_chan(t):
                        self.emit(isa.OP_STOREF, d, 0, self.const_slot(-1, pos), pos=pos)
                return d
            if name == "make":
                size = self.operand(e.args[1]) if len(e.args) > 1 else self.const_slot(0, pos)
                d = dst if dst is not None else self.alloc()
                elem = T.under(e.type).elem
                self.emit(isa.OP_MAKECHAN, d, size, T.ty_code(elem), pos=pos)
                return d
            raise AssertionError(name)  # pragma: no cover
        pkg, name, _ = e.fun.obj
        if pkg == "fmt":
            kind = {"Println": isa.PRINT_FMT_PRINTLN, "Print": isa.PRINT_FMT_PRINT, "Printf": isa.PRINT_FMT_PRINTF}[name]
            vals = e.args
            fmt_str = ""
            if name == "Printf":
                fmt_str = vals[0].const if isinstance(vals[0].const, str) else ""
                vals = vals[1:]
                if args is not None and not evaluated:
                    args = args[1:]  # a wrapper's first parameter is the format
            types = tuple(T.ty_code(a.type) for a in vals)
            desc = self.asm.print_desc(kind, types, fmt_str)
            self.emit(isa.OP_PRINT, desc, args[0] if args else isa.FRAME_HDR, len(types), pos=pos)
            return -1
        if pkg == "runtime":
            if name == "Gosched":
                self.emit(isa.OP_GOSCHED, pos=pos)
                return -1
            if name == "GOMAXPROCS":
                xs = args[0] if args is not None else self.expr(e.args[0])
                d = dst if dst is not None else self.alloc()
                self.emit(isa.OP_GOMAXPROCS, d, xs, pos=pos)
                return d
            if name == "NumGoroutine":
                d = dst if dst is not None else self.alloc()
                self.emit(isa.OP_NUMGOROUTINE, d, pos=pos)
                return d
            if name == "GC":
                self.emit(isa.OP_GC, pos=pos)
                return -1
            if name == "ReadMemStats":
                xs = args[0] if args is not None else self.expr(e.args[0])
                self.emit(isa.OP_READMEMSTATS, xs, pos=pos)
                return -1
        if pkg == "runtime/debug":
            xs = args[0] if args is not None else self.expr(e.args[0])
            d = dst if dst is not None else self.alloc()
            self.emit(isa.OP_SETGCPERCENT if name == "SetGCPercent" else isa.OP_SETMEMLIMIT, d, xs, pos=pos)
            return d
        if pkg == "time" and name == "Sleep":
            xs = args[0] if args is not None else self.expr(e.args[0])
            self.emit(isa.OP_SLEEP, xs, pos=pos)
            return -1
        if pkg == "time" and name == "Tick" and args is None:
            # time.Tick(d) is nil for d <= 0 (tick.go), a channel that never delivers
            x = self.strip(e.args[0])
            d = dst if dst is not None else self.alloc()
            if x.mode == "const" and x.const <= 0:
                self.emit(isa.OP_CONST, d, -1, pos=pos)
                return d
            if x.mode != "const":
                xs = self.expr(x)
                ok, end = self.alloc(), self.label()
                self.emit(isa.OP_CONST, d, -1, pos=pos)
                self.emit(isa.OP_GT, ok, xs, self.const_slot(0, pos), pos=pos)
                self.emit(isa.OP_JZ, ok, end, pos=pos)
                self.tick(xs, d, pos)
                self.place(end)
                return d
            self.tick(self.operand(x), d, pos)
            return d
        if pkg == "time" and name == "AfterFunc":
            xs = args[0] if args is not None else self.operand(e.args[0])
            f = args[1] if args is not None else self.expr(e.args[1])
            d = dst if dst is not None else self.alloc()
            self.timer_op(isa.OP_AFTERFUNC, "time.AfterFunc", d, xs, f, pos=pos)
            return d
        if pkg == "time" and name in ("NewTimer", "NewTicker", "After", "Tick"):
            xs = args[0] if args is not None else self.operand(e.args[0])
            periodic = 1 if name in ("NewTicker", "Tick") else 0
            if name in ("NewTimer", "NewTicker"):
                d = dst if dst is not None else self.alloc()
                self.timer_op(isa.OP_NEWTIMER, f"time.{name}", d, xs, periodic, pos=pos)
                return d
            tm = self.alloc()
            self.timer_op(isa.OP_NEWTIMER, f"time.{name}", tm, xs, periodic, pos=pos)
            d = dst if dst is not None else self.alloc()
            self.timer_op(isa.OP_TIMERC, f"time.{name}", d, tm, pos=pos)
            return d
        raise AssertionError(f"{pkg}.{name}")  # pragma: no cover

    # --- timers --------------------------------------------------------------------------
    def tick(self, xs, d: int, pos) -> None:
        """time.Tick(d) for d > 0: NEWTIMER tmp, d, 1 then TIMERC d, tmp."""
        tm = self.alloc()
        self.timer_op(isa.OP_NEWTIMER, "time.Tick", tm, xs, 1, pos=pos)
        self.timer_op(isa.OP_TIMERC, "time.Tick", d, tm, pos=pos)

    def timer_op(self, op, construct: str, a=0, b=0, c=0, pos=None) -> int:
        p = pos if pos is not None else self.pos
        self.cg.constructs.setdefault((p[0], p[1], op), construct)
        return self.emit(op, a, b, c, pos=p)

    def method_call(self, e: N.Call, args: list[int] | None, dst) -> int:
        """t.Stop() / t.Reset(d) on a *time.Timer, tk.Stop() on a *time.Ticker. ``args``: slots
        already holding the receiver and the arguments (a go/defer wrapper's parameters)."""
        sel = self.strip(e.fun)
        pos = e.pos
        if T.sync_type(sel.x.type) is not None:
            return self.sync_method_call(e, sel, args, dst)
        what = f"({sel.x.type}).{sel.sel}"
        recv = args[0] if args is not None else self.expr(sel.x)
        if sel.sel == "Stop":
            d = dst if dst is not None and e.type is T.BOOL else self.alloc()
            self.timer_op(isa.OP_TIMERSTOP, what, d, recv, pos=pos)
            return d if e.mode != "novalue" else -1
        if sel.sel == "Reset":
            ns = args[1] if args is not None else self.operand(e.args[0])
            d = dst if dst is not None else self.alloc()
            self.timer_op(isa.OP_TIMERRESET, what, d, recv, ns, pos=pos)
            return d
        raise AssertionError(what)  # pragma: no cover

    # --- sync ------------------------------------------------------------------------------
    def sync_method_call(self, e: N.Call, sel: N.Selector, args: list[int] | None, dst) -> int:
        """mu.Lock(), wg.Add(n), once.Do(f) ... on a sync variable: its slot holds the sync id
        (the pointer receiver &mu is that same id)."""
        pos = e.pos
        t = T.sync_type(sel.x.type)
        name = sel.sel
        what = f"(*{t}).{name}"
        recv = args[0] if args is not None else self.expr(sel.x)
        op = SYNC_METHOD_OPS.get((t, name))
        if op is not None:
            self.timer_op(op, what, recv, 0, pos=pos)
            return -1
        if name in ("TryLock", "TryRLock"):
            d = dst if dst is not None else self.alloc()
            op = isa.OP_MUTEXTRYLOCK if t is T.MUTEX else (isa.OP_RWTRYLOCK if name == "TryLock" else isa.OP_RWTRYRLOCK)
            self.timer_op(op, what, d, recv, pos=pos)
            return d
        if name == "Add":
            delta = args[1] if args is not None else self.operand(e.args[0])
            self.timer_op(isa.OP_WGADD, what, recv, delta, 0, pos=pos)
            return -1
        if name == "Done":
            self.timer_op(isa.OP_WGADD, what, recv, 0, 1, pos=pos)
            return -1
        if name == "Do":
            # sync/once.go: Do → doSlow, written out (see course/sync/once.py)
            f = args[1] if args is not None else self.expr(e.args[0])
            t1, end, unlock = self.alloc(), self.label(), self.label()
            self.timer_op(isa.OP_ONCEDONE, what, t1, recv, pos=pos)
            self.emit(isa.OP_JNZ, t1, end, pos=pos)
            self.timer_op(isa.OP_MUTEXLOCK, what, recv, 1, pos=pos)
            self.timer_op(isa.OP_ONCEDONE, what, t1, recv, pos=pos)
            self.emit(isa.OP_JNZ, t1, unlock, pos=pos)
            self.emit(isa.OP_CALLC, f, isa.FRAME_HDR, 0, -1, pos=pos)
            self.timer_op(isa.OP_ONCESET, what, recv, pos=pos)
            self.place(unlock)
            self.timer_op(isa.OP_MUTEXUNLOCK, what, recv, 1, pos=pos)
            self.place(end)
            return -1
        raise AssertionError(what)  # pragma: no cover

    def expr_Selector(self, e: N.Selector, dst):
        """A struct's field (through a pointer or a value), or t.C of a *time.Timer / *time.Ticker."""
        if isinstance(e.obj, tuple) and e.obj[0] == "field" and len(e.obj) == 3:
            r = self.ref(e.x)
            d = dst if dst is not None else self.alloc()
            self.emit(isa.OP_LOADF, d, r, e.obj[1], pos=e.pos)
            return d
        recv = self.expr(e.x)
        d = dst if dst is not None else self.alloc()
        self.timer_op(isa.OP_TIMERC, f"({e.x.type}).C", d, recv, pos=e.pos)
        return d

    def conversion(self, e: N.Call, dst) -> int:
        x = e.args[0]
        t = e.type
        d = self.expr(x, dst)
        src_t = x.type
        if T.is_integer(t) and not T.identical(T.under(src_t), T.under(t)):
            u = T.resolve_alias(T.under(t))
            if isinstance(u, T.Basic) and u.bits not in (0, 64):
                if dst is None:
                    tmp = self.alloc()
                    self.emit(isa.OP_MOV, tmp, d, pos=e.pos)
                    d = tmp
                self.normalize(d, t, "conv", e.pos)
        return d


def generate(prog: Program, filename: str, source: str) -> isa.Image:
    cg = Codegen(prog, filename, source)
    img = cg.generate()
    gate.check_supported(img, cg.constructs)
    return img
