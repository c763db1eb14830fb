"""The trace's vocabulary: event kinds and the reasons (Go function and rule) behind them.

Every change the scheduler makes to a run queue, a G's status, a P or an M is recorded as one
event row ``(time, P, M, goid, kind, a, b, c, reason)``. The kinds say *what* changed (enough to
rebuild every queue and status at any step: see ``course.trace.Trace.state_at``); the reason
says *why*, naming the Go function and the rule, in words a learner can read beside the Go
source. Operand meanings are listed per kind.
"""
from __future__ import annotations

# ---- the trace array's rows ------------------------------------------------------------------
# ``State.trace`` holds each event packed in 6 int64 words (48 bytes, not the 72 of 9 words: the
# trace is written to fresh memory, so its cost is mostly bytes written). ``course.trace``
# decodes them, on first use, into the rows learners and views read: ``Trace.rows``, whose
# columns are runtime2's ``T_TIME .. T_REASON``.
TP_TIME = 0
TP_G = 1  # goid (-1 if none)
TP_A = 2
TP_B = 3
TP_C = 4
TP_HDR = 5  # kind | reason << 8 | (p + 1) << 16 | (m + 1) << 32  (kind, reason < 256; -1 <= p < 65535; m >= -1)
TP_NCOLS = 6

# ---- event kinds -------------------------------------------------------------------------
EV_GOCREATE = 1  # g=new goid; a=parent goid, b=start func id, c=system(1)/user(0)
EV_RUNQPUT = 2  # p; g; a=next (1: into runnext), b=goid kicked from runnext to the tail (-1)
EV_RUNQPUTSLOW = 3  # p; g=the G being added; a=how many moved from the ring head (half)
EV_RUNQGET = 4  # (unused: EXECUTE with c=1 records a G taken from the local runq)
EV_GLOBRUNQPUT = 5  # g; a=1 at the head, 0 at the tail
EV_GLOBRUNQGET = 6  # p; g=the G to run (taken from the head); a=n taken in all (n-1 to p's ring)
EV_STEAL = 7  # p=thief; g=the G it will run; a=victim p, b=n taken, c=1 if it was runnext
EV_EXECUTE = 8  # p, m, g; a=inheritTime, b=schedtick after, c=1 if just taken from this P's
#                runnext (a=1) or ring head (a=0): runqget, recorded in the same event
EV_GOSCHED = 9  # g: running → runnable, to the tail of the global queue
EV_PREEMPT = 10  # g: stopped by preemption, to the tail of the global queue
EV_PREEMPTREQ = 11  # p, g: sysmon's preemptone asked g to stop; a=ns it had run
EV_PARK = 12  # g: running → waiting; a=wait reason
EV_READY = 13  # g: waiting → runnable (then EV_RUNQPUT); a=goid of the waker (-1: runtime)
EV_GOEXIT = 14  # g: running → dead
EV_SYSCALL = 15  # p, m, g: entersyscall; a=syscall end time
EV_SYSEXIT = 16  # p (the P it got, -1 none), m, g; a=SYSEXIT_* outcome
EV_RETAKE = 17  # p: sysmon took it from an M in a syscall; a=ns in the syscall
EV_HANDOFFP = 18  # p; a=HANDOFF_* outcome
EV_STARTM = 19  # m woken or created for p; a=spinning, b=1 new thread
EV_STOPM = 20  # m parks on the idle list
EV_ACQUIREP = 21  # p, m
EV_RELEASEP = 22  # p, m: p goes idle (pidleput)
EV_SPINNING = 23  # m; a=1 starts spinning, 0 stops
EV_TIMERADD = 24  # p, g; a=when, b=timer row
EV_TIMERFIRE = 25  # p (whose heap), g; a=when
EV_NETPOLL = 26  # m; a=1 blocks until b (the earliest timer), 0 wakes
EV_PRINT = 27  # g; a=output record index
EV_GOMAXPROCS = 28  # a=old, b=new
EV_STW = 29  # a=1 stop the world, 0 start it
EV_PANIC = 30  # g; a=value, b=type
EV_EXIT = 31  # a=exit code, b=FATAL_* reason
EV_WAKEP = 32  # (unused: wakep records the STARTM it makes, with reason R_WAKEP)
EV_DEFER = 33  # g; a=func id run by a deferred call
EV_MAKECHAN = 34  # g; a=chan id, b=cap
EV_CHANSEND = 35  # g; a=chan id, b=value, c=goid of the receiver it went to (-1: buffer or blocked)
EV_CHANRECV = 36  # g; a=chan id, b=value, c=goid of the sender it came from (-1: buffer/closed/blocked)
EV_CHANCLOSE = 37  # g; a=chan id, b=waiters woken
EV_SELECT = 38  # g; a=case chosen (source order, -1 default), b=channel, c=number of cases
EV_CHANPARK = 39  # g; a=chan id, b=the value it sends (0 for a receive), c=sudog*2 + 1 if a send
EV_SUDOGSKIP = 40  # g (whose select already won elsewhere); a=chan id, b=sudog, c=1 sendq / 0 recvq
# sync (part 2): every change of a sync word is one event that carries the word's new value,
# so state_at rebuilds each Mutex/RWMutex/WaitGroup/Once and each semaphore's queue
EV_NEWSYNC = 41  # g; a=sync row, b=SYNC_* kind, c=first sema row (RWMutex: +1 writerSem, +2 readerSem)
EV_MUTEX = 42  # g; a=sync row, b=Mutex.state after, c=detail (spin: iter; handoff: goid woken; TryLock: result)
EV_RWMUTEX = 43  # g; a=sync row, b=readerCount after, c=readerWait after
EV_WAITGROUP = 44  # g; a=sync row, b=state after (counter << 32 | waiters), c=delta (Add) / 0
EV_ONCE = 45  # g; a=sync row, b=done after
EV_SEMA = 46  # g; a=sema row, b=*addr after, c=+1 release / -1 acquire
EV_SEMQUEUE = 47  # g (the waiter); a=sema row, b=lifo, c=sudog
EV_SEMREADY = 48  # g (the woken waiter); a=sema row, b=ticket (1: handoff), c=sudog  (then READY)
EV_GOYIELD = 49  # g: goyield (after a semaphore handoff): running → runnable, tail of the local ring
# the heap and the GC (part 3)
EV_GCSTART = 50  # g (that started it); a=cycle number, b=heapLive, c=gcTrigger kind (0 heap, 2 runtime.GC)
EV_GCEND = 51  # g; a=cycle number (memstats.numgc), b=bytes marked (live heap), c=next heap goal (NextGC)
EV_ALLOC = 52  # g; a=bytes (rounded to the size class), b=size class (0: large), c=1 if by append's growslice
EV_SELECTORDER = 53  # g; a=pollorder, b=lockorder (case indices in source order, 4 bits each, first in the low bits), c=number of cases (-1 if more than 15: not packed)
#                      (nibbles past the orders' length are 0xF: cases on nil channels are in neither order)
EV_GCWORKER = 54  # p, m: a background mark worker; a=1 starts / 0 stops, b=gcMarkWorker*Mode, c=ns it ran (stop)
EV_GCASSIST = 55  # g: a mark assist, from the event's time; a=scan work done, b=ns it took, c=background credit stolen
EV_GCSWEEP = 56  # p, m: the background sweeper on a P with nothing else to run; a=1 starts / 0 stops, c=ns it ran (stop)

