"""select: Go's selectgo, pass by pass.

Models ``runtime/select.go`` (Go 1.19). The compiler lays the cases out as Go's does
(``walkSelectCases``): sends first in source order, then receives *from the end backwards*;
selectgo then

1. builds the **poll order** (``pollorder``): a random permutation of the cases by an inside-out Fisher-Yates
   shuffle with ``fastrandn`` (cases on nil channels are left out, so they are never chosen);
2. builds the **lock order** (``lockorder``): the cases sorted by channel (Go sorts by hchan address; the model
   by channel id, which grows with creation as addresses roughly do) with Go's heap sort;
3. **pass 1**: walks the poll order and takes the first case that can proceed (a waiting
   partner, buffer data or room, or a closed channel); with a ``default`` and nothing ready,
   the default runs;
4. **pass 2**: queues one sudog per case on every channel, in lock order, and parks;
5. **pass 3** (when a case's partner wakes it, ``selectResume``): dequeues the sudogs from all
   the other channels; a send case woken by close panics.

The random choice in pass 1 is what makes ``select`` fair; with two ready cases each wins
about half the time (TestSelectFairness checks the bound). ``pollorder`` and ``lockorder`` are
functions of their own (compiled inline) so that lab 2's bonus can plug in a student's.

Both orders go into the trace (``EV_SELECTORDER``, by ``traceSelectOrders``) as soon as they
are built, as case indices in source order (the numbering ``EV_SELECT`` uses), so the views can
show them; a select of more than 15 cases records that it had too many to pack.
"""
from __future__ import annotations

from ._jit import jit
from .chan import acquireSudog, dequeue, dequeueSudoG, enqueue, gslot, recv, releaseSudog, send, sudog_room
from .costs import C_CHANOP
from .mbarrier import gcWriteBarrier
from .proc import charge, fastrandn, traceev
from .runtime2 import *  # noqa: F403
from .traceev import *  # noqa: F403

SEL_DONE = 0
SEL_PARKED = 1
SEL_PANIC_SENDCLOSED = 2
SEL_GROW = 3
SELECT_MAXCASES = 1024  # (Go allows 65536; the scratch space is sized for this many)
SELECT_TRACE_MAXCASES = 15  # EV_SELECTORDER packs each order in 15 nibbles of one int64

# scratch layout (State.scratch): pollorder | lockorder | scase → source index | chan | issend | val
_POLL = 0
_LOCK = SELECT_MAXCASES
_SRC = 2 * SELECT_MAXCASES
_CHAN = 3 * SELECT_MAXCASES
_SEND = 4 * SELECT_MAXCASES
_VAL = 5 * SELECT_MAXCASES


@jit(inline=True)
def pollorder(S, m, ncases, nonrandom):
    """select.go selectgo, "generate permuted order": the cases (nil channels left out) in a
    random order, by an inside-out Fisher-Yates shuffle with fastrandn, into S.scratch[_POLL:].
    Returns how many. (A separate function so that a lab can plug in the student's.)"""
    X = S.scratch
    norder = 0
    for i in range(ncases):
        if X[_CHAN + i] < 0:
            continue
        j = 0 if nonrandom else fastrandn(S, m, norder + 1)
        X[_POLL + norder] = X[_POLL + j]
        X[_POLL + j] = i
        norder += 1
    return norder


