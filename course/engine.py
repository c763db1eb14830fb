"""The simulation loop: who acts next, and what happens when a G stops.

Go's runtime is many threads at once; the model is one loop that always lets the *earliest*
actor act, so that everything happens in simulated-time order:

* an **M** acts at its clock: it runs its G (``vm.run_g``) up to the next actor's time (the
  horizon), or schedules, or runs its P's GC mark worker (``mgc.gcBgMarkWorker``) or the background
  sweeper (``mgcsweep.bgsweep``), or leaves a
  syscall, or wakes from idleness or netpoll;
* **sysmon** acts at its next wake-up (20 µs, doubling after 1 ms without work, up to 10 ms):
  it preempts long-running Gs, retakes Ps from syscalls and prints schedtrace lines;
* when no M can act at all, ``checkdead`` decides: a deadlock, or (never, if the model is
  right) a runnable G that nobody runs.

``step_m`` is where a G's stop code becomes the scheduler call Go makes. The loop returns to
Python when the program ends, an array must grow, the event budget is reached (stepping), or
the instruction budget is spent.
"""
from __future__ import annotations

from ._jit import jit
from .isa import F_ENTRY, FRAME_FN
from .mgc import gcBgMarkWorker
from .mgcsweep import bgsweep
from .proc import (acquirep, entersyscall, execute, exitsyscall, globrunqputhead, goexit0, goschedImpl, goyield_m,
                   mget, newm, newproc1, newproc_finish, park_m, pidleget, pidleput, retake, runqempty,
                   runqget, runqput, schedule, startm, stopm, traceev, wakep)
from .runtime2 import *  # noqa: F403
from .time import resetForSleep, timeSleepUntil
from .traceev import *  # noqa: F403
from .vm import (VM_EXIT, VM_GOMAXPROCS, VM_GOSCHED, VM_GOYIELD, VM_GROW, VM_HORIZON, VM_LIMIT, VM_PANIC,
                 VM_PARK, VM_PREEMPTED, VM_PROGEXIT, VM_SLEEP, VM_SYSCALL, VM_THROW, run_g)

INF = 1 << 62
GOFUNC_STACK_ROOM = 2048  # stack slots kept free per pending AfterFunc timer
ENGINE_TRACE_MARGIN = 1024


@jit
def run(S, instr_limit, time_limit):
    """Run the program until it ends or must return to Python; sets S_STOP and returns it."""
    while True:
        if S.sched[S_EXITED] != 0:
            S.sched[S_STOP] = STOP_DONE
            return STOP_DONE
        if S.sched[S_GROW] == 0 and trace_room_low(S):
            S.sched[S_GROW] = GROW_TRACE
        if S.sched[S_GROW] == 0 and S.sched[S_NM] >= S.allm.shape[0] - 1:
            S.sched[S_GROW] = GROW_M
        if S.sched[S_GROW] == 0 and S.sched[S_NGOFUNC] > 0:
            # a G and a stack for every pending time.AfterFunc (goFunc runs inside checkTimers,
            # where nothing can stop to grow an array)
            if S.sched[S_ALLGLEN] + S.sched[S_NGOFUNC] >= S.allg.shape[0]:
                S.sched[S_GROW] = GROW_G
            elif S.sched[S_STACKTOP] + S.sched[S_NGOFUNC] * GOFUNC_STACK_ROOM > S.stack.shape[0]:
                S.sched[S_GROW] = GROW_STACK
        if S.sched[S_GROW] != 0:
            S.sched[S_STOP] = STOP_GROW
            return STOP_GROW
        if S.sched[S_MAXEVENTS] > 0 and S.sched[S_NTRACE] >= S.sched[S_MAXEVENTS]:
            S.sched[S_STOP] = STOP_PAUSE
            return STOP_PAUSE
        if S.sched[S_STAT_INSTR] >= instr_limit or S.sched[S_NOW] >= time_limit:
            S.sched[S_STOP] = STOP_LIMIT
            return STOP_LIMIT

        # The earliest M that can act, and the one after it (the horizon).
        m = -1
        t1 = INF
        t2 = INF
        for i in range(S.sched[S_NM]):
            if S.allm[i, M_STATE] != MS_IDLE:
                t = S.allm[i, M_CLOCK]
                if t < t1:
                    t2 = t1
                    t1 = t
                    m = i
                elif t < t2:
                    t2 = t
        tsys = S.sched[S_SYSMON_WHEN]
        if m < 0:
            checkdead(S)
            continue
        if tsys <= t1:
            sysmon(S, tsys)
            continue
        step_m(S, m, min(t2, tsys), instr_limit)


