"""runtime.ReadMemStats: the heap's statistics as a program sees them.

Go: runtime/mstats.go (MemStats, ReadMemStats, readmemstats_m). ``MEMSTATS_FIELDS`` is the
subset of ``runtime.MemStats`` fields the course's Go supports, in the order of the value
box's slots (``OP_READMEMSTATS`` fills them).

Simplified: Go's ``HeapInuse`` counts whole spans in use and ``HeapAlloc`` includes the
runtime's own allocations before ``main`` (about 100-200 KiB in a real program); ours count
only the program's objects, each rounded to its size class. ``ReadMemStats`` stops the world in
Go; here it reads the counters at once.
"""
from __future__ import annotations

from ._jit import jit
from .malloc import REF_TAG
from .mgcpacer import C_TOTALALLOC, C_TOTALFREE, heapGoal
from .runtime2 import S_FREES, S_LASTGC, S_MALLOCS, S_NUMFORCEDGC, S_NUMGC, S_PAUSETOTAL

# (field, Go type) in slot order
MEMSTATS_FIELDS = (
    ("Alloc", "uint64"), ("TotalAlloc", "uint64"), ("Mallocs", "uint64"), ("Frees", "uint64"),
    ("HeapAlloc", "uint64"), ("HeapInuse", "uint64"), ("HeapObjects", "uint64"), ("NextGC", "uint64"),
    ("LastGC", "uint64"), ("PauseTotalNs", "uint64"), ("NumGC", "uint32"), ("NumForcedGC", "uint32"),
)
MEMSTATS_NSLOTS = len(MEMSTATS_FIELDS)


@jit
def readmemstats(S, v):
    """Fill the MemStats box v. As Go derives them: HeapAlloc = totalAlloc - totalFree (the
    pacer's counters, which mallocgc and the sweep keep), HeapObjects = Mallocs - Frees; HeapInuse
    is HeapAlloc here (see the module docstring). Go: runtime/mstats.go, readmemstats_m."""
    r = v - REF_TAG
    o = S.objheap
    heapAlloc = S.gcc[C_TOTALALLOC] - S.gcc[C_TOTALFREE]
    o[r + 0] = heapAlloc
    o[r + 1] = S.gcc[C_TOTALALLOC]
    o[r + 2] = S.sched[S_MALLOCS]
    o[r + 3] = S.sched[S_FREES]
    o[r + 4] = heapAlloc
    o[r + 5] = heapAlloc
    o[r + 6] = S.sched[S_MALLOCS] - S.sched[S_FREES]
    o[r + 7] = heapGoal(S.gcc, S.gccf)
    o[r + 8] = S.sched[S_LASTGC]
    o[r + 9] = S.sched[S_PAUSETOTAL]
    o[r + 10] = S.sched[S_NUMGC]
    o[r + 11] = S.sched[S_NUMFORCEDGC]
