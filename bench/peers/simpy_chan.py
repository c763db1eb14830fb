"""A SimPy model of Go's channels: the peer that ``bench/bench_chan.py`` races the course's model against.

Same claim as ``simpy_sched.py`` (the numba model is at least 100x faster than SimPy), so the same
rule: this file models the *same scenarios at the same level of detail* as the course's runtime
(``course/chan.py``, after ``runtime/chan.go`` of Go 1.19), in plain SimPy, with Go's names. It
reuses the scheduler of ``simpy_sched.py`` (Ps with a 256-slot ring and ``runnext``, the global
queue, ``newproc``, ``findRunnable``, ``goexit``) and adds:

* ``Hchan``: a ring buffer of ``dataqsiz`` slots with ``sendx``/``recvx``/``qcount``, a ``closed``
  flag, and two FIFO wait queues ``recvq``/``sendq`` of ``Sudog`` (one per blocked goroutine);
* ``chansend`` in Go's order: closed → panic; a waiting receiver → direct handoff (``send``: the
  value goes straight into the receiver's sudog and the receiver is readied); room in the buffer →
  ``buf[sendx]``; else enqueue a sudog on ``sendq`` and park;
* ``chanrecv``: closed and empty → zero value, ok=false; a waiting sender → ``recv`` (unbuffered:
  straight from the sender; full buffer: take the head and move the sender's value into the freed
  tail slot); data in the buffer → ``buf[recvx]``; else enqueue on ``recvq`` and park;
* ``closechan``: set closed, take every receiver then every sender off the queues onto a LIFO list
  (success=false), and ready them from that list;
* ``goready``: the woken goroutine goes into the waker's P's ``runnext``, kicking the previous one
  to the ring's tail (``runqput(pp, gp, next=true)``), then ``wakep``;
* ``gopark``: the goroutine gives its P back and waits to be readied.

Each of those steps costs simulated time from the named constants below, which are the course's
(``course/costs.py``): a channel operation 25 ns, a park 60, a ready 40, a context switch
(``schedule`` + ``execute``) 60. A goroutine's ordinary statements cost one ``timeout`` per loop
iteration, as in ``simpy_sched.py``: coarser than the model's per-instruction charges, which
favours SimPy.

The three scenarios are ``bench/programs/chan_*.go`` statement by statement. Each run checks its
own counts and checksums (and raises ``AssertionError`` if they are wrong). Built for GOMAXPROCS=1,
the configuration the benchmark measures; larger values run (the scheduler supports them) but are
not the point.

Simplified as in ``simpy_sched.py`` (no sysmon, preemption, timers, locks: one P acts at a time), and:
values are Python ints, a select is not modelled (the scenarios have none), a panic is an
exception.
"""
from __future__ import annotations

import argparse
from collections import deque
from dataclasses import dataclass, field

import simpy_sched
from simpy_sched import G_RUNNABLE, G_RUNNING, LOOP_ITER_NS, STMT_NS, G, Sched

# --- cost model (simulated nanoseconds), the values of course/costs.py ------------------------
CHANOP_NS = 25  # lock, check and unlock a channel (chansend / chanrecv / closechan)
PARK_NS = 60  # gopark + park_m
READY_NS = 40  # goready: runqput into runnext + wakep check
SCHEDULE_NS = 60  # schedule() + findRunnable's fast path + execute + gogo: one context switch
MAKECHAN_NS = 25  # makechan: an hchan and its buffer (the model charges a few instructions + alloc)

G_WAITING = 4  # runtime2.go _Gwaiting


class PanicError(Exception):
    """A Go panic (send on closed channel, close of closed channel)."""


class Sudog:
    """A goroutine waiting on one channel: its value (send) or the slot for one (receive)."""

    __slots__ = ("g", "elem", "success", "is_send")

    def __init__(self, g: G, elem: int, is_send: bool):
        self.g = g
        self.elem = elem  # send: the value to send; receive: filled by the sender
        self.success = False  # woken by a send/receive (True) or by close (False)
        self.is_send = is_send


