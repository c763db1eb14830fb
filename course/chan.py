"""Channels: hchan, its ring buffer and its wait queues of sudogs.

Models ``runtime/chan.go`` (Go 1.19). A channel is a row of ``State.chans`` (Go's ``hchan``):
a ring buffer of ``dataqsiz`` slots in ``State.chanbuf`` with ``sendx``/``recvx``/``qcount``,
and two FIFO wait queues, ``recvq`` and ``sendq``, of *sudogs* (``State.sudogs``): one per
goroutine blocked on the channel (or per select case it blocks in).

Invariants (chan.go's header): at least one of ``sendq`` and ``recvq`` is empty (except for
an unbuffered channel used by one select for both directions); ``qcount > 0`` implies
``recvq`` is empty; ``qcount < dataqsiz`` implies ``sendq`` is empty.

The orders that surprise learners are Go's, step for step:

* a send with a receiver waiting hands the value *directly* to it (``send``/``sendDirect``),
  even when the buffer has room, and the receiver goes into the sender's P's ``runnext``;
* a receive from a full buffered channel with a sender waiting takes the head of the buffer
  and moves that sender's value into the freed tail slot (``recv``);
* ``closechan`` wakes every receiver (zero value, ok=false), then every sender (which will
  panic "send on closed channel"), readied in reverse of the order it dequeued them (a LIFO
  ``gList``), so the first-queued waiter runs first and the rest in reverse queue order;
* a closed buffered channel still delivers its buffered values before zero values;
* a nil channel blocks forever.

A value crosses as one slot. Where Go's sudog ``elem`` points into the receiver's stack, ours
holds an offset into the receiver G's stack segment (offsets survive the stack being copied
when it grows, as Go's ``adjustsudogs`` keeps its pointers right). Simplified: no locks (one M
acts at a time), no element types beyond one word, no race detector hooks.
"""
from __future__ import annotations

from ._jit import jit
from .costs import C_CHANOP
from .mbarrier import gcWriteBarrier
from .proc import charge, ready, traceev
from .runtime2 import *  # noqa: F403
from .traceev import *  # noqa: F403

# results of the channel operations (for the VM)
CH_DONE = 0  # it completed without blocking
CH_PARKED = 1  # the G must park (its sudog is queued)
CH_PANIC_SENDCLOSED = 2  # panic: send on closed channel
CH_NILBLOCK = 3  # a nil channel: park forever
CH_GROW = 4  # no free sudog or hchan: grow and run the instruction again
CH_WOULDBLOCK = 5  # non-blocking and not ready
CH_PANIC_CLOSECLOSED = 6  # panic: close of closed channel
CH_PANIC_CLOSENIL = 7  # panic: close of nil channel


@jit(inline=True)
def sudog_room(S, n):
    """Are n sudogs available (free or unused rows)?"""
    return S.sched[S_SUDOGFREEN] + (S.sudogs.shape[0] - S.sched[S_NSUDOGS]) >= n


@jit(inline=True)
def acquireSudog(S):
    """proc.go acquireSudog (the caller checked sudog_room)."""
    sg = S.sched[S_SUDOGFREE]
    if sg >= 0:
        S.sched[S_SUDOGFREE] = S.sudogs[sg, SG_NEXT]
        S.sched[S_SUDOGFREEN] -= 1
    else:
        sg = S.sched[S_NSUDOGS]
        S.sched[S_NSUDOGS] = sg + 1
    for k in range(SG_NCOLS):
        S.sudogs[sg, k] = 0
    S.sudogs[sg, SG_NEXT] = -1
    S.sudogs[sg, SG_PREV] = -1
    S.sudogs[sg, SG_WAITLINK] = -1
    S.sudogs[sg, SG_ELEM] = -1
    S.sudogs[sg, SG_OKOFF] = -1
    return sg


