"""Channel and select properties, checked on random Go programs (hypothesis).

A small grammar makes producer/consumer programs in the course's Go subset: K channels
``ch0..chK-1`` of random capacities (0..4); P producers, each a straight line of sends
(``chK <- v``) and select-sends (``select { case chA <- v: case chB <- v: }``) sprinkled with
``runtime.Gosched()``, ``time.Sleep`` and short busy loops; C consumers, each either
``for v := range chK`` or a select loop over several channels (``v, ok := <-d``, a closed
channel's variable set to nil, optionally with a ``default`` that yields). Every channel has a
consumer. A coordinator (main, or a goroutine of its own) waits for the producers, closes every
channel, and main waits for the consumers and prints END. Every value is unique:
``(producer+1)*1000 + seq``, seq counting that producer's sends.

Properties (each program at GOMAXPROCS 1..4 with a seed):
  * no lost wakeup: the run ends normally (exit 0, END), never in a deadlock;
  * no value lost or delivered twice: the received values (printed) are exactly the sent ones,
    each on a channel it was sent to and by a consumer of that channel;
  * FIFO per producer: per consumer, and per channel in the trace's delivery order, one
    producer's values on one channel arrive in its send order;
  * the trace's deliveries are the printed receptions;
  * chan.go's invariants after *every* event (replaying the trace): qcount > 0 ⇒ recvq empty;
    qcount < cap ⇒ sendq empty; not both queues non-empty (these programs never have one select
    send and receive on one channel); qcount <= cap; a closed channel has no waiters; a G is
    queued at most once over all channels unless it blocks in a select; Trace.state_at agrees with the replay at sampled steps;
  * replaying the trace to the end gives the kernel's channels (``kernel_chans`` of
    tests/test_chan_runtime.py); cut at a random event (``max_events``), the kernel's channels
    keep the invariants and the replay agrees with them on the live sudogs.

The per-event invariants are checked on *live* sudogs: a select's sudogs on other channels,
after one case won, are stale until its pass 3 removes them. The kernel (like Go's
waitq.dequeue) drops a stale sudog when a later send/receive on that channel skips it, but the
trace records no event for the skip, so the replay keeps it: mid-run, ``Trace.state_at`` can
show a receiver on a channel that has a buffered value or a blocked sender. The expected
failures at the end pin that with a minimal program.
And the converse of "no lost wakeup": with a channel nobody receives from, the program must
deadlock, in Go's words.
"""
from __future__ import annotations

import importlib.util
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import course
from course.runtime2 import T_A, T_B, T_C, T_KIND, T_REASON
from course.traceev import (EV_CHANRECV, EV_CHANSEND, EV_MAKECHAN, EV_READY, EV_SELECT, R_CHAN_CLOSED, R_CHAN_DIRECT, R_CHAN_RECVFULL,
                            R_CLOSECHAN, R_SELECT_DEFAULT, R_SELECT_WAKE)

try:
    from test_chan_runtime import kernel_chans
except ImportError:  # run from elsewhere than pytest's rootdir
    _spec = importlib.util.spec_from_file_location("test_chan_runtime", Path(__file__).with_name("test_chan_runtime.py"))
    _mod = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_mod)
    kernel_chans = _mod.kernel_chans

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---- the grammar --------------------------------------------------------------------------------
def _sprinkle():
    return st.one_of(st.just(("gosched",)), st.tuples(st.just("sleep"), st.integers(1, 20)),
                     st.tuples(st.just("spin"), st.integers(1, 300)))