class Hchan:
    """runtime.hchan: a ring buffer of dataqsiz slots and two FIFO queues of sudogs."""

    __slots__ = ("dataqsiz", "buf", "qcount", "sendx", "recvx", "closed", "recvq", "sendq")

    def __init__(self, size: int):
        self.dataqsiz = size
        self.buf: list[int] = [0] * size
        self.qcount = 0  # values in buf
        self.sendx = 0  # next slot to send into
        self.recvx = 0  # next slot to receive from
        self.closed = False
        self.recvq: deque[Sudog] = deque()  # blocked receivers, FIFO
        self.sendq: deque[Sudog] = deque()  # blocked senders, FIFO

    def check(self) -> None:
        """chan.go's invariants."""
        assert not (self.recvq and self.sendq), "both wait queues non-empty"
        assert self.qcount == 0 or not self.recvq, "buffered data with receivers waiting"
        assert self.qcount == self.dataqsiz or not self.sendq, "room in the buffer with senders waiting"


@dataclass
class ChanStats:
    """What the channels did, counted as it happened."""

    makechans: int = 0
    sends: int = 0  # values sent: into the buffer or handed to a receiver (counted when it happens)
    recvs: int = 0  # values received (ok=true), counted when the value reaches the receiver
    closed_recvs: int = 0  # receives that got the zero value from a closed channel (or close woke)
    direct_sends: int = 0  # send to a parked receiver (sendDirect)
    buffered_sends: int = 0  # into buf[sendx]
    direct_recvs: int = 0  # from a parked sender: unbuffered, straight from it
    fullbuf_recvs: int = 0  # from a parked sender on a full buffer: head out, sender's value in
    buffered_recvs: int = 0  # from buf[recvx]
    parks: int = 0  # gopark
    readies: int = 0  # goready
    closes: int = 0
    switches: int = 0  # execute(): a context switch to a G


@dataclass
class Result:
    sim_time_ns: int  # simulated time when main returned
    stats: simpy_sched.Stats = field(default_factory=simpy_sched.Stats)
    chan: ChanStats = field(default_factory=ChanStats)
    output: tuple = ()  # what the program printed, as the Go program's fields