@jit(inline=True)
def releaseSudog(S, sg):
    S.sudogs[sg, SG_NEXT] = S.sched[S_SUDOGFREE]
    S.sched[S_SUDOGFREE] = sg
    S.sched[S_SUDOGFREEN] += 1


# ---- waitq: a FIFO of sudogs (first/last in the hchan row) --------------------------------
@jit(inline=True)
def enqueue(S, c, first, sg):
    """waitq.enqueue: sg at the tail of the queue whose first column is `first`."""
    last = S.chans[c, first + 1]
    S.sudogs[sg, SG_NEXT] = -1
    if last < 0:
        S.sudogs[sg, SG_PREV] = -1
        S.chans[c, first] = sg
        S.chans[c, first + 1] = sg
        return
    S.sudogs[sg, SG_PREV] = last
    S.sudogs[last, SG_NEXT] = sg
    S.chans[c, first + 1] = sg


@jit(inline=True)
def dequeue(S, m, c, first):
    """waitq.dequeue: the head of the queue, skipping the sudogs of a select that another
    case already won (its selectDone CAS fails; each one dropped is recorded, so the trace
    can rebuild the queue). -1 when empty."""
    while True:
        sgp = S.chans[c, first]
        if sgp < 0:
            return -1
        y = S.sudogs[sgp, SG_NEXT]
        if y < 0:
            S.chans[c, first] = -1
            S.chans[c, first + 1] = -1
        else:
            S.sudogs[y, SG_PREV] = -1
            S.chans[c, first] = y
            S.sudogs[sgp, SG_NEXT] = -1
        if S.sudogs[sgp, SG_ISSELECT] != 0:
            g = S.sudogs[sgp, SG_G]
            if S.allg[g, G_SELECTDONE] != 0:
                traceev(S, m, S.allm[m, M_P] if m >= 0 else -1, g, EV_SUDOGSKIP, c, sgp,
                        1 if first == HC_SENDQ_FIRST else 0, R_SELECT_STALE)
                continue
            S.allg[g, G_SELECTDONE] = 1
        return sgp


@jit
def dequeueSudoG(S, c, first, sgp):
    """waitq.dequeueSudoG: remove sgp wherever it is in the queue (a no-op if already gone)."""
    x = S.sudogs[sgp, SG_PREV]
    y = S.sudogs[sgp, SG_NEXT]
    if x >= 0:
        if y >= 0:
            S.sudogs[x, SG_NEXT] = y
            S.sudogs[y, SG_PREV] = x
            S.sudogs[sgp, SG_NEXT] = -1
            S.sudogs[sgp, SG_PREV] = -1
            return
        S.sudogs[x, SG_NEXT] = -1
        S.chans[c, first + 1] = x
        S.sudogs[sgp, SG_PREV] = -1
        return
    if y >= 0:
        S.sudogs[y, SG_PREV] = -1
        S.chans[c, first] = y
        S.sudogs[sgp, SG_NEXT] = -1
        return
    if S.chans[c, first] == sgp:
        S.chans[c, first] = -1
        S.chans[c, first + 1] = -1


# ---- makechan, send, recv --------------------------------------------------------------------
@jit
def makechan(S, m, gp, size, elemtype):
    """chan.go makechan: a new hchan with a ring of `size` slots. Returns its id, or -1 when
    the tables must grow first (the caller checked size >= 0)."""
    c = S.sched[S_NCHANS]
    top = S.sched[S_CHANBUFTOP]
    if c >= S.chans.shape[0] or top + size > S.chanbuf.shape[0]:
        S.sched[S_GROW] = GROW_CHAN
        return -1
    S.sched[S_NCHANS] = c + 1
    S.sched[S_CHANBUFTOP] = top + size
    for k in range(HC_NCOLS):
        S.chans[c, k] = 0
    S.chans[c, HC_DATAQSIZ] = size
    S.chans[c, HC_BUF] = top
    S.chans[c, HC_ELEMTYPE] = elemtype
    for q in (HC_RECVQ_FIRST, HC_RECVQ_LAST, HC_SENDQ_FIRST, HC_SENDQ_LAST):
        S.chans[c, q] = -1
    traceev(S, m, S.allm[m, M_P], gp, EV_MAKECHAN, c, size, 0, R_MAKECHAN)
    return c


