"""Sweeping: every allocated object the mark did not reach is freed, concurrently with the program.

Go: runtime/mgcsweep.go (sweepone, mspan.sweep, deductSweepCredit, bgsweep) and runtime/mgc.go
(gcSweep, gcPaceSweeper). After mark termination the marks say which objects live; the heap is
then swept a piece at a time while the program runs: an unmarked object is freed (its slots go on
the free list of its capacity for the next allocation, and its bytes leave ``HeapAlloc``,
``HeapInuse`` and the mapped memory: ``totalFree``), a marked one is kept and its mark cleared for
the next cycle. Who sweeps, as in Go:

* the **allocating goroutines**, in proportion to what they allocate (``deductSweepCredit``):
  ``gcPaceSweeper`` spreads the heap to sweep over the bytes the program may allocate before the
  next GC trigger (less 1 MiB of margin), so the sweep is done before the next cycle starts;
* a P that has **nothing to run** sweeps in idle time (Go's ``bgsweep`` goroutine, which
  mark termination readies; here the P runs the sweeper in place of a G, a piece per step,
  until the sweep is done or the P has Gs to run: ``findRunnableBgSweep``, ``bgsweep``, and
  the trace's ``EV_GCSWEEP``);
* whoever **starts the next cycle** first finishes the sweep (``gcStart``: ``finishsweep_m``),
  and ``runtime.GC()`` sweeps everything before it returns.

Until an object is swept it still counts in ``HeapAlloc`` (Go's memstats count frees when a
span is swept), while the pacer's heapLive is the marked bytes from mark termination on.

Simplified: the model sweeps object by object in address order (Go sweeps whole spans, in
``mheap_.sweepSpans``' order), counts its progress in objheap slots where Go counts pages, and
an object handed out from a free list while the sweep has not reached it yet is marked, so that
the sweep keeps it (Go sweeps a span before allocating from it). The time it takes,
``sweepNSPerObject``, is a round number, not calibrated.
"""
from __future__ import annotations

from ._jit import jit
from .mgcpacer import C_HEAPLIVE, C_MAPPEDREADY, C_TOTALFREE, trigger
from .malloc import (OBJ_ALLOCATED, OBJ_CHECKMARK, OBJ_FREELISTS, OBJ_KMASK, OBJ_KSHIFT, OBJ_MARKED, OH_BYTES, OH_FLAGS,
                     OH_HDR, OH_NEXT)
from .proc import pollWork, traceev
from .runtime2 import (_GCoff, M_CLOCK, M_P, P_BGSWEEP, P_BGSWEEPSTART, S_FREES, S_GCPHASE, S_OBJTOP, S_SWEEPBASIS,
                       S_SWEEPCURSOR, S_SWEEPDIST, S_SWEEPHEAPDIST, S_SWEEPHEAPLIVEBASIS, S_SWEEPTOP, S_W_TEND)
from .sizeclasses import _PageSize
from .traceev import EV_GCSWEEP, R_BGSWEEP, R_BGSWEEPSTOP

sweepNSPerObject = 5  # the time to sweep one object (model, not calibrated)
bgSweepSlots = 32768  # objheap slots the background sweeper sweeps per step (model granularity)


@jit(inline=True)
def isSweepDone(S):
    """Is every object of the last cycle swept? Go: runtime/mgcsweep.go, isSweepDone."""
    return S.sched[S_SWEEPCURSOR] >= S.sched[S_SWEEPTOP]


@jit
def sweepone(S, m, nslots):
    """Sweep objects from the sweep's cursor on, until nslots objheap slots are swept or none
    is left; the time goes on m's clock. Returns the slots swept.
    Go: runtime/mgcsweep.go, sweepone → (*mspan).sweep."""
    i = S.sched[S_SWEEPCURSOR]
    top = S.sched[S_SWEEPTOP]
    end = i + nslots
    nobj = 0
    while i < top and i < end:
        ref = i + OH_HDR
        fl = S.objheap[ref + OH_FLAGS]
        k = (fl >> OBJ_KSHIFT) & OBJ_KMASK
        if (fl & OBJ_ALLOCATED) != 0:
            if (fl & OBJ_MARKED) != 0:
                S.objheap[ref + OH_FLAGS] = fl & ~(OBJ_MARKED | OBJ_CHECKMARK)
            else:
                nbytes = S.objheap[ref + OH_BYTES]
                S.objheap[ref + OH_FLAGS] = k << OBJ_KSHIFT
                S.objheap[ref + OH_NEXT] = S.objheap[k]  # onto the free list of its capacity
                S.objheap[k] = ref
                if nbytes > 0:
                    S.sched[S_FREES] += 1
                    S.gcc[C_TOTALFREE] += nbytes
                    S.gcc[C_MAPPEDREADY] -= nbytes
        nobj += 1
        i = ref + (1 << k)
    swept = i - S.sched[S_SWEEPCURSOR]
    S.sched[S_SWEEPCURSOR] = i
    if m >= 0:
        S.allm[m, M_CLOCK] += nobj * sweepNSPerObject
    return swept