@jit
def step_m(S, m, horizon, instr_limit):
    """Let M m do its next thing, at its clock."""
    st = S.allm[m, M_STATE]
    if S.allm[m, M_CLOCK] > S.sched[S_NOW]:
        S.sched[S_NOW] = S.allm[m, M_CLOCK]
    if st == MS_START:
        # woken by startm: acquire the P it was handed (spinning, if startm said so)
        pp = S.allm[m, M_NEXTP]
        S.allm[m, M_NEXTP] = -1
        S.allm[m, M_STATE] = MS_RUN
        acquirep(S, m, pp)
        return
    if st == MS_NETPOLL:
        # the netpoll deadline (the earliest timer) passed: get a P and look again
        S.sched[S_NETPOLLM] = -1
        S.allm[m, M_BLOCKED] = 0
        traceev(S, m, -1, -1, EV_NETPOLL, 0, 0, 0, R_NETPOLL)
        pp = pidleget(S)
        if pp < 0:
            stopm(S, m)
            return
        S.allm[m, M_STATE] = MS_RUN
        acquirep(S, m, pp)
        if S.allm[m, M_WASSPINNING] != 0:
            S.allm[m, M_WASSPINNING] = 0
            S.allm[m, M_SPINNING] = 1
            S.sched[S_NMSPINNING] += 1
        return
    if st == MS_SYSCALL:
        if not exitsyscall(S, m):
            return
    # Run Gs on this M until it must stop or another actor is due (the horizon): schedule,
    # run the G, handle why it stopped, and again.
    while True:
        gp = S.allm[m, M_CURG]
        if gp < 0:
            if S.allp[S.allm[m, M_P], P_GCMARKWORKERMODE] != 0:
                gcBgMarkWorker(S, m)  # the P runs a GC mark worker, not a G: one piece of
                if S.sched[S_THROW] != 0:  # work, then the earliest M acts; or the mark's
                    exitprogram(S, m, 2, FATAL_THROW, -1)  # end threw (gccheckmark)
                return
            if S.allp[S.allm[m, M_P], P_BGSWEEP] != 0:
                bgsweep(S, m)  # the P runs the background sweeper: one piece, then the earliest M acts
                return
            if not schedule(S, m):
                return
            if not may_continue(S, m, horizon):
                return
            gp = S.allm[m, M_CURG]
            if gp < 0:
                continue  # (a mark worker or the sweeper holds the P)
        stop = run_g(S, m, gp, horizon, instr_limit)
        if stop == VM_HORIZON or stop == VM_GROW or stop == VM_LIMIT:
            return
        if stop == VM_GOSCHED:
            goschedImpl(S, m, gp, False)
        elif stop == VM_PREEMPTED:
            goschedImpl(S, m, gp, True)  # gopreempt_m
        elif stop == VM_PARK:
            park_m(S, m, gp, S.allg[gp, G_WAITREASON])
        elif stop == VM_SLEEP:
            park_m(S, m, gp, waitReasonSleep)
            resetForSleep(S, m, gp, S.allg[gp, G_PARAM])
        elif stop == VM_EXIT:
            goexit0(S, m, gp)
        elif stop == VM_SYSCALL:
            entersyscall(S, m, gp, S.allg[gp, G_PC])
            return
        elif stop == VM_PANIC:
            exitprogram(S, m, 2, FATAL_PANIC, gp)
            return
        elif stop == VM_GOYIELD:
            goyield_m(S, m, gp)
        elif stop == VM_THROW:
            exitprogram(S, m, 2, FATAL_THROW, gp)  # sync's fatal(): S_THROW says which
            return
        elif stop == VM_PROGEXIT:
            exitprogram(S, m, S.allg[gp, G_PARAM], FATAL_NONE, gp)
            return
        elif stop == VM_GOMAXPROCS:
            gomaxprocs_stw(S, m, S.allg[gp, G_PARAM])
        if not may_continue(S, m, horizon):
            return


