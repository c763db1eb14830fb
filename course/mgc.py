"""The garbage collector's cycle: when it starts, how its mark is paid for, and how it ends.

Go: runtime/mgc.go (gcStart, gcMarkDone, gcMarkTermination, gcSweep; gcTrigger.test),
runtime/mgcmark.go (gcAssistAlloc, gcDrainN) and runtime/mgcpacer.go through ``course.mgcpacer``
(the pacer: trigger, heap goal, assist ratio).

A cycle, as Go runs it and as far as this model goes:

* **Sweep termination** (``gcStart``, stop the world): the pacer's ``startCycle``. The model
  then marks everything reachable from the roots *at once* (``course.mgcmark``): what the
  hybrid write barrier guarantees Go's concurrent mark ends with (everything reachable when the
  cycle started, plus everything allocated during it). What the model does *not* do at once is
  the mark's **scan work**: it is left in Go's root jobs (the data segment, the BSS, the
  stacks) and the heap, to be done as the program goes on.
* **Concurrent mark** (``gcphase = _GCmark``): the program runs; new objects are allocated
  black (``course.malloc.newobject``); each allocation is charged to the allocating G's
  ``gcAssistBytes`` and a G in debt does a **mark assist** (``gcAssistAlloc``): at least
  ``gcOverAssistWork`` (64 KiB) of scan work, whole root jobs first, as Go's ``gcDrainN``, and
  is credited ``assistBytesPerWork`` bytes per unit of work. The assist that finds no work left
  reaches the completion point and ends the mark. So the mark lasts as long as Go's pacing
  makes it last: about the heap from the trigger to the goal when the assists do the work.
  Simplified: no background mark worker runs while the program does (Go's dedicated workers
  run on other Ps, its fractional worker only when a P is free: at GOMAXPROCS=1 a busy
  goroutine leaves it none, so the assists do the work there too); ``runtime.GC()`` waits
  while a worker does all the work (counted as idle mark time: its P has nothing else to run).
* **Mark termination** (``gcMarkDone`` → ``gcMarkTermination``, stop the world): ``endCycle``
  (cons/mark, the next trigger's runway), the sweep (``course.mgcsweep``; Go sweeps lazily
  afterwards, the model at once), ``resetLive`` (heap2: the marked bytes, allocate-black
  included), ``commit`` (the next goal). With ``GODEBUG=gctrace=1`` the cycle's line is
  printed (``format_gctrace``).

Times: scan work costs ``gcScanPSPerByte`` per byte and an allocation
``course.malloc.mallocgcPSPerByte`` per byte, both read off go1.19.8's gctrace and gcpacertrace
lines (the assists' CPU time, the mark phase's length); the two stop-the-world phases cost
``gcSweepTermNS`` and ``gcMarkTermNS``, not calibrated yet. What Go scans that the model does not
hold is added as measured: the globals (the data and BSS segments of a go1.19.8 linux/amd64
binary of a program that imports ``fmt``, or only ``runtime``, with ``readelf -S``, plus the
program's own variables), the runtime's own heap objects and goroutine stacks
(``go119RuntimeHeapScan``, ``go119RuntimeStackScan``); Go's non-heap memory, which GOMEMLIMIT
also pays for, is ``course.malloc.go119NonHeapMemory``. Not modelled: a goroutine created during
a mark starts with the assist credit its G row had (Go's gdestroy flushes it).
"""
from __future__ import annotations

from ._jit import jit
from .mgcmark import gcDrain, markroots
from .malloc import go119NonHeapMemory, mallocgcPSPerByte
from .mgcpacer import (C_ASSISTTIME, C_DEDICATEDMARKTIME, C_FRACTIONALMARKTIME, C_GLOBALSSCAN,
                       C_GLOBALSSCANWORK, C_HEAPLIVE, C_HEAPSCANWORK, C_IDLEMARKTIME, C_LASTHEAPGOAL,
                       C_MAPPEDREADY, C_MAXSTACKSCAN, C_STACKSCANWORK, F_ASSISTBYTESPERWORK,
                       F_ASSISTWORKPERBYTE, commit, endCycle, gcOverAssistWork, heapGoal, resetLive, revise,
                       gcTriggerCycle, gcTriggerHeap, setGCPercent, setMemoryLimit, startCycle, trigger)
