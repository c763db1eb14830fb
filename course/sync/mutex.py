"""sync.Mutex: Go's state word, spinning, normal and starvation mode.

Models ``sync/mutex.go`` (Go 1.19). ``Mutex.state`` (``MU_STATE``) packs

    mutexLocked (1) | mutexWoken (2) | mutexStarving (4) | waiters << mutexWaiterShift (3)

and ``Mutex.sema`` (``MU_SEMA``) is the semaphore the waiters sleep on (``course.sema``).

* **Normal mode**: waiters queue FIFO, but a woken waiter does not own the mutex: it competes
  with newly arriving goroutines, which usually win (they are already running), so a
  woken waiter that loses queues again at the *front* (``lifo``).
* **Starvation mode**: a waiter that waited more than 1 ms (``starvationThresholdNs``) sets
  ``mutexStarving``; from then on Unlock hands the mutex *directly* to the first waiter
  (``semrelease(handoff=true)`` + ``goyield``), newcomers do not spin or barge, they queue at
  the tail. The waiter that receives the mutex switches back to normal mode if it is the last
  waiter or waited less than 1 ms.
* **Spinning** (normal mode only): ``sync_runtime_canSpin``: fewer than 4 spins so far, more
  than one CPU, some other P running (gomaxprocs > npidle + nmspinning + 1) and this P's run
  queue empty; a spin is ``procyield(30)``, charged on the M's clock (``C_PROCYIELD``), and a
  spinner sets ``mutexWoken`` so Unlock does not wake a waiter needlessly.

Every change of the state word is one ``EV_MUTEX`` event carrying the new word, so
``Trace.state_at`` rebuilds each mutex at any step.

The Lock instruction keeps lockSlow's locals (starving, awoke, iter, waitStartTime) in the G
(``G_LK*``) while it spins past the horizon (another M acts first: the instruction runs again
and continues the loop) or sleeps on the semaphore (``WAKE_SEMA``). Simplified: atomic CAS
loops never fail (one M acts at a time), no race detector hooks.
"""
from __future__ import annotations

from .._jit import jit
from ..costs import C_PROCYIELD, C_SYNCOP
from ..proc import charge, runqempty, traceev
from ..runtime2 import *  # noqa: F403
from ..sema import SEMA_PARKED, newsema, semacquire1, semacquireResume, semhead_goid, semrelease1
from ..traceev import *  # noqa: F403

# results of the sync kernels (for the VM)
SY_DONE = 0  # the operation completed
SY_PARKED = 1  # the G waits on a semaphore: park it (G_WAITREASON says why)
SY_SPIN = 2  # Lock spun past the horizon: stop here, run the instruction again later
SY_GROW = 3  # no free sudog / sync row: grow and run the instruction again
SY_THROW = 4  # fatal error (S_THROW says which)
SY_YIELD = 5  # Unlock handed the mutex off: goyield
SY_PANIC = 6  # panic (WaitGroup misuse; the VM raises it)


@jit
def sync_room(S, nsemas):
    """Is there a free sync row and nsemas free semaphore rows?"""
    if S.sched[S_NSYNCS] >= S.syncs.shape[0] or S.sched[S_NSEMAS] + nsemas > S.semas.shape[0]:
        S.sched[S_GROW] = GROW_SYNC
        return False
    return True


@jit
def newsync(S, m, gp, kind):
    """The zero value of a sync type (``var mu sync.Mutex``): a new row, unlocked, counters
    0, with its semaphores (one; an RWMutex has three: w.sema, writerSem, readerSem).
    Returns the row, or -1 when the tables must grow first."""
    nsem = 3 if kind == SYNC_RWMUTEX else 1
    if not sync_room(S, nsem):
        return -1
    row = S.sched[S_NSYNCS]
    S.sched[S_NSYNCS] = row + 1
    for k in range(SY_NCOLS):
        S.syncs[row, k] = 0
    S.syncs[row, SY_KIND] = kind
    first = newsema(S, row)
    S.syncs[row, MU_SEMA] = first
    S.syncs[row, RW_WRITERSEM] = -1
    S.syncs[row, RW_READERSEM] = -1
    if kind == SYNC_RWMUTEX:
        S.syncs[row, RW_WRITERSEM] = newsema(S, row)
        S.syncs[row, RW_READERSEM] = newsema(S, row)
    traceev(S, m, S.allm[m, M_P], gp, EV_NEWSYNC, row, kind, first, R_NEWSYNC)
    return row


@jit
def lock_waitreason(S):
    """Go 1.19 parks every sync waiter as [semacquire]; Go 1.20+ says sync.Mutex.Lock."""
    return waitReasonSemacquire if S.sched[S_GOVERSION] == 119 else waitReasonSyncMutexLock


