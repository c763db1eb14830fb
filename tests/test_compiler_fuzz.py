"""Robustness: any input either compiles or raises GoCompileError (never a Python traceback)."""
from __future__ import annotations

import glob
import os
import random

import pytest

from course.compiler import GoCompileError, compile_source

SEED_PROGRAMS = [
    """package main

import (
	"fmt"
	"runtime"
	"time"
)

const N = 3

var total int

func add(a, b int) (int, bool) { return a + b, a > b }

func main() {
	x := 1
	var s string = "hi"
	for i := 0; i < N; i++ {
		go func(k int) { total += k + x }(i)
		defer fmt.Println("bye", i, s)
	}
	if v, ok := add(x, 2); ok && v > 0 {
		x++
	} else if !ok {
		x--
	}
	switch x {
	case 1, 2:
		fmt.Printf("%d %s %v\\n", x, s, time.Millisecond*2)
		fallthrough
	default:
		runtime.Gosched()
	}
	f := func() int { return len(s) + int(s[0]) }
	time.Sleep(time.Duration(f()) * time.Microsecond)
	println(runtime.NumGoroutine(), runtime.GOMAXPROCS(1))
L:
	for {
		break L
	}
	panic("done")
}
""",
]
HERE = os.path.dirname(__file__)
SEED_PROGRAMS += [open(p).read() for p in sorted(glob.glob(os.path.join(HERE, "conformance", "programs", "*", "*.go")))]

TOKENS = ["(", ")", "{", "}", ";", "\n", ":=", "=", "+", "x", "1", '"s"', "func", "go", "defer", "for", "if",
          ",", ".", "[", "]", "return", "i", "nil", "true", "&&", "!", "<<", "-", "break", "continue", "var",
          "const", "iota", "L:", "switch", "case", "default:", "fallthrough", "'a'", "1.5", "time.Second",
          "fmt.Println", "int", "string", "func()", "len", "++", "...", "chan", "select", "`", '"', "'",
          "\\", "0x", "1e400", "byte", "_", "main", "package", "import", "type", "struct", "/*", "//"]


def mutate(src: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 5)):
        op = rng.random()
        i = rng.randrange(len(src) + 1)
        if op < 0.3:
            src = src[:i] + src[i + rng.randint(1, 12):]
        elif op < 0.75:
            src = src[:i] + rng.choice(TOKENS) + src[i:]
        elif op < 0.9:
            lines = src.split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            src = "\n".join(lines)
        else:
            j = rng.randrange(len(src) + 1)
            src = src[:i] + src[min(i, j):max(i, j)] + src[i:]
    return src


@pytest.mark.parametrize("seed", range(8))
def test_random_mutations_compile_or_raise_go_compile_error(seed):
    rng = random.Random(seed)
    for _ in range(150):
        src = mutate(rng.choice(SEED_PROGRAMS), rng)
        try:
            compile_source(src, go_version=rng.choice(["1.19", "1.22"]))
        except GoCompileError as e:
            text = str(e)
            assert text and all(line.startswith(("./prog.go:", "prog.go:", "\t", "runtime.main_main"))
                                for line in text.split("\n")), text


@pytest.mark.parametrize("src", [
    "", "package", "package main", "package main\nfunc", "package main\nfunc main(", "\x00\xff",
    "package main\nfunc main() {" + "(" * 5000, "package main\nfunc main() { x := " + "-" * 3000 + "1 }",
    "package main\nfunc main() {\n\t" + "{" * 2000 + "}" * 2000 + "\n}\n",
    "package main\nfunc main() { s := \"\\xff\\u00e9\"; println(s, len(s)) }",
    "package main\nfunc main() { println('\\400') }",
    "package main\nfunc main() { println(1 << 100000) }",
    "package main\nfunc main() { var x int = 1e1000; println(x) }",
    "package main\nfunc main() { println(9223372036854775807 + 1) }",
])
def test_edge_inputs_never_crash(src):
    try:
        compile_source(src)
    except GoCompileError:
        pass