class ChanSched(Sched):
    """simpy_sched's scheduler plus channels, park and ready."""

    def __init__(self, gomaxprocs: int = 1, seed: int = 0):
        super().__init__(gomaxprocs, seed)
        self.cstats = ChanStats()

    def run(self, main_fn, *args) -> Result:
        res = super().run(main_fn, *args)
        return Result(res.sim_time_ns, res.stats, self.cstats, getattr(self, "output", ()))

    def execute(self, pp, gp: G, inherit_time: bool):
        """simpy_sched's execute, plus two costs on the M: the context switch (SCHEDULE_NS, which
        the course charges per switch too) and, when the G parked, park_m's PARK_NS (the value the
        G hands the P back with): park_m runs on the M after the G is off it, as in Go."""
        yield self.env.timeout(SCHEDULE_NS)
        self.cstats.switches += 1
        if inherit_time:
            self.stats.runnext_handoffs += 1
        else:
            pp.schedtick += 1
            self.stats.schedticks += 1
        gp.status, gp.p = G_RUNNING, pp
        pp.curg = gp
        pp.handback = self.env.event()
        gp.wake.succeed()
        cost = yield pp.handback
        if cost:
            yield self.env.timeout(cost)

    # --- park and ready (proc.go) -----------------------------------------------------------
    def gopark(self, gp: G):
        """gp (its sudog already queued, in the same instant: the channel's lock is held until
        park_m) gives its P back and waits until goready queues it and a P runs it. The P's M
        pays PARK_NS before it schedules again."""
        self.cstats.parks += 1
        pp = gp.p
        gp.status, gp.p, gp.wake = G_WAITING, None, self.env.event()
        pp.curg = None
        pp.handback.succeed(PARK_NS)
        yield gp.wake

    def goready(self, gp: G, waker: G):
        """ready(): gp into runnext of the waker's P (kicking the old runnext), then wakep."""
        yield self.env.timeout(READY_NS)
        self.cstats.readies += 1
        assert gp.status == G_WAITING, "goready of a G that is not waiting"
        gp.status = G_RUNNABLE
        self.runqput(waker.p, gp, next_=True)
        self.wakep()

    # --- channels (chan.go) -----------------------------------------------------------------
    def makechan(self, gp: G, size: int):
        yield self.env.timeout(MAKECHAN_NS)
        self.cstats.makechans += 1
        return Hchan(size)

    def chansend(self, gp: G, c: Hchan, val: int):
        """``c <- val``."""
        yield self.env.timeout(CHANOP_NS)
        if c.closed:
            raise PanicError("send on closed channel")
        if c.recvq:  # a receiver is waiting: hand the value over directly
            sg = c.recvq.popleft()
            sg.elem = val
            sg.success = True
            self.cstats.direct_sends += 1
            self.cstats.sends += 1
            self.cstats.recvs += 1
            yield from self.goready(sg.g, gp)
            return
        if c.qcount < c.dataqsiz:
            c.buf[c.sendx] = val
            c.sendx += 1
            if c.sendx == c.dataqsiz:
                c.sendx = 0
            c.qcount += 1
            self.cstats.buffered_sends += 1
            self.cstats.sends += 1
            return
        mysg = Sudog(gp, val, is_send=True)
        c.sendq.append(mysg)
        yield from self.gopark(gp)  # the receiver that takes the value counts the send
        if not mysg.success:
            raise PanicError("send on closed channel")

    def chanrecv(self, gp: G, c: Hchan):
        """``v, ok := <-c``: returns (v, ok)."""
        yield self.env.timeout(CHANOP_NS)
        if c.closed and c.qcount == 0:
            self.cstats.closed_recvs += 1
            return 0, False
        if c.sendq:  # a sender is waiting (so the buffer, if any, is full)
            sg = c.sendq.popleft()
            if c.dataqsiz == 0:
                val = sg.elem
                self.cstats.direct_recvs += 1
            else:
                val = c.buf[c.recvx]
                c.buf[c.recvx] = sg.elem
                c.recvx += 1
                if c.recvx == c.dataqsiz:
                    c.recvx = 0
                c.sendx = c.recvx
                self.cstats.fullbuf_recvs += 1
            sg.success = True
            self.cstats.sends += 1  # the parked sender's value is delivered (or buffered) now
            self.cstats.recvs += 1
            yield from self.goready(sg.g, gp)
            return val, True
        if c.qcount > 0:
            val = c.buf[c.recvx]
            c.buf[c.recvx] = 0
            c.recvx += 1
            if c.recvx == c.dataqsiz:
                c.recvx = 0
            c.qcount -= 1
            self.cstats.buffered_recvs += 1
            self.cstats.recvs += 1
            return val, True
        mysg = Sudog(gp, 0, is_send=False)
        c.recvq.append(mysg)
        yield from self.gopark(gp)  # a sender (counted there) or close (counted there) wakes it
        return mysg.elem, mysg.success

    def closechan(self, gp: G, c: Hchan):
        """``close(c)``: wake every receiver, then every sender, from a LIFO list."""
        yield self.env.timeout(CHANOP_NS)
        if c.closed:
            raise PanicError("close of closed channel")
        c.closed = True
        self.cstats.closes += 1
        glist: list[G] = []
        for q in (c.recvq, c.sendq):
            while q:
                sg = q.popleft()
                sg.elem = 0
                sg.success = False
                if not sg.is_send:
                    self.cstats.closed_recvs += 1
                glist.append(sg.g)
        while glist:
            yield from self.goready(glist.pop(), gp)