from .mgcsweep import sweep
from .proc import traceev
from .runtime2 import (G_GCASSISTBYTES, GROW_OUT, M_CLOCK, O_ARGS, O_DESC, O_GOID, O_NARGS, O_TIME, OUT_GCTRACE,
                       S_ALLGLEN, S_ARENAS, S_GCPHASE, S_GCTRACE, S_GOMAXPROCS, S_GROW, S_LASTGC, S_NCPU, S_NOUT,
                       S_NOUTARGS, S_NUMFORCEDGC, S_NUMGC, S_PAUSETOTAL, S_STARTTIME, S_W_BSSLEFT, S_W_DATA,
                       S_W_DATALEFT, S_W_HEAP0, S_W_HEAP1, S_W_HEAP2, S_W_HEAPLEFT,
                       S_W_MAXPROCS, S_W_STACKLEFT, S_W_STWPROCS, S_W_TEND, S_W_TMARK, S_W_TMARKTERM,
                       S_W_TOTALTIME, S_W_TSWEEPTERM, S_W_USERFORCED)
from .sizeclasses import roundupsize, sizeclass
from .traceev import EV_ALLOC, EV_GCEND, EV_GCSTART, R_GC_FORCED, R_GC_HEAP, R_GROWSLICE, R_MALLOC

gcSweepTermNS = 10_000  # the sweep-termination stop-the-world (model, not calibrated)
gcMarkTermNS = 10_000  # the mark-termination stop-the-world (model, not calibrated)
gcScanPSPerByte = 400  # scan work's cost: ~0.1 ms of assist for ~262 KB in go1.19.8's gctrace lines
_GCoff = 0
_GCmark = 1

# globalsScan: the .data and .bss sections (mgc.go: modulesinit, addGlobals(edata-data + ebss-bss))
# of a go1.19.8 linux/amd64 binary, measured with readelf -S, less one 24-byte slice variable of
# main (the program's own variables are added as the model counts them)
globalsData = {True: 0x7830, False: 0x2250}  # .data: with fmt, runtime only
globalsBSS = {True: 0x2F060 - 24, False: 0x2EC40 - 24}  # .bss


# What the runtime itself adds to every cycle's scan work, which the model's heap and stacks do
# not hold: GODEBUG=gcpacertrace=1 of go1.19.8 on tests/gctrace/programs/ring_churn.go prints
# "for 31168+7408+223376 B work" (heap + stacks + globals) every cycle: the runtime's (and fmt's
# and os's) own pointerful heap objects, and the stacks of runtime.main, the runtime's goroutines
# and the frames below main.main (the model scans only the program's own frames: a few hundred
# bytes, so 7 KiB is added).
go119RuntimeHeapScan = 31168
go119RuntimeStackScan = 7 << 10


def globalsScan(uses_fmt: bool, nglobals: int) -> int:
    """The program's globalsScan in bytes: Go's runtime (and fmt's) data and BSS, plus 8 bytes
    for each of the program's global slots. Go: runtime/symtab.go, modulesinit (addGlobals)."""
    return globalsData[bool(uses_fmt)] + globalsBSS[bool(uses_fmt)] + 8 * int(nglobals)


def gcinit(S, uses_fmt: bool, nglobals: int) -> None:
    """Before main: the globals the GC will scan, as the pacer sees them.
    And the runtime's non-heap memory mapped before main (course.malloc.go119NonHeapMemory),
    which the memory limit's goal leaves out.
    Go: runtime/symtab.go, modulesinit → gcController.addGlobals; mgc.go, gcinit."""
    S.sched[S_W_DATA] = globalsData[bool(uses_fmt)]
    S.gcc[C_GLOBALSSCAN] = globalsScan(uses_fmt, nglobals)
    S.sched[S_ARENAS] = 1
    S.gcc[C_MAPPEDREADY] += go119NonHeapMemory
    commit(S.gcc, S.gccf, True)


