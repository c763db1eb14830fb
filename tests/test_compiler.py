"""The Go front end: code shapes (read back from the image) and the contract with the VM.

Error messages are in test_compiler_errors.py, end-to-end runs in test_compiler_e2e.py.
"""
from __future__ import annotations

import pytest

from course import isa
from course.compiler import GoCompileError, compile_source


def prog(body: str, imports: str = "", top: str = "") -> str:
    imp = f"import ({imports})\n" if imports else ""
    return f"package main\n\n{imp}{top}\nfunc main() {{\n{body}\n}}\n"


def func_id(img: isa.Image, name: str) -> int:
    return img.func_names.index(name)


def code_of(img: isa.Image, name: str) -> list[tuple]:
    """(OPNAME, a, b, c, d) rows of one function."""
    fid = func_id(img, name)
    start = int(img.funcs[fid, isa.F_ENTRY])
    ends = sorted(int(e) for e in img.funcs[:, isa.F_ENTRY] if int(e) > start)
    end = ends[0] if ends else len(img.code)
    return [(isa.OPNAMES[int(r[0])], *map(int, r[1:])) for r in img.code[start:end]]


def opnames(img, name) -> list[str]:
    return [r[0] for r in code_of(img, name)]


def test_entry_is_runtime_main_that_calls_main_main_then_exits():
    img = compile_source(prog('println("hi")'))
    assert img.func_names[img.entry] == "runtime.main"
    assert img.funcs[img.entry, isa.F_FLAGS] & isa.FUNC_RUNTIME
    code = code_of(img, "runtime.main")
    assert code[-2][0] == "CALL" and code[-2][1] == func_id(img, "main.main")
    assert code[-1][:2] == ("EXIT", 0)


def test_every_instruction_of_user_code_has_a_source_line():
    img = compile_source(prog("x := 1\nfor i := 0; i < 3; i++ {\n\tx += i\n}\nprintln(x)"))
    fid = func_id(img, "main.main")
    start = int(img.funcs[fid, isa.F_ENTRY])
    lines = img.lines[start:start + len(code_of(img, "main.main"))]
    assert (lines[:, 0] >= 5).all() and (lines[:, 1] >= 1).all()


def test_source_position_is_line_and_byte_column_of_the_statement():
    img = compile_source(prog("\tprintln(1)"))
    fid = func_id(img, "main.main")
    pc = next(i for i in range(len(img.code)) if img.code[i, 0] == isa.OP_PRINT and img.func_at(i) == fid)
    assert tuple(img.lines[pc]) == (5, 2)  # a tab counts one byte


def test_parameters_live_at_frame_hdr_plus_index():
    img = compile_source("package main\n\nfunc add(a, b int) int { return a + b }\n\nfunc main() { println(add(1, 2)) }\n")
    code = code_of(img, "main.add")
    assert code[0][0] == "ADD" and code[0][2:4] == (isa.FRAME_HDR, isa.FRAME_HDR + 1)
    assert code[1][:3] == ("RET", code[0][1], 1)
    assert img.funcs[func_id(img, "main.add"), isa.F_NPARAMS] == 2
    assert img.funcs[func_id(img, "main.add"), isa.F_NRESULTS] == 1


def test_multiple_results_are_returned_from_consecutive_slots():
    img = compile_source("package main\n\nfunc two() (int, string) { return 1, \"a\" }\n\n"
                         "func main() { a, b := two(); println(a, b) }\n")
    code = code_of(img, "main.two")
    ret = code[-1]
    assert ret[0] == "RET" and ret[2] == 2
    assert code[0][1] == ret[1] and code[1][1] == ret[1] + 1
    call = next(r for r in code_of(img, "main.main") if r[0] == "CALL")
    pr = next(r for r in code_of(img, "main.main") if r[0] == "PRINT")
    assert call[4] == pr[2]  # results land where println reads them: no moves


