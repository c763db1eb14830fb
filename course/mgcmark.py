"""Marking: from the roots, every object a program can still reach is marked (blackened),
concurrently with the program.

Go: runtime/mgcmark.go (gcMarkRootPrepare, markroot, scanstack, scanblock, scanobject,
greyobject, gcDrainN) and runtime/mcheckmark.go (GODEBUG=gccheckmark=1). The tri-colour
invariant: an object is *white* (not marked), *grey* (marked, on the grey list: its slots not
scanned yet) or *black* (marked and scanned). Grey objects wait on a list threaded through
their ``OH_NEXT`` header slot (Go's ``gcWork`` buffers); scanning one greys what it points to.

The mark is done in pieces by whoever does mark work (``course.mgc``: background workers and
assists, through ``gcDrainN``): first the root jobs in Go's order, each scanned when its turn
comes (``markrootData``: the package-level variables, Go's data and BSS segments;
``markrootRuntime``: the runtime's own references to program values, here closure cells,
closures and defer records in ``State.heap``, channel buffers and the values of blocked senders'
sudogs; ``markrootStacks``: every goroutine's stack), then grey objects until none is left.
Meanwhile the program runs: it allocates black (``course.malloc.newobject``) and every
pointer write outside a stack goes through the hybrid write barrier (``course.mbarrier``), which
greys the pointer overwritten and the pointer written, so nothing reachable is lost to a
mutator that moves a pointer from an object not scanned yet into one already black.

A heap object's scan work is its scannable bytes, which the compiler knows from its type
(``OBJ_SCANSHIFT``: Go's ptrdata, as the heap bitmap gives it); a pointer-free object (noscan)
is marked black at once and never queued. Which of its slots hold references is still found by
their tag (a slot holds a reference if its value carries ``REF_TAG`` and points at an allocated
object), and a goroutine's stack is scanned conservatively, from its base to the end of its
current frame (Go uses the stack maps).
"""
from __future__ import annotations

from ._jit import jit
from .isa import F_FRAMESIZE, FRAME_FN
from .malloc import (OBJ_ALLOCATED, OBJ_CHECKMARK, OBJ_FREELISTS, OBJ_MARKED, OBJ_NOSCAN, OBJ_SCANSHIFT, OH_BYTES,
                     OH_FLAGS, OH_HDR, OH_NEXT, OH_NSLOTS, REF_TAG)
from .runtime2 import (G_FP, G_STACKLO, G_STACKSIZE, G_STATUS, Gdead, S_ALLGLEN, S_CHANBUFTOP, S_GREY, S_HEAPTOP,
                       S_OBJTOP, S_W_BYTESMARKED)


@jit(inline=True)
def greyobject(S, v):
    """If v is a reference to an allocated, unmarked object: mark it and queue it for scanning.
    Returns 1 if it was greyed. Go: runtime/mgcmark.go, greyobject (findObject first)."""
    if v < REF_TAG + OBJ_FREELISTS + OH_HDR or v >= REF_TAG + S.sched[S_OBJTOP]:
        return 0
    ref = v - REF_TAG
    fl = S.objheap[ref + OH_FLAGS]
    if (fl & OBJ_ALLOCATED) == 0 or (fl & OBJ_MARKED) != 0:
        return 0
    if S.objheap[ref + OH_NSLOTS] < 0:  # pragma: no cover - not a header
        return 0
    S.objheap[ref + OH_FLAGS] = fl | OBJ_MARKED
    S.sched[S_W_BYTESMARKED] += S.objheap[ref + OH_BYTES]  # gcw.bytesMarked
    if (fl & OBJ_NOSCAN) != 0:
        return 1  # noscan: black at once (greyobject: "if span.spanclass.noscan()")
    S.objheap[ref + OH_NEXT] = S.sched[S_GREY]
    S.sched[S_GREY] = ref
    return 1


@jit
def scanblock(S, arr, lo, hi):
    """Grey every object referenced from arr[lo:hi]; returns the slots scanned (scan work).
    Go: runtime/mgcmark.go, scanblock."""
    for i in range(lo, hi):
        greyobject(S, arr[i])
    return hi - lo


@jit
def stackScanTop(S, gp, curg):
    """Where the scan of gp's stack ends: curg (the G doing the work, if any) to the end of its
    current frame; any other, whose saved frame may be older than where it is, over its whole
    stack."""
    lo = S.allg[gp, G_STACKLO]
    top = lo + S.allg[gp, G_STACKSIZE]
    if gp == curg:
        fp = lo + S.allg[gp, G_FP]
        fn = S.stack[fp + FRAME_FN]
        if 0 <= fn < S.funcs.shape[0]:
            top = fp + S.funcs[fn, F_FRAMESIZE]
    return top


@jit
def stackScanSlots(S, curg):
    """The stack slots the stack roots will scan (the pacer's maxStackScan, in words), counted
    at gcStart. Go: runtime/mgcpacer.go, maxStackScan (the stacks' scannable sizes)."""
    n = 0
    for gp in range(S.sched[S_ALLGLEN]):
        if S.allg[gp, G_STATUS] != Gdead:
            n += stackScanTop(S, gp, curg) - S.allg[gp, G_STACKLO]
    return n