@jit
def allocated(S, m, gp, size, fromgrow):
    """Record an allocation of ``size`` bytes (already accounted by mallocgc) in the trace, and
    charge its time beyond the instruction's: zeroing, mallocgcPSPerByte per byte.
    Go: runtime/malloc.go, mallocgc (its size-class choice; memclrNoHeapPointers)."""
    rounded = roundupsize(size)
    S.allm[m, M_CLOCK] += rounded * mallocgcPSPerByte // 1000
    traceev(S, m, -1, gp, EV_ALLOC, rounded, sizeclass(size), fromgrow,
            R_GROWSLICE if fromgrow else R_MALLOC)


@jit
def gcTriggerHeapTest(S):
    """Should an allocation start a GC? heapLive >= trigger, unless GOGC=off and no limit.
    Go: runtime/mgc.go, gcTrigger.test (gcTriggerHeap)."""
    trig, _ = trigger(S.gcc, S.gccf)
    return S.gcc[C_HEAPLIVE] >= trig


@jit
def gcStart(S, m, gp, kind):
    """Start a GC cycle: sweep termination with the world stopped, then the mark phase.
    A heap-triggered cycle returns with the mark running (the program's allocations pay for
    it: gcAssistAlloc); runtime.GC() (gcTriggerCycle) first finishes a cycle that is marking,
    then runs its own to the end while the goroutine waits. Returns the stop-the-world time.
    Go: runtime/mgc.go, gcStart (and GC → gcWaitOnMark for runtime.GC)."""
    c = S.gcc
    cf = S.gccf
    if S.sched[S_GCPHASE] != _GCoff:
        if kind != gcTriggerCycle:
            return 0
        gcBgMarkWork(S, m)  # runtime.GC: gcWaitOnMark(n) lets the workers finish cycle n
        gcMarkDone(S, m, gp)
    now = S.allm[m, M_CLOCK]
    procs = S.sched[S_GOMAXPROCS]
    reason = R_GC_FORCED if kind == gcTriggerCycle else R_GC_HEAP
    traceev(S, m, -1, gp, EV_GCSTART, S.sched[S_NUMGC] + 1, c[C_HEAPLIVE], kind, reason)
    S.sched[S_W_TSWEEPTERM] = now
    S.sched[S_W_HEAP0] = c[C_HEAPLIVE]
    S.sched[S_W_USERFORCED] = 1 if kind == gcTriggerCycle else 0
    S.sched[S_W_MAXPROCS] = procs
    S.sched[S_W_STWPROCS] = procs if procs < S.sched[S_NCPU] else S.sched[S_NCPU]
    tMark = now + gcSweepTermNS
    S.sched[S_W_TMARK] = tMark
    startCycle(c, cf, tMark, procs, kind)
    # The mark's result at once (see the module docstring); its scan work is left to do.
    nstack, _nglob, _nother = markroots(S, gp)
    nheap = gcDrain(S)
    c[C_MAXSTACKSCAN] = nstack * 8 + go119RuntimeStackScan
    S.sched[S_W_DATALEFT] = S.sched[S_W_DATA]
    S.sched[S_W_BSSLEFT] = c[C_GLOBALSSCAN] - S.sched[S_W_DATA]
    S.sched[S_W_STACKLEFT] = nstack * 8 + go119RuntimeStackScan
    S.sched[S_W_HEAPLEFT] = nheap + go119RuntimeHeapScan
    for g in range(S.sched[S_ALLGLEN]):
        S.allg[g, G_GCASSISTBYTES] = 0  # gcResetMarkState
    S.sched[S_GCPHASE] = _GCmark
    S.allm[m, M_CLOCK] = tMark
    if kind == gcTriggerCycle:
        gcBgMarkWork(S, m)
        gcMarkDone(S, m, gp)
    return gcSweepTermNS


