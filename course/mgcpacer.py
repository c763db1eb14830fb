"""The GC pacer: when the next GC starts (the trigger), where it should end (the heap goal),
and how much marking each allocation must pay for (the assist ratio).

Models ``runtime/mgcpacer.go``: the ``gcControllerState`` and its methods, with today's Go
rules by default and Go 1.19's behind a version setting. The design is Go's "GC pacer
redesign" (proposal 44167, Go 1.18): a cycle is paced against the *heap goal*

    gcPercentHeapGoal = heapMarked + (heapMarked + lastStackScan + globalsScan) * GOGC/100

(stacks and globals count as GC work since 1.18), at least ``heapMinimum`` = 4 MiB * GOGC/100,
and never above the goal that keeps the program under its memory limit (``GOMEMLIMIT``, minus
some headroom). The GC starts early enough that the 25% background workers alone finish the
expected scan work by the goal: the *runway* is the heap the mutator allocates while the GC
scans, ``consMark * (1 - 0.25)/0.25 * expected scan work``, where ``consMark`` is the measured
ratio of the mutator's allocation rate to the GC's scan rate. The trigger is ``goal - runway``,
kept between 0.7 and 0.95 of the way from ``heapMarked`` to the goal. During the cycle, every
allocated byte costs ``assistWorkPerByte`` units of scan work (``revise``), so that if the
mutator allocates faster than expected it pays with mark assists and the cycle still ends by the
goal.

The state is a pair of numpy arrays (numba compiles and caches functions of arrays; it cannot
cache jitclasses): ``c``, int64, one column per integer field, and ``cf``, float64, one per float
field. Column names are Go's field names in capitals (``C_HEAPMARKED`` is ``heapMarked``).
Every function takes ``(c, cf, ...)`` and keeps Go's name; its docstring names the Go function.
``newController()`` makes a pair; ``init`` is ``(*gcControllerState).init``.

Go's ``uint64`` fields are int64 columns holding the same bits: the heap sizes are far below
2**63, and Go's "none" value ``^uint64(0)`` (``triggered`` outside a cycle, the GOGC=off goal)
is -1 here. Where Go compares such a value as unsigned, we do too (``_ult``), float-to-int
conversions follow Go on amd64 (``_f2i``, ``_f2u``: NaN and overflow give 0x8000000000000000),
and a float division by zero gives Go's Inf or NaN (``_fdiv``), not an exception.

Invariants (the tests check them):
  * ``heapMarked <= trigger <= goal`` whenever ``heapMarked < goal``; otherwise trigger == goal;
  * ``minTrigger <= trigger <= maxTrigger``: 45/64 and 61/64 of the way from heapMarked to the
    goal (or ``goal - 4 MiB`` for large goals);
  * the memory-limit goal is ``>= heapMarked`` and at most ``limit - headroom``;
  * ``assistWorkPerByte * heapRemaining == scanWorkRemaining`` after ``revise``.

Versions (``version`` column; ``GO_NEWEST`` = today's Go, ``GO_1_19``):
  * ``startCycle``: newest sets ``triggered = heapLive`` (where the GC really started); 1.19
    used the precomputed ``trigger()`` (its TODO, issue 53738).
  * ``endCycle``: newest takes ``consMark`` as the maximum of this cycle's measurement and the
    last 4 measurements; 1.19 smoothed it with a PI controller (kp 0.9, ti 4, tt 1000, output
    in [-1000, 1000]).
  * ``memoryLimitHeapGoal``: newest subtracts ``max(3% of the goal, 1 MiB)`` of headroom; 1.19
    a fixed 1 MiB.

Simplified or left to the caller: per-P state (``p.gcAssistTime``, ``gcFractionalMarkTime``,
the ``maxStackScanDelta`` slack is an array the caller passes), the GC CPU limiter, the
scavenger and sweeper pacing that ``gcControllerCommit`` also feeds, tracing, and
``findRunnableGCWorker`` (the scheduler's side). ``defaultHeapMinimum`` is 4 MiB (Go's
``GOEXPERIMENT=heapminimum512kib`` is not modelled). Go's ``endCycle`` records ``lastHeapGoal``
in the global ``gcController`` even for a test copy; ours records it in ``c``.
"""
from __future__ import annotations

import math
import re

import numpy as np

from ._jit import jit

# ---- versions ------------------------------------------------------------------------------
GO_NEWEST = 0  # today's mgcpacer.go (read at golang/go 1d68a237)
GO_1_19 = 119  # Go 1.19 (the toolchain installed here)
VERSIONS = {"newest": GO_NEWEST, "1.19": GO_1_19}