@jit
def mutex_event(S, m, gp, mu, detail, reason):
    S.sched[S_STAT_SYNCOPS] += 1
    traceev(S, m, S.allm[m, M_P], gp, EV_MUTEX, mu, S.syncs[mu, MU_STATE], detail, reason)


@jit
def canSpin(S, m, i):
    """proc.go sync_runtime_canSpin: spin only a few times, on a multicore machine, when
    some other P is running (so the holder may be running and release soon) and this P has
    no other work (it would be better to run that)."""
    if i >= active_spin or S.sched[S_NCPU] <= 1 or \
            S.sched[S_GOMAXPROCS] <= S.sched[S_NPIDLE] + S.sched[S_NMSPINNING] + 1:
        return False
    if not runqempty(S, S.allm[m, M_P]):
        return False
    return True


@jit
def lock_done(S, gp):
    S.allg[gp, G_LKFLAGS] = 0
    S.allg[gp, G_LKWAITSTART] = 0
    S.allg[gp, G_LKITER] = 0
    return SY_DONE


@jit
def Lock(S, m, gp, mu, horizon):
    """Go: sync/mutex.go, (*Mutex).Lock: the fast path (CAS 0 → mutexLocked), else lockSlow.
    Also the continuation of a Lock that spun past the horizon or slept on the semaphore."""
    if S.allg[gp, G_WAKEKIND] == WAKE_SEMA:
        # runtime_SemacquireMutex returned (or must wait again)
        if semacquireResume(S, m, gp) == SEMA_PARKED:
            S.allg[gp, G_WAITREASON] = lock_waitreason(S)
            return SY_PARKED
        return lockSlow(S, m, gp, mu, horizon, True)
    if S.allg[gp, G_LKFLAGS] != 0:
        return lockSlow(S, m, gp, mu, horizon, False)
    charge(S, m, C_SYNCOP)
    if S.syncs[mu, MU_STATE] == 0:
        S.syncs[mu, MU_STATE] = mutexLocked
        mutex_event(S, m, gp, mu, 0, R_MU_LOCK_FAST)
        return SY_DONE
    S.allg[gp, G_LKFLAGS] = LK_ACTIVE
    S.allg[gp, G_LKWAITSTART] = 0
    S.allg[gp, G_LKITER] = 0
    return lockSlow(S, m, gp, mu, horizon, False)


@jit
def lockSlow(S, m, gp, mu, horizon, aftersema):
    """Go: sync/mutex.go, (*Mutex).lockSlow, from the top of its loop, or (aftersema) from
    just after runtime_SemacquireMutex returned."""
    fl = S.allg[gp, G_LKFLAGS]
    starving = (fl & LK_STARVING) != 0
    awoke = (fl & LK_AWOKE) != 0
    iter = S.allg[gp, G_LKITER]
    waitStartTime = S.allg[gp, G_LKWAITSTART]
    while True:
        if aftersema:
            aftersema = False
            starving = starving or S.allm[m, M_CLOCK] - waitStartTime > starvationThresholdNs
            old = S.syncs[mu, MU_STATE]
            if old & mutexStarving != 0:
                # The mutex was handed off to us: it is not locked and we are still counted as a
                # waiter. Fix that up.
                if old & (mutexLocked | mutexWoken) != 0 or (old >> mutexWaiterShift) == 0:
                    S.sched[S_THROW] = THROW_INCONSISTENT
                    return SY_THROW
                delta = mutexLocked - (1 << mutexWaiterShift)
                back = False
                if not starving or (old >> mutexWaiterShift) == 1:
                    # Exit starvation mode: the last waiter, or one that waited < 1 ms.
                    delta -= mutexStarving
                    back = True
                S.syncs[mu, MU_STATE] = old + delta
                mutex_event(S, m, gp, mu, 0, R_MU_LOCK_NORMAL if back else R_MU_LOCK_HANDOFF)
                return lock_done(S, gp)
            awoke = True
            iter = 0
        old = S.syncs[mu, MU_STATE]
        # Don't spin in starvation mode, ownership is handed off to waiters.
        if old & (mutexLocked | mutexStarving) == mutexLocked and canSpin(S, m, iter):
            # Active spinning makes sense: try to set mutexWoken so that Unlock does not
            # wake other blocked goroutines.
            if not awoke and old & mutexWoken == 0 and (old >> mutexWaiterShift) != 0:
                S.syncs[mu, MU_STATE] = old | mutexWoken
                awoke = True
                mutex_event(S, m, gp, mu, iter, R_MU_LOCK_WOKEN)
            charge(S, m, C_PROCYIELD)  # runtime_doSpin: procyield(active_spin_cnt)
            iter += 1
            S.sched[S_STAT_SPINS] += 1
            mutex_event(S, m, gp, mu, iter, R_MU_LOCK_SPIN)
            S.allg[gp, G_LKFLAGS] = LK_ACTIVE | (LK_STARVING if starving else 0) | (LK_AWOKE if awoke else 0)
            S.allg[gp, G_LKITER] = iter
            if S.allm[m, M_CLOCK] > horizon:
                return SY_SPIN  # another actor is due: it may unlock while we spin
            continue
        new = old
        # Don't try to acquire a starving mutex, new arriving goroutines must queue.
        if old & mutexStarving == 0:
            new |= mutexLocked
        if old & (mutexLocked | mutexStarving) != 0:
            new += 1 << mutexWaiterShift
        # The current goroutine switches the mutex to starvation mode (only if it is locked).
        if starving and old & mutexLocked != 0:
            new |= mutexStarving
        if awoke:
            # The goroutine has been woken from sleep, so we need to reset the flag.
            if new & mutexWoken == 0:
                S.sched[S_THROW] = THROW_INCONSISTENT
                return SY_THROW
            new &= ~mutexWoken
        charge(S, m, C_SYNCOP)
        S.syncs[mu, MU_STATE] = new  # the CAS succeeds: nothing ran since we read old
        if old & (mutexLocked | mutexStarving) == 0:
            mutex_event(S, m, gp, mu, iter, R_MU_LOCK_ACQUIRE)
            return lock_done(S, gp)  # locked the mutex with CAS
        # If we were already waiting before, queue at the front of the queue.
        queueLifo = waitStartTime != 0
        if waitStartTime == 0:
            waitStartTime = S.allm[m, M_CLOCK]
        mutex_event(S, m, gp, mu, 1 if queueLifo else 0,
                    R_MU_LOCK_STARVING if (new & mutexStarving != 0 and old & mutexStarving == 0) else R_MU_LOCK_QUEUE)
        S.allg[gp, G_LKFLAGS] = LK_ACTIVE | (LK_STARVING if starving else 0) | (LK_AWOKE if awoke else 0)
        S.allg[gp, G_LKITER] = iter
        S.allg[gp, G_LKWAITSTART] = waitStartTime
        if semacquire1(S, m, gp, S.syncs[mu, MU_SEMA], queueLifo) == SEMA_PARKED:
            S.allg[gp, G_WAITREASON] = lock_waitreason(S)
            return SY_PARKED
        aftersema = True  # acquired without sleeping: go on as after the wake-up


