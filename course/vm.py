"""The VM: runs one G's instructions on its M until the G must give the M up.

This stands in for the machine code Go would run. ``run_g`` executes the current G from its
saved pc and frame and returns a *stop code* saying why it stopped: it yielded
(``Gosched``), was preempted, parked (sleep, later channels and locks), entered a syscall
(``fmt`` printing), exited, panicked, or simply reached the *horizon*, the time at which
another M, sysmon or a timer must act first. ``course.engine`` turns each stop code into the
scheduler call Go makes (``goschedImpl``, ``gopreempt_m``, ``park_m``, ``entersyscall``,
``goexit0`` ...).

Preemption is noticed where Go notices it: at function calls (the stack-check prologue) and,
with asynchronous preemption (the default since Go 1.14), at loop back-edges too; with
``GODEBUG=asyncpreemptoff=1`` a call-free loop is never preempted, as in Go.

Panics unwind as Go's do: the deferred calls run *on top of* the panicking stack (frames are
not popped), so the traceback printed at the end shows the stack at the panic.
"""
from __future__ import annotations

import numpy as np

from ._jit import jit
from .costs import C_ALLOC, C_CALL, C_FMT, C_INSTR, C_STRING
from .isa import *  # noqa: F403  (opcodes, frame layout, function table columns)
from .proc import gcount, goid, newproc1, newproc_finish, traceev
from .runtime2 import *  # noqa: F403
from .chan import (CH_DONE, CH_GROW, CH_NILBLOCK, CH_PANIC_CLOSECLOSED, CH_PANIC_CLOSENIL, CH_PARKED,
                   chanrecv, chanResume, chansend, closechan, makechan)
from .select import SEL_DONE, SEL_GROW, SEL_PARKED, selectgo, selectResume
from .time import afterFunc, deltimer, newTimer, resetTimer, timeSleepTimer
from .chan import sudog_room
from .sync.mutex import (SY_DONE, SY_GROW, SY_PANIC, SY_PARKED, SY_SPIN, SY_THROW, SY_YIELD, Lock, TryLock,
                         Unlock, newsync)
from .sync.rwmutex import RLock, RUnlock, RWLock, RWUnlock, RWTryLock, TryRLock
from .sync.waitgroup import Add, Wait
from .sync.once import loadDone, storeDone
from .traceev import EV_DEFER, EV_PANIC, EV_PRINT, R_DEFER, R_PANIC
from .malloc import (OH_HDR, OH_NSLOTS, REF_TAG, SL_ARRAY, SL_CAP, SL_LEN, SL_OFF, growslice_cap, maxAlloc,
                     newobject, objroom)
from .mgc import (allocated, gcAssistAlloc, gcOutFull, gcStart, gcTriggerCycle, gcTriggerHeap, gcTriggerHeapTest,
                  setGCPercentOp, setMemoryLimitOp)
from .mbarrier import gcWriteBarrier
from .mstats import readmemstats
from .runtime2 import S_GCPHASE, S_OBJTOP

# stop codes
VM_HORIZON = 0  # the clock passed the horizon; the G is still running
VM_GOSCHED = 1
VM_PREEMPTED = 2
VM_PARK = 3  # G_WAITREASON says why
VM_SLEEP = 4  # G_PARAM holds the wake-up time
VM_EXIT = 5  # the G's entry function returned
VM_SYSCALL = 6
VM_GROW = 7  # an array is full (S_GROW); the instruction runs again after growing
VM_PANIC = 8  # an unrecovered panic: the program dies
VM_PROGEXIT = 9  # runtime.main called exit (G_PARAM: status)
VM_GOMAXPROCS = 10  # GOMAXPROCS(n) must stop the world (G_PARAM: n)
VM_LIMIT = 11  # the instruction budget is spent
VM_GOYIELD = 12  # a semaphore handoff: goyield (the woken waiter runs next)
VM_THROW = 13  # fatal error raised by sync (S_THROW says which): the program dies

# runtime-error panics (G_PANICTY < 0)
PANIC_DIVIDE = -1  # runtime error: integer divide by zero
PANIC_INDEX = -2  # runtime error: index out of range [i] with length n (G_PARAM: n)
PANIC_SHIFT = -3  # runtime error: negative shift amount
PANIC_BADOP = -4  # not Go's: the VM met an instruction it does not know (a compiler bug)
PANIC_SENDCLOSED = -5  # send on closed channel
PANIC_CLOSECLOSED = -6  # close of closed channel
PANIC_CLOSENIL = -7  # close of nil channel
PANIC_MAKECHAN = -8  # makechan: size out of range
PANIC_WAITGROUP = -9  # a WaitGroup panic; the value is its WG_PANIC_* code (sync/waitgroup.go)
PANIC_NILDEREF = -10  # invalid memory address or nil pointer dereference (a method of a nil *sync.T)
SY_NILDEREF = 7
PANIC_NILPTR = -11  # invalid memory address or nil pointer dereference (G_PARAM: the address)
PANIC_SLICEACAP = -12  # slice bounds out of range [:hi] with capacity cap (G_PARAM: cap)
PANIC_SLICEB = -13  # slice bounds out of range [lo:hi] (G_PARAM: hi)
PANIC_MAKESLICELEN = -14  # makeslice: len out of range
PANIC_MAKESLICECAP = -15  # makeslice: cap out of range
PANIC_TICKER = -16  # non-positive interval for NewTicker (time/tick.go)
HI_LEN = -(1 << 62)  # OP_RESLICE: hi omitted (s[lo:])

# The instructions this VM runs. The compiler refuses a program that needs any other (with
# Go's-style "not supported in this course's Go subset (yet)"), so a half-built part of the
# runtime can never surface as a wrong run.
SUPPORTED_OPS = frozenset(range(OP_NOP, OP_LAST_PART3 + 1))

TRACE_MARGIN = 64  # free trace rows an instruction may need
OUT_MARGIN = 4


@jit(inline=True)
def vclock(base, extra, rem, ninstr, cps):
    """The running G's time: the M's clock when the run began, plus the time charged by
    runtime calls (extra), plus ninstr instructions at cps picoseconds each (with the
    picoseconds the M carried over, rem). See run_g."""
    return base + extra + (rem + ninstr * cps) // 1000


