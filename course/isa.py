"""The instruction set of the simulated runtime: the contract between the compiler and the VM.

Go compiles a function to machine code; our front end (``course.compiler``) compiles it to a
small *register machine* code that the numba VM (``course.vm``) runs one G at a time. Every
value is one ``int64`` slot:

============  ==========================================================================
Go type       slot holds
============  ==========================================================================
int           the value (Go's int is 64-bit here, as on amd64)
bool          0 or 1
string        a string id: an index into the program's string table (constants first,
              then strings made at run time by ``SCONCAT``)
func value    a heap reference to a closure object ``[func_id, ncap, cell0, cell1, ...]``
captured var  a heap reference to a one-slot *cell* (the compiler boxes every variable a
              closure captures, as Go's escape analysis moves it to the heap)
chan, ...     (part 2 and later: a channel id, a heap pointer ...)
============  ==========================================================================

Frames
------
Each call gets a frame of ``F_FRAMESIZE`` slots on the G's stack (a segment of one big
``int64`` pool that grows by doubling, as ``runtime.newstack`` doubles a goroutine stack).
Slot numbers in instructions are *frame-relative*. The first ``FRAME_HDR`` slots are the
header; parameters follow in order, then locals and temporaries::

    fp+0  return pc (RET_GOEXIT for a goroutine's entry function: returning from it exits the G)
    fp+1  caller's fp (as an offset from the stack base, so a stack can move)
    fp+2  caller's result slot: where RET copies results (frame-relative to the caller, -1: drop)
    fp+3  closure context: the closure's heap ref, or -1 for a plain function
    fp+4  number of defer records this frame has pushed and not yet run (managed by the VM)
    fp+5  the function's id (for the frame size, tracebacks and the Source view)
    fp+6  first parameter ...

Instructions
------------
An instruction is one row ``[op, a, b, c, d]`` of an ``int64`` array of shape (n, 5); its
source position is the same row of ``lines`` (line, column, 1-based). Jump targets are
absolute instruction indices. ``Assembler`` below builds both arrays with labels, so neither
the compiler nor a hand-written scenario ever counts instructions.

Channels, select and sync (part 2) and the heap and GC (part 3) add opcodes after
``OP_LAST_PART1``; the VM dispatches on ``op`` so new ones slot in without renumbering.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# --- frame layout -------------------------------------------------------------------------
FRAME_RETPC = 0
FRAME_CALLERFP = 1
FRAME_RETDST = 2
FRAME_CTX = 3
FRAME_NDEFER = 4
FRAME_FN = 5
FRAME_HDR = 6  # first parameter slot

RET_GOEXIT = -1  # return pc of a goroutine's entry frame: returning runs goexit
RET_DEFERRED = -2  # return pc of a deferred call: returning resumes the frame's RET (more defers)
RET_PANICKING = -3  # return pc of a deferred call run by a panic: returning resumes unwinding

# --- function table (funcs array columns) -------------------------------------------------
F_ENTRY = 0  # first instruction
F_NPARAMS = 1
F_NRESULTS = 2
F_FRAMESIZE = 3  # slots, header included
F_NAME = 4  # string id of the Go name, e.g. "main.worker", "main.main.func1"
F_FLAGS = 5  # FUNC_* bits
F_NCOLS = 6
FUNC_RUNTIME = 1  # a runtime frame (hidden in tracebacks, as Go hides runtime.main)
FUNC_LITERAL = 2  # a function literal (closure)

# --- value types (for printing and panics; the VM itself is untyped) -----------------------
TY_INT = 1
TY_BOOL = 2
TY_STRING = 3
TY_DURATION = 4  # time.Duration: an int that prints as "1.5s"
TY_FUNC = 5
TY_CHAN = 6
TY_NIL = 7
TY_TIME = 8  # time.Time (the model's simulated ns; printing one is not supported)

# --- opcodes ------------------------------------------------------------------------------
# Operands are frame slots unless written `imm` (an immediate), `pc` (an instruction index),
# `fn` (a function id), `str` (a string id) or `desc` (a print descriptor id).
OP_NOP = 0
OP_CONST = 1  # a=dst, b=imm                  dst = imm (ints, bools, string ids)
OP_MOV = 2  # a=dst, b=src                    dst = src
OP_ADD = 3  # a=dst, b=x, c=y                 dst = x + y (wraps like Go int64)
OP_SUB = 4
OP_MUL = 5
OP_DIV = 6  # truncates toward zero; y == 0 panics "runtime error: integer divide by zero"
OP_REM = 7  # sign of x, as Go's %; y == 0 panics likewise
OP_NEG = 8  # a=dst, b=x
OP_AND = 9
OP_OR = 10
OP_XOR = 11
OP_ANDNOT = 12  # x &^ y
OP_SHL = 13  # negative count panics "runtime error: negative shift amount"; >= 64 gives 0
OP_SHR = 14  # arithmetic; >= 64 gives 0 or -1
OP_NOT = 15  # a=dst, b=x                     dst = !x (bools)
OP_EQ = 16  # a=dst, b=x, c=y                 dst = x == y (ints, bools; strings use SCMP)
OP_NE = 17
OP_LT = 18
OP_LE = 19
OP_GT = 20
OP_GE = 21
OP_ADDI = 22  # a=dst, b=x, c=imm             dst = x + imm (i++, i += 2 ...)
OP_JMP = 23  # a=pc
OP_JZ = 24  # a=cond, b=pc                    jump if cond == 0
OP_JNZ = 25  # a=cond, b=pc                   jump if cond != 0
OP_SCONCAT = 26  # a=dst, b=x, c=y            dst = x + y (strings; makes a new string id)
OP_SCMP = 27  # a=dst, b=x, c=y               dst = -1, 0 or 1 (bytewise, as Go compares)
OP_SLEN = 28  # a=dst, b=s                    dst = len(s) in bytes
OP_SINDEX = 29  # a=dst, b=s, c=i             dst = s[i] (a byte); out of range panics
OP_CALL = 30  # a=fn, b=args, c=nargs, d=dst  call fn with slots args..args+nargs-1;
#                                              results land in dst.. (d=-1: discard)
OP_CALLC = 31  # a=clo, b=args, c=nargs, d=dst call the closure in slot clo
OP_RET = 32  # a=res, b=nres                  return slots res..res+nres-1 (runs defers first)
OP_GO = 33  # a=fn, b=args, c=nargs           go fn(args...)  (runtime.newproc)
OP_GOC = 34  # a=clo, b=args, c=nargs         go clo(args...)
OP_DEFER = 35  # a=fn, b=args, c=nargs        defer fn(args...) (args evaluated now)
OP_DEFERC = 36  # a=clo, b=args, c=nargs      defer clo(args...)
OP_NEWCELL = 37  # a=dst, b=src               dst = ref to a new heap cell holding src
OP_LOADCELL = 38  # a=dst, b=ref              dst = *ref
OP_STORECELL = 39  # a=ref, b=src             *ref = src
OP_MKCLOSURE = 40  # a=dst, b=fn, c=caps, d=ncap  dst = closure of fn over cell refs caps..
OP_LOADCAP = 41  # a=dst, b=imm               dst = i-th captured cell ref of this closure
OP_LOADG = 42  # a=dst, b=imm                 dst = globals[imm]   (package-level variables)
OP_STOREG = 43  # a=imm, b=src                globals[imm] = src
OP_PRINT = 44  # a=desc, b=args, c=nargs      fmt.Println/Printf/Print, print, println
OP_GOSCHED = 45  # runtime.Gosched()
OP_GOMAXPROCS = 46  # a=dst, b=n              dst = runtime.GOMAXPROCS(n)
OP_NUMGOROUTINE = 47  # a=dst                 dst = runtime.NumGoroutine()
OP_SLEEP = 48  # a=ns                         time.Sleep(ns)
OP_PANIC = 49  # a=val, b=imm (TY_*)          panic(val)
OP_EXIT = 50  # a=imm                         exit the program with status imm (runtime.main)
OP_BLOCK = 51  # a=imm (wait reason)          park forever: select {}, and the runtime's idle goroutines
OP_LAST_PART1 = 51

# --- part 2: channels and select (chan.go, select.go) ----------------------------------------
# A channel value is a channel id (index into the runtime's hchan table); nil is -1. The
# element travels as one slot (int, bool, string id; struct{} is 0).
OP_MAKECHAN = 52  # a=dst, b=size, c=imm (TY_* of the element)   dst = make(chan T, size)
#                   size < 0 panics "makechan: size out of range"
OP_CHANSEND = 53  # a=ch, b=val                   ch <- val  (blocks; nil ch blocks forever)
OP_CHANRECV = 54  # a=dst, b=ch, c=okdst          dst = <-ch; okdst (-1: none) = ok
#                   (dst=-1 for a receive whose value is dropped: `<-ch` as a statement)
OP_CLOSE = 55  # a=ch                             close(ch)
OP_CHANLEN = 56  # a=dst, b=ch                    dst = len(ch)
OP_CHANCAP = 57  # a=dst, b=ch                    dst = cap(ch)
OP_SELECT = 58  # a=cases, b=ncases, c=block, d=dst
#   select over ncases cases described in 3 consecutive slots each, starting at slot `cases`:
#     [kind, ch, val]  kind 1 = send (val is the value), 2 = receive (val unused)
#   c=1 blocks (no default); c=0 has a default. Results: dst = index of the chosen case in
#   source order (-1: the default ran), dst+1 = the value received, dst+2 = ok (for v, ok).
#   Cases on nil channels are never chosen (select.go leaves them out of the poll order).
#   `select {}` compiles to OP_BLOCK waitReasonSelectNoCases (7).
OP_LAST_PART2_CHAN = 58

# --- part 2: timers (time.go, time/sleep.go, time/tick.go) -----------------------------------
# A Timer value is a timer id; its channel C is a buffered chan (cap 1) whose element is the
# firing time (simulated ns since the program started) as Go sends time.Now().
OP_NEWTIMER = 59  # a=dst, b=ns, c=imm (0: NewTimer/After, 1: Tick/NewTicker: fires every ns)
#                   dst = a started timer; time.After(d) is NEWTIMER then TIMERC
OP_TIMERC = 60  # a=dst, b=timer                 dst = t.C
OP_TIMERSTOP = 61  # a=dst, b=timer              dst = t.Stop() (true if it was still pending)
OP_TIMERRESET = 62  # a=dst, b=timer, c=ns       dst = t.Reset(ns) (true if it was still pending)
OP_LAST_PART2_TIMERS = 62

# --- part 2: sync (sync/mutex.go, rwmutex.go, waitgroup.go, once.go; runtime/sema.go) --------
# A sync.Mutex / RWMutex / WaitGroup / Once value is a sync id (a row of the runtime's sync
# table, made by NEWSYNC where the variable is declared: the zero value is ready to use). A
# method call on the variable (Go takes its address: the methods have pointer receivers) passes
# the id. An instruction that must wait parks the G and runs again when it is woken.
OP_NEWSYNC = 63  # a=dst, b=imm (SYNC_* kind)     dst = a new zero sync.T
OP_MUTEXLOCK = 64  # a=mu, b=imm (0: mu.Lock(), 1: the o.m.Lock() of Once.doSlow)
OP_MUTEXUNLOCK = 65  # a=mu, b=imm (0: mu.Unlock(), 1: Once.doSlow's deferred o.m.Unlock())
OP_MUTEXTRYLOCK = 66  # a=dst, b=mu               dst = mu.TryLock()
OP_RLOCK = 67  # a=rw                             rw.RLock()
OP_RUNLOCK = 68  # a=rw                           rw.RUnlock()
OP_RWLOCK = 69  # a=rw                            rw.Lock()
OP_RWUNLOCK = 70  # a=rw                          rw.Unlock()
OP_WGADD = 71  # a=wg, b=delta, c=imm (1: wg.Done(), delta ignored)   wg.Add(delta)
OP_WGWAIT = 72  # a=wg                            wg.Wait()
OP_ONCEDONE = 73  # a=dst, b=once                 dst = atomic.LoadUint32(&once.done)
OP_ONCESET = 74  # a=once                         atomic.StoreUint32(&once.done, 1)
OP_LAST_PART2_SYNC = 74
OP_AFTERFUNC = 75  # a=dst, b=ns, c=clo            dst = time.AfterFunc(ns, clo) (a timer id)
OP_LAST_PART2_AFTERFUNC = 75
OP_RWTRYLOCK = 76  # a=dst, b=rw                  dst = rw.TryLock()
OP_RWTRYRLOCK = 77  # a=dst, b=rw                 dst = rw.TryRLock()
OP_LAST_PART2 = 77

# --- part 3: the heap (malloc.go, slice.go) and the GC (mgc.go, mstats.go) ---------------------
# A struct, pointer or slice value is a reference REF_TAG + index into State.objheap (nil: 0);
# see course.malloc. A struct *value* is a box the compiler copies where Go copies the struct.
OP_NEWOBJ = 78  # a=dst, b=imm nslots, c=imm bytes (0: a value box, not heap-accounted), d=imm ptrdata
#                  dst = a new zeroed object (&T{}, new(T): mallocgc; T{}: a box)
OP_LOADF = 79  # a=dst, b=ref, c=imm field     dst = ref.f   (nil: panic, addr = 8*field)
OP_STOREF = 80  # a=ref, b=imm field, c=src    ref.f = src
OP_COPYOBJ = 81  # a=dst, b=src                dst = a new box with src's slots (struct copy)
OP_COPYINTO = 82  # a=dstref, b=srcref         *dst = *src (nil dst: panic)
OP_MAKESLICE = 83  # a=dst, b=len, c=cap, d=imm elem   dst = make([]T, len, cap)
OP_APPEND = 84  # a=dst, b=args, c=imm n, d=imm elem   dst = append(args[0], args[1..n])
# (elem: the element's size | its ptrdata << ELEM_PTRSHIFT, see elem_operand)
ELEM_PTRSHIFT = 32
ELEM_SIZEMASK = (1 << ELEM_PTRSHIFT) - 1


def elem_operand(size: int, ptrdata: int) -> int:
    """MAKESLICE's and APPEND's d: the element's size and its pointer bytes (Go's _type.size and
    _type.ptrdata), for mallocgc's accounting and the GC's scan of the backing array."""
    return size | (ptrdata << ELEM_PTRSHIFT)


OP_SLICEGET = 85  # a=dst, b=s, c=i             dst = s[i]  (out of range: panic)
OP_SLICESET = 86  # a=s, b=i, c=src             s[i] = src
OP_SLICELEN = 87  # a=dst, b=s                  dst = len(s) (nil: 0)
OP_SLICECAP = 88  # a=dst, b=s                  dst = cap(s)
OP_RESLICE = 89  # a=dst, b=s, c=lohi (2 slots: lo, hi; hi = -1 << 62: len(s))   dst = s[lo:hi]
OP_GC = 90  # runtime.GC()
OP_READMEMSTATS = 91  # a=ref                   runtime.ReadMemStats(ref) (a MemStats box)
OP_SETGCPERCENT = 92  # a=dst, b=v              dst = debug.SetGCPercent(v)
OP_SETMEMLIMIT = 93  # a=dst, b=v               dst = debug.SetMemoryLimit(v)
OP_LAST_PART3 = 93


OPNAMES = {v: k[3:] for k, v in list(globals().items()) if k.startswith("OP_") and not k.startswith("OP_LAST")}

# --- print descriptors ---------------------------------------------------------------------
PRINT_FMT_PRINTLN = 1  # fmt.Println: stdout, a syscall (write) like Go's os.Stdout.Write
PRINT_FMT_PRINTF = 2  # fmt.Printf: format string in the descriptor
PRINT_FMT_PRINT = 3  # fmt.Print
PRINT_BUILTIN_PRINT = 4  # print: stderr, the runtime's own write (no syscall bookkeeping)
PRINT_BUILTIN_PRINTLN = 5  # println


@dataclass(frozen=True)
class PrintDesc:
    """What one OP_PRINT prints: which function, the Printf format, and each argument's type."""

    kind: int
    types: tuple[int, ...]
    format: str = ""

    @property
    def to_stderr(self) -> bool:
        return self.kind in (PRINT_BUILTIN_PRINT, PRINT_BUILTIN_PRINTLN)

    @property
    def is_syscall(self) -> bool:
        """fmt writes through os.File (entersyscall/exitsyscall); print/println do not."""
        return not self.to_stderr