@st.composite
def programs(draw, *, stuck: bool = False):
    """A program description (dict). stuck=True: one more channel, with no consumer, onto which
    producer 0 first sends cap+1 values (so the program must deadlock)."""
    k = draw(st.integers(1, 4))
    caps = draw(st.lists(st.integers(0, 4), min_size=k, max_size=k))
    chans = st.integers(0, k - 1)
    op = st.one_of(
        st.tuples(st.just("send"), chans),
        st.tuples(st.just("sel"), st.lists(chans, min_size=2, max_size=3, unique=True).map(tuple)) if k > 1
        else st.tuples(st.just("send"), chans),
        _sprinkle(),
    )
    producers = draw(st.lists(st.lists(op, max_size=16), min_size=1, max_size=5))
    cons = st.one_of(
        st.tuples(st.just("range"), chans, st.lists(_sprinkle(), max_size=1)),
        st.tuples(st.just("select"), st.lists(chans, min_size=1, max_size=k, unique=True).map(tuple),
                  st.booleans(), st.lists(_sprinkle(), max_size=1)),
    )
    consumers = draw(st.lists(cons, max_size=5))
    covered = {c for con in consumers for c in ((con[1],) if con[0] == "range" else con[1])}
    for c in range(k):
        if c not in covered:  # every channel has a consumer
            consumers.append(("range", c, []))
    if stuck:  # (a consumer polling with select-default would keep running: no deadlock then)
        consumers = [c if c[0] == "range" else (c[0], c[1], False, c[3]) for c in consumers]
        caps.append(draw(st.integers(0, 2)))
        producers[0] = [("send", k)] * (caps[-1] + 1) + producers[0]
    return {
        "caps": caps,
        "producers": producers,
        "consumers": consumers,
        "coordinator": draw(st.sampled_from(["main", "goroutine"])),
        "pdone_cap": draw(st.sampled_from([0, 1, 8])),
        "consumers_first": draw(st.booleans()),
    }


def _sprinkle_go(s, pad: str) -> list[str]:
    if s[0] == "gosched":
        return [f"{pad}runtime.Gosched()"]
    if s[0] == "sleep":
        return [f"{pad}time.Sleep(time.Microsecond * {s[1]})"]
    return [f"{pad}for j := 0; j < {s[1]}; j++ {{", f"{pad}\tsink += j", f"{pad}}}"]


def render(prog) -> tuple[str, dict[int, tuple[int, ...]]]:
    """The Go source, and every sent value → the channels it may go to."""
    caps, L = prog["caps"], []
    sent: dict[int, tuple[int, ...]] = {}
    L.append("func main() {")
    for i, c in enumerate(caps):
        L.append(f"\tch{i} := make(chan int, {c})")
    L.append(f"\tpdone := make(chan bool, {prog['pdone_cap']})")
    L.append("\tcdone := make(chan bool)")
    L.append("\tsink := 0")

    def producers():
        for p, ops in enumerate(prog["producers"]):
            L.append("\tgo func() {")
            seq = 0
            for o in ops:
                v = (p + 1) * 1000 + seq
                if o[0] == "send":
                    L.append(f"\t\tch{o[1]} <- {v}")
                    sent[v] = (o[1],)
                    seq += 1
                elif o[0] == "sel":
                    L.append("\t\tselect {")
                    for c in o[1]:
                        L.append(f"\t\tcase ch{c} <- {v}:")
                    L.append("\t\t}")
                    sent[v] = o[1]
                    seq += 1
                else:
                    L.extend(_sprinkle_go(o, "\t\t"))
            L.append("\t\tpdone <- true")
            L.append("\t}()")

    def consumers():
        for ci, con in enumerate(prog["consumers"]):
            L.append("\tgo func() {")
            if con[0] == "range":
                L.append(f"\t\tfor v := range ch{con[1]} {{")
                L.append(f'\t\t\tfmt.Println("c", {ci}, {con[1]}, v)')
                for s in con[2]:
                    L.extend(_sprinkle_go(s, "\t\t\t"))
                L.append("\t\t}")
            else:
                _, cs, dflt, spr = con
                L.append(f"\t\topen := {len(cs)}")
                for c in cs:
                    L.append(f"\t\td{c} := ch{c}")
                L.append("\t\tfor open > 0 {")
                L.append("\t\t\tselect {")
                for c in cs:
                    L.append(f"\t\t\tcase v, ok := <-d{c}:")
                    L.append("\t\t\t\tif ok {")
                    L.append(f'\t\t\t\t\tfmt.Println("c", {ci}, {c}, v)')
                    L.append("\t\t\t\t} else {")
                    L.append(f"\t\t\t\t\td{c} = nil")
                    L.append("\t\t\t\t\topen--")
                    L.append("\t\t\t\t}")
                if dflt:
                    L.append("\t\t\tdefault:")
                    L.append("\t\t\t\truntime.Gosched()")
                L.append("\t\t\t}")
                for s in spr:
                    L.extend(_sprinkle_go(s, "\t\t\t"))
                L.append("\t\t}")
            L.append("\t\tcdone <- true")
            L.append("\t}()")

    if prog["consumers_first"]:
        consumers()
        producers()
    else:
        producers()
        consumers()
    coord = [f"\tfor i := 0; i < {len(prog['producers'])}; i++ {{", "\t\t<-pdone", "\t}"]
    coord += [f"\tclose(ch{i})" for i in range(len(caps))]
    if prog["coordinator"] == "goroutine":
        L.append("\tgo func() {")
        L.extend("\t" + line for line in coord)
        L.append("\t}()")
    else:
        L.extend(coord)
    L.append(f"\tfor i := 0; i < {len(prog['consumers'])}; i++ {{")
    L.append("\t\t<-cdone")
    L.append("\t}")
    L.append('\tfmt.Println("END", sink)')
    L.append("}")
    body = "\n".join(L)
    imports = ["fmt"] + [pkg for pkg in ("runtime", "time") if re.search(rf"\b{pkg}\.", body)]
    head = "package main\n\nimport (\n" + "".join(f'\t"{i}"\n' for i in imports) + ")\n\n"
    return head + body + "\n", sent


