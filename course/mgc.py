"""The garbage collector's cycle: when it starts, how its mark is paid for, and how it ends.

Go: runtime/mgc.go (gcStart, gcMarkDone, gcMarkTermination, gcSweep; gcTrigger.test),
runtime/mgcmark.go (gcAssistAlloc, gcDrainN) and runtime/mgcpacer.go through ``course.mgcpacer``
(the pacer: trigger, heap goal, assist ratio).

A cycle, as Go runs it and as far as this model goes:

* **Sweep termination** (``gcStart``, stop the world): the pacer's ``startCycle`` and
  ``gcMarkRootPrepare``: the root jobs (the data segment, the BSS, the stacks) are the mark's
  first work; nothing is marked yet.
* **Concurrent mark** (``gcphase = _GCmark``): the program runs; new objects are allocated
  black (``course.malloc.newobject``). The sweep termination's stop-the-world sent every
  running G to the global queue (``proc.preemptall``), so each P goes through findRunnable,
  where **background mark workers** get Ps by Go's 25% rule (``findRunnableGCWorker``:
  dedicated workers for 25% of GOMAXPROCS rounded, a fractional worker for what rounding
  lost; ``findRunnableIdleGCWorker``: a P with nothing to run marks in idle time). A worker
  (``gcBgMarkWorker``) holds its P and does scan work in pieces, which becomes background
  credit; a fractional worker stops past 1.2 x its share, an idle one when its P has Gs to
  run. Whoever does mark work (``gcDrainN``) does the root jobs when their turn comes, then
  blackens grey objects (``course.mgcmark``: tri-colour marking, concurrent with the program,
  which writes pointers through the hybrid write barrier, ``course.mbarrier``).
  Each allocation is charged to the allocating G's ``gcAssistBytes`` and a G in debt
  does a **mark assist** (``gcAssistAlloc``): it steals background credit first, then does at
  least ``gcOverAssistWork`` (64 KiB) of scan work, whole root jobs first, as Go's
  ``gcDrainN``, and is credited ``assistBytesPerWork`` bytes per unit of work. Whoever finds
  no work left, once the work others took is done, ends the mark. At GOMAXPROCS=1 a busy
  goroutine leaves the fractional worker a P only when sysmon preempts it during a mark (in
  go1.19.8's recorded gctrace lines, 2% of ring_churn's cycles show background time), so the
  assists do nearly all the work; ``runtime.GC()`` waits while a worker does all the work
  (counted as idle mark time: its P has nothing else to run). Workers are not Gs here (Go's
  are, one per P, parked between cycles), and the trace records them (``EV_GCWORKER``) and
  each assist (``EV_GCASSIST``) for the timeline.
* **Mark termination** (``gcMarkDone`` → ``gcMarkTermination``, stop the world): ``endCycle``
  (cons/mark, the next trigger's runway); with ``GODEBUG=gccheckmark=1`` a second, simple mark
  from the roots checks that the concurrent one missed nothing (``mgcmark.gcCheckmark``); the
  ``resetLive`` (heap2: the bytes marked, allocate-black and floating garbage included),
  ``commit`` (the next goal) and ``gcSweep``. With ``GODEBUG=gctrace=1`` the cycle's line is
  printed (``format_gctrace``).
* **Concurrent sweep** (``course.mgcsweep``): the program's allocations sweep in proportion,
  idle Ps sweep, and the next ``gcStart`` (or ``runtime.GC()`` before it returns) finishes it.

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
from .mgcmark import gcCheckmark, gcDrainHeap, markrootData, markrootRuntime, markrootStacks, stackScanSlots
from .malloc import go119NonHeapMemory, mallocgcPSPerByte
from .mgcpacer import (C_ASSISTTIME, C_BGSCANCREDIT, C_DEDICATEDMARKTIME,
                       C_FRACTIONALMARKTIME, C_GLOBALSSCAN, C_GLOBALSSCANWORK, C_HEAPLIVE, C_HEAPSCANWORK,
                       C_IDLEMARKTIME, C_LASTHEAPGOAL, C_MAPPEDREADY, C_MARKSTARTTIME, C_MAXSTACKSCAN,
                       C_STACKSCANWORK, F_ASSISTBYTESPERWORK, F_ASSISTWORKPERBYTE, F_FRACTIONALUTILIZATIONGOAL,
                       addIdleMarkWorker, commit, endCycle, findRunnableGCWorkerMode,
                       gcMarkWorkerFractionalMode, gcMarkWorkerIdleMode, gcMarkWorkerNotWorker, gcOverAssistWork,
                       heapGoal, markWorkerStop, resetLive, revise, gcTriggerCycle, gcTriggerHeap, setGCPercent,
                       setMemoryLimit, startCycle, trigger)
from .mgcsweep import deductSweepCredit, finishsweep, gcSweep
from .proc import pollWork, preemptall, traceev, wakep
from .runtime2 import (_GCmark, _GCoff, G_GCASSISTBYTES, GROW_OUT, M_CLOCK, M_P, O_ARGS, O_DESC, O_GOID, O_NARGS, O_TIME,
                       OUT_GCTRACE, P_GCFRACTIONALMARKTIME, P_GCMARKWORKERMODE, P_GCMARKWORKERSTARTTIME, P_M,
                       S_ALLGLEN, S_ARENAS, S_GCCHECKMARK, S_GCPHASE, S_GREY, S_THROW, S_W_BADOBJ, S_GCTRACE, S_GOMAXPROCS, S_GROW,
                       S_LASTGC, S_NCPU, S_NOUT, S_NOUTARGS, S_NUMFORCEDGC, S_NUMGC,
                       S_PAUSETOTAL, S_W_BYTESMARKED, S_STARTTIME, S_W_BSSLEFT, S_W_DATA, S_W_DATALEFT, S_W_HEAP0,
                       S_W_HEAP1, S_W_HEAP2, S_W_HEAPLEFT, S_W_MARKBUSY, S_W_MAXPROCS, S_W_STACKLEFT, S_W_STWPROCS, S_W_TEND,
                       S_W_TMARK, S_W_TMARKTERM, S_W_TOTALTIME, S_W_TSWEEPTERM, S_W_USERFORCED, THROW_CHECKMARK)
from .sizeclasses import roundupsize, sizeclass
from .traceev import (EV_ALLOC, EV_GCASSIST, EV_GCEND, EV_GCSTART, EV_GCWORKER, R_GC_ASSIST, R_GC_DEDICATED,
                      R_GC_FORCED, R_GC_FRACTIONAL, R_GC_HEAP, R_GC_IDLE, R_GC_WORKERSTOP,
                      R_GROWSLICE, R_MALLOC)

gcSweepTermNS = 10_000  # the sweep-termination stop-the-world (model, not calibrated)
gcMarkTermNS = 10_000  # the mark-termination stop-the-world (model, not calibrated)
gcScanPSPerByte = 400  # scan work's cost: ~0.1 ms of assist for ~262 KB in go1.19.8's gctrace lines

# globalsScan: the .data and .bss sections (mgc.go: modulesinit, addGlobals(edata-data + ebss-bss))
# of a go1.19.8 linux/amd64 binary, measured with readelf -S, less one 24-byte slice variable of
# main (the program's own variables are added as the model counts them)
globalsData = {True: 0x7830, False: 0x2250}  # .data: with fmt, runtime only
globalsBSS = {True: 0x2F060 - 24, False: 0x2EC40 - 24}  # .bss


# What the runtime itself adds to every cycle's scan work, which the model's heap and stacks do
# not hold: the runtime's (and fmt's and os's) own pointerful heap objects, and the stacks of
# runtime.main, the runtime's goroutines and the frames below main.main (the model scans only
# the program's own frames: a few hundred bytes, so 7 KiB is added). GODEBUG=gcpacertrace=1 of
# go1.19.8 at GOMAXPROCS=1 prints "for 29640+1648+223376 B work" (heap + stacks + globals) every
# cycle for a program whose own heap holds no pointers (a loop of make([]int, 8192) into a global),
# and "for 32592+7408+223376 B work" for tests/gctrace/programs/ring_churn.go, whose ring's
# backing array (1520 scannable bytes) the model scans itself.
go119RuntimeHeapScan = 29640
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
    deductSweepCredit(S, m, 0)  # (mcentral.cacheSpan, largeAlloc: the sweep's pace)


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
        gcBgMarkWork(S, m, gp)  # runtime.GC: gcWaitOnMark(n) lets the workers finish cycle n
        gcMarkDone(S, m, gp)
        if S.sched[S_THROW] != 0:
            return 0
    finishsweep(S, m)  # the last cycle's sweep ends before this one starts (finishsweep_m)
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
    S.sched[S_W_MARKBUSY] = tMark
    # The world is stopped: the other Ps' Gs stop and wait; when it starts again, their Ps
    # go through findRunnable, which hands the dedicated mark workers theirs.
    preemptall(S, m, tMark)
    # gcMarkRootPrepare: the root jobs (their scan work as Go's binary has it, see globalsScan)
    # and the runtime's own heap objects are the mark's first work; the grey list is empty.
    nstack = stackScanSlots(S, gp)
    startCycle(c, cf, tMark, procs, kind)
    c[C_MAXSTACKSCAN] = nstack * 8 + go119RuntimeStackScan
    S.sched[S_W_DATALEFT] = S.sched[S_W_DATA]
    S.sched[S_W_BSSLEFT] = c[C_GLOBALSSCAN] - S.sched[S_W_DATA]
    S.sched[S_W_STACKLEFT] = nstack * 8 + go119RuntimeStackScan
    S.sched[S_W_HEAPLEFT] = go119RuntimeHeapScan
    S.sched[S_W_BYTESMARKED] = 0
    for g in range(S.sched[S_ALLGLEN]):
        S.allg[g, G_GCASSISTBYTES] = 0  # gcResetMarkState
    for pp in range(procs):
        S.allp[pp, P_GCFRACTIONALMARKTIME] = 0  # startCycle: per-P state
    S.sched[S_GCPHASE] = _GCmark
    S.allm[m, M_CLOCK] = tMark
    if kind == gcTriggerCycle:
        gcBgMarkWork(S, m, gp)
        gcMarkDone(S, m, gp)
        if S.sched[S_THROW] == 0:
            finishsweep(S, m)  # runtime.GC sweeps everything before it returns
    else:
        wakep(S, m, tMark)  # startTheWorldWithSema: an idle P may run a mark worker
    return gcSweepTermNS


@jit
def gcDrainN(S, scanWork, curg):
    """Do at least scanWork bytes of scan work, if there is that much: whole root jobs in
    Go's order (the data segment, the BSS, the stacks: each scanned now, its work as Go counts
    it), then heap objects (the runtime's own first, then the grey list). curg is the G doing
    the work (an assist), if any: its stack is scanned to its current frame. Returns the work
    done and records it in the pacer's heapScanWork/stackScanWork/globalsScanWork.
    Go: runtime/mgcmark.go, gcDrainN (markroot for root jobs, scanobject for the heap)."""
    c = S.gcc
    done = 0
    while done < scanWork:
        if S.sched[S_W_DATALEFT] > 0:
            markrootData(S)
            w = S.sched[S_W_DATALEFT]
            S.sched[S_W_DATALEFT] = 0
            c[C_GLOBALSSCANWORK] += w
        elif S.sched[S_W_BSSLEFT] > 0:
            markrootRuntime(S)
            w = S.sched[S_W_BSSLEFT]
            S.sched[S_W_BSSLEFT] = 0
            c[C_GLOBALSSCANWORK] += w
        elif S.sched[S_W_STACKLEFT] > 0:
            markrootStacks(S, curg)
            w = S.sched[S_W_STACKLEFT]
            S.sched[S_W_STACKLEFT] = 0
            c[C_STACKSCANWORK] += w
        elif S.sched[S_W_HEAPLEFT] > 0:  # the runtime's own heap objects (go119RuntimeHeapScan)
            w = scanWork - done
            if w > S.sched[S_W_HEAPLEFT]:
                w = S.sched[S_W_HEAPLEFT]
            S.sched[S_W_HEAPLEFT] -= w
            c[C_HEAPSCANWORK] += w
        elif S.sched[S_GREY] >= 0:
            w = gcDrainHeap(S, scanWork - done)
            c[C_HEAPSCANWORK] += w
        else:
            break
        done += w
    return done


@jit(inline=True)
def markBusyUntil(S, end):
    """Mark work taken now runs until end (the model does the work at once and moves the
    clock): whoever then finds no work left waits for it before the mark can end, as Go's
    gcMarkDone ends the mark only when no worker or assist is still draining (work.nwait)."""
    if end > S.sched[S_W_MARKBUSY]:
        S.sched[S_W_MARKBUSY] = end


@jit
def gcMarkWorkAvailable(S):
    """Is there mark work left? Go: runtime/mgc.go, gcMarkWorkAvailable."""
    return (S.sched[S_W_DATALEFT] + S.sched[S_W_BSSLEFT] + S.sched[S_W_STACKLEFT]
            + S.sched[S_W_HEAPLEFT]) > 0 or S.sched[S_GREY] >= 0


@jit
def gcBgMarkWork(S, m, gp):
    """A background mark worker does all the work left while the goroutine gp waits
    (runtime.GC): its time is idle mark time, on the clock of this M.
    Go: runtime/mgc.go, gcBgMarkWorker (gcDrain in gcMarkWorkerIdleMode)."""
    done = gcDrainN(S, 1 << 62, gp)
    dur = done * gcScanPSPerByte // 1000
    S.gcc[C_IDLEMARKTIME] += dur
    S.allm[m, M_CLOCK] += dur
    markBusyUntil(S, S.allm[m, M_CLOCK])


# ---- background mark workers (the model's are not Gs: a P runs one in place of a G) --------
gcBgMarkChunk = 16 << 10  # scan work a worker does between looks at the clock (model granularity)


@jit
def findRunnableGCWorker(S, m, pp, now):
    """The GC is marking: should pp run a background mark worker now? If so, start it
    (dedicated while dedicatedMarkWorkersNeeded > 0; fractional while this P is behind
    fractionalUtilizationGoal) and return True. Not when there is no mark work left: the
    assists tapering off at the end of the mark. A P runs at most one worker (Go's pool has
    one per P). Go: runtime/mgcpacer.go, (*gcControllerState).findRunnableGCWorker."""
    if S.allp[pp, P_GCMARKWORKERMODE] != 0 or not gcMarkWorkAvailable(S):
        return False
    mode = findRunnableGCWorkerMode(S.gcc, S.gccf, S.allp[pp, P_GCFRACTIONALMARKTIME], now)
    if mode == gcMarkWorkerNotWorker:
        return False
    gcMarkWorkerStart(S, m, pp, mode, now)
    return True


@jit
def findRunnableIdleGCWorker(S, m, pp, now):
    """findRunnable found nothing to run while the GC marks: mark in idle time rather than give
    up the P, if there is work and another idle worker is allowed (addIdleMarkWorker).
    Go: runtime/proc.go, findRunnable (the gcMarkWorkerIdleMode block)."""
    if S.allp[pp, P_GCMARKWORKERMODE] != 0 or not gcMarkWorkAvailable(S):
        return False
    if not addIdleMarkWorker(S.gcc, S.gccf):
        return False
    gcMarkWorkerStart(S, m, pp, gcMarkWorkerIdleMode, now)
    return True


@jit
def gcMarkWorkerStart(S, m, pp, mode, now):
    """pp runs a mark worker in mode from now. Go: runtime/mgc.go, gcBgMarkWorker (startTime,
    pp.gcMarkWorkerMode; the trace's GCMarkWorkerStart)."""
    if now < S.sched[S_W_TMARK]:
        # an M whose clock is behind the step that started this mark (the engine lets an M
        # run past the time another M it woke starts: see the engine's horizon) starts its
        # worker when the mark did
        now = S.sched[S_W_TMARK]
        S.allm[m, M_CLOCK] = now
    S.allp[pp, P_GCMARKWORKERMODE] = mode
    S.allp[pp, P_GCMARKWORKERSTARTTIME] = now
    reason = R_GC_DEDICATED
    if mode == gcMarkWorkerFractionalMode:
        reason = R_GC_FRACTIONAL
    elif mode == gcMarkWorkerIdleMode:
        reason = R_GC_IDLE
    traceev(S, m, pp, -1, EV_GCWORKER, 1, mode, 0, reason)


@jit
def gcMarkWorkerStop(S, m, pp, now):
    """pp's worker stops at now (or at its own M's clock if that is later): its time is counted
    in its mode (markWorkerStop; a fractional worker's also in pp.gcFractionalMarkTime).
    Go: runtime/mgc.go, gcBgMarkWorker (after gcDrain)."""
    mode = S.allp[pp, P_GCMARKWORKERMODE]
    end = now
    if m >= 0 and S.allm[m, M_CLOCK] > end:
        end = S.allm[m, M_CLOCK]
    duration = end - S.allp[pp, P_GCMARKWORKERSTARTTIME]
    if duration < 0:
        duration = 0
    markWorkerStop(S.gcc, S.gccf, mode, duration)
    if mode == gcMarkWorkerFractionalMode:
        S.allp[pp, P_GCFRACTIONALMARKTIME] += duration
    S.allp[pp, P_GCMARKWORKERMODE] = 0
    traceev(S, m, pp, -1, EV_GCWORKER, 0, mode, duration, R_GC_WORKERSTOP)


@jit
def pollFractionalWorkerExit(S, pp, now):
    """Should the fractional worker stop? When this P's fractional time this cycle passes 1.2 x
    fractionalUtilizationGoal of the mark so far. Go: runtime/mgc.go, pollFractionalWorkerExit."""
    delta = now - S.gcc[C_MARKSTARTTIME]
    if delta <= 0:
        return True
    selfTime = S.allp[pp, P_GCFRACTIONALMARKTIME] + (now - S.allp[pp, P_GCMARKWORKERSTARTTIME])
    return float(selfTime) / float(delta) > 1.2 * S.gccf[F_FRACTIONALUTILIZATIONGOAL]


@jit
def gcBgMarkWorker(S, m):
    """One step of the mark worker that holds m's P: a piece of scan work (gcBgMarkChunk, as
    gcDrain does it, with gcDrainFlushBgCredit: the work becomes background credit the assists
    can steal), unless it must stop: no mark work left (the last one ends the mark:
    gcMarkDone), the GC no longer marking, a fractional worker over its share, an idle one
    with Gs to run on its P. The engine lets the earliest M act between steps, so workers,
    assists and Gs on other Ps interleave in time.
    Go: runtime/mgc.go, gcBgMarkWorker; runtime/mgcmark.go, gcDrain."""
    pp = S.allm[m, M_P]
    mode = S.allp[pp, P_GCMARKWORKERMODE]
    now = S.allm[m, M_CLOCK]
    stop = S.sched[S_GCPHASE] != _GCmark or not gcMarkWorkAvailable(S)
    if not stop and mode == gcMarkWorkerFractionalMode:
        stop = pollFractionalWorkerExit(S, pp, now)
    if not stop and mode == gcMarkWorkerIdleMode:
        stop = pollWork(S, pp)
    if stop:
        gcMarkWorkerStop(S, m, pp, now)
        if S.sched[S_GCPHASE] == _GCmark and not gcMarkWorkAvailable(S):
            gcMarkDone(S, m, -1)
        return
    done = gcDrainN(S, gcBgMarkChunk, -1)
    S.gcc[C_BGSCANCREDIT] += done  # gcFlushBgCredit (no parked assists to satisfy first)
    S.allm[m, M_CLOCK] += done * gcScanPSPerByte // 1000
    markBusyUntil(S, S.allm[m, M_CLOCK])


@jit
def gcAssistAlloc(S, m, gp, size):
    """During the mark: charge an allocation of size bytes to gp's assist credit and, if gp is
    in debt, make it assist: take what it can of the background workers' credit, then do the
    rest of max(debt x assistWorkPerByte, gcOverAssistWork) scan work itself and be credited
    assistBytesPerWork per unit. The assist that finds no work left reaches the
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
        debtBytes = int(cf[F_ASSISTBYTESPERWORK] * float(scanWork))
    # Steal as much credit as we can from the background GC's scan credit.
    stolen = 0
    bgScanCredit = c[C_BGSCANCREDIT]
    if bgScanCredit > 0:
        if bgScanCredit < scanWork:
            stolen = bgScanCredit
            S.allg[gp, G_GCASSISTBYTES] += 1 + int(cf[F_ASSISTBYTESPERWORK] * float(stolen))
        else:
            stolen = scanWork
            S.allg[gp, G_GCASSISTBYTES] += debtBytes
        c[C_BGSCANCREDIT] -= stolen
        scanWork -= stolen
        if scanWork == 0:
            return
    workDone = gcDrainN(S, scanWork, gp)
    dur = workDone * gcScanPSPerByte // 1000
    traceev(S, m, S.allm[m, M_P], gp, EV_GCASSIST, workDone, dur, stolen, R_GC_ASSIST)
    c[C_ASSISTTIME] += dur
    S.allm[m, M_CLOCK] += dur
    markBusyUntil(S, S.allm[m, M_CLOCK])
    S.allg[gp, G_GCASSISTBYTES] += 1 + int(cf[F_ASSISTBYTESPERWORK] * float(workDone))
    if not gcMarkWorkAvailable(S):
        gcMarkDone(S, m, gp)


@jit
def gcMarkDone(S, m, gp):
    """The mark is complete: once the work others took is done (S_W_MARKBUSY), stop the world
    (every mark worker still running stops), measure the cycle (endCycle) and terminate it.
    Go: runtime/mgc.go, gcMarkDone (its ragged barrier has nothing to flush here)."""
    if S.sched[S_W_MARKBUSY] > S.allm[m, M_CLOCK]:
        S.allm[m, M_CLOCK] = S.sched[S_W_MARKBUSY]  # work another M took is still being done
    now = S.allm[m, M_CLOCK]
    for pp in range(S.sched[S_GOMAXPROCS]):  # the stop-the-world stops every worker still running
        if S.allp[pp, P_GCMARKWORKERMODE] != 0:
            gcMarkWorkerStop(S, S.allp[pp, P_M], pp, now)
    preemptall(S, m, now + gcMarkTermNS)  # and every G
    S.sched[S_W_TMARKTERM] = now
    S.sched[S_W_HEAP1] = S.gcc[C_HEAPLIVE]
    endCycle(S.gcc, S.gccf, now, S.sched[S_GOMAXPROCS], S.sched[S_W_USERFORCED])
    gcMarkTermination(S, m, gp)


@jit
def gcMarkTermination(S, m, gp):
    """With the world stopped: the checkmark pass (GODEBUG=gccheckmark=1; if it finds an object
    the mark missed, S_THROW is set and the caller ends the program), heap2 (the bytes marked),
    the pacer's next goal and trigger, the start of the concurrent sweep (gcSweep), the cycle's
    statistics and its gctrace line.
    Go: runtime/mgc.go, gcMarkTermination (and gcSweep, gcControllerCommit)."""
    c = S.gcc
    cf = S.gccf
    S.sched[S_GCPHASE] = _GCoff
    if S.sched[S_GCCHECKMARK] != 0:
        bad = gcCheckmark(S, gp)
        if bad >= 0:  # throw("checkmark found unmarked object"): the caller ends the program
            S.sched[S_W_BADOBJ] = bad
            S.sched[S_THROW] = THROW_CHECKMARK
            return
    marked = S.sched[S_W_BYTESMARKED]
    S.sched[S_W_HEAP2] = marked
    resetLive(c, cf, marked)
    commit(c, cf, True)
    gcSweep(S)  # the sweep starts, paced to end before the next trigger
    tEnd = S.sched[S_W_TMARKTERM] + gcMarkTermNS
    S.sched[S_W_TEND] = tEnd
    S.allm[m, M_CLOCK] = tEnd
    wakep(S, m, tEnd)  # gcSweep readies the background sweeper: an idle P may run it
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
    the assists and workers made it last; the cpu fields are stwprocs x the pauses, the
    assists' time, the dedicated and fractional workers' time and idle marking (idle Ps' and a
    forced cycle's work). Sizes are ``>> 20``; ``G MB goal`` is lastHeapGoal, ``stacks`` Go 1.19's
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
