"""The cost model is calibrated: the model's *simulated* time per operation matches what the
real Go 1.19 runtime measured on the course's reference machine (bench/calibrate/).

Simulated time is deterministic, so this is an exact test of the cost model, not a timing
test: it fails if a change to the costs or to the number of runtime steps an operation takes
moves the model away from the real runtime.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import course

MEASURED = json.loads((Path(__file__).resolve().parents[1] / "bench/calibrate/costs_measured.json").read_text())["costs_ns"]

N = 20_000

PROGRAMS = {
    # name in costs_measured.json: (Go program doing N operations, tolerance)
    "gosched_1g_p1": ("""package main

import "runtime"

func main() {
	for i := 0; i < %d; i++ {
		runtime.Gosched()
	}
}
""", 0.25),
    "spawn_exit_p1": ("""package main

import "runtime"

func f() {}

func main() {
	for i := 0; i < %d; i++ {
		go f()
		runtime.Gosched()
	}
}
""", 0.35),
    "loop_iteration": ("""package main

func main() {
	s := 0
	for i := 0; i < %d; i++ {
		s += i
	}
	println(s > 0)
}
""", 0.6),
    "println_devnull": ("""package main

import "fmt"

func main() {
	for i := 0; i < %d; i++ {
		fmt.Println("hello", 42)
	}
}
""", 0.35),
    "concat_short": ("""package main

func cat(a string, b string, n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s = a + b
	}
	return s
}

func main() {
	println(len(cat("abcde", "fghij", %d)))
}
""", 0.5),
}


def sim_ns_per_op(src: str, n: int) -> float:
    prog = course.compile(src % n)
    base = course.compile(src % 0).run(gomaxprocs=1, trace=False).sim_time_ns
    return (prog.run(gomaxprocs=1, trace=False).sim_time_ns - base) / n


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_simulated_cost_matches_real_go(name):
    src, tol = PROGRAMS[name]
    got = sim_ns_per_op(src, N)
    want = MEASURED[name]
    if name == "spawn_exit_p1":
        want += MEASURED["gosched_1g_p1"]  # the program yields once per goroutine
    assert abs(got - want) <= tol * want, f"{name}: model {got:.1f} ns/op, real Go {want:.1f} ns/op"