@jit
def gcDrainN(S, scanWork):
    """Do at least scanWork bytes of scan work, if there is that much: whole root jobs in
    Go's order (the data segment, the BSS, the stacks), then heap objects. Returns the work
    done and records it in the pacer's heapScanWork/stackScanWork/globalsScanWork.
    Go: runtime/mgcmark.go, gcDrainN (markroot for root jobs, scanobject for the heap)."""
    c = S.gcc
    done = 0
    while done < scanWork:
        if S.sched[S_W_DATALEFT] > 0:
            w = S.sched[S_W_DATALEFT]
            S.sched[S_W_DATALEFT] = 0
            c[C_GLOBALSSCANWORK] += w
        elif S.sched[S_W_BSSLEFT] > 0:
            w = S.sched[S_W_BSSLEFT]
            S.sched[S_W_BSSLEFT] = 0
            c[C_GLOBALSSCANWORK] += w
        elif S.sched[S_W_STACKLEFT] > 0:
            w = S.sched[S_W_STACKLEFT]
            S.sched[S_W_STACKLEFT] = 0
            c[C_STACKSCANWORK] += w
        elif S.sched[S_W_HEAPLEFT] > 0:
            w = scanWork - done
            if w > S.sched[S_W_HEAPLEFT]:
                w = S.sched[S_W_HEAPLEFT]
            S.sched[S_W_HEAPLEFT] -= w
            c[C_HEAPSCANWORK] += w
        else:
            break
        done += w
    return done


@jit
def gcMarkWorkAvailable(S):
    """Is there mark work left? Go: runtime/mgc.go, gcMarkWorkAvailable."""
    return (S.sched[S_W_DATALEFT] + S.sched[S_W_BSSLEFT] + S.sched[S_W_STACKLEFT]
            + S.sched[S_W_HEAPLEFT]) > 0


@jit
def gcBgMarkWork(S, m):
    """A background mark worker does all the work left while the goroutine waits (runtime.GC):
    its time is idle mark time, on the clock of this M. Go: runtime/mgc.go, gcBgMarkWorker
    (gcDrain in gcMarkWorkerIdleMode)."""
    done = gcDrainN(S, 1 << 62)
    dur = done * gcScanPSPerByte // 1000
    S.gcc[C_IDLEMARKTIME] += dur
    S.allm[m, M_CLOCK] += dur


@jit
def gcAssistAlloc(S, m, gp, size):
    """During the mark: charge an allocation of size bytes to gp's assist credit and, if gp is
    in debt, make it assist: do max(debt x assistWorkPerByte, gcOverAssistWork) scan work and
    be credited assistBytesPerWork per unit. The assist that finds no work left reaches the
    completion point: mark termination. (Go's pacer also revises the assist ratio when
    heapLive changes: update → revise.)
    Go: runtime/malloc.go, deductAssistCredit; runtime/mgcmark.go, gcAssistAlloc, gcAssistAlloc1."""
    c = S.gcc
    cf = S.gccf
    revise(c, cf)
    S.allg[gp, G_GCASSISTBYTES] -= size
    if S.allg[gp, G_GCASSISTBYTES] >= 0:
        return
    debtBytes = -S.allg[gp, G_GCASSISTBYTES]
    scanWork = int(cf[F_ASSISTWORKPERBYTE] * float(debtBytes))
    if scanWork < gcOverAssistWork:
        scanWork = gcOverAssistWork
    # (no background credit to steal: no worker runs beside the program in this model)
    workDone = gcDrainN(S, scanWork)
    dur = workDone * gcScanPSPerByte // 1000
    c[C_ASSISTTIME] += dur
    S.allm[m, M_CLOCK] += dur
    S.allg[gp, G_GCASSISTBYTES] += 1 + int(cf[F_ASSISTBYTESPERWORK] * float(workDone))
    if not gcMarkWorkAvailable(S):
        gcMarkDone(S, m, gp)


@jit
def gcMarkDone(S, m, gp):
    """The mark is complete: stop the world, measure the cycle (endCycle) and terminate it.
    Go: runtime/mgc.go, gcMarkDone (its ragged barrier has nothing to flush here)."""
    now = S.allm[m, M_CLOCK]
    S.sched[S_W_TMARKTERM] = now
    S.sched[S_W_HEAP1] = S.gcc[C_HEAPLIVE]
    endCycle(S.gcc, S.gccf, now, S.sched[S_GOMAXPROCS], S.sched[S_W_USERFORCED])
    gcMarkTermination(S, m, gp)