# ---- the checks ---------------------------------------------------------------------------------
def chan_of_make(trace) -> list[int]:
    rows = trace.rows
    return [int(r[T_A]) for r in rows[rows[:, T_KIND] == EV_MAKECHAN]]


def deliveries(trace) -> dict[int, list[int]]:
    """Per channel id, the values handed to receivers, in trace order: a direct send
    (CHANSEND to a receiver) or any receive that got a value (not a closed channel's zero)."""
    out: dict[int, list[int]] = defaultdict(list)
    for r in trace.rows:
        k = int(r[T_KIND])
        if (k == EV_CHANSEND and r[T_C] >= 0) or (k == EV_CHANRECV and r[T_REASON] != R_CHAN_CLOSED):
            out[int(r[T_A])].append(int(r[T_B]))
    return out


def check_invariants(chans: dict, where: str) -> None:
    """chan.go's hchan invariants. chans: id → (cap, buf, recvq, sendq, closed), the queues as
    (goid, is_select) pairs."""
    queued: Counter = Counter()
    in_select: set[int] = set()
    for c, (cap, buf, rq, sq, closed) in chans.items():
        n = len(buf)
        assert n <= cap, f"{where}: chan {c} holds {n} > cap {cap}"
        if n > 0:
            assert not rq, f"{where}: chan {c} qcount {n} > 0 with receivers {rq}"
        if n < cap:
            assert not sq, f"{where}: chan {c} qcount {n} < cap {cap} with senders {sq}"
        assert not (rq and sq), f"{where}: chan {c} has both receivers {rq} and senders {sq}"
        if closed:
            assert not rq and not sq, f"{where}: closed chan {c} has waiters {rq} {sq}"
        for g, is_select in rq + sq:
            queued[g] += 1
            if is_select:
                in_select.add(g)
    for g, n in queued.items():
        assert n == 1 or g in in_select, f"{where}: G{g} queued {n} times without a select"


