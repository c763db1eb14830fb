"""End to end: compile with course.compile, run on the VM, compare with real Go.

Each program's expected stdout (and whether it exits with an error) was recorded from go1.19.8
with GOMAXPROCS=1 (``go run``); the programs are deterministic there.
"""
from __future__ import annotations

import pytest

course = pytest.importorskip("course")
pytest.importorskip("course.program")


PROGRAMS = {
    'closures': (
        'package main\n\nimport "fmt"\n\nfunc counter() func() int {\n\tn := 0\n\treturn func() int {\n\t\tn++\n\t\treturn n\n\t}\n}\n\nfunc apply(f func(int) int, x int) int { return f(x) }\n\nfunc main() {\n\tc := counter()\n\tc()\n\tc()\n\tfmt.Println(c())\n\tk := 10\n\tadd := func(a int) int { return a + k }\n\tk = 20\n\tfmt.Println(apply(add, 1))\n\tx := 1\n\tinc := func() { x++ }\n\tinc()\n\tinc()\n\tfmt.Println(x)\n\tnested := func() func() int {\n\t\treturn func() int { x += 100; return x }\n\t}\n\tfmt.Println(nested()(), x)\n}\n',
        '3\n21\n3\n103 103\n',
        False),
    'control': (
        'package main\n\nimport "fmt"\n\nfunc classify(n int) string {\n\tswitch {\n\tcase n < 0:\n\t\treturn "neg"\n\tcase n == 0:\n\t\treturn "zero"\n\tcase n%2 == 0:\n\t\treturn "even"\n\tdefault:\n\t\treturn "odd"\n\t}\n}\n\nfunc sum(n int) (total int, count int) {\n\tfor i := 1; i <= n; i++ {\n\t\tif i%3 == 0 {\n\t\t\tcontinue\n\t\t}\n\t\ttotal += i\n\t\tcount++\n\t}\n\treturn\n}\n\nfunc main() {\n\tfmt.Println(classify(-3), classify(0), classify(4), classify(7))\n\tt, c := sum(10)\n\tfmt.Println(t, c)\nouter:\n\tfor i := 0; i < 3; i++ {\n\t\tfor j := 0; j < 3; j++ {\n\t\t\tif j == 2 {\n\t\t\t\tcontinue outer\n\t\t\t}\n\t\t\tif i == 2 {\n\t\t\t\tbreak outer\n\t\t\t}\n\t\t\tfmt.Println(i, j)\n\t\t}\n\t}\n\tn := 0\n\tfor n < 5 {\n\t\tn += 2\n\t}\n\tfor {\n\t\tn--\n\t\tif n < 3 {\n\t\t\tbreak\n\t\t}\n\t}\n\tfmt.Println(n)\n\tswitch x := n * 2; x {\n\tcase 1, 2, 3:\n\t\tfmt.Println("small", x)\n\t\tfallthrough\n\tcase 10:\n\t\tfmt.Println("fell")\n\tcase 4:\n\t\tfmt.Println("four")\n\t}\n\tif v := n + 1; v > 2 {\n\t\tfmt.Println("big", v)\n\t} else if v > 1 {\n\t\tfmt.Println("mid", v)\n\t} else {\n\t\tfmt.Println("small", v)\n\t}\n\ta, b := 1, 2\n\ta, b = b, a+b\n\tfmt.Println(a, b, a > 1 && b > 2, a > 5 || b == 3, !(a == 2))\n}\n',
        'neg zero even odd\n37 7\n0 0\n0 1\n1 0\n1 1\n2\nfour\nbig 3\n2 3 true true false\n',
        False),
    'defers': (
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc work(id int) {\n\tdefer fmt.Println("work done", id)\n\tfmt.Println("working", id)\n}\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer fmt.Println("deferred", i)\n\t}\n\td := 1500 * time.Millisecond\n\tfmt.Println(d, time.Duration(90)*time.Second, 2*time.Hour+3*time.Minute, time.Duration(0))\n\twork(7)\n\tx := 1\n\tdefer func() { fmt.Println("closure sees", x) }()\n\tx = 2\n\tdefer println("builtin defer", x)\n\tfmt.Printf("%v %d %s\\n", d, d, d)\n}\n',
        '1.5s 1m30s 2h3m0s 0s\nworking 7\nwork done 7\n1.5s 1500000000 1.5s\nclosure sees 2\ndeferred 2\ndeferred 1\ndeferred 0\n',
        False),
    'divzero': (
        'package main\n\nimport "fmt"\n\nfunc div(a, b int) int { return a / b }\n\nfunc main() {\n\tfmt.Println(div(6, 3))\n\tfmt.Println(div(1, 0))\n}\n',
        '2\n',
        True),
    'globals': (
        'package main\n\nimport "fmt"\n\nvar (\n\tcount = initial()\n\tname  string\n\tz     = 7 * K\n)\n\nconst K = 3\n\nfunc initial() int { return 40 + 2 }\n\nfunc bump() { count++ }\n\nfunc main() {\n\tbump()\n\tname = "go"\n\tfmt.Println(count, name, z, len(name))\n}\n',
        '43 go 21 2\n',
        False),
    'goroutines': (
        'package main\n\nimport (\n\t"fmt"\n\t"runtime"\n\t"time"\n)\n\nvar done int\n\nfunc worker(id int, n int) {\n\tfor i := 0; i < n; i++ {\n\t\truntime.Gosched()\n\t}\n\tfmt.Println("worker", id, "done")\n\tdone++\n}\n\nfunc main() {\n\tprev := runtime.GOMAXPROCS(1)\n\t_ = prev\n\tfor i := 0; i < 3; i++ {\n\t\tgo worker(i, i)\n\t}\n\tgo func(s string) { fmt.Println("literal", s) }("hi")\n\tgo fmt.Println("go println")\n\tfmt.Println("goroutines", runtime.NumGoroutine())\n\tfor done < 3 {\n\t\ttime.Sleep(time.Millisecond)\n\t}\n\tfmt.Println("all done", done)\n}\n',
        'goroutines 6\ngo println\nworker 0 done\nliteral hi\nworker 1 done\nworker 2 done\nall done 3\n',
        False),
    'ints': (
        'package main\n\nimport "fmt"\n\nconst (\n\tA = iota * 10\n\tB\n\tC\n)\n\nconst Big = 1 << 40\n\nfunc main() {\n\tvar b byte = 250\n\tb += 10\n\tfmt.Println(b, A, B, C, Big)\n\tvar i8 int8 = 127\n\ti8++\n\tfmt.Println(i8, -7/2, -7%2, 7&^5, 1<<3|1, 6^3, ^5)\n\tx := 5\n\tx <<= 2\n\tx -= 3\n\tx *= -1\n\tfmt.Println(x, x/4, x%4, x>>1)\n\tvar u uint16 = 1\n\tu -= 2\n\tfmt.Println(u)\n\tr := \'a\'\n\tfmt.Println(r, string(rune(66)))\n\tvar i32 int32 = 1 << 30\n\ti32 *= 4\n\tfmt.Println(i32, int64(i32)+1)\n}\n',
        '4 0 10 20 1099511627776\n-128 -3 -1 2 9 5 -6\n-17 -4 -1 -9\n65535\n97 B\n0 1\n',
        False),
    'loopvar': (
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tprints := func() {}\n\tfor i := 0; i < 3; i++ {\n\t\tdefer func() { fmt.Println("defer", i) }()\n\t}\n\tprints()\n}\n',
        'defer 3\ndefer 3\ndefer 3\n',
        False),
    'panicint': (
        'package main\n\nfunc main() {\n\tpanic(42)\n}\n',
        '',
        True),
    'panics': (
        'package main\n\nimport "fmt"\n\nfunc f(n int) int {\n\tdefer fmt.Println("unwinding f", n)\n\tif n == 0 {\n\t\tpanic("boom")\n\t}\n\treturn f(n - 1)\n}\n\nfunc main() {\n\tdefer fmt.Println("main deferred")\n\tf(2)\n}\n',
        'unwinding f 0\nunwinding f 1\nunwinding f 2\nmain deferred\n',
        True),
    'recursion': (
        'package main\n\nimport "fmt"\n\nfunc fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\n\nfunc ack(m, n int) int {\n\tif m == 0 {\n\t\treturn n + 1\n\t}\n\tif n == 0 {\n\t\treturn ack(m-1, 1)\n\t}\n\treturn ack(m-1, ack(m, n-1))\n}\n\nfunc swap(a, b string) (string, string) { return b, a }\n\nfunc main() {\n\tfmt.Println(fib(20), ack(2, 3))\n\tx, y := swap("a", "b")\n\tfmt.Println(x, y)\n\tfmt.Println(swap(swap("c", "d")))\n}\n',
        '6765 9\nb a\nc d\n',
        False),
    'strings': (
        'package main\n\nimport "fmt"\n\nfunc main() {\n\ts := "héllo"\n\tt := s + ", " + "world"\n\tfmt.Println(len(s), len(t), s[1], s[0] == \'h\', t)\n\tfmt.Println(s < t, "abc" < "abd", "b" > "abc", s == "héllo", s != t)\n\tfmt.Printf("%q %v %5s|%-4d|%x\\n", s, s[0], "ab", 7, 255)\n\tfmt.Print("a", 1, 2, "b", true, "\\n")\n\tr := ""\n\tfor i := 0; i < 3; i++ {\n\t\tr += "x"\n\t}\n\tfmt.Println(r, len(r))\n}\n',
        '6 13 195 true héllo, world\ntrue true true true true\n"héllo" 104    ab|7   |ff\na1 2btrue\nxxx 3\n',
        False),
}



@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_output_matches_go(name):
    src, stdout, fails = PROGRAMS[name]
    res = course.compile(src, go_version="1.19").run(gomaxprocs=1, seed=0)
    assert res.stdout == stdout
    assert (res.exit_code != 0) == fails


def test_go_1_22_gives_each_iteration_its_own_loop_variable():
    src = PROGRAMS["loopvar"][0]
    res = course.compile(src, go_version="1.22").run(gomaxprocs=1, seed=0)
    assert res.stdout == "defer 2\ndefer 1\ndefer 0\n"


def test_go_1_19_shares_the_loop_variable():
    src = PROGRAMS["loopvar"][0]
    res = course.compile(src, go_version="1.19").run(gomaxprocs=1, seed=0)
    assert res.stdout == "defer 3\ndefer 3\ndefer 3\n"


def test_panic_message_names_the_value():
    res = course.compile(PROGRAMS["panics"][0]).run(gomaxprocs=1, seed=0)
    assert "panic: boom" in res.stderr
    res = course.compile(PROGRAMS["panicint"][0]).run(gomaxprocs=1, seed=0)
    assert "panic: 42" in res.stderr
