"""The run's outputs: the event trace (state at any step, narration, Perfetto), schedtrace
lines in Go's format, and the `python -m course` command line behaving like `go run`."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import course
from course.runtime2 import (G_GOID, G_STATUS, GSTATUS_NAMES, P_RUNNEXT, P_RUNQHEAD, P_RUNQTAIL, RUNQ_SIZE,
                             S_ALLGLEN, S_GOMAXPROCS, S_RUNQHEAD, G_SCHEDLINK, Gdead)
from course.traceev import EV_EXECUTE

ROOT = Path(__file__).resolve().parents[1]

WORKERS = """package main

import (
	"fmt"
	"runtime"
	"time"
)

func worker(id int) {
	for i := 0; i < 3; i++ {
		runtime.Gosched()
	}
	time.Sleep(time.Duration(id) * time.Microsecond)
	fmt.Println("worker", id)
}

func main() {
	for i := 0; i < 6; i++ {
		go worker(i)
	}
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	fmt.Println("done")
}
"""


@pytest.fixture(scope="module")
def res2():
    return course.compile(WORKERS, "workers.go").run(gomaxprocs=2, seed=5)


def kernel_queues(S):
    """The run queues as the kernel left them, in goids."""
    n = int(S.sched[S_GOMAXPROCS])
    gid = lambda g: int(S.allg[g, G_GOID])  # noqa: E731
    runnext = [gid(S.allp[p, P_RUNNEXT]) if S.allp[p, P_RUNNEXT] >= 0 else None for p in range(n)]
    rings = [[gid(S.runq[p, i % RUNQ_SIZE]) for i in range(S.allp[p, P_RUNQHEAD], S.allp[p, P_RUNQTAIL])] for p in range(n)]
    glob, g = [], int(S.sched[S_RUNQHEAD])
    while g >= 0:
        glob.append(gid(g))
        g = int(S.allg[g, G_SCHEDLINK])
    return runnext, rings, glob


def test_replaying_the_whole_trace_gives_the_kernels_final_state(res2):
    S = res2.state
    st = res2.trace.state_at(len(res2.trace))
    runnext, rings, glob = kernel_queues(S)
    assert st.runnext == runnext
    assert st.runq == rings
    assert st.global_runq == glob
    for g in range(int(S.sched[S_ALLGLEN])):
        goid = int(S.allg[g, G_GOID])
        if S.allg[g, G_STATUS] != Gdead:
            assert st.g_status[goid] == GSTATUS_NAMES[int(S.allg[g, G_STATUS])]


def test_state_at_every_step_keeps_each_g_in_one_place(res2):
    tr = res2.trace
    for step in range(0, len(tr), max(1, len(tr) // 200)):
        st = tr.state_at(step)
        places = [g for g in st.runnext if g is not None] + [g for r in st.runq for g in r] + st.global_runq
        places += [g for g in st.running if g is not None]
        assert len(places) == len(set(places)), f"a G in two places at step {step}"
        assert all(len(r) <= 256 for r in st.runq)


def test_every_event_says_why_in_words(res2):
    text = res2.trace.narrate()
    assert "findRunnable" in text and "newproc" in text and "Gosched" in text
    ev = res2.trace[int(np.flatnonzero(res2.trace.rows[:, 4] == EV_EXECUTE)[-1])]
    assert ev.kind == "EXECUTE" and ("execute" in ev.reason or "findRunnable" in ev.reason)


def test_perfetto_export_is_chrome_trace_json(res2, tmp_path):
    p = tmp_path / "t.json"
    res2.trace.save_perfetto(str(p))
    data = json.loads(p.read_text())
    slices = [e for e in data["traceEvents"] if e.get("ph") == "X"]
    assert slices and all(e["dur"] >= 0 and e["name"].startswith("G") for e in slices)
    assert {e["tid"] for e in slices} <= {0, 1}
    names = {e["args"]["name"] for e in data["traceEvents"] if e.get("name") == "thread_name"}
    assert names == {"P0", "P1"}


def test_schedtrace_prints_gos_sched_lines():
    res = course.compile(WORKERS).run(gomaxprocs=2, godebug="schedtrace=1")
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("SCHED")]
    assert lines, res.stderr
    pat = re.compile(r"^SCHED \d+ms: gomaxprocs=2 idleprocs=\d+ threads=\d+ spinningthreads=\d+ idlethreads=\d+ runqueue=\d+ \[\d+ \d+\]$")
    assert all(pat.match(ln) for ln in lines), lines
    assert lines[0].startswith("SCHED 0ms:")
    assert res.stdout.endswith("done\n")


def test_scheddetail_adds_p_m_and_g_lines():
    res = course.compile(WORKERS).run(gomaxprocs=2, godebug="schedtrace=1,scheddetail=1")
    err = res.stderr
    assert re.search(r"^  P0: status=\d schedtick=\d+ syscalltick=\d+ m=-?\d+ runqsize=\d+ gfreecnt=\d+ timerslen=\d+$", err, re.M)
    assert re.search(r"^  M1: p=-1 curg=-1 .* spinning=false blocked=false lockedg=-1$", err, re.M)  # sysmon
    assert re.search(r"^  G1: status=\d\(.*\) m=-?\d+ lockedm=-1$", err, re.M)


def run_cli(*args, env=None, input_file=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "course", *args], capture_output=True, text=True, env=e, cwd=ROOT, timeout=300)


def test_cli_run_behaves_like_go_run(tmp_path):
    p = tmp_path / "prog.go"
    p.write_text(WORKERS)
    r = run_cli("run", str(p), env={"GOMAXPROCS": "1"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "done"
    assert sorted(r.stdout.splitlines()[:-1]) == [f"worker {i}" for i in range(6)]


def test_cli_panic_exits_2_with_gos_message_and_exit_status(tmp_path):
    p = tmp_path / "boom.go"
    p.write_text('package main\n\nfunc main() {\n\tpanic("boom")\n}\n')
    r = run_cli("run", str(p))
    assert r.returncode == 2
    assert r.stderr.startswith("panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\tboom.go:4 +0x0\n")
    assert r.stderr.rstrip().endswith("exit status 2")


def test_cli_compile_error_is_go_style_with_line_and_column(tmp_path):
    p = tmp_path / "bad.go"
    p.write_text("package main\n\nfunc main() {\n\tx := 1\n}\n")
    r = run_cli("run", str(p))
    assert r.returncode == 2
    assert r.stderr.splitlines()[:2] == ["# command-line-arguments", "./bad.go:4:2: x declared but not used"]
    assert "Traceback" not in r.stderr


def test_cli_honours_godebug_from_the_environment(tmp_path):
    p = tmp_path / "prog.go"
    p.write_text(WORKERS)
    r = run_cli("run", str(p), env={"GOMAXPROCS": "2", "GODEBUG": "schedtrace=1"})
    assert r.returncode == 0
    assert "SCHED 0ms: gomaxprocs=2" in r.stderr


def test_cli_endless_loop_stops_at_the_budget_with_a_clear_message(tmp_path):
    p = tmp_path / "spin.go"
    p.write_text("package main\n\nfunc main() {\n\tfor {\n\t}\n}\n")
    r = run_cli("run", str(p), env={"GOMAXPROCS": "1", "COURSE_MAX_INSTRUCTIONS": "20000000"})
    assert r.returncode == 3
    assert "budget" in r.stderr


SPAWN_AND_COLLECT = """package main

