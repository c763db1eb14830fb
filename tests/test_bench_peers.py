"""The benchmark's peers stay honest: the SimPy scheduler really runs the scenario, and the
Go programs in bench/programs are valid Go. Nothing here measures or asserts a time."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
PROGRAMS = sorted((BENCH / "programs").glob("*.go"))


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


simpy_sched = _load("simpy_sched", BENCH / "peers" / "simpy_sched.py")


@pytest.mark.parametrize("gomaxprocs", [1, 4])
def test_simpy_gosched_storm_runs_every_gosched_and_exit(gomaxprocs):
    res = simpy_sched.run_gosched_storm(goroutines=5, k=7, gomaxprocs=gomaxprocs, seed=1)
    st = res.stats
    assert st.worker_goscheds == 35
    assert st.goroutines_created == st.goroutines_exited == 5
    assert st.counter == 5
    assert st.goscheds >= 35  # main's waiting loop yields too


@pytest.mark.parametrize("gomaxprocs", [1, 4])
def test_simpy_spawn_storm_runs_every_goroutine(gomaxprocs):
    res = simpy_sched.run_spawn_storm(600, gomaxprocs=gomaxprocs, seed=1)
    st = res.stats
    assert st.goroutines_created == st.goroutines_exited == st.counter == 600


def test_simpy_full_ring_sends_half_plus_one_to_the_global_queue():
    # One P, no yields while spawning: runnext holds the newest G, the ring fills at 256,
    # and each overflow moves 128 + 1 Gs to the global queue (runqputslow).
    res = simpy_sched.run_spawn_storm(300, gomaxprocs=1)
    assert res.stats.runqputslow == 1


def test_simpy_newproc_puts_new_g_in_runnext_kicking_the_old_one_to_the_tail():
    s = simpy_sched.Sched(gomaxprocs=1)
    pp = s.allp[0]
    g1, g2 = simpy_sched.G(1, s.env), simpy_sched.G(2, s.env)
    s.runqput(pp, g1, next_=True)
    s.runqput(pp, g2, next_=True)
    assert pp.runnext is g2 and pp.runqlen() == 1
    assert s.runqget(pp) == (g2, True)  # runnext first, inheriting the time slice
    assert s.runqget(pp) == (g1, False)


def test_simpy_global_batch_is_n_over_gomaxprocs_plus_one():
    s = simpy_sched.Sched(gomaxprocs=4)
    gs = [simpy_sched.G(i, s.env) for i in range(20)]
    s.globrunq.extend(gs)
    pp = s.allp[0]
    assert s.globrunqget(pp, 0) is gs[0]
    assert pp.runqlen() == 20 // 4 + 1 - 1  # the rest of the batch, in FIFO order
    assert s.runqget(pp) == (gs[1], False)


def test_simpy_steal_takes_half_rounded_up_and_runs_the_last():
    s = simpy_sched.Sched(gomaxprocs=2)
    thief, victim = s.allp
    gs = [simpy_sched.G(i, s.env) for i in range(5)]
    for g in gs:
        s.runqput(victim, g, next_=False)
    assert s.runqsteal(thief, victim, steal_runnext=False) is gs[2]
    assert victim.runqlen() == 2 and thief.runqlen() == 2


@pytest.mark.skipif(shutil.which("gofmt") is None and shutil.which("go") is None, reason="Go is not installed")
@pytest.mark.realgo
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_bench_program_is_gofmt_clean_go(program):
    gofmt = shutil.which("gofmt") or str(Path(subprocess.check_output(["go", "env", "GOROOT"], text=True).strip()) / "bin" / "gofmt")
    out = subprocess.run([gofmt, "-l", str(program)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr  # a syntax error makes gofmt fail
    assert out.stdout == "", f"{program.name} is not gofmt-formatted"


def test_bench_programs_exist():
    assert {p.name for p in PROGRAMS} >= {"gosched_storm.go", "spawn_storm.go"}
