"""Channels and select in the front end (part 2): the code shapes the VM relies on, the gate
that keeps programs off instructions the VM does not run yet, and Go 1.19's error messages.

The instruction contract is in ``course/isa.py`` (OP_MAKECHAN .. OP_SELECT). Most tests open
the gate (``gate_open``) so they hold whatever ``course.vm.SUPPORTED_OPS`` says today.
Every expected error text in ``GO_CHAN_ERRORS`` was printed by ``go build`` (go1.19.8) for the
same source.
"""
from __future__ import annotations

import pytest

from course import isa
from course.compiler import GoCompileError, compile_source
from course.compiler import gate

PART1_OPS = frozenset(range(isa.OP_NOP, isa.OP_LAST_PART1 + 1))
ALL_OPS = frozenset(isa.OPNAMES)


@pytest.fixture
def gate_open(monkeypatch):
    monkeypatch.setattr(gate, "supported_ops", lambda: ALL_OPS)


@pytest.fixture
def gate_part1(monkeypatch):
    monkeypatch.setattr(gate, "supported_ops", lambda: PART1_OPS)


def prog(body: str, top: str = "", imports: str = "") -> str:
    imp = f"import ({imports})\n" if imports else ""
    return f"package main\n\n{imp}{top}\nfunc main() {{\n{body}\n}}\n"


def code_of(img: isa.Image, name: str = "main.main") -> list[tuple]:
    """(OPNAME, a, b, c, d) rows of one function."""
    fid = img.func_names.index(name)
    start = int(img.funcs[fid, isa.F_ENTRY])
    ends = sorted(int(e) for e in img.funcs[:, isa.F_ENTRY] if int(e) > start)
    end = ends[0] if ends else len(img.code)
    return [(isa.OPNAMES[int(r[0])], *map(int, r[1:])) for r in img.code[start:end]]


def rows(img, op: str, name: str = "main.main") -> list[tuple]:
    return [r for r in code_of(img, name) if r[0] == op]


def entry(img, name: str = "main.main") -> int:
    return int(img.funcs[img.func_names.index(name), isa.F_ENTRY])


def const_of(img, slot: int, name: str = "main.main", before: int | None = None) -> int:
    """The value the last CONST into ``slot`` (before row ``before``) loads."""
    code = code_of(img, name)[:before]
    return [r[2] for r in code if r[0] == "CONST" and r[1] == slot][-1]


# --- make, send, receive, close, len, cap ------------------------------------------------------
def test_make_chan_gives_size_and_the_element_type_code(gate_open):
    img = compile_source(prog("\ta := make(chan int)\n\tb := make(chan string, 3)\n\tc := make(chan bool, 1)\n"
                              "\td := make(chan struct{})\n\te := make(chan chan int)\n\tf := make(chan int8, 2)\n"
                              "\t_, _, _, _, _, _ = a, b, c, d, e, f"))
    mk = rows(img, "MAKECHAN")
    assert [r[3] for r in mk] == [isa.TY_INT, isa.TY_STRING, isa.TY_BOOL, isa.TY_INT, isa.TY_CHAN, isa.TY_INT]
    sizes = [const_of(img, r[2], before=code_of(img).index(r)) for r in mk]
    assert sizes == [0, 3, 1, 0, 0, 2]


def test_make_size_from_a_variable_is_that_slot(gate_open):
    img = compile_source(prog("\tn := 4\n\tc := make(chan int, n)\n\t_ = c"))
    mk = rows(img, "MAKECHAN")[0]
    assert mk[2] == isa.FRAME_HDR  # n's own slot, no copy


def test_send_evaluates_the_channel_then_the_value(gate_open):
    img = compile_source(prog("\tc := make(chan int, 1)\n\tc <- f()", top="func f() int { return 7 }\n"))
    code = code_of(img)
    send = rows(img, "CHANSEND")[0]
    mk = rows(img, "MAKECHAN")[0]
    call = rows(img, "CALL")[0]
    assert send[1] == mk[1] and send[2] == call[4]
    assert code.index(call) < code.index(send)


def test_receive_expression_has_no_ok_slot(gate_open):
    img = compile_source(prog("\tc := make(chan int, 1)\n\tv := <-c\n\tprintln(v)"))
    recv = rows(img, "CHANRECV")[0]
    assert recv[2] == rows(img, "MAKECHAN")[0][1] and recv[3] == -1
    assert rows(img, "PRINT")[0][2] == recv[1]  # v is received straight into its slot


