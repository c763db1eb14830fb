"""Goroutine tracebacks and fatal messages, printed as Go prints them.

Models ``runtime/traceback.go`` (``goroutineheader``, ``traceback``, ``tracebackothers``) and
``panic.go``'s ``printpanics``/``fatal``, for the model's final state: the Gs' stacks are
walked frame by frame (each frame's header holds its function and its caller), and each frame
prints as Go's does::

    goroutine 6 [sleep]:
    main.worker(0x3)
    	/path/prog.go:12 +0x0
    created by main.main
    	/path/prog.go:20 +0x0

The ``+0x…`` pc offsets are Go's machine-code offsets; the model prints ``+0x0`` (there is no
machine code), and the comparison with real Go ignores them. Runtime frames (``runtime.main``)
and the runtime's own goroutines are hidden, as at Go's default ``GOTRACEBACK=single``.
"""
from __future__ import annotations

from typing import Callable

from . import isa
from .runtime2 import (FATAL_DEADLOCK, FATAL_PANIC, FATAL_THROW, G_FP, G_GOID, G_GOPC, G_PANICFP,
                       G_PANIC1PC, G_PANIC1TY, G_PANIC1VAL, G_PANICKING, G_PANICPC, G_PANICTY, G_PANICVAL, G_PARAM, G_PC, G_STACKLO, G_STATUS,
                       G_SYSTEM, G_WAITING, G_WAITREASON, Gdead, Gidle, Gwaiting, RW_WRITERSEM, S_ALLGLEN, S_FATAL, S_FATALG,
                       S_THROW, S_W_BADOBJ, SG_C, THROW_CHECKMARK, THROW_INCONSISTENT, THROW_MESSAGES, WAIT_REASONS, State)

G_STATUS_STRINGS = {0: "idle", 1: "runnable", 2: "running", 3: "syscall", 4: "waiting", 6: "dead",
                    8: "copystack", 9: "preempted"}
PANIC_DIVIDE, PANIC_INDEX, PANIC_SHIFT = -1, -2, -3
PANIC_TICKER = -16  # vm.PANIC_TICKER
PLAIN_PANICS = {-5: "send on closed channel", -6: "close of closed channel", -7: "close of nil channel",
                -8: "makechan: size out of range",  # runtime panics with a plainError
                PANIC_TICKER: "non-positive interval for NewTicker"}  # time/tick.go: an errors.New value
PANIC_WAITGROUP = -9  # vm.PANIC_WAITGROUP: the value is a WG_PANIC_* code
PANIC_NILDEREF = -10  # vm.PANIC_NILDEREF
PANIC_NILPTR, PANIC_SLICEACAP, PANIC_SLICEB = -11, -12, -13  # vm.PANIC_NILPTR, PANIC_SLICEACAP, PANIC_SLICEB
MAKESLICE_PANICS = {-14: "runtime error: makeslice: len out of range",  # vm.PANIC_MAKESLICELEN
                    -15: "runtime error: makeslice: cap out of range"}  # vm.PANIC_MAKESLICECAP
WAITGROUP_PANICS = {1: "sync: negative WaitGroup counter",
                    2: "sync: WaitGroup misuse: Add called concurrently with Wait",
                    3: "sync: WaitGroup is reused before previous Wait has returned"}

# The frames of Go 1.19's sync package (and its runtime hooks) above the user's call, by where
# the G stopped. (function, file under GOROOT/src, line); "(...)" marks an inlined frame.
GOSRC = "/usr/lib/go-1.19/src/"
_SEMACQ_MUTEX = ("sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)", "runtime/sema.go", 77)
_MUTEX_LOCK = [_SEMACQ_MUTEX, ("sync.(*Mutex).lockSlow(0x0)", "sync/mutex.go", 171),
               ("sync.(*Mutex).Lock(...)", "sync/mutex.go", 90)]
_FATAL = ("sync.fatal({0x0?, 0x0?})", "runtime/panic.go", 1031)


