"""The event trace of a run: every scheduler decision, with the Go rule behind it.

``Trace`` wraps the trace rows a run recorded (``course.traceev`` lists the kinds and reasons).
It can

* list and narrate events (``events()``, ``narrate()``), each with the Go function and rule
  that caused it, in words;
* rebuild the scheduler's state *after any event* (``state_at(step)``): every P's runnext and
  ring, the global queue, each G's status, each P's status and M. The state is rebuilt by
  replaying the recorded decisions (put this G in runnext; take half of that ring ...) on
  plain Python lists; the replay decides nothing, so it is not a second copy of any policy,
  and a test checks that replaying a whole run ends in exactly the kernel's final state;
  part 2 adds every channel (``.chans``) and every sync value: ``.mutexes`` (Go's state word:
  locked, woken, starving, waiter count, and the goroutines asleep on its semaphore),
  ``.rwmutexes``, ``.waitgroups``, ``.onces`` and ``.semas``;
* export to the Chrome/Perfetto JSON trace format (``to_perfetto()``), one track per P.
"""
from __future__ import annotations

import json
import sys
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

import numpy as np

from . import isa
from .runtime2 import (GSTATUS_NAMES, PSTATUS_NAMES, S_GOMAXPROCS, S_NTRACE, T_A, T_B, T_C, T_G, T_KIND, T_M,
                       T_NCOLS, T_P, T_REASON, T_TIME, WAIT_REASONS, Gdead, Grunnable, Grunning, Gsyscall, Gwaiting,
                       Pidle, Prunning, Psyscall, State)
from .traceev import *  # noqa: F403

RUNNING_ENDS = (EV_GOSCHED, EV_PREEMPT, EV_PARK, EV_GOEXIT, EV_SYSCALL, EV_GOYIELD)
SYNC_EVENTS = (EV_NEWSYNC, EV_MUTEX, EV_RWMUTEX, EV_WAITGROUP, EV_ONCE, EV_SEMA, EV_SEMQUEUE, EV_SEMREADY)
_MU_LOCKED, _MU_WOKEN, _MU_STARVING, _MU_SHIFT = 1, 2, 4, 3  # sync/mutex.go
_SYNC_MUTEX, _SYNC_RWMUTEX, _SYNC_WAITGROUP, _SYNC_ONCE = 1, 2, 3, 4  # runtime2.SYNC_*


def select_order(packed: int, ncases: int) -> Optional[list[int]]:
    """An order from an ``EV_SELECTORDER`` event (its ``a``: the poll order, or ``b``: the lock
    order) as a list of case indices in source order, first first. Cases on nil channels are in
    neither order, so the list can be shorter than ``ncases``. None when the select had more
    than 15 cases (``ncases == -1``): the trace does not hold its orders."""
    if ncases < 0:
        return None
    out = []
    for n in range(min(ncases, 15)):
        x = (int(packed) >> (4 * n)) & 0xF
        if x == 0xF:  # past the end: the rest were cases on nil channels
            break
        out.append(x)
    return out


def select_orders_text(poll: int, lock: int, ncases: int) -> str:
    """An ``EV_SELECTORDER`` event in words."""
    po, lo = select_order(poll, ncases), select_order(lock, ncases)
    if po is None or lo is None:
        return "select of more than 15 cases: its poll and lock orders are too long to record"
    nil = ncases - len(po)
    return (f"select of {ncases} cases: poll order {','.join(map(str, po)) or '(none)'}, "
            f"lock order {','.join(map(str, lo)) or '(none)'}"
            + (f" ({nil} on nil channels, in neither)" if nil else ""))


@dataclass(frozen=True)
class Event:
    """One trace row, readable."""

    index: int
    time: int  # simulated ns
    p: int
    m: int
    g: int  # goid, -1 if none
    kind: str
    a: int
    b: int
    c: int
    reason: str

    def __str__(self) -> str:
        who = " ".join(x for x in (f"P{self.p}" if self.p >= 0 else "", f"M{self.m}" if self.m >= 0 else "sysmon" if self.m == -1 and self.kind in ("PREEMPTREQ", "RETAKE") else "",
                                    f"G{self.g}" if self.g >= 0 else "") if x)
        return f"{self.time / 1000:>12.3f}µs  {who:<14} {self.kind:<12} {self.reason}"


@dataclass
class ChanState:
    """An hchan after an event: its buffer (oldest first), its wait queues (goids, first
    first) and whether it is closed."""

    cap: int
    buf: list[int]
    recvq: list[int]
    sendq: list[int]
    closed: bool

    @property
    def qcount(self) -> int:
        return len(self.buf)


