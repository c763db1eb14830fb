"""Timers: time.Sleep (and, in part 2, time.After, NewTimer, Stop), on the simulated clock.

Models ``runtime/time.go`` (Go 1.19). Every P keeps its timers in a **4-ary min-heap** ordered
by ``when`` (``siftupTimer``/``siftdownTimer``). A timer is added to the heap of the P whose G
created it. Timers run only when some M looks at them: ``checkTimers`` at the top of
``findRunnable`` (its own P), in ``stealWork``'s last pass (other Ps), or after an idle M that
blocked in netpoll until the earliest timer wakes up. So with GOMAXPROCS=1 a sleeping G whose
time has come still waits until the running G blocks, yields or is preempted: a timer is not
an interrupt.

A sleep timer's function is ``goroutineReady``: it readies the sleeper into the runnext of the
P *running the timer* (``goready``), which is why a G that wakes from ``time.Sleep`` usually
runs next on whichever P noticed it first.

Invariant: each P's heap satisfies ``when[parent] <= when[child]``; ``TM_P`` of a timer in a
heap names that heap's P. Simplified: timers are never moved between Ps (Go moves them when a
P is destroyed by procresize) and deleted timers are removed at once.
"""
from __future__ import annotations

from ._jit import jit
from .costs import C_TIMERADD, C_TIMERRUN
from .proc import charge, newproc1, newproc_finish, ready, traceev, wakeNetPoller
from .isa import F_ENTRY, FRAME_CTX, FRAME_FN
from .chan import chansend, makechan
from .runtime2 import (G_PC, G_STACKLO, G_TIMER, GROW_TIMERS, M_CLOCK, M_CURG, M_P, P_NTIMERS, S_GROW,
                       S_NGOFUNC, S_NTIMERROWS, S_STAT_TIMERS, S_TIMERFREE, TK_GOFUNC, TK_SENDTIME, TK_SLEEP,
                       TM_ARG, TM_G, TM_KIND, TM_P, TM_PERIOD, TM_SEQ, TM_STATUS, TM_WHEN, timerNoStatus,
                       timerWaiting)
from .traceev import EV_TIMERADD, EV_TIMERFIRE, R_AFTERFUNC, R_SLEEP, R_TIMER


@jit
def siftupTimer(S, pp, i):
    """time.go siftupTimer: move heap entry i up to its place (4-ary heap)."""
    h = S.ptimers[pp]
    tm = h[i]
    when = S.timers[tm, TM_WHEN]
    while i > 0:
        parent = (i - 1) // 4
        if when >= S.timers[h[parent], TM_WHEN]:
            break
        h[i] = h[parent]
        i = parent
    h[i] = tm


@jit
def siftdownTimer(S, pp, i):
    """time.go siftdownTimer: move heap entry i down to its place (4-ary heap)."""
    h = S.ptimers[pp]
    n = S.allp[pp, P_NTIMERS]
    tm = h[i]
    when = S.timers[tm, TM_WHEN]
    while True:
        c = i * 4 + 1  # left child
        c3 = c + 2  # mid child
        if c >= n:
            break
        w = S.timers[h[c], TM_WHEN]
        if c + 1 < n and S.timers[h[c + 1], TM_WHEN] < w:
            w = S.timers[h[c + 1], TM_WHEN]
            c += 1
        if c3 < n:
            w3 = S.timers[h[c3], TM_WHEN]
            if c3 + 1 < n and S.timers[h[c3 + 1], TM_WHEN] < w3:
                w3 = S.timers[h[c3 + 1], TM_WHEN]
                c3 += 1
            if w3 < w:
                w = w3
                c = c3
        if w >= when:
            break
        h[i] = h[c]
        i = c
    h[i] = tm


@jit
def newtimer(S):
    """A free timer row, or -1 when the table is full (S_GROW is then set)."""
    tm = S.sched[S_TIMERFREE]
    if tm >= 0:
        S.sched[S_TIMERFREE] = S.timers[tm, TM_SEQ]
        return tm
    tm = S.sched[S_NTIMERROWS]
    # every P's heap is as long as the timer table, so no heap can overflow (no bounds checks)
    if tm >= S.timers.shape[0] or tm >= S.ptimers.shape[1]:
        S.sched[S_GROW] = GROW_TIMERS
        return -1
    S.sched[S_NTIMERROWS] = tm + 1
    return tm


@jit
def freetimer(S, tm):
    S.timers[tm, TM_STATUS] = timerNoStatus
    S.timers[tm, TM_SEQ] = S.sched[S_TIMERFREE]
    S.sched[S_TIMERFREE] = tm


