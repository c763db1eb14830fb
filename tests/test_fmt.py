"""course.fmt against the real Go toolchain's output.

Every expected string below was printed by go1.19.8 (fmt.Printf/Println/Print,
time.Duration.String, strconv.Quote) for the same arguments; the table is recorded here so
the tests run without Go installed.
"""
from __future__ import annotations

import pytest

from course import isa
from course.fmt import format_duration, format_panic_value, format_print, go_quote

TY = {"int": isa.TY_INT, "string": isa.TY_STRING, "bool": isa.TY_BOOL, "dur": isa.TY_DURATION}
KIND = {"printf": isa.PRINT_FMT_PRINTF, "println": isa.PRINT_FMT_PRINTLN, "print": isa.PRINT_FMT_PRINT}

PRINT_CASES = [
    ('printf', '%d', [('int', 42)], '42'),
    ('printf', '%5d|%-5d|%05d', [('int', 42), ('int', 42), ('int', -42)], '   42|42   |-0042'),
    ('printf', '%+d % d %x %X %o %b %#x %#o %O', [('int', 5), ('int', 5), ('int', 255), ('int', 255), ('int', 8), ('int', 5), ('int', 255), ('int', 8), ('int', 8)], '+5  5 ff FF 10 101 0xff 010 0o10'),
    ('printf', '%x', [('int', -255)], '-ff'),
    ('printf', '%.3d|%6.3d|%08.3d', [('int', 7), ('int', 7), ('int', 7)], '007|   007|     007'),
    ('printf', '%s|%5s|%-5s|%.2s|%05s', [('string', 'hi'), ('string', 'hi'), ('string', 'hi'), ('string', 'hello'), ('string', 'ab')], 'hi|   hi|hi   |he|000ab'),
    ('printf', '%q %q %+q %#q %q', [('string', 'a"b\n'), ('string', 'héllo\x01'), ('string', 'héllo'), ('string', 'back`q'), ('string', 'tab\there')], '"a\\"b\\n" "héllo\\x01" "h\\u00e9llo" "back`q" "tab\\there"'),
    ('printf', '%q %q %q %c %c %U %#U', [('int', 97), ('int', 10), ('int', 128512), ('int', 65), ('int', 19990), ('int', 128512), ('int', 65)], "'a' '\\n' '😀' A 世 U+1F600 U+0041 'A'"),
    ('printf', '%v %t %v', [('bool', True), ('bool', False), ('int', 3)], 'true false 3'),
    ('printf', '%d', [('string', 'hi')], '%!d(string=hi)'),
    ('printf', '%s', [('int', 5)], '%!s(int=5)'),
    ('printf', '%t', [('int', 5)], '%!t(int=5)'),
    ('printf', '%d %d', [('int', 1)], '1 %!d(MISSING)'),
    ('printf', '%d', [('int', 1), ('int', 2), ('string', 'x')], '1%!(EXTRA int=2, string=x)'),
    ('printf', '100%% %d%%', [('int', 5)], '100% 5%'),
    ('printf', '%', [], '%!(NOVERB)'),
    ('printf', 'abc%', [('int', 1)], 'abc%!(NOVERB)%!(EXTRA int=1)'),
    ('printf', '%x %X % x %#x', [('string', 'hi'), ('string', 'hi'), ('string', 'hey'), ('string', 'hi')], '6869 6869 68 65 79 0x6869'),
    ('printf', '%v %s %d %x', [('dur', 1500000000), ('dur', 1500000000), ('dur', 1500000000), ('dur', 1000000000)], '1.5s 1.5s 1500000000 3173'),
    ('printf', '%T %T %T %T', [('int', 1), ('string', 'a'), ('bool', True), ('dur', 5)], 'int string bool time.Duration'),
    ('printf', '%5t|%-7v|%8v', [('bool', True), ('bool', False), ('dur', 10000000)], ' true|false  |    10ms'),
    ('printf', '%f', [('int', 3)], '%!f(int=3)'),
    ('printf', '%5z', [('int', 3)], '%!z(int=    3)'),
    ('printf', '%[2]d %[1]d', [('int', 1), ('int', 2)], '2 1'),
    ('printf', '%*d|%-*d', [('int', 5), ('int', 42), ('int', 4), ('int', 7)], '   42|7   '),
    ('printf', '%d %s', [('bool', True), ('bool', False)], '%!d(bool=true) %!s(bool=false)'),
    ('printf', '%c|%5c|%-3c|', [('int', 9786), ('int', 65), ('int', 66)], '☺|    A|B  |'),
    ('printf', '%08d|%-08d|%+08d', [('int', -3), ('int', 3), ('int', 3)], '-0000003|3       |+0000003'),
    ('printf', '%!', [('int', 1)], '%!!(int=1)'),
    ('println', '', [('int', 1), ('string', 'a'), ('bool', True), ('dur', 2000), ('string', ''), ('int', -7)], '1 a true 2µs  -7\n'),
    ('println', '', [], '\n'),
    ('print', '', [('int', 1), ('int', 2), ('string', 'a'), ('int', 3), ('string', 'b'), ('string', 'c'), ('bool', True), ('bool', False), ('dur', 5)], '1 2a3bctrue false 5ns'),
    ('print', '', [('string', 'x'), ('int', 1), ('int', 2)], 'x1 2'),
]

