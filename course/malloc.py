"""Allocation: mallocgc's accounting and the growth of a slice by append.

Go: runtime/malloc.go (mallocgc), runtime/slice.go (makeslice, growslice) and runtime/msize.go
(roundupsize). Every allocation is rounded up to its size class (``course.sizeclasses``, Go's
own table) or, for an object larger than 32 KiB, to whole 8 KiB pages, and the rounded size
is what the heap's statistics count (``MemStats.HeapAlloc``, ``TotalAlloc``, ``Mallocs``), as
Go counts a whole slot of the class.

The model keeps the *values* of a heap object in ``State.heap`` (one ``int64`` slot per
element or field: an int, a bool, a string id or a reference); the *bytes* Go would use are
only counted. Objects
-------
Go's heap objects (a struct made by ``&T{...}`` or ``new(T)``, a slice's backing array) and the
model's *value boxes* (a struct variable's fields, a slice header: values Go keeps in a stack
frame or register) live in ``State.objheap``: ``OH_HDR`` header slots, then one slot per field
or element::

    ref-4  nslots     ref-3  bytes (its size class's size; 0 for a value box)
    ref-2  flags      (OBJ_ALLOCATED, OBJ_MARKED, log2 capacity << 8)
    ref-1  next on the grey list, or on a free list

A reference is ``REF_TAG + ref`` (nil is 0), so the collector can tell a reference from an
int in a slot it scans (Go knows from the type's pointer bitmap and the stack maps; we scan
every slot and trust the tag: a conservative scan that an int of 2**44 or more could fool).
A slice header is a box ``[array, offset, len, cap]``; slicing makes a new header.

An object takes a power of two of slots; the sweep puts a freed object on the free list of
its capacity, and the next allocation of that capacity reuses it (Go's sweeper frees slots in
their span for the next allocation of the size class).

Simplified for now: there is no tiny allocator (Go combines pointer-free objects
under 16 bytes into one 16-byte block, so Go's HeapAlloc can be a little smaller), no
per-P ``mcache``/``mcentral``/``mheap`` (one counter for the whole heap), and HeapInuse counts
the objects' rounded bytes rather than whole spans.
"""
from __future__ import annotations

from ._jit import jit
from .mgcpacer import C_HEAPLIVE, C_HEAPSCAN, C_MAPPEDREADY, C_TOTALALLOC, C_TOTALFREE
from .runtime2 import (GROW_OBJ, S_ARENAS, S_GCPHASE, S_GROW, S_MALLOCS, S_OBJTOP, S_SWEEPCURSOR, S_SWEEPTOP,
                       S_W_BYTESMARKED)
from .sizeclasses import _MaxSmallSize, _PageSize, roundupsize

maxAlloc = (1 << 48) - 1  # malloc.go: maxAlloc on 64-bit Linux (heapAddrBits = 48)


heapArenaBytes = 64 << 20  # malloc.go: heapArenaBytes on 64-bit Linux
# Go 1.19's non-heap mapped memory (mappedReady - heapFree - heapAlloc, what GOMEMLIMIT also
# pays for), measured from MemStats (Sys - HeapIdle - HeapAlloc) of go1.19.8 linux/amd64 programs
# in tests/gctrace: about 9.05 MB with one arena (GCSys 8.1 MB: the heap bitmap and other GC
# metadata; stacks, spans, fragmentation of in-use spans), and 2.3 MB more per further arena.
go119NonHeapMemory = 9_050_000
go119ArenaMetadata = 2_300_000

# mallocgc's time per byte (zeroing the object: memclrNoHeapPointers): in go1.19.8's gctrace and
# gcpacertrace lines for tests/gctrace/programs/ring_churn.go at GOGC=100, a mark phase of ~0.2 ms
# in which ~1.4 MB are allocated and ~0.1 ms goes to assists: ~70 ps per byte for the program
mallocgcPSPerByte = 70

REF_TAG = 1 << 44
OH_NSLOTS = -4
OH_BYTES = -3
OH_FLAGS = -2
OH_NEXT = -1
OH_HDR = 4
OBJ_ALLOCATED = 1
OBJ_MARKED = 2
OBJ_NOSCAN = 4  # a heap object with no pointers (Go: a noscan span class): marked, never scanned
OBJ_CHECKMARK = 8  # GODEBUG=gccheckmark=1's own mark (Go: mcheckmark.go's checkmark bitmap)
OBJ_KSHIFT = 8  # (flags >> OBJ_KSHIFT) & OBJ_KMASK: log2 of the object's capacity in slots (its free list)
OBJ_KMASK = 0xFF
OBJ_SCANSHIFT = 16  # flags >> OBJ_SCANSHIFT: its scannable bytes (Go: what the heap bitmap marks)
OBJ_FREELISTS = 64  # objheap[0:64]: the free lists' heads (0: empty); objects start after them
# slice headers: [array ref, offset, len, cap]
SL_ARRAY = 0
SL_OFF = 1
SL_LEN = 2
SL_CAP = 3