@jit(inline=True)
def obj_full(S, room):
    """Is State.objheap too full for ``room`` more slots (course.malloc.objroom)? Then S_GROW
    says to grow it first; the instruction runs again after."""
    if S.sched[S_OBJTOP] + room > S.objheap.shape[0]:
        S.sched[S_GROW] = GROW_OBJ
        return True
    return False


@jit(inline=True)
def trace_full(S):
    """Is the trace too full for the next instruction's events? (The arrays have no bounds
    checks, so the VM stops first; the engine grows the trace and the G goes on.)"""
    if S.sched[S_NTRACE] + TRACE_MARGIN + S.sched[S_NSUDOGS] > S.trace.shape[0]:  # (stale sudogs)
        S.sched[S_GROW] = GROW_TRACE
        return True
    return False


@jit
def syncop(S, m, gp, op, a, b, c, fp, horizon):
    """One sync instruction (sync/mutex.go, rwmutex.go, waitgroup.go, once.go): returns a
    SY_* code; results are stored in the G's frame. Room for a sudog is made first, so an
    operation that must wait never finds the sudogs full half-way through."""
    st = S.stack
    if not sudog_room(S, 1):
        S.sched[S_GROW] = GROW_SUDOG
        return SY_GROW
    if op != OP_NEWSYNC and st[fp + (b if op == OP_MUTEXTRYLOCK or op == OP_ONCEDONE or op >= OP_RWTRYLOCK else a)] < 0:
        return SY_NILDEREF  # a method call on a nil *sync.T
    if op == OP_NEWSYNC:
        row = newsync(S, m, gp, b)
        if row < 0:
            return SY_GROW
        st[fp + a] = row
        return SY_DONE
    if op == OP_MUTEXLOCK:
        return Lock(S, m, gp, st[fp + a], horizon)
    if op == OP_MUTEXUNLOCK:
        return Unlock(S, m, gp, st[fp + a])
    if op == OP_MUTEXTRYLOCK:
        st[fp + a] = 1 if TryLock(S, m, gp, st[fp + b]) else 0
        return SY_DONE
    if op == OP_RLOCK:
        return RLock(S, m, gp, st[fp + a])
    if op == OP_RUNLOCK:
        return RUnlock(S, m, gp, st[fp + a])
    if op == OP_RWLOCK:
        return RWLock(S, m, gp, st[fp + a], horizon)
    if op == OP_RWUNLOCK:
        return RWUnlock(S, m, gp, st[fp + a])
    if op == OP_WGADD:
        return Add(S, m, gp, st[fp + a], -1 if c == 1 else st[fp + b])
    if op == OP_WGWAIT:
        return Wait(S, m, gp, st[fp + a])
    if op == OP_ONCEDONE:
        st[fp + a] = loadDone(S, st[fp + b])
        return SY_DONE
    if op == OP_RWTRYRLOCK:
        st[fp + a] = 1 if TryRLock(S, m, gp, st[fp + b]) else 0
        return SY_DONE
    if op == OP_RWTRYLOCK:
        r = RWTryLock(S, m, gp, st[fp + b])
        st[fp + a] = 1 if r < 0 else 0
        return SY_DONE if r < 0 else r  # (a failed TryLock's w.Unlock may hand off: SY_YIELD)
    storeDone(S, m, gp, st[fp + a])  # OP_ONCESET
    return SY_DONE


@jit
def halloc(S, n):
    """Bump-allocate n heap slots; -1 when the heap is full."""
    top = S.sched[S_HEAPTOP]
    if top + n > S.heap.shape[0]:
        S.sched[S_GROW] = GROW_HEAP
        return -1
    S.sched[S_HEAPTOP] = top + n
    return top


@jit
def newstring(S, nbytes):
    """A new string of nbytes (its bytes to be filled by the caller): (id, offset), or -1."""
    sid = S.sched[S_NSTRINGS]
    off = S.sched[S_STRBUFTOP]
    if sid >= S.strtab.shape[0] or off + nbytes > S.strbuf.shape[0]:
        S.sched[S_GROW] = GROW_STRINGS
        return -1, 0
    S.sched[S_NSTRINGS] = sid + 1
    S.sched[S_STRBUFTOP] = off + nbytes
    S.strtab[sid, 0] = off
    S.strtab[sid, 1] = nbytes
    return sid, off


@jit
def godiv(x, y):
    """Go's integer division: truncated toward zero (Python's // floors)."""
    if y == -1:
        return -x
    q = abs(x) // abs(y)
    if (x < 0) != (y < 0):
        q = -q
    return q


@jit
def pushframe(S, gp, fp, fn, retpc, retdst, ctx):
    """Make room for fn's frame above the frame at fp (growing the stack by copying it to a
    segment twice the size, as newstack does) and fill in its header. Returns the new frame's
    absolute index, and the (possibly moved) caller fp; -1 if the stack pool is full."""
    lo = S.allg[gp, G_STACKLO]
    size = S.allg[gp, G_STACKSIZE]
    newfp = fp + S.funcs[S.stack[fp + FRAME_FN], F_FRAMESIZE]
    need = newfp - lo + S.funcs[fn, F_FRAMESIZE]
    if need > size:
        newsize = size * 2
        while newsize < need:
            newsize *= 2
        k = 0
        while (1 << k) < newsize:
            k += 1
        nlo = S.sched[S_STACKFREE0 + k]
        if nlo >= 0:
            S.sched[S_STACKFREE0 + k] = S.stack[nlo]
        else:
            nlo = S.sched[S_STACKTOP]
            if nlo + newsize > S.stack.shape[0]:
                S.sched[S_GROW] = GROW_STACK
                return -1, fp
            S.sched[S_STACKTOP] = nlo + newsize
        for i in range(size):  # copystack (a loop: the kernels allocate nothing)
            S.stack[nlo + i] = S.stack[lo + i]
        # stackfree(old)
        k = 0
        while (1 << k) < size:
            k += 1
        S.stack[lo] = S.sched[S_STACKFREE0 + k]
        S.sched[S_STACKFREE0 + k] = lo
        S.allg[gp, G_STACKLO] = nlo
        S.allg[gp, G_STACKSIZE] = newsize
        fp = fp - lo + nlo
        newfp = newfp - lo + nlo
        lo = nlo
    S.stack[newfp + FRAME_RETPC] = retpc
    S.stack[newfp + FRAME_CALLERFP] = fp - lo
    S.stack[newfp + FRAME_RETDST] = retdst
    S.stack[newfp + FRAME_CTX] = ctx
    S.stack[newfp + FRAME_NDEFER] = 0
    S.stack[newfp + FRAME_FN] = fn
    return newfp, fp