@dataclass
class SemaState:
    """A semaphore after an event: its count and the goids waiting on it, first first."""

    value: int
    waiters: list[int]


@dataclass
class MutexState:
    """A sync.Mutex after an event: Go's state word and what it packs, and the goroutines
    asleep on its semaphore (first to be woken first)."""

    state: int
    sema: SemaState

    @property
    def locked(self) -> bool:
        return bool(self.state & _MU_LOCKED)

    @property
    def woken(self) -> bool:
        return bool(self.state & _MU_WOKEN)

    @property
    def starving(self) -> bool:
        return bool(self.state & _MU_STARVING)

    @property
    def waiters(self) -> int:
        """The waiter count in the state word (state >> mutexWaiterShift)."""
        return self.state >> _MU_SHIFT

    @property
    def mode(self) -> str:
        return "starvation" if self.starving else "normal"


@dataclass
class RWMutexState:
    """A sync.RWMutex after an event: its writers' mutex w, readerCount (negative while a
    writer is pending), readerWait and its two semaphores."""

    w: MutexState
    reader_count: int
    reader_wait: int
    writer_sem: SemaState
    reader_sem: SemaState


@dataclass
class WaitGroupState:
    """A sync.WaitGroup after an event: state = counter << 32 | waiters, and its semaphore."""

    state: int
    sema: SemaState

    @property
    def counter(self) -> int:
        return self.state >> 32

    @property
    def waiters(self) -> int:
        return self.state & 0xFFFFFFFF


@dataclass
class OnceState:
    """A sync.Once after an event: done, and its mutex m."""

    done: bool
    m: MutexState


@dataclass
class SchedState:
    """The scheduler's state after an event (see Trace.state_at)."""

    step: int
    time: int
    runnext: list[Optional[int]]  # per P: goid or None
    runq: list[list[int]]  # per P: goids in the ring, head first
    global_runq: list[int]  # head first
    p_status: list[str]
    p_m: list[int]
    g_status: dict[int, str]  # goid → Go status name (_Grunnable ...)
    g_wait: dict[int, str]  # goid → wait reason, for waiting Gs
    running: list[Optional[int]]  # per P: the goid it runs
    system: set[int] = field(default_factory=set)
    chans: dict[int, "ChanState"] = field(default_factory=dict)  # channel id → its state
    mutexes: dict[int, MutexState] = field(default_factory=dict)  # sync id → a sync.Mutex
    rwmutexes: dict[int, RWMutexState] = field(default_factory=dict)  # sync id → a sync.RWMutex
    waitgroups: dict[int, WaitGroupState] = field(default_factory=dict)  # sync id → a sync.WaitGroup
    onces: dict[int, OnceState] = field(default_factory=dict)  # sync id → a sync.Once
    semas: dict[int, SemaState] = field(default_factory=dict)  # semaphore id → its count and waiters

    def where(self, goid: int) -> str:
        """Where a G is: 'runnext of P0', 'ring of P1 (position 3)', 'global queue' ..."""
        for p, g in enumerate(self.running):
            if g == goid:
                return f"running on P{p}"
        for p, g in enumerate(self.runnext):
            if g == goid:
                return f"runnext of P{p}"
        for p, ring in enumerate(self.runq):
            if goid in ring:
                return f"ring of P{p} (position {ring.index(goid)})"
        if goid in self.global_runq:
            return f"global queue (position {self.global_runq.index(goid)})"
        return self.g_status.get(goid, "unknown")


_WORKER_MODES = {1: "dedicated", 2: "fractional", 3: "idle"}  # mgcpacer gcMarkWorker*Mode
_SYNC_NAMES = {_SYNC_MUTEX: "sync.Mutex", _SYNC_RWMUTEX: "sync.RWMutex", _SYNC_WAITGROUP: "sync.WaitGroup",
               _SYNC_ONCE: "sync.Once"}


