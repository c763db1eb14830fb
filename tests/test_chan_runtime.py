"""chan.go and select.go in the model, pinned on hand-assembled programs (the compiler's side
of channels lands separately; the conformance corpus then checks them against real Go).

Each test builds a tiny program with course.isa.Assembler and checks an ordering rule of
Go's channels: direct handoff, the full-buffer receive, close's wake-up order, select's
fairness, and the panics, in Go's words.
"""
from __future__ import annotations

import math

import pytest

from course.isa import *  # noqa: F403
from course.program import Program
from course.runtime2 import HC_DATAQSIZ, HC_QCOUNT, HC_RECVQ_FIRST, HC_SENDQ_FIRST, S_NCHANS


class Prog:
    """A main function being assembled, with a sender helper and fmt.Println of ints."""

    def __init__(self):
        self.a = Assembler("c.go")
        self.main = self.a.func("main.main", 0, 0)
        self.sender = self.a.func("main.sender", 2, 0)
        self.receiver = self.a.func("main.receiver", 2, 0)
        rt = self.a.func("runtime.main", 0, 0, FUNC_RUNTIME)
        rt.emit(OP_CALL, self.main.fid, 0, 0, -1)
        rt.emit(OP_EXIT, 0)
        self.rt = rt
        s = self.sender
        s.emit(OP_CHANSEND, s.param(0), s.param(1), line=5)
        s.emit(OP_RET, 0, 0)
        r = self.receiver  # receiver(ch, id): v := <-ch; println(id, v)
        v = r.slot(2)
        r.emit(OP_MOV, v, r.param(1))
        r.emit(OP_CHANRECV, v + 1, r.param(0), -1, line=8)
        r.emit(OP_PRINT, self.a.print_desc(PRINT_FMT_PRINTLN, (TY_INT, TY_INT)), v, 2)
        r.emit(OP_RET, 0, 0)

    def slot(self, n=1):
        return self.main.slot(n)

    def const(self, v):
        s = self.slot()
        self.main.emit(OP_CONST, s, v)
        return s

    def emit(self, *a, **k):
        return self.main.emit(*a, **k)

    def go(self, fn, ch, arg):
        args = self.slot(2)
        self.emit(OP_MOV, args, ch)
        self.emit(OP_CONST, args + 1, arg)
        self.emit(OP_GO, fn.fid, args, 2, line=12)

    def println(self, *slots):
        base = self.slot(len(slots))
        for i, s in enumerate(slots):
            self.emit(OP_MOV, base + i, s)
        self.emit(OP_PRINT, self.a.print_desc(PRINT_FMT_PRINTLN, (TY_INT,) * len(slots)), base, len(slots))

    def run(self, **kw):
        self.emit(OP_RET, 0, 0)
        return Program(self.a.finish(self.rt)).run(**{"gomaxprocs": 1, **kw})


def make(p, cap):
    ch = p.slot()
    p.emit(OP_MAKECHAN, ch, p.const(cap), TY_INT, line=3)
    return ch


def test_unbuffered_senders_are_received_in_arrival_order():
    p = Prog()
    ch = make(p, 0)
    for i in range(5):
        p.go(p.sender, ch, i)
        p.emit(OP_GOSCHED)
    v = p.slot()
    for _ in range(5):
        p.emit(OP_CHANRECV, v, ch, -1)
        p.println(v)
    assert p.run().stdout == "0\n1\n2\n3\n4\n"


def test_send_to_a_waiting_receiver_bypasses_the_buffer():
    p = Prog()
    ch = make(p, 1)
    p.go(p.receiver, ch, 7)
    p.emit(OP_GOSCHED)  # the receiver parks on recvq
    p.emit(OP_CHANSEND, ch, p.const(42))
    n = p.slot()
    p.emit(OP_CHANLEN, n, ch)
    p.println(n)  # direct handoff: the buffer stays empty
    p.emit(OP_GOSCHED)
    res = p.run()
    assert res.stdout == "0\n7 42\n"


def test_receive_from_full_buffer_takes_head_and_moves_sender_value_to_tail():
    p = Prog()
    ch = make(p, 2)
    p.emit(OP_CHANSEND, ch, p.const(100))
    p.emit(OP_CHANSEND, ch, p.const(101))
    for i in range(3):
        p.go(p.sender, ch, i)
        p.emit(OP_GOSCHED)
    v, n = p.slot(), p.slot()
    for _ in range(5):
        p.emit(OP_CHANRECV, v, ch, -1)
        p.emit(OP_CHANLEN, n, ch)
        p.println(v, n)
    assert p.run().stdout == "100 2\n101 2\n0 2\n1 1\n2 0\n"


