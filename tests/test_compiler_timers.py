"""Timers in the front end (part 2): time.NewTimer, time.After, time.Tick, time.NewTicker,
Timer.C/Stop/Reset and Ticker.C/Stop compiled to isa's OP_NEWTIMER .. OP_TIMERRESET, time.Time
as a value that can be received, stored and passed but not printed or compared, the gate's
names for timer constructs, and Go 1.19's error messages.

Conventions (course/compiler/codegen.py): a ``*time.Timer``/``*time.Ticker`` is the runtime's
timer id in one slot (never nil); ``time.NewTimer(d)`` is ``NEWTIMER dst, d, 0``,
``time.NewTicker(d)`` ``NEWTIMER dst, d, 1``; ``time.After(d)``/``time.Tick(d)`` are
``NEWTIMER tmp, d, 0|1`` then ``TIMERC dst, tmp`` (``time.Tick(d)`` is nil for d <= 0);
``t.C`` is ``TIMERC``, ``t.Stop()`` ``TIMERSTOP`` and ``t.Reset(d)`` ``TIMERRESET``.

Most tests open the gate (``gate_open``) so they hold whatever ``course.vm.SUPPORTED_OPS`` says
today. Every expected text in ``GO_TIMER_ERRORS`` was printed by ``go build`` (go1.19.8) for
the same source; the end-to-end programs' expected outputs are what ``go run`` printed with
GOMAXPROCS=1 (they run only once the VM runs the timer instructions).
"""
from __future__ import annotations

import pytest

from course import isa
from course.compiler import GoCompileError, compile_source
from course.compiler import gate

ALL_OPS = frozenset(isa.OPNAMES)
TIMER_OPS = frozenset(range(isa.OP_NEWTIMER, isa.OP_LAST_PART2_TIMERS + 1))
UNSUPPORTED = "is not supported in this course's Go subset (yet)"


@pytest.fixture
def gate_open(monkeypatch):
    monkeypatch.setattr(gate, "supported_ops", lambda: ALL_OPS)


@pytest.fixture
def gate_no_timers(monkeypatch):
    """The VM of part 2 before its timers: channels and select, no timer instructions."""
    monkeypatch.setattr(gate, "supported_ops", lambda: ALL_OPS - TIMER_OPS)


def prog(body: str, top: str = "") -> str:
    return f'package main\n\nimport "time"\n\n{top}\nfunc main() {{\n{body}\n}}\n'


def code_of(img: isa.Image, name: str = "main.main") -> list[tuple]:
    """(OPNAME, a, b, c, d) rows of one function."""
    fid = img.func_names.index(name)
    start = int(img.funcs[fid, isa.F_ENTRY])
    ends = sorted(int(e) for e in img.funcs[:, isa.F_ENTRY] if int(e) > start)
    end = ends[0] if ends else len(img.code)
    return [(isa.OPNAMES[int(r[0])], *map(int, r[1:])) for r in img.code[start:end]]


def rows(img, op: str, name: str = "main.main") -> list[tuple]:
    return [r for r in code_of(img, name) if r[0] == op]


def const_of(img, slot: int, name: str = "main.main", before: int | None = None) -> int:
    """The value the last CONST into ``slot`` (before row ``before``) loads."""
    code = code_of(img, name)[:before]
    return [r[2] for r in code if r[0] == "CONST" and r[1] == slot][-1]


def const_before(img, row, name: str = "main.main", col: int = 2) -> int:
    """The constant in operand ``col`` of ``row`` (loaded by a CONST before it)."""
    code = code_of(img, name)
    return const_of(img, row[col], name, before=code.index(row))


MS = 1_000_000


# --- making timers --------------------------------------------------------------------------------
def test_new_timer_is_newtimer_into_the_variable_with_the_duration(gate_open):
    img = compile_source(prog("\tt := time.NewTimer(20 * time.Millisecond)\n\t<-t.C"))
    nt = rows(img, "NEWTIMER")
    assert len(nt) == 1
    assert nt[0][1] == isa.FRAME_HDR and nt[0][3] == 0  # t's slot; one-shot
    assert const_before(img, nt[0]) == 20 * MS