# ---- constants (mgcpacer.go, mgc.go) -------------------------------------------------------
gcGoalUtilization = 0.25  # goal CPU utilization for marking, as a fraction of GOMAXPROCS
gcBackgroundUtilization = 0.25  # fixed utilization of the background mark workers
gcCreditSlack = 2000  # scan work a P accumulates before flushing it
gcAssistTimeSlack = 5000  # ns of assist time a P accumulates before flushing it
gcOverAssistWork = 64 << 10  # extra scan work an assist does, pre-paying future allocation
defaultHeapMinimum = 4 << 20  # heapMinimum for GOGC=100
maxStackScanSlack = 8 << 10  # stack bytes a P accumulates before updating maxStackScan
memoryLimitMinHeapGoalHeadroom = 1 << 20  # newest: minimum headroom under the memory limit
memoryLimitHeapGoalHeadroomPercent = 3  # newest: headroom as a percent of the limit goal
memoryLimitHeapGoalHeadroom = 1 << 20  # Go 1.19: the fixed headroom
sweepMinHeapDistance = 1024 * 1024  # mgc.go: the sweeper's minimum runway
triggerRatioDen = 64
minTriggerRatioNum = 45  # ~0.7
maxTriggerRatioNum = 61  # ~0.95
minRunway = 64 << 10  # heapGoalInternal: goal >= triggered + 64 KiB
maxOvershoot = 1.1  # revise: past the goal, aim 10% beyond it
maxUtilError = 0.3  # startCycle: dedicated workers may be 30% off 25%
maxInt64 = (1 << 63) - 1  # math.MaxInt64: GOMEMLIMIT=off
NONE = -1  # ^uint64(0) as int64 bits: "no goal" (GOGC=off), "not triggered"
_MIN_INT64 = -(1 << 63)  # 0x8000000000000000: Go's amd64 result of an overflowing conversion
# setGCPercent(-1) computes defaultHeapMinimum * uint64(-1) / 100, which wraps modulo 2**64:
heapMinimumGOGCOff = ((1 << 64) - defaultHeapMinimum) // 100

# gcTrigger kinds (mgc.go) and mark worker modes (mgc.go: gcMarkWorkerMode)
gcTriggerHeap = 0
gcTriggerTime = 1
gcTriggerCycle = 2
gcMarkWorkerNotWorker = 0
gcMarkWorkerDedicatedMode = 1
gcMarkWorkerFractionalMode = 2
gcMarkWorkerIdleMode = 3

# ---- int64 columns (gcControllerState's integer fields) ------------------------------------
C_VERSION = 0  # GO_NEWEST or GO_1_19 (not a Go field: which Go we model)
C_GCPERCENT = 1  # gcPercent: GOGC, -1 for off
C_MEMORYLIMIT = 2  # memoryLimit: GOMEMLIMIT in bytes, math.MaxInt64 for off
C_HEAPMINIMUM = 3  # heapMinimum: 4 MiB * GOGC/100
C_RUNWAY = 4  # runway: heap the mutator may allocate while the GC marks (set by commit)
C_GCPERCENTHEAPGOAL = 5  # gcPercentHeapGoal: the GOGC goal, NONE if GOGC=off
C_SWEEPDISTMINTRIGGER = 6  # sweepDistMinTrigger: heapLive + 1 MiB if sweeping was unfinished
C_TRIGGERED = 7  # triggered: where this cycle started (newest: heapLive; 1.19: trigger()); NONE outside
C_LASTHEAPGOAL = 8  # lastHeapGoal: the goal when the last GC ended
C_HEAPLIVE = 9  # heapLive: bytes marked by the last GC plus allocated since
C_HEAPSCAN = 10  # heapScan: the scannable part of heapLive (fixed during a cycle)
C_LASTHEAPSCAN = 11  # lastHeapScan: heap bytes scanned by the last GC
C_LASTSTACKSCAN = 12  # lastStackScan: stack bytes scanned by the last GC
C_MAXSTACKSCAN = 13  # maxStackScan: allocated goroutine stack space (worst-case stack work)
C_GLOBALSSCAN = 14  # globalsScan: scannable globals
C_HEAPMARKED = 15  # heapMarked: bytes marked by the last GC
C_HEAPSCANWORK = 16  # heapScanWork: heap scan work done this cycle
C_STACKSCANWORK = 17  # stackScanWork: stack scan work done this cycle
C_GLOBALSSCANWORK = 18  # globalsScanWork: globals scan work done this cycle
C_BGSCANCREDIT = 19  # bgScanCredit: background scan credit that assists may steal
C_ASSISTTIME = 20  # assistTime: ns spent in mark assists this cycle
C_DEDICATEDMARKTIME = 21  # dedicatedMarkTime: ns in dedicated mark workers this cycle
C_FRACTIONALMARKTIME = 22  # fractionalMarkTime: ns in the fractional worker this cycle
C_IDLEMARKTIME = 23  # idleMarkTime: ns of idle marking this cycle
C_MARKSTARTTIME = 24  # markStartTime: when assists and workers started
C_DEDICATEDMARKWORKERSNEEDED = 25  # dedicatedMarkWorkersNeeded: dedicated workers still to start
C_IDLEMARKWORKERS_N = 26  # idleMarkWorkers, low half: idle mark workers running
C_IDLEMARKWORKERS_MAX = 27  # idleMarkWorkers, high half: how many may run
C_HEAPFREE = 28  # heapFree: bytes free in the heap, not released to the OS
C_TOTALALLOC = 29  # totalAlloc: bytes ever allocated
C_TOTALFREE = 30  # totalFree: bytes ever freed
C_MAPPEDREADY = 31  # mappedReady: mapped memory in the Ready state
C_GCSTOPTHEWORLD = 32  # debug.gcstoptheworld (GODEBUG): every P is a dedicated worker
C_PI_INPUTOVERFLOW = 33  # Go 1.19 piController.inputOverflow
C_PI_ERROVERFLOW = 34  # Go 1.19 piController.errOverflow
C_NCOLS = 35

