"""A SimPy model of Go's scheduler: the peer that ``bench/bench_sched.py`` races the course's model against.

The benchmark's claim is "the numba model is at least 100x faster than SimPy". That claim is only
honest if this file models the *same scenario at the same level of detail* as the course's
runtime, written the way a competent SimPy user would write it. So it keeps Go's scheduler
structures and rules (``runtime/proc.go``, Go 1.19) and Go's names:

* every P has a 256-slot ring ``runq`` (``runqhead``/``runqtail`` taken modulo 256) plus ``runnext``;
* ``newproc`` puts the new G in ``runnext`` of the creating P, kicking the old ``runnext`` to the
  ring tail (``runqput(pp, gp, next=true)``), then calls ``wakep``;
* a full ring sends half of it plus the new G to the global queue (``runqputslow``);
* ``findRunnable``: one G from the global queue when ``schedtick % 61 == 0``, then the local
  ``runqget`` (``runnext`` first, sharing the time slice), then a global batch of
  ``min(n, n/gomaxprocs + 1, 128)``, then ``stealWork`` (4 passes over the Ps in a random
  coprime-stride order, taking ``ceil(n/2)`` Gs from a victim's ring head, ``runnext`` on the
  last pass);
* ``Gosched`` puts the G on the global queue tail (``goschedImpl``, no ``wakep`` in 1.19);
* a G that returns from its function exits (``goexit0``) and its P schedules again.

How it maps onto SimPy: the ``Environment`` clock is simulated nanoseconds. Each P (with the M
that runs it) is one SimPy process running the ``schedule`` loop; each goroutine is one SimPy
process whose statements cost simulated time (``env.timeout``). A P hands itself to a G by
succeeding the G's ``wake`` event and waits on its own ``handback`` event, which the G succeeds
when it yields or exits. An idle P waits on its ``note`` event (``stopm``) until ``wakep``
succeeds it.

Invariants:

* a runnable G is in exactly one place: one P's ``runnext``, one P's ring, or the global queue;
* ``0 <= runqtail - runqhead <= 256`` on every P;
* a P is either running a G (``curg`` set, waiting on ``handback``), searching (inside
  ``find_runnable``, which takes no simulated time), or parked in ``pidle`` on its ``note``;
* ``nmspinning`` is the number of Ps with ``spinning`` set.

What it simplifies: M and P are one process, since these programs make no syscalls; no sysmon,
preemption, timers, GC or netpoll (none of which these scenarios need); ``findRunnable`` takes no
simulated time, so there is no ``usleep(3)`` before stealing ``runnext``; the per-P G free list is
not modelled. A woken M takes ``WAKEM_NS`` to start. Costs are charged per Go *statement* (one
``timeout`` per loop iteration, per ``go``, per ``Gosched``), which is coarser than the course's
per-instruction model, so if anything the comparison flatters SimPy.
"""
from __future__ import annotations

import argparse
import math
import random
from collections import deque
from dataclasses import dataclass, field

import simpy

# --- cost model (simulated nanoseconds) -----------------------------------------------------
# Round numbers of the same size as the course's calibrated CostModel (course/costs.py), kept
# independent of it on purpose: the peer must not need the course to run. Each statement's cost
# includes its trip through schedule() where it ends in one (the course charges that separately).
LOOP_ITER_NS = 1  # one iteration of a for loop (increment, compare, branch)
STMT_NS = 1  # a simple statement, e.g. counter++ on a captured variable
GO_STMT_NS = 300  # a go statement: closure allocation, newproc, runqput, wakep
GOSCHED_NS = 100  # runtime.Gosched: goschedImpl, globrunqput, schedule
GOEXIT_NS = 150  # goroutine exit: goexit0, gfput, schedule
WAKEM_NS = 5_000  # wakep: from notewakeup of a parked M until it runs (a futex wake)

# --- scheduler constants (runtime/runtime2.go, proc.go) -------------------------------------
RUNQ_SIZE = 256  # len(p.runq)
STEAL_TRIES = 4  # stealWork passes over all Ps
SCHED_GLOBAL_CHECK = 61  # findRunnable looks at the global queue when schedtick % 61 == 0

# G status (runtime2.go)
G_RUNNABLE = 1
G_RUNNING = 2
G_DEAD = 6


class G:
    """A goroutine: its status and the event it waits on to be given a P."""

    __slots__ = ("goid", "status", "p", "wake")

    def __init__(self, goid: int, env: simpy.Environment):
        self.goid = goid  # 1 is main, as in Go
        self.status = G_RUNNABLE  # G_RUNNABLE, G_RUNNING or G_DEAD
        self.p: P | None = None  # the P running this G, while it runs
        self.wake = env.event()  # succeeded by execute() when a P runs this G


