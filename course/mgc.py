"""The garbage collector's cycle: when it starts and what one cycle does.

Go: runtime/mgc.go (gcStart, gcMarkDone, gcMarkTermination, gcSweep; gcTrigger.test) and
runtime/mgcpacer.go through ``course.mgcpacer`` (the pacer: trigger and heap goal).

This is the **first step** before the concurrent cycle: a whole cycle runs with the world
stopped, at once, on the M of the goroutine that started it (``runtime.GC()``, or an allocation
that brought ``heapLive`` to the pacer's trigger): sweep termination, mark from the roots
(``course.mgcmark``), mark termination (the pacer's ``endCycle``, ``resetLive``, ``commit``: the
next goal and trigger), and sweep (``course.mgcsweep``). Go runs the mark concurrently with the
program (25% of GOMAXPROCS in mark workers, mark assists, the hybrid write barrier) and sweeps
lazily; those come next. The pause is charged to the clock with a simple cost: a fixed STW
cost plus a cost per scanned slot (``GC_PAUSE_NS``, ``GC_SCAN_PS``), not calibrated yet.
"""
from __future__ import annotations

from ._jit import jit
from .mgcmark import gcDrain, markroots
from .mgcpacer import (C_GLOBALSSCAN, C_GLOBALSSCANWORK, C_HEAPLIVE, C_HEAPSCANWORK, C_MAXSTACKSCAN,
                       C_STACKSCANWORK, commit, endCycle, heapGoal, resetLive, setGCPercent,
                       setMemoryLimit, startCycle, trigger)
from .mgcsweep import sweep
from .proc import traceev
from .runtime2 import (M_CLOCK, S_GOMAXPROCS, S_LASTGC, S_NUMFORCEDGC, S_NUMGC, S_PAUSETOTAL)
from .sizeclasses import roundupsize, sizeclass
from .traceev import EV_ALLOC, EV_GCEND, EV_GCSTART, R_GC_FORCED, R_GC_HEAP, R_GROWSLICE, R_MALLOC

# gcTrigger kinds (mgc.go)
gcTriggerHeap = 0
gcTriggerTime = 1
gcTriggerCycle = 2

GC_PAUSE_NS = 20_000  # a stop-the-world cycle's fixed cost (model, not calibrated)
GC_SCAN_PS = 500  # per slot scanned (model, not calibrated)


@jit
def allocated(S, m, gp, size, fromgrow):
    """Record an allocation of ``size`` bytes (already accounted by mallocgc) in the trace.
    Go: runtime/malloc.go, mallocgc (its size-class choice)."""
    traceev(S, m, -1, gp, EV_ALLOC, roundupsize(size), sizeclass(size), fromgrow,
            R_GROWSLICE if fromgrow else R_MALLOC)


@jit
def gcTriggerHeapTest(S):
    """Should an allocation start a GC? heapLive >= trigger, unless GOGC=off and no limit.
    Go: runtime/mgc.go, gcTrigger.test (gcTriggerHeap)."""
    trig, _ = trigger(S.gcc, S.gccf)
    return S.gcc[C_HEAPLIVE] >= trig


@jit
def gcStart(S, m, gp, kind):
    """Run one whole GC cycle with the world stopped; returns the pause in ns.
    Go: runtime/mgc.go, gcStart → gcMarkDone → gcMarkTermination → gcSweep."""
    c = S.gcc
    cf = S.gccf
    now = S.allm[m, M_CLOCK]
    procs = S.sched[S_GOMAXPROCS]
    reason = R_GC_FORCED if kind == gcTriggerCycle else R_GC_HEAP
    traceev(S, m, -1, gp, EV_GCSTART, S.sched[S_NUMGC] + 1, c[C_HEAPLIVE], kind, reason)
    startCycle(c, cf, now, procs, kind)
    nstack, nglob, nother = markroots(S, gp)
    nheap = gcDrain(S)
    c[C_STACKSCANWORK] = nstack * 8
    c[C_GLOBALSSCANWORK] = nglob * 8
    c[C_HEAPSCANWORK] = nheap * 8
    c[C_MAXSTACKSCAN] = nstack * 8
    c[C_GLOBALSSCAN] = nglob * 8
    pause = GC_PAUSE_NS + (nstack + nglob + nother + nheap) * GC_SCAN_PS // 1000
    end = now + pause
    # gcMarkTermination
    endCycle(c, cf, end, procs, 1 if kind == gcTriggerCycle else 0)
    marked = sweep(S)  # (the marks are read before they are cleared: bytesMarked)
    resetLive(c, cf, marked)
    commit(c, cf, True)
    S.sched[S_NUMGC] += 1
    if kind == gcTriggerCycle:
        S.sched[S_NUMFORCEDGC] += 1
    S.sched[S_PAUSETOTAL] += pause
    S.sched[S_LASTGC] = end
    S.allm[m, M_CLOCK] = end
    traceev(S, m, -1, gp, EV_GCEND, S.sched[S_NUMGC], marked, heapGoal(c, cf), reason)
    return pause


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
