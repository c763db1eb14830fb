"""sync.RWMutex: readers share, a writer excludes, and a waiting writer stops new readers.

Models ``sync/rwmutex.go`` (Go 1.19). ``w`` is an embedded Mutex (this row's ``MU_`` columns)
that writers take first; ``readerCount`` counts active readers, and a writer announces itself
by subtracting ``rwmutexMaxReaders`` (1 << 30), so that a reader seeing a negative count waits
on ``readerSem``; ``readerWait`` counts the readers the writer still waits for, and the last
of them wakes it on ``writerSem``. Unlock adds ``rwmutexMaxReaders`` back and wakes every
reader that queued meanwhile. Every change is an ``EV_RWMUTEX`` event with readerCount and
readerWait after it.
"""
from __future__ import annotations

from .._jit import jit
from ..costs import C_SYNCOP
from ..proc import charge, traceev
from ..runtime2 import *  # noqa: F403
from ..sema import SEMA_PARKED, semacquire1, semacquireResume, semrelease1
from ..traceev import *  # noqa: F403
from .mutex import SY_DONE, SY_PARKED, SY_THROW, Lock, TryLock, Unlock


@jit
def rw_event(S, m, gp, rw, reason):
    S.sched[S_STAT_SYNCOPS] += 1
    traceev(S, m, S.allm[m, M_P], gp, EV_RWMUTEX, rw, S.syncs[rw, RW_READERCOUNT], S.syncs[rw, RW_READERWAIT], reason)


@jit
def rw_waitreason(S, write):
    if S.sched[S_GOVERSION] == 119:
        return waitReasonSemacquire
    return waitReasonSyncRWMutexLock if write else waitReasonSyncRWMutexRLock


@jit
def RLock(S, m, gp, rw):
    """Go: sync/rwmutex.go, (*RWMutex).RLock: readerCount+1; negative → a writer is pending:
    wait on readerSem (runtime_SemacquireMutex)."""
    if S.allg[gp, G_WAKEKIND] == WAKE_SEMA:
        if semacquireResume(S, m, gp) == SEMA_PARKED:
            S.allg[gp, G_WAITREASON] = rw_waitreason(S, False)
            return SY_PARKED
        return SY_DONE
    charge(S, m, C_SYNCOP)
    S.syncs[rw, RW_READERCOUNT] += 1
    rw_event(S, m, gp, rw, R_RW_RLOCK)
    if S.syncs[rw, RW_READERCOUNT] < 0:
        # A writer is pending, wait for it.
        if semacquire1(S, m, gp, S.syncs[rw, RW_READERSEM], False) == SEMA_PARKED:
            S.allg[gp, G_WAITREASON] = rw_waitreason(S, False)
            return SY_PARKED
    return SY_DONE


@jit
def RUnlock(S, m, gp, rw):
    """Go: sync/rwmutex.go, (*RWMutex).RUnlock and rUnlockSlow."""
    charge(S, m, C_SYNCOP)
    r = S.syncs[rw, RW_READERCOUNT] - 1
    S.syncs[rw, RW_READERCOUNT] = r
    if r < 0:
        # rUnlockSlow
        if r + 1 == 0 or r + 1 == -rwmutexMaxReaders:
            rw_event(S, m, gp, rw, R_RW_RUNLOCK)
            S.sched[S_THROW] = THROW_RUNLOCK
            return SY_THROW
        # A writer is pending.
        S.syncs[rw, RW_READERWAIT] -= 1
        rw_event(S, m, gp, rw, R_RW_RUNLOCK)
        if S.syncs[rw, RW_READERWAIT] == 0:
            # The last reader unblocks the writer.
            semrelease1(S, m, gp, S.syncs[rw, RW_WRITERSEM], False)
        return SY_DONE
    rw_event(S, m, gp, rw, R_RW_RUNLOCK)
    return SY_DONE


@jit
def RWLock(S, m, gp, rw, horizon):
    """Go: sync/rwmutex.go, (*RWMutex).Lock: w.Lock(), announce the writer (readerCount -=
    rwmutexMaxReaders) and wait on writerSem for the active readers."""
    if S.allg[gp, G_WAKEKIND] == WAKE_SEMA and \
            S.sudogs[S.allg[gp, G_WAITING], SG_C] == S.syncs[rw, RW_WRITERSEM]:
        if semacquireResume(S, m, gp) == SEMA_PARKED:
            S.allg[gp, G_WAITREASON] = rw_waitreason(S, True)
            return SY_PARKED
        return SY_DONE
    # First, resolve competition with other writers.
    r = Lock(S, m, gp, rw, horizon)
    if r != SY_DONE:
        return r
    # Announce to readers there is a pending writer.
    charge(S, m, C_SYNCOP)
    S.syncs[rw, RW_READERCOUNT] -= rwmutexMaxReaders
    r = S.syncs[rw, RW_READERCOUNT] + rwmutexMaxReaders
    # Wait for active readers.
    if r != 0:
        S.syncs[rw, RW_READERWAIT] += r
    rw_event(S, m, gp, rw, R_RW_LOCK)
    if r != 0 and S.syncs[rw, RW_READERWAIT] != 0:
        if semacquire1(S, m, gp, S.syncs[rw, RW_WRITERSEM], False) == SEMA_PARKED:
            S.allg[gp, G_WAITREASON] = rw_waitreason(S, True)
            return SY_PARKED
    return SY_DONE


@jit
def RWUnlock(S, m, gp, rw):
    """Go: sync/rwmutex.go, (*RWMutex).Unlock: readerCount += rwmutexMaxReaders, wake the
    readers that queued meanwhile (one semrelease each), then w.Unlock()."""
    charge(S, m, C_SYNCOP)
    S.syncs[rw, RW_READERCOUNT] += rwmutexMaxReaders
    r = S.syncs[rw, RW_READERCOUNT]
    rw_event(S, m, gp, rw, R_RW_UNLOCK)
    if r >= rwmutexMaxReaders:
        S.sched[S_THROW] = THROW_RWUNLOCK
        return SY_THROW
    # Unblock blocked readers, if any.
    for _ in range(r):
        semrelease1(S, m, gp, S.syncs[rw, RW_READERSEM], False)
    # Allow other writers to proceed.
    return Unlock(S, m, gp, rw)


@jit
def TryRLock(S, m, gp, rw):
    """Go: sync/rwmutex.go, (*RWMutex).TryRLock: a read lock unless a writer is pending."""
    charge(S, m, C_SYNCOP)
    c = S.syncs[rw, RW_READERCOUNT]
    if c < 0:
        return False
    S.syncs[rw, RW_READERCOUNT] = c + 1
    rw_event(S, m, gp, rw, R_RW_RLOCK)
    return True


@jit
def RWTryLock(S, m, gp, rw):
    """Go: sync/rwmutex.go, (*RWMutex).TryLock: w.TryLock, then CAS readerCount 0 →
    -rwmutexMaxReaders, else give w back. Returns -1 when locked, else the SY_* code of the
    failure (SY_DONE; SY_YIELD if w.Unlock handed w off)."""
    if not TryLock(S, m, gp, rw):
        return SY_DONE
    if S.syncs[rw, RW_READERCOUNT] != 0:
        return Unlock(S, m, gp, rw)
    S.syncs[rw, RW_READERCOUNT] = -rwmutexMaxReaders
    rw_event(S, m, gp, rw, R_RW_LOCK)
    return -1