# --- the benchmark scenarios (bench/programs/chan_*.go, statement by statement) ------------
def pingpong_echo(s: ChanSched, gp: G, ping: Hchan, pong: Hchan):
    """for v := range ping { pong <- v + 1 }"""
    while True:
        v, ok = yield from s.chanrecv(gp, ping)
        if not ok:
            return
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.chansend(gp, pong, v + 1)


def pingpong_main(s: ChanSched, gp: G, n: int):
    ping = yield from s.makechan(gp, 0)
    pong = yield from s.makechan(gp, 0)
    yield from s.newproc(gp, pingpong_echo, ping, pong)
    v = total = 0
    for _ in range(n):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.chansend(gp, ping, v)
        v, _ = yield from s.chanrecv(gp, pong)
        total += v
    yield from s.closechan(gp, ping)
    s.output = ("pingpong", n, "value", v, "sum", total)


def prodcons_producer(s: ChanSched, gp: G, items: Hchan, done: Hchan, first: int, producers: int, n: int):
    """for x := first; x <= N; x += P { items <- x }; done <- true"""
    for x in range(first, n + 1, producers):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.chansend(gp, items, x)
    yield from s.chansend(gp, done, 1)


def prodcons_consumer(s: ChanSched, gp: G, items: Hchan, counts: Hchan, sums: Hchan):
    """for x := range items { n++; s += x }; counts <- n; sums <- s"""
    got = total = 0
    while True:
        x, ok = yield from s.chanrecv(gp, items)
        if not ok:
            break
        yield s.env.timeout(LOOP_ITER_NS)
        got += 1
        total += x
    yield from s.chansend(gp, counts, got)
    yield from s.chansend(gp, sums, total)


def prodcons_main(s: ChanSched, gp: G, producers: int, consumers: int, cap: int, n: int):
    items = yield from s.makechan(gp, cap)
    done = yield from s.makechan(gp, 0)
    counts = yield from s.makechan(gp, consumers)
    sums = yield from s.makechan(gp, consumers)
    for p in range(producers):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.newproc(gp, prodcons_producer, items, done, p + 1, producers, n)
    for _ in range(consumers):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.newproc(gp, prodcons_consumer, items, counts, sums)
    for _ in range(producers):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.chanrecv(gp, done)
    yield from s.closechan(gp, items)
    got = total = 0
    for _ in range(consumers):
        yield s.env.timeout(LOOP_ITER_NS)
        k, _ = yield from s.chanrecv(gp, counts)
        t, _ = yield from s.chanrecv(gp, sums)
        got += k
        total += t
    s.output = ("prodcons", producers, consumers, cap, "items", got, "sum", total)


def workerpool_worker(s: ChanSched, gp: G, jobs: Hchan, results: Hchan):
    """for j := range jobs { results <- j*3%1000 + j }"""
    while True:
        j, ok = yield from s.chanrecv(gp, jobs)
        if not ok:
            return
        yield s.env.timeout(LOOP_ITER_NS + STMT_NS)
        yield from s.chansend(gp, results, j * 3 % 1000 + j)


def workerpool_main(s: ChanSched, gp: G, workers: int, cap: int, n: int):
    jobs = yield from s.makechan(gp, cap)
    results = yield from s.makechan(gp, n)
    for _ in range(workers):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.newproc(gp, workerpool_worker, jobs, results)
    for j in range(1, n + 1):
        yield s.env.timeout(LOOP_ITER_NS)
        yield from s.chansend(gp, jobs, j)
    yield from s.closechan(gp, jobs)
    got = total = 0
    for _ in range(n):
        yield s.env.timeout(LOOP_ITER_NS)
        r, _ = yield from s.chanrecv(gp, results)
        total += r
        got += 1
    s.output = ("workerpool", workers, cap, "results", got, "checksum", total)


# --- what the Go programs print, and the runs that check it ---------------------------------
def pingpong_expected(n: int) -> str:
    return f"pingpong {n} value {n} sum {n * (n + 1) // 2}\n"


