"""COURSE_JIT=0 runs the very same functions as plain Python: the same program, the same trace.

``course/_jit.py`` promises that turning numba off (to step through ``runqput`` in a debugger)
changes nothing but speed: there is no second copy of any policy. This runs one small program
in a subprocess with ``COURSE_JIT=0`` (the switch is read once, at import) and compares its
trace rows and output with the compiled run in this process, bit for bit.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

import course

ROOT = Path(__file__).resolve().parents[1]

# Goroutines, runnext, the global queue (Gosched), nested go, timers (Sleep) and fmt's syscall,
# at two Ps: while main keeps P0 busy, a spinning M (random steal order: fastrand) steals.
PROGRAM = """package main

import (
	"fmt"
	"runtime"
	"time"
)

var sink int

func main() {
	for i := 0; i < 4; i++ {
		go func(id int) {
			for j := 0; j < 3000; j++ {
				sink += j
			}
			runtime.Gosched()
			go func() {
				time.Sleep(time.Microsecond * 2)
				fmt.Println("child of", id)
			}()
			fmt.Println("worker", id)
		}(i)
	}
	for j := 0; j < 20000; j++ {
		sink += j
	}
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	fmt.Println("done")
}
"""
GOMAXPROCS, SEED = 2, 7

CHILD = textwrap.dedent("""
    import sys
    import numpy as np
    import course
    from course import _jit
    assert not _jit.JIT_ENABLED
    res = course.compile(sys.stdin.read()).run(gomaxprocs={procs}, seed={seed})
    np.save(sys.argv[1], res.trace.rows)
    sys.stdout.write(res.stdout)
""")


def test_jit_off_gives_the_same_trace_and_output(tmp_path):
    res = course.compile(PROGRAM).run(gomaxprocs=GOMAXPROCS, seed=SEED)
    assert res.exit_code == 0 and res.stdout.endswith("done\n")
    assert res.stats["steals"] >= 1, "the program exercises stealing"
    rows_file = tmp_path / "rows.npy"
    env = dict(os.environ, COURSE_JIT="0", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", CHILD.format(procs=GOMAXPROCS, seed=SEED), str(rows_file)],
                         input=PROGRAM, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == res.stdout
    rows = np.load(rows_file)
    assert rows.shape == res.trace.rows.shape
    assert np.array_equal(rows, res.trace.rows)
