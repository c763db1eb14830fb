"""Go's own scheduler unit tests, ported to the model, and the run-queue rules they rest on.

Go tests its run queues without running a program: ``runtime/proc_test.go`` builds bare ``p``
structs and calls ``runqput``/``runqget``/``runqsteal`` through ``export_test.go``. We do the
same: a bare ``State`` (``course.program.new_state``, no boot), Ps made with ``engine.initp``,
G rows we fill in ourselves, and the very kernels the engine runs (``course.proc``).

Ported (go1.19.8 ``runtime/proc_test.go``, ``proc_runtime_test.go``):
  * TestSchedLocalQueue       → test_sched_local_queue_is_fifo_up_to_capacity
  * TestSchedLocalQueueSteal  → test_sched_local_queue_steal_takes_half_rounded_up
  * TestStealOrder            → test_steal_order_visits_every_p_once

The other tests pin the rules behind them, one rule per test (reference: proc.go and
stubs.go of go1.19.8, quoted in /work/shared/reference/go-runtime-facts.md §1a). One of them,
test_steal_order_start_is_go_random_order_start, is an expected failure: it pins a difference
from Go's randomOrder.start that the model still has.
"""
from __future__ import annotations

from math import gcd

import numpy as np
import pytest

import course
from course import engine, proc
from course.costs import CostModel
from course.program import new_state
from course.trace import unpack_rows
from course.runtime2 import (G_GOID, G_NCOLS, G_SCHEDLINK, G_STACKLO, G_STACKSIZE, G_STATUS, GFREE_KEEP,
                             GFREE_MAX, Gdead, Grunnable, P_GFREE, P_GFREECNT, P_RUNNEXT, P_RUNQHEAD,
                             P_RUNQTAIL, RUNQ_SIZE, S_GFREE, S_NGFREE, S_NTRACE, S_RUNQHEAD, S_RUNQSIZE,
                             S_RUNQTAIL, T_A, T_B, T_G, T_KIND)
from course.traceev import EV_RUNQPUT, EV_RUNQPUTSLOW, R_NEWPROC

NG = 1024  # G rows in a bare state (more than a full ring plus a spill)
GOID_BASE = 1000  # goid = row + GOID_BASE, so a goid is never mistaken for a row

_IMAGE = None


def _image():
    global _IMAGE
    if _IMAGE is None:
        _IMAGE = course.compile("package main\nfunc main() {}\n").image
    return _IMAGE


def bare_state(gomaxprocs: int = 2, *, seed: int = 0, trace: bool = False):
    """A state with `gomaxprocs` empty idle Ps, NG runnable G rows and one M; returns (S, m).

    trace=False by default: the port loops make ~10^5 queue operations, more than the trace
    array holds (the engine grows it between kernel calls; these direct calls cannot)."""
    S = new_state(_image(), gomaxprocs=gomaxprocs, seed=seed, godebug={}, trace=trace,
                  costs=CostModel(), runnext=True, max_events=0)
    S = S._replace(allg=np.zeros((NG, G_NCOLS), dtype=np.int64))
    for pp in range(gomaxprocs):
        engine.initp(S, pp)
    S.allg[:, G_GOID] = np.arange(NG) + GOID_BASE
    S.allg[:, G_STATUS] = Grunnable
    S.allg[:, G_SCHEDLINK] = -1
    m = proc.newm(S, 0)
    assert m >= 0
    return S, m


def ring(S, pp) -> list[int]:
    """pp's ring, head first (G rows)."""
    h, t = int(S.allp[pp, P_RUNQHEAD]), int(S.allp[pp, P_RUNQTAIL])
    return [int(S.runq[pp, i % RUNQ_SIZE]) for i in range(h, t)]


def global_queue(S) -> list[int]:
    """The global queue, head first (G rows), walked through g.schedlink."""
    out, gp = [], int(S.sched[S_RUNQHEAD])
    while gp >= 0:
        out.append(gp)
        assert len(out) <= NG, "cycle in the global queue"
        gp = int(S.allg[gp, G_SCHEDLINK])
    assert len(out) == S.sched[S_RUNQSIZE]
    assert S.sched[S_RUNQTAIL] == (out[-1] if out else -1)
    return out


