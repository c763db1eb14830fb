"""Sweeping: every allocated object the mark did not reach is freed.

Go: runtime/mgcsweep.go (sweepone, mspan.sweep): after mark termination each span's mark bits
become its allocation bits, so unmarked slots are free for the next allocation, and the freed
bytes leave the heap's statistics.

Simplified for now: the sweep runs at once, inside the stopped world, over the whole heap (Go
sweeps spans lazily, on allocation and in the background ``bgsweep`` goroutine); freed bytes
leave ``HeapAlloc``/``HeapInuse`` (``totalFree``) and the object's slots go on the free list of its capacity
for the next allocation.
"""
from __future__ import annotations

from ._jit import jit
from .mgcpacer import C_MAPPEDREADY, C_TOTALFREE
from .malloc import OBJ_ALLOCATED, OBJ_FREELISTS, OBJ_KSHIFT, OBJ_MARKED, OH_BYTES, OH_FLAGS, OH_HDR, OH_NEXT
from .runtime2 import S_FREES, S_OBJTOP


@jit
def sweep(S):
    """Free every allocated unmarked object and clear the marks of the rest. Returns the bytes
    still allocated (marked). Go: runtime/mgcsweep.go, (*mspan).sweep."""
    i = OBJ_FREELISTS
    top = S.sched[S_OBJTOP]
    marked = 0
    while i < top:
        ref = i + OH_HDR
        fl = S.objheap[ref + OH_FLAGS]
        nbytes = S.objheap[ref + OH_BYTES]
        k = fl >> OBJ_KSHIFT
        if (fl & OBJ_ALLOCATED) != 0:
            if (fl & OBJ_MARKED) != 0:
                S.objheap[ref + OH_FLAGS] = fl & ~OBJ_MARKED
                marked += nbytes
            else:
                S.objheap[ref + OH_FLAGS] = k << OBJ_KSHIFT
                S.objheap[ref + OH_NEXT] = S.objheap[k]  # onto the free list of its capacity
                S.objheap[k] = ref
                if nbytes > 0:
                    S.sched[S_FREES] += 1
                    S.gcc[C_TOTALFREE] += nbytes
                    S.gcc[C_MAPPEDREADY] -= nbytes
        i = ref + (1 << k)
    return marked