def sync_frames(S: State, image: isa.Image, gp: int, pc: int, why: str) -> list[str]:
    """Go's sync frames above the user frame at pc, for a G parked ("park"), dying of sync's
    fatal ("throw") or panicking ("panic") in a sync instruction, or for time.NewTicker's panic
    ("ticker"); [] for any other."""
    if not 0 <= pc < len(image.code):
        return []
    op, b, c = int(image.code[pc, 0]), int(image.code[pc, 2]), int(image.code[pc, 3])
    fr: list[tuple[str, str, int]] = []
    if why == "park":
        if op == isa.OP_MUTEXLOCK:
            fr = list(_MUTEX_LOCK)
            if b == 1:
                fr += [("sync.(*Once).doSlow(0x0?, 0x0?)", "sync/once.go", 70), ("sync.(*Once).Do(...)", "sync/once.go", 65)]
        elif op == isa.OP_RWLOCK:
            sg = int(S.allg[gp, G_WAITING])
            on_writer = sg >= 0 and int(S.sudogs[sg, SG_C]) in {int(x) for x in S.syncs[:, RW_WRITERSEM]}
            if on_writer:
                fr = [_SEMACQ_MUTEX, ("sync.(*RWMutex).Lock(0x0?)", "sync/rwmutex.go", 152)]
            else:
                fr = _MUTEX_LOCK + [("sync.(*RWMutex).Lock(0x0?)", "sync/rwmutex.go", 147)]
        elif op == isa.OP_RLOCK:
            fr = [_SEMACQ_MUTEX, ("sync.(*RWMutex).RLock(...)", "sync/rwmutex.go", 71)]
        elif op == isa.OP_WGWAIT:
            fr = [("sync.runtime_Semacquire(0x0?)", "runtime/sema.go", 62), ("sync.(*WaitGroup).Wait(0x0?)", "sync/waitgroup.go", 139)]
    elif why == "throw":
        if int(S.sched[S_THROW]) == THROW_INCONSISTENT:
            fr = [("sync.throw({0x0?, 0x0?})", "runtime/panic.go", 1020)]
        elif op == isa.OP_MUTEXUNLOCK:
            fr = [_FATAL, ("sync.(*Mutex).unlockSlow(0x0, 0xffffffff)", "sync/mutex.go", 229),
                  ("sync.(*Mutex).Unlock(...)", "sync/mutex.go", 223)]
            if b == 1:
                fr += [("sync.(*Once).doSlow.func1()", "sync/once.go", 71)]
        elif op == isa.OP_RUNLOCK:
            fr = [_FATAL, ("sync.(*RWMutex).rUnlockSlow(0x0, 0x0?)", "sync/rwmutex.go", 129),
                  ("sync.(*RWMutex).RUnlock(...)", "sync/rwmutex.go", 119)]
        elif op == isa.OP_RWUNLOCK:
            fr = [_FATAL, ("sync.(*RWMutex).Unlock(0x0)", "sync/rwmutex.go", 209)]
    elif why == "ticker":  # NewTicker(d <= 0) panics in its own frame
        fr = [("time.NewTicker(0x0?)", "time/tick.go", 24)]
    elif why == "nil":  # the first access through the nil pointer faults
        fr = {isa.OP_MUTEXLOCK: [("sync.(*Mutex).Lock(...)", "sync/mutex.go", 83)],
              isa.OP_MUTEXUNLOCK: [("sync.(*Mutex).Unlock(...)", "sync/mutex.go", 219)],
              isa.OP_MUTEXTRYLOCK: [("sync.(*Mutex).TryLock(...)", "sync/mutex.go", 99)],
              isa.OP_RLOCK: [("sync.(*RWMutex).RLock(...)", "sync/rwmutex.go", 69)],
              isa.OP_RUNLOCK: [("sync.(*RWMutex).RUnlock(...)", "sync/rwmutex.go", 117)],
              isa.OP_RWLOCK: [("sync.(*Mutex).Lock(...)", "sync/mutex.go", 83), ("sync.(*RWMutex).Lock(0x0)", "sync/rwmutex.go", 147)],
              isa.OP_RWUNLOCK: [("sync.(*RWMutex).Unlock(0x0)", "sync/rwmutex.go", 206)],
              isa.OP_WGADD: [("sync.(*WaitGroup).state(...)", "sync/waitgroup.go", 38),
                             ("sync.(*WaitGroup).Add(0x0, 0x0?)", "sync/waitgroup.go", 63)],
              isa.OP_WGWAIT: [("sync.(*WaitGroup).state(...)", "sync/waitgroup.go", 38),
                              ("sync.(*WaitGroup).Wait(0x0)", "sync/waitgroup.go", 113)],
              isa.OP_ONCEDONE: [("sync.(*Once).Do(...)", "sync/once.go", 63)],
              isa.OP_RWTRYLOCK: [("sync.(*Mutex).TryLock(...)", "sync/mutex.go", 99), ("sync.(*RWMutex).TryLock(0x0)", "sync/rwmutex.go", 171)],
              isa.OP_RWTRYRLOCK: [("sync.(*RWMutex).TryRLock(...)", "sync/rwmutex.go", 90)]}.get(op, [])
        if op == isa.OP_WGADD and c == 1:
            fr.append(("sync.(*WaitGroup).Done(...)", "sync/waitgroup.go", 108))
    elif why == "panic":
        if op == isa.OP_WGADD:
            fr = [("sync.(*WaitGroup).Add(0x0?, 0x0?)", "sync/waitgroup.go", 83)]
            if c == 1:
                fr.append(("sync.(*WaitGroup).Done(...)", "sync/waitgroup.go", 108))
        elif op == isa.OP_WGWAIT:
            fr = [("sync.(*WaitGroup).Wait(0x0?)", "sync/waitgroup.go", 141)]
    out = []
    for name, path, line in fr:
        out += [name, f"\t{GOSRC}{path}:{line} +0x0"]
    return out