def replay_view(st_: dict, live: bool) -> dict:
    """The replay's channels with (goid, is_select) queues. live=True leaves out the sudogs of
    a select another case already won (its G's selectDone is set: waitq.dequeue would skip
    them; its pass 3 will take them off)."""
    out = {}
    for c, h in st_["chans"].items():
        qs = []
        for q in (h["recvq"], h["sendq"]):
            sgs = [st_["sudogs"][sg] for sg in q]
            qs.append([(g, bool(sel)) for g, _c, sel, _s, _v in sgs if not (live and sel and st_["seldone"].get(g))])
        out[c] = (h["cap"], list(h["buf"]), qs[0], qs[1], h["closed"])
    return out


def kernel_view(S, live: bool) -> dict:
    """The kernel's channels with (goid, is_select) queues (kernel_chans plus each sudog's
    isSelect); live=True as in replay_view, with the G's own selectDone flag."""
    from course.runtime2 import G_GOID, G_SELECTDONE, SG_G, SG_ISSELECT, SG_NEXT, HC_RECVQ_FIRST, HC_SENDQ_FIRST

    base = kernel_chans(S)
    out = {}
    for c, (cap, buf, rq_goids, sq_goids, closed) in base.items():
        qs = []
        for first, goids in ((HC_RECVQ_FIRST, rq_goids), (HC_SENDQ_FIRST, sq_goids)):
            q, sg = [], int(S.chans[c, first])
            while sg >= 0:
                row = int(S.sudogs[sg, SG_G])
                sel = bool(S.sudogs[sg, SG_ISSELECT])
                if not (live and sel and S.allg[row, G_SELECTDONE]):
                    q.append((int(S.allg[row, G_GOID]), sel))
                sg = int(S.sudogs[sg, SG_NEXT])
            if not live:
                assert [g for g, _ in q] == goids
            qs.append(q)
        out[c] = (cap, buf, qs[0], qs[1], closed)
    return out