@jit
def doaddtimer(S, pp, tm):
    """time.go doaddtimer: append to pp's heap and sift up."""
    i = S.allp[pp, P_NTIMERS]
    if i >= S.ptimers.shape[1]:
        return False
    S.ptimers[pp, i] = tm
    S.allp[pp, P_NTIMERS] = i + 1
    S.timers[tm, TM_P] = pp
    siftupTimer(S, pp, i)
    return True


@jit
def dodeltimer0(S, pp):
    """time.go dodeltimer0: remove the heap's first timer."""
    last = S.allp[pp, P_NTIMERS] - 1
    S.ptimers[pp, 0] = S.ptimers[pp, last]
    S.allp[pp, P_NTIMERS] = last
    if last > 0:
        siftdownTimer(S, pp, 0)


@jit
def addtimer(S, m, tm, when, gp, kind):
    """time.go addtimer: a waiting timer on the current P's heap, then wakeNetPoller(when) so
    some M will be awake to run it."""
    pp = S.allm[m, M_P]
    charge(S, m, C_TIMERADD)
    S.timers[tm, TM_WHEN] = when
    S.timers[tm, TM_G] = gp
    S.timers[tm, TM_KIND] = kind
    S.timers[tm, TM_STATUS] = timerWaiting
    doaddtimer(S, pp, tm)
    traceev(S, m, pp, gp, EV_TIMERADD, when, tm, 0, R_SLEEP)
    wakeNetPoller(S, m, when, S.allm[m, M_CLOCK])


@jit
def nobarrierWakeTime(S, pp):
    """time.go nobarrierWakeTime: when pp's earliest timer fires, or 0 if it has none."""
    if S.allp[pp, P_NTIMERS] == 0:
        return 0
    return S.timers[S.ptimers[pp, 0], TM_WHEN]