@jit
def markrootData(S):
    """The data and BSS root jobs: grey what the package-level variables reference.
    Go: runtime/mgcmark.go, markroot (markrootBlock over the data and BSS segments)."""
    scanblock(S, S.globals, 0, S.globals.shape[0])


@jit
def markrootRuntime(S):
    """The runtime's own references to program values: closure cells, closures and defer
    records (``State.heap``), channel buffers, blocked senders' values (their sudogs; Go's are
    on the senders' stacks). In Go these are heap objects or stacks; here, a root job done with
    the BSS. Go: runtime/mgcmark.go, markroot."""
    scanblock(S, S.heap, 0, S.sched[S_HEAPTOP])
    scanblock(S, S.chanbuf, 0, S.sched[S_CHANBUFTOP])
    for i in range(S.sudogs.shape[0]):
        for j in range(S.sudogs.shape[1]):
            greyobject(S, S.sudogs[i, j])


@jit
def markrootStacks(S, curg):
    """The stack root jobs: grey what every live goroutine's stack references, each as it is
    now (Go suspends each G in turn: scanstack; the hybrid barrier needs no rescan).
    Go: runtime/mgcmark.go, markroot → scanstack."""
    for gp in range(S.sched[S_ALLGLEN]):
        if S.allg[gp, G_STATUS] != Gdead:
            scanblock(S, S.stack, S.allg[gp, G_STACKLO], stackScanTop(S, gp, curg))


@jit
def scanobject(S, ref):
    """Blacken the grey object at ref: grey every object its slots reference. Returns its scan
    work: its scannable bytes (Go scans an object up to its last pointer word, as its type's
    heap bitmap says; a value box, which Go keeps on a stack, counts none here).
    Go: runtime/mgcmark.go, scanobject."""
    n = S.objheap[ref + OH_NSLOTS]
    for i in range(n):
        v = S.objheap[ref + i]
        if v >= REF_TAG:
            greyobject(S, v)
    return S.objheap[ref + OH_FLAGS] >> OBJ_SCANSHIFT


@jit
def gcDrainHeap(S, scanWork):
    """Blacken grey objects until scanWork bytes of scan work are done or none is left;
    returns the work done. Go: runtime/mgcmark.go, gcDrainN (its heap part: tryGetFast,
    scanobject)."""
    work = 0
    while S.sched[S_GREY] >= 0 and work < scanWork:
        ref = S.sched[S_GREY]
        S.sched[S_GREY] = S.objheap[ref + OH_NEXT]
        S.objheap[ref + OH_NEXT] = -1
        work += scanobject(S, ref)
    return work


@jit
def checkmarkobject(S, v):
    """The checkmark pass's greyobject: its own mark bit, the same grey list. Returns the
    object's index if it is reachable but the GC's mark did not mark it, else -1.
    Go: runtime/mcheckmark.go, setCheckmark."""
    if v < REF_TAG + OBJ_FREELISTS + OH_HDR or v >= REF_TAG + S.sched[S_OBJTOP]:
        return -1
    ref = v - REF_TAG
    fl = S.objheap[ref + OH_FLAGS]
    if (fl & OBJ_ALLOCATED) == 0 or (fl & OBJ_CHECKMARK) != 0:
        return -1
    S.objheap[ref + OH_FLAGS] = fl | OBJ_CHECKMARK
    S.objheap[ref + OH_NEXT] = S.sched[S_GREY]
    S.sched[S_GREY] = ref
    return ref if (fl & OBJ_MARKED) == 0 else -1


@jit
def checkmarkblock(S, arr, lo, hi, bad):
    """checkmarkobject over arr[lo:hi]; returns bad, or the first object missed if bad < 0."""
    for i in range(lo, hi):
        r = checkmarkobject(S, arr[i])
        if r >= 0 and bad < 0:
            bad = r
    return bad


@jit
def gcCheckmark(S, curg):
    """GODEBUG=gccheckmark=1: with the world stopped after the mark, mark again from the roots,
    the simple way (no concurrency, no barrier), and check that the concurrent mark marked
    everything this one reaches. Returns the first object it missed (its index), or -1.
    Go: runtime/mgc.go, gcMarkTermination (startCheckmarks; gcDrain in checkmark mode);
    runtime/mcheckmark.go, setCheckmark."""
    bad = checkmarkblock(S, S.globals, 0, S.globals.shape[0], -1)
    bad = checkmarkblock(S, S.heap, 0, S.sched[S_HEAPTOP], bad)
    bad = checkmarkblock(S, S.chanbuf, 0, S.sched[S_CHANBUFTOP], bad)
    for i in range(S.sudogs.shape[0]):
        bad = checkmarkblock(S, S.sudogs[i], 0, S.sudogs.shape[1], bad)
    for gp in range(S.sched[S_ALLGLEN]):
        if S.allg[gp, G_STATUS] != Gdead:
            bad = checkmarkblock(S, S.stack, S.allg[gp, G_STACKLO], stackScanTop(S, gp, curg), bad)
    while S.sched[S_GREY] >= 0:
        ref = S.sched[S_GREY]
        S.sched[S_GREY] = S.objheap[ref + OH_NEXT]
        S.objheap[ref + OH_NEXT] = -1
        bad = checkmarkblock(S, S.objheap, ref, ref + S.objheap[ref + OH_NSLOTS], bad)
    return bad