class P:
    """A processor: a local run queue and the M that runs its schedule loop."""

    def __init__(self, pid: int):
        self.id = pid
        self.runq: list[G | None] = [None] * RUNQ_SIZE  # ring, indexed modulo RUNQ_SIZE
        self.runqhead = 0  # next G to take
        self.runqtail = 0  # next free slot
        self.runnext: G | None = None  # runs next, inheriting the time slice
        self.schedtick = 0  # incremented on every execute that starts a new time slice
        self.spinning = False  # its M is looking for work to steal (m.spinning)
        self.idle = False  # parked in sched.pidle (idlepMask): stealers skip it
        self.curg: G | None = None  # the G running on this P
        self.handback: simpy.Event | None = None  # succeeded by curg when it gives the P back
        self.note: simpy.Event | None = None  # succeeded by wakep while this P is parked

    def runqlen(self) -> int:
        return self.runqtail - self.runqhead


@dataclass
class Stats:
    """What happened, counted as it happened (the tests and the benchmark check these)."""

    goroutines_created: int = 0  # go statements executed (newproc)
    goroutines_exited: int = 0  # goexit0
    goscheds: int = 0  # runtime.Gosched calls, any G
    worker_goscheds: int = 0  # Gosched calls made by the storm's workers
    schedticks: int = 0  # execute() calls that started a new time slice
    runnext_handoffs: int = 0  # execute() of a runnext G (inheritTime)
    global_gets: int = 0  # Gs taken from the global queue (single and batch)
    runqputslow: int = 0  # ring overflows sent to the global queue
    steals: int = 0  # successful runqsteal calls
    stolen: int = 0  # Gs moved by those steals
    wakeps: int = 0  # Ps woken by wakep
    counter: int = 0  # the program's shared counter (done++ / count++)


@dataclass
class Result:
    sim_time_ns: int  # simulated time when main returned
    stats: Stats = field(default_factory=Stats)


