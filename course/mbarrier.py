"""The write barrier: what a pointer write does while the GC marks.

Go: runtime/mbarrier.go (the hybrid barrier, from proposal 17503) and runtime/mwbbuf.go
(wbBufFlush1). While the GC marks (``gcphase == _GCmark``), every write of a pointer into the
heap or a global (and into another goroutine's stack, as a channel hand-off does) runs::

    writePointer(slot, ptr):
        shade(*slot)                    // Yuasa: the pointer overwritten ("deletion")
        if current stack is grey:
            shade(ptr)                  // Dijkstra: the pointer written ("insertion")
        *slot = ptr

Go does not know cheaply whether the current stack is grey, so it shades both, always: the
write barrier's buffer records the old and the new pointer and ``wbBufFlush1`` greys both. So
does the model. Writes to a goroutine's own stack have no barrier (that is what makes the
barrier *hybrid*: stacks are scanned once and never rescanned), nor does a write outside a
mark. ``Program.run(writebarrier=False)`` turns it off (a model knob, not a Go setting), to see
what it prevents: with ``GODEBUG=gccheckmark=1`` the run stops at the first mark that missed a
reachable object. ``course.labkit``'s lab 3 has learners write this function themselves, in the standalone
tricolour model.
"""
from __future__ import annotations

from ._jit import jit
from .mgcmark import greyobject
from .runtime2 import S_GCPHASE, S_WBOFF, _GCmark


@jit(inline=True)
def gcWriteBarrier(S, old, new):
    """A pointer write, old → new, outside a stack: while the GC marks, shade both.
    Go: runtime/mbarrier.go (the hybrid barrier); runtime/mwbbuf.go, wbBufFlush1 (shade)."""
    if S.sched[S_GCPHASE] == _GCmark and S.sched[S_WBOFF] == 0:
        greyobject(S, old)
        greyobject(S, new)