def prodcons_expected(producers: int, consumers: int, cap: int, n: int) -> str:
    return f"prodcons {producers} {consumers} {cap} items {n} sum {n * (n + 1) // 2}\n"


def workerpool_checksum(n: int) -> int:
    """sum over j = 1..n of j*3%1000 + j (3 is coprime to 1000: each 1000 js add 0+1+...+999)."""
    full, rest = divmod(n, 1000)
    return n * (n + 1) // 2 + full * 499_500 + sum(j * 3 % 1000 for j in range(full * 1000 + 1, n + 1))


def workerpool_expected(workers: int, cap: int, n: int) -> str:
    return f"workerpool {workers} {cap} results {n} checksum {workerpool_checksum(n)}\n"


def printed(res: Result) -> str:
    """The output as fmt.Println would print it."""
    return " ".join(map(str, res.output)) + "\n"


def run_pingpong(n: int, gomaxprocs: int = 1, seed: int = 0) -> Result:
    """Two goroutines bounce a value n times over two unbuffered channels."""
    res = ChanSched(gomaxprocs, seed).run(pingpong_main, n)
    st = res.chan
    assert printed(res) == pingpong_expected(n), res.output
    assert st.sends == st.recvs == 2 * n, st
    if gomaxprocs == 1:  # every message is a handoff from a parked sender; each side parks once per trip
        assert st.direct_recvs == 2 * n and st.parks == 2 * n, st
    assert res.stats.goroutines_created == 1, res.stats  # the echo G is still runnable when main returns
    return res


def run_prodcons(producers: int, consumers: int, cap: int, n: int, gomaxprocs: int = 1, seed: int = 0) -> Result:
    """P producers send 1..n on a channel of capacity cap; C consumers range over it."""
    res = ChanSched(gomaxprocs, seed).run(prodcons_main, producers, consumers, cap, n)
    st = res.chan
    assert printed(res) == prodcons_expected(producers, consumers, cap, n), res.output
    assert st.sends == st.recvs == n + producers + 2 * consumers, st
    assert st.closed_recvs == consumers, st  # each consumer's range ends once
    # a consumer may still be on its way out (after its last send) when main returns
    assert res.stats.goroutines_created == producers + consumers, res.stats
    return res


def run_workerpool(workers: int, cap: int, n: int, gomaxprocs: int = 1, seed: int = 0) -> Result:
    """W workers turn n jobs into n results; main checks the checksum."""
    res = ChanSched(gomaxprocs, seed).run(workerpool_main, workers, cap, n)
    st = res.chan
    assert printed(res) == workerpool_expected(workers, cap, n), res.output
    assert st.sends == st.recvs == 2 * n, st
    # main returns once it has every result: workers may not have seen the close yet
    assert st.closed_recvs <= workers and res.stats.goroutines_exited <= workers, (st, res.stats)
    assert res.stats.goroutines_created == workers, res.stats
    return res


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", choices=["pingpong", "prodcons", "workerpool"])
    ap.add_argument("n", type=int, help="round trips, items or jobs")
    ap.add_argument("--producers", type=int, default=4)
    ap.add_argument("--consumers", type=int, default=4)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--cap", type=int, default=64, help="buffer of the items / jobs channel")
    ap.add_argument("-p", "--gomaxprocs", type=int, default=1)
    a = ap.parse_args(argv)
    if a.scenario == "pingpong":
        res = run_pingpong(a.n, a.gomaxprocs)
    elif a.scenario == "prodcons":
        res = run_prodcons(a.producers, a.consumers, a.cap, a.n, a.gomaxprocs)
    else:
        res = run_workerpool(a.workers, a.cap, a.n, a.gomaxprocs)
    print(printed(res), end="")
    print(f"simulated {res.sim_time_ns} ns ({res.sim_time_ns / a.n:.0f} ns per op)")
    for k, v in (vars(res.chan) | vars(res.stats)).items():
        if v:
            print(f"  {k:18} {v}")


if __name__ == "__main__":
    main()