class Sched:
    """Go's scheduler state (``schedt`` plus ``allp``), with the functions of proc.go."""

    def __init__(self, gomaxprocs: int = 1, seed: int = 0):
        self.env = simpy.Environment()
        self.gomaxprocs = gomaxprocs
        self.rng = random.Random(seed)
        self.allp = [P(i) for i in range(gomaxprocs)]
        self.globrunq: deque[G] = deque()  # sched.runq
        self.pidle: list[P] = []  # parked Ps
        self.nmspinning = 0  # Ps whose M is spinning
        self.ngoroutines = 0  # live Gs, for runtime.NumGoroutine
        self.main_started = False
        self.goidgen = 0
        self.exited = self.env.event()  # main returned: the program ends
        self.stats = Stats()
        # coprimes of gomaxprocs, for the random steal order (randomOrder.reset)
        self.coprimes = [i for i in range(1, gomaxprocs + 1) if math.gcd(i, gomaxprocs) == 1]

    # --- running a program ------------------------------------------------------------------
    def run(self, main_fn, *args) -> Result:
        """Run ``main_fn(sched, gp, *args)`` as the main goroutine until it returns."""
        env = self.env
        maing = self._newg(main_fn, args)
        self.allp[0].runnext = maing
        for pp in self.allp:
            env.process(self.schedule(pp))
        self.main_started = True
        env.run(until=self.exited)
        return Result(sim_time_ns=int(env.now), stats=self.stats)

    def _newg(self, fn, args) -> G:
        self.goidgen += 1
        self.ngoroutines += 1
        gp = G(self.goidgen, self.env)
        self.env.process(self._goroutine(gp, fn, args))
        return gp

    def _goroutine(self, gp: G, fn, args):
        """The life of one G: wait for a P, run its function, exit (main ends the program)."""
        yield gp.wake
        yield from fn(self, gp, *args)
        if gp.goid == 1:
            self.exited.succeed()  # runtime.main calls exit(0) when main.main returns
            return
        yield from self.goexit(gp)

    # --- what a G can do (each costs simulated time) ----------------------------------------
    def newproc(self, gp: G, fn, *args):
        """``go fn(args)``: the new G goes to runnext of gp's P; then wakep."""
        yield self.env.timeout(GO_STMT_NS)
        newg = self._newg(fn, args)
        self.stats.goroutines_created += 1
        self.runqput(gp.p, newg, next_=True)
        if self.main_started:
            self.wakep()

    def gosched(self, gp: G):
        """``runtime.Gosched``: goschedImpl puts gp on the global queue tail and reschedules."""
        yield self.env.timeout(GOSCHED_NS)
        self.stats.goscheds += 1
        pp = gp.p
        gp.status, gp.p, gp.wake = G_RUNNABLE, None, self.env.event()
        pp.curg = None
        self.globrunq.append(gp)
        pp.handback.succeed()
        yield gp.wake

    def goexit(self, gp: G):
        """goexit0: gp is dead; its P schedules again."""
        yield self.env.timeout(GOEXIT_NS)
        pp = gp.p
        gp.status, gp.p = G_DEAD, None
        pp.curg = None
        self.ngoroutines -= 1
        self.stats.goroutines_exited += 1
        pp.handback.succeed()

    def numgoroutine(self) -> int:
        return self.ngoroutines

    # --- the M's loop -----------------------------------------------------------------------
    def schedule(self, pp: P):
        """One M with P ``pp``: find a G, run it until it gives the P back, repeat; park when idle."""
        while True:
            gp, inherit_time = self.find_runnable(pp)
            if gp is None:
                if pp.spinning:
                    pp.spinning = False
                    self.nmspinning -= 1
                pp.note = self.env.event()
                pp.idle = True
                self.pidle.append(pp)  # pidleput + stopm
                yield pp.note
                yield self.env.timeout(WAKEM_NS)  # the woken M takes a while to run
                continue
            if pp.spinning:  # resetspinning: a spinner that found work hands spinning on
                pp.spinning = False
                self.nmspinning -= 1
                self.wakep()
            yield from self.execute(pp, gp, inherit_time)

    def execute(self, pp: P, gp: G, inherit_time: bool):
        if inherit_time:
            self.stats.runnext_handoffs += 1
        else:
            pp.schedtick += 1
            self.stats.schedticks += 1
        gp.status, gp.p = G_RUNNING, pp
        pp.curg = gp
        pp.handback = self.env.event()
        gp.wake.succeed()
        yield pp.handback

    def wakep(self) -> None:
        """Start a spinning M on an idle P, unless one is already spinning or no P is idle."""
        if not self.pidle or self.nmspinning != 0:
            return
        pp = self.pidle.pop()
        pp.idle = False
        pp.spinning = True
        self.nmspinning += 1
        self.stats.wakeps += 1
        pp.note.succeed()

    def find_runnable(self, pp: P) -> tuple[G | None, bool]:
        """findRunnable, steps 4, 6, 7 and 9: returns (G, inheritTime) or (None, False)."""
        if pp.schedtick % SCHED_GLOBAL_CHECK == 0 and self.globrunq:
            return self.globrunqget(pp, 1), False
        gp, inherit_time = self.runqget(pp)
        if gp is not None:
            return gp, inherit_time
        if self.globrunq:
            return self.globrunqget(pp, 0), False
        npidle = len(self.pidle)
        if pp.spinning or 2 * self.nmspinning < self.gomaxprocs - npidle:
            if not pp.spinning:
                pp.spinning = True
                self.nmspinning += 1
            gp = self.steal_work(pp)
            if gp is not None:
                return gp, False
        return None, False

    # --- local run queue --------------------------------------------------------------------
    def runqput(self, pp: P, gp: G, next_: bool) -> None:
        if next_:
            gp, pp.runnext = pp.runnext, gp  # kick the old runnext to the tail
            if gp is None:
                return
        if pp.runqlen() < RUNQ_SIZE:
            pp.runq[pp.runqtail % RUNQ_SIZE] = gp
            pp.runqtail += 1
        else:
            self.runqputslow(pp, gp)

    def runqputslow(self, pp: P, gp: G) -> None:
        """The ring is full: move its first half, then gp, to the global queue tail."""
        assert pp.runqlen() == RUNQ_SIZE, "runqputslow: queue is not full"
        for _ in range(RUNQ_SIZE // 2):
            self.globrunq.append(self._runqpop(pp))
        self.globrunq.append(gp)
        self.stats.runqputslow += 1

    def _runqpop(self, pp: P) -> G:
        i = pp.runqhead % RUNQ_SIZE
        gp = pp.runq[i]
        pp.runq[i] = None
        pp.runqhead += 1
        return gp

    def runqget(self, pp: P) -> tuple[G | None, bool]:
        """runnext first (inheritTime), then the ring head."""
        gp = pp.runnext
        if gp is not None:
            pp.runnext = None
            return gp, True
        if pp.runqlen() == 0:
            return None, False
        return self._runqpop(pp), False

    # --- global run queue -------------------------------------------------------------------
    def globrunqget(self, pp: P, max_: int) -> G:
        """Take min(n, n/gomaxprocs+1, max, 128) Gs; run the first, queue the rest locally."""
        size = len(self.globrunq)
        n = min(size, size // self.gomaxprocs + 1)
        if max_ > 0:
            n = min(n, max_)
        n = min(n, RUNQ_SIZE // 2)
        self.stats.global_gets += n
        gp = self.globrunq.popleft()
        for _ in range(n - 1):
            self.runqput(pp, self.globrunq.popleft(), next_=False)
        return gp

    # --- stealing ---------------------------------------------------------------------------
    def steal_work(self, pp: P) -> G | None:
        """Four passes over all Ps in a random coprime-stride order (randomOrder/randomEnum)."""
        n = self.gomaxprocs
        for i in range(STEAL_TRIES):
            steal_runnext = i == STEAL_TRIES - 1
            pos = self.rng.randrange(n)
            inc = self.coprimes[self.rng.randrange(len(self.coprimes))]
            for _ in range(n):
                victim = self.allp[pos]
                pos = (pos + inc) % n
                if victim is pp or victim.idle:
                    continue  # itself, or parked (idlepMask)
                gp = self.runqsteal(pp, victim, steal_runnext)
                if gp is not None:
                    return gp
        return None

    def runqsteal(self, pp: P, victim: P, steal_runnext: bool) -> G | None:
        """runqgrab ceil(n/2) Gs from the victim's ring head; run the last, queue the others."""
        n = victim.runqlen()
        n -= n // 2
        if n == 0:
            if steal_runnext and victim.runnext is not None:
                gp, victim.runnext = victim.runnext, None
                self.stats.steals += 1
                self.stats.stolen += 1
                return gp
            return None
        batch = [self._runqpop(victim) for _ in range(n)]
        gp = batch.pop()
        for g in batch:
            self.runqput(pp, g, next_=False)
        self.stats.steals += 1
        self.stats.stolen += n
        return gp


# --- the benchmark scenarios (bench/programs/*.go, statement by statement) -----------------
def gosched_storm_worker(s: Sched, gp: G, k: int):
    """for j := 0; j < K; j++ { runtime.Gosched() }; done++"""
    for _ in range(k):
        yield s.env.timeout(LOOP_ITER_NS)
        s.stats.worker_goscheds += 1
        yield from s.gosched(gp)
    yield s.env.timeout(STMT_NS)
    s.stats.counter += 1


def gosched_storm_main(s: Sched, gp: G, goroutines: int, k: int):
    """Start G workers, then Gosched until main is the only goroutine left."""
    for _ in range(goroutines):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.newproc(gp, gosched_storm_worker, k)
    while s.numgoroutine() > 1:
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.gosched(gp)


def spawn_storm_worker(s: Sched, gp: G):
    """count++"""
    yield s.env.timeout(STMT_NS)
    s.stats.counter += 1


def spawn_storm_main(s: Sched, gp: G, n: int):
    """Start N goroutines, then Gosched until main is the only goroutine left."""
    for _ in range(n):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.newproc(gp, spawn_storm_worker)
    while s.numgoroutine() > 1:
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.gosched(gp)


def run_gosched_storm(goroutines: int, k: int, gomaxprocs: int = 1, seed: int = 0) -> Result:
    """G goroutines each call Gosched K times; checks every call and every exit happened."""
    res = Sched(gomaxprocs, seed).run(gosched_storm_main, goroutines, k)
    st = res.stats
    assert st.worker_goscheds == goroutines * k, st
    assert st.goroutines_created == st.goroutines_exited == goroutines, st
    assert st.counter == goroutines, st
    return res


def run_spawn_storm(n: int, gomaxprocs: int = 1, seed: int = 0) -> Result:
    """main starts N goroutines that each increment a counter and exit."""
    res = Sched(gomaxprocs, seed).run(spawn_storm_main, n)
    st = res.stats
    assert st.goroutines_created == st.goroutines_exited == n, st
    assert st.counter == n, st
    return res


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", choices=["gosched", "spawn"])
    ap.add_argument("n", type=int, help="goroutines")
    ap.add_argument("k", type=int, nargs="?", default=1000, help="Gosched calls per goroutine (gosched)")
    ap.add_argument("-p", "--gomaxprocs", type=int, default=1)
    ap.add_argument("-s", "--seed", type=int, default=0)
    a = ap.parse_args(argv)
    if a.scenario == "gosched":
        res = run_gosched_storm(a.n, a.k, a.gomaxprocs, a.seed)
    else:
        res = run_spawn_storm(a.n, a.gomaxprocs, a.seed)
    print(f"simulated {res.sim_time_ns} ns")
    for k, v in vars(res.stats).items():
        print(f"  {k:18} {v}")


if __name__ == "__main__":
    main()
