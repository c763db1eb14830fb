"""Compile errors: the same text go build (go1.19.8) prints.

Every expected message below was produced by running ``go build`` on the same source with
the real toolchain (recorded here, so the tests run without Go). Errors are sorted by
position; a syntax error stops compilation at the first one (Go may report a second syntax
error on a later line; only the first is compared for those).
"""
from __future__ import annotations

import pytest

from course.compiler import GoCompileError, compile_source


GO_ERRORS = [
    pytest.param(
        'package main\n\nfunc f(a int) int { return a }\n\nfunc main() {\n\tf(1, 2)\n\tf()\n\tf("s")\n\tvar s string = f(1)\n\t_ = s\n}\n',
        './prog.go:6:7: too many arguments in call to f\n\thave (number, number)\n\twant (int)\n./prog.go:7:2: not enough arguments in call to f\n\thave ()\n\twant (int)\n./prog.go:8:4: cannot use "s" (untyped string constant) as int value in argument to f\n./prog.go:9:17: cannot use f(1) (value of type int) as type string in variable declaration',
        id='args'),
    pytest.param(
        'package main\n\nfunc main() {\n\tvar x int\n\tx = "a"\n\t_ = x\n\tvar y int = "b"\n\t_ = y\n}\n',
        './prog.go:5:6: cannot use "a" (untyped string constant) as int value in assignment\n./prog.go:7:14: cannot use "b" (untyped string constant) as int value in variable declaration',
        id='assign_str_int'),
    pytest.param(
        'package main\n\nfunc f() (int, int) { return 1, 2 }\n\nfunc main() {\n\ta, b := 1\n\tc := f()\n\td, e, g := f()\n\tx := 1\n\tx := 2\n\t_, _, _, _, _, _, _ = a, b, c, d, e, g, x\n}\n',
        './prog.go:6:10: assignment mismatch: 2 variables but 1 value\n./prog.go:7:7: assignment mismatch: 1 variable but f returns 2 values\n./prog.go:8:13: assignment mismatch: 3 variables but f returns 2 values\n./prog.go:10:4: no new variables on left side of :=',
        id='assignmismatch'),
    pytest.param(
        'package main\n\nfunc main() {\n\tbreak\n\tcontinue\nL:\n\tfor {\n\t}\n}\n',
        './prog.go:4:2: break is not in a loop, switch, or select\n./prog.go:5:2: continue is not in a loop\n./prog.go:6:1: label L defined and not used',
        id='breakcont'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1\n\tx()\n\ty := "s"\n\ty[0] = 1\n\t_ = len(x)\n\t_ = y + 1\n\t_ = -y\n\t_ = 1 + "a"\n}\n',
        './prog.go:5:2: invalid operation: cannot call non-function x (variable of type int)\n./prog.go:7:2: cannot assign to y[0] (value of type byte)\n./prog.go:8:10: invalid argument: x (variable of type int) for len\n./prog.go:9:6: invalid operation: y + 1 (mismatched types string and untyped int)\n./prog.go:10:7: invalid operation: operator - not defined on y (variable of type string)\n./prog.go:11:6: invalid operation: 1 + "a" (mismatched types untyped int and untyped string)',
        id='callnonfunc'),
    pytest.param(
        'package main\n\nconst c = 3\n\nfunc main() {\n\tc = 4\n\tvar x int = 1 << 70\n\t_ = x\n\tvar y = 5 / 0\n\t_ = y\n\tz := 3\n\t_ = z / 0\n\tvar b byte = 300\n\t_ = b\n}\n',
        './prog.go:6:2: cannot assign to c (untyped int constant 3)\n./prog.go:7:14: cannot use 1 << 70 (untyped int constant 1180591620717411303424) as int value in variable declaration (overflows)\n./prog.go:9:14: invalid operation: division by zero\n./prog.go:12:10: invalid operation: division by zero\n./prog.go:13:15: cannot use 300 (untyped int constant) as byte value in variable declaration (overflows)',
        id='constassign'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tn := 10\n\ttime.Sleep(n * time.Millisecond)\n\ttime.Sleep(n)\n\tvar d time.Duration = n\n\t_ = d\n}\n',
        './prog.go:7:13: invalid operation: n * time.Millisecond (mismatched types int and time.Duration)\n./prog.go:8:13: cannot use n (variable of type int) as type time.Duration in argument to time.Sleep\n./prog.go:9:24: cannot use n (variable of type int) as type time.Duration in variable declaration',
        id='dur'),
    pytest.param(
        'package main\n\nimport "fmt"\n\nconst big int = 1 << 62\n\nfunc two() (int, int) { return 1, 2 }\n\nfunc main() {\n\tx := 1\n\t_ = x + 1.5\n\t_ = big * 4\n\tvar b byte = byte(300)\n\t_ = b\n\t_ = int("s")\n\t_ = two() + 1\n\tgo x\n\tdefer 1\n\tlen("abc")\n\tint(x)\n\ty := fmt.Println("a")\n\t_ = y\n\tvar f float64\n\t_ = f\n\tfor {\n\t\tbreak M\n\t}\n\ts := "abc"\n\t_ = s[5]\n\t_ = "abc"[5]\n\t_ = s[-1]\n\t_ = string(x)\n\tvar q int = 1.5\n\t_ = q\n\t_ = x << -1\n\t_ = x / 0.0\n\t_ = 3 % 0\n\tvar z = nil\n\t_ = z\n\t_ = x == nil\n\t_ = "a" < 1\n\t_ = true + false\n\t_ = x && true\n}\n',
        './prog.go:11:10: 1.5 (untyped float constant) truncated to int\n./prog.go:12:6: big * 4 (constant 18446744073709551616 of type int) overflows int\n./prog.go:13:20: cannot convert 300 (untyped int constant) to type byte\n./prog.go:15:10: cannot convert "s" (untyped string constant) to type int\n./prog.go:16:6: multiple-value two() (value of type (int, int)) in single-value context\n./prog.go:17:5: expression in go must be function call\n./prog.go:17:5: invalid operation: cannot call non-function x (variable of type int)\n./prog.go:18:8: expression in defer must be function call\n./prog.go:18:8: invalid operation: cannot call non-function 1 (untyped int constant)\n./prog.go:19:2: len("abc") (constant 3 of type int) is not used\n./prog.go:19:2: too many errors',
        id='e1'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1\n\t_ = x == nil\n\t_ = "a" < 1\n\t_ = true + false\n\t_ = x && true\n\t_ = !1\n\t_ = -"s"\n\t_ = ^true\n\t_ = x % 2.0\n\tvar s string\n\ts++\n\ts += 1\n\tx += "a"\n\t_ = 1 &^ 1.5\n}\n',
        './prog.go:5:11: invalid operation: x == nil (mismatched types int and untyped nil)\n./prog.go:6:12: invalid operation: "a" < 1 (mismatched types untyped string and untyped int)\n./prog.go:7:6: invalid operation: operator + not defined on true (untyped bool constant)\n./prog.go:8:6: invalid operation: x && true (mismatched types int and untyped bool)\n./prog.go:9:7: invalid operation: operator ! not defined on 1 (untyped int constant)\n./prog.go:10:7: invalid operation: operator - not defined on "s" (untyped string constant)\n./prog.go:11:7: invalid operation: operator ^ not defined on true (untyped bool constant)\n./prog.go:14:2: invalid operation: s++ (non-numeric type string)\n./prog.go:15:2: invalid operation: s += 1 (mismatched types string and untyped int)\n./prog.go:16:2: invalid operation: x += "a" (mismatched types int and untyped string)\n./prog.go:16:2: too many errors',
        id='e4'),
    pytest.param(
        'package main\n\nfunc f() {}\nfunc g(a int, b string) {}\n\nfunc main() {\n\tx := f()\n\t_ = x\n\tg(1)\n\tg(1, "a", 3)\n\tvar h func(int) int\n\th = f\n\t_ = h\n\tf := 3\n\t_ = f\n\tcontinue\n\tvar u int\n\tu = 3\n\tfunc() {\n\t\tu = 4\n\t}()\n}\n',
        './prog.go:7:7: f() (no value) used as value\n./prog.go:9:4: not enough arguments in call to g\n\thave (number)\n\twant (int, string)\n./prog.go:10:12: too many arguments in call to g\n\thave (number, string, number)\n\twant (int, string)\n./prog.go:12:6: cannot use f (value of type func()) as type func(int) int in assignment\n./prog.go:16:2: continue is not in a loop\n./prog.go:17:6: u declared but not used',
        id='e5'),
    pytest.param(
        'package main\n\nfunc main() {\n\tfor {\n',
        './prog.go:5:1: syntax error: unexpected EOF, expecting }',
        id='eof2'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1\n\tif x > 0 {\n\t\tprintln(x)\n\n\nfunc f() {\n}\n',
        './prog.go:9:6: syntax error: unexpected f, expecting (',
        id='eof3'),
    pytest.param(
        'package main\n\nimport fmt\n\nfunc main() {\n\tfmt.Println()\n}\n',
        "prog.go:3:11: expected 'STRING', found newline",
        id='h_import'),
    pytest.param(
        'package main\n\nfunc f() {}\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n',
        './prog.go:5:1: syntax error: non-declaration statement outside function body',
        id='imp_after'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 0\n\tx++\n\ty := 0\n\ty += 2\n\tz := 0\n\tz = 1\n}\n',
        './prog.go:8:2: z declared but not used',
        id='incuse'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1 # 2\n\tprintln(x)\n}\n',
        "./prog.go:4:9: invalid character U+0023 '#'",
        id='l_char'),
    pytest.param(
        'package main\n\nfunc main() {\n\tprintln("a\\qb")\n}\n',
        './prog.go:4:13: unknown escape',
        id='l_escape'),
    pytest.param(
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello)\n}\n',
        './prog.go:6:21: newline in string',
        id='l_newline'),
    pytest.param(
        "package main\n\nfunc main() {\n\tprintln('ab')\n}\n",
        './prog.go:4:10: more than one character in rune literal',
        id='l_rune'),
    pytest.param(
        'package main\n\nfunc main() int {\n\treturn 1\n}\n',
        './prog.go:3:6: func main must have no arguments and no return values',
        id='mainsig'),
    pytest.param(
        'package main\n\nfunc main() {\n\ta1 := 1\n\ta2 := 1\n\ta3 := 1\n\ta4 := 1\n\ta5 := 1\n\ta6 := 1\n\ta7 := 1\n\ta8 := 1\n\ta9 := 1\n\ta10 := 1\n\ta11 := 1\n}\n',
        './prog.go:4:2: a1 declared but not used\n./prog.go:5:2: a2 declared but not used\n./prog.go:6:2: a3 declared but not used\n./prog.go:7:2: a4 declared but not used\n./prog.go:8:2: a5 declared but not used\n./prog.go:9:2: a6 declared but not used\n./prog.go:10:2: a7 declared but not used\n./prog.go:11:2: a8 declared but not used\n./prog.go:12:2: a9 declared but not used\n./prog.go:13:2: a10 declared but not used\n./prog.go:13:2: too many errors',
        id='many'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1\n\ts := "a"\n\t_ = x + s\n\t_ = !x\n\tif x {\n\t}\n\tfor x {\n\t}\n}\n',
        './prog.go:6:6: invalid operation: x + s (mismatched types int and string)\n./prog.go:7:7: invalid operation: operator ! not defined on x (variable of type int)\n./prog.go:8:5: non-boolean condition in if statement\n./prog.go:10:6: non-boolean condition in for statement',
        id='mismatched'),
    pytest.param(
        'package main\n\nfunc f(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n}\n\nfunc main() {\n\tf(1)\n}\n',
        './prog.go:7:1: missing return',
        id='missing_return'),
    pytest.param(
        'package main\n\nfunc f() {}\n',
        'runtime.main_main·f: function main is undeclared in the main package',
        id='nomain'),
    pytest.param(
        'package main\n\nfunc f() int { return 1 }\nfunc main() {\n\tx := 1\n\tx\n\t1 + 2\n\tf\n\t"s"\n\tx == 2\n}\n',
        './prog.go:6:2: x (variable of type int) is not used\n./prog.go:7:2: 1 + 2 (untyped int constant 3) is not used\n./prog.go:8:2: f (value of type func() int) is not used\n./prog.go:9:2: "s" (untyped string constant) is not used\n./prog.go:10:2: x == 2 (untyped bool value) is not used',
        id='notused'),
    pytest.param(
        '// c\nimport "fmt"\n\npackage main\n\nfunc main() { fmt.Println() }\n',
        "prog.go:2:1: expected 'package', found 'import'",
        id='pkg_first'),
    pytest.param(
        'package main\n\nfunc main() {\n\tvar x int\n\tvar x string\n\t_ = x\n}\n',
        './prog.go:5:6: x redeclared in this block\n\t./prog.go:4:6: other declaration of x',
        id='redecl'),
    pytest.param(
        'package main\n\nfunc f() int { return 1, 2 }\nfunc g() (int, string) { return 1 }\nfunc h() { return 1 }\nfunc k() int { return }\nfunc main() {\n\tf()\n\tg()\n\th()\n\tk()\n}\n',
        './prog.go:3:26: too many return values\n\thave (number, number)\n\twant (int)\n./prog.go:4:33: not enough return values\n\thave (number)\n\twant (int, string)\n./prog.go:5:19: too many return values\n\thave (number)\n\twant ()\n./prog.go:6:16: not enough return values\n\thave ()\n\twant (int)',
        id='returns'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1\n\tprintln(x))\n}\n',
        './prog.go:5:12: syntax error: unexpected ) at end of statement',
        id='s_closebrace'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1\n\tif x > 0 {\n\t\tprintln(x)\n\t}\n\telse {\n\t\tprintln(0)\n\t}\n}\n',
        './prog.go:8:2: syntax error: unexpected else, expecting }',
        id='s_else'),
    pytest.param(
        'package main\n\nfunc f() int {}\n\nfunc main() {\n\tf()\n\tundefinedFn(3)\n}\n',
        './prog.go:3:15: missing return\n./prog.go:7:2: undefined: undefinedFn',
        id='s_emptyret'),
    pytest.param(
        'package main\n\nfunc main() {\n\tfor i := 0; i < 10; i++ {\n\t\tprintln(i)\n\t}\n',
        './prog.go:7:1: syntax error: unexpected EOF, expecting }',
        id='s_eof'),
    pytest.param(
        'package main\n\nfunc main()\n{\n}\n',
        './prog.go:4:1: syntax error: unexpected semicolon or newline before {',
        id='s_funcbrace'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1\n\tif x = 2 {\n\t}\n}\n',
        './prog.go:5:7: syntax error: cannot use assignment (x) = (2) as value',
        id='s_ifassign'),
    pytest.param(
        'package main\n\nfunc main() {\n\ti := 0\n\tx := i++\n\tprintln(x)\n}\n',
        './prog.go:5:8: syntax error: unexpected ++ at end of statement',
        id='s_incexpr'),
    pytest.param(
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.println("a")\n\tfmt.PrintLn("b")\n}\n',
        './prog.go:6:6: undefined: fmt.println\n./prog.go:7:6: undefined: fmt.PrintLn',
        id='s_lower'),
    pytest.param(
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("a" "b")\n}\n',
        './prog.go:6:18: syntax error: unexpected literal "b" in argument list; possibly missing comma or )',
        id='s_missingcomma'),
    pytest.param(
        'package main\n\nfunc f() {}\nfunc f() {}\n\nfunc main() {\n\tf()\n}\n',
        './prog.go:4:6: f redeclared in this block\n\t./prog.go:3:6: other declaration of f',
        id='s_redeclfunc'),
    pytest.param(
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt := 3\n\tfmt.Println(fmt)\n}\n',
        './prog.go:3:8: imported and not used: "fmt"\n./prog.go:7:6: fmt.Println undefined (type int has no field or method Println)',
        id='s_shadow_pkg'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\tn := 100\n\ttime.Sleep(100)\n\ttime.Sleep(n)\n\ttime.Sleep(1.5)\n}\n',
        './prog.go:8:13: cannot use n (variable of type int) as type time.Duration in argument to time.Sleep\n./prog.go:9:13: cannot use 1.5 (untyped float constant) as time.Duration value in argument to time.Sleep (truncated)',
        id='s_sleep'),
    pytest.param(
        'package main\n\nfunc main() {\n\ts := "ab" * 2\n\tprintln(s)\n\tvar b bool = 1\n\tprintln(b)\n\ty := true\n\ty += 1\n}\n',
        './prog.go:4:7: invalid operation: "ab" * 2 (mismatched types untyped string and untyped int)\n./prog.go:6:15: cannot use 1 (untyped int constant) as bool value in variable declaration\n./prog.go:9:2: invalid operation: y += 1 (mismatched types bool and untyped int)',
        id='s_strmul'),
    pytest.param(
        'package main\n\nx := 1\n\nfunc main() {}\n',
        './prog.go:3:1: syntax error: non-declaration statement outside function body',
        id='s_toplevel'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\ta := 1\nL:\n\tfor {\n\t}\n\tvar s string = 1\n}\n',
        './prog.go:3:8: imported and not used: "time"\n./prog.go:6:2: a declared but not used\n./prog.go:7:1: label L defined and not used\n./prog.go:10:17: cannot use 1 (untyped int constant) as string value in variable declaration',
        id='soft'),
    pytest.param(
        'package main\n\nimport "time"\n\nfunc main() {\n\ta := 1\nL:\n\tfor {\n\t}\n}\n',
        './prog.go:3:8: imported and not used: "time"\n./prog.go:6:2: a declared but not used\n./prog.go:7:1: label L defined and not used',
        id='soft2'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := \n}\n',
        './prog.go:5:1: syntax error: unexpected }, expecting expression',
        id='syntax1'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := (1 + 2\n\t_ = x\n}\n',
        './prog.go:4:13: syntax error: unexpected newline, expecting )',
        id='syntax2'),
    pytest.param(
        'package main\n\nfunc main() {\n\tfor i := 0; i < 10; i++ \n\t{\n\t}\n}\n',
        './prog.go:4:26: syntax error: unexpected newline, expecting { after for clause',
        id='syntax3'),
    pytest.param(
        'package main\n\nfunc main() {\n\tfmt.Println("hi"\n}\n',
        './prog.go:4:18: syntax error: unexpected newline in argument list; possibly missing comma or )',
        id='syntax4'),
    pytest.param(
        'package main\n\nfunc main() {\n\tif x == 1 {\n\t}\n}}\n',
        './prog.go:6:2: syntax error: unexpected } after top level declaration',
        id='syntax5'),
    pytest.param(
        'package main\n\nfunc main() {\n\tvar x int = \n\tx++\n}\n',
        './prog.go:5:3: syntax error: unexpected ++ at end of statement',
        id='syntax6'),
    pytest.param(
        'package main\n\nfunc main() {\n\ta := b + c\n\tvar d, e int = "x", "y"\n}\n',
        './prog.go:4:7: undefined: b\n./prog.go:4:11: undefined: c\n./prog.go:5:17: cannot use "x" (untyped string constant) as int value in variable declaration\n./prog.go:5:22: cannot use "y" (untyped string constant) as int value in variable declaration',
        id='twoerr'),
    pytest.param(
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(y)\n}\n',
        './prog.go:6:14: undefined: y',
        id='undefined'),
    pytest.param(
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\tfmt.Println("hi")\n}\n',
        './prog.go:5:2: imported and not used: "time"',
        id='unused_import'),
    pytest.param(
        'package main\n\nfunc main() {\n\tx := 1\n}\n',
        './prog.go:4:2: x declared but not used',
        id='unused_var'),
]