@dataclass
class Image:
    """A compiled program: what the front end hands to the runtime.

    ``code`` (n, 5) and ``lines`` (n, 2) are the instructions and their source positions,
    ``funcs`` (nfuncs, F_NCOLS) the function table, ``strings`` the constant string table
    (id = index), ``prints`` the print descriptors (id = index), ``entry`` the function the
    main goroutine starts in (the compiler's ``runtime.main``: package init, ``main.main``,
    then ``EXIT 0``), ``nglobals`` the number of package-level variable slots.
    """

    code: np.ndarray
    lines: np.ndarray
    funcs: np.ndarray
    strings: list[str]
    prints: list[PrintDesc]
    entry: int
    nglobals: int = 0
    filename: str = "prog.go"
    source: str = ""
    func_names: list[str] = field(default_factory=list)

    def func_at(self, pc: int) -> int:
        """The id of the function containing instruction ``pc``."""
        entries = self.funcs[:, F_ENTRY]
        best = -1
        for fid in range(len(entries)):
            if entries[fid] <= pc and (best < 0 or entries[fid] > entries[best]):
                best = fid
        return best

    def disassemble(self) -> str:
        """A readable listing, one instruction a line, with function names and source lines."""
        out = []
        starts = {int(self.funcs[f, F_ENTRY]): f for f in range(len(self.funcs))}
        for pc, (op, a, b, c, d) in enumerate(self.code.tolist()):
            if pc in starts:
                f = starts[pc]
                out.append(f"{self.strings[int(self.funcs[f, F_NAME])]}:  (frame {int(self.funcs[f, F_FRAMESIZE])})")
            out.append(f"  {pc:5d}  {OPNAMES.get(op, op):<12} {a:>5} {b:>5} {c:>5} {d:>5}   ; line {self.lines[pc, 0]}")
        return "\n".join(out)