def test_new_ticker_is_a_periodic_newtimer(gate_open):
    img = compile_source(prog("\ttk := time.NewTicker(time.Second)\n\t<-tk.C\n\ttk.Stop()"))
    nt = rows(img, "NEWTIMER")[0]
    assert nt[1] == isa.FRAME_HDR and nt[3] == 1
    assert const_before(img, nt) == 1_000_000_000


def test_duration_from_a_variable_is_that_slot(gate_open):
    img = compile_source(prog("\td := time.Duration(3) * time.Millisecond\n\tt := time.NewTimer(d)\n\t_ = t"))
    assert rows(img, "NEWTIMER")[0][2] == isa.FRAME_HDR  # d's own slot, no copy


def test_after_is_newtimer_then_timerc(gate_open):
    img = compile_source(prog("\tc := time.After(5 * time.Millisecond)\n\t<-c"))
    code = code_of(img)
    nt, tc = rows(img, "NEWTIMER")[0], rows(img, "TIMERC")[0]
    assert nt[3] == 0 and const_before(img, nt) == 5 * MS
    assert code.index(tc) == code.index(nt) + 1
    assert tc[1:3] == (isa.FRAME_HDR, nt[1])  # c gets the timer's channel
    assert rows(img, "CHANRECV")[0][1:4] == (-1, isa.FRAME_HDR, -1)


def test_tick_is_a_periodic_newtimer_then_timerc(gate_open):
    img = compile_source(prog("\ttick := time.Tick(10 * time.Millisecond)\n\t<-tick"))
    nt, tc = rows(img, "NEWTIMER")[0], rows(img, "TIMERC")[0]
    assert nt[3] == 1 and const_before(img, nt) == 10 * MS
    assert tc[1:3] == (isa.FRAME_HDR, nt[1])


def test_tick_of_a_non_positive_constant_is_nil_without_a_timer(gate_open):
    img = compile_source(prog("\ta := time.Tick(0)\n\tb := time.Tick(-time.Second)\n\t_, _ = a, b"))
    assert not rows(img, "NEWTIMER") and not rows(img, "TIMERC")
    assert code_of(img)[:2] == [("CONST", isa.FRAME_HDR, -1, 0, 0), ("CONST", isa.FRAME_HDR + 1, -1, 0, 0)]


def test_tick_of_a_variable_is_nil_unless_positive(gate_open):
    # tick.go: "if d <= 0 { return nil }"
    img = compile_source(prog("\td := time.Duration(0)\n\tc := time.Tick(d)\n\t_ = c"))
    code = code_of(img)
    c = isa.FRAME_HDR + 1
    names = [r[0] for r in code]
    i = names.index("GT")
    assert code[i - 1] == ("CONST", c, -1, 0, 0) or ("CONST", c, -1, 0, 0) in code[:i]
    gt, jz = code[i], code[i + 1]
    assert gt[2] == isa.FRAME_HDR and const_before(img, gt, col=3) == 0
    assert jz[0] == "JZ" and jz[1] == gt[1]
    nt, tc = code[i + 2], code[i + 3]
    assert nt[0] == "NEWTIMER" and nt[2:4] == (isa.FRAME_HDR, 1)
    assert tc == ("TIMERC", c, nt[1], 0, 0)
    assert jz[2] == i + 4 + int(img.funcs[img.func_names.index("main.main"), isa.F_ENTRY])


def test_timer_made_and_dropped_still_starts(gate_open):
    # the timer is pending (checkdead counts it) even if nothing keeps it
    img = compile_source(prog("\ttime.After(time.Hour)\n\ttime.NewTimer(time.Hour)\n\ttime.NewTicker(time.Hour)"))
    assert [r[3] for r in rows(img, "NEWTIMER")] == [0, 0, 1]