def test_increment_and_constant_add_use_addi():
    img = compile_source(prog("x := 0\nx++\nx += 5\nx--\nx -= 2\nprintln(x)"))
    adds = [r for r in code_of(img, "main.main") if r[0] == "ADDI"]
    assert [r[3] for r in adds] == [1, 5, -1, -2]
    assert all(r[1] == r[2] for r in adds)


def test_constant_expressions_are_folded():
    img = compile_source(prog("const k = 6\nx := k*7 + 1<<2 - len(\"abc\")\nprintln(x)"))
    code = code_of(img, "main.main")
    assert ("CONST", code[0][1], 43, 0, 0) == code[0]
    assert not any(r[0] in ("MUL", "SHL", "SLEN") for r in code)


def test_assignment_computes_straight_into_the_variable():
    img = compile_source(prog("a, b := 1, 2\na = a + b\nprintln(a)"))
    add = next(r for r in code_of(img, "main.main") if r[0] == "ADD")
    assert add[1] == add[2]  # ADD a, a, b: no temporary and no MOV


def test_loop_condition_constants_come_from_the_constant_pool():
    img = compile_source(prog("n := 0\nfor i := 0; i < 1000; i++ {\n\tn += i\n}\nprintln(n)"))
    code = code_of(img, "main.main")
    pool = [r for r in code if r[0] == "CONST" and r[2] == 1000]
    assert len(pool) == 1
    lt = next(r for r in code if r[0] == "LT")
    assert lt[3] == pool[0][1]
    # rotated loop: the body falls into the test, which jumps back (one jump per iteration)
    assert opnames(img, "main.main").count("JMP") == 1


def test_short_circuit_and_jumps_without_evaluating_the_right_side():
    img = compile_source(prog("a, b := 1, 2\nif a > 0 && b > 0 {\n\tprintln(a)\n}"))
    names = opnames(img, "main.main")
    i = names.index("LE")  # a > 0 false: jump over (the test is negated)
    assert names[i + 1] == "JNZ" and "LE" in names[i + 2:]


def test_function_literals_are_named_go_style_and_flagged():
    src = ("package main\n\nfunc worker() {\n\tf := func() {}\n\tf()\n}\n\n"
           "func main() {\n\ta := func() int { return 1 }\n\tb := func() { g := func() {}; g() }\n"
           "\tprintln(a())\n\tb()\n\tworker()\n}\n")
    img = compile_source(src)
    for name in ("main.main.func1", "main.main.func2", "main.main.func2.1", "main.worker.func1"):
        assert img.funcs[func_id(img, name), isa.F_FLAGS] & isa.FUNC_LITERAL, name
    assert not img.funcs[func_id(img, "main.worker"), isa.F_FLAGS] & isa.FUNC_LITERAL


def test_closures_capture_variables_by_reference_through_cells():
    img = compile_source(prog("x := 1\ninc := func() { x++ }\ninc()\nprintln(x)"))
    main = code_of(img, "main.main")
    newcell = next(r for r in main if r[0] == "NEWCELL")
    mk = next(r for r in main if r[0] == "MKCLOSURE")
    assert mk[2] == func_id(img, "main.main.func1") and mk[4] == 1
    assert ("LOADCELL", ) == next(r for r in main if r[0] == "LOADCELL")[:1]  # println reads the cell
    lit = opnames(img, "main.main.func1")
    assert lit[:1] == ["LOADCAP"] and "LOADCELL" in lit and "STORECELL" in lit
    assert newcell[1] != newcell[2] or True


def test_uncaptured_variables_are_not_boxed():
    img = compile_source(prog("x := 1\nx++\nprintln(x)"))
    assert "NEWCELL" not in opnames(img, "main.main")


def test_captured_parameter_is_boxed_at_entry():
    img = compile_source("package main\n\nfunc f(n int) func() int { return func() int { return n } }\n\n"
                         "func main() { println(f(3)()) }\n")
    code = code_of(img, "main.f")
    assert code[0][0] == "NEWCELL" and code[0][2] == isa.FRAME_HDR