class Label:
    __slots__ = ("pc",)

    def __init__(self) -> None:
        self.pc = -1


class FuncAsm:
    """Builds one function's code. Slots are handed out by ``slot()``; the frame size follows."""

    def __init__(self, asm: "Assembler", fid: int, name: str, nparams: int, nresults: int, flags: int):
        self.asm, self.fid, self.name = asm, fid, name
        self.nparams, self.nresults, self.flags = nparams, nresults, flags
        self.code: list[list[int]] = []
        self.lines: list[tuple[int, int]] = []
        self.fixups: list[tuple[int, int, Label]] = []  # (instruction, operand column, label)
        self.nslots = FRAME_HDR + nparams

    def param(self, i: int) -> int:
        """The slot of parameter ``i``."""
        return FRAME_HDR + i

    def slot(self, n: int = 1) -> int:
        """Reserve ``n`` consecutive slots; returns the first."""
        s = self.nslots
        self.nslots += n
        return s

    def label(self) -> Label:
        return Label()

    def place(self, label: Label) -> None:
        label.pc = len(self.code)

    def emit(self, op: int, a=0, b=0, c=0, d=0, line: int = 0, col: int = 0) -> int:
        """Append one instruction; a ``Label`` operand is patched once the label is placed."""
        row = [op, 0, 0, 0, 0]
        for col_i, v in enumerate((a, b, c, d), start=1):
            if isinstance(v, Label):
                self.fixups.append((len(self.code), col_i, v))
            else:
                row[col_i] = int(v)
        self.code.append(row)
        self.lines.append((line, col))
        return len(self.code) - 1


