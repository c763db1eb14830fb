"""The scheduler: Gs, Ms and Ps, run queues, stealing, spinning, sysmon and syscalls.

Models ``runtime/proc.go`` (Go 1.19, with today's rules where they differ and the state says
so). The concepts, as proc.go's header puts them: a **G** is a goroutine, an **M** an OS thread
that runs Go code, a **P** the resource an M needs to run Go code (there are GOMAXPROCS of
them). An M with a P runs ``schedule()``: find a runnable G, ``execute`` it until it blocks,
yields, is preempted or exits, then ``schedule()`` again.

Where a runnable G can be, in the order ``findRunnable`` looks:
  1. its P's ``runnext``: one G that runs next and *inherits the time slice* (``schedtick`` is
     not advanced), so a producer and the consumer it woke ping-pong cheaply;
  2. its P's ring of 256 Gs (``runq``), FIFO;
  3. the global queue (``sched.runq``), which every 61st schedule checks first, so that it is
     never starved by a P that always has local work;
  4. another P's ring, stolen half at a time by a *spinning* M.

Invariants: a G is in at most one of these places (or running, parked, or free);
``0 <= runqtail - runqhead <= 256``; an M holds at most one P and a P at most one M.

Every function here is named after the Go function it models and records what it did in the
trace with a reason (``course.traceev``). Simplifications, said once: no locks (the model runs
one M at a time, in time order, so operations are atomic); no netpoller except as the place an
idle M waits for the next timer; ``runqgrab``'s ``usleep(3)`` is charged to the thief's clock
without letting the victim act during it; stopping the world (``GOMAXPROCS(n)``) is
instantaneous.
"""
from __future__ import annotations

import numpy as np

from ._jit import jit
from .costs import (C_GLOBRUNQ, C_GOEXIT, C_GOSCHED, C_NEWM, C_NEWPROC, C_PARK, C_READY, C_SCHEDULE,
                    C_STEAL, C_STEALNEXTWAIT, C_STEALPROBE, C_SYSCALL, C_WAKEM)
from .isa import F_FRAMESIZE, FRAME_CALLERFP, FRAME_CTX, FRAME_NDEFER, FRAME_RETDST, FRAME_RETPC, RET_GOEXIT
from .runtime2 import *  # noqa: F403  (the state layout: G_*, M_*, P_*, S_* ...)
from .traceev import *  # noqa: F403

# ------------------------------------------------------------------------------------------
# fastrand: Go 1.19's wyrand on 64-bit platforms (stubs.go), one state per M.
# ------------------------------------------------------------------------------------------
_MASK32 = np.uint64(0xFFFFFFFF)
_WY_ADD = np.uint64(0xA0761D6478BD642F)
_WY_XOR = np.uint64(0xE7037ED1A0B428DB)
_U32 = np.uint64(32)


@jit
def mul64(x, y):
    """math/bits.Mul64: the 128-bit product of two uint64 as (hi, lo)."""
    x0 = x & _MASK32
    x1 = x >> _U32
    y0 = y & _MASK32
    y1 = y >> _U32
    w0 = x0 * y0
    t = x1 * y0 + (w0 >> _U32)
    w1 = t & _MASK32
    w2 = t >> _U32
    w1 = w1 + x0 * y1
    hi = x1 * y1 + w2 + (w1 >> _U32)
    lo = x * y
    return hi, lo


@jit
def fastrand(S, m):
    """stubs.go fastrand: wyrand on the M's state; returns a uint32 as int64."""
    s = S.rng[m] + _WY_ADD
    S.rng[m] = s
    hi, lo = mul64(s, s ^ _WY_XOR)
    return np.int64((hi ^ lo) & _MASK32)


@jit
def fastrandn(S, m, n):
    """stubs.go fastrandn: a number in [0, n) by multiply-shift (no modulo bias)."""
    return (fastrand(S, m) * n) >> 32


# ------------------------------------------------------------------------------------------
# Helpers: the clock, the trace.
# ------------------------------------------------------------------------------------------
@jit(inline=True)
def goid(S, gp):
    if gp < 0:
        return -1
    return S.allg[gp, G_GOID]


@jit(inline=True)
def traceev(S, m, pp, gp, kind, a, b, c, reason):
    """Record one event at the M's clock (m = -1: sysmon, at S_NOW)."""
    t = S.sched[S_NOW]
    if m >= 0:
        t = S.allm[m, M_CLOCK]
        if t > S.sched[S_NOW]:
            S.sched[S_NOW] = t
    if S.sched[S_TRACEON] == 0:
        return
    i = S.sched[S_NTRACE]
    if i >= S.trace.shape[0]:  # never happens (the engine keeps room); never write past the end
        S.sched[S_TRACELOST] += 1
        return
    # packed (course.traceev TP_*; course.trace.unpack_rows decodes it)
    S.trace[i, TP_TIME] = t
    S.trace[i, TP_G] = goid(S, gp)
    S.trace[i, TP_A] = a
    S.trace[i, TP_B] = b
    S.trace[i, TP_C] = c
    S.trace[i, TP_HDR] = kind | (reason << 8) | ((pp + 1) << 16) | ((m + 1) << 32)
    S.sched[S_NTRACE] = i + 1


@jit(inline=True)
def charge(S, m, cost):
    S.allm[m, M_CLOCK] += S.costs[cost]


# ------------------------------------------------------------------------------------------
# Local run queues: runqput, runqputslow, runqget, runqgrab, runqsteal.
# ------------------------------------------------------------------------------------------
@jit(inline=True)
def runqempty(S, pp):
    return S.allp[pp, P_RUNQHEAD] == S.allp[pp, P_RUNQTAIL] and S.allp[pp, P_RUNNEXT] < 0


@jit
def runqsize(S, pp):
    return S.allp[pp, P_RUNQTAIL] - S.allp[pp, P_RUNQHEAD]


@jit(inline=True)
def runqput(S, m, pp, gp, next, reason):
    """proc.go runqput: with next, gp goes into runnext and the old runnext is kicked to the
    tail of the ring; otherwise gp goes to the tail. A full ring spills via runqputslow."""
    kicked = -1
    if next and S.sched[S_RUNNEXT_OFF] != 0:
        next = False
        reason = R_RUNNEXTOFF
    if next:
        old = S.allp[pp, P_RUNNEXT]
        S.allp[pp, P_RUNNEXT] = gp
        traceev(S, m, pp, gp, EV_RUNQPUT, 1, goid(S, old), 0, reason)
        if old < 0:
            return
        gp = old
        kicked = old
    h = S.allp[pp, P_RUNQHEAD]
    t = S.allp[pp, P_RUNQTAIL]
    if t - h < RUNQ_SIZE:
        S.runq[pp, t % RUNQ_SIZE] = gp
        S.allp[pp, P_RUNQTAIL] = t + 1
        if kicked < 0:
            traceev(S, m, pp, gp, EV_RUNQPUT, 0, -1, 0, reason)
        return
    runqputslow(S, m, pp, gp, h, t)


