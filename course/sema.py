"""Semaphores: the sleep and wake-up under sync.Mutex, RWMutex and WaitGroup.

Models ``runtime/sema.go`` (Go 1.19). A semaphore is a ``uint32`` in the sync value
(``Mutex.sema``, ``RWMutex.writerSem`` ...), here a row of ``State.semas`` whose ``SM_VAL`` is
the count. ``semacquire1`` takes one unit if there is one (``cansemacquire``); otherwise the G
queues a sudog on the *semaRoot* of that address and parks. ``semrelease1`` adds one unit and,
if someone waits, dequeues the first waiter and readies it into the releaser's ``runnext``
(``readyWithTime`` → ``goready``). Two knobs make sync.Mutex's starvation mode work:

* ``lifo``: a waiter that has waited before (a woken mutex waiter that lost the race) queues
  at the *head* of the list, so it is woken first next time;
* ``handoff``: the releaser takes the unit *for* the waiter (``s.ticket = 1``) and then
  ``goyield``s: it goes to the tail of its local run queue and the waiter, in ``runnext``,
  runs at once and owns the semaphore (and with it the mutex).

Simplified: Go hashes the address into one of 251 roots, each a treap of addresses whose
nodes carry the list of waiters on that address; here each semaphore has its own list (head,
tail and ``nwait`` in its row), which is the same FIFO per address. The treap's random
priority still draws ``fastrand()`` when a new address enters the treap, as Go does, so the
M's random stream stays Go's. No profiling (``blockevent``/``mutexevent``), no locks (one M
acts at a time).
"""
from __future__ import annotations

from ._jit import jit
from .chan import acquireSudog, releaseSudog
from .costs import C_SEMA
from .proc import charge, fastrand, ready, traceev
from .runtime2 import *  # noqa: F403
from .traceev import *  # noqa: F403

SEMA_ACQUIRED = 0  # semacquire1 returned
SEMA_PARKED = 1  # the G queued its sudog: park it (the instruction resumes, WAKE_SEMA)

SG_LIFO = SG_CASEI  # a sema sudog keeps semacquire1's lifo argument for its next round
SG_TICKET = SG_VAL  # sudog.ticket: 1 when the releaser handed the unit over


@jit
def newsema(S, owner):
    """A zero semaphore (the caller checked there is a free row)."""
    s = S.sched[S_NSEMAS]
    S.sched[S_NSEMAS] = s + 1
    S.semas[s, SM_VAL] = 0
    S.semas[s, SM_HEAD] = -1
    S.semas[s, SM_TAIL] = -1
    S.semas[s, SM_NWAIT] = 0
    S.semas[s, SM_SYNC] = owner
    return s


@jit
def cansemacquire(S, m, gp, addr):
    """sema.go cansemacquire: take one unit if *addr > 0."""
    v = S.semas[addr, SM_VAL]
    if v == 0:
        return False
    S.semas[addr, SM_VAL] = v - 1
    traceev(S, m, S.allm[m, M_P], gp, EV_SEMA, addr, v - 1, -1, R_SEMA_ACQUIRE)
    return True


@jit
def semqueue(S, m, gp, addr, s, lifo):
    """semaRoot.queue: s joins the waiters on addr, at the tail, or at the head with lifo.
    A new address gets a treap node with a random priority (fastrand() | 1)."""
    S.sudogs[s, SG_G] = gp
    S.sudogs[s, SG_C] = addr
    S.sudogs[s, SG_NEXT] = -1
    S.sudogs[s, SG_LIFO] = 1 if lifo else 0
    head = S.semas[addr, SM_HEAD]
    if head < 0:
        fastrand(S, m)  # s.ticket = fastrand() | 1: the treap priority (reset to 0 by dequeue)
        S.semas[addr, SM_HEAD] = s
        S.semas[addr, SM_TAIL] = s
    elif lifo:
        S.sudogs[s, SG_NEXT] = head
        S.semas[addr, SM_HEAD] = s
    else:
        S.sudogs[S.semas[addr, SM_TAIL], SG_NEXT] = s
        S.semas[addr, SM_TAIL] = s
    S.sudogs[s, SG_TICKET] = 0
    traceev(S, m, S.allm[m, M_P], gp, EV_SEMQUEUE, addr, 1 if lifo else 0, s,
            R_SEMA_QUEUE_LIFO if lifo else R_SEMA_QUEUE)