DURATION_CASES = [
    (0, '0s'),
    (1, '1ns'),
    (999, '999ns'),
    (1000, '1µs'),
    (1500, '1.5µs'),
    (1000000, '1ms'),
    (1500000, '1.5ms'),
    (10000000, '10ms'),
    (999999999, '999.999999ms'),
    (1000000000, '1s'),
    (1500000000, '1.5s'),
    (60000000000, '1m0s'),
    (61000000000, '1m1s'),
    (3600000000000, '1h0m0s'),
    (3661000000000, '1h1m1s'),
    (90061001001001, '25h1m1.001001001s'),
    (-2000, '-2µs'),
    (-1, '-1ns'),
    (-1500000000, '-1.5s'),
    (9223372036854775807, '2562047h47m16.854775807s'),
    (-9223372036854775808, '-2562047h47m16.854775808s'),
    (100, '100ns'),
    (1001000, '1.001ms'),
    (2562047000000000000, '711679h43m20s'),
]

QUOTE_CASES = [
    ('', '""'),
    ('abc', '"abc"'),
    ('a"b', '"a\\"b"'),
    ('\\', '"\\\\"'),
    ('\n\t\r\x07\x08\x0c\x0b', '"\\n\\t\\r\\a\\b\\f\\v"'),
    ('\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'),
    ('é', '"é"'),
    ('\xa0', '"\\u00a0"'),
    ('\u200b', '"\\u200b"'),
    ('😀', '"😀"'),
    ('\U0010ffff', '"\\U0010ffff"'),
    ('日本語', '"日本語"'),
    ('\ufeff', '"\\ufeff"'),
    ("a'b", '"a\'b"'),
    ('\udcff', '"\\xff"'),
]


def run_print(kind: int, fmt: str, args) -> str:
    strings: list[str] = []
    types, values = [], []
    for ty, v in args:
        types.append(TY[ty])
        if ty == "string":
            strings.append(v)
            values.append(len(strings) - 1)
        else:
            values.append(int(v))
    desc = isa.PrintDesc(kind, tuple(types), fmt)
    return format_print(desc, values, strings.__getitem__)


@pytest.mark.parametrize("kind,fmt,args,expected", PRINT_CASES)
def test_fmt_output_matches_go(kind, fmt, args, expected):
    assert run_print(KIND[kind], fmt, args) == expected


@pytest.mark.parametrize("ns,expected", DURATION_CASES)
def test_duration_string_matches_go(ns, expected):
    assert format_duration(ns) == expected


@pytest.mark.parametrize("s,expected", QUOTE_CASES)
def test_strconv_quote_matches_go(s, expected):
    assert go_quote(s) == expected


def test_builtin_println_separates_with_spaces_and_prints_durations_as_integers():
    # println(1, "a", true, time.Millisecond) prints "1 a true 1000000" on stderr
    out = run_print(isa.PRINT_BUILTIN_PRINTLN, "", [("int", 1), ("string", "a"), ("bool", True), ("dur", 1000000)])
    assert out == "1 a true 1000000\n"


def test_builtin_print_does_not_add_spaces():
    assert run_print(isa.PRINT_BUILTIN_PRINT, "", [("int", 1), ("int", 2), ("string", "x"), ("bool", False)]) == "12xfalse"


def test_print_desc_routing_flags():
    assert isa.PrintDesc(isa.PRINT_BUILTIN_PRINTLN, ()).to_stderr
    assert not isa.PrintDesc(isa.PRINT_FMT_PRINTLN, ()).to_stderr


@pytest.mark.parametrize("ty,value,expected", [
    (isa.TY_STRING, 0, "boom"),
    (isa.TY_INT, 42, "42"),
    (isa.TY_INT, -7, "-7"),
    (isa.TY_BOOL, 1, "true"),
    (isa.TY_DURATION, 1500000000, "1.5s"),
])
def test_panic_value_line_matches_go(ty, value, expected):
    assert format_panic_value(ty, value, ["boom"].__getitem__) == expected