@jit
def TryLock(S, m, gp, mu):
    """Go: sync/mutex.go, (*Mutex).TryLock: only an unlocked mutex that is not starving."""
    charge(S, m, C_SYNCOP)
    old = S.syncs[mu, MU_STATE]
    if old & (mutexLocked | mutexStarving) != 0:
        mutex_event(S, m, gp, mu, 0, R_MU_TRYLOCK)
        return False
    S.syncs[mu, MU_STATE] = old | mutexLocked
    mutex_event(S, m, gp, mu, 1, R_MU_TRYLOCK)
    return True


@jit
def Unlock(S, m, gp, mu):
    """Go: sync/mutex.go, (*Mutex).Unlock and unlockSlow. Returns SY_DONE, SY_YIELD (a
    starvation-mode handoff: the caller goyields) or SY_THROW (unlock of unlocked mutex)."""
    charge(S, m, C_SYNCOP)
    new = S.syncs[mu, MU_STATE] - mutexLocked
    S.syncs[mu, MU_STATE] = new
    if new == 0:
        mutex_event(S, m, gp, mu, 0, R_MU_UNLOCK_FAST)
        return SY_DONE
    # unlockSlow
    if (new + mutexLocked) & mutexLocked == 0:
        mutex_event(S, m, gp, mu, 0, R_MU_UNLOCK_FATAL)
        S.sched[S_THROW] = THROW_UNLOCK
        return SY_THROW
    sema = S.syncs[mu, MU_SEMA]
    if new & mutexStarving == 0:
        old = new
        # If there are no waiters or a goroutine has already been woken or grabbed the
        # lock, no need to wake anyone.
        if (old >> mutexWaiterShift) == 0 or old & (mutexLocked | mutexWoken | mutexStarving) != 0:
            mutex_event(S, m, gp, mu, -1, R_MU_UNLOCK_NOWAKE)
            return SY_DONE
        # Grab the right to wake someone.
        S.syncs[mu, MU_STATE] = (old - (1 << mutexWaiterShift)) | mutexWoken
        mutex_event(S, m, gp, mu, semhead_goid(S, sema), R_MU_UNLOCK_WAKE)
        semrelease1(S, m, gp, sema, False)
        return SY_DONE
    # Starving mode: hand off mutex ownership to the next waiter, and yield our time slice
    # so that the next waiter can start to run immediately.
    mutex_event(S, m, gp, mu, semhead_goid(S, sema), R_MU_UNLOCK_HANDOFF)
    if semrelease1(S, m, gp, sema, True):
        return SY_YIELD
    return SY_DONE
