"""The channel benchmark's peers stay honest: the SimPy peer really runs each scenario (its counts
and checksums), and the Go programs in bench/programs/chan_*.go print the recorded line on the
course's model at GOMAXPROCS=1 (and on real Go, when it is installed). Nothing here measures or
asserts a time."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


if str(BENCH / "peers") not in sys.path:
    sys.path.insert(0, str(BENCH / "peers"))  # simpy_chan imports simpy_sched
simpy_chan = _load("simpy_chan", BENCH / "peers" / "simpy_chan.py")
bench_chan = _load("bench_chan", BENCH / "bench_chan.py")

# Tiny sizes, and the line each program prints at that size (recorded from go1.19.8).
TINY = {
    "chan_pingpong": ({"N": 10}, "pingpong 10 value 10 sum 55\n"),
    "chan_prodcons": ({"P": 3, "C": 2, "B": 4, "N": 25}, "prodcons 3 2 4 items 25 sum 325\n"),
    "chan_workerpool": ({"W": 3, "B": 2, "N": 20}, "workerpool 3 2 results 20 checksum 840\n"),
}


# --- the SimPy peer ---------------------------------------------------------------------------
@pytest.mark.parametrize("gomaxprocs", [1, 3])
def test_simpy_pingpong_counts(gomaxprocs):
    res = simpy_chan.run_pingpong(10, gomaxprocs=gomaxprocs)
    assert simpy_chan.printed(res) == TINY["chan_pingpong"][1]
    st = res.chan
    assert st.sends == st.recvs == 20
    assert st.makechans == 2 and st.closes == 1
    assert st.buffered_sends == st.buffered_recvs == 0  # unbuffered: every value is handed over
    assert st.readies <= st.parks


def test_simpy_pingpong_one_p_parks_twice_per_round_trip_and_wakes_into_runnext():
    res = simpy_chan.run_pingpong(10, gomaxprocs=1)
    st = res.chan
    # main parks sending ping (the echo G is not receiving yet), the echo G parks sending pong:
    # each receive takes the value from a parked sender and readies it into runnext.
    assert st.direct_recvs == 20 and st.direct_sends == 0
    assert st.parks == st.readies == 20
    assert res.stats.runnext_handoffs >= 20
    assert res.stats.global_gets == 0


@pytest.mark.parametrize("gomaxprocs", [1, 3])
def test_simpy_prodcons_counts(gomaxprocs):
    params, line = TINY["chan_prodcons"]
    res = simpy_chan.run_prodcons(params["P"], params["C"], params["B"], params["N"], gomaxprocs=gomaxprocs)
    assert simpy_chan.printed(res) == line
    st = res.chan
    assert st.sends == st.recvs == 25 + 3 + 2 * 2  # items, done signals, counts and sums
    assert st.closed_recvs == 2  # each consumer's range loop ends once
    assert res.stats.goroutines_created == 5


def test_simpy_prodcons_full_buffer_receive_moves_a_parked_senders_value_in():
    res = simpy_chan.run_prodcons(4, 1, 2, 40, gomaxprocs=1)
    assert simpy_chan.printed(res) == "prodcons 4 1 2 items 40 sum 820\n"
    assert res.chan.fullbuf_recvs > 0 and res.chan.buffered_sends > 0


@pytest.mark.parametrize("gomaxprocs", [1, 3])
def test_simpy_workerpool_counts(gomaxprocs):
    params, line = TINY["chan_workerpool"]
    res = simpy_chan.run_workerpool(params["W"], params["B"], params["N"], gomaxprocs=gomaxprocs)
    assert simpy_chan.printed(res) == line
    st = res.chan
    assert st.sends == st.recvs == 40  # 20 jobs, 20 results
    assert st.closes == 1 and st.closed_recvs <= 3
    assert res.stats.goroutines_created == 3


def test_workerpool_checksum_closed_form():
    for n in (1, 999, 1000, 1001, 2345):
        assert simpy_chan.workerpool_checksum(n) == sum(j * 3 % 1000 + j for j in range(1, n + 1))


def test_simpy_hchan_ring_and_queues():
    s = simpy_chan.ChanSched()
    c = simpy_chan.Hchan(2)
    g = simpy_chan.G(1, s.env)

    def body():
        for v in (7, 8):
            yield from s.chansend(g, c, v)
        assert (c.qcount, c.sendx, c.recvx) == (2, 0, 0)
        assert (yield from s.chanrecv(g, c)) == (7, True)
        yield from s.chansend(g, c, 9)  # wraps into slot 0
        assert c.buf == [9, 8] and c.sendx == 1 and c.recvx == 1
        yield from s.closechan(g, c)
        assert (yield from s.chanrecv(g, c)) == (8, True)  # buffered values first
        assert (yield from s.chanrecv(g, c)) == (9, True)
        assert (yield from s.chanrecv(g, c)) == (0, False)
        c.check()

    s.env.process(body())
    s.env.run()
    assert s.env.now == 8 * simpy_chan.CHANOP_NS  # 8 channel operations, no park


def test_simpy_send_on_closed_channel_panics():
    s = simpy_chan.ChanSched()
    c = simpy_chan.Hchan(1)
    g = simpy_chan.G(1, s.env)

    def body():
        yield from s.closechan(g, c)
        yield from s.chansend(g, c, 1)

    s.env.process(body())
    with pytest.raises(simpy_chan.PanicError, match="send on closed channel"):
        s.env.run()


# --- the Go programs --------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(TINY))
def test_expected_line_matches_the_harness(name):
    params, line = TINY[name]
    assert bench_chan.SCENARIOS[name].expected(params) == line


@pytest.mark.parametrize("name", sorted(TINY))
def test_program_on_the_model_prints_the_recorded_line(name):
    course = pytest.importorskip("course")
    params, line = TINY[name]
    sc = bench_chan.SCENARIOS[name]
    res = course.compile(sc.source(params), filename=sc.file).run(gomaxprocs=1)
    assert (res.stdout, res.exit_code) == (line, 0), res.stderr


@pytest.mark.skipif(shutil.which("go") is None, reason="go is not installed")
@pytest.mark.parametrize("name", sorted(TINY))
def test_program_on_real_go_prints_the_recorded_line(name, tmp_path):
    params, line = TINY[name]
    sc = bench_chan.SCENARIOS[name]
    src = tmp_path / sc.file
    src.write_text(sc.source(params))
    out = subprocess.run(["go", "run", str(src)], capture_output=True, text=True, timeout=300,
                         env={**__import__("os").environ, "GOMAXPROCS": "1"})
    assert (out.stdout, out.returncode) == (line, 0), out.stderr
