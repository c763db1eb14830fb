"""The runtime's state: Gs, Ms, Ps, the scheduler, stacks, the heap and the trace, as arrays.

Models ``runtime/runtime2.go``. Go keeps its runtime state in structs linked by pointers
(``g``, ``m``, ``p``, ``schedt``); we keep the same fields as columns of ``int64`` arrays, one
row per G, M or P, so that numba can compile the scheduler, cache the machine code, and the
whole state can be copied, compared or replayed. A "pointer" to a G, M or P is its row index
(-1 for nil). Column names are Go's field names in capitals (``P_RUNNEXT`` is ``p.runnext``).

Everything lives in one ``State`` namedtuple (numba compiles namedtuples of arrays and caches
functions that take them; jitclasses cannot be cached). Arrays that can fill up (Gs, stacks,
the heap, strings, the trace, output) are grown by the Python driver: a kernel that is about
to run out stops cleanly with ``STOP_GROW`` and is re-entered with bigger arrays.

Invariants (checked by the property tests):
  * a G is in at most one place: a P's runnext, a P's ring, the global queue, running on an
    M, a wait (parked) or a free list;
  * a ring holds at most 256 Gs: ``0 <= runqtail - runqhead <= 256``;
  * ``sched.runqsize`` is the length of the global queue's linked list;
  * ``npidle`` is the length of the idle-P list and ``nmidle`` of the idle-M list.

Part 2 adds channels (``chans``, ``chanbuf``, ``sudogs``), timers (``timers``, ``ptimers``) and
sync values (``syncs``: a row per sync.Mutex/RWMutex/WaitGroup/Once, its fields as columns;
``semas``: their semaphores, each with its FIFO of waiting sudogs).

Simplifications: one OS thread per M with no OS scheduler underneath (an M runs whenever it
has a P and work); Ps are never destroyed except by ``GOMAXPROCS``; no cgo, no locked threads.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

# ---- G status (runtime2.go: _Gidle ...) ---------------------------------------------------
Gidle = 0
Grunnable = 1
Grunning = 2
Gsyscall = 3
Gwaiting = 4
Gdead = 6
Gpreempted = 9
GSTATUS_NAMES = {0: "_Gidle", 1: "_Grunnable", 2: "_Grunning", 3: "_Gsyscall", 4: "_Gwaiting",
                 6: "_Gdead", 9: "_Gpreempted"}

# ---- P status ------------------------------------------------------------------------------
Pidle = 0
Prunning = 1
Psyscall = 2
Pgcstop = 3
Pdead = 4
PSTATUS_NAMES = {0: "_Pidle", 1: "_Prunning", 2: "_Psyscall", 3: "_Pgcstop", 4: "_Pdead"}

# ---- wait reasons (runtime2.go: waitReason) -------------------------------------------------
# Only those the model can produce; the strings are Go's, as printed in tracebacks.
waitReasonZero = 0
waitReasonSleep = 1
waitReasonChanReceive = 2
waitReasonChanSend = 3
waitReasonChanReceiveNilChan = 4
waitReasonChanSendNilChan = 5
waitReasonSelect = 6
waitReasonSelectNoCases = 7
waitReasonSyncMutexLock = 8
waitReasonSyncRWMutexLock = 9
waitReasonSyncRWMutexRLock = 10
waitReasonSemacquire = 11
waitReasonForceGCIdle = 12
waitReasonGCSweepWait = 13
waitReasonGCScavengeWait = 14
waitReasonFinalizerWait = 15
waitReasonSyncCondWait = 16
waitReasonPreempted = 17
waitReasonGCWorkerIdle = 18
waitReasonSyncWaitGroupWait = 19  # Go 1.23+ (Go 1.19 parks WaitGroup.Wait as semacquire)
WAIT_REASONS = {
    0: "", 1: "sleep", 2: "chan receive", 3: "chan send", 4: "chan receive (nil chan)",
    5: "chan send (nil chan)", 6: "select", 7: "select (no cases)", 8: "sync.Mutex.Lock",
    9: "sync.RWMutex.Lock", 10: "sync.RWMutex.RLock", 11: "semacquire", 12: "force gc (idle)",
    13: "GC sweep wait", 14: "GC scavenge wait", 15: "finalizer wait", 16: "sync.Cond.Wait",
    17: "preempted", 18: "GC worker (idle)", 19: "sync.WaitGroup.Wait",
}

# ---- constants from proc.go / runtime2.go --------------------------------------------------
RUNQ_SIZE = 256  # len(p.runq)
GoidCacheBatch = 16  # _GoidCacheBatch
GFREE_MAX = 64  # gfput: move to the global list when p.gFree.n >= 64 ...
GFREE_KEEP = 32  # ... until fewer than 32 remain; gfget refills up to 32
stealTries = 4
forcePreemptNS = 10_000_000  # 10 ms
SYSMON_MIN_DELAY_US = 20
SYSMON_MAX_DELAY_US = 10_000
forcegcperiod = 2 * 60 * 1_000_000_000
MAXPROCS = 256  # the model's limit on GOMAXPROCS

# ---- G columns (struct g) -------------------------------------------------------------------
G_STATUS = 0  # atomicstatus
G_GOID = 1  # goid
G_M = 2  # m: the M running it, or -1
G_PC = 3  # saved pc (sched.pc): the next instruction to run
G_FP = 4  # saved frame pointer, as an offset from G_STACKLO
G_STACKLO = 5  # stack.lo: index of the stack segment in State.stack
G_STACKSIZE = 6  # stack.hi - stack.lo, in slots
G_SCHEDLINK = 7  # schedlink: next G in the global queue or a free list
G_WAITREASON = 8  # waitreason
G_PREEMPT = 9  # preempt: asked to stop, and why (traceev R_PREEMPT: sysmon; R_STOPTHEWORLD); 0 not asked
G_SYSTEM = 10  # isSystemGoroutine (runtime's own: forcegc, bgsweep, finalizer ...)
G_STARTFN = 11  # startpc: the function the G started in (func id)
G_GOPC = 12  # gopc: pc of the go statement that created it (-1 for main)
G_PARENTGOID = 13  # parentGoid
G_DEFER = 14  # _defer: heap ref of the newest defer record, -1 if none
G_PANICKING = 15  # 1 while a panic unwinds this G
G_PANICVAL = 16  # the panic value (a slot value) ...
G_PANICTY = 17  # ... and its type (isa.TY_*), or a negative runtime-error code
G_PARAM = 18  # param: a value handed over by the waker (chan recv, select case ...)
G_TIMER = 19  # timer: the sleep timer's row in State.timers, -1 if none
G_RUNNABLESINCE = 20  # when it last became runnable (for scheduling-latency statistics)
G_SYSCALLPC = 21  # pc of the syscall in progress
G_WAITSINCE = 22  # waitsince: when it parked
G_PANICFP = 23  # the frame that panicked (offset from G_STACKLO): deferred calls go above it
G_PANICPC = 24  # the pc of the panic (for the traceback)
G_PANIC1VAL = 25  # a first panic, aborted by a panic in one of its deferred calls: its value,
G_PANIC1TY = 26  # type,
G_PANIC1PC = 27  # and pc (the traceback shows the frame that panicked first at this pc)
G_WAITING = 28  # waiting: the G's sudogs (a list through SG_WAITLINK) while it blocks on channels
G_SELECTDONE = 29  # selectDone: set by the first waker of a blocked select
G_WAKEKIND = 30  # what the G must finish when it runs again (WAKE_*: chansend, chanrecv, select pass 3)
G_SELDST = 31  # where a blocked select's results go (stack offset of its dst slot)
# sync (part 2): the locals of sync.(*Mutex).lockSlow, kept while the G spins or waits on the
# mutex's semaphore (the G runs the Lock instruction again to go on with the loop)
G_LKFLAGS = 32  # LK_* bits: in lockSlow, starving, awoke
G_LKWAITSTART = 33  # waitStartTime (simulated ns; 0: not waited yet)
G_LKITER = 34  # iter: spins so far
G_GCASSISTBYTES = 35  # gcAssistBytes: the G's assist credit in bytes (negative: debt), during a mark
G_NCOLS = 36
LK_ACTIVE = 1  # the G is inside lockSlow's loop
LK_STARVING = 2  # lockSlow's starving
LK_AWOKE = 4  # lockSlow's awoke

# ---- M columns (struct m) -------------------------------------------------------------------
M_ID = 0
M_P = 1  # p: the P it holds, or -1
M_NEXTP = 2  # nextp: the P handed to it by startm
M_OLDP = 3  # oldp: the P it held when it entered a syscall
M_CURG = 4  # curg: the G it runs, or -1
M_SPINNING = 5  # spinning: looking for work
M_STATE = 6  # what the M is doing (MS_*): the model's view of its thread
M_CLOCK = 7  # when it next acts (simulated ns)
M_SCHEDLINK = 8  # schedlink: next M on the idle list
M_SYSCALLTICK = 9  # syscalltick: the P's syscalltick when it entered the syscall
M_BLOCKED = 10  # blocked: parked on a note (idle or in netpoll)
M_WASSPINNING = 11  # findRunnable's wasSpinning, kept while blocked in netpoll
M_CLKREM = 12  # picoseconds of instruction time not yet a whole ns on M_CLOCK (0..999)
M_NCOLS = 13

MS_IDLE = 0  # parked on the idle list (mPark in stopm)
MS_RUN = 1  # holds a P: runs its curg, or schedule()s when curg == -1
MS_SYSCALL = 2  # in a syscall with curg; leaves it at M_CLOCK
MS_NETPOLL = 3  # blocked in netpoll until M_CLOCK (the earliest timer)
MS_START = 4  # woken by startm with nextp; acquires it at M_CLOCK
MS_NAMES = {0: "idle", 1: "running", 2: "syscall", 3: "netpoll", 4: "starting"}

# ---- P columns (struct p) -------------------------------------------------------------------
P_ID = 0
P_STATUS = 1
P_M = 2  # m: the M holding it, or -1
P_LINK = 3  # link: next P on the idle list
P_SCHEDTICK = 4  # schedtick: incremented on every schedule() that does not inherit time
P_SYSCALLTICK = 5  # syscalltick: incremented on every syscall
P_RUNQHEAD = 6  # runqhead
P_RUNQTAIL = 7  # runqtail
P_RUNNEXT = 8  # runnext: the G to run next, ahead of the ring
P_GOIDCACHE = 9  # goidcache
P_GOIDCACHEEND = 10  # goidcacheend
P_GFREE = 11  # gFree: head of the free-G list
P_GFREECNT = 12  # gFree.n
P_NTIMERS = 13  # len(timers): size of this P's timer heap
P_SM_SCHEDTICK = 14  # sysmontick.schedtick
P_SM_SCHEDWHEN = 15  # sysmontick.schedwhen
P_SM_SYSCALLTICK = 16  # sysmontick.syscalltick
P_SM_SYSCALLWHEN = 17  # sysmontick.syscallwhen
P_IDLEMASK = 18  # idlepMask bit
P_GCMARKWORKERMODE = 19  # gcMarkWorkerMode: the mark worker it runs (mgcpacer gcMarkWorker*Mode), 0 none
P_GCMARKWORKERSTARTTIME = 20  # gcMarkWorkerStartTime: when that worker started
P_GCFRACTIONALMARKTIME = 21  # gcFractionalMarkTime: ns of fractional marking this cycle
P_BGSWEEP = 22  # 1 while the P runs the background sweeper (mgcsweep.go: bgsweep; not a G here)
P_BGSWEEPSTART = 23  # when it started
P_NCOLS = 24

# ---- schedt and global scalars (State.sched) -------------------------------------------------
S_GOMAXPROCS = 0
S_GOIDGEN = 1  # goidgen
S_RUNQHEAD = 2  # runq: the global queue, a linked list through G_SCHEDLINK
S_RUNQTAIL = 3
S_RUNQSIZE = 4  # runqsize
S_PIDLE = 5  # pidle: the idle-P list (LIFO)
S_NPIDLE = 6  # npidle
S_MIDLE = 7  # midle: the idle-M list (LIFO)
S_NMIDLE = 8  # nmidle
S_NMSPINNING = 9  # nmspinning
S_MCOUNT = 10  # mcount(): Ms created (sysmon not included here; see S_NMSYS)
S_NMSYS = 11  # nmsys: sysmon
S_GFREE = 12  # gFree: global free-G list
S_NGFREE = 13
S_NGSYS = 14  # ngsys: system goroutines
S_ALLGLEN = 15  # allglen: Gs ever allocated
S_NM = 16  # rows of allm in use
S_MAINSTARTED = 17  # mainStarted
S_SYSMON_WHEN = 18  # when sysmon next wakes
S_SYSMON_DELAY = 19  # its current delay (µs)
S_SYSMON_IDLE = 20  # its idle counter
S_SYSMONWAIT = 21  # sysmonwait: in deep sleep
S_LASTTRACE = 22  # lasttrace of schedtrace
S_SCHEDTRACE = 23  # debug.schedtrace (ms), 0 off
S_SCHEDDETAIL = 24  # debug.scheddetail
S_ASYNCPREEMPTOFF = 25  # debug.asyncpreemptoff
S_HEAPTOP = 26  # bump pointer of State.heap
S_STACKTOP = 27  # bump pointer of State.stack
S_NSTRINGS = 28  # rows of State.strtab in use
S_STRBUFTOP = 29  # bytes of State.strbuf in use
S_NTRACE = 30  # events recorded
S_NOUT = 31  # output records
S_NOUTARGS = 32  # output argument slots used
S_EXITED = 33  # the program has ended
S_EXITCODE = 34
S_FATAL = 35  # why it ended: FATAL_*
S_FATALG = 36  # the G that panicked (row), for the traceback
S_NOW = 37  # the time of the last event (the simulated clock seen from outside)
S_TRACEON = 38  # record the event trace
S_MAXEVENTS = 39  # stop with STOP_PAUSE when this many events are recorded (0: never)
S_STOP = 40  # why the kernel returned: STOP_*
S_GROW = 41  # what to grow when S_STOP == STOP_GROW: GROW_*
S_NTIMERROWS = 42  # rows of State.timers in use
S_TIMERFREE = 43  # free list of timer rows
S_NETPOLLM = 44  # the M blocked in netpoll, or -1 (sched.lastpoll == 0)
S_RUNNEXT_OFF = 45  # model knob: never use runnext (to show what it buys)
S_GOVERSION = 46  # 119 for Go 1.19 rules, 0 for today's
S_STARTTIME = 47  # runtimeInitTime
S_STACKFREE0 = 48  # heads of the stack free lists, one per power of two (48 .. 48+31)
S_STAT_GOSCHED = 80
S_STAT_PREEMPT = 81
S_STAT_STEAL = 82
S_STAT_STOLEN = 83
S_STAT_CSW = 84  # context switches (execute)
S_STAT_SYSCALL = 85
S_STAT_HANDOFF = 86
S_STAT_GOCREATE = 87
S_STAT_GOEXIT = 88
S_STAT_PARK = 89
S_STAT_SCHEDTICK61 = 90
S_STAT_RUNQPUTSLOW = 91
S_STAT_GLOBRUNQGET = 92
S_STAT_INSTR = 93  # instructions executed
S_STAT_WAKEP = 94
S_STAT_STOPM = 95
S_STAT_TIMERS = 96
S_STAT_MAXG = 97  # most goroutines alive at once
S_TRACELOST = 98  # events that found the trace full (a bug if ever non-zero; tests check it)
S_NCHANS = 99  # rows of State.chans in use
S_CHANBUFTOP = 100  # bump pointer of State.chanbuf
S_SUDOGFREE = 101  # free list of sudogs (through SG_NEXT)
S_NSUDOGS = 102  # rows of State.sudogs in use
S_STAT_CHANOPS = 103
S_SUDOGFREEN = 104  # sudogs on the free list
S_NSYNCS = 105  # rows of State.syncs in use
S_NSEMAS = 106  # rows of State.semas in use
S_NCPU = 107  # ncpu (the machine's CPUs, as the runtime sees them: canSpin needs > 1)
S_THROW = 108  # the message of a fatal error raised by a sync kernel (THROW_*)
S_STAT_SYNCOPS = 109  # sync operations (Lock, Unlock, Add, Wait ...)
S_STAT_SPINS = 110  # lockSlow spins (procyield(active_spin_cnt))
S_STAT_HANDOFFS = 111  # semrelease direct handoffs (starvation mode)
S_NGOFUNC = 112  # pending time.AfterFunc timers (each will need a G and a stack)
# part 3: the heap's accounting (mstats.go: heapStats / memstats; malloc.go, mallocgc). The bytes
# allocated and freed are the pacer's totalAlloc and totalFree (State.gcc, course.mgcpacer);
# HeapAlloc and HeapObjects are derived from them as readmemstats_m derives them (course.mstats).
S_MALLOCS = 115  # objects allocated (MemStats.Mallocs)
S_FREES = 116  # objects freed (MemStats.Frees)
S_OBJTOP = 118  # bump pointer of State.objheap
S_NUMGC = 119  # memstats.numgc: completed GC cycles
S_NUMFORCEDGC = 120  # memstats.numforcedgc: cycles forced by runtime.GC()
S_PAUSETOTAL = 121  # memstats.pause_total_ns
S_LASTGC = 122  # memstats.last_gc_nanotime (simulated ns)
S_GREY = 123  # head of the grey list (gcWork, through the objects' OH_NEXT), -1 empty
S_GCPHASE = 125  # gcphase: _GCoff (0) or _GCmark (1: between gcStart and mark termination)
_GCoff = 0  # S_GCPHASE's values (mgc.go: gcphase): not marking (sweeping, or idle)
_GCmark = 1  # marking: allocate-black, the write barrier on
S_GCTRACE = 126  # debug.gctrace (GODEBUG=gctrace=N)
# mgc.go's work struct (the cycle in progress) and the root jobs still to do (course.mgc)
S_W_TSWEEPTERM = 128  # work.tSweepTerm
S_W_TMARK = 129  # work.tMark
S_W_TMARKTERM = 130  # work.tMarkTerm
S_W_TEND = 131  # work.tEnd
S_W_HEAP0 = 132  # work.heap0: heapLive at gcStart
S_W_HEAP1 = 133  # work.heap1: heapLive at mark termination
S_W_HEAP2 = 134  # work.heap2: bytes marked
S_W_USERFORCED = 135  # work.userForced
S_W_STWPROCS = 136  # work.stwprocs
S_W_MAXPROCS = 137  # work.maxprocs
S_W_TOTALTIME = 138  # work.totaltime: GC CPU ns over all cycles
S_W_DATALEFT = 139  # scan work of the data-segment root job still to do (0: done)
S_W_BSSLEFT = 140  # of the BSS root job
S_W_STACKLEFT = 141  # of the stack root jobs
S_W_HEAPLEFT = 142  # heap scan work still to do
S_W_MARKBUSY = 143  # when the last mark work taken so far ends (an assist or worker runs to then)
S_W_DATA = 144  # the data segment's part of globalsScan (the first root job; the BSS, the rest, is the second)
S_ARENAS = 145  # heap arenas mapped (64 MiB each; Go never unmaps one): their metadata is non-heap memory
S_GCCHECKMARK = 146  # debug.gccheckmark (GODEBUG=gccheckmark=1): verify each mark (mcheckmark.go)
S_W_BADOBJ = 147  # the object the checkmark pass found unmarked (its objheap index)
S_WBOFF = 148  # the model knob Program.run(writebarrier=False): no write barrier (not a Go setting)
S_W_BYTESMARKED = 149  # work.bytesMarked: bytes marked this cycle (greyobject, allocate-black)
S_SWEEPCURSOR = 150  # the sweep: the objheap index it goes on from (mgcsweep.go: sweepone)
S_SWEEPTOP = 151  # where it ends (objheap's top at mark termination); done when cursor >= top
S_SWEEPBASIS = 152  # the cursor when the sweep was paced (pagesSweptBasis)
S_SWEEPDIST = 153  # slots to sweep from there (gcPaceSweeper: pagesInUse - pagesSwept)
S_SWEEPHEAPDIST = 154  # bytes the program may allocate meanwhile (heapDistance)
S_SWEEPHEAPLIVEBASIS = 155  # heapLive when it was paced (sweepHeapLiveBasis)
S_NCOLS = 156

STOP_DONE = 1  # the program ended
STOP_GROW = 2  # an array is full: grow S_GROW and call again
STOP_PAUSE = 3  # S_MAXEVENTS events recorded
STOP_LIMIT = 4  # simulated time limit reached

GROW_G = 1
GROW_STACK = 2
GROW_HEAP = 3
GROW_STRINGS = 4
GROW_TRACE = 5
GROW_OUT = 6
GROW_TIMERS = 7
GROW_M = 8
GROW_CHAN = 9
GROW_SUDOG = 10
GROW_SYNC = 11
GROW_OBJ = 12

FATAL_NONE = 0
FATAL_PANIC = 1  # panic: ... (goroutine traceback of the panicking G)
FATAL_DEADLOCK = 2  # fatal error: all goroutines are asleep - deadlock!
FATAL_THROW = 3  # fatal error: <runtime throw> (e.g. sync: unlock of unlocked mutex)

# S_THROW: what sync's fatal() said (panic.go: sync_fatal → fatal)
THROW_NONE = 0  # (checkdead: runnable g)
THROW_UNLOCK = 1  # sync: unlock of unlocked mutex
THROW_RUNLOCK = 2  # sync: RUnlock of unlocked RWMutex
THROW_RWUNLOCK = 3  # sync: Unlock of unlocked RWMutex
THROW_INCONSISTENT = 4  # sync: inconsistent mutex state
THROW_CHECKMARK = 5  # checkmark found unmarked object (GODEBUG=gccheckmark=1: mcheckmark.go)
THROW_MESSAGES = {THROW_NONE: "checkdead: runnable g", THROW_UNLOCK: "sync: unlock of unlocked mutex",
                  THROW_RUNLOCK: "sync: RUnlock of unlocked RWMutex", THROW_RWUNLOCK: "sync: Unlock of unlocked RWMutex",
                  THROW_INCONSISTENT: "sync: inconsistent mutex state",
                  THROW_CHECKMARK: "checkmark found unmarked object"}

# ---- timers (time.go) -----------------------------------------------------------------------
TM_WHEN = 0
TM_G = 1  # the G to ready (sleep)
TM_KIND = 2  # TK_*
TM_STATUS = 3  # timerWaiting ... as Go's timer status
TM_P = 4  # the P whose heap holds it
TM_SEQ = 5  # insertion order (the heap is a 4-ary heap like Go's; ties are heap order)
TM_ARG = 6  # kind-specific argument (TK_SENDTIME: the channel)
TM_PERIOD = 7  # period: a ticker fires again every period ns (0: once)
TM_NCOLS = 8
TK_SLEEP = 1  # goroutineReady: wake the sleeping G
TK_SENDTIME = 2  # sendTime: a non-blocking send of the time on the timer's channel (time.NewTimer/Tick)
TK_GOFUNC = 3  # goFunc: start TM_ARG (a closure) in a new goroutine (time.AfterFunc)

# ---- channels (chan.go: hchan) and sudogs (runtime2.go: sudog) -----------------------------
HC_QCOUNT = 0  # qcount: elements in the buffer
HC_DATAQSIZ = 1  # dataqsiz: the buffer's size (cap)
HC_BUF = 2  # buf: first slot of its ring in State.chanbuf
HC_ELEMTYPE = 3  # elemtype (isa.TY_*)
HC_CLOSED = 4  # closed
HC_SENDX = 5  # sendx: send index in the ring
HC_RECVX = 6  # recvx: receive index in the ring
HC_RECVQ_FIRST = 7  # recvq: blocked receivers (FIFO of sudogs)
HC_RECVQ_LAST = 8
HC_SENDQ_FIRST = 9  # sendq: blocked senders
HC_SENDQ_LAST = 10
HC_NCOLS = 12

SG_G = 0  # g
SG_NEXT = 1  # next, prev: the channel wait queue
SG_PREV = 2
SG_C = 3  # c: the channel
SG_ELEM = 4  # elem: where a receiver's value goes (offset in its G's stack), -1 none
SG_OKOFF = 5  # where a receiver's ok goes (offset in its G's stack), -1 none
SG_VAL = 6  # a sender's value (Go points elem at it)
SG_ISSELECT = 7  # isSelect
SG_SUCCESS = 8  # success: woken by a communication (true) or by close (false)
SG_WAITLINK = 9  # waitlink: the G's next sudog (select)
SG_CASEI = 10  # the select case (in source order) this sudog stands for
SG_ISSEND = 11  # 1 for a send case
SG_NCOLS = 12

WAKE_NONE = 0
WAKE_SEND = 1  # chansend after gopark: closed := !mysg.success → panic
WAKE_RECV = 2  # chanrecv after gopark: release the sudog
WAKE_SELECT = 3  # selectgo pass 3
WAKE_SEMA = 4  # semacquire1 after goparkunlock: the blocked sync instruction runs again and goes on

# ---- sync (part 2): sync.Mutex, RWMutex, WaitGroup, Once (sync/*.go) and semaphores (sema.go)
# A sync value is a row of State.syncs; its fields are columns, laid out like Go's structs with
# the embedded Mutex first (RWMutex.w and Once.m use the MU_ columns of their own row).
SY_KIND = 0  # SYNC_*
MU_STATE = 1  # Mutex.state: mutexLocked | mutexWoken | mutexStarving | waiters << mutexWaiterShift
MU_SEMA = 2  # Mutex.sema (a row of State.semas); WaitGroup's sema too
RW_WRITERSEM = 3  # RWMutex.writerSem: writers wait here for the readers to leave
RW_READERSEM = 4  # RWMutex.readerSem: readers wait here for the writer to leave
RW_READERCOUNT = 5  # RWMutex.readerCount (negative while a writer is pending)
RW_READERWAIT = 6  # RWMutex.readerWait: departing readers the writer still waits for
WG_STATE = 7  # WaitGroup state: counter << 32 | waiters (one 64-bit word, as Go's state1)
ONCE_DONE = 8  # Once.done
SY_NCOLS = 10
SYNC_MUTEX = 1
SYNC_RWMUTEX = 2
SYNC_WAITGROUP = 3
SYNC_ONCE = 4
SYNC_KIND_NAMES = {SYNC_MUTEX: "sync.Mutex", SYNC_RWMUTEX: "sync.RWMutex", SYNC_WAITGROUP: "sync.WaitGroup",
                   SYNC_ONCE: "sync.Once"}
mutexLocked = 1
mutexWoken = 2
mutexStarving = 4
mutexWaiterShift = 3
starvationThresholdNs = 1_000_000
active_spin = 4  # proc.go: spins before a Lock parks
active_spin_cnt = 30  # procyield(active_spin_cnt) per spin
rwmutexMaxReaders = 1 << 30

# A semaphore (sema.go): its uint32 count and, standing in for its semaRoot's treap node, the
# FIFO of sudogs waiting on this address (SG_NEXT links them; SG_VAL is the sudog's ticket).
SM_VAL = 0  # *addr
SM_HEAD = 1  # the first waiter (the treap node for addr), -1 none
SM_TAIL = 2  # its waittail
SM_NWAIT = 3  # root.nwait (one root per address here)
SM_SYNC = 4  # the sync row it belongs to (for the trace)
SM_NCOLS = 6
timerNoStatus = 0
timerWaiting = 1
timerRunning = 2
timerDeleted = 3

# ---- trace rows (State.trace) ---------------------------------------------------------------
T_TIME = 0
T_P = 1
T_M = 2
T_G = 3  # goid (not the row: rows are reused)
T_KIND = 4
T_A = 5
T_B = 6
T_C = 7
T_REASON = 8
T_NCOLS = 9

# ---- output records (State.out) -------------------------------------------------------------
O_TIME = 0
O_GOID = 1
O_DESC = 2  # print descriptor id, or OUT_* for the runtime's own lines
O_ARGS = 3  # first slot in State.outargs
O_NARGS = 4
O_NCOLS = 5
OUT_SCHEDTRACE = -1  # args: the numbers of one schedtrace line (see course.schedtrace)
OUT_GCTRACE = -2  # args: the numbers of one gctrace line (see course.mgc.format_gctrace)

State = namedtuple(
    "State",
    [
        "sched",  # int64[S_NCOLS]
        "allg",  # int64[ng, G_NCOLS]
        "allm",  # int64[nm, M_NCOLS]
        "allp",  # int64[MAXPROCS, P_NCOLS]
        "runq",  # int64[MAXPROCS, RUNQ_SIZE]: each P's ring (G rows)
        "ptimers",  # int64[MAXPROCS, ntimers]: each P's timer heap (timer rows)
        "timers",  # int64[ntimers, TM_NCOLS]
        "stack",  # int64[nstack]: goroutine stacks
        "heap",  # int64[nheap]: heap objects (cells, closures, defer records ...)
        "globals",  # int64[nglobals]
        "strbuf",  # uint8[nbytes]: string bytes
        "strtab",  # int64[nstrings, 2]: (offset, length) of each string
        "rng",  # uint64[nm]: each M's fastrand state
        "trace",  # int64[ntrace, TP_NCOLS]: events packed in 6 words (course.traceev); Trace.rows has T_NCOLS
        "out",  # int64[nout, O_NCOLS]
        "outargs",  # int64[noutargs]
        "code",  # int64[ninstr, 5]
        "funcs",  # int64[nfuncs, F_NCOLS]
        "costs",  # int64[C_NCOLS]: the cost model (course.costs)
        "pdesc",  # int64[nprintdescs]: 1 if that print is a syscall (fmt), 0 if not (print)
        "chans",  # int64[nchans, HC_NCOLS]: hchan
        "chanbuf",  # int64[n]: the channels' ring buffers
        "sudogs",  # int64[nsudogs, SG_NCOLS]
        "scratch",  # int64[6 * 1024]: selectgo's poll and lock orders (the kernels allocate nothing)
        "syncs",  # int64[nsyncs, SY_NCOLS]: sync.Mutex / RWMutex / WaitGroup / Once values
        "semas",  # int64[nsemas, SM_NCOLS]: their semaphores
        "objheap",  # int64[n]: Go's heap objects (structs, slices' arrays and headers), see course.malloc
        "gcc",  # int64[mgcpacer.C_NCOLS]: the GC pacer (gcController), its integer fields
        "gccf",  # float64[mgcpacer.F_NCOLS]: its float fields
    ],
)

GROWABLE = {
    GROW_G: ("allg",),
    GROW_STACK: ("stack",),
    GROW_HEAP: ("heap",),
    GROW_STRINGS: ("strbuf", "strtab"),
    GROW_TRACE: ("trace",),
    GROW_OUT: ("out", "outargs"),
    GROW_TIMERS: ("timers", "ptimers"),
    GROW_M: ("allm", "rng"),
    GROW_CHAN: ("chans", "chanbuf"),
    GROW_SUDOG: ("sudogs",),
    GROW_SYNC: ("syncs", "semas"),
    GROW_OBJ: ("objheap",),
}


def grow(st: State, what: int) -> State:
    """Double the arrays named by ``what`` (a GROW_* code); the new rows are zero."""
    repl = {}
    for name in GROWABLE[what]:
        a = getattr(st, name)
        if name == "ptimers":  # grows along its second axis, with the timers table
            b = np.zeros((a.shape[0], a.shape[1] * 2), dtype=a.dtype)
            b[:, : a.shape[1]] = a
        else:
            b = np.zeros((a.shape[0] * 2,) + a.shape[1:], dtype=a.dtype)
            b[: a.shape[0]] = a
        repl[name] = b
    return st._replace(**repl)


def copy_state(st: State) -> State:
    return State(*(a.copy() for a in st))