@jit(inline=True)
def gslot(S, g, off):
    """The stack slot at offset `off` of G g's stack (a sudog's elem)."""
    return S.allg[g, G_STACKLO] + off


@jit(inline=True)
def send(S, m, gp, c, sg, val):
    """chan.go send: hand val directly to the waiting receiver sg (sendDirect into its stack)
    and ready it (into this P's runnext)."""
    rg = S.sudogs[sg, SG_G]
    if S.sudogs[sg, SG_ELEM] >= 0:
        slot = gslot(S, rg, S.sudogs[sg, SG_ELEM])
        gcWriteBarrier(S, S.stack[slot], val)  # sendDirect: a write to another G's stack
        S.stack[slot] = val
        S.sudogs[sg, SG_ELEM] = -1
    S.allg[rg, G_PARAM] = sg
    S.sudogs[sg, SG_SUCCESS] = 1
    traceev(S, m, S.allm[m, M_P], gp, EV_CHANSEND, c, val, S.allg[rg, G_GOID], R_CHAN_DIRECT)
    ready(S, m, rg, R_CHAN_DIRECT)


@jit(inline=True)
def recv(S, m, gp, c, sg, dstabs):
    """chan.go recv: take a value from the blocked sender sg. Unbuffered: straight from the
    sender. Buffered (so full): the head of the buffer, and the sender's value goes into the
    slot just freed (the new tail). Then ready the sender. Returns the value."""
    sgval = S.sudogs[sg, SG_VAL]
    size = S.chans[c, HC_DATAQSIZ]
    if size == 0:
        val = sgval
        gcWriteBarrier(S, 0, val)  # recvDirect: from the sender's stack (shaded, conservatively)
    else:
        qp = S.chans[c, HC_BUF] + S.chans[c, HC_RECVX]
        val = S.chanbuf[qp]
        gcWriteBarrier(S, val, sgval)  # typedmemmove into the buffer
        S.chanbuf[qp] = sgval
        S.chans[c, HC_RECVX] += 1
        if S.chans[c, HC_RECVX] == size:
            S.chans[c, HC_RECVX] = 0
        S.chans[c, HC_SENDX] = S.chans[c, HC_RECVX]
    if dstabs >= 0:
        S.stack[dstabs] = val
    sgp_g = S.sudogs[sg, SG_G]
    S.allg[sgp_g, G_PARAM] = sg
    S.sudogs[sg, SG_SUCCESS] = 1
    traceev(S, m, S.allm[m, M_P], gp, EV_CHANRECV, c, val, S.allg[sgp_g, G_GOID], R_CHAN_DIRECT if size == 0 else R_CHAN_RECVFULL)
    ready(S, m, sgp_g, R_CHAN_DIRECT)
    return val