def unpack_rows(packed: np.ndarray) -> np.ndarray:
    """Trace rows as the kernels write them (``State.trace``: 6 words, ``course.traceev``'s
    ``TP_*`` columns) as the rows ``Trace.rows`` gives (9 words, runtime2's ``T_*`` columns).

    The header word ``kind | reason << 8 | (p + 1) << 16 | (m + 1) << 32`` is read through
    narrower views of its bytes (kind, reason: uint8; p + 1: uint16; m + 1: int32, so m keeps
    its sign), in blocks of rows that stay in the cache."""
    packed = np.ascontiguousarray(packed, dtype=np.int64).reshape(-1, TP_NCOLS)
    n = len(packed)
    rows = np.empty((n, T_NCOLS), dtype=np.int64)
    if sys.byteorder != "little":  # (the views below assume it)
        hdr = packed[:, TP_HDR]
        rows[:, T_TIME], rows[:, T_G] = packed[:, TP_TIME], packed[:, TP_G]
        rows[:, T_A:T_C + 1] = packed[:, TP_A:TP_C + 1]
        rows[:, T_KIND], rows[:, T_REASON] = hdr & 0xFF, (hdr >> 8) & 0xFF
        rows[:, T_P], rows[:, T_M] = ((hdr >> 16) & 0xFFFF) - 1, (hdr >> 32) - 1
        return rows
    u8 = packed.view(np.uint8).reshape(n, TP_NCOLS * 8)
    u16 = packed.view(np.uint16).reshape(n, TP_NCOLS * 4)
    i32 = packed.view(np.int32).reshape(n, TP_NCOLS * 2)
    h8, h16, h32 = TP_HDR * 8, TP_HDR * 4, TP_HDR * 2
    for s in range(0, n, _UNPACK_BLOCK):
        e = min(n, s + _UNPACK_BLOCK)
        src, dst = packed[s:e], rows[s:e]
        dst[:, T_TIME] = src[:, TP_TIME]
        dst[:, T_G] = src[:, TP_G]
        dst[:, T_A:T_C + 1] = src[:, TP_A:TP_C + 1]
        dst[:, T_KIND] = u8[s:e, h8]
        dst[:, T_REASON] = u8[s:e, h8 + 1]
        np.subtract(u16[s:e, h16 + 1], 1, out=dst[:, T_P], dtype=np.int64)
        np.subtract(i32[s:e, h32 + 1], 1, out=dst[:, T_M], dtype=np.int64)
    return rows


_UNPACK_BLOCK = 8192