@jit
def trace_room_low(S):
    """Could the next step of the scheduler overflow the trace? A step records a bounded
    number of events, but running expired timers records 3 per timer, and stopping the world
    some per M: the room kept free grows with them."""
    need = ENGINE_TRACE_MARGIN + 4 * S.sched[S_NTIMERROWS] + 8 * S.sched[S_NM] + 2 * S.sched[S_NSUDOGS]
    return S.sched[S_NTRACE] + need > S.trace.shape[0]


@jit(inline=True)
def may_continue(S, m, horizon):
    """May m go on without returning to the loop: still running, before the horizon, and
    with room in the trace and nothing to grow or stop for?"""
    if S.allm[m, M_STATE] != MS_RUN or S.allm[m, M_CLOCK] > horizon:
        return False
    if S.sched[S_GROW] != 0 or trace_room_low(S):
        return False
    if S.sched[S_MAXEVENTS] > 0 and S.sched[S_NTRACE] >= S.sched[S_MAXEVENTS]:
        return False
    return True


@jit
def exitprogram(S, m, code, fatal, gp):
    """exit(code): the program ends now; goroutines still running are not waited for."""
    S.sched[S_EXITED] = 1
    S.sched[S_EXITCODE] = code
    S.sched[S_FATAL] = fatal
    S.sched[S_FATALG] = gp
    reason = R_MAINEXIT
    if fatal == FATAL_PANIC:
        reason = R_PANIC
    elif fatal == FATAL_DEADLOCK:
        reason = R_DEADLOCK
    traceev(S, m, S.allm[m, M_P] if m >= 0 else -1, gp, EV_EXIT, code, fatal, 0, reason)


@jit
def checkdead(S):
    """proc.go checkdead: no M is running. With timers pending, wake an M for the earliest
    one; otherwise, if goroutines are waiting, this is Go's deadlock."""
    when = timeSleepUntil(S)
    if when >= 0:
        pp = pidleget(S)
        m = mget(S)
        if pp >= 0 and m >= 0:
            S.allm[m, M_NEXTP] = pp
            S.allm[m, M_STATE] = MS_START
            S.allm[m, M_CLOCK] = max(when, S.sched[S_NOW])
            S.allp[pp, P_STATUS] = Prunning
            S.allp[pp, P_M] = m
            return
    waiting = 0
    for gp in range(S.sched[S_ALLGLEN]):
        if S.allg[gp, G_SYSTEM] == 0:
            st = S.allg[gp, G_STATUS]
            if st == Gwaiting or st == Gpreempted:
                waiting += 1
            elif st == Grunnable or st == Grunning or st == Gsyscall:
                S.sched[S_FATALG] = gp
                exitprogram(S, -1, 2, FATAL_THROW, gp)  # checkdead: runnable g (a model bug)
                return
    exitprogram(S, -1, 2, FATAL_DEADLOCK, -1)