# --- C, Stop, Reset ----------------------------------------------------------------------------------
def test_timer_c_is_timerc_of_the_timer_and_a_receive_from_it(gate_open):
    img = compile_source(prog("\tt := time.NewTimer(1)\n\t<-t.C\n\tv := <-t.C\n\t_ = v"))
    tcs = rows(img, "TIMERC")
    recvs = rows(img, "CHANRECV")
    assert [r[2] for r in tcs] == [isa.FRAME_HDR, isa.FRAME_HDR]
    assert recvs[0][1:4] == (-1, tcs[0][1], -1)
    assert recvs[1][1:4] == (isa.FRAME_HDR + 1, tcs[1][1], -1)  # v is received into its slot


def test_len_and_cap_of_timer_c_are_channel_ops(gate_open):
    img = compile_source(prog("\tt := time.NewTimer(1)\n\tprintln(len(t.C), cap(t.C))"))
    tcs = rows(img, "TIMERC")
    assert rows(img, "CHANLEN")[0][2] == tcs[0][1] and rows(img, "CHANCAP")[0][2] == tcs[1][1]


def test_stop_gives_a_bool_and_may_be_a_statement(gate_open):
    img = compile_source(prog("\tt := time.NewTimer(1)\n\tok := t.Stop()\n\tt.Stop()\n\tprintln(ok)"))
    st = rows(img, "TIMERSTOP")
    assert st[0][1:3] == (isa.FRAME_HDR + 1, isa.FRAME_HDR)  # straight into ok
    assert st[1][2] == isa.FRAME_HDR and st[1][1] not in (isa.FRAME_HDR, isa.FRAME_HDR + 1)
    desc = img.prints[rows(img, "PRINT")[0][1]]
    assert desc.types == (isa.TY_BOOL,)


def test_reset_gives_a_bool_from_timer_and_duration(gate_open):
    img = compile_source(prog("\tt := time.NewTimer(time.Hour)\n\tactive := t.Reset(5 * time.Millisecond)\n\tprintln(active)"))
    rs = rows(img, "TIMERRESET")[0]
    assert rs[1:3] == (isa.FRAME_HDR + 1, isa.FRAME_HDR)
    assert const_before(img, rs, col=3) == 5 * MS


def test_ticker_stop_has_no_result(gate_open):
    img = compile_source(prog("\ttk := time.NewTicker(1)\n\ttk.Stop()\n\tx := 7\n\tprintln(x)"))
    st = rows(img, "TIMERSTOP")[0]
    assert st[2] == isa.FRAME_HDR and st[1] != isa.FRAME_HDR
    assert rows(img, "TIMERC") == []


def test_methods_and_field_of_a_call_result(gate_open):
    img = compile_source(prog("\t<-time.NewTimer(1).C\n\ttime.NewTicker(1).Stop()"))
    nt = rows(img, "NEWTIMER")
    assert rows(img, "TIMERC")[0][2] == nt[0][1] and rows(img, "TIMERSTOP")[0][2] == nt[1][1]


def test_defer_and_go_of_stop_run_a_wrapper_on_the_receiver(gate_open):
    img = compile_source(prog("\ttk := time.NewTicker(1)\n\tdefer tk.Stop()\n\tt := time.NewTimer(1)\n"
                              "\tgo t.Reset(time.Hour)\n\t<-t.C"))
    assert code_of(img, "main.main.deferwrap1")[0][0] == "TIMERSTOP"
    assert code_of(img, "main.main.deferwrap1")[0][2] == isa.FRAME_HDR
    rs = code_of(img, "main.main.gowrap1")[0]
    assert rs[0] == "TIMERRESET" and rs[2:4] == (isa.FRAME_HDR, isa.FRAME_HDR + 1)
    defer, go = rows(img, "DEFER")[0], rows(img, "GO")[0]
    assert defer[3] == 1 and go[3] == 2  # receiver (and argument) evaluated at the statement
    assert ("MOV", defer[2], isa.FRAME_HDR, 0, 0) in code_of(img)  # tk's value, copied now