def goroutineheader(S: State, gp: int) -> str:
    """traceback.go goroutineheader: ``goroutine N [status]:``."""
    st = int(S.allg[gp, G_STATUS])
    status = G_STATUS_STRINGS.get(st, "???")
    if st == Gwaiting and S.allg[gp, G_WAITREASON] != 0:
        status = WAIT_REASONS.get(int(S.allg[gp, G_WAITREASON]), status)
    return f"goroutine {int(S.allg[gp, G_GOID])} [{status}]:"


RUNTIME_PANIC_FRAME = -2  # gopanic, which called a deferred function during a panic
GOROOT_PANIC_GO = "/usr/lib/go-1.19/src/runtime/panic.go:884"


def frames(S: State, image: isa.Image, gp: int, top_fp: int, top_pc: int) -> list[tuple[int, int, int]]:
    """The G's frames, innermost first: (func id, pc in that frame, absolute fp). A deferred
    call that a panic made is followed by Go's runtime ``panic`` frame, then by the frame that
    had panicked, at the pc where it panicked."""
    out = []
    lo = int(S.allg[gp, G_STACKLO])
    fp, pc = lo + top_fp, top_pc
    for _ in range(10_000):
        fn = int(S.stack[fp + isa.FRAME_FN])
        out.append((fn, pc, fp))
        retpc = int(S.stack[fp + isa.FRAME_RETPC])
        if retpc == isa.RET_PANICKING:
            out.append((RUNTIME_PANIC_FRAME, -1, -1))
            pc = int(S.allg[gp, G_PANIC1PC])
        elif retpc < 0:
            break
        else:
            pc = retpc - 1  # the CALL instruction
        fp = lo + int(S.stack[fp + isa.FRAME_CALLERFP])
    return out