@jit
def sysmon(S, now):
    """proc.go sysmon, one wake-up: deep sleep while every P is idle, else retake, then
    schedtrace, then sleep 20 µs (doubling after 50 idle cycles, up to 10 ms)."""
    S.sched[S_NOW] = now
    if S.sched[S_SYSMONWAIT] == 0 and S.sched[S_SCHEDTRACE] <= 0 and S.sched[S_NPIDLE] == S.sched[S_GOMAXPROCS]:
        nxt = timeSleepUntil(S)
        if nxt < 0 or nxt > now:
            sleep = forcegcperiod // 2
            if nxt > 0 and nxt - now < sleep:
                sleep = nxt - now
            S.sched[S_SYSMONWAIT] = 1
            S.sched[S_SYSMON_WHEN] = now + sleep
            return
    S.sched[S_SYSMONWAIT] = 0
    if retake(S, now) != 0:
        S.sched[S_SYSMON_IDLE] = 0
    else:
        S.sched[S_SYSMON_IDLE] += 1
    if S.sched[S_SCHEDTRACE] > 0 and S.sched[S_LASTTRACE] + S.sched[S_SCHEDTRACE] * 1_000_000 <= now:
        S.sched[S_LASTTRACE] = now
        schedtrace(S, now)
    idle = S.sched[S_SYSMON_IDLE]
    delay = S.sched[S_SYSMON_DELAY]
    if idle == 0:
        delay = SYSMON_MIN_DELAY_US
    elif idle > 50:
        delay *= 2
    if delay > SYSMON_MAX_DELAY_US:
        delay = SYSMON_MAX_DELAY_US
    S.sched[S_SYSMON_DELAY] = delay
    S.sched[S_SYSMON_WHEN] = now + delay * 1000


@jit
def schedtrace(S, now):
    """proc.go schedtrace: record the numbers of one SCHED line (course.schedtrace prints it).
    The record: ms, gomaxprocs, idleprocs, threads, spinningthreads, idlethreads, runqueue,
    then each P's ring length; with scheddetail, per P, M and G fields follow."""
    no = S.sched[S_NOUT]
    na = S.sched[S_NOUTARGS]
    np_ = S.sched[S_GOMAXPROCS]
    nm = S.sched[S_NM]
    ng = S.sched[S_ALLGLEN]
    need = 8 + np_ * 9 + nm * 7 + ng * 4
    if no + 2 > S.out.shape[0] or na + need > S.outargs.shape[0]:
        S.sched[S_GROW] = GROW_OUT
        S.sched[S_LASTTRACE] = 0  # print it after growing
        return
    a = S.outargs
    a[na + 0] = (now - S.sched[S_STARTTIME]) // 1_000_000
    a[na + 1] = np_
    a[na + 2] = S.sched[S_NPIDLE]
    a[na + 3] = S.sched[S_MCOUNT] + S.sched[S_NMSYS]
    a[na + 4] = S.sched[S_NMSPINNING]
    a[na + 5] = S.sched[S_NMIDLE]
    a[na + 6] = S.sched[S_RUNQSIZE]
    a[na + 7] = S.sched[S_SCHEDDETAIL]
    k = na + 8
    for pp in range(np_):
        a[k] = S.allp[pp, P_RUNQTAIL] - S.allp[pp, P_RUNQHEAD]
        k += 1
    if S.sched[S_SCHEDDETAIL] != 0:
        for pp in range(np_):
            a[k] = S.allp[pp, P_STATUS]
            a[k + 1] = S.allp[pp, P_SCHEDTICK]
            a[k + 2] = S.allp[pp, P_SYSCALLTICK]
            a[k + 3] = S.allp[pp, P_M]
            a[k + 4] = S.allp[pp, P_GFREECNT]
            a[k + 5] = S.allp[pp, P_NTIMERS]
            a[k + 6] = S.allp[pp, P_RUNNEXT]
            a[k + 7] = 0
            k += 8
        a[k] = nm
        k += 1
        for i in range(nm):
            a[k] = S.allm[i, M_ID]
            a[k + 1] = S.allm[i, M_P]
            curg = S.allm[i, M_CURG]
            a[k + 2] = S.allg[curg, G_GOID] if curg >= 0 else -1
            a[k + 3] = S.allm[i, M_SPINNING]
            a[k + 4] = S.allm[i, M_BLOCKED]
            a[k + 5] = S.allm[i, M_STATE]
            k += 6
        a[k] = ng
        k += 1
        for gp in range(ng):
            a[k] = S.allg[gp, G_GOID]
            a[k + 1] = S.allg[gp, G_STATUS]
            a[k + 2] = S.allg[gp, G_WAITREASON]
            a[k + 3] = S.allg[gp, G_M]
            k += 4
    S.out[no, O_TIME] = now
    S.out[no, O_GOID] = -1
    S.out[no, O_DESC] = OUT_SCHEDTRACE
    S.out[no, O_ARGS] = na
    S.out[no, O_NARGS] = k - na
    S.sched[S_NOUT] = no + 1
    S.sched[S_NOUTARGS] = k