LOOP = prog("for i := 0; i < 3; i++ {\n\tdefer func() { println(i) }()\n}")


def test_go_1_22_loop_variable_is_fresh_each_iteration_when_captured():
    names = opnames(compile_source(LOOP, go_version="1.22"), "main.main")
    # before the post statement: copy the cell (LOADCELL, NEWCELL), then i++ on the new one
    i = names.index("DEFERC")
    assert names[i + 1:i + 3] == ["LOADCELL", "NEWCELL"]
    assert names.count("NEWCELL") == 2


def test_go_1_19_loop_variable_is_shared_by_all_iterations():
    names = opnames(compile_source(LOOP, go_version="1.19"), "main.main")
    assert names.count("NEWCELL") == 1


def test_go_statement_of_a_function_uses_op_go():
    img = compile_source("package main\n\nfunc w(n int) {}\n\nfunc main() { go w(7) }\n")
    code = code_of(img, "main.main")
    go = next(r for r in code if r[0] == "GO")
    assert go[1] == func_id(img, "main.w") and go[3] == 1
    assert ("CONST", go[2], 7, 0, 0) in code


def test_go_statement_of_a_literal_makes_a_closure():
    img = compile_source(prog("x := 1\ngo func(a int) { println(a, x) }(x)"))
    names = opnames(img, "main.main")
    assert names.index("MKCLOSURE") < names.index("GOC")


def test_defer_of_fmt_call_synthesizes_a_wrapper_with_evaluated_args():
    img = compile_source(prog('x := 1\ndefer fmt.Println("x is", x)\nx = 2', imports='"fmt"'))
    wrap = func_id(img, "main.main.deferwrap1")
    assert img.funcs[wrap, isa.F_FLAGS] & isa.FUNC_LITERAL
    assert img.funcs[wrap, isa.F_NPARAMS] == 2
    d = next(r for r in code_of(img, "main.main") if r[0] == "DEFER")
    assert d[1] == wrap and d[3] == 2
    assert opnames(img, "main.main.deferwrap1") == ["PRINT", "RET"]


def test_go_of_builtin_println_synthesizes_a_gowrap():
    img = compile_source(prog('go println("hi")\ngo println("again")'))
    assert "main.main.gowrap1" in img.func_names and "main.main.gowrap2" in img.func_names


def test_sleep_takes_nanoseconds_from_duration_arithmetic():
    img = compile_source(prog("time.Sleep(10 * time.Millisecond)\nn := 3\ntime.Sleep(time.Duration(n) * time.Microsecond)",
                              imports='"time"'))
    code = code_of(img, "main.main")
    sleeps = [r for r in code if r[0] == "SLEEP"]
    assert len(sleeps) == 2
    assert ("CONST", sleeps[0][1], 10_000_000, 0, 0) in code
    assert any(r[0] == "MUL" for r in code)


def test_printf_descriptor_carries_format_and_argument_types():
    img = compile_source(prog('fmt.Printf("%d %s %v %t\\n", 1, "a", time.Second, true)', imports='"fmt"; "time"'))
    (desc,) = [p for p in img.prints if p.kind == isa.PRINT_FMT_PRINTF]
    assert desc.format == "%d %s %v %t\n"
    assert desc.types == (isa.TY_INT, isa.TY_STRING, isa.TY_DURATION, isa.TY_BOOL)


def test_print_kinds_and_untyped_constants_get_default_types():
    img = compile_source(prog('fmt.Println(1, "s", false)\nfmt.Print(2)\nprint(3)\nprintln("x")', imports='"fmt"'))
    kinds = {p.kind: p.types for p in img.prints}
    assert kinds[isa.PRINT_FMT_PRINTLN] == (isa.TY_INT, isa.TY_STRING, isa.TY_BOOL)
    assert isa.PRINT_FMT_PRINT in kinds and isa.PRINT_BUILTIN_PRINT in kinds
    assert kinds[isa.PRINT_BUILTIN_PRINTLN] == (isa.TY_STRING,)