@jit
def runqputslow(S, m, pp, gp, h, t):
    """proc.go runqputslow: move half the ring (128 Gs from the head) plus gp to the tail of
    the global queue, as one batch, in order."""
    n = (t - h) // 2
    traceev(S, m, pp, gp, EV_RUNQPUTSLOW, n, 0, 0, R_RUNQPUTSLOW)
    for i in range(n):
        globrunqput(S, S.runq[pp, (h + i) % RUNQ_SIZE])
    S.allp[pp, P_RUNQHEAD] = h + n
    globrunqput(S, gp)
    S.sched[S_STAT_RUNQPUTSLOW] += 1


@jit(inline=True)
def runqget(S, pp):
    """proc.go runqget: runnext first (inheritTime=true), else the ring's head.
    Returns (gp, inheritTime); gp is -1 when the queue is empty."""
    nx = S.allp[pp, P_RUNNEXT]
    if nx >= 0:
        S.allp[pp, P_RUNNEXT] = -1
        return nx, True
    h = S.allp[pp, P_RUNQHEAD]
    if h == S.allp[pp, P_RUNQTAIL]:
        return -1, False
    gp = S.runq[pp, h % RUNQ_SIZE]
    S.allp[pp, P_RUNQHEAD] = h + 1
    return gp, False


@jit
def runqgrab(S, m, pp, dst, dsttail, stealRunNextG):
    """proc.go runqgrab: take n - n/2 Gs from pp's head into dst's ring starting at dsttail.
    With an empty ring and stealRunNextG, take pp's runnext instead. Returns (n, stoleNext)."""
    h = S.allp[pp, P_RUNQHEAD]
    t = S.allp[pp, P_RUNQTAIL]
    n = t - h
    n = n - n // 2
    if n == 0:
        if stealRunNextG:
            nx = S.allp[pp, P_RUNNEXT]
            if nx >= 0:
                if S.allp[pp, P_STATUS] == Prunning:
                    # "Sleep to ensure that pp isn't about to run the g we are about to steal."
                    charge(S, m, C_STEALNEXTWAIT)
                S.allp[pp, P_RUNNEXT] = -1
                S.runq[dst, dsttail % RUNQ_SIZE] = nx
                return 1, True
        return 0, False
    for i in range(n):
        S.runq[dst, (dsttail + i) % RUNQ_SIZE] = S.runq[pp, (h + i) % RUNQ_SIZE]
    S.allp[pp, P_RUNQHEAD] = h + n
    return n, False


@jit
def runqsteal(S, m, pp, p2, stealRunNextG):
    """proc.go runqsteal: grab half of p2's ring onto pp's; return the last one grabbed to run
    now, leaving the others on pp's ring."""
    t = S.allp[pp, P_RUNQTAIL]
    n, stoleNext = runqgrab(S, m, p2, pp, t, stealRunNextG)
    if n == 0:
        return -1
    charge(S, m, C_STEAL)
    gp = S.runq[pp, (t + n - 1) % RUNQ_SIZE]
    S.allp[pp, P_RUNQTAIL] = t + n - 1
    S.sched[S_STAT_STEAL] += 1
    S.sched[S_STAT_STOLEN] += n
    traceev(S, m, pp, gp, EV_STEAL, p2, n, 1 if stoleNext else 0, R_STEALRUNNEXT if stoleNext else R_STEAL)
    return gp


# ------------------------------------------------------------------------------------------
# The global run queue: a linked list through g.schedlink.
# ------------------------------------------------------------------------------------------
@jit(inline=True)
def globrunqput(S, gp):
    """proc.go globrunqput: gp to the tail of the global queue."""
    S.allg[gp, G_SCHEDLINK] = -1
    if S.sched[S_RUNQTAIL] >= 0:
        S.allg[S.sched[S_RUNQTAIL], G_SCHEDLINK] = gp
    else:
        S.sched[S_RUNQHEAD] = gp
    S.sched[S_RUNQTAIL] = gp
    S.sched[S_RUNQSIZE] += 1


@jit
def globrunqputhead(S, gp):
    """proc.go globrunqputhead: gp to the head of the global queue."""
    S.allg[gp, G_SCHEDLINK] = S.sched[S_RUNQHEAD]
    S.sched[S_RUNQHEAD] = gp
    if S.sched[S_RUNQTAIL] < 0:
        S.sched[S_RUNQTAIL] = gp
    S.sched[S_RUNQSIZE] += 1


@jit(inline=True)
def globrunqpop(S):
    gp = S.sched[S_RUNQHEAD]
    S.sched[S_RUNQHEAD] = S.allg[gp, G_SCHEDLINK]
    if S.sched[S_RUNQHEAD] < 0:
        S.sched[S_RUNQTAIL] = -1
    S.allg[gp, G_SCHEDLINK] = -1
    S.sched[S_RUNQSIZE] -= 1
    return gp


@jit(inline=True)
def globrunqget(S, m, pp, max, reason):
    """proc.go globrunqget: take n = min(size, size/gomaxprocs+1, max, 128) Gs from the global
    queue: the first to run now, the others to pp's ring in order."""
    size = S.sched[S_RUNQSIZE]
    if size == 0:
        return -1
    n = size // S.sched[S_GOMAXPROCS] + 1
    if n > size:
        n = size
    if max > 0 and n > max:
        n = max
    if n > RUNQ_SIZE // 2:
        n = RUNQ_SIZE // 2
    charge(S, m, C_GLOBRUNQ)
    gp = globrunqpop(S)
    traceev(S, m, pp, gp, EV_GLOBRUNQGET, n, 0, 0, reason)
    for _ in range(n - 1):
        g1 = globrunqpop(S)
        t = S.allp[pp, P_RUNQTAIL]
        S.runq[pp, t % RUNQ_SIZE] = g1  # runqput(pp, g1, false): the ring has room for 128
        S.allp[pp, P_RUNQTAIL] = t + 1
    S.sched[S_STAT_GLOBRUNQGET] += 1
    return gp