@jit(inline=True)
def objcap(nslots):
    """The slots an object of nslots takes in objheap: a power of two (its free list), and
    the log2 of it."""
    k = 0
    while (1 << k) < nslots:
        k += 1
    return 1 << k, k


@jit
def objroom(nslots):
    """objheap slots a new object of nslots may need (header included), for the VM's check
    before an instruction that allocates."""
    c, _ = objcap(nslots)
    return OH_HDR + c


@jit
def newobject(S, nslots, size, scan):
    """A new zeroed object of ``nslots`` value slots: its reference (REF_TAG + index), or -1
    when objheap is full (S_GROW is set; the instruction runs again after growing). ``size``
    is Go's size in bytes (0: a value box, which Go keeps on the stack, is not accounted);
    ``scan`` its scannable bytes, up to its last pointer word (0: noscan; the compiler knows
    them from the type, ``course.compiler.types.scansize``). Outside a mark they are added to
    the pacer's heapScan (fixed while a cycle marks): Go's ``c.scanAlloc``, flushed by
    ``gcController.update``.
    The slots come from the free list of the object's power-of-two capacity (what the sweep
    freed; objheap[k] heads list k), else from the top.
    While a GC marks, the new object is marked (allocate-black).
    Go: runtime/malloc.go, newobject / mallocgc (nextFreeFast: a span's free slot; gcmarknewobject)."""
    c, k = objcap(nslots)
    ref = S.objheap[k]
    unswept = False
    if ref != 0:
        S.objheap[k] = S.objheap[ref + OH_NEXT]
        # a slot the sweep has not reached yet: it must keep the new object (Go sweeps a span
        # before it allocates from it)
        unswept = S.sched[S_SWEEPCURSOR] <= ref - OH_HDR < S.sched[S_SWEEPTOP]
    else:
        top = S.sched[S_OBJTOP]
        if top + OH_HDR + c > S.objheap.shape[0]:
            S.sched[S_GROW] = GROW_OBJ
            return -1
        S.sched[S_OBJTOP] = top + OH_HDR + c
        ref = top + OH_HDR
    for i in range(nslots):
        S.objheap[ref + i] = 0
    S.objheap[ref + OH_NSLOTS] = nslots
    fl = OBJ_ALLOCATED | (k << OBJ_KSHIFT) | (scan << OBJ_SCANSHIFT)
    if size > 0 and scan == 0:
        fl |= OBJ_NOSCAN
    marking = S.sched[S_GCPHASE] != 0
    if marking or unswept:
        # allocate-black: an object allocated while marking is marked at once (mallocgc:
        # gcmarknewobject), so this cycle's sweep keeps it: it counts in heap2 (bytesMarked)
        fl |= OBJ_MARKED
    if not marking and scan > 0:
        S.gcc[C_HEAPSCAN] += scan  # gcController.update(0, scanAlloc): heapScan grows between cycles
    S.objheap[ref + OH_FLAGS] = fl
    S.objheap[ref + OH_NEXT] = -1
    nbytes = 0
    if size > 0:
        nbytes = mallocgc(S, size)
    S.objheap[ref + OH_BYTES] = nbytes
    if marking:
        S.sched[S_W_BYTESMARKED] += nbytes
    return ref + REF_TAG


@jit
def mallocgc(S, size):
    """Account one allocation of ``size`` bytes; returns the bytes really taken (its size
    class's size, or whole pages for a large object).
    The memory mapped for the heap grows with it (``mappedReady``: the bytes in use, plus the
    metadata of each 64 MiB arena; the non-heap memory the program starts with is set by
    ``course.mgc.gcinit``).
    Go: runtime/malloc.go, mallocgc (the accounting: c.nextSample, heapLive, memstats);
    mheap.go, sysAlloc (a new arena)."""
    rounded = roundupsize(size)
    S.sched[S_MALLOCS] += 1
    S.gcc[C_HEAPLIVE] += rounded
    S.gcc[C_TOTALALLOC] += rounded
    S.gcc[C_MAPPEDREADY] += rounded
    if S.gcc[C_TOTALALLOC] - S.gcc[C_TOTALFREE] > S.sched[S_ARENAS] * heapArenaBytes:
        # the heap needs a new arena: Go maps its metadata (the heap bitmap, mostly) too
        S.sched[S_ARENAS] += 1
        S.gcc[C_MAPPEDREADY] += go119ArenaMetadata
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