class Trace:
    """The events of one run. ``len(trace)`` events; ``trace[i]`` is an ``Event``.

    ``rows``: the events as an int64 array, one row per event, columns runtime2's ``T_TIME ..
    T_REASON``. The run records them packed (``course.traceev``'s ``TP_*``: fewer bytes to
    write); they are decoded on first use, so a run whose trace is never read pays nothing
    after the run for it."""

    CHECKPOINT = 2048

    def __init__(self, S: State, image: isa.Image):
        n = int(S.sched[S_NTRACE])
        self._packed: Optional[np.ndarray] = S.trace[:n]  # a view: the run's own array, not a copy
        self._rows: Optional[np.ndarray] = None
        self.image = image
        self._nprocs0 = int(S.sched[S_GOMAXPROCS])
        self._nprocs_max: Optional[int] = None
        self._checkpoints: dict[int, Any] = {}

    @property
    def rows(self) -> np.ndarray:
        if self._rows is None:
            self._rows = unpack_rows(self._packed)
            self._packed = None  # the run's array is no longer needed by the trace
        return self._rows

    @rows.setter
    def rows(self, rows: np.ndarray) -> None:
        """A trace of decoded rows (``course.labkit.describe_row`` builds one for one event)."""
        self._rows = rows
        self._packed = None
        self._nprocs_max = None

    @property
    def nprocs_max(self) -> int:
        """How many Ps the trace shows: the highest P in any event, plus one."""
        if self._nprocs_max is None:
            n = len(self)
            self._nprocs_max = int(max(1, self.rows[:, T_P].max() + 1)) if n else getattr(self, "_nprocs0", 1)
        return self._nprocs_max

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self._packed)

    def __getitem__(self, i: int) -> Event:
        r = self.rows[i]
        return Event(int(i), int(r[T_TIME]), int(r[T_P]), int(r[T_M]), int(r[T_G]),
                     EV_NAMES.get(int(r[T_KIND]), str(int(r[T_KIND]))), int(r[T_A]), int(r[T_B]), int(r[T_C]),
                     self.describe(i))

    def __iter__(self) -> Iterator[Event]:
        for i in range(len(self)):
            yield self[i]

    def kinds(self) -> np.ndarray:
        return self.rows[:, T_KIND]

    def count(self, kind: int) -> int:
        return int(np.count_nonzero(self.rows[:, T_KIND] == kind))

    def describe(self, i: int) -> str:
        """The event in words: what happened and the Go rule that made it happen."""
        r = self.rows[i]
        k, a, b, c, g, p = int(r[T_KIND]), int(r[T_A]), int(r[T_B]), int(r[T_C]), int(r[T_G]), int(r[T_P])
        why = REASONS.get(int(r[T_REASON]), "")
        what = {
            EV_GOCREATE: f"G{g} created" + (" (runtime goroutine)" if c else ""),
            EV_RUNQPUT: (f"G{g} → runnext" + (f", G{b} kicked to the ring's tail" if b >= 0 else "")) if a else f"G{g} → tail of the ring",
            EV_RUNQPUTSLOW: f"ring full: {a} Gs from its head and G{g} → global queue",
            EV_RUNQGET: f"G{g} taken from " + ("runnext" if a else "the ring's head"),
            EV_GLOBRUNQPUT: f"G{g} → {'head' if a else 'tail'} of the global queue",
            EV_GLOBRUNQGET: f"took {a} G(s) from the global queue; runs G{g}" + (f", {a - 1} to the ring" if a > 1 else ""),
            EV_STEAL: f"stole {b} G(s) from P{a}" + (" (its runnext)" if c else "") + f"; runs G{g}",
            EV_EXECUTE: (("runnext → " if a else "ring head → ") if c else "") + f"G{g} runs"
            + (" (inherits the time slice)" if a else f" (schedtick={b})"),
            EV_GOSCHED: f"G{g} yields → tail of the global queue", EV_PREEMPT: f"G{g} preempted → tail of the global queue",
            EV_PREEMPTREQ: f"sysmon asks G{g} to stop after {a / 1e6:.1f}ms",
            EV_PARK: f"G{g} parks [{WAIT_REASONS.get(a, a)}]", EV_READY: f"G{g} is ready" + (f" (woken by G{a})" if a >= 0 else ""),
            EV_GOEXIT: f"G{g} exits", EV_SYSCALL: f"G{g} enters a syscall",
            EV_SYSEXIT: f"G{g} leaves its syscall: " + {SYSEXIT_FAST: "same P", SYSEXIT_IDLEP: "an idle P", SYSEXIT_NOP: "no P, to the global queue"}.get(a, ""),
            EV_RETAKE: f"sysmon retakes the P after {a / 1000:.1f}µs in a syscall",
            EV_HANDOFFP: "handoffp: " + {HANDOFF_WORK: "work to do → startm", HANDOFF_SPIN: "nobody spinning → startm(spinning)", HANDOFF_LAST: "last P → startm", HANDOFF_IDLE: "→ idle list"}.get(a, ""),
            EV_STARTM: f"M{c} started" + (" spinning" if a else "") + (" (new thread)" if b else ""),
            EV_STOPM: "M stops (idle)", EV_ACQUIREP: "acquires the P", EV_RELEASEP: "P idle",
            EV_SPINNING: "M spinning" if a else "M stops spinning",
            EV_TIMERADD: f"timer for G{g} at {a / 1e6:.3f}ms", EV_TIMERFIRE: f"timer fires for G{g}",
            EV_NETPOLL: (f"M blocks in netpoll until {b / 1e6:.3f}ms" if a else "M wakes from netpoll"),
            EV_PRINT: f"G{g} prints", EV_GOMAXPROCS: f"GOMAXPROCS {a} → {b}",
            EV_STW: "stop the world" if a else "start the world", EV_PANIC: f"G{g} panics",
            EV_EXIT: f"exit({a})", EV_DEFER: f"deferred call {self._fname(a)}",
            EV_MAKECHAN: f"make(chan, {b}) → chan {a}", EV_CHANSEND: f"G{g} sends {b} on chan {a}" + (f" to G{c}" if c >= 0 else ""),
            EV_CHANRECV: f"G{g} receives {b} from chan {a}" + (f" (from G{c})" if c >= 0 else ""),
            EV_CHANPARK: f"G{g} waits on chan {a}'s {'sendq' if c & 1 else 'recvq'}", EV_CHANCLOSE: f"close(chan {a}) wakes {b}",
            EV_SELECT: (f"select: case {a}" if a >= 0 else "select: default"), EV_SUDOGSKIP: f"a stale sudog of G{g} leaves chan {a}",
            EV_NEWSYNC: f"new {_SYNC_NAMES.get(b, b)} {a}",
            EV_MUTEX: self._mutex_text(g, a, b, c, int(r[T_REASON])),
            EV_RWMUTEX: f"G{g}: RWMutex {a} readerCount={b} readerWait={c}",
            EV_WAITGROUP: f"G{g}: WaitGroup {a} counter={b >> 32} waiters={b & 0xFFFFFFFF}" + (f" (Add({c}))" if c else ""),
            EV_ONCE: f"G{g}: Once {a} done", EV_SEMA: f"G{g}: sema {a} = {b}",
            EV_SEMQUEUE: f"G{g} sleeps on sema {a}" + (" (at the head: lifo)" if b else ""),
            EV_SEMREADY: f"sema {a} wakes G{g}" + (" (handoff: ticket=1)" if b else ""),
            EV_GOYIELD: f"G{g} yields → tail of its P's ring",
            EV_ALLOC: f"G{g} allocates {a} B (size class {b})" + (" for append" if c else ""),
            EV_GCSTART: f"GC {a} starts: heapLive {b} B" + (" (runtime.GC)" if c == 2 else " (heap trigger)"),
            EV_GCEND: f"GC {a} ends: {b} B live, next goal {c} B",
            EV_GCWORKER: (f"P{p} runs a {_WORKER_MODES.get(b, b)} mark worker" if a
                          else f"P{p}'s {_WORKER_MODES.get(b, b)} mark worker stops after {c / 1000:.1f}µs"),
            EV_GCASSIST: f"G{g} assists the mark: {a} B of scan work in {b / 1000:.1f}µs" + (f" ({c} B of credit stolen first)" if c else ""),
            EV_SELECTORDER: f"G{g}'s " + select_orders_text(a, b, c),
            EV_GCSWEEP: (f"P{p} runs the background sweeper" if a
                         else f"P{p}'s background sweeper stops after {c / 1000:.1f}µs"),
        }.get(k, EV_NAMES.get(k, str(k)))
        return f"{what} — {why}" if why else what

    def _fname(self, fn: int) -> str:
        try:
            return self.image.strings[int(self.image.funcs[fn, isa.F_NAME])]
        except Exception:
            return str(fn)

    @staticmethod
    def _mutex_text(g: int, mu: int, state: int, c: int, reason: int) -> str:
        """``Lock: spin 2``, ``Unlock: starving → handoff to G3``, ... and the state word."""
        word = (f"state={state} [" + ("locked" if state & _MU_LOCKED else "unlocked") + (" woken" if state & _MU_WOKEN else "")
                + (" starving" if state & _MU_STARVING else "") + f" waiters={state >> _MU_SHIFT}]")
        what = {
            R_MU_LOCK_FAST: "Lock: fast path", R_MU_LOCK_SPIN: f"Lock: spin {c}", R_MU_LOCK_WOKEN: "Lock: spinning, sets mutexWoken",
            R_MU_LOCK_ACQUIRE: "Lock: acquired in lockSlow", R_MU_LOCK_QUEUE: "Lock: queues" + (" (lifo)" if c else ""),
            R_MU_LOCK_STARVING: "Lock: waited > 1ms → starving", R_MU_LOCK_HANDOFF: "Lock: got it by handoff (starvation mode)",
            R_MU_LOCK_NORMAL: "Lock: got it by handoff → back to normal mode", R_MU_UNLOCK_FAST: "Unlock: fast path",
            R_MU_UNLOCK_WAKE: f"Unlock: wakes G{c}", R_MU_UNLOCK_NOWAKE: "Unlock: nobody to wake",
            R_MU_UNLOCK_HANDOFF: f"Unlock: starving → handoff to G{c}", R_MU_TRYLOCK: f"TryLock → {bool(c)}".lower(),
            R_MU_UNLOCK_FATAL: "Unlock of unlocked mutex",
        }.get(reason, "mutex")
        return f"G{g}: mutex {mu} {what}; {word}"

    def narrate(self, start: int = 0, stop: Optional[int] = None, *, kinds: Optional[set[int]] = None) -> str:
        """The events as text, one per line (the text form of every view)."""
        stop = len(self) if stop is None else min(stop, len(self))
        return "\n".join(str(self[i]) for i in range(start, stop)
                         if kinds is None or int(self.rows[i, T_KIND]) in kinds)

    # ---- state reconstruction -----------------------------------------------------------------
    def _empty(self, nprocs: int) -> dict:
        return {"runnext": [None] * nprocs, "runq": [deque() for _ in range(nprocs)], "global": deque(),
                "p_status": [Pidle] * nprocs, "p_m": [-1] * nprocs, "g": {}, "wait": {}, "running": [None] * nprocs,
                "system": set(), "time": 0, "chans": {}, "sudogs": {}, "seldone": {}, "syncs": {}, "semas": {},
                "gcworker": [0] * nprocs}

    @staticmethod
    def _copy(st: dict) -> dict:
        return {"runnext": list(st["runnext"]), "runq": [deque(r) for r in st["runq"]], "global": deque(st["global"]),
                "p_status": list(st["p_status"]), "p_m": list(st["p_m"]), "g": dict(st["g"]), "wait": dict(st["wait"]),
                "running": list(st["running"]), "system": set(st["system"]), "time": st["time"],
                "chans": {c: {"cap": h["cap"], "buf": deque(h["buf"]), "recvq": deque(h["recvq"]), "sendq": deque(h["sendq"]),
                              "closed": h["closed"]} for c, h in st["chans"].items()},
                "sudogs": dict(st["sudogs"]), "seldone": dict(st["seldone"]),
                "syncs": {r: dict(y) for r, y in st["syncs"].items()},
                "semas": {a: {"val": x["val"], "q": deque(x["q"])} for a, x in st["semas"].items()},
                "gcworker": list(st["gcworker"])}

    def _apply(self, st: dict, r: np.ndarray) -> None:
        k, p, m, g = int(r[T_KIND]), int(r[T_P]), int(r[T_M]), int(r[T_G])
        a, b, c = int(r[T_A]), int(r[T_B]), int(r[T_C])
        st["time"] = int(r[T_TIME])
        if k == EV_GOCREATE:
            st["g"][g] = Grunnable
            if c:
                st["system"].add(g)
        elif k == EV_RUNQPUT:
            if a:
                old = st["runnext"][p]
                st["runnext"][p] = g
                if old is not None and len(st["runq"][p]) < 256:
                    st["runq"][p].append(old)
            else:
                st["runq"][p].append(g)
        elif k == EV_RUNQPUTSLOW:
            for _ in range(a):
                st["global"].append(st["runq"][p].popleft())
            st["global"].append(g)
        elif k == EV_RUNQGET:
            if a:
                st["runnext"][p] = None
            else:
                st["runq"][p].popleft()
        elif k == EV_GLOBRUNQPUT:
            (st["global"].appendleft if a else st["global"].append)(g)
        elif k == EV_GLOBRUNQGET:
            st["global"].popleft()
            for _ in range(a - 1):
                st["runq"][p].append(st["global"].popleft())
        elif k == EV_STEAL:
            if c:
                st["runnext"][a] = None
            else:
                taken = [st["runq"][a].popleft() for _ in range(b)]
                st["runq"][p].extend(taken[:-1])
        elif k == EV_EXECUTE:
            if c:  # runqget: from runnext (inherits the time slice) or the ring's head
                if a:
                    st["runnext"][p] = None
                else:
                    st["runq"][p].popleft()
            st["g"][g] = Grunning
            st["running"][p] = g
        elif k == EV_GOYIELD:  # goyield_m: runnable; the RUNQPUT (local tail) follows
            st["g"][g] = Grunnable
            self._stop_running(st, g)
        elif k in SYNC_EVENTS:
            self._apply_sync(st, k, g, a, b, c)
        elif k in (EV_GOSCHED, EV_PREEMPT):
            st["g"][g] = Grunnable
            self._stop_running(st, g)
            st["global"].append(g)
        elif k == EV_PARK:
            st["g"][g] = Gwaiting
            st["wait"][g] = WAIT_REASONS.get(a, "")
            self._stop_running(st, g)
        elif k == EV_READY:
            st["g"][g] = Grunnable
            st["wait"].pop(g, None)
        elif k == EV_GOEXIT:
            st["g"][g] = Gdead
            self._stop_running(st, g)
        elif k == EV_SYSCALL:
            st["g"][g] = Gsyscall
            st["p_status"][p] = Psyscall
            st["p_m"][p] = -1
        elif k == EV_SYSEXIT:
            st["g"][g] = Grunning if a != SYSEXIT_NOP else Grunnable
            for q, gg in enumerate(st["running"]):
                if gg == g:
                    st["running"][q] = None
            if a != SYSEXIT_NOP and p >= 0:
                st["running"][p] = g
        elif k == EV_RETAKE:
            st["p_status"][p] = Pidle
            st["running"][p] = None
        elif k == EV_ACQUIREP:
            st["p_status"][p] = Prunning
            st["p_m"][p] = m
        elif k == EV_RELEASEP:
            st["p_status"][p] = Pidle
            st["p_m"][p] = -1
            st["running"][p] = None
        elif k == EV_STARTM:
            st["p_status"][p] = Prunning
            st["p_m"][p] = c
        elif k in (EV_MAKECHAN, EV_CHANPARK, EV_CHANSEND, EV_CHANRECV, EV_CHANCLOSE, EV_SELECT, EV_SUDOGSKIP):
            self._apply_chan(st, k, g, a, b, c, int(r[T_REASON]))
        elif k == EV_GCWORKER:  # the P runs a GC mark worker (its mode: 1 dedicated, 2 fractional, 3 idle)
            st["gcworker"][p] = b if a else 0
        elif k == EV_GOMAXPROCS:
            old, new = a, b
            for q in range(new, old):
                while st["runq"][q]:
                    st["global"].appendleft(st["runq"][q].pop())
                if st["runnext"][q] is not None:
                    st["global"].appendleft(st["runnext"][q])
                    st["runnext"][q] = None
                st["p_status"][q] = 4  # _Pdead

    @staticmethod
    def _dequeue(st: dict, q: deque) -> Optional[int]:
        """chan.go waitq.dequeue, replayed: the head (the stale sudogs it skipped were recorded
        as SUDOGSKIP events just before, and are gone already). Taking a select's sudog sets
        its G's selectDone, as the CAS in dequeue does."""
        if not q:
            return None
        sg = q.popleft()
        g, _c, is_select, _send, _val = st["sudogs"][sg]
        if is_select:
            st["seldone"][g] = 1
        return sg

    def _apply_chan(self, st: dict, k: int, g: int, a: int, b: int, c: int, reason: int) -> None:
        chans = st["chans"]
        if k == EV_MAKECHAN:
            chans[a] = {"cap": b, "buf": deque(), "recvq": deque(), "sendq": deque(), "closed": False}
        elif k == EV_CHANPARK:  # the G's sudog queued on channel a (c = sudog*2 + send; b = the value sent)
            sg, send = c >> 1, c & 1
            is_select = reason == R_SELECT_BLOCK
            st["sudogs"][sg] = (g, a, is_select, send, b)
            if is_select:
                st["seldone"][g] = 0
            chans[a]["sendq" if send else "recvq"].append(sg)
        elif k == EV_CHANSEND:
            if c >= 0:  # direct handoff to the first receiver
                self._dequeue(st, chans[a]["recvq"])
            else:
                chans[a]["buf"].append(b)
        elif k == EV_CHANRECV:
            h = chans[a]
            if c >= 0:  # from the first sender: unbuffered, or the head of a full buffer
                sg = self._dequeue(st, h["sendq"])
                if h["cap"] > 0:  # the sender's value takes the freed slot (the new tail)
                    h["buf"].popleft()
                    h["buf"].append(st["sudogs"][sg][4])
            elif reason == R_CHAN_BUF:
                h["buf"].popleft()
        elif k == EV_SUDOGSKIP:  # a stale select sudog dropped by dequeue
            q = chans[a]["sendq" if c else "recvq"]
            if q and q[0] == b:
                q.popleft()
        elif k == EV_CHANCLOSE:
            h = chans[a]
            h["closed"] = True
            for q in (h["recvq"], h["sendq"]):
                while self._dequeue(st, q) is not None:
                    pass
        elif k == EV_SELECT and reason == R_SELECT_WAKE:  # pass 3: the G's other sudogs leave their queues
            st["seldone"][g] = 0
            for sg, (gg, ch, _sel, send, _val) in list(st["sudogs"].items()):
                if gg == g:
                    q = chans[ch]["sendq" if send else "recvq"]
                    if sg in q:
                        q.remove(sg)
                    del st["sudogs"][sg]

    @staticmethod
    def _apply_sync(st: dict, k: int, g: int, a: int, b: int, c: int) -> None:
        """Replay one sync event: each carries the word's new value; a semaphore's queue
        follows SEMQUEUE (tail, or head with lifo) and SEMREADY (the head leaves)."""
        syncs, semas = st["syncs"], st["semas"]
        if k == EV_NEWSYNC:
            n = 3 if b == _SYNC_RWMUTEX else 1
            syncs[a] = {"kind": b, "state": 0, "rc": 0, "rw": 0, "wg": 0, "done": 0, "sems": list(range(c, c + n))}
            for x in range(c, c + n):
                semas[x] = {"val": 0, "q": deque()}
        elif k == EV_MUTEX:
            syncs[a]["state"] = b
        elif k == EV_RWMUTEX:
            syncs[a]["rc"], syncs[a]["rw"] = b, c
        elif k == EV_WAITGROUP:
            syncs[a]["wg"] = b
        elif k == EV_ONCE:
            syncs[a]["done"] = b
        elif k == EV_SEMA:
            semas[a]["val"] = b
        elif k == EV_SEMQUEUE:
            (semas[a]["q"].appendleft if b else semas[a]["q"].append)(g)
        elif k == EV_SEMREADY:
            q = semas[a]["q"]
            if q and q[0] == g:
                q.popleft()

    @staticmethod
    def _sync_views(st: dict) -> dict:
        semas = {a: SemaState(x["val"], list(x["q"])) for a, x in st["semas"].items()}
        out: dict = {"mutexes": {}, "rwmutexes": {}, "waitgroups": {}, "onces": {}, "semas": semas}
        for r, y in st["syncs"].items():
            mu = MutexState(y["state"], semas[y["sems"][0]])
            if y["kind"] == _SYNC_MUTEX:
                out["mutexes"][r] = mu
            elif y["kind"] == _SYNC_RWMUTEX:
                out["rwmutexes"][r] = RWMutexState(mu, y["rc"], y["rw"], semas[y["sems"][1]], semas[y["sems"][2]])
            elif y["kind"] == _SYNC_WAITGROUP:
                out["waitgroups"][r] = WaitGroupState(y["wg"], semas[y["sems"][0]])
            elif y["kind"] == _SYNC_ONCE:
                out["onces"][r] = OnceState(bool(y["done"]), mu)
        return out

    @staticmethod
    def _stop_running(st: dict, g: int) -> None:
        for q, gg in enumerate(st["running"]):
            if gg == g:
                st["running"][q] = None

    def _replay_to(self, step: int) -> dict:
        nprocs = 256
        base = max((c for c in self._checkpoints if c <= step), default=0)
        st = self._copy(self._checkpoints[base]) if base in self._checkpoints else self._empty(nprocs)
        for i in range(base, step):
            self._apply(st, self.rows[i])
            if (i + 1) % self.CHECKPOINT == 0 and (i + 1) not in self._checkpoints:
                self._checkpoints[i + 1] = self._copy(st)
        return st

    def state_at(self, step: int, nprocs: Optional[int] = None) -> SchedState:
        """The scheduler's state after the first ``step`` events (0: before the first)."""
        step = max(0, min(step, len(self)))
        st = self._replay_to(step)
        n = nprocs or self.nprocs_max
        return SchedState(
            step=step, time=st["time"], runnext=st["runnext"][:n], runq=[list(r) for r in st["runq"][:n]],
            global_runq=list(st["global"]), p_status=[PSTATUS_NAMES.get(s, str(s)) for s in st["p_status"][:n]],
            p_m=st["p_m"][:n], g_status={g: GSTATUS_NAMES.get(s, str(s)) for g, s in st["g"].items()},
            g_wait=dict(st["wait"]), running=st["running"][:n], system=set(st["system"]),
            chans={ch: ChanState(h["cap"], list(h["buf"]), [st["sudogs"][sg][0] for sg in h["recvq"]],
                                 [st["sudogs"][sg][0] for sg in h["sendq"]], h["closed"]) for ch, h in st["chans"].items()},
            **self._sync_views(st),
        )

    # ---- export --------------------------------------------------------------------------------
    def to_perfetto(self) -> dict:
        """The trace in the Chrome trace-event JSON format (open it in ui.perfetto.dev or
        chrome://tracing): one thread per P; a slice per stretch a G ran; instants for the rest."""
        events: list[dict] = [{"name": "process_name", "ph": "M", "pid": 1, "args": {"name": "Go runtime (model)"}}]
        for p in range(self.nprocs_max):
            events.append({"name": "thread_name", "ph": "M", "pid": 1, "tid": p, "args": {"name": f"P{p}"}})
        open_: dict[int, tuple[int, int]] = {}  # p → (goid, start)

        def close(p: int, t: int) -> None:
            if p in open_:
                g, t0 = open_.pop(p)
                events.append({"name": f"G{g}", "ph": "X", "pid": 1, "tid": p, "ts": t0 / 1000, "dur": max(0, t - t0) / 1000})

        for i, r in enumerate(self.rows):
            k, p, t, g = int(r[T_KIND]), int(r[T_P]), int(r[T_TIME]), int(r[T_G])
            if k == EV_EXECUTE:
                close(p, t)
                open_[p] = (g, t)
            elif k in RUNNING_ENDS or (k == EV_EXIT):
                for q, (gg, _t0) in list(open_.items()):
                    if gg == g or k == EV_EXIT:
                        close(q, t)
            if k not in (EV_EXECUTE,):
                events.append({"name": EV_NAMES.get(k, str(k)), "ph": "i", "s": "t", "pid": 1, "tid": max(p, 0),
                               "ts": t / 1000, "args": {"g": g, "why": self.describe(i)}})
        end = int(self.rows[-1, T_TIME]) if len(self) else 0
        for p in list(open_):
            close(p, end)
        return {"traceEvents": events, "displayTimeUnit": "ns"}

    def save_perfetto(self, path: str) -> None:
        with open(path, "w") as f:
            json.dump(self.to_perfetto(), f)