def test_captured_timer_lives_in_a_cell(gate_open):
    img = compile_source(prog("\tt := time.NewTimer(time.Hour)\n\tgo func() {\n\t\tt.Reset(1)\n\t}()\n\t<-t.C"))
    lit = code_of(img, "main.main.func1")
    load = next(r for r in lit if r[0] == "LOADCELL")
    assert next(r for r in lit if r[0] == "TIMERRESET")[2] == load[1]
    nt = rows(img, "NEWTIMER")[0]
    assert rows(img, "NEWCELL")[0][2] == nt[1]


def test_package_level_timer_is_made_in_runtime_main(gate_open):
    src = 'package main\n\nimport "time"\n\nvar t = time.NewTimer(time.Millisecond)\n\nfunc main() {\n\t<-t.C\n}\n'
    img = compile_source(src)
    init = code_of(img, "runtime.main")
    assert [r[0] for r in init[:3]] == ["CONST", "NEWTIMER", "STOREG"]
    assert rows(img, "LOADG")


def test_timer_ids_compare_with_eq(gate_open):
    img = compile_source(prog("\tt := time.NewTimer(1)\n\tu := t\n\tprintln(t == u)"))
    assert rows(img, "EQ")[0][2:4] == (isa.FRAME_HDR, isa.FRAME_HDR + 1)


# --- time.Time values -------------------------------------------------------------------------------
def test_time_values_are_received_stored_and_passed(gate_open):
    src = ('package main\n\nimport "time"\n\nfunc keep(t time.Time) time.Time { return t }\n\n'
           "func wait(c <-chan time.Time) time.Time { return <-c }\n\n"
           "func main() {\n\tvar last time.Time\n\tlast = wait(time.After(1))\n\tlast = keep(last)\n"
           "\tch := make(chan time.Time, 1)\n\tch <- last\n\t_ = <-ch\n}\n")
    img = compile_source(src)
    assert code_of(img)[0] == ("CONST", isa.FRAME_HDR, 0, 0, 0)  # the zero Time
    assert rows(img, "MAKECHAN")[0][3] == isa.TY_TIME


def test_select_on_timer_channels_evaluates_after_in_case_order(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\ttick := time.Tick(time.Second)\n\tselect {\n"
                              "\tcase <-c:\n\tcase t := <-tick:\n\t\t_ = t\n\tcase <-time.After(time.Millisecond):\n\t}"))
    code = code_of(img)
    sel = rows(img, "SELECT")[0]
    cases = sel[1]
    assert sel[2] == 3
    after_c = rows(img, "TIMERC")[-1]  # time.After's, evaluated with the cases
    assert after_c[1] == cases + 3 * 2 + 1  # the third case's channel is time.After's
    assert code.index(after_c) < code.index(sel)
    assert [r[3] for r in rows(img, "NEWTIMER")] == [1, 0]


def test_one_case_select_on_after_is_a_plain_receive(gate_open):
    img = compile_source(prog("\tselect {\n\tcase <-time.After(1):\n\t}"))
    assert [r[0] for r in code_of(img)] == ["CONST", "NEWTIMER", "TIMERC", "CHANRECV", "RET"]


def test_range_over_tick(gate_open):
    img = compile_source(prog("\tn := 0\n\tfor range time.Tick(time.Millisecond) {\n\t\tn++\n\t\tif n == 3 {\n\t\t\tbreak\n\t\t}\n\t}"))
    tc = rows(img, "TIMERC")[0]
    assert rows(img, "CHANRECV")[0][2] == tc[1]


# --- the gate -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("body,where,what", [
    ("\tc := time.After(time.Second)\n\t<-c", "7:7", "time.After"),
    ("\tx := 1\n\t_ = x\n\tfor range time.Tick(time.Second) {\n\t}", "9:12", "time.Tick"),
    ("\tt := time.NewTimer(time.Second)\n\tt.Stop()", "7:7", "time.NewTimer"),
    ("\ttk := time.NewTicker(time.Second)\n\ttk.Stop()", "7:8", "time.NewTicker"),
    ("\tselect {\n\tcase <-time.After(time.Second):\n\tdefault:\n\t}", "8:9", "time.After"),
])
def test_gate_names_the_timer_construct(gate_no_timers, body, where, what):
    with pytest.raises(GoCompileError) as ei:
        compile_source(prog(body))
    assert str(ei.value) == f"./prog.go:{where}: {what} {UNSUPPORTED}"