# ---- float64 columns -----------------------------------------------------------------------
F_CONSMARK = 0  # consMark: estimated (alloc bytes / cpu-ns) / (scan bytes / cpu-ns)
F_LASTCONSMARK = 1  # lastConsMark[0..3]: the last 4 measured cons/mark values (newest)
F_ASSISTWORKPERBYTE = 5  # assistWorkPerByte: scan work owed per allocated byte
F_ASSISTBYTESPERWORK = 6  # assistBytesPerWork: 1/assistWorkPerByte
F_FRACTIONALUTILIZATIONGOAL = 7  # fractionalUtilizationGoal: per-P share of the fractional worker
F_PI_KP = 8  # Go 1.19 consMarkController (a piController): proportional constant,
F_PI_TI = 9  # integral time constant,
F_PI_TT = 10  # reset time,
F_PI_MIN = 11  # output bounds,
F_PI_MAX = 12
F_PI_ERRINTEGRAL = 13  # and the integral of the error
F_NCOLS = 14
lastConsMarkLen = 4

INT_COLUMNS = {name: val for name, val in globals().items() if name.startswith("C_") and name != "C_NCOLS"}
FLOAT_COLUMNS = {name: val for name, val in globals().items() if name.startswith("F_") and name != "F_NCOLS"}


def newController(gcPercent: int = 100, memoryLimit: int = maxInt64, version: str = "newest"):
    """A fresh controller, initialised as Go's ``gcController.init(readGOGC(), readGOMEMLIMIT())``.

    Returns ``(c, cf)``: the int64 and float64 columns. ``version`` is ``"newest"`` or ``"1.19"``.
    """
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {sorted(VERSIONS)}, not {version!r}")
    c = np.zeros(C_NCOLS, np.int64)
    cf = np.zeros(F_NCOLS, np.float64)
    init(c, cf, int(gcPercent), int(memoryLimit), VERSIONS[version])
    return c, cf


# ---- helpers: Go's unsigned comparisons and float conversions on int64 bits -----------------

@jit
def _ult(a, b):
    """``a < b`` for uint64 values held as int64 bits (NONE is the largest)."""
    return (a ^ _MIN_INT64) < (b ^ _MIN_INT64)


@jit
def _f2i(x):
    """Go's ``int64(x)`` for a float64 on amd64: truncation; NaN and overflow give MinInt64."""
    if x != x or x >= 9.223372036854775808e18 or x < -9.223372036854775808e18:
        return np.int64(_MIN_INT64)
    return np.int64(x)


@jit
def _f2u(x):
    """Go's ``uint64(x)`` for a float64 on amd64, as int64 bits.

    Below 2**63 it is the signed conversion (so a negative x gives a huge uint64); above, Go
    converts ``x - 2**63`` and sets the top bit."""
    if x < 9.223372036854775808e18:
        return _f2i(x)
    return _f2i(x - 9.223372036854775808e18) | np.int64(_MIN_INT64)


@jit
def _fdiv(a, b):
    """Go's float64 division: by zero it gives +-Inf or NaN (numba's njit would raise)."""
    if b == 0.0:
        if a != a or a == 0.0:
            return math.nan
        return math.inf if a > 0 else -math.inf
    return a / b


# ---- the controller ------------------------------------------------------------------------

@jit
def init(c, cf, gcPercent, memoryLimit, version):
    """Go: runtime/mgcpacer.go, (*gcControllerState).init.

    Sets heapMinimum and ``triggered = ^0``, GOGC and the memory limit, and commits with the
    sweep done (there is none before the first GC). Go 1.19 also sets up its PI controller."""
    c[:] = 0
    cf[:] = 0.0
    c[C_VERSION] = version
    c[C_HEAPMINIMUM] = defaultHeapMinimum
    c[C_TRIGGERED] = NONE
    if version == GO_1_19:
        # Tuned via Ziegler-Nichols in simulation, then ti by hand against real applications.
        cf[F_PI_KP] = 0.9
        cf[F_PI_TI] = 4.0
        cf[F_PI_TT] = 1000.0
        cf[F_PI_MIN] = -1000.0
        cf[F_PI_MAX] = 1000.0
    setGCPercent(c, cf, gcPercent)
    setMemoryLimit(c, cf, memoryLimit)
    commit(c, cf, True)