@jit
def gomaxprocs_stw(S, m, n):
    """runtime.GOMAXPROCS(n) → stopTheWorldGC, procresize(n), startTheWorldGC.
    Simplified: the world stops instantly. Running Gs on other Ps are preempted to the global
    queue and their Ms stop; Ps beyond n are destroyed, their runnable Gs pushed onto the head
    of the global queue; then every P with work gets an M and the others go idle."""
    cur = S.allm[m, M_P]
    old = S.sched[S_GOMAXPROCS]
    traceev(S, m, cur, S.allm[m, M_CURG], EV_STW, 1, 0, 0, R_GOMAXPROCS)
    for i in range(S.sched[S_NM]):
        if i == m:
            continue
        st = S.allm[i, M_STATE]
        if st == MS_RUN:
            gp = S.allm[i, M_CURG]
            if gp >= 0:
                goschedImpl(S, i, gp, True)
            if S.allm[i, M_SPINNING] != 0:
                S.allm[i, M_SPINNING] = 0
                S.sched[S_NMSPINNING] -= 1
            pp = S.allm[i, M_P]
            S.allm[i, M_P] = -1
            S.allp[pp, P_M] = -1
            stopm(S, i)
        elif st == MS_START:
            pp = S.allm[i, M_NEXTP]
            S.allm[i, M_NEXTP] = -1
            S.allp[pp, P_M] = -1
            if S.allm[i, M_SPINNING] != 0:
                S.allm[i, M_SPINNING] = 0
                S.sched[S_NMSPINNING] -= 1
            stopm(S, i)
        elif st == MS_SYSCALL:
            op = S.allm[i, M_OLDP]
            if op >= 0 and S.allp[op, P_M] < 0:
                S.allp[op, P_STATUS] = Pgcstop  # taken from the syscall; exitsyscall finds none
    # every P but ours is stopped; rebuild the idle list below
    S.sched[S_PIDLE] = -1
    S.sched[S_NPIDLE] = 0
    for pp in range(n, old):
        # p.destroy: runnable Gs to the head of the global queue, ring tail first, then runnext
        while S.allp[pp, P_RUNQTAIL] != S.allp[pp, P_RUNQHEAD]:
            S.allp[pp, P_RUNQTAIL] -= 1
            globrunqputhead(S, S.runq[pp, S.allp[pp, P_RUNQTAIL] % RUNQ_SIZE])
        if S.allp[pp, P_RUNNEXT] >= 0:
            globrunqputhead(S, S.allp[pp, P_RUNNEXT])
            S.allp[pp, P_RUNNEXT] = -1
        S.allp[pp, P_STATUS] = Pdead
        S.allp[pp, P_M] = -1
        S.allp[pp, P_IDLEMASK] = 0
    for pp in range(old, n):
        initp(S, pp)
    S.sched[S_GOMAXPROCS] = n
    if cur >= n:
        # our P is gone: continue on P0
        S.allm[m, M_P] = -1
        acquirep(S, m, 0)
        cur = 0
    now = S.allm[m, M_CLOCK]
    for pp in range(n - 1, -1, -1):
        if pp == cur:
            continue
        S.allp[pp, P_STATUS] = Pidle
        S.allp[pp, P_M] = -1
        if runqempty(S, pp):
            pidleput(S, m, pp)
        else:
            startm(S, m, pp, False, now)
    traceev(S, m, cur, S.allm[m, M_CURG], EV_GOMAXPROCS, old, n, 0, R_GOMAXPROCS)
    traceev(S, m, cur, S.allm[m, M_CURG], EV_STW, 0, 0, 0, R_GOMAXPROCS)
    wakep(S, m, now)