@jit
def gcMarkTermination(S, m, gp):
    """With the world stopped: heap2 (the bytes marked), the sweep, the pacer's next goal and
    trigger, the cycle's statistics and its gctrace line.
    Go: runtime/mgc.go, gcMarkTermination (and gcSweep, gcControllerCommit)."""
    c = S.gcc
    cf = S.gccf
    S.sched[S_GCPHASE] = _GCoff
    marked = sweep(S)  # (the marks are read before they are cleared: bytesMarked)
    S.sched[S_W_HEAP2] = marked
    resetLive(c, cf, marked)
    commit(c, cf, True)
    tEnd = S.sched[S_W_TMARKTERM] + gcMarkTermNS
    S.sched[S_W_TEND] = tEnd
    S.allm[m, M_CLOCK] = tEnd
    stw = (S.sched[S_W_TMARK] - S.sched[S_W_TSWEEPTERM]) + (tEnd - S.sched[S_W_TMARKTERM])
    S.sched[S_NUMGC] += 1
    if S.sched[S_W_USERFORCED] != 0:
        S.sched[S_NUMFORCEDGC] += 1
    S.sched[S_PAUSETOTAL] += stw
    S.sched[S_LASTGC] = tEnd
    stwprocs = S.sched[S_W_STWPROCS]
    sweepTermCpu = stwprocs * (S.sched[S_W_TMARK] - S.sched[S_W_TSWEEPTERM])
    markCpu = c[C_ASSISTTIME] + c[C_DEDICATEDMARKTIME] + c[C_FRACTIONALMARKTIME]
    markTermCpu = stwprocs * (tEnd - S.sched[S_W_TMARKTERM])
    S.sched[S_W_TOTALTIME] += sweepTermCpu + markCpu + markTermCpu
    if S.sched[S_GCTRACE] > 0:
        gctraceRecord(S, tEnd, sweepTermCpu, markTermCpu)
    reason = R_GC_FORCED if S.sched[S_W_USERFORCED] != 0 else R_GC_HEAP
    traceev(S, m, -1, gp, EV_GCEND, S.sched[S_NUMGC], marked, heapGoal(c, cf), reason)


GCTRACE_NARGS = 19


@jit
def gcOutFull(S):
    """Is State.out too full for the gctrace lines an allocation may print (two: a cycle
    runtime.GC() finishes and its own)? Then the VM stops to grow it first."""
    if S.sched[S_GCTRACE] > 0 and (S.sched[S_NOUT] + 2 > S.out.shape[0]
                                   or S.sched[S_NOUTARGS] + 2 * GCTRACE_NARGS > S.outargs.shape[0]):
        S.sched[S_GROW] = GROW_OUT
        return True
    return False


@jit
def gctraceRecord(S, now, sweepTermCpu, markTermCpu):
    """Record the numbers of one gctrace line (format_gctrace prints them). The GC CPU
    fraction is Go's: work.totaltime over the CPU time since the program started at
    GOMAXPROCS Ps (Go's sched.totaltime, which procresize keeps; here GOMAXPROCS is taken as
    constant). Go: runtime/mgc.go, gcMarkTermination (the debug.gctrace > 0 block)."""
    no = S.sched[S_NOUT]
    na = S.sched[S_NOUTARGS]
    if no + 1 > S.out.shape[0] or na + GCTRACE_NARGS > S.outargs.shape[0]:
        return  # (cannot happen: the VM made room, gcOutFull)
    c = S.gcc
    totalCpu = (now - S.sched[S_STARTTIME]) * S.sched[S_GOMAXPROCS]
    a = S.outargs
    a[na + 0] = S.sched[S_NUMGC]
    a[na + 1] = S.sched[S_W_TSWEEPTERM] - S.sched[S_STARTTIME]
    a[na + 2] = int(float(S.sched[S_W_TOTALTIME]) / float(totalCpu) * 100) if totalCpu > 0 else 0
    a[na + 3] = S.sched[S_W_TMARK] - S.sched[S_W_TSWEEPTERM]
    a[na + 4] = S.sched[S_W_TMARKTERM] - S.sched[S_W_TMARK]
    a[na + 5] = S.sched[S_W_TEND] - S.sched[S_W_TMARKTERM]
    a[na + 6] = sweepTermCpu
    a[na + 7] = c[C_ASSISTTIME]
    a[na + 8] = c[C_DEDICATEDMARKTIME] + c[C_FRACTIONALMARKTIME]
    a[na + 9] = c[C_IDLEMARKTIME]
    a[na + 10] = markTermCpu
    a[na + 11] = S.sched[S_W_HEAP0]
    a[na + 12] = S.sched[S_W_HEAP1]
    a[na + 13] = S.sched[S_W_HEAP2]
    a[na + 14] = c[C_LASTHEAPGOAL]
    a[na + 15] = c[C_MAXSTACKSCAN]
    a[na + 16] = c[C_GLOBALSSCAN]
    a[na + 17] = S.sched[S_W_MAXPROCS]
    a[na + 18] = S.sched[S_W_USERFORCED]
    S.out[no, O_TIME] = now
    S.out[no, O_GOID] = -1
    S.out[no, O_DESC] = OUT_GCTRACE
    S.out[no, O_ARGS] = na
    S.out[no, O_NARGS] = GCTRACE_NARGS
    S.sched[S_NOUT] = no + 1
    S.sched[S_NOUTARGS] = na + GCTRACE_NARGS