def test_receive_statement_drops_the_value_dst_minus_one(gate_open):
    img = compile_source(prog("\tc := make(chan int, 1)\n\t<-c"))
    assert rows(img, "CHANRECV")[0][1:4] == (-1, rows(img, "MAKECHAN")[0][1], -1)


def test_comma_ok_receive_fills_two_consecutive_slots(gate_open):
    img = compile_source(prog("\tc := make(chan string, 1)\n\tv, ok := <-c\n\tprintln(v, ok)"))
    recv = rows(img, "CHANRECV")[0]
    assert recv[3] == recv[1] + 1
    assert rows(img, "PRINT")[0][2] == recv[1]  # println(v, ok) reads them in place


def test_comma_ok_assignment_stores_both(gate_open):
    img = compile_source(prog("\tc := make(chan int, 1)\n\tv, ok := 0, false\n\tv, ok = <-c\n\tprintln(v, ok)"))
    recv = rows(img, "CHANRECV")[0]
    code = code_of(img)
    after = code[code.index(recv) + 1:code.index(recv) + 3]
    assert after == [("MOV", isa.FRAME_HDR + 1, recv[1], 0, 0), ("MOV", isa.FRAME_HDR + 2, recv[1] + 1, 0, 0)]


def test_close_len_cap_use_the_channel_ops_and_len_of_a_string_stays_slen(gate_open):
    img = compile_source(prog("\tc := make(chan int, 2)\n\ts := \"ab\"\n\tprintln(len(c), cap(c), len(s))\n\tclose(c)"))
    ch = rows(img, "MAKECHAN")[0][1]
    assert rows(img, "CHANLEN")[0][2] == ch and rows(img, "CHANCAP")[0][2] == ch
    assert len(rows(img, "SLEN")) == 1
    assert rows(img, "CLOSE")[0][1] == ch