# ------------------------------------------------------------------------------------------
# Idle Ps and Ms.
# ------------------------------------------------------------------------------------------
@jit
def pidleput(S, m, pp):
    """proc.go pidleput: pp to the idle-P list (LIFO) and the idle mask."""
    S.allp[pp, P_STATUS] = Pidle
    S.allp[pp, P_M] = -1
    S.allp[pp, P_LINK] = S.sched[S_PIDLE]
    S.allp[pp, P_IDLEMASK] = 1
    S.sched[S_PIDLE] = pp
    S.sched[S_NPIDLE] += 1
    traceev(S, m, pp, -1, EV_RELEASEP, 0, 0, 0, R_IDLE)


@jit
def pidleget(S):
    """proc.go pidleget: the most recently idled P, or -1."""
    pp = S.sched[S_PIDLE]
    if pp >= 0:
        S.sched[S_PIDLE] = S.allp[pp, P_LINK]
        S.allp[pp, P_LINK] = -1
        S.allp[pp, P_IDLEMASK] = 0
        S.sched[S_NPIDLE] -= 1
    return pp


@jit
def acquirep(S, m, pp):
    """proc.go acquirep/wirep: m and pp belong to each other; pp is running."""
    S.allm[m, M_P] = pp
    S.allp[pp, P_M] = m
    S.allp[pp, P_STATUS] = Prunning
    S.allp[pp, P_IDLEMASK] = 0
    traceev(S, m, pp, -1, EV_ACQUIREP, 0, 0, 0, R_NONE)


@jit
def releasep(S, m):
    pp = S.allm[m, M_P]
    S.allm[m, M_P] = -1
    S.allp[pp, P_M] = -1
    return pp


@jit
def mput(S, m):
    """proc.go mput: m to the idle-M list."""
    S.allm[m, M_SCHEDLINK] = S.sched[S_MIDLE]
    S.sched[S_MIDLE] = m
    S.sched[S_NMIDLE] += 1
    S.allm[m, M_STATE] = MS_IDLE
    S.allm[m, M_BLOCKED] = 1


@jit
def mget(S):
    m = S.sched[S_MIDLE]
    if m >= 0:
        S.sched[S_MIDLE] = S.allm[m, M_SCHEDLINK]
        S.sched[S_NMIDLE] -= 1
        S.allm[m, M_BLOCKED] = 0
    return m


@jit
def newm(S, now):
    """proc.go newm/allocm: a new thread. Returns -1 when allm is full (the caller grows it)."""
    m = S.sched[S_NM]
    if m >= S.allm.shape[0]:
        return -1
    S.sched[S_NM] = m + 1
    S.sched[S_MCOUNT] += 1
    S.allm[m, M_ID] = m
    S.allm[m, M_P] = -1
    S.allm[m, M_NEXTP] = -1
    S.allm[m, M_OLDP] = -1
    S.allm[m, M_CURG] = -1
    S.allm[m, M_SCHEDLINK] = -1
    S.allm[m, M_CLOCK] = now
    # mcommoninit seeds fastrand from the M's id and a per-process seed (S.rng was seeded).
    return m


@jit
def startm(S, m, pp, spinning, now):
    """proc.go startm: give pp (or an idle P when pp is -1) to an idle M, or a new one, and
    wake it; it starts at now + the cost of a wake-up (or of creating a thread)."""
    if pp < 0:
        pp = pidleget(S)
        if pp < 0:
            if spinning:
                S.sched[S_NMSPINNING] -= 1
            return False
    nmp = mget(S)
    cost = S.costs[C_WAKEM]
    newthread = 0
    if nmp < 0:
        nmp = newm(S, now)
        cost = S.costs[C_NEWM]
        newthread = 1
        if nmp < 0:
            # allm is full: put the P back; the engine grows allm and wakep runs again
            pidleput(S, m, pp)
            if spinning:
                S.sched[S_NMSPINNING] -= 1
            S.sched[S_GROW] = GROW_M
            return False
    S.allm[nmp, M_SPINNING] = 1 if spinning else 0
    S.allm[nmp, M_NEXTP] = pp
    S.allm[nmp, M_STATE] = MS_START
    S.allm[nmp, M_CLOCK] = now + cost
    S.allp[pp, P_STATUS] = Prunning  # owned by nmp from now on (it acquires it when it runs)
    S.allp[pp, P_M] = nmp
    traceev(S, m, pp, -1, EV_STARTM, 1 if spinning else 0, newthread, nmp, R_WAKEP if spinning else R_HANDOFF)
    return True


@jit(inline=True)
def wakep(S, m, now):
    """proc.go wakep: if there is an idle P and no spinning M, start a spinning M.
    (The two checks are compiled into the caller; starting the M is a call.)"""
    if S.sched[S_NPIDLE] == 0:
        return
    if S.sched[S_NMSPINNING] != 0:
        return
    wakep_start(S, m, now)


@jit
def wakep_start(S, m, now):
    S.sched[S_NMSPINNING] = 1
    S.sched[S_STAT_WAKEP] += 1
    startm(S, m, -1, True, now)


@jit
def handoffp(S, m, pp, now):
    """proc.go handoffp: hand off pp from an M in a syscall (or without work): start an M for
    it if there is work or nobody is spinning, else put it on the idle list."""
    if not runqempty(S, pp) or S.sched[S_RUNQSIZE] != 0:
        traceev(S, m, pp, -1, EV_HANDOFFP, HANDOFF_WORK, 0, 0, R_HANDOFF)
        startm(S, m, pp, False, now)
        return
    if S.sched[S_NMSPINNING] + S.sched[S_NPIDLE] == 0:
        S.sched[S_NMSPINNING] = 1
        traceev(S, m, pp, -1, EV_HANDOFFP, HANDOFF_SPIN, 0, 0, R_HANDOFF)
        startm(S, m, pp, True, now)
        return
    if S.sched[S_NPIDLE] == S.sched[S_GOMAXPROCS] - 1 and S.sched[S_NETPOLLM] < 0 and S.allp[pp, P_NTIMERS] > 0:
        # "If this is the last running P and nobody is polling network, need to wakeup
        # another M to poll network" (here: to wait for the timers).
        traceev(S, m, pp, -1, EV_HANDOFFP, HANDOFF_LAST, 0, 0, R_HANDOFF)
        startm(S, m, pp, False, now)
        return
    traceev(S, m, pp, -1, EV_HANDOFFP, HANDOFF_IDLE, 0, 0, R_HANDOFF)
    when = nobarrierWakeTime(S, pp)
    pidleput(S, m, pp)
    if when != 0:
        wakeNetPoller(S, m, when, now)