@jit(inline=True)
def lockorder(S, norder):
    """select.go selectgo, "sort the cases by Hchan address to get the locking order": the
    poll order's cases sorted by channel (Go's heap sort, not stable), into S.scratch[_LOCK:]."""
    X = S.scratch
    for i in range(norder):
        j = i
        c = X[_CHAN + X[_POLL + i]]
        while j > 0 and X[_CHAN + X[_LOCK + (j - 1) // 2]] < c:
            k = (j - 1) // 2
            X[_LOCK + j] = X[_LOCK + k]
            j = k
        X[_LOCK + j] = X[_POLL + i]
    for i in range(norder - 1, -1, -1):
        o = X[_LOCK + i]
        c = X[_CHAN + o]
        X[_LOCK + i] = X[_LOCK + 0]
        j = 0
        while True:
            k = j * 2 + 1
            if k >= i:
                break
            if k + 1 < i and X[_CHAN + X[_LOCK + k]] < X[_CHAN + X[_LOCK + k + 1]]:
                k += 1
            if c < X[_CHAN + X[_LOCK + k]]:
                X[_LOCK + j] = X[_LOCK + k]
                j = k
                continue
            break
        X[_LOCK + j] = o


@jit(inline=True)
def traceSelectOrders(S, m, pp, gp, ncases, norder):
    """Record the poll order and the lock order just built (EV_SELECTORDER): each as the
    cases' source-order indices, 4 bits each, the first in the low bits; nibbles past norder
    (cases on nil channels are in neither order) are 0xF. More than 15 cases do not fit:
    c = -1 and no orders."""
    if ncases > SELECT_TRACE_MAXCASES:
        traceev(S, m, pp, gp, EV_SELECTORDER, 0, 0, -1, R_SELECT_ORDER)
        return
    X = S.scratch
    poll = 0
    lock = 0
    for n in range(SELECT_TRACE_MAXCASES - 1, -1, -1):  # the last first: it ends in the high bits
        pi = 15
        li = 15
        if n < norder:
            pi = X[_SRC + X[_POLL + n]]
            li = X[_SRC + X[_LOCK + n]]
        poll = (poll << 4) | pi
        lock = (lock << 4) | li
    traceev(S, m, pp, gp, EV_SELECTORDER, poll, lock, ncases, R_SELECT_ORDER)


@jit
def selectgo(S, m, gp, caseabs, ncases, block, dstabs):
    """select.go selectgo. The cases are [kind, ch, val] triples in the G's stack from
    caseabs; results go to dstabs (case index in source order, -1 default), dstabs+1 (value
    received), dstabs+2 (ok). Returns SEL_* (SEL_PARKED: the caller parks the G)."""
    X = S.scratch
    # The compiler's scase order: sends first, receives from the end backwards.
    nsends = 0
    for i in range(ncases):
        if S.stack[caseabs + 3 * i] == 1:
            nsends += 1
    if not sudog_room(S, ncases):
        S.sched[S_GROW] = GROW_SUDOG
        return SEL_GROW
    ns = 0
    nr = 0
    for i in range(ncases):
        issend = S.stack[caseabs + 3 * i] == 1
        if issend:
            k = ns
            ns += 1
        else:
            nr += 1
            k = ncases - nr
        X[_SRC + k] = i
        X[_CHAN + k] = S.stack[caseabs + 3 * i + 1]
        X[_SEND + k] = 1 if issend else 0
        X[_VAL + k] = S.stack[caseabs + 3 * i + 2]
    charge(S, m, C_CHANOP)
    # generate permuted order (nil channels are left out of the poll and lock orders). One
    # case with a default is compiled by Go to selectnbsend/selectnbrecv, which draw no
    # random number: neither does the model, so the random stream stays Go's.
    selectnb = ncases == 1 and block == 0
    norder = pollorder(S, m, ncases, selectnb)
    # sort the cases by channel to get the locking order (Go's heap sort)
    lockorder(S, norder)

    pp = S.allm[m, M_P]
    if not selectnb:  # (selectnbsend/selectnbrecv build no orders: nothing to show)
        traceSelectOrders(S, m, pp, gp, ncases, norder)
    # pass 1 - look for something already waiting
    for n in range(norder):
        casi = X[_POLL + n]
        c = X[_CHAN + casi]
        src = X[_SRC + casi]
        if X[_SEND + casi] == 0:
            sg = dequeue(S, m, c, HC_SENDQ_FIRST)
            if sg >= 0:  # recv from a waiting sender
                S.stack[dstabs] = src
                recv(S, m, gp, c, sg, dstabs + 1)
                S.stack[dstabs + 2] = 1
                traceev(S, m, pp, gp, EV_SELECT, src, c, ncases, R_SELECT_POLL)
                return SEL_DONE
            if S.chans[c, HC_QCOUNT] > 0:  # bufrecv
                size = S.chans[c, HC_DATAQSIZ]
                qp = S.chans[c, HC_BUF] + S.chans[c, HC_RECVX]
                S.stack[dstabs + 1] = S.chanbuf[qp]
                gcWriteBarrier(S, S.chanbuf[qp], 0)  # typedmemclr of the slot
                S.chanbuf[qp] = 0
                S.chans[c, HC_RECVX] += 1
                if S.chans[c, HC_RECVX] == size:
                    S.chans[c, HC_RECVX] = 0
                S.chans[c, HC_QCOUNT] -= 1
                S.stack[dstabs] = src
                S.stack[dstabs + 2] = 1
                traceev(S, m, pp, gp, EV_CHANRECV, c, S.stack[dstabs + 1], -1, R_CHAN_BUF)
                traceev(S, m, pp, gp, EV_SELECT, src, c, ncases, R_SELECT_POLL)
                return SEL_DONE
            if S.chans[c, HC_CLOSED] != 0:  # rclose
                S.stack[dstabs] = src
                S.stack[dstabs + 1] = 0
                S.stack[dstabs + 2] = 0
                traceev(S, m, pp, gp, EV_CHANRECV, c, 0, -1, R_CHAN_CLOSED)
                traceev(S, m, pp, gp, EV_SELECT, src, c, ncases, R_SELECT_POLL)
                return SEL_DONE
        else:
            if S.chans[c, HC_CLOSED] != 0:  # sclose
                S.stack[dstabs] = src
                return SEL_PANIC_SENDCLOSED
            sg = dequeue(S, m, c, HC_RECVQ_FIRST)
            if sg >= 0:  # send to a waiting receiver
                S.stack[dstabs] = src
                send(S, m, gp, c, sg, X[_VAL + casi])
                traceev(S, m, pp, gp, EV_SELECT, src, c, ncases, R_SELECT_POLL)
                return SEL_DONE
            size = S.chans[c, HC_DATAQSIZ]
            if S.chans[c, HC_QCOUNT] < size:  # bufsend
                gcWriteBarrier(S, 0, X[_VAL + casi])  # typedmemmove into the buffer
                S.chanbuf[S.chans[c, HC_BUF] + S.chans[c, HC_SENDX]] = X[_VAL + casi]
                S.chans[c, HC_SENDX] += 1
                if S.chans[c, HC_SENDX] == size:
                    S.chans[c, HC_SENDX] = 0
                S.chans[c, HC_QCOUNT] += 1
                S.stack[dstabs] = src
                traceev(S, m, pp, gp, EV_CHANSEND, c, X[_VAL + casi], -1, R_CHAN_BUF)
                traceev(S, m, pp, gp, EV_SELECT, src, c, ncases, R_SELECT_POLL)
                return SEL_DONE

    if block == 0:
        S.stack[dstabs] = -1
        traceev(S, m, pp, gp, EV_SELECT, -1, -1, ncases, R_SELECT_DEFAULT)
        return SEL_DONE

    # pass 2 - enqueue on all chans, in lock order
    lo = S.allg[gp, G_STACKLO]
    prev = -1
    S.allg[gp, G_WAITING] = -1
    for n in range(norder):
        casi = X[_LOCK + n]
        c = X[_CHAN + casi]
        sg = acquireSudog(S)
        S.sudogs[sg, SG_G] = gp
        S.sudogs[sg, SG_ISSELECT] = 1
        S.sudogs[sg, SG_C] = c
        S.sudogs[sg, SG_CASEI] = X[_SRC + casi]
        S.sudogs[sg, SG_ISSEND] = X[_SEND + casi]
        if X[_SEND + casi] != 0:
            S.sudogs[sg, SG_VAL] = X[_VAL + casi]
            enqueue(S, c, HC_SENDQ_FIRST, sg)
        else:
            S.sudogs[sg, SG_ELEM] = dstabs + 1 - lo
            enqueue(S, c, HC_RECVQ_FIRST, sg)
        if prev < 0:
            S.allg[gp, G_WAITING] = sg
        else:
            S.sudogs[prev, SG_WAITLINK] = sg
        prev = sg
        traceev(S, m, pp, gp, EV_CHANPARK, c, X[_VAL + casi] if X[_SEND + casi] != 0 else 0,
                sg * 2 + X[_SEND + casi], R_SELECT_BLOCK)
    S.allg[gp, G_PARAM] = -1
    S.allg[gp, G_SELECTDONE] = 0
    S.allg[gp, G_SELDST] = dstabs - lo
    S.allg[gp, G_WAKEKIND] = WAKE_SELECT
    return SEL_PARKED


@jit
def selectResume(S, m, gp):
    """selectgo pass 3, when the G runs again: the case whose sudog woke it (gp.param) wins;
    its sudogs on every other channel are dequeued and released. Writes the results; returns
    False if the winner is a send case woken by close (panic: send on closed channel)."""
    S.allg[gp, G_WAKEKIND] = WAKE_NONE
    S.allg[gp, G_SELECTDONE] = 0
    win = S.allg[gp, G_PARAM]
    S.allg[gp, G_PARAM] = -1
    dst = gslot(S, gp, S.allg[gp, G_SELDST])
    ok = True
    sgl = S.allg[gp, G_WAITING]
    while sgl >= 0:
        nxt = S.sudogs[sgl, SG_WAITLINK]
        c = S.sudogs[sgl, SG_C]
        if sgl == win:
            S.stack[dst] = S.sudogs[sgl, SG_CASEI]
            success = S.sudogs[sgl, SG_SUCCESS] != 0
            if S.sudogs[sgl, SG_ISSEND] != 0:
                ok = success
            else:
                S.stack[dst + 2] = 1 if success else 0
            traceev(S, m, S.allm[m, M_P], gp, EV_SELECT, S.sudogs[sgl, SG_CASEI], c, 0, R_SELECT_WAKE)
        else:
            dequeueSudoG(S, c, HC_SENDQ_FIRST if S.sudogs[sgl, SG_ISSEND] != 0 else HC_RECVQ_FIRST, sgl)
        S.sudogs[sgl, SG_WAITLINK] = -1
        releaseSudog(S, sgl)
        sgl = nxt
    S.allg[gp, G_WAITING] = -1
    return ok