def replay_checking(trace, samples: int = 8) -> dict:
    """Replay the trace event by event, checking the invariants on the live sudogs after each
    event (see test_replay_keeps_stale_select_sudogs_the_kernel_dropped for why not on all of
    them); compare with Trace.state_at at a few steps. Returns the final state_at channels."""
    st_ = trace._empty(256)
    n = len(trace)
    sample_at = {n * i // samples for i in range(1, samples)} if n else set()
    for i in range(n):
        trace._apply(st_, trace.rows[i])
        check_invariants(replay_view(st_, live=True), f"after event {i} ({trace[i]})")
        if i + 1 in sample_at:
            mine = {c: (cap, buf, [g for g, _ in rq], [g for g, _ in sq], cl)
                    for c, (cap, buf, rq, sq, cl) in replay_view(st_, live=False).items()}
            assert as_tuples(trace.state_at(i + 1).chans) == mine
    return trace.state_at(n).chans


def as_tuples(chans) -> dict:
    return {c: (h.cap, h.buf, h.recvq, h.sendq, h.closed) for c, h in chans.items()}


_COMPILED: dict[str, object] = {}


def compiled(src: str):
    if src not in _COMPILED:
        if len(_COMPILED) > 256:
            _COMPILED.clear()
        _COMPILED[src] = course.compile(src, "prop.go")
    return _COMPILED[src]


def check_run(prog, procs: int, seed: int, cut: float) -> None:
    src, sent = render(prog)
    p = compiled(src)
    res = p.run(gomaxprocs=procs, seed=seed)
    ctx = f"\n--- GOMAXPROCS={procs} seed={seed}\n{src}\n--- stdout\n{res.stdout[-2000:]}\n--- stderr\n{res.stderr[:3000]}"
    # no lost wakeup: it ends, normally
    assert res.stopped == "exit" and res.exit_code == 0 and res.stderr == "", "did not end normally" + ctx
    lines = res.stdout.splitlines()
    assert lines and lines[-1].startswith("END"), ctx
    assert res.stats["trace_events_lost"] == 0
    # every value exactly once, on a channel it was sent to, by a consumer of that channel
    got = []
    for line in lines[:-1]:
        tag, ci, c, v = line.split()
        assert tag == "c", ctx
        got.append((int(ci), int(c), int(v)))
    assert Counter(v for _ci, _c, v in got) == Counter(sent.keys()), "lost or duplicated values" + ctx
    cons = prog["consumers"]
    for ci, c, v in got:
        assert c in sent[v], f"value {v} arrived on ch{c}, sent to {sent[v]}" + ctx
        assert c in ((cons[ci][1],) if cons[ci][0] == "range" else cons[ci][1]), ctx
    # FIFO per producer, per consumer (its own prints are in its receive order)
    last: dict = {}
    for ci, c, v in got:
        key = (ci, c, v // 1000)
        assert last.get(key, -1) < v, f"consumer {ci} got {v} after {last[key]} on ch{c}" + ctx
        last[key] = v
    # the trace's deliveries: the printed values, FIFO per producer per channel
    tr = res.trace
    ids = chan_of_make(tr)
    assert len(ids) == len(prog["caps"]) + 2, ctx
    dl = deliveries(tr)
    for k, cid in enumerate(ids[:len(prog["caps"])]):
        assert Counter(dl.get(cid, [])) == Counter(v for _ci, c, v in got if c == k), f"ch{k}: trace deliveries" + ctx
        lastp: dict = {}
        for v in dl.get(cid, []):
            assert lastp.get(v // 1000, -1) < v, f"ch{k}: {v} delivered after {lastp[v // 1000]}" + ctx
            lastp[v // 1000] = v
    # what the run went through (pytest --hypothesis-show-statistics)
    seen = Counter((int(k), int(r)) for k, r in tr.rows[:, [T_KIND, T_REASON]])
    for key, what in (((EV_CHANSEND, R_CHAN_DIRECT), "send handed directly to a parked receiver"),
                      ((EV_CHANRECV, R_CHAN_DIRECT), "receive straight from a parked sender"),
                      ((EV_CHANRECV, R_CHAN_RECVFULL), "receive from a full buffer with a sender"),
                      ((EV_SELECT, R_SELECT_WAKE), "a parked select woken"),
                      ((EV_SELECT, R_SELECT_DEFAULT), "select default taken"),
                      ((EV_READY, R_CLOSECHAN), "close woke a waiter")):
        if seen[key]:
            event(what)
    # invariants at every event; the replay ends in the kernel's channels
    final = replay_checking(tr)
    assert as_tuples(final) == kernel_chans(res.state), "replay != kernel" + ctx
    # a run cut short at a random event: the kernel's channels keep the invariants (all
    # sudogs, strictly), and the replay agrees with them on the live sudogs
    stop = max(1, int(len(tr) * cut))
    part = p.run(gomaxprocs=procs, seed=seed, max_events=stop)
    n = len(part.trace)
    check_invariants(kernel_view(part.state, live=False), f"kernel after {n} events")
    assert replay_view(part.trace._replay_to(n), live=True) == kernel_view(part.state, live=True), f"cut at {n}" + ctx


# ---- the properties -----------------------------------------------------------------------------
@settings(max_examples=150, **SETTINGS)
@given(prog=programs(), procs=st.integers(1, 4), seed=st.integers(0, 2**16),
       cut=st.floats(0.05, 0.95))
def test_producers_consumers_every_value_once_fifo_no_lost_wakeup_invariants(prog, procs, seed, cut):
    """Random producer/consumer programs: exit 0, every value received once on a channel it was
    sent to, FIFO per producer per channel, chan.go's invariants after every event, the trace
    replay to the end equals the kernel's channels, and at a random cut the kernel keeps the
    invariants and the replay matches it on the live sudogs."""
    check_run(prog, procs, seed, cut)


@settings(max_examples=60, **SETTINGS)
@given(prog=programs(), seed=st.integers(0, 2**16))
def test_any_procs_or_seed_same_received_values_and_one_seed_one_trace(prog, seed):
    """Across seeds and Ps the interleaving may change, the received multiset may not; and one
    seed gives one trace (the same run twice gives identical rows)."""
    src, sent = render(prog)
    p = compiled(src)
    outs = []
    for procs, s in ((1, seed), (4, seed), (4, seed + 1)):
        r = p.run(gomaxprocs=procs, seed=s)
        assert r.exit_code == 0 and r.stopped == "exit", src + r.stderr
        outs.append(sorted(int(line.split()[3]) for line in r.stdout.splitlines()[:-1]))
        if s == seed + 1:
            again = p.run(gomaxprocs=procs, seed=s)
            assert again.stdout == r.stdout
            assert np.array_equal(again.trace.rows, r.trace.rows)
    assert outs[0] == outs[1] == outs[2] == sorted(sent)


@settings(max_examples=40, **SETTINGS)
@given(prog=programs(stuck=True), procs=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_a_channel_nobody_receives_from_deadlocks_in_gos_words(prog, procs, seed):
    """The converse: producer 0 first sends cap+1 values onto a channel no one receives from,
    so it blocks forever, main waits forever for it, and once every timer has fired the run
    must end in Go's deadlock (exit 2) with that producer reported as [chan send]."""
    src, _sent = render(prog)
    res = compiled(src).run(gomaxprocs=procs, seed=seed)
    ctx = f"\n--- GOMAXPROCS={procs} seed={seed}\n{src}\n--- stderr\n{res.stderr[:3000]}"
    assert res.stopped == "exit" and res.exit_code == 2, ctx
    assert res.stderr.startswith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 ["), ctx
    assert "[chan send]:" in res.stderr, ctx
    stuck = len(prog["caps"]) - 1
    st_ = res.trace.state_at(len(res.trace))
    h = st_.chans[chan_of_make(res.trace)[stuck]]
    assert len(h.buf) == h.cap and len(h.sendq) == 1 and not h.recvq, ctx
    assert as_tuples(st_.chans) == kernel_chans(res.state), ctx


# ---- the replay bug these checks ran into (expected failures) ---------------------------------
STALE_SELECT = """package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		a <- 1
		b <- 2
	}()
	select {
	case v := <-a:
		fmt.Println("a", v)
	case v := <-b:
		fmt.Println("b", v)
	}
	fmt.Println(<-b)
}
"""
# With one P: main's select parks with sudogs on a.recvq and b.recvq; the goroutine's a <- 1
# wins the select (selectDone = 1) and readies main; its b <- 2 then calls b.recvq.dequeue(),
# which skips main's stale sudog *and takes it off the queue* (chan.go waitq.dequeue), finds
# nobody and parks on b.sendq. The kernel: b = recvq [], sendq [G6]. Trace.state_at after that
# CHANPARK: b = recvq [G1], sendq [G6] (the skip is not in the trace), until main's pass 3.


def _stale_runs():
    p = compiled(STALE_SELECT)
    full = p.run(gomaxprocs=1, seed=0)
    assert full.stdout == "a 1\n2\n"
    for stop in range(1, len(full.trace) + 1):
        part = p.run(gomaxprocs=1, seed=0, max_events=stop)
        yield len(part.trace), part


def test_replay_keeps_stale_select_sudogs_the_kernel_dropped():
    """Cut the run of STALE_SELECT at every event: the replayed channels must equal the
    kernel's (as test_chan_runtime's mid-run test requires) — they differ after G6's b <- 2
    parks (event 25 with seed 0) until main's select runs pass 3."""
    for n, part in _stale_runs():
        assert as_tuples(part.trace.state_at(n).chans) == kernel_chans(part.state), f"after {n} events"


def test_state_at_never_shows_a_channel_with_both_receivers_and_senders():
    """chan.go's header: at least one of sendq and recvq is empty (one select using an
    unbuffered channel both ways aside). Trace.state_at of STALE_SELECT breaks it at event 25."""
    for n, part in _stale_runs():
        for c, h in part.trace.state_at(n).chans.items():
            assert not (h.recvq and h.sendq), f"after {n} events: chan {c} recvq {h.recvq} sendq {h.sendq}"