@pytest.mark.parametrize("missing,what,where", [
    (isa.OP_TIMERSTOP, "(*time.Timer).Stop", "8:2"),
    (isa.OP_TIMERRESET, "(*time.Timer).Reset", "9:2"),
    (isa.OP_TIMERC, "(*time.Timer).C", "10:4"),
])
def test_gate_names_methods_and_the_field(monkeypatch, missing, what, where):
    monkeypatch.setattr(gate, "supported_ops", lambda: ALL_OPS - {missing})
    with pytest.raises(GoCompileError) as ei:
        compile_source(prog("\tt := time.NewTimer(time.Second)\n\tt.Stop()\n\tt.Reset(1)\n\t<-t.C"))
    assert str(ei.value) == f"./prog.go:{where}: {what} {UNSUPPORTED}"


def test_gate_without_a_name_says_timers(gate_no_timers):
    from course.compiler.check import check
    from course.compiler.codegen import Codegen
    from course.compiler.parse import parse

    src = prog("\tt := time.NewTimer(1)\n\t_ = t")
    image = Codegen(check(parse(src, "prog.go"), "prog.go", "1.22"), "prog.go", src).generate()
    with pytest.raises(GoCompileError) as ei:
        gate.check_supported(image)  # no construct names given
    assert str(ei.value) == "./prog.go:7:7: timers are not supported in this course's Go subset (yet)"


def test_sleep_passes_the_gate_without_timers(gate_no_timers):
    compile_source(prog("\ttime.Sleep(time.Millisecond)"))