@jit
def startCycle(c, cf, markStartTime, procs, triggerKind):
    """Go: runtime/mgcpacer.go, (*gcControllerState).startCycle.

    Called with the world stopped as a GC starts: resets the cycle's work counters, records
    where the cycle triggered, decides the mark workers (dedicated ones rounded to 25% of
    GOMAXPROCS, a fractional worker making up what rounding lost) and computes the first
    assist ratio. Returns the number of dedicated workers."""
    c[C_HEAPSCANWORK] = 0
    c[C_STACKSCANWORK] = 0
    c[C_GLOBALSSCANWORK] = 0
    c[C_BGSCANCREDIT] = 0
    c[C_ASSISTTIME] = 0
    c[C_DEDICATEDMARKTIME] = 0
    c[C_FRACTIONALMARKTIME] = 0
    c[C_IDLEMARKTIME] = 0
    c[C_MARKSTARTTIME] = markStartTime
    if c[C_VERSION] == GO_1_19:
        # 1.19 measures cons/mark from the precomputed trigger, not where the GC really started
        # (issue 53738): its PI controller flailed with the accurate value.
        heapTrigger, _ = trigger(c, cf)
        c[C_TRIGGERED] = heapTrigger
    else:
        c[C_TRIGGERED] = c[C_HEAPLIVE]

    totalUtilizationGoal = float(procs) * gcBackgroundUtilization
    dedicatedMarkWorkersNeeded = np.int64(totalUtilizationGoal + 0.5)
    utilError = float(dedicatedMarkWorkersNeeded) / totalUtilizationGoal - 1
    if utilError < -maxUtilError or utilError > maxUtilError:
        # Rounding put us more than 30% off 25% (GOMAXPROCS <= 3 or == 6): add a fractional
        # worker for the rest.
        if float(dedicatedMarkWorkersNeeded) > totalUtilizationGoal:
            dedicatedMarkWorkersNeeded -= 1
        cf[F_FRACTIONALUTILIZATIONGOAL] = (totalUtilizationGoal - float(dedicatedMarkWorkersNeeded)) / float(procs)
    else:
        cf[F_FRACTIONALUTILIZATIONGOAL] = 0.0
    if c[C_GCSTOPTHEWORLD] > 0:
        dedicatedMarkWorkersNeeded = np.int64(procs)
        cf[F_FRACTIONALUTILIZATIONGOAL] = 0.0

    if triggerKind == gcTriggerTime:
        # A periodic GC needs few idle workers, but at least one if there is no dedicated one.
        if dedicatedMarkWorkersNeeded > 0:
            setMaxIdleMarkWorkers(c, cf, 0)
        else:
            setMaxIdleMarkWorkers(c, cf, 1)
    else:
        setMaxIdleMarkWorkers(c, cf, procs - dedicatedMarkWorkersNeeded)
    c[C_DEDICATEDMARKWORKERSNEEDED] = dedicatedMarkWorkersNeeded
    revise(c, cf)
    return dedicatedMarkWorkersNeeded


@jit
def revise(c, cf):
    """Go: runtime/mgcpacer.go, (*gcControllerState).revise.

    Recomputes the assist ratio: the scan work still expected, divided by the heap still
    allowed before the goal. If more work than expected is already done, the heap is growing:
    the goal is extrapolated to the worst case (all scannable heap live) but capped at the hard
    goal, (1 + GOGC/100) x goal. Past even that goal, aim 10% further (maxOvershoot)."""
    gcPercent = c[C_GCPERCENT]
    if gcPercent < 0:
        gcPercent = 100000  # a forced GC with GOGC=off: act as if GOGC were huge
    live = c[C_HEAPLIVE]
    scan = c[C_HEAPSCAN]
    work = c[C_HEAPSCANWORK] + c[C_STACKSCANWORK] + c[C_GLOBALSSCANWORK]

    heapGoal_ = heapGoal(c, cf)
    scanWorkExpected = c[C_LASTHEAPSCAN] + c[C_LASTSTACKSCAN] + c[C_GLOBALSSCAN]
    maxScanWork = scan + c[C_MAXSTACKSCAN] + c[C_GLOBALSSCAN]
    if work > scanWorkExpected:
        # More work than expected: the heap grows. Stretch the runway in proportion to the
        # worst-case work, which keeps the assist ratio flat.
        extHeapGoal = _f2i(_fdiv(float(heapGoal_ - c[C_TRIGGERED]), float(scanWorkExpected))
                           * float(maxScanWork)) + c[C_TRIGGERED]
        scanWorkExpected = maxScanWork
        hardGoal = _f2i((1.0 + float(gcPercent) / 100.0) * float(heapGoal_))
        if extHeapGoal > hardGoal:
            extHeapGoal = hardGoal
        heapGoal_ = extHeapGoal
    if live > heapGoal_:
        heapGoal_ = _f2i(float(heapGoal_) * maxOvershoot)
        scanWorkExpected = maxScanWork

    scanWorkRemaining = scanWorkExpected - work
    if scanWorkRemaining < 1000:
        scanWorkRemaining = 1000  # aim a little high; marking may double-count
    heapRemaining = heapGoal_ - live
    if heapRemaining <= 0:
        heapRemaining = 1
    cf[F_ASSISTWORKPERBYTE] = float(scanWorkRemaining) / float(heapRemaining)
    cf[F_ASSISTBYTESPERWORK] = float(heapRemaining) / float(scanWorkRemaining)