def test_go_and_defer_of_close_run_a_wrapper(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tdefer close(c)\n\tgo close(c)"))
    assert code_of(img, "main.main.deferwrap1")[0] == ("CLOSE", isa.FRAME_HDR, 0, 0, 0)
    assert code_of(img, "main.main.gowrap1")[0] == ("CLOSE", isa.FRAME_HDR, 0, 0, 0)


# --- nil channels, channel values everywhere ---------------------------------------------------
def test_nil_channel_is_minus_one_and_compares_with_nil(gate_open):
    img = compile_source(prog("\tvar c chan int\n\tprintln(c == nil, nil != c)"))
    code = code_of(img)
    assert code[0] == ("CONST", isa.FRAME_HDR, -1, 0, 0)
    eq = rows(img, "EQ")[0]
    assert eq[2] == isa.FRAME_HDR and const_of(img, eq[3]) == -1
    assert rows(img, "NE")


def test_channels_as_parameters_results_and_package_variables(gate_open):
    src = ("package main\n\nvar g = make(chan int, 1)\nvar z chan<- bool\n\n"
           "func src(n int) <-chan int {\n\tc := make(chan int, n)\n\tc <- n\n\treturn c\n}\n\n"
           "func sink(c chan<- int, v int) { c <- v }\n\n"
           "func main() {\n\tsink(g, <-src(3))\n\tprintln(<-g, z == nil)\n}\n")
    img = compile_source(src)
    init = code_of(img, "runtime.main")
    assert [r[0] for r in init[:3]] == ["CONST", "MAKECHAN", "STOREG"]
    assert ("CONST", init[3][1], -1, 0, 0) == init[3] and init[4][:3] == ("STOREG", 1, init[3][1])
    assert rows(img, "CHANSEND", "main.sink")[0][1:3] == (isa.FRAME_HDR, isa.FRAME_HDR + 1)


def test_captured_channel_lives_in_a_cell(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tgo func() {\n\t\tc <- 1\n\t}()\n\t<-c"))
    lit = code_of(img, "main.main.func1")
    assert lit[0][0] == "LOADCAP"
    load = next(r for r in lit if r[0] == "LOADCELL")
    assert next(r for r in lit if r[0] == "CHANSEND")[1] == load[1]
    assert rows(img, "NEWCELL")


def test_bidirectional_channel_passes_to_directional_parameters(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tgo p(c)\n\tq(c)",
                              top="func p(out chan<- int) { out <- 1; close(out) }\nfunc q(in <-chan int) { for range in {} }\n"))
    assert rows(img, "GO")


def test_empty_struct_values_are_zero(gate_open):
    img = compile_source(prog("\tdone := make(chan struct{}, 1)\n\tdone <- struct{}{}\n\tvar e struct{}\n\te = <-done\n\t_ = e"))
    send = rows(img, "CHANSEND")[0]
    assert const_of(img, send[2]) == 0


def test_string_id_zero_is_the_empty_string(gate_open):
    # a receive from a closed channel clears the element to 0: that must read as ""
    img = compile_source(prog("\tc := make(chan string)\n\tclose(c)\n\tprintln(<-c)"))
    assert img.strings[0] == ""


# --- for range over a channel ------------------------------------------------------------------
def test_range_receives_with_ok_and_leaves_when_ok_is_false(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tfor v := range c {\n\t\tprintln(v)\n\t}\n\tprintln(0)"))
    code = code_of(img)
    base = entry(img)
    i = next(k for k, r in enumerate(code) if r[0] == "CHANRECV")
    recv, jz = code[i], code[i + 1]
    assert jz[:2] == ("JZ", recv[3]) and recv[3] >= 0
    assert code[i + 2] == ("PRINT", code[i + 2][1], recv[1], 1, 0)  # v is the received slot
    back = code[jz[2] - base - 1]
    assert back[:2] == ("JMP", base + i)  # back edge to the receive
    assert code[jz[2] - base][0] == "CONST"  # the exit lands after the loop


def test_range_evaluates_the_channel_once_before_the_loop(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tfor v := range c {\n\t\tc = nil\n\t\t_ = v\n\t}"))
    recv = rows(img, "CHANRECV")[0]
    assert recv[2] != isa.FRAME_HDR  # a copy, not c itself
    assert ("MOV", recv[2], isa.FRAME_HDR, 0, 0) in code_of(img)


def test_range_without_a_variable_drops_the_value(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tfor range c {\n\t}\n\tfor _ = range c {\n\t}"))
    assert [r[1] for r in rows(img, "CHANRECV")] == [-1, -1]


def test_range_assigning_an_outer_variable_stores_only_after_ok(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tx := 5\n\tfor x = range c {\n\t}\n\tprintln(x)"))
    code = code_of(img)
    i = next(k for k, r in enumerate(code) if r[0] == "CHANRECV")
    assert code[i][1] != isa.FRAME_HDR + 1  # not straight into x: a close must leave x alone
    assert code[i + 1][0] == "JZ" and code[i + 2] == ("MOV", isa.FRAME_HDR + 1, code[i][1], 0, 0)


@pytest.mark.parametrize("version,newcells", [("1.22", 1), ("1.19", 0)])
def test_range_variable_captured_by_a_closure_is_per_iteration_from_go_1_22(gate_open, version, newcells):
    src = prog("\tc := make(chan int)\n\tfor v := range c {\n\t\tgo func() { println(v) }()\n\t}")
    code = code_of(compile_source(src, go_version=version))
    i = next(k for k, r in enumerate(code) if r[0] == "CHANRECV")
    j = next(k for k, r in enumerate(code) if r[0] == "GO" or r[0] == "GOC")
    inside = [r[0] for r in code[i:j]]
    assert inside.count("NEWCELL") == newcells
    assert inside.count("STORECELL") == 1 - newcells


def test_break_and_continue_in_a_range_loop(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tfor v := range c {\n\t\tif v == 1 {\n\t\t\tcontinue\n\t\t}\n"
                              "\t\tif v == 2 {\n\t\t\tbreak\n\t\t}\n\t}\n\tprintln(1)"))
    code = code_of(img)
    base = entry(img)
    i = next(k for k, r in enumerate(code) if r[0] == "CHANRECV")
    jz = code[i + 1]
    jmps = [r for r in code if r[0] == "JMP"]
    assert any(r[1] == base + i for r in jmps[:-1])  # continue: back to the receive
    assert any(r[1] == jz[2] for r in jmps)  # break: where the loop exits


# --- select -------------------------------------------------------------------------------------
SELECT_SRC = """package main

func main() {
	a := make(chan int, 1)
	b := make(chan string, 1)
	var x int
	select {
	case a <- 5:
		println("sent")
	case v := <-b:
		println(v)
	case v, ok := <-a:
		println(v, ok)
	case x = <-a:
		println(x)
	case <-b:
	default:
		println("default")
	}
}
"""


def test_select_lays_out_kind_ch_val_triples_in_source_order(gate_open):
    img = compile_source(SELECT_SRC)
    code = code_of(img)
    sel = rows(img, "SELECT")[0]
    cases, n, block, dst = sel[1:]
    assert (n, block) == (5, 0)  # five cases, a default: does not block
    k = code.index(sel)
    kinds = [const_of(img, cases + 3 * i, before=k) for i in range(n)]
    assert kinds == [1, 2, 2, 2, 2]
    a, b = [r[1] for r in rows(img, "MAKECHAN")]
    chans = [next(r[2] for r in code[:k] if r[0] == "MOV" and r[1] == cases + 3 * i + 1) for i in range(n)]
    assert chans == [a, b, a, a, b]
    assert const_of(img, cases + 2, before=k) == 5  # the send's value
    assert dst >= cases + 3 * n


def test_select_dispatches_on_the_case_index_and_minus_one_for_default(gate_open):
    img = compile_source(SELECT_SRC)
    code = code_of(img)
    sel = rows(img, "SELECT")[0]
    dst = sel[4]
    k = code.index(sel)
    tested = []
    i = k + 1
    while code[i][0] == "CONST" and code[i + 1][:3] == ("EQ", code[i + 1][1], dst):
        tested.append(code[i][2])
        i += 3
    assert tested == [1, 2, 3, 4, -1]  # case 0 is fallen into
    assert code[i][0] == "CONST" and img.strings[code[i][2]] == "sent" and code[i + 1][0] == "PRINT"


def test_select_receive_cases_bind_dst_plus_one_and_plus_two(gate_open):
    img = compile_source(SELECT_SRC)
    sel = rows(img, "SELECT")[0]
    dst = sel[4]
    prints = rows(img, "PRINT")
    assert prints[1][2:4] == (dst + 1, 1)  # case v := <-b: println(v) reads dst+1 in place
    assert prints[2][2:4] == (dst + 1, 2)  # case v, ok := <-a: v, ok are dst+1, dst+2
    assert ("MOV", isa.FRAME_HDR + 2, dst + 1, 0, 0) in code_of(img)  # case x = <-a stores x


def test_select_without_default_blocks(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\td := make(chan int)\n\tselect {\n\tcase <-c:\n\tcase <-d:\n\t}"))
    sel = rows(img, "SELECT")[0]
    assert sel[2:4] == (2, 1)


@pytest.mark.parametrize("case,recv", [
    ("case v := <-c:\n\t\tprintln(v)", True),
    ("case v, ok := <-c:\n\t\tprintln(v, ok)", True),
    ("case <-c:", True),
    ("case c <- 1:", False),
])
def test_one_case_select_is_the_plain_channel_op_as_gos_compiler_makes_it(gate_open, case, recv):
    # walk/select.go "one-case select: single op": it blocks as [chan receive]/[chan send]
    img = compile_source(prog(f"\tc := make(chan int)\n\tselect {{\n\t{case}\n\t}}"))
    assert not rows(img, "SELECT")
    ops = rows(img, "CHANRECV" if recv else "CHANSEND")
    assert len(ops) == 1 and ops[0][2 if recv else 1] == rows(img, "MAKECHAN")[0][1]
    if "ok" in case:
        assert ops[0][3] == ops[0][1] + 1 and rows(img, "PRINT")[0][2:4] == (ops[0][1], 2)
    elif "v :=" in case:
        assert ops[0][3] == -1 and rows(img, "PRINT")[0][2] == ops[0][1]


def test_select_evaluates_every_channel_and_send_value_before_choosing(gate_open):
    src = prog("\tselect {\n\tcase ch(1) <- val(2):\n\tcase <-ch(3):\n\tdefault:\n\t}",
               top="func ch(i int) chan int { println(i); return nil }\nfunc val(i int) int { println(i); return i }\n")
    img = compile_source(src)
    code = code_of(img)
    calls = [k for k, r in enumerate(code) if r[0] == "CALL"]
    sel = next(k for k, r in enumerate(code) if r[0] == "SELECT")
    assert len(calls) == 3 and max(calls) < sel
    fids = [code[k][1] for k in calls]
    assert [img.func_names[f] for f in fids] == ["main.ch", "main.val", "main.ch"]


def test_break_in_select_leaves_the_select_not_the_loop(gate_open):
    img = compile_source(prog("\tc := make(chan int)\n\tfor i := 0; i < 2; i++ {\n\t\tselect {\n\t\tcase <-c:\n"
                              "\t\t\tbreak\n\t\tdefault:\n\t\t}\n\t\tprintln(i)\n\t}"))
    code = code_of(img)
    base = entry(img)
    k = next(i for i, r in enumerate(code) if r[0] == "SELECT")
    jmp = next(r for r in code[k:] if r[0] == "JMP")
    assert code[jmp[1] - base][0] == "PRINT"


def test_empty_select_blocks_forever_with_wait_reason_select_no_cases(gate_part1):
    img = compile_source(prog("\tselect {}"))  # BLOCK is a part-1 instruction: no gate
    assert code_of(img)[0] == ("BLOCK", 7, 0, 0, 0)
    assert len(code_of(img)) == 1  # terminating: no RET after it


def test_select_with_only_default_just_runs_it(gate_part1):
    img = compile_source(prog("\tselect {\n\tdefault:\n\t\tprintln(1)\n\t}"))
    assert [r[0] for r in code_of(img)] == ["CONST", "PRINT", "RET"]


def test_select_where_every_case_returns_is_a_terminating_statement(gate_open):
    src = ("package main\n\nfunc f(c chan int) int {\n\tselect {\n\tcase v := <-c:\n\t\treturn v\n\tcase c <- 1:\n"
           "\t\treturn 0\n\t}\n}\n\nfunc g() int {\n\tselect {}\n}\n\nfunc main() { println(f(nil), g()) }\n")
    img = compile_source(src)
    assert code_of(img, "main.g") == [("BLOCK", 7, 0, 0, 0)]


def test_labeled_break_and_continue_through_a_select(gate_open):
    img = compile_source(prog("\tc := make(chan int)\nL:\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak L\n"
                              "\t\tdefault:\n\t\t\tcontinue L\n\t\t}\n\t}\n\tprintln(1)"))
    assert rows(img, "SELECT")


# --- the gate -----------------------------------------------------------------------------------
def test_gate_refuses_channel_operations_the_vm_does_not_run_yet(gate_part1):
    with pytest.raises(GoCompileError) as ei:
        compile_source(prog("\tx := 1\n\tc := make(chan int, 1)\n\tc <- x"))
    assert str(ei.value) == "./prog.go:6:7: channel operations are not supported in this course's Go subset (yet)"


def test_gate_reports_the_first_construct_in_source_order(monkeypatch):
    monkeypatch.setattr(gate, "supported_ops", lambda: ALL_OPS - {isa.OP_SELECT, isa.OP_CLOSE})
    src = ("package main\n\nfunc f(c chan int) {\n\tselect {\n\tcase <-c:\n\tcase c <- 1:\n\t}\n}\n\n"
           "func main() {\n\tc := make(chan int)\n\tclose(c)\n\tf(c)\n}\n")
    with pytest.raises(GoCompileError) as ei:
        compile_source(src)
    assert str(ei.value) == "./prog.go:4:2: select statement is not supported in this course's Go subset (yet)"


def test_gate_reads_the_vms_supported_ops():
    import course.vm

    assert gate.supported_ops() is course.vm.SUPPORTED_OPS
    assert PART1_OPS <= gate.supported_ops()


def test_programs_without_channels_pass_the_gate(gate_part1):
    compile_source(prog("\tvar c chan int\n\tif c == nil {\n\t\tprintln(\"nil\")\n\t}"))


def _vm_runs_channels() -> bool:
    import course.vm

    return frozenset(range(isa.OP_MAKECHAN, isa.OP_LAST_PART2_CHAN + 1)) <= course.vm.SUPPORTED_OPS


@pytest.mark.skipif(not _vm_runs_channels(), reason="the VM does not run channel operations yet")
def test_end_to_end_producer_consumer_when_the_vm_runs_channels():
    import course

    src = ("package main\n\nimport \"fmt\"\n\nfunc produce(out chan<- int, n int) {\n\tfor i := 1; i <= n; i++ {\n"
           "\t\tout <- i\n\t}\n\tclose(out)\n}\n\nfunc main() {\n\tc := make(chan int)\n\tgo produce(c, 4)\n"
           "\tsum := 0\n\tfor v := range c {\n\t\tsum += v\n\t}\n\tv, ok := <-c\n\tquit := make(chan bool, 1)\n"
           "\tquit <- true\n\tselect {\n\tcase q := <-quit:\n\t\tfmt.Println(sum, v, ok, q)\n\tdefault:\n\t\tfmt.Println(\"none\")\n\t}\n}\n")
    res = course.compile(src).run(gomaxprocs=1, seed=0)
    assert res.stdout == "10 0 false true\n"


# --- errors: the subset's own ----------------------------------------------------------------------
@pytest.mark.parametrize("body,msg", [
    ("\tc := make(chan int)\n\tfmt.Println(c)", "printing a channel value is not supported in this course's Go subset (yet)"),
    ("\tc := make(chan int)\n\tprintln(c)", "printing a channel value is not supported in this course's Go subset (yet)"),
    ("\tfmt.Println(struct{}{})", "printing a struct{} value is not supported in this course's Go subset (yet)"),
    ("\tfor i := range \"ab\" {\n\t\t_ = i\n\t}", "for range loop is not supported in this course's Go subset (yet)"),
    ("\tvar s struct{ x int `json:\"x\"` }\n\t_ = s", "struct type is not supported in this course's Go subset (yet)"),  # (part 3 has struct types; tags are not)
])
def test_what_the_subset_refuses_around_channels(gate_open, body, msg):
    with pytest.raises(GoCompileError) as ei:
        compile_source(prog(body, imports='"fmt"' if "fmt." in body else ""))
    assert msg in [e[3] for e in ei.value.errors]


# --- errors: Go's (recorded from go build, go1.19.8) ----------------------------------------------
GO_CHAN_ERRORS = [
    pytest.param(
        'package main\n\n\nfunc main() {\n\tvar r <-chan int\n\tr <- 1\n}\n',
        './prog.go:6:2: invalid operation: cannot send to receive-only channel r (variable of type <-chan int)',
        id='send_recv_only'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tvar s chan<- int\n\t<-s\n}\n',
        './prog.go:6:4: invalid operation: cannot receive from send-only channel s (variable of type chan<- int)',
        id='recv_send_only'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tvar r <-chan int\n\tclose(r)\n}\n',
        './prog.go:6:8: invalid operation: cannot close receive-only channel r (variable of type <-chan int)',
        id='close_recv_only'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tx := 1\n\tclose(x)\n}\n',
        './prog.go:6:8: invalid operation: cannot close non-channel x (variable of type int)',
        id='close_non_chan'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tx := 1\n\t<-x\n}\n',
        './prog.go:6:4: invalid operation: cannot receive from non-channel x (variable of type int)',
        id='recv_non_chan'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tx := 1\n\tx <- 1\n}\n',
        './prog.go:6:2: invalid operation: cannot send to non-channel x (variable of type int)',
        id='send_non_chan'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar s string\n\tc <- s\n\tc <- "a"\n}\n',
        './prog.go:7:7: cannot use s (variable of type string) as type int in send\n./prog.go:8:7: cannot use "a" (untyped string constant) as int value in send',
        id='send_wrong_type'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\t_ = make(int)\n}\n',
        './prog.go:5:11: invalid argument: cannot make int; type must be slice, map, or channel',
        id='make_int'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\t_ = make(chan int, 1, 2)\n}\n',
        './prog.go:5:6: invalid operation: make(chan int, 1, 2) expects 1 or 2 arguments; found 3',
        id='make_3args'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\t_ = make(chan int, -1)\n}\n',
        './prog.go:5:21: invalid argument: index -1 (constant of type int) must not be negative',
        id='make_neg'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\t_ = make(chan int, "a")\n}\n',
        './prog.go:5:21: cannot convert "a" (untyped string constant) to int',
        id='make_str'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\t_ = make(chan int, 1.5)\n}\n',
        './prog.go:5:21: 1.5 (untyped float constant) truncated to int',
        id='make_float'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\t_ = make()\n}\n',
        './prog.go:5:6: invalid operation: not enough arguments for make() (expected 1, found 0)',
        id='make_none'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\ts := ""\n\t_ = make(chan int, s)\n}\n',
        './prog.go:6:21: invalid argument: index s (variable of type string) must be integer',
        id='make_strvar'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tclose()\n\tclose(c, c)\n}\n',
        './prog.go:6:2: invalid operation: not enough arguments for close() (expected 1, found 0)\n./prog.go:7:2: invalid operation: too many arguments for close(c, c) (expected 1, found 2)',
        id='close_args'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\ts := ""\n\t_ = cap(s)\n\tx := 1\n\t_ = cap(x)\n}\n',
        './prog.go:6:10: invalid argument: s (variable of type string) for cap\n./prog.go:8:10: invalid argument: x (variable of type int) for cap',
        id='cap_string'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\t_ = len()\n\t_ = cap()\n\t_ = len("a", "b")\n}\n',
        './prog.go:5:6: invalid operation: not enough arguments for len() (expected 1, found 0)\n./prog.go:6:6: invalid operation: not enough arguments for cap() (expected 1, found 0)\n./prog.go:7:6: invalid operation: too many arguments for len("a", "b") (expected 1, found 2)',
        id='len_cap_args'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tvar r <-chan int\n\tvar s chan<- int\n\t_ = s == r\n}\n',
        './prog.go:7:11: invalid operation: s == r (mismatched types chan<- int and <-chan int)',
        id='mismatch_dirs'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar n chan int\n\t_ = c < n\n}\n',
        './prog.go:7:6: invalid operation: c < n (operator < not defined on chan)',
        id='chan_less'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar r <-chan int\n\tvar s chan<- int\n\tr = c\n\ts = c\n\tc = r\n\tc = s\n\tr = s\n\t_, _, _ = c, r, s\n}\n',
        './prog.go:10:6: cannot use r (variable of type <-chan int) as type chan int in assignment\n./prog.go:11:6: cannot use s (variable of type chan<- int) as type chan int in assignment\n./prog.go:12:6: cannot use s (variable of type chan<- int) as type <-chan int in assignment',
        id='assign_dir'),
    pytest.param(
        'package main\n\nfunc f(c chan<- int) {}\n\nfunc main() {\n\tvar r <-chan int\n\tf(r)\n}\n',
        './prog.go:7:4: cannot use r (variable of type <-chan int) as type chan<- int in argument to f',
        id='arg_dir'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar cs chan string\n\tcs = c\n\tvar cc chan<- string = c\n\t_, _ = cs, cc\n}\n',
        './prog.go:7:7: cannot use c (variable of type chan int) as type chan string in assignment\n./prog.go:8:25: cannot use c (variable of type chan int) as type chan<- string in variable declaration',
        id='elem_mismatch'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\t_ = c + 1\n}\n',
        './prog.go:6:10: cannot convert 1 (untyped int constant) to chan int',
        id='chan_plus_const'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tvar s chan<- int\n\tfor x := range s {\n\t\t_ = x\n\t}\n}\n',
        './prog.go:6:17: cannot range over s (variable of type chan<- int) (receive from send-only channel)',
        id='range_send_only'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tfor x, y := range c {\n\t\t_, _ = x, y\n\t}\n}\n',
        './prog.go:6:9: range over c (variable of type chan int) permits only one iteration variable',
        id='range_two_vars'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar s string\n\tfor s = range c {\n\t}\n\t_ = s\n}\n',
        './prog.go:7:6: cannot use s (value of type int) as type string in assignment',
        id='range_assign_wrong'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tfor _ := range c {\n\t}\n}\n',
        './prog.go:6:2: no new variables on left side of :=',
        id='range_blank_define'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tfor x := range c {\n\t}\n}\n',
        './prog.go:6:6: x declared but not used',
        id='range_unused'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar v string\n\tvar ok bool\n\tv, ok = <-c\n\t_, _ = v, ok\n}\n',
        './prog.go:8:10: cannot use <-c (value of type int) as type string in assignment',
        id='commaok_wrong_value'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar v, ok int\n\tv, ok = <-c\n\t_, _ = v, ok\n}\n',
        './prog.go:7:10: cannot use <-c (untyped bool value) as int value in assignment',
        id='commaok_wrong_ok'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar r <-chan int\n\tvar s chan<- int\n\tselect {\n\tcase v := <-c:\n\tcase <-s:\n\tcase r <- 1:\n\tcase c <- "a":\n\tdefault:\n\t}\n}\n',
        './prog.go:9:7: v declared but not used\n./prog.go:10:9: invalid operation: cannot receive from send-only channel s (variable of type chan<- int)\n./prog.go:11:7: invalid operation: cannot send to receive-only channel r (variable of type <-chan int)\n./prog.go:12:12: cannot use "a" (untyped string constant) as int value in send',
        id='select_errors'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tselect {\n\tcase <-c:\n\tdefault:\n\tdefault:\n\t}\n}\n',
        './prog.go:9:2: multiple defaults (first at ./prog.go:8:2)',
        id='select_defaults'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tselect {\n\tcase v, ok := <-c:\n\t\t_ = v\n\t}\n}\n',
        './prog.go:7:10: ok declared but not used',
        id='select_commaok_unused'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tdefer len(c)\n\tdefer cap(c)\n\tdefer make(chan int)\n\tgo len("abc")\n}\n',
        './prog.go:6:8: defer discards result of len(c) (value of type int)\n./prog.go:7:8: defer discards result of cap(c) (value of type int)\n./prog.go:8:8: defer discards result of make(chan int) (value of type chan int)\n./prog.go:9:5: go discards result of len("abc") (constant 3 of type int)',
        id='defer_discards'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar r <-chan int = c\n\t_ = (chan int)(r)\n\t_ = (<-chan int)(c)\n\t_ = (chan int)(nil)\n}\n',
        './prog.go:7:17: cannot convert r (variable of type <-chan int) to type chan int',
        id='conv_dir'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tclose(nil)\n\t_ = len(nil)\n}\n',
        './prog.go:5:8: invalid operation: cannot close non-channel nil\n./prog.go:6:10: invalid argument: nil for len',
        id='close_nil'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\t_ = c == 1\n}\n',
        './prog.go:6:11: cannot convert 1 (untyped int constant) to chan int',
        id='chan_eq_const'),
    pytest.param(
        'package main\n\nfunc f(c chan int) int {\n\tselect {\n\tcase v := <-c:\n\t\treturn v\n\tdefault:\n\t}\n}\n\nfunc g(c chan int) int {\n\tselect {\n\tcase v := <-c:\n\t\treturn v\n\t}\n}\n\nfunc h() int {\n\tselect {}\n}\n\nfunc k(c chan int) int {\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak\n\t\t}\n\t}\n}\n\nfunc main() {\n\tf(nil)\n\tg(nil)\n\th()\n\tk(nil)\n}\n',
        './prog.go:9:1: missing return',
        id='missing_return_select'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tvar a chan (<-chan int)\n\tvar b chan<- chan int\n\tvar c <-chan <-chan int\n\ta = 1\n\tb = 1\n\tc = 1\n}\n',
        './prog.go:8:6: cannot use 1 (untyped int constant) as chan (<-chan int) value in assignment\n./prog.go:9:6: cannot use 1 (untyped int constant) as chan<- chan int value in assignment\n./prog.go:10:6: cannot use 1 (untyped int constant) as <-chan <-chan int value in assignment',
        id='chan_of_chan_type_str'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tdone := make(chan struct{})\n\tdone <- 1\n\tvar e struct{}\n\te = 2\n\t_ = e\n}\n',
        './prog.go:6:10: cannot use 1 (untyped int constant) as struct{} value in send\n./prog.go:8:6: cannot use 2 (untyped int constant) as struct{} value in assignment',
        id='struct_send'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tx := 1\n\tselect {\n\tcase x + 1:\n\t}\n\t_ = c\n}\n',
        './prog.go:6:2: x declared but not used\n./prog.go:8:9: select case must be send or receive (possibly with assignment)',
        id='select_bad_case'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar s string\n\tselect {\n\tcase s = <-c:\n\t}\n\t_ = s\n}\n',
        './prog.go:8:11: cannot use <-c (comma, ok expression of type int) as type string in assignment',
        id='select_assign_wrong'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan string)\n\tvar v, ok = <-c\n\tvar a, b int = <-c\n\t_, _, _, _ = v, ok, a, b\n}\n',
        './prog.go:7:17: cannot use <-c (value of type string) as type int in assignment\n./prog.go:7:17: cannot use <-c (untyped bool value) as int value in assignment',
        id='commaok_var_decl'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tvar s string = <-c\n\t_ = s\n}\n',
        './prog.go:6:17: cannot use <-c (comma, ok expression of type int) as type string in variable declaration',
        id='recv_untyped_ctx'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tselect {\n\tcase <-c:\n\t\tcontinue\n\t}\n}\n',
        './prog.go:8:3: continue is not in a loop',
        id='select_continue'),
    pytest.param(
        'package main\n\nfunc g() chan int { var r <-chan int; return r }\n\nfunc main() {\n\t_ = g()\n}\n',
        './prog.go:3:46: cannot use r (variable of type <-chan int) as type chan int in return statement',
        id='result_dir_wrong'),
    pytest.param(
        'package main\n\n\nfunc main() {\n\tc := make(chan int)\n\tselect {\n\tcase v, v := <-c:\n\t\t_ = v\n\t}\n}\n',
        './prog.go:7:10: v repeated on left side of :=',
        id='select_redeclare'),
]


@pytest.mark.parametrize("src,expected", GO_CHAN_ERRORS)
def test_channel_error_text_matches_go_build(gate_open, src, expected):
    with pytest.raises(GoCompileError) as ei:
        compile_source(src)
    assert str(ei.value) == expected