@jit
def initp(S, pp):
    """p.init: an idle P with empty queues."""
    S.allp[pp, P_ID] = pp
    S.allp[pp, P_STATUS] = Pidle
    S.allp[pp, P_M] = -1
    S.allp[pp, P_LINK] = -1
    S.allp[pp, P_RUNNEXT] = -1
    S.allp[pp, P_GFREE] = -1
    S.allp[pp, P_GFREECNT] = 0
    S.allp[pp, P_IDLEMASK] = 0
    S.allp[pp, P_SM_SCHEDTICK] = -1


@jit
def rt0_go(S, entry, runfinq, uses_fmt, startup_ns, init_ns, startup_schedtick):
    """The program's start, as asm_amd64.s rt0_go and runtime.main do it: schedinit and
    procresize (P0 to m0, the other Ps idle), newproc(runtime.main) into P0's runnext,
    mstart → schedule → execute G1; then runtime.main's own goroutines (forcegchelper,
    bgsweep and bgscavenge ran once during init and now wait; they are G2-G4) and, when fmt
    (and so os) is linked, the finalizer goroutine that os's init creates, left waiting in
    P0's runnext. P0's schedtick is set to what init's scheduling left it at."""
    n = S.sched[S_GOMAXPROCS]
    for pp in range(n):
        initp(S, pp)
    m0 = newm(S, startup_ns)
    S.allm[m0, M_STATE] = MS_RUN
    acquirep(S, m0, 0)
    for pp in range(n - 1, 0, -1):
        pidleput(S, m0, pp)
    g1 = newproc1(S, m0, 0, entry, -1, -1, 0)
    S.allg[g1, G_PC] = S.funcs[entry, F_ENTRY]
    S.stack[S.allg[g1, G_STACKLO] + FRAME_FN] = entry
    runqput(S, m0, 0, g1, True, R_STARTUP)
    gp, inherit = runqget(S, 0)
    execute(S, m0, gp, inherit, R_STARTUP, True)
    S.sched[S_MAINSTARTED] = 1
    for reason in (waitReasonForceGCIdle, waitReasonGCSweepWait, waitReasonGCScavengeWait):
        g = newproc1(S, m0, 0, runfinq, g1, -1, 1)
        S.allg[g, G_STATUS] = Gwaiting
        S.allg[g, G_WAITREASON] = reason
        S.allg[g, G_PC] = S.funcs[runfinq, F_ENTRY]
        S.stack[S.allg[g, G_STACKLO] + FRAME_FN] = runfinq
        traceev(S, m0, 0, g, EV_PARK, reason, 0, 0, R_STARTUP)
    S.allp[0, P_SCHEDTICK] = startup_schedtick
    S.allm[m0, M_CLOCK] = startup_ns + init_ns
    if uses_fmt:
        g = newproc1(S, m0, 0, runfinq, g1, -1, 1)
        S.allg[g, G_PC] = S.funcs[runfinq, F_ENTRY]
        S.stack[S.allg[g, G_STACKLO] + FRAME_FN] = runfinq
        newproc_finish(S, m0, g)