# --- errors: go build (go1.19.8) ----------------------------------------------------------------------
GO_TIMER_ERRORS = [
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(time.Second)\n\tvar x time.Time\n\tt.C <- x\n}\n',
        './prog.go:8:2: invalid operation: cannot send to receive-only channel t.C (variable of type <-chan time.Time)',
        id='send_to_timer_c'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tvar n int = time.NewTimer(time.Second)\n\t_ = n\n}\n',
        './prog.go:6:14: cannot use time.NewTimer(time.Second) (value of type *time.Timer) as type int in variable declaration',
        id='timer_as_int_decl'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tm := 1\n\tm = time.NewTimer(time.Second)\n\t_ = m\n}\n',
        './prog.go:7:6: cannot use time.NewTimer(time.Second) (value of type *time.Timer) as type int in assignment',
        id='timer_as_int_assign'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(time.Second)\n\tclose(t.C)\n}\n',
        './prog.go:7:8: invalid operation: cannot close receive-only channel t.C (variable of type <-chan time.Time)',
        id='close_timer_c'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(time.Second)\n\tt.Reset()\n}\n',
        './prog.go:7:2: not enough arguments in call to t.Reset\n\thave ()\n\twant (time.Duration)',
        id='reset_no_args'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(time.Second)\n\tt.Stop(1)\n}\n',
        './prog.go:7:9: too many arguments in call to t.Stop\n\thave (number)\n\twant ()',
        id='stop_with_arg'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(time.Second)\n\tt.Foo()\n}\n',
        './prog.go:7:4: t.Foo undefined (type *time.Timer has no field or method Foo)',
        id='no_such_method'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\ttk := time.NewTicker(time.Second)\n\ty := tk.Stop()\n\t_ = y\n}\n',
        './prog.go:7:7: tk.Stop() (no value) used as value',
        id='ticker_stop_no_value'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tvar c chan time.Time = time.After(time.Second)\n\t_ = c\n}\n',
        './prog.go:6:25: cannot use time.After(time.Second) (value of type <-chan time.Time) as type chan time.Time in variable declaration',
        id='after_not_bidirectional'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\t_ = time.After(1.5)\n}\n',
        './prog.go:6:17: cannot use 1.5 (untyped float constant) as time.Duration value in argument to time.After (truncated)',
        id='after_float'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\t_ = time.After("x")\n}\n',
        './prog.go:6:17: cannot use "x" (untyped string constant) as time.Duration value in argument to time.After',
        id='after_string'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\t_ = time.Tick(time.Second, 2)\n}\n',
        './prog.go:6:29: too many arguments in call to time.Tick\n\thave (time.Duration, number)\n\twant (time.Duration)',
        id='tick_too_many'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\ttick := time.Tick(time.Second)\n\tselect {\n\tcase t := <-tick:\n\t}\n}\n',
        './prog.go:8:7: t declared but not used',
        id='select_case_unused'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tfor v := range time.Tick(time.Second) {\n\t}\n}\n',
        './prog.go:6:6: v declared but not used',
        id='range_unused'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\tvar s string = <-t.C\n\t_ = s\n}\n',
        './prog.go:7:17: cannot use <-t.C (comma, ok expression of type time.Time) as type string in variable declaration',
        id='time_as_string'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n}\n',
        './prog.go:6:2: t declared but not used',
        id='timer_unused'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\tu := time.NewTimer(1)\n\t_ = t < u\n}\n',
        './prog.go:8:6: invalid operation: t < u (operator < not defined on pointer)',
        id='pointer_order'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\t_ = t + t\n}\n',
        './prog.go:7:6: invalid operation: operator + not defined on t (variable of type *time.Timer)',
        id='pointer_add'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tvar x time.Time\n\t_ = x < x\n}\n',
        './prog.go:7:6: invalid operation: x < x (operator < not defined on struct)',
        id='time_order'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\t_ = time.Time(3)\n}\n',
        './prog.go:6:16: cannot convert 3 (untyped int constant) to type time.Time',
        id='time_conv_int'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\ttk := time.NewTicker(1)\n\t_ = t == tk\n}\n',
        './prog.go:8:11: invalid operation: t == tk (mismatched types *time.Timer and *time.Ticker)',
        id='timer_vs_ticker'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\t_ = -t\n}\n',
        './prog.go:7:7: invalid operation: operator - not defined on t (variable of type *time.Timer)',
        id='neg_timer'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\tvar d time.Duration = t\n\t_ = d\n}\n',
        './prog.go:7:24: cannot use t (variable of type *time.Timer) as type time.Duration in variable declaration',
        id='timer_as_duration'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\t<-t\n}\n',
        './prog.go:7:4: invalid operation: cannot receive from non-channel t (variable of type *time.Timer)',
        id='recv_from_timer'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tc := make(chan int, 1)\n\tc <- <-time.After(1)\n}\n',
        './prog.go:7:7: cannot use <-time.After(1) (comma, ok expression of type time.Time) as type int in send',
        id='time_recv_to_int_chan'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc wait(c chan time.Time) {}\n\nfunc main() {\n\twait(time.After(1))\n}\n',
        './prog.go:8:7: cannot use time.After(1) (value of type <-chan time.Time) as type chan time.Time in argument to wait',
        id='after_result_to_func'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\tdefer t.Reset("x")\n}\n',
        './prog.go:7:16: cannot use "x" (untyped string constant) as time.Duration value in argument to t.Reset',
        id='defer_reset_wrong_arg'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tvar x time.Time\n\t_ = x.Foo\n}\n',
        './prog.go:7:8: x.Foo undefined (type time.Time has no field or method Foo)',
        id='time_field'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(1)\n\tt.C <- 1\n}\n',
        './prog.go:7:2: invalid operation: cannot send to receive-only channel t.C (variable of type <-chan time.Time)',
        id='timer_c_send_of_int'),
]


@pytest.mark.parametrize("src,expected", GO_TIMER_ERRORS)
def test_timer_error_text_matches_go_build(gate_open, src, expected):
    with pytest.raises(GoCompileError) as ei:
        compile_source(src)
    assert str(ei.value) == expected