@jit
def endCycle(c, cf, now, procs, userForced):
    """Go: runtime/mgcpacer.go, (*gcControllerState).endCycle.

    At mark termination: measures this cycle's cons/mark ratio, bytes allocated since the
    trigger per unit of scan work, each divided by the CPU time spent on it,

        currentConsMark = (heapLive - triggered) * (u + u_idle) / (scanWork * (1 - u)),

    with u = 0.25 + assist time / (duration * procs), and updates the estimate ``consMark``:
    newest, the maximum of this and the last 4 measurements (biased towards fewer assists);
    Go 1.19, the output of its PI controller."""
    c[C_LASTHEAPGOAL] = heapGoal(c, cf)
    assistDuration = now - c[C_MARKSTARTTIME]
    utilization = gcBackgroundUtilization
    if assistDuration > 0:
        utilization += float(c[C_ASSISTTIME]) / float(assistDuration * procs)
    if not _ult(c[C_TRIGGERED], c[C_HEAPLIVE]):
        return  # heapLive <= triggered: a GC too short to measure anything
    idleUtilization = 0.0
    if assistDuration > 0:
        idleUtilization = float(c[C_IDLEMARKTIME]) / float(assistDuration * procs)
    scanWork = c[C_HEAPSCANWORK] + c[C_STACKSCANWORK] + c[C_GLOBALSSCANWORK]
    currentConsMark = _fdiv(float(c[C_HEAPLIVE] - c[C_TRIGGERED]) * (utilization + idleUtilization),
                            float(scanWork) * (1 - utilization))
    if c[C_VERSION] == GO_1_19:
        out, ok = piControllerNext(c, cf, cf[F_CONSMARK], currentConsMark, 1.0)
        cf[F_CONSMARK] = out if ok else 0.0
    else:
        consMark = currentConsMark
        for i in range(lastConsMarkLen):
            if cf[F_LASTCONSMARK + i] > consMark:
                consMark = cf[F_LASTCONSMARK + i]
        cf[F_CONSMARK] = consMark
        for i in range(lastConsMarkLen - 1):
            cf[F_LASTCONSMARK + i] = cf[F_LASTCONSMARK + i + 1]
        cf[F_LASTCONSMARK + lastConsMarkLen - 1] = currentConsMark


@jit
def piControllerNext(c, cf, input_, setpoint, period):
    """Go 1.19: runtime/mgcpacer.go, (*piController).next.

    A proportional-integral controller with anti-windup (the integral is pulled back by
    ``(output - rawOutput) * period/tt`` when the output is clipped). Returns (output, ok);
    an infinite or NaN value resets it and returns (min, False)."""
    prop = cf[F_PI_KP] * (setpoint - input_)
    rawOutput = prop + cf[F_PI_ERRINTEGRAL]
    output = rawOutput
    if math.isinf(output) or math.isnan(output):
        cf[F_PI_ERRINTEGRAL] = 0.0
        c[C_PI_INPUTOVERFLOW] = 1
        return cf[F_PI_MIN], False
    if output < cf[F_PI_MIN]:
        output = cf[F_PI_MIN]
    elif output > cf[F_PI_MAX]:
        output = cf[F_PI_MAX]
    if cf[F_PI_TI] != 0 and cf[F_PI_TT] != 0:
        cf[F_PI_ERRINTEGRAL] += ((cf[F_PI_KP] * period / cf[F_PI_TI]) * (setpoint - input_)
                                 + (period / cf[F_PI_TT]) * (output - rawOutput))
        if math.isinf(cf[F_PI_ERRINTEGRAL]) or math.isnan(cf[F_PI_ERRINTEGRAL]):
            cf[F_PI_ERRINTEGRAL] = 0.0
            c[C_PI_ERROVERFLOW] = 1
            return cf[F_PI_MIN], False
    return output, True


@jit
def findRunnableGCWorkerMode(c, cf, gcFractionalMarkTime, now):
    """Go: runtime/mgcpacer.go, (*gcControllerState).findRunnableGCWorker: its decision only.

    Whether a P that looks for work should run a mark worker, and in which mode: dedicated
    while ``dedicatedMarkWorkersNeeded`` is positive (taking one), else fractional if this P is
    behind the fractional goal (``gcFractionalMarkTime`` is its ``p.gcFractionalMarkTime``).
    The scheduler's side (the worker pool, gcShouldScheduleWorker, the CPU limiter) is the
    caller's. Returns a gcMarkWorker*Mode, gcMarkWorkerNotWorker for none."""
    if c[C_DEDICATEDMARKWORKERSNEEDED] <= 0 and cf[F_FRACTIONALUTILIZATIONGOAL] == 0:
        return gcMarkWorkerNotWorker
    if c[C_DEDICATEDMARKWORKERSNEEDED] > 0:
        c[C_DEDICATEDMARKWORKERSNEEDED] -= 1
        return gcMarkWorkerDedicatedMode
    if cf[F_FRACTIONALUTILIZATIONGOAL] == 0:
        return gcMarkWorkerNotWorker
    delta = now - c[C_MARKSTARTTIME]
    if delta > 0 and float(gcFractionalMarkTime) / float(delta) > cf[F_FRACTIONALUTILIZATIONGOAL]:
        return gcMarkWorkerNotWorker  # this P is not behind its fractional share
    return gcMarkWorkerFractionalMode