EV_NAMES = {v: k[3:] for k, v in list(globals().items()) if k.startswith("EV_")}

SYSEXIT_FAST = 1  # exitsyscallfast: reacquired its old P
SYSEXIT_IDLEP = 2  # exitsyscallfast_pidle: took an idle P
SYSEXIT_NOP = 3  # exitsyscall0: no P, the G goes to the global queue and the M stops

HANDOFF_WORK = 1  # local or global work: startm(p)
HANDOFF_SPIN = 2  # nobody spinning or idle: startm(p, spinning)
HANDOFF_LAST = 3  # last running P with nobody polling: startm(p)
HANDOFF_IDLE = 4  # pidleput

# ---- reasons ------------------------------------------------------------------------------
R_NONE = 0
R_NEWPROC = 1
R_READY = 2
R_RUNNEXT = 3
R_RINGHEAD = 4
R_SCHEDTICK61 = 5
R_GLOBALBATCH = 6
R_STEAL = 7
R_STEALRUNNEXT = 8
R_GOSCHED = 9
R_PREEMPT = 10
R_RUNQPUTSLOW = 11
R_SLEEP = 12
R_TIMER = 13
R_GOEXIT = 14
R_SYSCALL = 15
R_SYSEXIT = 16
R_RETAKE = 17
R_HANDOFF = 18
R_WAKEP = 19
R_STOPM = 20
R_NETPOLL = 21
R_MAINEXIT = 22
R_PANIC = 23
R_DEADLOCK = 24
R_GOMAXPROCS = 25
R_STARTUP = 26
R_RUNNEXTOFF = 27
R_IDLE = 28
R_DEFER = 29
R_FINDRUNNABLE_NOTHING = 30
R_SPINNING = 31
R_EXECUTE = 32
R_STEALRUNNEXTWAIT = 33
R_SYSMONSLEEP = 34
R_CHAN_DIRECT = 35
R_CHAN_BUF = 36
R_CHAN_BLOCK = 37
R_CHAN_CLOSED = 38
R_CHAN_RECVFULL = 39
R_CLOSECHAN = 40
R_SELECT_POLL = 41
R_SELECT_DEFAULT = 42
R_SELECT_BLOCK = 43
R_SELECT_WAKE = 44
R_CHAN_NIL = 45
R_MAKECHAN = 46
R_SELECT_STALE = 47
R_MU_LOCK_FAST = 48
R_MU_LOCK_SPIN = 49
R_MU_LOCK_WOKEN = 50
R_MU_LOCK_ACQUIRE = 51
R_MU_LOCK_QUEUE = 52
R_MU_LOCK_STARVING = 53
R_MU_LOCK_HANDOFF = 54
R_MU_LOCK_NORMAL = 55
R_MU_UNLOCK_FAST = 56
R_MU_UNLOCK_WAKE = 57
R_MU_UNLOCK_NOWAKE = 58
R_MU_UNLOCK_HANDOFF = 59
R_MU_TRYLOCK = 60
R_MU_UNLOCK_FATAL = 61
R_RW_RLOCK = 62
R_RW_RUNLOCK = 63
R_RW_LOCK = 64
R_RW_UNLOCK = 65
R_WG_ADD = 66
R_WG_RELEASE = 67
R_WG_WAIT = 68
R_ONCE_DONE = 69
R_SEMA_ACQUIRE = 70
R_SEMA_RELEASE = 71
R_SEMA_QUEUE = 72
R_SEMA_QUEUE_LIFO = 73
R_SEMA_READY = 74
R_SEMA_HANDOFF = 75
R_GOYIELD = 76
R_NEWSYNC = 77
R_AFTERFUNC = 78
R_GC_FORCED = 79
R_GC_HEAP = 80
R_MALLOC = 81
R_GROWSLICE = 82
R_SELECT_ORDER = 83
R_GC_DEDICATED = 84
R_GC_FRACTIONAL = 85
R_GC_IDLE = 86
R_GC_WORKERSTOP = 87
R_GC_ASSIST = 88
R_STOPTHEWORLD = 89
R_BGSWEEP = 90
R_BGSWEEPSTOP = 91