@jit
def wakeNetPoller(S, m, when, now):
    """proc.go wakeNetPoller: make sure some M will wake up for a timer at `when`: break the M
    blocked in netpoll if it would sleep past it, or wakep when nobody is polling."""
    nm = S.sched[S_NETPOLLM]
    if nm >= 0:
        if S.allm[nm, M_CLOCK] > when:
            # netpollBreak: the poller wakes now and recomputes its deadline
            S.allm[nm, M_CLOCK] = now + S.costs[C_WAKEM]
    else:
        wakep(S, m, now)


# ------------------------------------------------------------------------------------------
# Goroutine creation and exit: newproc, gfget, gfput, goexit0.
# ------------------------------------------------------------------------------------------
@jit
def stackalloc(S, size):
    """stack.go stackalloc: a stack segment of `size` slots (a power of two) from the free list
    of that size, or fresh from the pool. Returns -1 when the pool is full."""
    k = 0
    while (1 << k) < size:
        k += 1
    head = S.sched[S_STACKFREE0 + k]
    if head >= 0:
        S.sched[S_STACKFREE0 + k] = S.stack[head]
        return head
    base = S.sched[S_STACKTOP]
    if base + size > S.stack.shape[0]:
        return -1
    S.sched[S_STACKTOP] = base + size
    return base


@jit
def stackfree(S, base, size):
    k = 0
    while (1 << k) < size:
        k += 1
    S.stack[base] = S.sched[S_STACKFREE0 + k]
    S.sched[S_STACKFREE0 + k] = base


STACK_START = 32  # slots in a new goroutine's stack (Go: _StackMin = 2048 bytes)


@jit
def gfget(S, pp):
    """proc.go gfget: a dead G (with its stack) from pp's free list, refilled from the global
    list 32 at a time; -1 if none."""
    if S.allp[pp, P_GFREE] < 0 and S.sched[S_GFREE] >= 0:
        while S.allp[pp, P_GFREECNT] < GFREE_KEEP and S.sched[S_GFREE] >= 0:
            gp = S.sched[S_GFREE]
            S.sched[S_GFREE] = S.allg[gp, G_SCHEDLINK]
            S.sched[S_NGFREE] -= 1
            S.allg[gp, G_SCHEDLINK] = S.allp[pp, P_GFREE]
            S.allp[pp, P_GFREE] = gp
            S.allp[pp, P_GFREECNT] += 1
    gp = S.allp[pp, P_GFREE]
    if gp < 0:
        return -1
    S.allp[pp, P_GFREE] = S.allg[gp, G_SCHEDLINK]
    S.allp[pp, P_GFREECNT] -= 1
    S.allg[gp, G_SCHEDLINK] = -1
    return gp


@jit
def gfput(S, pp, gp):
    """proc.go gfput: keep a dead G for reuse on pp's free list; at 64, move Gs to the global
    list until fewer than 32 remain. A grown stack is freed (only the starting size is kept)."""
    if S.allg[gp, G_STACKSIZE] != STACK_START:
        stackfree(S, S.allg[gp, G_STACKLO], S.allg[gp, G_STACKSIZE])
        S.allg[gp, G_STACKLO] = -1
        S.allg[gp, G_STACKSIZE] = 0
    S.allg[gp, G_SCHEDLINK] = S.allp[pp, P_GFREE]
    S.allp[pp, P_GFREE] = gp
    S.allp[pp, P_GFREECNT] += 1
    if S.allp[pp, P_GFREECNT] >= GFREE_MAX:
        while S.allp[pp, P_GFREECNT] >= GFREE_KEEP:
            g1 = S.allp[pp, P_GFREE]
            S.allp[pp, P_GFREE] = S.allg[g1, G_SCHEDLINK]
            S.allp[pp, P_GFREECNT] -= 1
            S.allg[g1, G_SCHEDLINK] = S.sched[S_GFREE]
            S.sched[S_GFREE] = g1
            S.sched[S_NGFREE] += 1


@jit
def newproc1(S, m, pp, fn, parentgp, gopc, system):
    """proc.go newproc1: a G (reused from the free list, or new) ready to run fn: its status is
    _Grunnable and its entry frame is set up (the caller copies the arguments in). Returns -1
    when an array is full; S_GROW then says which."""
    gp = gfget(S, pp)
    if gp < 0:
        gp = S.sched[S_ALLGLEN]
        if gp >= S.allg.shape[0]:
            S.sched[S_GROW] = GROW_G
            return -1
        S.sched[S_ALLGLEN] = gp + 1
        S.allg[gp, G_STACKLO] = -1
        S.allg[gp, G_STACKSIZE] = 0
        S.allg[gp, G_TIMER] = -1
    size = S.allg[gp, G_STACKSIZE]
    need = S.funcs[fn, F_FRAMESIZE]
    if size == 0 or size < need:
        if size != 0:
            stackfree(S, S.allg[gp, G_STACKLO], size)
        size = STACK_START
        while size < need:
            size *= 2
        base = stackalloc(S, size)
        if base < 0:
            S.allg[gp, G_STACKLO] = -1
            S.allg[gp, G_STACKSIZE] = 0
            gfput(S, pp, gp)  # give it back; the engine grows the stack pool
            S.sched[S_GROW] = GROW_STACK
            return -1
        S.allg[gp, G_STACKLO] = base
        S.allg[gp, G_STACKSIZE] = size
    # goid from the P's cache of _GoidCacheBatch ids
    if S.allp[pp, P_GOIDCACHE] == S.allp[pp, P_GOIDCACHEEND]:
        S.sched[S_GOIDGEN] += GoidCacheBatch
        S.allp[pp, P_GOIDCACHE] = S.sched[S_GOIDGEN] - (GoidCacheBatch - 1)
        S.allp[pp, P_GOIDCACHEEND] = S.allp[pp, P_GOIDCACHE] + GoidCacheBatch
    S.allg[gp, G_GOID] = S.allp[pp, P_GOIDCACHE]
    S.allp[pp, P_GOIDCACHE] += 1
    base = S.allg[gp, G_STACKLO]
    S.stack[base + FRAME_RETPC] = RET_GOEXIT
    S.stack[base + FRAME_CALLERFP] = -1
    S.stack[base + FRAME_RETDST] = -1
    S.stack[base + FRAME_CTX] = -1
    S.stack[base + FRAME_NDEFER] = 0
    S.allg[gp, G_FP] = 0
    S.allg[gp, G_PC] = -1  # set by the caller to fn's entry
    S.allg[gp, G_STATUS] = Grunnable
    S.allg[gp, G_M] = -1
    S.allg[gp, G_SCHEDLINK] = -1
    S.allg[gp, G_WAITREASON] = 0
    S.allg[gp, G_PREEMPT] = 0
    S.allg[gp, G_SYSTEM] = system
    S.allg[gp, G_STARTFN] = fn
    S.allg[gp, G_GOPC] = gopc
    S.allg[gp, G_PARENTGOID] = goid(S, parentgp)
    S.allg[gp, G_DEFER] = -1
    S.allg[gp, G_PANICKING] = 0
    S.allg[gp, G_PARAM] = 0
    S.allg[gp, G_RUNNABLESINCE] = S.allm[m, M_CLOCK] if m >= 0 else 0
    if system:
        S.sched[S_NGSYS] += 1
    S.sched[S_STAT_GOCREATE] += 1
    traceev(S, m, pp, gp, EV_GOCREATE, goid(S, parentgp), fn, system, R_NEWPROC)
    live = S.sched[S_ALLGLEN] - S.sched[S_NGFREE] - S.sched[S_NGSYS]
    if live > S.sched[S_STAT_MAXG]:
        S.sched[S_STAT_MAXG] = live
    return gp