def test_close_wakes_first_queued_receiver_first_then_the_rest_in_reverse():
    p = Prog()
    ch = make(p, 0)
    for i in range(5):
        p.go(p.receiver, ch, i)
        p.emit(OP_GOSCHED)
    p.emit(OP_CLOSE, ch)
    for _ in range(3):
        p.emit(OP_GOSCHED)
    assert p.run().stdout == "0 0\n4 0\n3 0\n2 0\n1 0\n"


def test_closed_buffered_channel_drains_before_zero_values():
    p = Prog()
    ch = make(p, 3)
    for v in (1, 2, 3):
        p.emit(OP_CHANSEND, ch, p.const(v))
    p.emit(OP_CLOSE, ch)
    v, ok = p.slot(), p.slot()
    for _ in range(4):
        p.emit(OP_CHANRECV, v, ch, ok)
        p.println(v, ok)
    assert p.run().stdout == "1 1\n2 1\n3 1\n0 0\n"


@pytest.mark.parametrize("what,build", [
    ("send on closed channel", lambda p, ch: (p.emit(OP_CLOSE, ch), p.emit(OP_CHANSEND, ch, p.const(1), line=20))),
    ("close of closed channel", lambda p, ch: (p.emit(OP_CLOSE, ch), p.emit(OP_CLOSE, ch, line=20))),
    ("close of nil channel", lambda p, ch: p.emit(OP_CLOSE, p.const(-1), line=20)),
    ("makechan: size out of range", lambda p, ch: p.emit(OP_MAKECHAN, p.slot(), p.const(-1), TY_INT, line=20)),
])
def test_channel_misuse_panics_in_gos_words(what, build):
    p = Prog()
    build(p, make(p, 1))
    res = p.run()
    assert res.exit_code == 2
    assert res.stderr.startswith(f"panic: {what}\n\ngoroutine 1 [running]:\nmain.main()\n\tc.go:20 +0x0")


def test_a_blocked_sender_woken_by_close_panics():
    p = Prog()
    ch = make(p, 0)
    p.go(p.sender, ch, 1)
    p.emit(OP_GOSCHED)
    p.emit(OP_CLOSE, ch)
    p.emit(OP_GOSCHED)
    res = p.run()
    assert res.exit_code == 2
    assert res.stderr.startswith("panic: send on closed channel\n\ngoroutine 6 [running]:\nmain.sender(")
    assert "\tc.go:5 +0x0" in res.stderr and "created by main.main" in res.stderr


@pytest.mark.parametrize("nil,reason", [(False, "chan receive"), (True, "chan receive (nil chan)")])
def test_receive_with_no_sender_is_a_deadlock_with_gos_header(nil, reason):
    p = Prog()
    ch = p.const(-1) if nil else make(p, 0)
    p.emit(OP_CHANRECV, p.slot(), ch, -1, line=30)
    res = p.run()
    assert res.exit_code == 2
    assert res.stderr.startswith(f"fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [{reason}]:\nmain.main()\n\tc.go:30 +0x0")


def select2(p, c1, c2, block=1):
    cases, dst = p.slot(6), p.slot(3)
    p.emit(OP_CONST, cases, 2)
    p.emit(OP_MOV, cases + 1, c1)
    p.emit(OP_CONST, cases + 3, 2)
    p.emit(OP_MOV, cases + 4, c2)
    p.emit(OP_SELECT, cases, 2, block, dst)
    return dst


def test_select_fairness_within_gos_statistical_bound():
    # TestSelectFairness: two always-ready channels, trials; |n1/trials - 0.5| <= 4.891676/(2*sqrt(trials))
    trials = 2000
    p = Prog()
    c1, c2 = make(p, trials), make(p, trials)
    i, n1 = p.const(0), p.const(0)
    top, end = p.main.label(), p.main.label()
    t = p.slot()
    p.main.place(top)
    p.emit(OP_LT, t, i, p.const(trials))
    p.emit(OP_JZ, t, end)
    p.emit(OP_CHANSEND, c1, i)
    p.emit(OP_CHANSEND, c2, i)
    dst = select2(p, c1, c2)
    p.emit(OP_ADD, n1, n1, dst)  # dst is 0 or 1
    p.emit(OP_ADDI, i, i, 1)
    p.emit(OP_JMP, top)
    p.main.place(end)
    p.println(n1)
    for seed in (0, 1, 2):
        n = int(p.run(seed=seed).stdout) if seed == 0 else int(Program(p.a.finish(p.rt)).run(gomaxprocs=1, seed=seed).stdout)
        assert abs(n / trials - 0.5) <= 4.891676 / (2 * math.sqrt(trials))