def format_frames(S: State, image: isa.Image, gp: int, fr: list[tuple[int, int, int]]) -> list[str]:
    lines = []
    for fn, pc, fp in fr:
        if fn == RUNTIME_PANIC_FRAME:
            lines += ["panic({0x0, 0x0})", f"\t{GOROOT_PANIC_GO} +0x0"]
            continue
        if int(image.funcs[fn, isa.F_FLAGS]) & isa.FUNC_RUNTIME:
            continue
        name = image.strings[int(image.funcs[fn, isa.F_NAME])]
        nparams = int(image.funcs[fn, isa.F_NPARAMS])
        args = ", ".join(f"0x{int(S.stack[fp + isa.FRAME_HDR + i]) & 0xFFFFFFFFFFFFFFFF:x}" for i in range(nparams))
        if int(image.funcs[fn, isa.F_FLAGS]) & isa.FUNC_LITERAL and nparams == 0:
            args = ""
        line = int(image.lines[pc, 0]) if 0 <= pc < len(image.lines) else 0
        if 0 <= pc < len(image.code) - 1 and int(image.code[pc, 0]) == isa.OP_CALLC \
                and int(image.code[pc + 1, 0]) == isa.OP_ONCESET:
            # the f() of a Once.Do (compiled inline): Go's doSlow and Do frames are between
            lines += ["sync.(*Once).doSlow(0x0?, 0x0?)", f"\t{GOSRC}sync/once.go:74 +0x0",
                      "sync.(*Once).Do(...)", f"\t{GOSRC}sync/once.go:65"]
        lines.append(f"{name}({args})")
        lines.append(f"\t{image.filename}:{line} +0x0")
    return lines


def created_by(S: State, image: isa.Image, gp: int) -> list[str]:
    gopc = int(S.allg[gp, G_GOPC])
    if gopc == -2:  # time.GOPC_GOFUNC: started by an AfterFunc timer
        return ["created by time.goFunc", f"\t{GOSRC}time/sleep.go:176 +0x0"]
    if gopc < 0 or int(S.allg[gp, G_GOID]) == 1:
        return []
    fn = image.func_at(gopc)
    name = image.strings[int(image.funcs[fn, isa.F_NAME])]
    return [f"created by {name}", f"\t{image.filename}:{int(image.lines[gopc, 0])} +0x0"]


def goroutine_traceback(S: State, image: isa.Image, gp: int, *, panicking: bool = False, throwing: bool = False) -> str:
    if panicking:
        pc = int(S.allg[gp, G_PANICPC])
        fr = frames(S, image, gp, int(S.allg[gp, G_PANICFP]), pc)
        head = f"goroutine {int(S.allg[gp, G_GOID])} [running]:"
        ty = int(S.allg[gp, G_PANICTY])
        why = {PANIC_WAITGROUP: "panic", PANIC_NILDEREF: "nil", PANIC_TICKER: "ticker"}.get(ty)
        top = sync_frames(S, image, gp, pc, why) if why else []
    else:
        pc = int(S.allg[gp, G_PC]) - 1
        fr = frames(S, image, gp, int(S.allg[gp, G_FP]), pc)
        head = goroutineheader(S, gp)
        top = sync_frames(S, image, gp, pc, "throw" if throwing else "park") if (throwing or int(S.allg[gp, G_STATUS]) == Gwaiting) else []
    return "\n".join([head] + top + format_frames(S, image, gp, fr) + created_by(S, image, gp))