@jit
def resetLive(c, cf, bytesMarked):
    """Go: runtime/mgcpacer.go, (*gcControllerState).resetLive.

    After endCycle, with the world stopped: the marked bytes become the live heap, this
    cycle's scan work becomes next cycle's expectation, and ``triggered`` is reset."""
    c[C_HEAPMARKED] = bytesMarked
    c[C_HEAPLIVE] = bytesMarked
    c[C_HEAPSCAN] = c[C_HEAPSCANWORK]
    c[C_LASTHEAPSCAN] = c[C_HEAPSCANWORK]
    c[C_LASTSTACKSCAN] = c[C_STACKSCANWORK]
    c[C_TRIGGERED] = NONE


@jit
def markWorkerStop(c, cf, mode, duration):
    """Go: runtime/mgcpacer.go, (*gcControllerState).markWorkerStop: account a worker's time."""
    if mode == gcMarkWorkerDedicatedMode:
        c[C_DEDICATEDMARKTIME] += duration
        c[C_DEDICATEDMARKWORKERSNEEDED] += 1
    elif mode == gcMarkWorkerFractionalMode:
        c[C_FRACTIONALMARKTIME] += duration
    elif mode == gcMarkWorkerIdleMode:
        c[C_IDLEMARKTIME] += duration
        removeIdleMarkWorker(c, cf)


@jit
def update(c, cf, dHeapLive, dHeapScan, gcBlackenEnabled):
    """Go: runtime/mgcpacer.go, (*gcControllerState).update.

    The allocator reports heap growth. heapScan only moves between cycles (it is fixed
    during one); during a cycle the assist ratio is revised instead."""
    if dHeapLive != 0:
        c[C_HEAPLIVE] += dHeapLive
    if not gcBlackenEnabled:
        if dHeapScan != 0:
            c[C_HEAPSCAN] += dHeapScan
    else:
        revise(c, cf)


@jit
def addScannableStack(c, cf, maxStackScanDelta, pp, amount):
    """Go: runtime/mgcpacer.go, (*gcControllerState).addScannableStack.

    A P batches stack growth in ``maxStackScanDelta[pp]`` (``pp.maxStackScanDelta``) until it
    reaches 8 KiB either way; ``pp < 0`` (no P) adds at once."""
    if pp < 0:
        c[C_MAXSTACKSCAN] += amount
        return
    maxStackScanDelta[pp] += amount
    if maxStackScanDelta[pp] >= maxStackScanSlack or maxStackScanDelta[pp] <= -maxStackScanSlack:
        c[C_MAXSTACKSCAN] += maxStackScanDelta[pp]
        maxStackScanDelta[pp] = 0


@jit
def addGlobals(c, cf, amount):
    """Go: runtime/mgcpacer.go, (*gcControllerState).addGlobals."""
    c[C_GLOBALSSCAN] += amount


@jit
def heapGoal(c, cf):
    """Go: runtime/mgcpacer.go, (*gcControllerState).heapGoal: the current heap goal."""
    goal, _ = heapGoalInternal(c, cf)
    return goal


@jit
def heapGoalInternal(c, cf):
    """Go: runtime/mgcpacer.go, (*gcControllerState).heapGoalInternal.

    Returns (goal, minTrigger). The goal is the GOGC goal or the memory-limit goal, whichever
    is smaller. Only when the memory limit is *not* the binding one is the goal pushed out: to
    the sweeper's minimum distance, and to at least 64 KiB beyond where this cycle triggered
    (assists are proportional to that distance). Under the memory limit Go prefers assists to
    overshooting."""
    goal = c[C_GCPERCENTHEAPGOAL]
    minTrigger = np.int64(0)
    newGoal = memoryLimitHeapGoal(c, cf)
    if _ult(newGoal, goal):
        goal = newGoal
    else:
        sweepDistTrigger = c[C_SWEEPDISTMINTRIGGER]
        if _ult(goal, sweepDistTrigger):
            goal = sweepDistTrigger
        minTrigger = sweepDistTrigger
        if c[C_TRIGGERED] != NONE and _ult(goal, c[C_TRIGGERED] + minRunway):
            goal = c[C_TRIGGERED] + minRunway
    return goal, minTrigger


@jit
def memoryLimitHeapGoal(c, cf):
    """Go: runtime/mgcpacer.go, (*gcControllerState).memoryLimitHeapGoal.

    The heap goal the memory limit allows: the limit minus memory that is not heap objects
    (``mappedReady - heapFree - heapAlloc``) minus any overage above the limit, minus headroom
    for pacing errors (newest: max(3% of it, 1 MiB); Go 1.19: 1 MiB). Never below heapMarked:
    if non-heap memory alone exceeds the limit, the goal is the live heap (GC continuously)."""
    heapFree = c[C_HEAPFREE]
    heapAlloc = c[C_TOTALALLOC] - c[C_TOTALFREE]
    mappedReady = c[C_MAPPEDREADY]
    memoryLimit = c[C_MEMORYLIMIT]
    nonHeapMemory = mappedReady - heapFree - heapAlloc
    overage = np.int64(0)
    if mappedReady > memoryLimit:
        overage = mappedReady - memoryLimit
    if nonHeapMemory + overage >= memoryLimit:
        return c[C_HEAPMARKED]
    goal = memoryLimit - (nonHeapMemory + overage)
    if c[C_VERSION] == GO_1_19:
        headroom = np.int64(memoryLimitHeapGoalHeadroom)
    else:
        headroom = goal // 100 * memoryLimitHeapGoalHeadroomPercent
        if headroom < memoryLimitMinHeapGoalHeadroom:
            headroom = np.int64(memoryLimitMinHeapGoalHeadroom)
    if goal < headroom or goal - headroom < headroom:
        goal = headroom
    else:
        goal = goal - headroom
    if goal < c[C_HEAPMARKED]:
        goal = c[C_HEAPMARKED]
    return goal