# --- what the subset leaves out --------------------------------------------------------------------------
H_FMT = 'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n'
SUBSET_ERRORS = [
    pytest.param(H_FMT + "\tt := time.NewTimer(1)\n\tfmt.Println(<-t.C)\n}\n",
                 f"./prog.go:10:14: printing a time.Time value {UNSUPPORTED}", id="print_time"),
    pytest.param(H_FMT + '\tvar x time.Time\n\tfmt.Printf("%v\\n", x)\n\tprintln(x)\n}\n',
                 f"./prog.go:10:21: printing a time.Time value {UNSUPPORTED}\n"
                 f"./prog.go:11:10: printing a time.Time value {UNSUPPORTED}", id="print_time_var"),
    pytest.param(H_FMT + "\tt := time.NewTimer(1)\n\tfmt.Println(t)\n}\n",
                 f"./prog.go:10:14: printing a *time.Timer value {UNSUPPORTED}", id="print_timer"),
    pytest.param('package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\n'
                 "func f() (int, time.Time) {\n\tvar x time.Time\n\treturn 1, x\n}\n\n"
                 "func main() {\n\tfmt.Println(f())\n}\n",
                 f"./prog.go:14:14: printing these values {UNSUPPORTED}", id="print_time_tuple"),
    pytest.param(prog("\tvar a, b time.Time\n\t_ = a == b"),
                 f"./prog.go:8:6: comparing time.Time values {UNSUPPORTED}", id="compare_time"),
    pytest.param(prog("\tvar x time.Time\n\tswitch x {\n\t}"),
                 f"./prog.go:8:9: switch on a time.Time value {UNSUPPORTED}", id="switch_time"),
    pytest.param(prog("\tvar x time.Time\n\t_ = x.Sub(x)"),
                 f"./prog.go:8:8: method time.Time.Sub {UNSUPPORTED}", id="time_method"),
    pytest.param(prog("\tt := time.NewTimer(1)\n\tf := t.Stop\n\t_ = f"),
                 f"./prog.go:8:7: using t.Stop as a func value {UNSUPPORTED}", id="method_value"),
    pytest.param(prog("\t_ = time.Now()"),
                 f"./prog.go:7:11: time.Now {UNSUPPORTED}", id="now"),
    pytest.param(prog("\ttk := time.NewTicker(1)\n\ttk.Reset(2)"),
                 f"./prog.go:8:5: method (*time.Ticker).Reset {UNSUPPORTED}", id="ticker_reset"),
    pytest.param(prog("\tvar t *time.Timer\n\t_ = t"),
                 f"./prog.go:7:8: pointer type {UNSUPPORTED}", id="pointer_type_uses_the_import"),
    pytest.param(prog("\tvar t time.Timer\n\t_ = t"),
                 f"./prog.go:7:13: time.Timer {UNSUPPORTED}", id="timer_struct"),
    pytest.param(prog("\tt := time.NewTimer(1)\n\tt = nil"),
                 f"./prog.go:8:6: a nil *time.Timer {UNSUPPORTED}", id="nil_timer"),
    pytest.param(prog("\tt := time.NewTimer(1)\n\t_ = t == nil"),
                 f"./prog.go:8:6: a nil *time.Timer {UNSUPPORTED}", id="timer_eq_nil"),
    pytest.param(prog("\tt := time.NewTimer(1)\n\tt.C = nil"),
                 f"./prog.go:8:2: assigning to t.C {UNSUPPORTED}", id="assign_c"),
]


@pytest.mark.parametrize("src,expected", SUBSET_ERRORS)
def test_what_the_subset_leaves_out_is_named(gate_open, src, expected):
    with pytest.raises(GoCompileError) as ei:
        compile_source(src)
    assert str(ei.value) == expected


# --- end to end (once the VM runs timers) -------------------------------------------------------------
def _vm_runs_timers() -> bool:
    import course.vm

    return TIMER_OPS <= course.vm.SUPPORTED_OPS


