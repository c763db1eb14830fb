"""sync.Once: a done flag and a mutex.

Models ``sync/once.go`` (Go 1.19)::

    func (o *Once) Do(f func()) {
        if atomic.LoadUint32(&o.done) == 0 { o.doSlow(f) }
    }
    func (o *Once) doSlow(f func()) {
        o.m.Lock(); defer o.m.Unlock()
        if o.done == 0 { defer atomic.StoreUint32(&o.done, 1); f() }
    }

The compiler writes ``Do`` out as these steps (``ONCEDONE``, ``MUTEXLOCK`` on the Once's own
mutex ``o.m`` — this row's ``MU_`` columns —, ``ONCEDONE``, the call of f, ``ONCESET``,
``MUTEXUNLOCK``), so a second caller waits in ``o.m.Lock`` until f has returned, as in Go.
Simplified: if f panics, the deferred Unlock and store are not run (the program dies anyway
unless it recovers, and the subset has no recover).
"""
from __future__ import annotations

from .._jit import jit
from ..costs import C_SYNCOP
from ..proc import charge, traceev
from ..runtime2 import *  # noqa: F403
from ..traceev import *  # noqa: F403


@jit
def loadDone(S, o):
    """atomic.LoadUint32(&o.done)."""
    return S.syncs[o, ONCE_DONE]


@jit
def storeDone(S, m, gp, o):
    """atomic.StoreUint32(&o.done, 1), deferred in doSlow: runs when f has returned."""
    charge(S, m, C_SYNCOP)
    S.syncs[o, ONCE_DONE] = 1
    S.sched[S_STAT_SYNCOPS] += 1
    traceev(S, m, S.allm[m, M_P], gp, EV_ONCE, o, 1, 0, R_ONCE_DONE)