REASONS = {
    R_NONE: "",
    R_NEWPROC: "newproc: the new G goes into runnext; the old runnext is kicked to the tail of the ring (runqput next=true)",
    R_READY: "ready: a woken G goes into the waker's runnext (goready → runqput next=true), then wakep",
    R_RUNNEXT: "findRunnable: runqget → runnext first (inheritTime: it shares the current time slice)",
    R_RINGHEAD: "findRunnable: runqget → head of the local ring",
    R_SCHEDTICK61: "findRunnable: schedtick%61==0 → globrunqget(1), so the global queue is never starved",
    R_GLOBALBATCH: "findRunnable: local queue empty → globrunqget takes min(size, size/gomaxprocs+1, 128)",
    R_STEAL: "findRunnable: stealWork → runqsteal takes half of a random victim's ring (4 passes, coprime order)",
    R_STEALRUNNEXT: "stealWork: last pass, the victim's ring is empty → took its runnext",
    R_GOSCHED: "Gosched: goschedImpl puts the G at the tail of the global queue",
    R_PREEMPT: "sysmon: retake saw schedtick unchanged for ≥10ms (forcePreemptNS) → preemptone; gopreempt_m → global queue",
    R_RUNQPUTSLOW: "runqput: the ring is full → runqputslow moves half of it plus the G to the global queue",
    R_SLEEP: "time.Sleep: resetForSleep adds a timer to this P's heap and the G parks (waitReasonSleep)",
    R_TIMER: "checkTimers: the timer expired → goroutineReady readies the G into this P's runnext",
    R_GOEXIT: "goexit0: the G is dead; gfput keeps it on the P's free list for reuse",
    R_SYSCALL: "entersyscall: the P stays with the M in _Psyscall; sysmon may retake it",
    R_SYSEXIT: "exitsyscall: reacquire the old P if it is still ours, else an idle P, else queue the G globally",
    R_RETAKE: "sysmon: retake takes a P from a syscall (runq not empty, or nobody spinning/idle, or ≥10ms) → handoffp",
    R_HANDOFF: "handoffp: start an M for the P if there is work (or nobody spinning), else put it on the idle list",
    R_WAKEP: "wakep: an idle P and no spinning M → startm(nil, spinning=true)",
    R_STOPM: "findRunnable: nothing to run → releasep, pidleput, stopm (the M sleeps on the idle list)",
    R_NETPOLL: "findRunnable: nothing to run but timers pending → the M blocks in netpoll until the earliest timer",
    R_MAINEXIT: "runtime.main: main.main returned → exit(0); other goroutines are not waited for",
    R_PANIC: "panic: deferred calls ran; no recover → printpanics and exit(2)",
    R_DEADLOCK: "checkdead: no M running, no timers, goroutines waiting → fatal error: all goroutines are asleep",
    R_GOMAXPROCS: "GOMAXPROCS: stopTheWorld, procresize, startTheWorld",
    R_STARTUP: "runtime.main: the runtime's own goroutines start before main.main",
    R_RUNNEXTOFF: "runqput: runnext disabled in this run (a model knob) → tail of the ring",
    R_IDLE: "pidleput: the P has nothing to do",
    R_DEFER: "deferreturn: running a deferred call (last in, first out)",
    R_FINDRUNNABLE_NOTHING: "findRunnable: nothing found",
    R_SPINNING: "findRunnable: spinning (2*nmspinning < gomaxprocs-npidle) → stealWork",
    R_EXECUTE: "execute: the G runs; schedtick++ unless it inherits the time slice",
    R_STEALRUNNEXTWAIT: "runqgrab: the victim is running; usleep(3) first so it can run its own runnext",
    R_SYSMONSLEEP: "sysmon: all Ps idle → deep sleep until the next timer",
    R_CHAN_DIRECT: "a receiver/sender was waiting → direct handoff (send/recv), bypassing the buffer; the woken G goes to this P's runnext",
    R_CHAN_BUF: "no one waiting, room in the buffer → buf[sendx] / buf[recvx] (chanbuf)",
    R_CHAN_BLOCK: "no partner and no room → a sudog on the channel's wait queue; gopark",
    R_CHAN_CLOSED: "the channel is closed and empty → the zero value, ok=false",
    R_CHAN_RECVFULL: "chanrecv: buffer full with a sender waiting → take the head, the sender's value goes to the tail (recv)",
    R_CLOSECHAN: "closechan: closed = 1; every waiting receiver (zero value, ok=false), then every sender (will panic) is readied",
    R_SELECT_POLL: "selectgo pass 1: the first ready case in the random poll order",
    R_SELECT_DEFAULT: "selectgo: nothing ready and a default → the default runs",
    R_SELECT_BLOCK: "selectgo pass 2: a sudog on every channel, in lock order; gopark",
    R_SELECT_WAKE: "selectgo pass 3: woken by one case; its sudogs on the other channels are dequeued",
    R_CHAN_NIL: "a nil channel: the operation blocks forever",
    R_MAKECHAN: "makechan: a new hchan with a ring buffer of cap elements",
    R_SELECT_STALE: "waitq.dequeue: this sudog's select was already won by another case (selectDone) → dropped from the queue",
    R_MU_LOCK_FAST: "Lock: fast path, CAS state 0 → mutexLocked",
    R_MU_LOCK_SPIN: "Lock: spin — canSpin: iter < 4, ncpu > 1, another P busy, local runq empty → procyield(30)",
    R_MU_LOCK_WOKEN: "Lock: a spinner sets mutexWoken so that Unlock does not wake another waiter",
    R_MU_LOCK_ACQUIRE: "Lock: lockSlow's CAS took the unlocked mutex (normal mode: a new G may barge ahead of the waiters)",
    R_MU_LOCK_QUEUE: "Lock: held → waiter count+1, runtime_SemacquireMutex (FIFO; LIFO at the head if it waited before)",
    R_MU_LOCK_STARVING: "Lock: waited > 1ms (starvationThresholdNs) → starving: sets mutexStarving",
    R_MU_LOCK_HANDOFF: "Lock: woken in starvation mode: the mutex was handed off (locked, waiters-1)",
    R_MU_LOCK_NORMAL: "Lock: handed off as the last waiter or after waiting < 1ms → mutexStarving cleared, back to normal mode",
    R_MU_UNLOCK_FAST: "Unlock: fast path, no waiters → state 0",
    R_MU_UNLOCK_WAKE: "Unlock: normal mode → waiters-1, mutexWoken, semrelease wakes the first waiter (it must still compete)",
    R_MU_UNLOCK_NOWAKE: "Unlock: no one to wake (no waiters, or one is woken/spinning, or the mutex is locked again)",
    R_MU_UNLOCK_HANDOFF: "Unlock: starving → handoff: semrelease(handoff=true) gives the mutex to the first waiter and yields to it",
    R_MU_TRYLOCK: "TryLock: takes the mutex only if unlocked and not starving (never spins or queues)",
    R_MU_UNLOCK_FATAL: "unlockSlow: the mutex was not locked → fatal(\"sync: unlock of unlocked mutex\")",
    R_RW_RLOCK: "RLock: readerCount+1; negative means a writer is pending → wait on readerSem",
    R_RW_RUNLOCK: "RUnlock: readerCount-1; with a writer pending, readerWait-1 and the last reader wakes it (writerSem)",
    R_RW_LOCK: "Lock: w.Lock, then readerCount -= rwmutexMaxReaders; active readers → readerWait += r, wait on writerSem",
    R_RW_UNLOCK: "Unlock: readerCount += rwmutexMaxReaders, wake every reader that queued meanwhile, then w.Unlock",
    R_WG_ADD: "WaitGroup.Add: counter += delta (Done is Add(-1))",
    R_WG_RELEASE: "WaitGroup.Add: counter reached 0 with waiters → state = 0, semrelease once per waiter",
    R_WG_WAIT: "WaitGroup.Wait: counter > 0 → waiters+1, runtime_Semacquire",
    R_ONCE_DONE: "Once.doSlow: f returned → done = 1 (under o.m, so later Do calls return at once)",
    R_SEMA_ACQUIRE: "cansemacquire: *addr > 0 → *addr-1, no wait",
    R_SEMA_RELEASE: "semrelease: *addr+1",
    R_SEMA_QUEUE: "semacquire1: *addr == 0 → nwait+1, a sudog at the tail of the semaRoot's list for addr; goparkunlock",
    R_SEMA_QUEUE_LIFO: "semacquire1 (lifo: it waited before) → a sudog at the head of the list for addr; goparkunlock",
    R_SEMA_READY: "semrelease: dequeue the first waiter on addr → readyWithTime (goready: this P's runnext)",
    R_SEMA_HANDOFF: "semrelease(handoff): the count is taken for the waiter (ticket=1) → readyWithTime, then goyield",
    R_GOYIELD: "goyield: after a handoff the releaser goes to the tail of its local ring; the woken waiter runs next (runnext)",
    R_NEWSYNC: "a zero sync value (var x sync.T): unlocked, counter 0, not done",
    R_AFTERFUNC: "time.AfterFunc: the timer fired → goFunc starts f in a new goroutine (newproc)",
    R_GC_FORCED: "runtime.GC: gcStart(gcTrigger{kind: gcTriggerCycle}): a whole cycle, mark from the roots then sweep; runtime.GC waits for it",
    R_GC_HEAP: "mallocgc: heapLive reached the pacer's trigger → gcStart(gcTrigger{kind: gcTriggerHeap})",
    R_MALLOC: "mallocgc: the size rounded up to its size class (sizeclasses.go), or to 8 KiB pages above 32 KiB",
    R_GROWSLICE: "growslice: double below 256 elements, then grow by (cap+3*256)/4; bytes rounded to the size class",
    R_SELECT_ORDER: "selectgo: pollorder is a random permutation of the cases (fastrandn, Fisher-Yates), so no case is favoured; "
                    "lockorder sorts them by hchan address with a heap sort (the model: by channel id), so all selects lock channels in one order",
    R_GC_DEDICATED: "findRunnableGCWorker: the GC is marking and dedicatedMarkWorkersNeeded > 0 (25% of GOMAXPROCS, rounded) → this P runs a dedicated mark worker until the mark work runs out",
    R_GC_FRACTIONAL: "findRunnableGCWorker: this P is behind fractionalUtilizationGoal (what rounding the dedicated workers lost of 25%) → it runs the fractional mark worker for a while",
    R_GC_IDLE: "findRunnable: nothing to run while the GC marks → idle-time marking (gcMarkWorkerIdleMode) instead of giving up the P",
    R_GC_WORKERSTOP: "gcBgMarkWorker: the worker stops (no mark work left; fractional: over 1.2 × its goal, pollFractionalWorkerExit; idle: other work appeared, pollWork); markWorkerStop counts its time",
    R_GC_ASSIST: "gcAssistAlloc: the G allocated past its assist credit while the GC marks → it steals background credit, then does mark work itself (gcDrainN), at least gcOverAssistWork",
    R_STOPTHEWORLD: "stopTheWorld (here gcStart's sweep termination): preemptall stopped the G where it ran; it waits in the global queue, and when the world starts again its P goes through findRunnable (where a dedicated mark worker may take it)",
    R_BGSWEEP: "findRunnable: nothing to run and the last cycle's sweep is not done → the P runs the background sweeper (bgsweep: sweepone, a piece at a time)",
    R_BGSWEEPSTOP: "bgsweep: the sweep is done, or the P has Gs to run (goschedIfBusy) → the sweeper yields the P",
}