@jit
def finishsweep(S, m):
    """Sweep everything left (gcStart before a new cycle; runtime.GC before it returns).
    Go: runtime/mgc.go, finishsweep_m (and GC's sweepone loop)."""
    while not isSweepDone(S):
        sweepone(S, m, 1 << 62)


@jit
def gcSweep(S):
    """At mark termination: everything allocated so far is to be swept (what is allocated from
    the top later is new, unmarked and live), and the proportional sweep is paced.
    Go: runtime/mgc.go, gcSweep (sweepgen += 2) and gcPaceSweeper."""
    S.sched[S_SWEEPCURSOR] = OBJ_FREELISTS
    S.sched[S_SWEEPTOP] = S.sched[S_OBJTOP]
    gcPaceSweeper(S)


@jit
def gcPaceSweeper(S):
    """Spread the sweep over the heap the program may allocate before the next trigger, less a
    1 MiB margin (at least a page): slots to sweep per byte allocated, kept as the two
    distances. Go: runtime/mgc.go, gcPaceSweeper (sweepPagesPerByte, sweepHeapLiveBasis,
    pagesSweptBasis)."""
    trig, _ = trigger(S.gcc, S.gccf)
    heapDistance = trig - S.gcc[C_HEAPLIVE] - (1 << 20)
    if heapDistance < _PageSize:
        heapDistance = _PageSize
    S.sched[S_SWEEPDIST] = S.sched[S_SWEEPTOP] - S.sched[S_SWEEPCURSOR]
    S.sched[S_SWEEPHEAPDIST] = heapDistance
    S.sched[S_SWEEPHEAPLIVEBASIS] = S.gcc[C_HEAPLIVE]
    S.sched[S_SWEEPBASIS] = S.sched[S_SWEEPCURSOR]


@jit
def deductSweepCredit(S, m, spanBytes):
    """An allocation of spanBytes pays for the sweep: sweep until the slots swept since the
    pacing reach the heap allocated since, times the pace. Go: runtime/mgcsweep.go,
    deductSweepCredit."""
    if isSweepDone(S):
        return
    newHeapLive = S.gcc[C_HEAPLIVE] - S.sched[S_SWEEPHEAPLIVEBASIS] + spanBytes
    target = S.sched[S_SWEEPDIST] * newHeapLive // S.sched[S_SWEEPHEAPDIST]
    short = target - (S.sched[S_SWEEPCURSOR] - S.sched[S_SWEEPBASIS])
    if short > 0:
        sweepone(S, m, short)


@jit
def findRunnableBgSweep(S, m, pp):
    """findRunnable found nothing to run: if the last cycle's sweep is not done, pp runs the
    background sweeper (returns True). Go: runtime/mgcsweep.go, bgsweep, a goroutine that
    mark termination readies (gcSweep) and that runs when a P has nothing else to do."""
    if isSweepDone(S) or S.sched[S_GCPHASE] != _GCoff:
        return False
    if S.allm[m, M_CLOCK] < S.sched[S_W_TEND]:  # (an M behind the step that ended the mark: as
        S.allm[m, M_CLOCK] = S.sched[S_W_TEND]  # mgc.gcMarkWorkerStart) starts when the sweep did
    S.allp[pp, P_BGSWEEP] = 1
    S.allp[pp, P_BGSWEEPSTART] = S.allm[m, M_CLOCK]
    traceev(S, m, pp, -1, EV_GCSWEEP, 1, 0, 0, R_BGSWEEP)
    return True


@jit
def bgsweep(S, m):
    """One step of the background sweeper that holds m's P: a piece of the sweep
    (bgSweepSlots), unless the sweep is done or the P has Gs to run, when it yields the P
    (goschedIfBusy; the model's sweeper is not a G: it stops, and findRunnable starts it
    again when the P is idle once more). Go: runtime/mgcsweep.go, bgsweep."""
    pp = S.allm[m, M_P]
    if isSweepDone(S) or S.sched[S_GCPHASE] != _GCoff or pollWork(S, pp):
        S.allp[pp, P_BGSWEEP] = 0
        ran = S.allm[m, M_CLOCK] - S.allp[pp, P_BGSWEEPSTART]
        traceev(S, m, pp, -1, EV_GCSWEEP, 0, 0, ran, R_BGSWEEPSTOP)
        return
    sweepone(S, m, bgSweepSlots)