@jit
def newproc_finish(S, m, newg):
    """proc.go newproc (after newproc1): runqput(pp, newg, next=true), then wakep if main has
    started."""
    pp = S.allm[m, M_P]
    charge(S, m, C_NEWPROC)
    runqput(S, m, pp, newg, True, R_NEWPROC)
    if S.sched[S_MAINSTARTED] != 0:
        wakep(S, m, S.allm[m, M_CLOCK])


@jit
def gcount(S):
    """proc.go gcount (runtime.NumGoroutine): allglen minus free Gs minus system goroutines."""
    n = S.sched[S_ALLGLEN] - S.sched[S_NGFREE] - S.sched[S_NGSYS]
    for pp in range(S.sched[S_GOMAXPROCS]):
        n -= S.allp[pp, P_GFREECNT]
    if n < 1:
        n = 1
    return n


@jit(inline=True)
def dropg(S, m):
    gp = S.allm[m, M_CURG]
    if gp >= 0:
        S.allg[gp, G_M] = -1
    S.allm[m, M_CURG] = -1


@jit
def goexit0(S, m, gp):
    """proc.go goexit0: _Grunning → _Gdead, dropg, gfput."""
    charge(S, m, C_GOEXIT)
    pp = S.allm[m, M_P]
    S.allg[gp, G_STATUS] = Gdead
    traceev(S, m, pp, gp, EV_GOEXIT, 0, 0, 0, R_GOEXIT)
    if S.allg[gp, G_SYSTEM] != 0:
        S.sched[S_NGSYS] -= 1
    dropg(S, m)
    gfput(S, pp, gp)
    S.sched[S_STAT_GOEXIT] += 1


# ------------------------------------------------------------------------------------------
# Running, yielding, parking and readying Gs.
# ------------------------------------------------------------------------------------------
@jit(inline=True)
def execute(S, m, gp, inheritTime, reason, fromrunq):
    """proc.go execute: gp runs on m; schedtick++ unless it inherits the time slice.
    fromrunq: gp was just taken from this P's runnext (inheritTime) or ring head (runqget),
    which this one event records too (c=1)."""
    pp = S.allm[m, M_P]
    S.allm[m, M_CURG] = gp
    S.allg[gp, G_M] = m
    S.allg[gp, G_STATUS] = Grunning
    S.allg[gp, G_PREEMPT] = 0
    if not inheritTime:
        S.allp[pp, P_SCHEDTICK] += 1
    S.sched[S_STAT_CSW] += 1
    traceev(S, m, pp, gp, EV_EXECUTE, 1 if inheritTime else 0, S.allp[pp, P_SCHEDTICK], 1 if fromrunq else 0, reason)


@jit(inline=True)
def goschedImpl(S, m, gp, preempted):
    """proc.go goschedImpl: _Grunning → _Grunnable, dropg, tail of the global queue.
    (Gosched and preemption both come here.)"""
    pp = S.allm[m, M_P]
    charge(S, m, C_GOSCHED)
    S.allg[gp, G_STATUS] = Grunnable
    S.allg[gp, G_RUNNABLESINCE] = S.allm[m, M_CLOCK]
    if preempted:
        S.sched[S_STAT_PREEMPT] += 1
        traceev(S, m, pp, gp, EV_PREEMPT, 0, 0, 0, S.allg[gp, G_PREEMPT])  # (who asked: sysmon, a stop-the-world)
    else:
        S.sched[S_STAT_GOSCHED] += 1
        traceev(S, m, pp, gp, EV_GOSCHED, 0, 0, 0, R_GOSCHED)
    dropg(S, m)
    globrunqput(S, gp)  # (the GOSCHED/PREEMPT event says so: one event, not two)


@jit
def goyield_m(S, m, gp):
    """proc.go goyield → goyield_m: like Gosched, but the G goes to the tail of its *local*
    run queue (runqput next=false), not the global one. sema.go's semrelease1 calls it after a
    handoff, so the woken waiter (just put in runnext) runs at once, in our time slice."""
    pp = S.allm[m, M_P]
    charge(S, m, C_GOSCHED)
    S.allg[gp, G_STATUS] = Grunnable
    S.allg[gp, G_RUNNABLESINCE] = S.allm[m, M_CLOCK]
    traceev(S, m, pp, gp, EV_GOYIELD, 0, 0, 0, R_GOYIELD)
    dropg(S, m)
    runqput(S, m, pp, gp, False, R_GOYIELD)


@jit(inline=True)
def park_m(S, m, gp, reason):
    """proc.go park_m (gopark): _Grunning → _Gwaiting, dropg. The G is on no run queue now,
    only wherever it waits (a timer, a channel's wait queue ...)."""
    pp = S.allm[m, M_P]
    charge(S, m, C_PARK)
    S.allg[gp, G_STATUS] = Gwaiting
    S.allg[gp, G_WAITREASON] = reason
    S.allg[gp, G_WAITSINCE] = S.allm[m, M_CLOCK]
    S.sched[S_STAT_PARK] += 1
    traceev(S, m, pp, gp, EV_PARK, reason, 0, 0, R_NONE)
    dropg(S, m)