@jit(inline=True)
def chansend(S, m, gp, c, val, block):
    """chan.go chansend, in Go's order: nil channel blocks forever; closed → panic; a waiting
    receiver → direct handoff; room in the buffer → buf[sendx]; else a sudog on sendq and park
    (the caller parks; chansendResume finishes after the wake-up)."""
    charge(S, m, C_CHANOP)
    S.sched[S_STAT_CHANOPS] += 1
    if c < 0:
        if not block:
            return CH_WOULDBLOCK
        return CH_NILBLOCK
    if not block and S.chans[c, HC_CLOSED] == 0 and (
            (S.chans[c, HC_DATAQSIZ] == 0 and S.chans[c, HC_RECVQ_FIRST] < 0)
            or (S.chans[c, HC_DATAQSIZ] > 0 and S.chans[c, HC_QCOUNT] == S.chans[c, HC_DATAQSIZ])):
        return CH_WOULDBLOCK
    if S.chans[c, HC_CLOSED] != 0:
        return CH_PANIC_SENDCLOSED
    sg = dequeue(S, m, c, HC_RECVQ_FIRST)
    if sg >= 0:
        send(S, m, gp, c, sg, val)
        return CH_DONE
    size = S.chans[c, HC_DATAQSIZ]
    if S.chans[c, HC_QCOUNT] < size:
        gcWriteBarrier(S, 0, val)  # typedmemmove into the buffer (its slot is clear)
        S.chanbuf[S.chans[c, HC_BUF] + S.chans[c, HC_SENDX]] = val
        S.chans[c, HC_SENDX] += 1
        if S.chans[c, HC_SENDX] == size:
            S.chans[c, HC_SENDX] = 0
        S.chans[c, HC_QCOUNT] += 1
        traceev(S, m, S.allm[m, M_P], gp, EV_CHANSEND, c, val, -1, R_CHAN_BUF)
        return CH_DONE
    if not block:
        return CH_WOULDBLOCK
    if not sudog_room(S, 1):  # (nothing has changed yet: the instruction runs again after growing)
        S.sched[S_GROW] = GROW_SUDOG
        return CH_GROW
    mysg = acquireSudog(S)
    S.sudogs[mysg, SG_G] = gp
    S.sudogs[mysg, SG_C] = c
    S.sudogs[mysg, SG_VAL] = val
    S.sudogs[mysg, SG_ISSEND] = 1
    S.allg[gp, G_WAITING] = mysg
    S.allg[gp, G_PARAM] = -1
    enqueue(S, c, HC_SENDQ_FIRST, mysg)
    S.allg[gp, G_WAKEKIND] = WAKE_SEND
    traceev(S, m, S.allm[m, M_P], gp, EV_CHANPARK, c, val, mysg * 2 + 1, R_CHAN_BLOCK)
    return CH_PARKED


@jit(inline=True)
def chanrecv(S, m, gp, c, dstabs, okabs, block):
    """chan.go chanrecv, in Go's order: nil channel blocks forever; closed and empty → zero
    value, ok=false; a waiting sender → recv (direct, or head of a full buffer); data in the
    buffer → buf[recvx]; else a sudog on recvq and park. dstabs/okabs: absolute stack slots for
    the value and ok (-1: not wanted)."""
    charge(S, m, C_CHANOP)
    S.sched[S_STAT_CHANOPS] += 1
    if c < 0:
        if not block:
            return CH_WOULDBLOCK
        return CH_NILBLOCK
    pp = S.allm[m, M_P]
    if S.chans[c, HC_CLOSED] != 0:
        if S.chans[c, HC_QCOUNT] == 0:
            if dstabs >= 0:
                S.stack[dstabs] = 0
            if okabs >= 0:
                S.stack[okabs] = 0
            traceev(S, m, pp, gp, EV_CHANRECV, c, 0, -1, R_CHAN_CLOSED)
            return CH_DONE
    else:
        sg = dequeue(S, m, c, HC_SENDQ_FIRST)
        if sg >= 0:
            recv(S, m, gp, c, sg, dstabs)
            if okabs >= 0:
                S.stack[okabs] = 1
            return CH_DONE
    if S.chans[c, HC_QCOUNT] > 0:
        size = S.chans[c, HC_DATAQSIZ]
        qp = S.chans[c, HC_BUF] + S.chans[c, HC_RECVX]
        val = S.chanbuf[qp]
        gcWriteBarrier(S, val, 0)  # typedmemclr of the slot
        S.chanbuf[qp] = 0
        if dstabs >= 0:
            S.stack[dstabs] = val
        if okabs >= 0:
            S.stack[okabs] = 1
        S.chans[c, HC_RECVX] += 1
        if S.chans[c, HC_RECVX] == size:
            S.chans[c, HC_RECVX] = 0
        S.chans[c, HC_QCOUNT] -= 1
        traceev(S, m, pp, gp, EV_CHANRECV, c, val, -1, R_CHAN_BUF)
        return CH_DONE
    if not block:
        return CH_WOULDBLOCK
    if not sudog_room(S, 1):
        S.sched[S_GROW] = GROW_SUDOG
        return CH_GROW
    lo = S.allg[gp, G_STACKLO]
    mysg = acquireSudog(S)
    S.sudogs[mysg, SG_G] = gp
    S.sudogs[mysg, SG_C] = c
    S.sudogs[mysg, SG_ELEM] = dstabs - lo if dstabs >= 0 else -1
    S.sudogs[mysg, SG_OKOFF] = okabs - lo if okabs >= 0 else -1
    S.allg[gp, G_WAITING] = mysg
    S.allg[gp, G_PARAM] = -1
    enqueue(S, c, HC_RECVQ_FIRST, mysg)
    S.allg[gp, G_WAKEKIND] = WAKE_RECV
    traceev(S, m, pp, gp, EV_CHANPARK, c, 0, mysg * 2, R_CHAN_BLOCK)
    return CH_PARKED