def panic_message(S: State, gp: int, string_of: Callable[[int], str], *, first: bool = False) -> str:
    """panic.go printpanicval: the text after ``panic: `` (of the aborted first panic, when
    ``first``)."""
    ty = int(S.allg[gp, G_PANIC1TY if first else G_PANICTY])
    val = int(S.allg[gp, G_PANIC1VAL if first else G_PANICVAL])
    if ty == PANIC_DIVIDE:
        return "runtime error: integer divide by zero"
    if ty == PANIC_INDEX:
        return f"runtime error: index out of range [{val}] with length {int(S.allg[gp, G_PARAM])}"
    if ty == PANIC_SHIFT:
        return "runtime error: negative shift amount"
    if ty in PLAIN_PANICS:
        return PLAIN_PANICS[ty]
    if ty == PANIC_WAITGROUP:
        return WAITGROUP_PANICS.get(val, "sync: WaitGroup misuse")
    if ty == PANIC_NILPTR:  # a nil *T dereferenced (sigpanic: the address is the field's offset)
        return ("runtime error: invalid memory address or nil pointer dereference\n"
                f"[signal SIGSEGV: segmentation violation code=0x1 addr={int(S.allg[gp, G_PARAM]):#x} pc=0x0]")
    if ty == PANIC_SLICEACAP:  # panicSliceAcap
        return f"runtime error: slice bounds out of range [:{val}] with capacity {int(S.allg[gp, G_PARAM])}"
    if ty == PANIC_SLICEB:  # panicSliceB
        return f"runtime error: slice bounds out of range [{val}:{int(S.allg[gp, G_PARAM])}]"
    if ty in MAKESLICE_PANICS:
        return MAKESLICE_PANICS[ty]
    if ty == PANIC_NILDEREF:  # a runtime error raised by the SIGSEGV handler (sigpanic)
        return ("runtime error: invalid memory address or nil pointer dereference\n"
                "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]")
    try:
        from .fmt import format_panic_value

        return format_panic_value(ty, val, string_of)
    except ImportError:  # pragma: no cover - course.fmt is always there in a full checkout
        if ty == isa.TY_STRING:
            return string_of(val)
        if ty == isa.TY_BOOL:
            return "true" if val else "false"
        return str(val)


def fatal_text(S: State, image: isa.Image, string_of: Callable[[int], str]) -> str:
    """What the runtime prints on stderr when the program dies (empty if it exited normally)."""
    kind = int(S.sched[S_FATAL])
    if kind == FATAL_PANIC:
        gp = int(S.sched[S_FATALG])
        msg = panic_message(S, gp, string_of)
        if int(S.allg[gp, G_PANICKING]) >= 2:  # printpanics: the aborted panic, then this one
            msg = panic_message(S, gp, string_of, first=True) + "\n\tpanic: " + msg
        return f"panic: {msg}\n\n" + goroutine_traceback(S, image, gp, panicking=True) + "\n"
    if kind == FATAL_THROW and int(S.sched[S_THROW]) != 0:
        # sync's fatal() or a runtime throw: the message and the goroutine that raised it
        # (GOTRACEBACK=single; none when a background mark worker, not a G here, threw)
        gp = int(S.sched[S_FATALG])
        msg = THROW_MESSAGES.get(int(S.sched[S_THROW]), "?")
        head = ""
        if int(S.sched[S_THROW]) == THROW_CHECKMARK:  # mcheckmark.go, setCheckmark
            head = f"runtime: checkmarks found unexpected unmarked object obj={hex(int(S.sched[S_W_BADOBJ]) * 8)}\n"
        if gp < 0:
            return f"{head}fatal error: {msg}\n"
        return f"{head}fatal error: {msg}\n\n" + goroutine_traceback(S, image, gp, throwing=True) + "\n"
    if kind in (FATAL_DEADLOCK, FATAL_THROW):
        what = "all goroutines are asleep - deadlock!" if kind == FATAL_DEADLOCK else "checkdead: runnable g"
        parts = [f"fatal error: {what}", ""]
        for gp in range(int(S.sched[S_ALLGLEN])):
            st = int(S.allg[gp, G_STATUS])
            if st in (Gdead, Gidle) or int(S.allg[gp, G_SYSTEM]):
                continue
            parts.append(goroutine_traceback(S, image, gp))
            parts.append("")
        return "\n".join(parts)
    return ""