@jit(inline=True)
def ready(S, m, gp, reason):
    """proc.go ready (goready): _Gwaiting → _Grunnable, into the *waker's* runnext, wakep."""
    pp = S.allm[m, M_P]
    charge(S, m, C_READY)
    S.allg[gp, G_STATUS] = Grunnable
    S.allg[gp, G_WAITREASON] = 0
    S.allg[gp, G_RUNNABLESINCE] = S.allm[m, M_CLOCK]
    traceev(S, m, pp, gp, EV_READY, goid(S, S.allm[m, M_CURG]), 0, 0, reason)
    runqput(S, m, pp, gp, True, R_READY)
    wakep(S, m, S.allm[m, M_CLOCK])


# ------------------------------------------------------------------------------------------
# schedule and findRunnable.
# ------------------------------------------------------------------------------------------
@jit
def stealOrderStart(S, m, count):
    """proc.go randomOrder.start(fastrand()): (pos, inc) with inc coprime to count, so that
    pos, pos+inc, ... (mod count) visits every P once."""
    r = fastrand(S, m)
    ncop = 0
    for i in range(1, count + 1):
        if _gcd(i, count) == 1:
            ncop += 1
    k = (r // count) % ncop  # coprimes[i/count%len(coprimes)]: independent of pos
    inc = 1
    for i in range(1, count + 1):
        if _gcd(i, count) == 1:
            if k == 0:
                inc = i
                break
            k -= 1
    return r % count, inc


@jit
def _gcd(a, b):
    while b != 0:
        a, b = b, a % b
    return a


@jit
def stealWork(S, m):
    """proc.go stealWork: 4 passes over all Ps in a random coprime order, stealing half of a
    victim's ring; the last pass also runs the victims' timers and may take their runnext.
    Returns (gp, inheritTime, pollUntil, newWork, fromrunq): fromrunq when gp came from this P's
    own queue (a timer it ran readied it) rather than from a steal."""
    pp = S.allm[m, M_P]
    count = S.sched[S_GOMAXPROCS]
    ranTimer = False
    pollUntil = 0
    for i in range(stealTries):
        stealTimersOrRunNextG = i == stealTries - 1
        pos, inc = stealOrderStart(S, m, count)
        for _ in range(count):
            p2 = pos
            pos = (pos + inc) % count
            if p2 == pp:
                continue
            charge(S, m, C_STEALPROBE)
            if stealTimersOrRunNextG and S.allp[p2, P_NTIMERS] > 0:
                ran, w = checkTimers(S, m, p2, S.allm[m, M_CLOCK])
                if w != 0 and (pollUntil == 0 or w < pollUntil):
                    pollUntil = w
                if ran:
                    gp, inh = runqget(S, pp)
                    if gp >= 0:
                        return gp, inh, pollUntil, ranTimer, True
                    ranTimer = True
            if S.allp[p2, P_IDLEMASK] == 0:
                gp = runqsteal(S, m, pp, p2, stealTimersOrRunNextG)
                if gp >= 0:
                    return gp, False, pollUntil, ranTimer, False
    return -1, False, pollUntil, ranTimer, False


@jit
def checkRunqsNoP(S):
    """proc.go checkRunqsNoP: a non-idle P has work → an idle P to go and steal it, or -1."""
    for p2 in range(S.sched[S_GOMAXPROCS]):
        if S.allp[p2, P_IDLEMASK] == 0 and not runqempty(S, p2):
            return pidleget(S)
    return -1


@jit
def findRunnable(S, m):
    """proc.go findRunnable: find a G to run, in Go's order. Returns (gp, inheritTime,
    tryWakeP, fromrunq); fromrunq: gp was taken from this P's runnext or ring just now (the
    EXECUTE event records that; other sources record their own event). gp = -1 means the M found nothing and is now idle (stopm) or blocked in netpoll
    until the next timer, without its P; gp = gpGCWorker, that the P runs a background mark
    worker (course.mgc.gcBgMarkWorker: the model's workers are not Gs)."""
    while True:  # top:
        pp = S.allm[m, M_P]
        now = S.allm[m, M_CLOCK]
        ran, pollUntil = checkTimers(S, m, pp, now)

        # Try to schedule a GC worker.
        if S.sched[S_GCPHASE] != 0 and findRunnableGCWorker(S, m, pp, S.allm[m, M_CLOCK]):
            return gpGCWorker, False, False, False

        gp, inh, fromrunq = findRunnableQueues(S, m, pp)
        if gp >= 0:
            return gp, inh, False, fromrunq

        # Spinning Ms: steal from other Ps, if not too many are already spinning.
        procs = S.sched[S_GOMAXPROCS]
        if S.allm[m, M_SPINNING] != 0 or 2 * S.sched[S_NMSPINNING] < procs - S.sched[S_NPIDLE]:
            if S.allm[m, M_SPINNING] == 0:
                S.allm[m, M_SPINNING] = 1
                S.sched[S_NMSPINNING] += 1
                traceev(S, m, pp, -1, EV_SPINNING, 1, 0, 0, R_SPINNING)
            gp, inh, w, newWork, fromrunq = stealWork(S, m)
            if gp >= 0:
                return gp, inh, False, fromrunq
            if newWork:
                continue
            if w != 0 and (pollUntil == 0 or w < pollUntil):
                pollUntil = w

        # Nothing to do. If the GC is marking, mark in idle time rather than give up the P.
        if S.sched[S_GCPHASE] != 0 and findRunnableIdleGCWorker(S, m, pp, S.allm[m, M_CLOCK]):
            return gpGCWorker, False, False, False
        # If the last cycle's sweep is not done, sweep in idle time (Go's bgsweep goroutine).
        if findRunnableBgSweep(S, m, pp):
            return gpGCWorker, False, False, False

        # Give up the P.
        if S.sched[S_RUNQSIZE] != 0:
            gp = globrunqget(S, m, pp, 0, R_GLOBALBATCH)
            return gp, False, False, False
        releasep(S, m)
        pidleput(S, m, pp)
        wasSpinning = S.allm[m, M_SPINNING] != 0
        if wasSpinning:
            S.allm[m, M_SPINNING] = 0
            S.sched[S_NMSPINNING] -= 1
            traceev(S, m, -1, -1, EV_SPINNING, 0, 0, 0, R_FINDRUNNABLE_NOTHING)
            # Check all runqueues once again: work may have appeared since the steal.
            p2 = checkRunqsNoP(S)
            if p2 >= 0:
                acquirep(S, m, p2)
                S.allm[m, M_SPINNING] = 1
                S.sched[S_NMSPINNING] += 1
                continue
            pollUntil = checkTimersNoP(S, pollUntil)

        # Block in netpoll until the earliest timer, if nobody else is; else stopm.
        if pollUntil != 0 and S.sched[S_NETPOLLM] < 0:
            S.sched[S_NETPOLLM] = m
            S.allm[m, M_STATE] = MS_NETPOLL
            S.allm[m, M_BLOCKED] = 1
            S.allm[m, M_WASSPINNING] = 1 if wasSpinning else 0  # restored when it wakes
            # netpoll(delay) → epoll_wait(waitms): Linux waits in whole milliseconds, a delay
            # under 1ms waits 1ms, a longer one is truncated (so the M may wake early, find
            # the timer not yet due, and wait again).
            delay = pollUntil - now
            wake = now
            if delay > 0:
                wake = now + (1_000_000 if delay < 1_000_000 else (delay // 1_000_000) * 1_000_000)
            traceev(S, m, -1, -1, EV_NETPOLL, 1, wake, 0, R_NETPOLL)  # stamped when it blocks
            S.allm[m, M_CLOCK] = wake
            return -1, False, False, False
        if pollUntil != 0:
            wakeNetPoller(S, m, pollUntil, now)
        stopm(S, m)
        return -1, False, False, False


gpGCWorker = -2  # findRunnable's answer when the P is to run a background mark worker or sweeper


@jit
def pollWork(S, pp):
    """Is there other work for an idle worker's P: a G in the global queue or its own?
    Go: runtime/proc.go, pollWork (the model has no network poller)."""
    return S.sched[S_RUNQSIZE] != 0 or not runqempty(S, pp)


@jit
def stopm(S, m):
    """proc.go stopm: the M parks on the idle list until startm hands it a P."""
    S.sched[S_STAT_STOPM] += 1
    traceev(S, m, -1, -1, EV_STOPM, 0, 0, 0, R_STOPM)
    mput(S, m)


@jit(inline=True)
def findRunnableQueues(S, m, pp):
    """findRunnable's first places to look, after checkTimers, in Go's order: every 61st
    schedtick the global queue (fairness), then the local runnext and ring, then a batch from
    the global queue. Returns (gp, inheritTime, fromrunq), gp = -1 if all are empty (and then
    nothing changed). Compiled into findRunnable and into schedule, which tries it first when
    the P has no timers (checkTimers would do nothing), so the common case makes no call."""
    # Check the global runnable queue once in a while to ensure fairness.
    if S.allp[pp, P_SCHEDTICK] % 61 == 0 and S.sched[S_RUNQSIZE] > 0:
        gp = globrunqget(S, m, pp, 1, R_SCHEDTICK61)
        if gp >= 0:
            S.sched[S_STAT_SCHEDTICK61] += 1
            return gp, False, False

    gp, inh = runqget(S, pp)
    if gp >= 0:
        return gp, inh, True

    if S.sched[S_RUNQSIZE] != 0:
        gp = globrunqget(S, m, pp, 0, R_GLOBALBATCH)
        if gp >= 0:
            return gp, False, False
    return -1, False, False


@jit(inline=True)
def schedule(S, m):
    """proc.go schedule: one round of the scheduler on m (which holds a P and no G): find a
    runnable G and execute it. Returns False if the M went idle or into netpoll instead."""
    charge(S, m, C_SCHEDULE)
    gp, inheritTime, fromrunq, tryWakeP = -1, False, False, False
    pp = S.allm[m, M_P]
    if S.allp[pp, P_NTIMERS] == 0 and S.sched[S_GCPHASE] == 0:  # (checkTimers would find nothing to do)
        gp, inheritTime, fromrunq = findRunnableQueues(S, m, pp)
    if gp < 0:
        gp, inheritTime, tryWakeP, fromrunq = findRunnable(S, m)
    if gp < 0 and gp != gpGCWorker:
        return False
    if S.allm[m, M_SPINNING] != 0:
        # resetspinning: this M found work; another spinning M may find more.
        S.allm[m, M_SPINNING] = 0
        S.sched[S_NMSPINNING] -= 1
        traceev(S, m, S.allm[m, M_P], -1, EV_SPINNING, 0, 0, 0, R_WAKEP)
        wakep(S, m, S.allm[m, M_CLOCK])
    if tryWakeP:
        wakep(S, m, S.allm[m, M_CLOCK])
    if gp == gpGCWorker:
        return True  # the M runs the P's mark worker or sweeper (step_m: gcBgMarkWorker, bgsweep)
    reason = R_EXECUTE
    if fromrunq:
        reason = R_RUNNEXT if inheritTime else R_RINGHEAD
    execute(S, m, gp, inheritTime, reason, fromrunq)
    return True


# ------------------------------------------------------------------------------------------
# Syscalls: entersyscall, exitsyscall.
# ------------------------------------------------------------------------------------------
@jit
def entersyscall(S, m, gp, pc):
    """proc.go entersyscall (reentersyscall): the G enters _Gsyscall; the P stays attached as
    oldp in _Psyscall, so sysmon can retake it if the syscall blocks too long."""
    pp = S.allm[m, M_P]
    S.allg[gp, G_STATUS] = Gsyscall
    S.allg[gp, G_SYSCALLPC] = pc
    S.allm[m, M_SYSCALLTICK] = S.allp[pp, P_SYSCALLTICK]
    S.allm[m, M_OLDP] = pp
    S.allm[m, M_P] = -1
    S.allp[pp, P_M] = -1
    S.allp[pp, P_STATUS] = Psyscall
    S.allm[m, M_STATE] = MS_SYSCALL
    S.sched[S_STAT_SYSCALL] += 1
    end = S.allm[m, M_CLOCK] + S.costs[C_SYSCALL]
    traceev(S, m, pp, gp, EV_SYSCALL, end, 0, 0, R_SYSCALL)
    S.allm[m, M_CLOCK] = end
    if S.sched[S_SYSMONWAIT] != 0:  # entersyscall_sysmon
        S.sched[S_SYSMONWAIT] = 0
        S.sched[S_SYSMON_WHEN] = end - S.costs[C_SYSCALL]


@jit
def exitsyscall(S, m):
    """proc.go exitsyscall: reacquire the old P if it is still in _Psyscall (fast path), else
    an idle P; else (exitsyscall0) the G goes to the global queue and the M stops.
    Returns True if the M has a P and the G runs on."""
    gp = S.allm[m, M_CURG]
    oldp = S.allm[m, M_OLDP]
    S.allm[m, M_OLDP] = -1
    now = S.allm[m, M_CLOCK]
    if oldp >= 0 and S.allp[oldp, P_STATUS] == Psyscall and S.allp[oldp, P_M] < 0:
        # exitsyscallfast: there's a cpu for us, so we can run.
        acquirep(S, m, oldp)
        S.allp[oldp, P_SYSCALLTICK] += 1
        S.allm[m, M_STATE] = MS_RUN
        S.allg[gp, G_STATUS] = Grunning
        traceev(S, m, oldp, gp, EV_SYSEXIT, SYSEXIT_FAST, 0, 0, R_SYSEXIT)
        return True
    pp = pidleget(S)
    if pp >= 0:
        # exitsyscallfast_pidle
        acquirep(S, m, pp)
        S.allp[pp, P_SYSCALLTICK] += 1
        S.allm[m, M_STATE] = MS_RUN
        S.allg[gp, G_STATUS] = Grunning
        traceev(S, m, pp, gp, EV_SYSEXIT, SYSEXIT_IDLEP, 0, 0, R_SYSEXIT)
        if S.sched[S_SYSMONWAIT] != 0:
            S.sched[S_SYSMONWAIT] = 0
            S.sched[S_SYSMON_WHEN] = now
        return True
    # exitsyscall0: no P; queue the G globally and stop this M.
    S.allg[gp, G_STATUS] = Grunnable
    S.allg[gp, G_RUNNABLESINCE] = now
    dropg(S, m)
    traceev(S, m, -1, gp, EV_SYSEXIT, SYSEXIT_NOP, 0, 0, R_SYSEXIT)
    globrunqput(S, gp)
    traceev(S, m, -1, gp, EV_GLOBRUNQPUT, 0, 0, 0, R_SYSEXIT)
    if S.sched[S_SYSMONWAIT] != 0:
        S.sched[S_SYSMONWAIT] = 0
        S.sched[S_SYSMON_WHEN] = now
    stopm(S, m)
    return False


# ------------------------------------------------------------------------------------------
# sysmon: retake, preemptone.
# ------------------------------------------------------------------------------------------
@jit
def preemptone(S, pp, now):
    """proc.go preemptone: ask the G running on pp to stop (gp.preempt = true, and an async
    preemption signal unless GODEBUG=asyncpreemptoff=1). Returns True if one was asked."""
    m = S.allp[pp, P_M]
    if m < 0:
        return False
    gp = S.allm[m, M_CURG]
    if gp < 0:
        return False
    S.allg[gp, G_PREEMPT] = R_PREEMPT
    traceev(S, -1, pp, gp, EV_PREEMPTREQ, now - S.allp[pp, P_SM_SCHEDWHEN], 0, 0, R_PREEMPT)
    return True


@jit
def preemptall(S, m, until):
    """stopTheWorldWithSema → preemptall, as the model stops the world: every G running on
    another M stops where it is (the other Ms are between instructions whenever one M acts),
    goes to the global queue as a preempted G does (gopreempt_m), and its M waits until the
    world starts again at until; then its P goes through schedule (and findRunnable)."""
    for m2 in range(S.sched[S_NM]):
        if m2 == m or S.allm[m2, M_STATE] != MS_RUN:
            continue
        if S.allm[m2, M_CLOCK] < until:
            S.allm[m2, M_CLOCK] = until
        gp = S.allm[m2, M_CURG]
        if gp >= 0:
            S.allg[gp, G_PREEMPT] = R_STOPTHEWORLD
            goschedImpl(S, m2, gp, True)


@jit
def retake(S, now):
    """proc.go retake: preempt Gs that ran ≥10ms (forcePreemptNS) on one schedtick, and retake
    Ps held in syscalls for more than one sysmon tick (unless there is nothing else to do and
    the syscall is younger than 10ms). Returns the number of Ps retaken from syscalls."""
    n = 0
    for pp in range(S.sched[S_GOMAXPROCS]):
        s = S.allp[pp, P_STATUS]
        sysretake = False
        if s == Prunning or s == Psyscall:
            t = S.allp[pp, P_SCHEDTICK]
            if S.allp[pp, P_SM_SCHEDTICK] != t:
                S.allp[pp, P_SM_SCHEDTICK] = t
                S.allp[pp, P_SM_SCHEDWHEN] = now
            elif S.allp[pp, P_SM_SCHEDWHEN] + forcePreemptNS <= now:
                preemptone(S, pp, now)
                sysretake = True
        if s == Psyscall:
            t = S.allp[pp, P_SYSCALLTICK]
            if not sysretake and S.allp[pp, P_SM_SYSCALLTICK] != t:
                S.allp[pp, P_SM_SYSCALLTICK] = t
                S.allp[pp, P_SM_SYSCALLWHEN] = now
                continue
            if (runqempty(S, pp) and S.sched[S_NMSPINNING] + S.sched[S_NPIDLE] > 0
                    and S.allp[pp, P_SM_SYSCALLWHEN] + 10_000_000 > now):
                continue
            S.allp[pp, P_STATUS] = Pidle
            n += 1
            S.allp[pp, P_SYSCALLTICK] += 1
            S.sched[S_STAT_HANDOFF] += 1
            traceev(S, -1, pp, -1, EV_RETAKE, now - S.allp[pp, P_SM_SYSCALLWHEN], 0, 0, R_RETAKE)
            handoffp(S, -1, pp, now)
    return n


# time.go's timers run Gs with ready() and are checked by findRunnable: the two files call each
# other, as in Go's single package. Imported last, so both modules are complete when bound.
from .time import checkTimers, checkTimersNoP, nobarrierWakeTime  # noqa: E402
# findRunnable also hands Ps to the GC's mark workers (mgc.go, mgcpacer.go), which wake and
# preempt through this file: the same arrangement.
from .mgc import findRunnableGCWorker, findRunnableIdleGCWorker  # noqa: E402
from .mgcsweep import findRunnableBgSweep  # noqa: E402
