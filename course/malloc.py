"""Allocation: mallocgc's accounting and the growth of a slice by append.

Go: runtime/malloc.go (mallocgc), runtime/slice.go (makeslice, growslice) and runtime/msize.go
(roundupsize). Every allocation is rounded up to its size class (``course.sizeclasses``, Go's
own table) or, for an object larger than 32 KiB, to whole 8 KiB pages, and the rounded size
is what the heap's statistics count (``MemStats.HeapAlloc``, ``TotalAlloc``, ``Mallocs``), as
Go counts a whole slot of the class.

The model keeps the *values* of a heap object in ``State.heap`` (one ``int64`` slot per
element or field: an int, a bool, a string id or a reference); the *bytes* Go would use are
only counted. Simplified for now: there is no tiny allocator (Go combines pointer-free objects
under 16 bytes into one 16-byte block, so Go's HeapAlloc can be a little smaller), no
per-P ``mcache``/``mcentral``/``mheap`` (one counter for the whole heap), and HeapInuse counts
the objects' rounded bytes rather than whole spans.
"""
from __future__ import annotations

from ._jit import jit
from .runtime2 import S_HEAPALLOC, S_HEAPINUSE, S_MALLOCS, S_TOTALALLOC
from .sizeclasses import _MaxSmallSize, _PageSize, roundupsize

maxAlloc = (1 << 48) - 1  # malloc.go: maxAlloc on 64-bit Linux (heapAddrBits = 48)


@jit
def mallocgc(S, size):
    """Account one allocation of ``size`` bytes; returns the bytes really taken (its size
    class's size, or whole pages for a large object).
    Go: runtime/malloc.go, mallocgc (the accounting: c.nextSample, heapLive, memstats)."""
    rounded = roundupsize(size)
    S.sched[S_HEAPALLOC] += rounded
    S.sched[S_HEAPINUSE] += rounded
    S.sched[S_TOTALALLOC] += rounded
    S.sched[S_MALLOCS] += 1
    return rounded


@jit
def growslice_cap(elemsize, oldcap, needed):
    """The capacity append gives a slice of capacity ``oldcap`` that needs ``needed`` elements.
    Go 1.19: runtime/slice.go, growslice: double below 256 elements, then grow by
    (newcap + 3*256)/4 until large enough; then round the bytes up to the size class
    (roundupsize) and give the slice every element that fits."""
    newcap = oldcap
    doublecap = newcap + newcap
    if needed > doublecap:
        newcap = needed
    else:
        threshold = 256
        if oldcap < threshold:
            newcap = doublecap
        else:
            while 0 < newcap and newcap < needed:
                newcap += (newcap + 3 * threshold) // 4
            if newcap <= 0:
                newcap = needed
    if elemsize == 0:
        return needed
    capmem = roundupsize(newcap * elemsize)
    return capmem // elemsize