def test_select_default_runs_when_nothing_is_ready_and_nil_cases_never_win():
    p = Prog()
    c = make(p, 1)
    dst = select2(p, p.const(-1), c, block=0)
    p.println(dst)
    p.emit(OP_CHANSEND, c, p.const(9))
    dst2 = select2(p, p.const(-1), c, block=0)
    p.println(dst2, dst2 + 1)
    assert p.run().stdout == "-1\n1 9\n"


def test_blocked_select_is_woken_by_one_case_and_leaves_the_other_queue_clean():
    p = Prog()
    c1, c2 = make(p, 0), make(p, 0)
    p.go(p.sender, c2, 5)  # will find the select's sudog on c2's recvq
    dst = select2(p, c1, c2)
    p.println(dst, dst + 1, dst + 2)
    res = p.run()
    assert res.stdout == "1 5 1\n"
    S = res.state
    for ch in range(int(S.sched[S_NCHANS])):
        assert S.chans[ch, HC_RECVQ_FIRST] == -1 and S.chans[ch, HC_SENDQ_FIRST] == -1


def test_channel_invariants_hold_at_the_end_of_a_busy_run():
    p = Prog()
    ch = make(p, 3)
    for i in range(8):
        p.go(p.sender, ch, i)
    for i in range(4):
        p.go(p.receiver, ch, 100 + i)
    for _ in range(6):
        p.emit(OP_GOSCHED)
    S = p.run().state
    for c in range(int(S.sched[S_NCHANS])):
        if S.chans[c, HC_QCOUNT] > 0:
            assert S.chans[c, HC_RECVQ_FIRST] == -1  # qcount > 0 ⇒ recvq empty
        if S.chans[c, HC_QCOUNT] < S.chans[c, HC_DATAQSIZ]:
            assert S.chans[c, HC_SENDQ_FIRST] == -1  # qcount < cap ⇒ sendq empty


def kernel_chans(S):
    """Every channel as the kernel holds it: buffer from recvx, queues as goids."""
    from course.runtime2 import (G_GOID, HC_BUF, HC_CLOSED, HC_RECVX, SG_G, SG_NEXT)
    out = {}
    for c in range(int(S.sched[S_NCHANS])):
        n, cap = int(S.chans[c, HC_QCOUNT]), int(S.chans[c, HC_DATAQSIZ])
        buf = [int(S.chanbuf[S.chans[c, HC_BUF] + (S.chans[c, HC_RECVX] + i) % cap]) for i in range(n)] if cap else []
        qs = []
        for first in (HC_RECVQ_FIRST, HC_SENDQ_FIRST):
            q, sg = [], int(S.chans[c, first])
            while sg >= 0:
                q.append(int(S.allg[S.sudogs[sg, SG_G], G_GOID]))
                sg = int(S.sudogs[sg, SG_NEXT])
            qs.append(q)
        out[c] = (cap, buf, qs[0], qs[1], bool(S.chans[c, HC_CLOSED]))
    return out


def busy_program():
    p = Prog()
    a, b = make(p, 2), make(p, 0)
    for i in range(6):
        p.go(p.sender, a, i)
        p.go(p.receiver, b, 50 + i)
    for i in range(3):
        p.go(p.sender, b, 10 + i)
    p.emit(OP_GOSCHED)
    v = p.slot()
    p.emit(OP_CHANRECV, v, a, -1)
    p.emit(OP_GOSCHED)
    dst = select2(p, a, b)
    p.println(dst)
    p.emit(OP_GOSCHED)
    return p


@pytest.mark.parametrize("procs", [1, 2, 4])
def test_replaying_the_trace_rebuilds_every_channel(procs):
    p = busy_program()
    res = p.run(gomaxprocs=procs, seed=procs)
    st = res.trace.state_at(len(res.trace))
    got = {c: (h.cap, h.buf, h.recvq, h.sendq, h.closed) for c, h in st.chans.items()}
    assert got == kernel_chans(res.state)


def test_replaying_part_of_the_trace_rebuilds_channels_mid_run():
    prog = Program(busy_program_image())
    full = prog.run(gomaxprocs=2, seed=7)
    for stop in range(10, len(full.trace), max(1, len(full.trace) // 12)):
        part = prog.run(gomaxprocs=2, seed=7, max_events=stop)
        st = part.trace.state_at(len(part.trace))
        got = {c: (h.cap, h.buf, h.recvq, h.sendq, h.closed) for c, h in st.chans.items()}
        assert got == kernel_chans(part.state), f"after {len(part.trace)} events"


def busy_program_image():
    p = busy_program()
    p.emit(OP_RET, 0, 0)
    return p.a.finish(p.rt)