def drain(S, pp) -> list[int]:
    out = []
    while True:
        gp, _inherit = proc.runqget(S, pp)
        if gp < 0:
            return out
        out.append(int(gp))


# ---- ports of Go's tests ---------------------------------------------------------------------
def test_sched_local_queue_is_fifo_up_to_capacity():
    """TestSchedLocalQueue: on one P, for i = 0..255, i runqputs then i runqgets return the Gs
    in the order put (FIFO, across the ring's wrap-around), then the queue is empty."""
    S, m = bare_state()
    for i in range(RUNQ_SIZE):
        assert proc.runqget(S, 0)[0] == -1, "runq is not empty initially"
        for j in range(i):
            proc.runqput(S, m, 0, j, False, R_NEWPROC)
        assert proc.runqsize(S, 0) == i
        got = [int(proc.runqget(S, 0)[0]) for _ in range(i)]
        assert got == list(range(i)), f"bad element at iter {i}"
        assert proc.runqget(S, 0)[0] == -1, "runq is not empty afterwards"
        assert proc.runqempty(S, 0)
    assert S.sched[S_RUNQSIZE] == 0, "255 Gs fit in the ring: nothing spilled to the global queue"


def test_sched_local_queue_steal_takes_half_rounded_up():
    """TestSchedLocalQueueSteal: for i = 0..255, i Gs on p1, runqsteal(p2, p1, true), drain p2
    then p1: every G is seen exactly once and p2 got ceil(i/2) of them (i/2 or i/2+1 in Go's
    words). Also: the thief took them from p1's head and returns the last one it grabbed."""
    S, m = bare_state()
    p1, p2 = 0, 1
    for i in range(RUNQ_SIZE):
        gs = list(range(i))
        for g in gs:
            proc.runqput(S, m, p1, g, False, R_NEWPROC)
        gp = int(proc.runqsteal(S, m, p2, p1, True))
        stolen = ([gp] if gp >= 0 else []) + drain(S, p2)
        rest = drain(S, p1)
        assert sorted(stolen + rest) == gs, f"iter {i}: every G exactly once"
        s = len(stolen)
        assert s in (i // 2, i // 2 + 1), f"iter {i}: bad steal {s}"
        assert s == i - i // 2
        if i:
            n = i - i // 2
            assert gp == n - 1, "the thief runs the last G it grabbed"
            assert stolen[1:] == list(range(n - 1)), "the others wait on its ring, in order"
            assert rest == list(range(n, i)), "the victim keeps its tail"
        else:
            assert gp == -1


def _enumerate(pos: int, inc: int, count: int) -> list[int]:
    out = []
    for _ in range(count):
        out.append(pos)
        pos = (pos + inc) % count
    return out


def test_steal_order_visits_every_p_once():
    """TestStealOrder: for procs = 1..64, every (pos, inc) that stealOrderStart gives walks all
    Ps exactly once in `procs` steps; for procs >= 3 it uses at least 2 different strides."""
    S, m = bare_state()
    for procs in range(1, 65):
        incs = set()
        for _ in range(4 * procs + 8):
            pos, inc = proc.stealOrderStart(S, m, procs)
            pos, inc = int(pos), int(inc)
            assert 0 <= pos < procs and 1 <= inc <= procs
            assert gcd(inc, procs) == 1, f"procs {procs}: inc {inc} not coprime"
            assert sorted(_enumerate(pos, inc, procs)) == list(range(procs)), \
                f"procs {procs}, pos {pos}, inc {inc}: duplicate during enumeration"
            incs.add(inc)
        if procs >= 3:
            assert len(incs) >= 2, f"procs {procs}: too few coprimes used: {incs}"


# ---- fastrand: Go 1.19's wyrand, computed by hand ----------------------------------------------
M64 = (1 << 64) - 1


def wyrand(state: int) -> tuple[int, int]:
    """stubs.go fastrand on amd64: m.fastrand += 0xa0761d6478bd642f;
    hi, lo := bits.Mul64(s, s^0xe7037ed1a0b428db); return uint32(hi^lo). (new state, value)"""
    s = (state + 0xA0761D6478BD642F) & M64
    prod = s * (s ^ 0xE7037ED1A0B428DB)
    return s, ((prod >> 64) ^ (prod & M64)) & 0xFFFFFFFF


def test_fastrand_matches_go_wyrand():
    S, m = bare_state()
    for start in (0, 1, 0x0123456789ABCDEF, M64):
        S.rng[m] = np.uint64(start)
        st = start
        for _ in range(5):
            st, want = wyrand(st)
            assert int(proc.fastrand(S, m)) == want
            assert int(S.rng[m]) == st, "the M's state advances as Go's m.fastrand"
        # fastrandn(n) = uint32(uint64(fastrand()) * n >> 32)
        for n in (1, 2, 3, 7, 64, 1 << 31):
            st, r = wyrand(st)
            got = int(proc.fastrandn(S, m, n))
            assert got == (r * n) >> 32
            assert 0 <= got < n


# The same formula run by Go itself (go1.19.8, math/bits.Mul64 from states 0 and
# 0x0123456789abcdef), so the hand computation above is not checked only against itself.
GO_WYRAND = {
    0: [2405016974, 4283336045, 2403848868, 2442172256, 2974294238],
    0x0123456789ABCDEF: [2058339879, 2282601783, 1181658211, 3559364032, 454302695],
}


@pytest.mark.parametrize("start", sorted(GO_WYRAND))
def test_fastrand_first_values_are_gos(start):
    S, m = bare_state()
    S.rng[m] = np.uint64(start)
    assert [int(proc.fastrand(S, m)) for _ in range(5)] == GO_WYRAND[start]
    st, mine = start, []
    for _ in range(5):
        st, v = wyrand(st)
        mine.append(v)
    assert mine == GO_WYRAND[start]


def test_steal_order_start_is_go_random_order_start():
    """proc.go randomOrder.start(i): pos = i % count, inc = coprimes[i/count % len(coprimes)]
    with i = fastrand(). Consequence (Go's TestStealOrder, second half): every one of the
    count*len(coprimes) (pos, inc) pairs is reachable."""
    S, m = bare_state()
    for procs in range(2, 17):
        coprimes = [i for i in range(1, procs + 1) if gcd(i, procs) == 1]
        for _ in range(50):
            _, r = wyrand(int(S.rng[m]))
            want = (r % procs, coprimes[r // procs % len(coprimes)])
            got = tuple(int(x) for x in proc.stealOrderStart(S, m, procs))
            assert got == want, f"procs {procs}, fastrand {r}"


# ---- run-queue rules ----------------------------------------------------------------------------
def test_runqput_next_puts_g_in_runnext():
    S, m = bare_state()
    proc.runqput(S, m, 0, 5, True, R_NEWPROC)
    assert S.allp[0, P_RUNNEXT] == 5 and ring(S, 0) == []
    assert tuple(proc.runqget(S, 0)) == (5, True), "runnext is taken first and inherits the time slice"


def test_runqput_next_kicks_old_runnext_to_tail():
    S, m = bare_state(trace=True)
    for g in (1, 2):
        proc.runqput(S, m, 0, g, False, R_NEWPROC)
    proc.runqput(S, m, 0, 10, True, R_NEWPROC)
    proc.runqput(S, m, 0, 11, True, R_NEWPROC)
    assert S.allp[0, P_RUNNEXT] == 11
    assert ring(S, 0) == [1, 2, 10], "the old runnext goes to the *tail* of the ring"
    ev = unpack_rows(S.trace[:int(S.sched[S_NTRACE])])[-1]
    assert (ev[T_KIND], ev[T_G], ev[T_A], ev[T_B]) == (EV_RUNQPUT, 11 + GOID_BASE, 1, 10 + GOID_BASE), \
        "one RUNQPUT event names the new runnext and the kicked G"
    assert [int(proc.runqget(S, 0)[0]) for _ in range(4)] == [11, 1, 2, 10]


def test_runqputslow_moves_half_plus_one_to_global_in_order():
    """A full ring (256) and one more put: the 128 oldest Gs and the new one go to the global
    queue's tail as one batch, in order; the ring keeps the newer 128."""
    S, m = bare_state(trace=True)
    for g in range(RUNQ_SIZE):
        proc.runqput(S, m, 0, g, False, R_NEWPROC)
    assert proc.runqsize(S, 0) == RUNQ_SIZE and S.sched[S_RUNQSIZE] == 0
    proc.runqput(S, m, 0, RUNQ_SIZE, False, R_NEWPROC)
    assert global_queue(S) == list(range(RUNQ_SIZE // 2)) + [RUNQ_SIZE]
    assert ring(S, 0) == list(range(RUNQ_SIZE // 2, RUNQ_SIZE))
    ev = unpack_rows(S.trace[:int(S.sched[S_NTRACE])])[-1]
    assert (ev[T_KIND], ev[T_A], ev[T_G]) == (EV_RUNQPUTSLOW, RUNQ_SIZE // 2, RUNQ_SIZE + GOID_BASE)


def test_runqput_next_with_full_ring_spills_the_kicked_g():
    """runnext takes the new G; the kicked one finds the ring full and goes through
    runqputslow: 128 oldest plus the kicked G to the global queue."""
    S, m = bare_state()
    proc.runqput(S, m, 0, 500, True, R_NEWPROC)
    for g in range(RUNQ_SIZE):
        proc.runqput(S, m, 0, g, False, R_NEWPROC)
    proc.runqput(S, m, 0, 501, True, R_NEWPROC)
    assert S.allp[0, P_RUNNEXT] == 501
    assert global_queue(S) == list(range(RUNQ_SIZE // 2)) + [500]
    assert ring(S, 0) == list(range(RUNQ_SIZE // 2, RUNQ_SIZE))


def test_runqsteal_takes_runnext_only_from_an_empty_ring_when_allowed():
    S, m = bare_state()
    proc.runqput(S, m, 0, 7, True, R_NEWPROC)
    assert proc.runqsteal(S, m, 1, 0, False) == -1, "stealRunNextG=false leaves runnext alone"
    assert S.allp[0, P_RUNNEXT] == 7
    assert proc.runqsteal(S, m, 1, 0, True) == 7
    assert S.allp[0, P_RUNNEXT] == -1 and ring(S, 1) == []
    proc.runqput(S, m, 0, 8, True, R_NEWPROC)
    proc.runqput(S, m, 0, 9, False, R_NEWPROC)
    assert proc.runqsteal(S, m, 1, 0, True) == 9, "with a non-empty ring, the ring is stolen"
    assert S.allp[0, P_RUNNEXT] == 8


@pytest.mark.parametrize("gomaxprocs", [1, 2, 3, 4, 8])
@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 17, 100, 200, 300, 600])
def test_globrunqget_batch_size(gomaxprocs, size):
    """globrunqget takes n = min(size, size/gomaxprocs+1, 128): the first G runs, the other n-1
    go to the P's ring in order, the rest stay on the global queue in order."""
    S, m = bare_state(gomaxprocs)
    for g in range(size):
        proc.globrunqput(S, g)
    n = min(size, size // gomaxprocs + 1, RUNQ_SIZE // 2)
    gp = int(proc.globrunqget(S, m, 0, 0, 0))
    assert gp == 0
    assert ring(S, 0) == list(range(1, n))
    assert global_queue(S) == list(range(n, size))


def test_globrunqget_max_one_takes_a_single_g():
    """The schedtick%61 check calls globrunqget(pp, 1): one G, nothing to the ring."""
    S, m = bare_state(1)
    for g in range(10):
        proc.globrunqput(S, g)
    assert proc.globrunqget(S, m, 0, 1, 0) == 0
    assert ring(S, 0) == [] and global_queue(S) == list(range(1, 10))


def test_globrunqputhead_goes_first():
    S, _m = bare_state()
    for g in (1, 2):
        proc.globrunqput(S, g)
    proc.globrunqputhead(S, 3)
    assert global_queue(S) == [3, 1, 2]


# ---- free Gs ------------------------------------------------------------------------------------
def _dead(S, g):
    S.allg[g, G_STATUS] = Gdead
    S.allg[g, G_STACKLO] = 64 * g
    S.allg[g, G_STACKSIZE] = proc.STACK_START


def _plist(S, pp) -> list[int]:
    out, gp = [], int(S.allp[pp, P_GFREE])
    while gp >= 0:
        out.append(gp)
        gp = int(S.allg[gp, G_SCHEDLINK])
    assert len(out) == S.allp[pp, P_GFREECNT]
    return out


def _glist(S) -> list[int]:
    out, gp = [], int(S.sched[S_GFREE])
    while gp >= 0:
        out.append(gp)
        gp = int(S.allg[gp, G_SCHEDLINK])
    assert len(out) == S.sched[S_NGFREE]
    return out


def test_gfput_moves_to_global_list_at_64_until_32():
    """gfput keeps dead Gs on the P's list; when it reaches 64, the newest are moved to the
    global list until fewer than 32 remain (33 move, 31 stay: the oldest)."""
    S, _m = bare_state()
    for g in range(GFREE_MAX - 1):
        _dead(S, g)
        proc.gfput(S, 0, g)
    assert S.allp[0, P_GFREECNT] == 63 and S.sched[S_NGFREE] == 0
    _dead(S, 63)
    proc.gfput(S, 0, 63)
    assert S.allp[0, P_GFREECNT] == GFREE_KEEP - 1 == 31
    assert S.sched[S_NGFREE] == GFREE_MAX - (GFREE_KEEP - 1) == 33
    assert sorted(_plist(S, 0)) == list(range(31))
    assert sorted(_glist(S)) == list(range(31, 64))


def test_gfget_refills_from_global_list_up_to_32():
    S, _m = bare_state()
    for g in range(GFREE_MAX):
        _dead(S, g)
        proc.gfput(S, 1, g)  # P1 spills 33 to the global list
    assert S.sched[S_NGFREE] == 33 and S.allp[0, P_GFREECNT] == 0
    gp = int(proc.gfget(S, 0))
    assert gp >= 0
    assert S.allp[0, P_GFREECNT] == GFREE_KEEP - 1, "32 moved to P0, one handed out"
    assert S.sched[S_NGFREE] == 1


def test_traceev_packed_row_decodes_to_every_field():
    """traceev writes each event packed (6 words, course.traceev TP_*); Trace.rows decodes it
    to the 9 T_* columns: every field comes back as recorded, at the ends of its range too."""
    from course.runtime2 import M_CLOCK, S_NOW, T_C, T_M, T_P, T_REASON, T_TIME
    S, m = bare_state(gomaxprocs=2, trace=True)
    big, small = (1 << 63) - 1, -(1 << 63)
    cases = [  # (m, p, g row, kind, a, b, c, reason)
        (m, 0, 3, EV_RUNQPUT, 1, -1, 0, R_NEWPROC),
        (-1, -1, -1, 255, big, small, -1, 255),  # sysmon, no P, no G
        (m, 255, NG - 1, 1, small, big, big, 0),
    ]
    n0 = int(S.sched[S_NTRACE])
    for (mm, pp, gp, kind, a, b, c, reason) in cases:
        proc.traceev(S, mm, pp, gp, kind, a, b, c, reason)
    rows = unpack_rows(S.trace[n0:int(S.sched[S_NTRACE])])
    assert len(rows) == len(cases)
    for r, (mm, pp, gp, kind, a, b, c, reason) in zip(rows, cases):
        t = int(S.allm[mm, M_CLOCK]) if mm >= 0 else int(S.sched[S_NOW])
        g = int(S.allg[gp, G_GOID]) if gp >= 0 else -1
        assert [int(x) for x in r[[T_TIME, T_P, T_M, T_G, T_KIND, T_A, T_B, T_C, T_REASON]]] == \
            [t, pp, mm, g, kind, a, b, c, reason]