import "fmt"

func main() {
	done := make(chan int)
	for i := 0; i < 300; i++ {
		go func(i int) { done <- i }(i)
	}
	s := 0
	for i := 0; i < 300; i++ {
		s += <-done
	}
	fmt.Println(s)
}
"""


@pytest.mark.parametrize("gomaxprocs", [1, 2, 4])
def test_one_seed_one_trace_whether_or_not_the_arrays_had_to_grow(gomaxprocs):
    # The first run starts with small arrays and grows them mid-run (300 goroutines, their
    # stacks, the trace); a second run of the same Program starts at the sizes the first one
    # reached and never grows. An instruction stopped to grow an array runs again, so it must
    # take no time the first time, or the two runs part by a nanosecond and then decide
    # differently.
    prog = course.compile(SPAWN_AND_COLLECT)
    first = prog.run(gomaxprocs=gomaxprocs, seed=3)
    again = prog.run(gomaxprocs=gomaxprocs, seed=3)
    assert first.stdout == again.stdout == "44850\n"
    assert first.trace.rows.shape == again.trace.rows.shape
    diff = np.nonzero((first.trace.rows != again.trace.rows).any(axis=1))[0]
    assert len(diff) == 0, f"the runs part at event {diff[0]}: {first.trace.describe(int(diff[0]))}"


@pytest.mark.parametrize("held", [False, True])
def test_grow_trace_keeps_every_recorded_row(held):
    """program.grow_trace doubles the trace array: in place (mremap) when nothing else holds
    it, else by a copy; either way every row recorded so far is kept."""
    from course.program import _mapping, grow_trace, trace_array
    from course.traceev import TP_NCOLS
    a = trace_array(4096)
    a[:] = np.arange(4096 * TP_NCOLS).reshape(4096, TP_NCOLS)
    want = a.copy()
    mm = _mapping(a)
    other = a[:10] if held else None  # a view someone kept (a Trace, a test) pins the mapping
    box = [a]
    del a
    b = grow_trace(box)
    assert b.shape == (8192, TP_NCOLS) and not box
    assert np.array_equal(b[:4096], want)
    if mm is not None:  # Linux: a mapping of its own
        assert (_mapping(b) is mm) == (not held)
    if held:
        assert np.array_equal(other, want[:10]), "the held rows are untouched"