@jit
def semdequeue(S, addr):
    """semaRoot.dequeue: the first waiter on addr (its ticket reset to 0), or -1."""
    s = S.semas[addr, SM_HEAD]
    if s < 0:
        return -1
    nxt = S.sudogs[s, SG_NEXT]
    S.semas[addr, SM_HEAD] = nxt
    if nxt < 0:
        S.semas[addr, SM_TAIL] = -1
    S.sudogs[s, SG_NEXT] = -1
    S.sudogs[s, SG_TICKET] = 0
    return s


@jit
def semacquire1(S, m, gp, addr, lifo):
    """sema.go semacquire1: the easy case (cansemacquire), else nwait+1, check again, queue
    a sudog and park (goparkunlock). Returns SEMA_ACQUIRED or SEMA_PARKED; the caller made
    sure a sudog is free (chan.sudog_room)."""
    if cansemacquire(S, m, gp, addr):
        return SEMA_ACQUIRED
    s = acquireSudog(S)
    S.sudogs[s, SG_TICKET] = 0
    return semacquire_loop(S, m, gp, addr, s, lifo)


@jit
def semacquire_loop(S, m, gp, addr, s, lifo):
    """One round of semacquire1's for loop: nwait+1; cansemacquire (a release may have come
    in between); else queue and park."""
    charge(S, m, C_SEMA)
    S.semas[addr, SM_NWAIT] += 1
    if cansemacquire(S, m, gp, addr):
        S.semas[addr, SM_NWAIT] -= 1
        releaseSudog(S, s)
        return SEMA_ACQUIRED
    semqueue(S, m, gp, addr, s, lifo)
    S.allg[gp, G_WAITING] = s
    S.allg[gp, G_WAKEKIND] = WAKE_SEMA
    return SEMA_PARKED


@jit
def semacquireResume(S, m, gp):
    """semacquire1 after goparkunlock returns: ``if s.ticket != 0 || cansemacquire(addr)
    { break }``, else round the loop again (queue and park once more, with the same lifo)."""
    s = S.allg[gp, G_WAITING]
    addr = S.sudogs[s, SG_C]
    S.allg[gp, G_WAKEKIND] = WAKE_NONE
    S.allg[gp, G_WAITING] = -1
    if S.sudogs[s, SG_TICKET] != 0 or cansemacquire(S, m, gp, addr):
        releaseSudog(S, s)
        return SEMA_ACQUIRED
    return semacquire_loop(S, m, gp, addr, s, S.sudogs[s, SG_LIFO] != 0)


@jit
def semrelease1(S, m, gp, addr, handoff):
    """sema.go semrelease1: *addr+1; with waiters, dequeue the first and ready it (into this
    P's runnext). With handoff, take the unit for it (ticket = 1) and return True: the caller
    must goyield so that the waiter runs now."""
    v = S.semas[addr, SM_VAL] + 1
    S.semas[addr, SM_VAL] = v
    traceev(S, m, S.allm[m, M_P], gp, EV_SEMA, addr, v, 1, R_SEMA_RELEASE)
    if S.semas[addr, SM_NWAIT] == 0:
        return False
    charge(S, m, C_SEMA)
    s = semdequeue(S, addr)
    if s < 0:
        return False
    S.semas[addr, SM_NWAIT] -= 1
    if handoff and cansemacquire(S, m, gp, addr):
        S.sudogs[s, SG_TICKET] = 1
    w = S.sudogs[s, SG_G]
    ticket = S.sudogs[s, SG_TICKET]
    traceev(S, m, S.allm[m, M_P], w, EV_SEMREADY, addr, ticket, s, R_SEMA_HANDOFF if ticket != 0 else R_SEMA_READY)
    ready(S, m, w, R_SEMA_READY)  # readyWithTime → goready
    if ticket != 0:
        S.sched[S_STAT_HANDOFFS] += 1
        return True  # direct G handoff: goyield
    return False


@jit
def semhead_goid(S, addr):
    """The goid of the first waiter on addr, -1 if none (for the trace)."""
    s = S.semas[addr, SM_HEAD]
    if s < 0:
        return -1
    return S.allg[S.sudogs[s, SG_G], G_GOID]