@pytest.mark.parametrize("src,expected", GO_ERRORS)
def test_error_text_matches_go_build(src, expected):
    with pytest.raises(GoCompileError) as ei:
        compile_source(src)
    got = str(ei.value)  # (after a syntax error Go may add a second one; we stop at the first)
    assert got == expected


def test_conformance_corpus_compile_errors_match_go():
    import glob
    import json
    import os

    root = os.path.join(os.path.dirname(__file__), "conformance", "expected", "compile_errors")
    files = sorted(glob.glob(os.path.join(root, "*.json")))
    if not files:
        pytest.skip("no conformance corpus")
    for path in files:
        with open(path) as f:
            case = json.load(f)
        prog = os.path.join(os.path.dirname(__file__), "..", case["program"])
        with open(prog) as f:
            src = f.read()
        with pytest.raises(GoCompileError) as ei:
            compile_source(src, filename=os.path.basename(case["program"]))
        assert str(ei.value).split("\n") == "\n".join(case["messages"]).split("\n"), path


def _errors(src: str, **kw) -> list[str]:
    try:
        compile_source(src, **kw)
    except GoCompileError as e:
        return [m for _, _, _, m in e.errors]
    return []


def _main(body: str, imports: str = "") -> str:
    imp = f"import ({imports})\n\n" if imports else ""
    return f"package main\n\n{imp}func main() {{\n{body}\n}}\n"