@jit
def calldefer(S, m, gp, base, owner, retpc):
    """Pop the G's newest defer record (pushed by the frame at `owner`) and call it in a new
    frame above the frame at `base`; the call returns to retpc (the RET running its frame's
    defers, or RET_PANICKING). Returns (newfp, pc), or (-1, -1) if the stack must grow first."""
    rec = S.allg[gp, G_DEFER]
    fn = S.heap[rec + 1]
    lo = S.allg[gp, G_STACKLO]
    newfp, base2 = pushframe(S, gp, base, fn, retpc, -1, S.heap[rec + 2])
    if newfp < 0:
        return -1, -1
    owner += S.allg[gp, G_STACKLO] - lo  # the stack may have moved
    S.allg[gp, G_DEFER] = S.heap[rec]
    S.stack[owner + FRAME_NDEFER] -= 1
    for i in range(S.heap[rec + 3]):
        S.stack[newfp + FRAME_HDR + i] = S.heap[rec + 4 + i]
    traceev(S, m, S.allm[m, M_P], gp, EV_DEFER, fn, 1 if retpc == RET_PANICKING else 0, 0, R_DEFER)
    return newfp, S.funcs[fn, F_ENTRY]


@jit(inline=True)
def run_g(S, m, gp, horizon, instr_limit):
    """Run gp on m from its saved pc until it stops; returns a VM_* stop code. The G's pc and
    frame are saved back in S.allg, and the M's clock in S.allm."""
    code = S.code
    stack = S.stack
    pc = S.allg[gp, G_PC]
    lo = S.allg[gp, G_STACKLO]
    fp = lo + S.allg[gp, G_FP]
    # The M's clock is base + extra + ninstr × (ps per instruction) / 1000: instructions are
    # cheaper than a nanosecond (Go runs a loop iteration in under one), so they are counted
    # and turned into time only where the time is needed. The picoseconds short of a whole
    # nanosecond carry over to the M's next run (M_CLKREM), so a G's time does not depend on
    # where its run was cut (a horizon, or a view stepping event by event).
    base = S.allm[m, M_CLOCK]
    rem = S.allm[m, M_CLKREM]
    extra = 0
    cps = S.costs[C_INSTR]
    ninstr = 0
    pc0 = -2
    extra0 = 0
    stop = VM_HORIZON
    pval = 0
    pty = 0
    pending = False
    # A G that blocked in a channel operation or a select finishes it now (chansend and
    # chanrecv after gopark returns; selectgo's pass 3).
    wk = S.allg[gp, G_WAKEKIND]
    if wk == WAKE_SEMA:
        pc -= 1  # a sync instruction woken from semacquire: it runs again and goes on
    elif wk != WAKE_NONE:
        S.allm[m, M_CLOCK] = base
        ok = selectResume(S, m, gp) if wk == WAKE_SELECT else chanResume(S, gp)
        extra = S.allm[m, M_CLOCK] - base
        if not ok:  # a send woken by close: panic in the instruction that blocked
            pval = 0
            pty = PANIC_SENDCLOSED
            pending = True
    asyncpreempt = S.sched[S_ASYNCPREEMPTOFF] == 0
    while True:
        if pc < 0 or pending:  # resuming a panic's unwinding, or a panic raised on resuming
            op = OP_PANIC
            a = -1  # (pval, pty already set)
            b = c = 0
            if pending:
                pending = False
                pc -= 1  # the instruction that blocked
        else:
            op = code[pc, 0]
            a = code[pc, 1]
            b = code[pc, 2]
            c = code[pc, 3]
        ninstr += 1
        pc0 = pc  # (an instruction that stops for VM_GROW runs again after the arrays grow:
        extra0 = extra  # it then takes no time now, wherever the arrays happen to be full)
        # ---- the common instructions first ------------------------------------------------
        if op == OP_ADDI:
            stack[fp + a] = stack[fp + b] + c
            pc += 1
        elif op == OP_JMP or op == OP_JZ or op == OP_JNZ:
            if op == OP_JMP:
                target = a
            elif op == OP_JZ:
                target = b if stack[fp + a] == 0 else pc + 1
            else:
                target = b if stack[fp + a] != 0 else pc + 1
            if target <= pc:
                # a loop back-edge: a safe point for asynchronous preemption, and where the
                # VM checks the horizon and its budget
                pc = target
                if asyncpreempt and S.allg[gp, G_PREEMPT] != 0:
                    stop = VM_PREEMPTED
                    break
                if vclock(base, extra, rem, ninstr, cps) > horizon:
                    stop = VM_HORIZON
                    break
                if S.sched[S_STAT_INSTR] + ninstr > instr_limit:
                    stop = VM_LIMIT
                    break
                if trace_full(S):
                    pc0 = -2  # (the branch is done: it does not run again)
                    stop = VM_GROW
                    break
            else:
                pc = target
        elif op == OP_LT:
            stack[fp + a] = 1 if stack[fp + b] < stack[fp + c] else 0
            pc += 1
        elif op == OP_CONST:
            stack[fp + a] = b
            pc += 1
        elif op == OP_MOV:
            stack[fp + a] = stack[fp + b]
            pc += 1
        elif op == OP_ADD:
            stack[fp + a] = stack[fp + b] + stack[fp + c]
            pc += 1
        elif op == OP_SUB:
            stack[fp + a] = stack[fp + b] - stack[fp + c]
            pc += 1
        elif op == OP_MUL:
            stack[fp + a] = stack[fp + b] * stack[fp + c]
            pc += 1
        elif op == OP_EQ:
            stack[fp + a] = 1 if stack[fp + b] == stack[fp + c] else 0
            pc += 1
        elif op == OP_NE:
            stack[fp + a] = 1 if stack[fp + b] != stack[fp + c] else 0
            pc += 1
        elif op == OP_LE:
            stack[fp + a] = 1 if stack[fp + b] <= stack[fp + c] else 0
            pc += 1
        elif op == OP_GT:
            stack[fp + a] = 1 if stack[fp + b] > stack[fp + c] else 0
            pc += 1
        elif op == OP_GE:
            stack[fp + a] = 1 if stack[fp + b] >= stack[fp + c] else 0
            pc += 1
        elif op == OP_NOT:
            stack[fp + a] = 1 - stack[fp + b]
            pc += 1
        elif op == OP_DIV or op == OP_REM:
            y = stack[fp + c]
            if y == 0:
                pval = 0
                pty = PANIC_DIVIDE
                op = OP_PANIC  # fall into the panic path below
            else:
                x = stack[fp + b]
                q = godiv(x, y)
                stack[fp + a] = q if op == OP_DIV else x - q * y
                pc += 1
        elif op == OP_NEG:
            stack[fp + a] = -stack[fp + b]
            pc += 1
        elif op == OP_AND:
            stack[fp + a] = stack[fp + b] & stack[fp + c]
            pc += 1
        elif op == OP_OR:
            stack[fp + a] = stack[fp + b] | stack[fp + c]
            pc += 1
        elif op == OP_XOR:
            stack[fp + a] = stack[fp + b] ^ stack[fp + c]
            pc += 1
        elif op == OP_ANDNOT:
            stack[fp + a] = stack[fp + b] & ~stack[fp + c]
            pc += 1
        elif op == OP_SHL or op == OP_SHR:
            y = stack[fp + c]
            x = stack[fp + b]
            if y < 0:
                pval = 0
                pty = PANIC_SHIFT
                op = OP_PANIC
            else:
                if op == OP_SHL:
                    stack[fp + a] = 0 if y >= 64 else x << y
                else:
                    stack[fp + a] = (-1 if x < 0 else 0) if y >= 64 else x >> y
                pc += 1
        # ---- calls and returns -------------------------------------------------------------
        elif op == OP_CALL or op == OP_CALLC:
            if S.allg[gp, G_PREEMPT] != 0:
                stop = VM_PREEMPTED  # the callee's prologue would notice; run the call later
                break
            if vclock(base, extra, rem, ninstr - 1, cps) > horizon:  # (before this call)
                ninstr -= 1
                stop = VM_HORIZON
                break
            if trace_full(S):
                stop = VM_GROW
                break
            ctx = -1
            fn = a
            if op == OP_CALLC:
                ctx = stack[fp + a]
                fn = S.heap[ctx]
            newfp, fp = pushframe(S, gp, fp, fn, pc + 1, code[pc, 4], ctx)
            if newfp < 0:
                stop = VM_GROW
                break
            lo = S.allg[gp, G_STACKLO]
            stack = S.stack
            for i in range(c):
                stack[newfp + FRAME_HDR + i] = stack[fp + b + i]
            fp = newfp
            pc = S.funcs[fn, F_ENTRY]
            extra += S.costs[C_CALL]
        elif op == OP_RET:
            if stack[fp + FRAME_NDEFER] > 0:
                if trace_full(S):
                    stop = VM_GROW
                    break
                # deferreturn: run the newest deferred call; it returns to this RET
                newfp, npc = calldefer(S, m, gp, fp, fp, pc)
                if newfp < 0:
                    stop = VM_GROW
                    break
                lo = S.allg[gp, G_STACKLO]
                stack = S.stack
                fp = newfp
                pc = npc
                extra += S.costs[C_CALL]
                continue
            retpc = stack[fp + FRAME_RETPC]
            if retpc == RET_GOEXIT:
                stop = VM_EXIT
                break
            callerfp = lo + stack[fp + FRAME_CALLERFP]
            dst = stack[fp + FRAME_RETDST]
            if dst >= 0:
                for i in range(b):
                    stack[callerfp + dst + i] = stack[fp + a + i]
            fp = callerfp
            if retpc == RET_PANICKING:
                op = OP_PANIC  # a deferred call of a panic returned: keep unwinding
                pc = -1
            else:
                pc = retpc
        # ---- goroutines --------------------------------------------------------------------
        elif op == OP_GO or op == OP_GOC:
            if trace_full(S):
                stop = VM_GROW
                break
            ctx = -1
            fn = a
            if op == OP_GOC:
                ctx = stack[fp + a]
                fn = S.heap[ctx]
            S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
            pp = S.allm[m, M_P]
            newg = newproc1(S, m, pp, fn, gp, pc, 0)
            if newg < 0:
                stop = VM_GROW
                break
            stack = S.stack
            nb = S.allg[newg, G_STACKLO]
            stack[nb + FRAME_CTX] = ctx
            stack[nb + FRAME_FN] = fn
            for i in range(c):
                stack[nb + FRAME_HDR + i] = stack[fp + b + i]
            S.allg[newg, G_PC] = S.funcs[fn, F_ENTRY]
            newproc_finish(S, m, newg)
            extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
            pc += 1
        elif op == OP_GOSCHED:
            pc += 1
            stop = VM_GOSCHED
            break
        elif op == OP_DEFER or op == OP_DEFERC:
            rec = halloc(S, 4 + c)
            if rec < 0:
                stop = VM_GROW
                break
            ctx = -1
            fn = a
            if op == OP_DEFERC:
                ctx = stack[fp + a]
                fn = S.heap[ctx]
            S.heap[rec] = S.allg[gp, G_DEFER]
            S.heap[rec + 1] = fn
            S.heap[rec + 2] = ctx
            S.heap[rec + 3] = c
            for i in range(c):
                gcWriteBarrier(S, 0, stack[fp + b + i])
                S.heap[rec + 4 + i] = stack[fp + b + i]
            S.allg[gp, G_DEFER] = rec
            stack[fp + FRAME_NDEFER] += 1
            extra += S.costs[C_ALLOC]
            pc += 1
        # ---- closures and cells ------------------------------------------------------------
        elif op == OP_NEWCELL:
            ref = halloc(S, 1)
            if ref < 0:
                stop = VM_GROW
                break
            gcWriteBarrier(S, 0, stack[fp + b])
            S.heap[ref] = stack[fp + b]
            stack[fp + a] = ref
            extra += S.costs[C_ALLOC]
            pc += 1
        elif op == OP_LOADCELL:
            stack[fp + a] = S.heap[stack[fp + b]]
            pc += 1
        elif op == OP_STORECELL:
            gcWriteBarrier(S, S.heap[stack[fp + a]], stack[fp + b])
            S.heap[stack[fp + a]] = stack[fp + b]
            pc += 1
        elif op == OP_MKCLOSURE:
            d = code[pc, 4]
            ref = halloc(S, 2 + d)
            if ref < 0:
                stop = VM_GROW
                break
            S.heap[ref] = b
            S.heap[ref + 1] = d
            for i in range(d):
                gcWriteBarrier(S, 0, stack[fp + c + i])
                S.heap[ref + 2 + i] = stack[fp + c + i]
            stack[fp + a] = ref
            extra += S.costs[C_ALLOC]
            pc += 1
        elif op == OP_LOADCAP:
            stack[fp + a] = S.heap[stack[fp + FRAME_CTX] + 2 + b]
            pc += 1
        elif op == OP_LOADG:
            stack[fp + a] = S.globals[b]
            pc += 1
        elif op == OP_STOREG:
            gcWriteBarrier(S, S.globals[a], stack[fp + b])
            S.globals[a] = stack[fp + b]
            pc += 1
        # ---- the heap: structs, pointers, slices (malloc.go, slice.go) --------------------
        elif op == OP_LOADF or op == OP_STOREF:
            r = stack[fp + b] if op == OP_LOADF else stack[fp + a]
            fld = c if op == OP_LOADF else b
            if r == 0:
                pval = 0
                pty = PANIC_NILPTR
                S.allg[gp, G_PARAM] = 8 * fld
                op = OP_PANIC
            elif op == OP_LOADF:
                stack[fp + a] = S.objheap[r - REF_TAG + c]
                pc += 1
            else:
                gcWriteBarrier(S, S.objheap[r - REF_TAG + b], stack[fp + c])
                S.objheap[r - REF_TAG + b] = stack[fp + c]
                pc += 1
        elif op == OP_SLICEGET or op == OP_SLICESET:
            sl = stack[fp + b] if op == OP_SLICEGET else stack[fp + a]
            i = stack[fp + c] if op == OP_SLICEGET else stack[fp + b]
            n = 0
            if sl != 0:
                n = S.objheap[sl - REF_TAG + SL_LEN]
            if i < 0 or i >= n:
                pval = i
                pty = PANIC_INDEX
                S.allg[gp, G_PARAM] = n
                op = OP_PANIC
            else:
                h = sl - REF_TAG
                at = S.objheap[h + SL_ARRAY] - REF_TAG + S.objheap[h + SL_OFF] + i
                if op == OP_SLICEGET:
                    stack[fp + a] = S.objheap[at]
                else:
                    gcWriteBarrier(S, S.objheap[at], stack[fp + c])
                    S.objheap[at] = stack[fp + c]
                pc += 1
        elif op == OP_SLICELEN or op == OP_SLICECAP:
            sl = stack[fp + b]
            if sl == 0:
                stack[fp + a] = 0
            else:
                stack[fp + a] = S.objheap[sl - REF_TAG + (SL_LEN if op == OP_SLICELEN else SL_CAP)]
            pc += 1
        elif op == OP_RESLICE:
            sl = stack[fp + b]
            slo = stack[fp + c]
            shi = stack[fp + c + 1]
            n = 0
            cp = 0
            if sl != 0:
                n = S.objheap[sl - REF_TAG + SL_LEN]
                cp = S.objheap[sl - REF_TAG + SL_CAP]
            if shi == HI_LEN:
                shi = n
            if shi < 0 or shi > cp:
                pval = shi
                pty = PANIC_SLICEACAP
                S.allg[gp, G_PARAM] = cp
                op = OP_PANIC
            elif slo < 0 or slo > shi:
                pval = slo
                pty = PANIC_SLICEB
                S.allg[gp, G_PARAM] = shi
                op = OP_PANIC
            elif sl == 0:
                stack[fp + a] = 0
                pc += 1
            else:
                if obj_full(S, objroom(4)):
                    stop = VM_GROW
                    break
                nh = newobject(S, 4, 0, 0)
                h = sl - REF_TAG
                gcWriteBarrier(S, 0, S.objheap[h + SL_ARRAY])
                S.objheap[nh - REF_TAG + SL_ARRAY] = S.objheap[h + SL_ARRAY]
                S.objheap[nh - REF_TAG + SL_OFF] = S.objheap[h + SL_OFF] + slo
                S.objheap[nh - REF_TAG + SL_LEN] = shi - slo
                S.objheap[nh - REF_TAG + SL_CAP] = cp - slo
                stack[fp + a] = nh
                pc += 1
        elif op == OP_NEWOBJ or op == OP_COPYOBJ or op == OP_COPYINTO or op == OP_MAKESLICE or op == OP_APPEND:
            if trace_full(S) or gcOutFull(S):
                stop = VM_GROW
                break
            d = code[pc, 4]
            nbytes = 0  # heap bytes allocated (for the trace and the GC trigger)
            fromgrow = 0
            if op == OP_NEWOBJ:
                if obj_full(S, objroom(b)):
                    stop = VM_GROW
                    break
                stack[fp + a] = newobject(S, b, c, d)
                nbytes = c
            elif op == OP_COPYOBJ or op == OP_COPYINTO:
                src = stack[fp + b]
                if src == 0 or (op == OP_COPYINTO and stack[fp + a] == 0):
                    pval = 0
                    pty = PANIC_NILPTR
                    S.allg[gp, G_PARAM] = 0
                    op = OP_PANIC
                else:
                    ns = S.objheap[src - REF_TAG + OH_NSLOTS]
                    if op == OP_COPYOBJ:
                        if obj_full(S, objroom(ns)):
                            stop = VM_GROW
                            break
                        dst = newobject(S, ns, 0, 0)
                        stack[fp + a] = dst
                    else:
                        dst = stack[fp + a]
                    for i in range(ns):  # typedmemmove: bulkBarrierPreWrite
                        gcWriteBarrier(S, S.objheap[dst - REF_TAG + i], S.objheap[src - REF_TAG + i])
                        S.objheap[dst - REF_TAG + i] = S.objheap[src - REF_TAG + i]
            elif op == OP_MAKESLICE:
                ln = stack[fp + b]
                cp = stack[fp + c]
                ep = d >> ELEM_PTRSHIFT  # the element's ptrdata
                d = d & ELEM_SIZEMASK  # its size
                if ln < 0 or (d > 0 and ln > maxAlloc // d):
                    pval = 0
                    pty = PANIC_MAKESLICELEN
                    op = OP_PANIC
                elif cp < ln or (d > 0 and cp > maxAlloc // d):
                    pval = 0
                    pty = PANIC_MAKESLICECAP
                    op = OP_PANIC
                else:
                    if obj_full(S, objroom(4) + objroom(cp)):
                        stop = VM_GROW
                        break
                    arr = newobject(S, cp, cp * d if cp * d > 0 else 0, (cp - 1) * d + ep if ep > 0 and cp > 0 else 0)
                    hdr = newobject(S, 4, 0, 0)
                    S.objheap[hdr - REF_TAG + SL_ARRAY] = arr
                    S.objheap[hdr - REF_TAG + SL_LEN] = ln
                    S.objheap[hdr - REF_TAG + SL_CAP] = cp
                    stack[fp + a] = hdr
                    nbytes = cp * d
            else:  # OP_APPEND: a=dst, b=args (slice, values...), c=n values, d=elem
                ep = d >> ELEM_PTRSHIFT  # the element's ptrdata
                d = d & ELEM_SIZEMASK  # its size
                sl = stack[fp + b]
                ln = 0
                cp = 0
                arr = 0
                off = 0
                if sl != 0:
                    h = sl - REF_TAG
                    ln = S.objheap[h + SL_LEN]
                    cp = S.objheap[h + SL_CAP]
                    arr = S.objheap[h + SL_ARRAY]
                    off = S.objheap[h + SL_OFF]
                need = ln + c
                newcap = cp
                if need > cp:
                    newcap = growslice_cap(d, cp, need)
                room = objroom(4) + (objroom(newcap) if need > cp else 0)
                if obj_full(S, room):
                    stop = VM_GROW
                    break
                if need > cp:
                    narr = newobject(S, newcap, newcap * d, (newcap - 1) * d + ep if ep > 0 else 0)
                    for i in range(ln):  # growslice: bulkBarrierPreWriteSrcOnly
                        gcWriteBarrier(S, 0, S.objheap[arr - REF_TAG + off + i])
                        S.objheap[narr - REF_TAG + i] = S.objheap[arr - REF_TAG + off + i]
                    arr = narr
                    off = 0
                    nbytes = newcap * d
                    fromgrow = 1
                for i in range(c):
                    gcWriteBarrier(S, S.objheap[arr - REF_TAG + off + ln + i], stack[fp + b + 1 + i])
                    S.objheap[arr - REF_TAG + off + ln + i] = stack[fp + b + 1 + i]
                gcWriteBarrier(S, 0, arr)  # (a new array is black already; an old one may not be)
                hdr = newobject(S, 4, 0, 0)
                S.objheap[hdr - REF_TAG + SL_ARRAY] = arr
                S.objheap[hdr - REF_TAG + SL_OFF] = off
                S.objheap[hdr - REF_TAG + SL_LEN] = need
                S.objheap[hdr - REF_TAG + SL_CAP] = newcap
                stack[fp + a] = hdr
            if op != OP_PANIC:
                extra += S.costs[C_ALLOC]
                pc += 1
                if nbytes > 0:
                    # mallocgc's end: the GC trigger is tested once the new object is stored
                    S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
                    allocated(S, m, gp, nbytes, fromgrow)
                    if S.sched[S_GCPHASE] != 0:
                        gcAssistAlloc(S, m, gp, nbytes)  # (may end the mark: gcMarkDone)
                    elif gcTriggerHeapTest(S):
                        S.allg[gp, G_PC] = pc
                        S.allg[gp, G_FP] = fp - lo
                        gcStart(S, m, gp, gcTriggerHeap)
                    extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
                    if S.sched[S_THROW] != 0:  # the mark's end threw (GODEBUG=gccheckmark=1)
                        stop = VM_THROW
                        break
        elif op == OP_GC or op == OP_READMEMSTATS or op == OP_SETGCPERCENT or op == OP_SETMEMLIMIT:
            if trace_full(S) or gcOutFull(S):
                stop = VM_GROW
                break
            if op == OP_GC:
                S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
                S.allg[gp, G_PC] = pc
                S.allg[gp, G_FP] = fp - lo
                gcStart(S, m, gp, gcTriggerCycle)
                extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
                if S.sched[S_THROW] != 0:  # the mark's end threw (GODEBUG=gccheckmark=1)
                    stop = VM_THROW
                    break
            elif op == OP_READMEMSTATS:
                if stack[fp + a] == 0:
                    pval = 0
                    pty = PANIC_NILPTR
                    S.allg[gp, G_PARAM] = 0
                    op = OP_PANIC
                else:
                    readmemstats(S, stack[fp + a])
            elif op == OP_SETGCPERCENT:
                stack[fp + a] = setGCPercentOp(S, stack[fp + b])
            else:
                stack[fp + a] = setMemoryLimitOp(S, stack[fp + b])
            if op != OP_PANIC:
                pc += 1
        # ---- strings -----------------------------------------------------------------------
        elif op == OP_SCONCAT:
            x = stack[fp + b]
            y = stack[fp + c]
            lx = S.strtab[x, 1]
            ly = S.strtab[y, 1]
            sid, off = newstring(S, lx + ly)
            if sid < 0:
                stop = VM_GROW
                break
            ox = S.strtab[x, 0]
            oy = S.strtab[y, 0]
            for i in range(lx):
                S.strbuf[off + i] = S.strbuf[ox + i]
            for i in range(ly):
                S.strbuf[off + lx + i] = S.strbuf[oy + i]
            stack[fp + a] = sid
            extra += S.costs[C_STRING]
            pc += 1
        elif op == OP_SCMP:
            x = stack[fp + b]
            y = stack[fp + c]
            r = 0
            if x != y:
                lx = S.strtab[x, 1]
                ly = S.strtab[y, 1]
                ox = S.strtab[x, 0]
                oy = S.strtab[y, 0]
                n = min(lx, ly)
                for i in range(n):
                    if S.strbuf[ox + i] != S.strbuf[oy + i]:
                        r = -1 if S.strbuf[ox + i] < S.strbuf[oy + i] else 1
                        break
                if r == 0 and lx != ly:
                    r = -1 if lx < ly else 1
            stack[fp + a] = r
            pc += 1
        elif op == OP_SLEN:
            stack[fp + a] = S.strtab[stack[fp + b], 1]
            pc += 1
        elif op == OP_SINDEX:
            s = stack[fp + b]
            i = stack[fp + c]
            n = S.strtab[s, 1]
            if i < 0 or i >= n:
                pval = i
                pty = PANIC_INDEX
                S.allg[gp, G_PARAM] = n
                op = OP_PANIC
            else:
                stack[fp + a] = S.strbuf[S.strtab[s, 0] + i]
                pc += 1
        # ---- the runtime -------------------------------------------------------------------
        elif op == OP_PRINT:
            no = S.sched[S_NOUT]
            na = S.sched[S_NOUTARGS]
            if no + OUT_MARGIN > S.out.shape[0] or na + c > S.outargs.shape[0]:
                S.sched[S_GROW] = GROW_OUT
                stop = VM_GROW
                break
            if trace_full(S):
                stop = VM_GROW
                break
            S.out[no, O_TIME] = vclock(base, extra, rem, ninstr, cps)
            S.out[no, O_GOID] = S.allg[gp, G_GOID]
            S.out[no, O_DESC] = a
            S.out[no, O_ARGS] = na
            S.out[no, O_NARGS] = c
            for i in range(c):
                S.outargs[na + i] = stack[fp + b + i]
            S.sched[S_NOUT] = no + 1
            S.sched[S_NOUTARGS] = na + c
            extra += S.costs[C_FMT]
            S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
            traceev(S, m, S.allm[m, M_P], gp, EV_PRINT, no, 0, 0, 0)
            pc += 1
            if S.pdesc[a] != 0:
                stop = VM_SYSCALL  # fmt writes through os.File: a real write(2) syscall
                break
        elif op == OP_SLEEP:
            ns = stack[fp + a]
            if ns > 0:
                if not timeSleepTimer(S, gp):
                    stop = VM_GROW
                    break
                S.allg[gp, G_PARAM] = vclock(base, extra, rem, ninstr, cps) + ns
                pc += 1
                stop = VM_SLEEP
                break
            pc += 1
        elif op == OP_NUMGOROUTINE:
            stack[fp + a] = gcount(S)
            pc += 1
        elif op == OP_GOMAXPROCS:
            n = stack[fp + b]
            old = S.sched[S_GOMAXPROCS]
            stack[fp + a] = old
            pc += 1
            if n > 0 and n != old:
                S.allg[gp, G_PARAM] = min(n, MAXPROCS)
                stop = VM_GOMAXPROCS
                break
        elif op == OP_BLOCK:
            S.allg[gp, G_WAITREASON] = a
            pc += 1
            stop = VM_PARK
            break
        elif op == OP_EXIT:
            S.allg[gp, G_PARAM] = a
            stop = VM_PROGEXIT
            break
        elif op == OP_PANIC:
            if a >= 0:
                pval = stack[fp + a]
                pty = b
        # ---- channels and select (chan.go, select.go) ------------------------------------
        elif op == OP_MAKECHAN:
            size = stack[fp + b]
            if size < 0:
                pval = 0
                pty = PANIC_MAKECHAN
                op = OP_PANIC
            else:
                S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
                ch = makechan(S, m, gp, size, c)
                extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
                if ch < 0:
                    stop = VM_GROW
                    break
                stack[fp + a] = ch
                pc += 1
        elif op == OP_CHANSEND or op == OP_CHANRECV or op == OP_CLOSE:
            if trace_full(S):
                stop = VM_GROW
                break
            S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
            if op == OP_CHANSEND:
                r = chansend(S, m, gp, stack[fp + a], stack[fp + b], True)
                reason = waitReasonChanSend
                nilreason = waitReasonChanSendNilChan
            elif op == OP_CHANRECV:
                r = chanrecv(S, m, gp, stack[fp + b], fp + a if a >= 0 else -1, fp + c if c >= 0 else -1, True)
                reason = waitReasonChanReceive
                nilreason = waitReasonChanReceiveNilChan
            else:
                r = closechan(S, m, gp, stack[fp + a])
                reason = 0
                nilreason = 0
            extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
            if r == CH_DONE:
                pc += 1
            elif r == CH_PARKED or r == CH_NILBLOCK:
                S.allg[gp, G_WAITREASON] = reason if r == CH_PARKED else nilreason
                pc += 1
                stop = VM_PARK
                break
            elif r == CH_GROW:
                stop = VM_GROW
                break
            else:
                pval = 0
                pty = PANIC_CLOSECLOSED if r == CH_PANIC_CLOSECLOSED else (PANIC_CLOSENIL if r == CH_PANIC_CLOSENIL else PANIC_SENDCLOSED)
                op = OP_PANIC
        elif op == OP_CHANLEN or op == OP_CHANCAP:
            ch = stack[fp + b]
            stack[fp + a] = 0 if ch < 0 else S.chans[ch, HC_QCOUNT if op == OP_CHANLEN else HC_DATAQSIZ]
            pc += 1
        elif op == OP_SELECT:
            # (selectgo records its orders, then pass 2 one sudog per case: room for ncases+1
            # on top of what any instruction may need, or a wide select could fill the trace)
            if trace_full(S) or S.sched[S_NTRACE] + TRACE_MARGIN + S.sched[S_NSUDOGS] + b + 1 > S.trace.shape[0]:
                S.sched[S_GROW] = GROW_TRACE
                stop = VM_GROW
                break
            S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
            r = selectgo(S, m, gp, fp + a, b, c, fp + code[pc, 4])
            extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
            if r == SEL_DONE:
                pc += 1
            elif r == SEL_PARKED:
                S.allg[gp, G_WAITREASON] = waitReasonSelect
                pc += 1
                stop = VM_PARK
                break
            elif r == SEL_GROW:
                stop = VM_GROW
                break
            else:
                pval = 0
                pty = PANIC_SENDCLOSED
                op = OP_PANIC
        # ---- timers (time.NewTimer, After, Tick; Timer.Stop, Reset) -------------------------
        elif op == OP_NEWTIMER and c == 1 and stack[fp + b] <= 0:
            # time/tick.go NewTicker: panic(errors.New("non-positive interval for NewTicker"))
            # (time.Tick returns nil for d <= 0 before it gets here: the compiler tests d)
            pval = 0
            pty = PANIC_TICKER
            op = OP_PANIC
        elif op == OP_NEWTIMER or op == OP_TIMERRESET:
            if trace_full(S):
                stop = VM_GROW
                break
            S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
            if op == OP_NEWTIMER:
                r = newTimer(S, m, gp, stack[fp + b], c)
                if r < 0:
                    stop = VM_GROW
                    break
                stack[fp + a] = r
            else:
                stack[fp + a] = 1 if resetTimer(S, m, gp, stack[fp + b], stack[fp + c]) else 0
            extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
            pc += 1
        elif op == OP_TIMERC:
            stack[fp + a] = S.timers[stack[fp + b], TM_ARG]
            pc += 1
        elif op == OP_TIMERSTOP:
            stack[fp + a] = 1 if deltimer(S, stack[fp + b]) else 0
            pc += 1
        # ---- sync (sync.Mutex, RWMutex, WaitGroup, Once; sema.go) ---------------------------
        elif (op >= OP_NEWSYNC and op <= OP_LAST_PART2_SYNC) or op == OP_RWTRYLOCK or op == OP_RWTRYRLOCK:
            if vclock(base, extra, rem, ninstr - 1, cps) > horizon:
                # another M is due first (the time is taken before this instruction: the
                # first instruction of a run always runs, or a run could make no progress): let it act before this G touches a sync word, so that
                # Ms running in parallel see each other's Lock and Unlock in time order (a
                # critical section with no loop or call in it would otherwise never be seen
                # held by another P)
                ninstr -= 1
                stop = VM_HORIZON
                break
            # (RWMutex.Unlock and WaitGroup.Add may wake every waiter: a few events each)
            if trace_full(S) or S.sched[S_NTRACE] + TRACE_MARGIN + 8 * S.sched[S_NSUDOGS] > S.trace.shape[0]:
                S.sched[S_GROW] = GROW_TRACE
                stop = VM_GROW
                break
            S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
            r = syncop(S, m, gp, op, a, b, c, fp, horizon)
            extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
            if r == SY_DONE:
                pc += 1
            elif r == SY_PARKED:
                pc += 1
                stop = VM_PARK
                break
            elif r == SY_SPIN:
                stop = VM_HORIZON  # Lock spun past the horizon: it goes on when m runs again
                break
            elif r == SY_GROW:
                stop = VM_GROW
                break
            elif r == SY_YIELD:
                pc += 1
                stop = VM_GOYIELD
                break
            elif r == SY_THROW:
                pc += 1
                stop = VM_THROW
                break
            elif r == SY_NILDEREF:
                pval = 0
                pty = PANIC_NILDEREF
                op = OP_PANIC
            else:  # SY_PANIC: a WaitGroup misuse
                pval = S.sched[S_THROW]
                S.sched[S_THROW] = 0
                pty = PANIC_WAITGROUP
                op = OP_PANIC
        elif op == OP_AFTERFUNC:
            if trace_full(S):
                stop = VM_GROW
                break
            S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
            r = afterFunc(S, m, gp, stack[fp + b], stack[fp + c])
            if r < 0:
                stop = VM_GROW
                break
            stack[fp + a] = r
            extra = S.allm[m, M_CLOCK] - vclock(base, 0, rem, ninstr, cps)
            pc += 1
        elif op == OP_NOP:
            pc += 1
        else:
            pval = op
            pty = PANIC_BADOP  # an unknown instruction: a bug in the compiler
            op = OP_PANIC

        if op == OP_PANIC:
            # gopanic: run the deferred calls, innermost first, on top of the panicking frame
            # (the stack is not unwound, so the traceback shows it as it was at the panic);
            # when none are left the program dies (fatalpanic). pc == -1 means "a deferred
            # call of this panic returned: go on".
            if pc != -1:
                S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
                if S.allg[gp, G_PANICKING] != 0:
                    # a panic inside a deferred call of a panic: the first one is aborted
                    # (printpanics will show both) and the new one runs the deferred calls left
                    S.allg[gp, G_PANIC1VAL] = S.allg[gp, G_PANICVAL]
                    S.allg[gp, G_PANIC1TY] = S.allg[gp, G_PANICTY]
                    S.allg[gp, G_PANIC1PC] = S.allg[gp, G_PANICPC]
                S.allg[gp, G_PANICVAL] = pval
                S.allg[gp, G_PANICTY] = pty
                S.allg[gp, G_PANICFP] = fp - lo
                S.allg[gp, G_PANICPC] = pc
                S.allg[gp, G_PANICKING] += 1
                traceev(S, m, S.allm[m, M_P], gp, EV_PANIC, S.allg[gp, G_PANICVAL], S.allg[gp, G_PANICTY], 0, R_PANIC)
            pfp = lo + S.allg[gp, G_PANICFP]
            fp = pfp
            pc = -1
            owner = pfp  # the innermost frame with deferred calls left owns the newest record
            while stack[owner + FRAME_NDEFER] == 0:
                if stack[owner + FRAME_RETPC] == RET_GOEXIT:
                    owner = -1
                    break
                owner = lo + stack[owner + FRAME_CALLERFP]
            if owner < 0:
                stop = VM_PANIC
                break
            newfp, npc = calldefer(S, m, gp, pfp, owner, RET_PANICKING)
            if newfp < 0:
                stop = VM_GROW
                break
            lo = S.allg[gp, G_STACKLO]
            stack = S.stack
            fp = newfp
            pc = npc
            extra += S.costs[C_CALL]
    # save the G and the M's clock
    if stop == VM_GROW and pc == pc0:
        # The instruction runs again once the arrays have grown: it has not run yet, so a
        # run that never fills an array (a second run of the Program, sized by the first)
        # makes the same trace.
        ninstr -= 1
        extra = extra0
    S.allg[gp, G_FP] = fp - lo
    S.allg[gp, G_PC] = pc
    S.allm[m, M_CLOCK] = vclock(base, extra, rem, ninstr, cps)
    S.allm[m, M_CLKREM] = (rem + ninstr * cps) % 1000
    S.sched[S_STAT_INSTR] += ninstr
    return stop
