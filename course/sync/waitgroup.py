"""sync.WaitGroup: a counter and a count of waiters in one word, and a semaphore.

Models ``sync/waitgroup.go`` (Go 1.19): ``state`` is ``counter << 32 | waiters`` (Go's
``state1``, updated with one 64-bit atomic add); ``Wait`` with a positive counter adds a waiter
and sleeps on ``sema``; the ``Add`` that brings the counter to zero with waiters resets the
word to 0 and releases the semaphore once per waiter. ``Done`` is ``Add(-1)``. Every change is
an ``EV_WAITGROUP`` event with the word after it.
"""
from __future__ import annotations

from .._jit import jit
from ..costs import C_SYNCOP
from ..proc import charge, traceev
from ..runtime2 import *  # noqa: F403
from ..sema import SEMA_PARKED, semacquire1, semacquireResume, semrelease1
from ..traceev import *  # noqa: F403
from .mutex import SY_DONE, SY_PANIC, SY_PARKED

# the panics of WaitGroup (G_PANICTY of the VM's panic)
WG_PANIC_NEGATIVE = 1  # sync: negative WaitGroup counter
WG_PANIC_MISUSE = 2  # sync: WaitGroup misuse: Add called concurrently with Wait
WG_PANIC_REUSED = 3  # sync: WaitGroup is reused before previous Wait has returned


@jit
def wg_event(S, m, gp, wg, delta, reason):
    S.sched[S_STAT_SYNCOPS] += 1
    traceev(S, m, S.allm[m, M_P], gp, EV_WAITGROUP, wg, S.syncs[wg, WG_STATE], delta, reason)


@jit
def Add(S, m, gp, wg, delta):
    """Go: sync/waitgroup.go, (*WaitGroup).Add. Returns SY_DONE, or SY_PANIC with S_THROW
    holding WG_PANIC_*."""
    charge(S, m, C_SYNCOP)
    state = S.syncs[wg, WG_STATE] + (delta << 32)
    S.syncs[wg, WG_STATE] = state
    v = state >> 32
    w = state & 0xFFFFFFFF
    wg_event(S, m, gp, wg, delta, R_WG_ADD)
    if v < 0:
        S.sched[S_THROW] = WG_PANIC_NEGATIVE
        return SY_PANIC
    if w != 0 and delta > 0 and v == delta:
        S.sched[S_THROW] = WG_PANIC_MISUSE
        return SY_PANIC
    if v > 0 or w == 0:
        return SY_DONE
    # The counter is 0 and there are waiters: reset the waiters count to 0 and wake them.
    S.syncs[wg, WG_STATE] = 0
    wg_event(S, m, gp, wg, 0, R_WG_RELEASE)
    sema = S.syncs[wg, MU_SEMA]
    while w != 0:
        semrelease1(S, m, gp, sema, False)
        w -= 1
    return SY_DONE


@jit
def Wait(S, m, gp, wg):
    """Go: sync/waitgroup.go, (*WaitGroup).Wait: return at counter 0, else waiters+1 and
    runtime_Semacquire(sema)."""
    if S.allg[gp, G_WAKEKIND] == WAKE_SEMA:
        if semacquireResume(S, m, gp) == SEMA_PARKED:
            S.allg[gp, G_WAITREASON] = waitReasonSemacquire if S.sched[S_GOVERSION] == 119 else waitReasonSyncWaitGroupWait
            return SY_PARKED
        if S.syncs[wg, WG_STATE] != 0:
            S.sched[S_THROW] = WG_PANIC_REUSED
            return SY_PANIC
        return SY_DONE
    charge(S, m, C_SYNCOP)
    state = S.syncs[wg, WG_STATE]
    if (state >> 32) == 0:
        # Counter is 0, no need to wait.
        return SY_DONE
    S.syncs[wg, WG_STATE] = state + 1  # increment waiters count
    wg_event(S, m, gp, wg, 0, R_WG_WAIT)
    if semacquire1(S, m, gp, S.syncs[wg, MU_SEMA], False) == SEMA_PARKED:
        S.allg[gp, G_WAITREASON] = waitReasonSemacquire if S.sched[S_GOVERSION] == 119 else waitReasonSyncWaitGroupWait
        return SY_PARKED
    if S.syncs[wg, WG_STATE] != 0:
        S.sched[S_THROW] = WG_PANIC_REUSED
        return SY_PANIC
    return SY_DONE