def test_unused_import_uses_go_1_19_wording():
    assert _errors(_main("", '"time"')) == ['imported and not used: "time"']


def test_errors_attribute_holds_file_line_col_message():
    with pytest.raises(GoCompileError) as ei:
        compile_source(_main("\ty := 1\n\tz := 2"), filename="w.go")
    assert ei.value.errors == [("w.go", 4, 2, "y declared but not used"), ("w.go", 5, 2, "z declared but not used")]


def test_at_most_ten_errors_then_too_many_errors():
    body = "\n".join(f"\tv{i} := {i}" for i in range(15))
    with pytest.raises(GoCompileError) as ei:
        compile_source(_main(body))
    lines = str(ei.value).split("\n")
    assert len(ei.value.errors) == 10
    assert lines[-1] == "./prog.go:13:2: too many errors"


def test_compound_assignment_and_increment_count_as_use_but_plain_assignment_does_not():
    assert _errors(_main("\tx := 0\n\tx++\n\ty := 0\n\ty += 2\n\tz := 0\n\tz = 1")) == ["z declared but not used"]


def test_variable_assigned_only_inside_a_closure_is_unused():
    assert _errors(_main("\tu := 0\n\tfunc() {\n\t\tu = 4\n\t}()")) == ["u declared but not used"]