E2E = [
    pytest.param(
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n'
        "\ttk := time.NewTicker(10 * time.Millisecond)\n\tdefer tk.Stop()\n"
        "\tdone := time.After(35 * time.Millisecond)\n\tn := 0\n\tfor {\n\t\tselect {\n"
        "\t\tcase <-tk.C:\n\t\t\tn++\n\t\t\tcontinue\n\t\tcase <-done:\n\t\t}\n\t\tbreak\n\t}\n"
        '\tfmt.Println("ticks before done:", n)\n\tt := time.NewTimer(time.Hour)\n\tgo func() {\n'
        "\t\ttime.Sleep(5 * time.Millisecond)\n"
        '\t\tfmt.Println("reset was active:", t.Reset(time.Millisecond))\n\t}()\n'
        "\tv := <-t.C\n\t_ = v\n"
        '\tfmt.Println("fired after reset; len:", len(t.C), "stop:", t.Stop())\n}\n',
        "ticks before done: 3\nreset was active: true\nfired after reset; len: 0 stop: false\n", 0, "",
        id="ticker_after_reset"),
    pytest.param(
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\n'
        "func wait(c <-chan time.Time) string {\n\tselect {\n\tcase <-c:\n\t\treturn \"timer\"\n"
        "\tdefault:\n\t\treturn \"not yet\"\n\t}\n}\n\n"
        "var global = time.NewTimer(15 * time.Millisecond)\n\n"
        "func main() {\n\ttime.After(time.Hour)\n\tc := time.After(10 * time.Millisecond)\n"
        "\tfmt.Println(wait(c))\n\ttime.Sleep(20 * time.Millisecond)\n\tfmt.Println(wait(c))\n"
        "\tvar last time.Time\n\tlast = <-global.C\n\t_ = last\n"
        '\tfmt.Println("global fired", global.Stop())\n'
        "\tfor x := range time.Tick(time.Millisecond) {\n\t\t_ = x\n\t\tbreak\n\t}\n"
        "\tt := time.NewTimer(time.Millisecond)\n"
        '\tdefer fmt.Println("deferred stop ran")\n\tdefer t.Stop()\n\tgo t.Stop()\n'
        '\ttime.Sleep(5 * time.Millisecond)\n\tfmt.Println("len", len(t.C))\n'
        "\tch := make(chan time.Time, 1)\n\tch <- <-time.After(time.Millisecond)\n"
        "\tfmt.Println(len(ch), cap(time.NewTimer(1).C))\n}\n",
        "not yet\ntimer\nglobal fired false\nlen 0\n1 1\ndeferred stop ran\n", 0, "",
        id="after_poll_global_tick_defer_go_stop"),
    pytest.param(
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n'
        "\tresults := make(chan int)\n\tfor i := 1; i <= 3; i++ {\n\t\tgo func(id int) {\n"
        "\t\t\tt := time.NewTimer(time.Duration(40-10*id) * time.Millisecond)\n\t\t\t<-t.C\n"
        "\t\t\tresults <- id\n\t\t}(i)\n\t}\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(<-results)\n\t}\n"
        "\tt := time.NewTimer(time.Millisecond)\n\t<-t.C\n\t<-t.C\n}\n",
        "3\n2\n1\n", 2, "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n",
        id="timers_in_goroutines_then_deadlock"),
    pytest.param(
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n'
        "\td := time.Duration(0)\n\tc := time.Tick(d)\n"
        "\tfmt.Println(c == nil, time.Tick(-1) == nil, time.Tick(time.Millisecond) == nil)\n"
        "\tn := 2 * time.Millisecond\n\tk := time.Tick(n)\n\t<-k\n\t<-k\n"
        '\tfmt.Println("two ticks")\n\tfmt.Println(len(c), cap(c))\n}\n',
        "true true false\ntwo ticks\n0 0\n", 0, "",
        id="tick_nil_for_non_positive"),
]


@pytest.mark.parametrize("src,stdout,exit_code,stderr_start", E2E)
def test_timer_programs_print_what_go_printed(src, stdout, exit_code, stderr_start):
    if not _vm_runs_timers():
        pytest.skip("the VM does not run the timer instructions yet (course.vm.SUPPORTED_OPS)")
    import course

    res = course.compile(src, go_version="1.19").run(gomaxprocs=1)
    assert res.stdout == stdout
    assert res.exit_code == exit_code
    assert res.stderr.startswith(stderr_start)