@jit(inline=True)
def chanResume(S, gp):
    """What chansend/chanrecv do after gopark returns: read mysg.success, release the sudog.
    A receiver stores ok; a sender woken by close must panic (returns False)."""
    kind = S.allg[gp, G_WAKEKIND]
    S.allg[gp, G_WAKEKIND] = WAKE_NONE
    sg = S.allg[gp, G_WAITING]
    S.allg[gp, G_WAITING] = -1
    S.allg[gp, G_PARAM] = -1
    success = S.sudogs[sg, SG_SUCCESS] != 0
    if kind == WAKE_RECV and S.sudogs[sg, SG_OKOFF] >= 0:
        S.stack[gslot(S, gp, S.sudogs[sg, SG_OKOFF])] = 1 if success else 0
    releaseSudog(S, sg)
    return success or kind == WAKE_RECV


@jit
def closechan(S, m, gp, c):
    """chan.go closechan: panics on nil or closed; sets closed, then takes every receiver
    (zero value, success=false) and every sender (success=false) off the queues onto a LIFO
    list, and readies them from that list (each into runnext, kicking the previous)."""
    charge(S, m, C_CHANOP)
    S.sched[S_STAT_CHANOPS] += 1
    if c < 0:
        return CH_PANIC_CLOSENIL
    if S.chans[c, HC_CLOSED] != 0:
        return CH_PANIC_CLOSECLOSED
    S.chans[c, HC_CLOSED] = 1
    glist = -1  # a gList (LIFO), linked through g.schedlink as Go's is
    n = 0
    for q in (HC_RECVQ_FIRST, HC_SENDQ_FIRST):
        while True:
            sg = dequeue(S, m, c, q)
            if sg < 0:
                break
            g = S.sudogs[sg, SG_G]
            if q == HC_RECVQ_FIRST and S.sudogs[sg, SG_ELEM] >= 0:
                S.stack[gslot(S, g, S.sudogs[sg, SG_ELEM])] = 0  # typedmemclr
                S.sudogs[sg, SG_ELEM] = -1
            S.allg[g, G_PARAM] = sg
            S.sudogs[sg, SG_SUCCESS] = 0
            S.allg[g, G_SCHEDLINK] = glist  # glist.push(gp)
            glist = g
            n += 1
    traceev(S, m, S.allm[m, M_P], gp, EV_CHANCLOSE, c, n, 0, R_CLOSECHAN)
    while glist >= 0:  # for !glist.empty() { gp := glist.pop(); goready(gp) }
        g = glist
        glist = S.allg[g, G_SCHEDLINK]
        S.allg[g, G_SCHEDLINK] = -1
        ready(S, m, g, R_CLOSECHAN)
    return CH_DONE