def test_runtime_calls_map_to_their_opcodes():
    img = compile_source(prog("runtime.Gosched()\nprev := runtime.GOMAXPROCS(2)\nn := runtime.NumGoroutine()\nprintln(prev, n)",
                              imports='"runtime"'))
    names = opnames(img, "main.main")
    for op in ("GOSCHED", "GOMAXPROCS", "NUMGOROUTINE"):
        assert op in names


def test_panic_records_the_value_type():
    img = compile_source(prog('panic("boom")'))
    p = next(r for r in code_of(img, "main.main") if r[0] == "PANIC")
    assert p[2] == isa.TY_STRING
    img = compile_source(prog("panic(42)"))
    assert next(r for r in code_of(img, "main.main") if r[0] == "PANIC")[2] == isa.TY_INT


def test_function_without_results_returns_at_its_closing_brace():
    img = compile_source(prog("println(1)"))
    code = code_of(img, "main.main")
    assert code[-1][:3] == ("RET", 0, 0)
    fid = func_id(img, "main.main")
    pc = int(img.funcs[fid, isa.F_ENTRY]) + len(code) - 1
    assert img.lines[pc, 0] == 6


def test_no_trailing_return_after_a_terminating_statement():
    img = compile_source("package main\n\nfunc f(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n\treturn 2\n}\n\n"
                         "func main() { println(f(1)) }\n")
    assert opnames(img, "main.f").count("RET") == 2


def test_strings_use_string_ops_and_the_constant_table():
    img = compile_source(prog('s := "ab"\ns += "c"\nprintln(s == "abc", s < "b", len(s), s[0])'))
    names = opnames(img, "main.main")
    for op in ("SCONCAT", "SCMP", "SLEN", "SINDEX"):
        assert op in names
    assert "ab" in img.strings and "abc" in img.strings


def test_sized_integers_wrap_after_arithmetic():
    img = compile_source(prog("var b byte = 250\nb += 10\nvar i int8 = 127\ni++\nprintln(b, i)"))
    names = opnames(img, "main.main")
    assert "AND" in names and "SHL" in names and "SHR" in names


def test_package_level_variables_are_globals_initialized_in_runtime_main():
    img = compile_source("package main\n\nvar n = 40 + 2\nvar s string\n\nfunc main() { n++; println(n, s) }\n")
    assert img.nglobals == 2
    init = code_of(img, "runtime.main")
    assert ("STOREG", 0) == init[1][:2] and init[0][2] == 42
    names = opnames(img, "main.main")
    assert "LOADG" in names and "STOREG" in names


def test_frame_size_covers_every_slot_used():
    img = compile_source(prog("a, b, c := 1, 2, 3\nprintln(a+b*c, a-b, c)"))
    fid = func_id(img, "main.main")
    size = int(img.funcs[fid, isa.F_FRAMESIZE])
    for r in code_of(img, "main.main"):
        if r[0] in ("CONST", "MOV", "ADD", "MUL", "SUB"):
            assert r[1] < size


def test_switch_compares_the_tag_once_per_case_value():
    img = compile_source(prog("x := 2\nswitch x {\ncase 1, 2:\n\tprintln(1)\ncase 3:\n\tprintln(3)\ndefault:\n\tprintln(0)\n}"))
    assert opnames(img, "main.main").count("EQ") == 3


def test_compile_source_returns_an_image_with_the_source():
    src = prog("println(1)")
    img = compile_source(src, filename="x.go")
    assert img.source == src and img.filename == "x.go"
    assert isinstance(img, isa.Image)


def test_compile_error_is_raised_with_errors_attribute():
    with pytest.raises(GoCompileError) as ei:
        compile_source(prog("x := 1"), filename="p.go")
    assert ei.value.errors == [("p.go", 5, 1, "x declared but not used")]
    assert str(ei.value) == "./p.go:5:1: x declared but not used"