def itoaDiv(val: int, dec: int) -> str:
    """val / 10**dec with dec decimals. Go: runtime/mgc.go, itoaDiv."""
    s = str(val)
    if dec == 0:
        return s
    s = s.rjust(dec + 1, "0")
    return s[:-dec] + "." + s[-dec:]


def fmtNSAsMS(ns: int) -> str:
    """ns as milliseconds: whole ms from 10 ms, else two significant digits with at most three
    decimals. Go: runtime/mgc.go, fmtNSAsMS."""
    ns &= (1 << 64) - 1  # uint64(ns)
    if ns >= 10_000_000:
        return itoaDiv(ns // 1_000_000, 0)
    x = ns // 1000
    if x == 0:
        return "0"
    dec = 3
    while x >= 100:
        x //= 10
        dec -= 1
    return itoaDiv(x, dec)


def format_gctrace(a: list[int]) -> str:
    """One gctrace line from gctraceRecord's numbers, as Go 1.19 prints it:

        gc N @Ts U%: a+b+c ms clock, a+assist/bg/idle+c ms cpu, h0->h1->h2 MB, G MB goal,
        S MB stacks, Gl MB globals, P P (forced)

    The clock fields are the model's simulated phase times: sweep termination and mark
    termination (its two stop-the-world pauses) and the mark phase between them, as long as
    the assists made it last; the cpu fields are stwprocs x the pauses, the assists' time, the
    background workers' time (none run beside the program here) and idle marking (a forced
    cycle's work). Sizes are ``>> 20``; ``G MB goal`` is lastHeapGoal, ``stacks`` Go 1.19's
    maxStackScan, ``globals`` globalsScan. Go: runtime/mgc.go, gcMarkTermination."""
    (n, t, util, c1, c2, c3, p1, assist, bg, idle, p3,
     h0, h1, h2, goal, stacks, globals, procs, forced) = a[:GCTRACE_NARGS]
    m = (1 << 64) - 1
    line = (f"gc {n} @{itoaDiv((t & m) // 1_000_000, 3)}s {util}%: "
            f"{fmtNSAsMS(c1)}+{fmtNSAsMS(c2)}+{fmtNSAsMS(c3)} ms clock, "
            f"{fmtNSAsMS(p1)}+{fmtNSAsMS(assist)}/{fmtNSAsMS(bg)}/{fmtNSAsMS(idle)}+{fmtNSAsMS(p3)} ms cpu, "
            f"{(h0 & m) >> 20}->{(h1 & m) >> 20}->{(h2 & m) >> 20} MB, {(goal & m) >> 20} MB goal, "
            f"{(stacks & m) >> 20} MB stacks, {(globals & m) >> 20} MB globals, {procs} P")
    return line + (" (forced)" if forced else "") + "\n"


@jit
def setGCPercentOp(S, in_):
    """debug.SetGCPercent: returns the old value. Go: runtime/mgcpacer.go, setGCPercent
    (gcControllerCommit; with a negative value Go also waits for a running mark: none here)."""
    out = setGCPercent(S.gcc, S.gccf, in_)
    commit(S.gcc, S.gccf, True)
    return out


@jit
def setMemoryLimitOp(S, in_):
    """debug.SetMemoryLimit: returns the old limit (a negative value only reads it).
    Go: runtime/mgcpacer.go, setMemoryLimit."""
    out = setMemoryLimit(S.gcc, S.gccf, in_)
    commit(S.gcc, S.gccf, True)
    return out