@jit
def runOneTimer(S, m, pp, tm, now):
    """time.go runtimer + runOneTimer for an expired timer: a periodic one moves to its next
    time (when += period·(1 + (now-when)/period)) and stays in the heap; another is removed.
    Then its function runs: goroutineReady for a sleep (goready into the current P's runnext),
    sendTime for a time.Timer/Ticker (a non-blocking send: a tick nobody took is dropped)."""
    when = S.timers[tm, TM_WHEN]
    period = S.timers[tm, TM_PERIOD]
    if period > 0:
        S.timers[tm, TM_WHEN] = when + period * (1 + (now - when) // period)
        siftdownTimer(S, pp, 0)
    else:
        dodeltimer0(S, pp)
    charge(S, m, C_TIMERRUN)
    S.sched[S_STAT_TIMERS] += 1
    kind = S.timers[tm, TM_KIND]
    gp = S.timers[tm, TM_G]
    traceev(S, m, pp, gp, EV_TIMERFIRE, when, tm, 0, R_TIMER)
    if period == 0:
        S.timers[tm, TM_STATUS] = timerNoStatus
    if kind == TK_SLEEP:
        ready(S, m, gp, R_TIMER)
    elif kind == TK_SENDTIME:
        chansend(S, m, S.allm[m, M_CURG], S.timers[tm, TM_ARG], now, False)
    elif kind == TK_GOFUNC:
        S.sched[S_NGOFUNC] -= 1
        goFunc(S, m, S.timers[tm, TM_ARG])


GOPC_GOFUNC = -2  # gopc of a G started by goFunc: "created by time.goFunc" (traceback.py)


@jit
def goFunc(S, m, clo):
    """time.go goFunc (time.AfterFunc's timer function): ``go arg.(func())()``: a new G
    running the closure, into this P's runnext (newproc). The engine keeps a G and a stack
    free for every pending AfterFunc timer, so newproc1 cannot fail here."""
    fn = S.heap[clo]
    newg = newproc1(S, m, S.allm[m, M_P], fn, S.allm[m, M_CURG], GOPC_GOFUNC, 0)
    if newg < 0:  # (never: see engine.run's room check)
        return
    nb = S.allg[newg, G_STACKLO]
    S.stack[nb + FRAME_CTX] = clo
    S.stack[nb + FRAME_FN] = fn
    S.allg[newg, G_PC] = S.funcs[fn, F_ENTRY]
    newproc_finish(S, m, newg)


@jit(inline=True)
def checkTimers(S, m, pp, now):
    """proc.go checkTimers: run every timer of pp's heap whose time has come, in heap order.
    Returns (ran, pollUntil): whether any ran, and when the next one is due (0: none)."""
    ran = False
    while S.allp[pp, P_NTIMERS] > 0:
        tm = S.ptimers[pp, 0]
        when = S.timers[tm, TM_WHEN]
        if when > now:
            return ran, when
        runOneTimer(S, m, pp, tm, now)
        ran = True
    return ran, 0


@jit
def checkTimersNoP(S, pollUntil):
    """proc.go checkTimersNoP: the earliest timer over all Ps (min with pollUntil)."""
    for p2 in range(S.sched[0]):  # S_GOMAXPROCS
        w = nobarrierWakeTime(S, p2)
        if w != 0 and (pollUntil == 0 or w < pollUntil):
            pollUntil = w
    return pollUntil


@jit
def timeSleepUntil(S):
    """time.go timeSleepUntil: the earliest timer anywhere, or -1 if there is none."""
    w = checkTimersNoP(S, 0)
    return w if w != 0 else -1


@jit
def timeSleepTimer(S, gp):
    """time.go timeSleep, first half: the G's own timer (gp.timer, made on its first sleep).
    Returns False when the timer table is full (the caller retries after growing it)."""
    if S.allg[gp, G_TIMER] < 0:
        tm = newtimer(S)
        if tm < 0:
            return False
        S.allg[gp, G_TIMER] = tm
    return True


@jit
def resetForSleep(S, m, gp, when):
    """time.go resetForSleep: gopark's unlock function for a sleep. It runs after the G is
    parked, and adds its timer to this P's heap (which may wake an M to wait for it)."""
    addtimer(S, m, S.allg[gp, G_TIMER], when, gp, TK_SLEEP)


# ---- time.Timer, time.After, time.Tick (time/sleep.go, time/tick.go) -----------------------
@jit
def deltimer(S, tm):
    """time.go deltimer (Timer.Stop): take a pending timer out of its P's heap. Returns True
    if it was pending. (Go marks it deleted and removes it lazily; the model removes it now.)"""
    if S.timers[tm, TM_STATUS] != timerWaiting:
        return False
    if S.timers[tm, TM_KIND] == TK_GOFUNC:
        S.sched[S_NGOFUNC] -= 1
    pp = S.timers[tm, TM_P]
    n = S.allp[pp, P_NTIMERS]
    for i in range(n):
        if S.ptimers[pp, i] == tm:
            last = n - 1
            S.ptimers[pp, i] = S.ptimers[pp, last]
            S.allp[pp, P_NTIMERS] = last
            if i < last:
                siftupTimer(S, pp, i)
                siftdownTimer(S, pp, i)
            break
    S.timers[tm, TM_STATUS] = timerNoStatus
    return True


@jit
def newTimer(S, m, gp, ns, periodic):
    """time.NewTimer / NewTicker: a buffered channel (cap 1) and a runtime timer whose
    function is sendTime, started on the current P. A Ticker's period is > 0 here: for d <= 0
    the VM has panicked first, as time/tick.go's NewTicker does (time.Tick returns nil).
    Returns the timer id, or -1 when a table must grow first (nothing is made then)."""
    tm = newtimer(S)
    if tm < 0:
        return -1
    c = makechan(S, m, gp, 1, 8)  # chan Time, cap 1
    if c < 0:
        freetimer(S, tm)  # nothing made: the instruction runs again after growing
        return -1
    S.timers[tm, TM_ARG] = c
    S.timers[tm, TM_PERIOD] = ns if periodic else 0
    addtimer(S, m, tm, S.allm[m, M_CLOCK] + (ns if ns > 0 else 0), gp, TK_SENDTIME)
    return tm


@jit
def afterFunc(S, m, gp, ns, clo):
    """time/sleep.go AfterFunc: a Timer (no channel) whose function is goFunc(f), started on
    the current P. Returns the timer id, or -1 when the timer table must grow first."""
    tm = newtimer(S)
    if tm < 0:
        return -1
    S.timers[tm, TM_ARG] = clo
    S.timers[tm, TM_PERIOD] = 0
    S.sched[S_NGOFUNC] += 1
    addtimer(S, m, tm, S.allm[m, M_CLOCK] + (ns if ns > 0 else 0), gp, TK_GOFUNC)
    return tm


@jit
def resetTimer(S, m, gp, tm, ns):
    """Timer.Reset: stop it, then start it again to fire in ns. Returns whether it was pending."""
    active = deltimer(S, tm)
    S.timers[tm, TM_SEQ] = 0
    kind = S.timers[tm, TM_KIND]
    if kind == TK_GOFUNC:
        S.sched[S_NGOFUNC] += 1
    else:
        kind = TK_SENDTIME
    addtimer(S, m, tm, S.allm[m, M_CLOCK] + (ns if ns > 0 else 0), gp, kind)
    return active
