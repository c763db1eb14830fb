"""Marking: from the roots, every object a program can still reach is marked (blackened).

Go: runtime/mgcmark.go (markroot, scanstack, scanblock, scanobject, greyobject, gcDrain).
The roots are every goroutine's stack, the package-level variables (Go's data and BSS
segments) and the runtime's own references to program values (here: closure cells, closures
and defer records in ``State.heap``, values in channel buffers and in sudogs of blocked
senders). Grey objects wait on a list threaded through their ``OH_NEXT`` header slot (Go's
``gcWork`` buffers); ``gcDrain`` blackens them one by one, greying what they point to.

Simplified for now: the marking itself is done at once when a cycle starts (``course.mgc``
then spreads its *scan work* over the mark phase as Go's assists pay for it), so there is no
write barrier and no grey object left while the program runs; and the scan is conservative: a slot holds a reference if its value carries ``REF_TAG`` and points at
an allocated object (Go uses the stack maps and each type's pointer bitmap). A goroutine's
stack is scanned from its base to the end of its current frame.
"""
from __future__ import annotations

from ._jit import jit
from .isa import F_FRAMESIZE, FRAME_FN
from .malloc import OBJ_ALLOCATED, OBJ_FREELISTS, OBJ_MARKED, OH_FLAGS, OH_HDR, OH_NEXT, OH_NSLOTS, REF_TAG
from .runtime2 import (G_FP, G_STACKLO, G_STACKSIZE, G_STATUS, Gdead, S_ALLGLEN, S_CHANBUFTOP, S_GREY, S_HEAPTOP,
                       S_OBJTOP)


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
def markroots(S, curg):
    """Scan every root: each live goroutine's stack, the globals, the runtime's references.
    The goroutine that started the GC (curg) is scanned to the end of its current frame; the
    others, whose saved frame may be older than where they are, over their whole stack.
    Returns (stack slots, global slots, other root slots) scanned.
    Go: runtime/mgcmark.go, markroot (fixedRootCount, data/BSS, scanstack)."""
    nstack = 0
    for gp in range(S.sched[S_ALLGLEN]):
        if S.allg[gp, G_STATUS] == Gdead:
            continue
        lo = S.allg[gp, G_STACKLO]
        top = lo + S.allg[gp, G_STACKSIZE]
        if gp == curg:
            fp = lo + S.allg[gp, G_FP]
            fn = S.stack[fp + FRAME_FN]
            if 0 <= fn < S.funcs.shape[0]:
                top = fp + S.funcs[fn, F_FRAMESIZE]
        nstack += scanblock(S, S.stack, lo, top)
    nglob = scanblock(S, S.globals, 0, S.globals.shape[0])
    nother = scanblock(S, S.heap, 0, S.sched[S_HEAPTOP])
    nother += scanblock(S, S.chanbuf, 0, S.sched[S_CHANBUFTOP])
    for i in range(S.sudogs.shape[0]):
        for j in range(S.sudogs.shape[1]):
            greyobject(S, S.sudogs[i, j])
    return nstack, nglob, nother


@jit
def scanobject(S, ref):
    """Grey every object referenced from the object at ref; returns its scan work in bytes:
    up to and including its last slot that holds a reference (Go scans an object up to its
    last pointer word, and not at all if its type has no pointers: a ``[]int``'s array costs
    no scan work). Go: runtime/mgcmark.go, scanobject (and greyobject's noscan case)."""
    n = S.objheap[ref + OH_NSLOTS]
    last = -1
    for i in range(n):
        v = S.objheap[ref + i]
        if v >= REF_TAG:
            last = i
            greyobject(S, v)
    return (last + 1) * 8


@jit
def gcDrain(S):
    """Blacken grey objects until none is left: scan each one's slots, greying what they
    reference. Returns the heap scan work in bytes (as Go counts it: see scanobject).
    Go: runtime/mgcmark.go, gcDrain."""
    work = 0
    while S.sched[S_GREY] >= 0:
        ref = S.sched[S_GREY]
        S.sched[S_GREY] = S.objheap[ref + OH_NEXT]
        S.objheap[ref + OH_NEXT] = -1
        work += scanobject(S, ref)
    return work