@jit
def trigger(c, cf):
    """Go: runtime/mgcpacer.go, (*gcControllerState).trigger.

    Returns (trigger, goal): the heapLive at which the next GC starts. It is ``goal - runway``,
    clamped to [minTrigger, maxTrigger]: minTrigger is at least heapMarked and 45/64 (~0.7) of
    the way to the goal (so a fast allocator cannot make the GC run nearly all the time), and
    maxTrigger 61/64 (~0.95) of the way, or ``goal - 4 MiB`` for large goals (the runway a GC
    with no work needs)."""
    goal, minTrigger = heapGoalInternal(c, cf)
    heapMarked = c[C_HEAPMARKED]
    if heapMarked >= goal:
        return goal, goal  # defensive: a continuous GC at the goal
    if minTrigger < heapMarked:
        minTrigger = heapMarked
    triggerLowerBound = ((goal - heapMarked) // triggerRatioDen) * minTriggerRatioNum + heapMarked
    if minTrigger < triggerLowerBound:
        minTrigger = triggerLowerBound
    maxTrigger = ((goal - heapMarked) // triggerRatioDen) * maxTriggerRatioNum + heapMarked
    if goal > defaultHeapMinimum and goal - defaultHeapMinimum > maxTrigger:
        maxTrigger = goal - defaultHeapMinimum
    if maxTrigger < minTrigger:
        maxTrigger = minTrigger
    runway = c[C_RUNWAY]
    if _ult(goal, runway):
        trigger_ = minTrigger
    else:
        trigger_ = goal - runway
    if trigger_ < minTrigger:
        trigger_ = minTrigger
    if trigger_ > maxTrigger:
        trigger_ = maxTrigger
    # Go throws "produced a trigger greater than the heap goal" here; the bounds above make it
    # impossible (maxTrigger <= goal whenever heapMarked < goal).
    return trigger_, goal


@jit
def commit(c, cf, isSweepDone):
    """Go: runtime/mgcpacer.go, (*gcControllerState).commit.

    Recomputes what the trigger and goal are derived from: the sweeper's minimum distance,
    the GOGC goal (heapMarked plus GOGC% of heapMarked + stacks + globals, at least
    heapMinimum) and the runway, ``consMark * (1 - 0.25)/0.25 * expected scan work``: the bytes
    the mutator allocates, on 75% of the CPU, while the GC does that work on 25%."""
    if isSweepDone:
        c[C_SWEEPDISTMINTRIGGER] = 0
    else:
        c[C_SWEEPDISTMINTRIGGER] = c[C_HEAPLIVE] + sweepMinHeapDistance
    gcPercentHeapGoal = np.int64(NONE)
    gcPercent = c[C_GCPERCENT]
    if gcPercent >= 0:
        gcPercentHeapGoal = c[C_HEAPMARKED] + (c[C_HEAPMARKED] + c[C_LASTSTACKSCAN] + c[C_GLOBALSSCAN]) * gcPercent // 100
    if _ult(gcPercentHeapGoal, c[C_HEAPMINIMUM]):
        gcPercentHeapGoal = c[C_HEAPMINIMUM]
    c[C_GCPERCENTHEAPGOAL] = gcPercentHeapGoal
    c[C_RUNWAY] = _f2u((cf[F_CONSMARK] * (1 - gcGoalUtilization) / gcGoalUtilization)
                       * float(c[C_LASTHEAPSCAN] + c[C_LASTSTACKSCAN] + c[C_GLOBALSSCAN]))


@jit
def setGCPercent(c, cf, in_):
    """Go: runtime/mgcpacer.go, (*gcControllerState).setGCPercent. Returns the old GOGC.

    heapMinimum scales with GOGC: 4 MiB * GOGC/100. commit must be called after."""
    out = c[C_GCPERCENT]
    if in_ < 0:
        in_ = -1
        c[C_HEAPMINIMUM] = heapMinimumGOGCOff  # Go's uint64 wrap-around; never used
    else:
        c[C_HEAPMINIMUM] = defaultHeapMinimum * in_ // 100
    c[C_GCPERCENT] = in_
    return out


@jit
def setMemoryLimit(c, cf, in_):
    """Go: runtime/mgcpacer.go, (*gcControllerState).setMemoryLimit. Returns the old limit.

    A negative value only reads it. commit must be called after."""
    out = c[C_MEMORYLIMIT]
    if in_ >= 0:
        c[C_MEMORYLIMIT] = in_
    return out


@jit
def gcControllerCommit(c, cf, isSweepDone, gcphase):
    """Go: runtime/mgcpacer.go, gcControllerCommit (without the sweeper and scavenger pacing).

    commit, and revise if a GC is running (gcphase != _GCoff). Returns (trigger, goal)."""
    commit(c, cf, isSweepDone)
    if gcphase != 0:
        revise(c, cf)
    return trigger(c, cf)


@jit
def addIdleMarkWorker(c, cf):
    """Go: runtime/mgcpacer.go, (*gcControllerState).addIdleMarkWorker."""
    if c[C_IDLEMARKWORKERS_N] >= c[C_IDLEMARKWORKERS_MAX]:
        return False
    c[C_IDLEMARKWORKERS_N] += 1
    return True


@jit
def needIdleMarkWorker(c, cf):
    """Go: runtime/mgcpacer.go, (*gcControllerState).needIdleMarkWorker."""
    return c[C_IDLEMARKWORKERS_N] < c[C_IDLEMARKWORKERS_MAX]


@jit
def removeIdleMarkWorker(c, cf):
    """Go: runtime/mgcpacer.go, (*gcControllerState).removeIdleMarkWorker.

    Go throws "negative idle mark workers"; here the count stays at 0."""
    if c[C_IDLEMARKWORKERS_N] > 0:
        c[C_IDLEMARKWORKERS_N] -= 1


@jit
def setMaxIdleMarkWorkers(c, cf, max_):
    """Go: runtime/mgcpacer.go, (*gcControllerState).setMaxIdleMarkWorkers."""
    c[C_IDLEMARKWORKERS_MAX] = max_


def fields(c, cf) -> dict:
    """The controller as a dict of Go's field names (``{"heapMarked": ..., "consMark": ...}``),
    for printing and for views. ``^uint64(0)`` shows as None."""
    out = {}
    for name, col in sorted(INT_COLUMNS.items(), key=lambda kv: kv[1]):
        v = int(c[col])
        out[_go_name(name[2:])] = None if (v == NONE and col in (C_TRIGGERED, C_GCPERCENTHEAPGOAL)) else v
    for name, col in sorted(FLOAT_COLUMNS.items(), key=lambda kv: kv[1]):
        if name == "F_LASTCONSMARK":
            out["lastConsMark"] = [float(cf[col + i]) for i in range(lastConsMarkLen)]
        else:
            out[_go_name(name[2:])] = float(cf[col])
    return out


_GO_NAMES = {name.lower(): name for name in (
    "version gcPercent memoryLimit heapMinimum runway gcPercentHeapGoal sweepDistMinTrigger triggered "
    "lastHeapGoal heapLive heapScan lastHeapScan lastStackScan maxStackScan globalsScan heapMarked "
    "heapScanWork stackScanWork globalsScanWork bgScanCredit assistTime dedicatedMarkTime "
    "fractionalMarkTime idleMarkTime markStartTime dedicatedMarkWorkersNeeded heapFree totalAlloc "
    "totalFree mappedReady gcstoptheworld consMark assistWorkPerByte assistBytesPerWork "
    "fractionalUtilizationGoal").split()}


def _go_name(col: str) -> str:
    """C_HEAPMARKED -> heapMarked; PI_ and IDLEMARKWORKERS_ columns keep a readable form."""
    key = col.lower()
    if key in _GO_NAMES:
        return _GO_NAMES[key]
    if key.startswith("pi_"):
        return "consMarkController." + key[3:]
    if key.startswith("idlemarkworkers_"):
        return "idleMarkWorkers." + key[len("idlemarkworkers_"):]
    return key


# ---- environment (plain Python: the driver reads these once) -------------------------------

def readGOGC(value: str | None) -> int:
    """Go: runtime/mgcpacer.go, readGOGC: "off" is -1, a decimal int32 is itself, anything else
    (unset, malformed) 100."""
    if value == "off":
        return -1
    if value is None or not re.fullmatch(r"[+-]?[0-9]+", value):
        return 100
    n = int(value)
    return n if -(1 << 31) <= n < (1 << 31) else 100


def readGOMEMLIMIT(value: str | None) -> int:
    """Go: runtime/mgcpacer.go, readGOMEMLIMIT (with runtime/string.go's parseByteCount).

    "" or "off" is math.MaxInt64; otherwise a byte count with an optional B, KiB, MiB, GiB or
    TiB suffix. Go throws "malformed GOMEMLIMIT" on anything else; we raise ValueError."""
    if value is None or value in ("", "off"):
        return maxInt64
    n = parseByteCount(value)
    if n is None:
        raise ValueError(f"malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`: {value!r}")
    return n


def parseByteCount(s: str) -> int | None:
    """Go: runtime/string.go, parseByteCount: ``^[0-9]+(([KMGT]i)?B)?$``, at most MaxInt64."""
    m = re.fullmatch(r"([0-9]+)(?:([KMGT])i)?(B)?", s)
    if m is None or (m.group(2) and not m.group(3)):
        return None
    n = int(m.group(1)) * {None: 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}[m.group(2)]
    return n if n <= maxInt64 else None