def test_failed_initialization_does_not_also_report_unused():
    assert _errors(_main("\ta := b + 1")) == ["undefined: b"]


def test_missing_main_is_a_link_error():
    assert _errors("package main\n\nfunc f() {}\n") == ["runtime.main_main·f: function main is undeclared in the main package"]


@pytest.mark.parametrize("body,imports,what", [
    ("\tvar m map[string]int\n\t_ = m", "", "map type"),
    ("\ttype T int", "", "type declaration"),
    ("\tfor i := range 3 {\n\t\t_ = i\n\t}", "", "for range loop"),
    ("\tvar f float64\n\t_ = f", "", "type float64"),
    ("\ts := fmt.Sprintf(\"%d\", 1)\n\t_ = s", '"fmt"', "fmt.Sprintf"),
    ("\tx := [1]int{1}\n\t_ = x", "", "composite literal"),
    ("\tgoto L\nL:", "", "goto statement"),
    ("\tt := time.Now()\n\t_ = t", '"time"', "time.Now"),
    ("\td := time.Second\n\t_ = d.Seconds()", '"time"', "method time.Duration.Seconds"),
    ("\tx := 1\n\tp := &x\n\t_ = p", "", "address-of operator &"),
])
def test_constructs_outside_the_subset_get_a_clear_error(body, imports, what):
    msgs = _errors(_main(body, imports))
    assert f"{what} is not supported in this course's Go subset (yet)" in msgs, msgs


def test_unsupported_import():
    assert _errors(_main("", '"os"')) == ['import "os" is not supported in this course\'s Go subset (yet)']


def test_printf_format_must_be_constant():
    msgs = _errors(_main('\tf := "%d"\n\tfmt.Printf(f, 1)', '"fmt"'))
    assert msgs == ["fmt.Printf with a non-constant format string is not supported in this course's Go subset (yet)"]


@pytest.mark.parametrize("src,expected", [
    ("package main\n\nfunc main() {\n\tx := 1\n\tif x > 0 {\n\t}\n\telse {\n\t}\n}\n",
     "./prog.go:7:2: syntax error: unexpected else, expecting }"),
    ("package main\n\nfunc main() {\n\tfor {\n", "./prog.go:5:1: syntax error: unexpected EOF, expecting }"),
])
def test_syntax_errors_common_mistakes(src, expected):
    with pytest.raises(GoCompileError) as ei:
        compile_source(src)
    assert str(ei.value) == expected