class Assembler:
    """Builds an ``Image`` from functions. Used by the compiler and by hand-built scenarios."""

    def __init__(self, filename: str = "prog.go", source: str = ""):
        self.filename, self.source = filename, source
        self.funcs: list[FuncAsm] = []
        self.strings: list[str] = []
        self._string_ids: dict[str, int] = {}
        self.prints: list[PrintDesc] = []
        self._print_ids: dict[PrintDesc, int] = {}
        self.nglobals = 0

    def string(self, s: str) -> int:
        """The id of a constant string (interned)."""
        if s not in self._string_ids:
            self._string_ids[s] = len(self.strings)
            self.strings.append(s)
        return self._string_ids[s]

    def print_desc(self, kind: int, types: tuple[int, ...], format: str = "") -> int:
        d = PrintDesc(kind, tuple(types), format)
        if d not in self._print_ids:
            self._print_ids[d] = len(self.prints)
            self.prints.append(d)
        return self._print_ids[d]

    def func(self, name: str, nparams: int, nresults: int, flags: int = 0) -> FuncAsm:
        """Declare a function (its id is fixed now, so calls can be emitted before its body)."""
        self.string(name)
        f = FuncAsm(self, len(self.funcs), name, nparams, nresults, flags)
        self.funcs.append(f)
        return f

    def finish(self, entry: FuncAsm) -> Image:
        code: list[list[int]] = []
        lines: list[tuple[int, int]] = []
        funcs = np.zeros((len(self.funcs), F_NCOLS), dtype=np.int64)
        for f in self.funcs:
            base = len(code)
            for pc, col_i, label in f.fixups:
                if label.pc < 0:
                    raise ValueError(f"label used but never placed in {f.name}")
                f.code[pc][col_i] = base + label.pc
            code.extend(f.code)
            lines.extend(f.lines)
            funcs[f.fid] = (base, f.nparams, f.nresults, f.nslots, self.string(f.name), f.flags)
        return Image(
            code=np.array(code, dtype=np.int64).reshape(-1, 5),
            lines=np.array(lines, dtype=np.int32).reshape(-1, 2),
            funcs=funcs,
            strings=list(self.strings),
            prints=list(self.prints),
            entry=entry.fid,
            nglobals=self.nglobals,
            filename=self.filename,
            source=self.source,
            func_names=[f.name for f in self.funcs],
        )
