"""Go's channel and select tests (``runtime/chan_test.go``, go1.19.8), ported as Go programs
that run on the model.

Each test is the Go test's body written in the course's Go subset and compiled with
``course.compile``. The subset has no ``sync``, ``testing``, slices or maps, so

* ``t.Fatalf``/``t.Errorf`` become ``fmt.Println("FAIL ...")`` and the Python side requires
  the exact expected stdout (usually ``PASS``) and exit code 0 (a deadlock or panic fails);
* ``sync.WaitGroup`` / ``sync.Mutex`` used as "wait until done" become a channel receive;
* maps and slices of received values become printed lines that Python counts, or sums;
* ``runtime.GOMAXPROCS(n)`` of the Go test becomes ``run(gomaxprocs=n)``; we also run with 1.

Where the Go test is sized for real hardware (200 capacities, 271828 items) we scale it down
and say so; the structure and the assertion are Go's. Randomness (select's poll order, the
steal order) depends on the seed, so the tests run several seeds.

Ported (the Go test → the tests here):
  * TestChan                    → test_TestChan_* (one per block of the Go test)
  * TestNonblockRecvRace        → test_TestNonblockRecvRace
  * TestNonblockSelectRace(2)   → test_TestNonblockSelectRace, test_TestNonblockSelectRace2
  * TestSelfSelect              → test_TestSelfSelect
  * TestSelectFairness          → test_TestSelectFairness
  * TestPseudoRandomSend        → test_TestPseudoRandomSend
  * TestMultiConsumer           → test_TestMultiConsumer
  * TestSelectDuplicateChannel  → test_TestSelectDuplicateChannel
  * TestSelectStress            → test_TestSelectStress
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

import pytest

import course
from course.traceev import EV_CHANSEND

N_CAPS = 20  # TestChan loops chanCap over 0..199; 0..19 as with -short
SEEDS = (0, 1, 2)


@lru_cache(maxsize=None)
def _compile(src: str):
    return course.compile(src, "chan_test.go")


def run_go(src: str, *, procs: int, seed: int = 0, trace: bool = False, **kw):
    """Compile (once) and run; the run must end normally (no deadlock, panic or budget)."""
    res = _compile(src).run(gomaxprocs=procs, seed=seed, trace=trace, **kw)
    assert res.stopped == "exit", (res.stopped, res.stderr[:2000])
    assert res.exit_code == 0, res.stderr[:2000]
    assert res.stderr == ""
    return res


def _prog(body: str, *, imports=("fmt",), funcs: str = "") -> str:
    imps = "\n".join(f'\t"{i}"' for i in imports)
    return f"package main\n\nimport (\n{imps}\n)\n\n{funcs}func main() {{\n{body}\n}}\n"


# ---- TestChan, block by block ------------------------------------------------------------------
TESTCHAN_RECV_EMPTY_BLOCKS = _prog(f"""
	for chanCap := 0; chanCap < {N_CAPS}; chanCap++ {{
		// Ensure that receive from empty chan blocks.
		c := make(chan int, chanCap)
		recv1 := false
		go func() {{
			_ = <-c
			recv1 = true
		}}()
		recv2 := false
		go func() {{
			_, _ = <-c
			recv2 = true
		}}()
		time.Sleep(time.Millisecond)
		if recv1 || recv2 {{
			fmt.Println("FAIL chan", chanCap, ": receive from empty chan")
		}}
		// Ensure that non-blocking receive does not block.
		select {{
		case _ = <-c:
			fmt.Println("FAIL chan", chanCap, ": receive from empty chan (select)")
		default:
		}}
		select {{
		case _, _ = <-c:
			fmt.Println("FAIL chan", chanCap, ": receive from empty chan (select, ok)")
		default:
		}}
		c <- 0
		c <- 0
		// (not in Go's test) the two sends did wake both receivers
		time.Sleep(time.Millisecond)
		if !recv1 || !recv2 {{
			fmt.Println("FAIL chan", chanCap, ": receivers not woken", recv1, recv2)
		}}
	}}
	fmt.Println("PASS")""", imports=("fmt", "time"))

TESTCHAN_SEND_FULL_BLOCKS = _prog(f"""
	for chanCap := 0; chanCap < {N_CAPS}; chanCap++ {{
		// Ensure that send to full chan blocks.
		c := make(chan int, chanCap)
		for i := 0; i < chanCap; i++ {{
			c <- i
		}}
		sent := 0
		go func() {{
			c <- 0
			sent = 1
		}}()
		time.Sleep(time.Millisecond)
		if sent != 0 {{
			fmt.Println("FAIL chan", chanCap, ": send to full chan")
		}}
		// Ensure that non-blocking send does not block.
		select {{
		case c <- 0:
			fmt.Println("FAIL chan", chanCap, ": send to full chan (select)")
		default:
		}}
		<-c
	}}
	fmt.Println("PASS")""", imports=("fmt", "time"))

TESTCHAN_CLOSED_DRAINS = _prog(f"""
	for chanCap := 0; chanCap < {N_CAPS}; chanCap++ {{
		// Ensure that we receive 0 from closed chan.
		c := make(chan int, chanCap)
		for i := 0; i < chanCap; i++ {{
			c <- i
		}}
		close(c)
		for i := 0; i < chanCap; i++ {{
			v := <-c
			if v != i {{
				fmt.Println("FAIL chan", chanCap, ": received", v, "expected", i)
			}}
		}}
		if v := <-c; v != 0 {{
			fmt.Println("FAIL chan", chanCap, ": received", v, "expected 0")
		}}
		if v, ok := <-c; v != 0 || ok {{
			fmt.Println("FAIL chan", chanCap, ": received", v, ok, "expected 0 false")
		}}
	}}
	fmt.Println("PASS")""")

TESTCHAN_CLOSE_UNBLOCKS = _prog(f"""
	for chanCap := 0; chanCap < {N_CAPS}; chanCap++ {{
		// Ensure that close unblocks receive.
		c := make(chan int, chanCap)
		done := make(chan bool)
		go func() {{
			v, ok := <-c
			done <- v == 0 && ok == false
		}}()
		time.Sleep(time.Millisecond)
		close(c)
		if !<-done {{
			fmt.Println("FAIL chan", chanCap, ": received non zero from closed chan")
		}}
	}}
	fmt.Println("PASS")""", imports=("fmt", "time"))

TESTCHAN_FIFO = _prog(f"""
	for chanCap := 0; chanCap < {N_CAPS}; chanCap++ {{
		// Send 100 integers,
		// ensure that we receive them non-corrupted in FIFO order.
		c := make(chan int, chanCap)
		go func() {{
			for i := 0; i < 100; i++ {{
				c <- i
			}}
		}}()
		for i := 0; i < 100; i++ {{
			v := <-c
			if v != i {{
				fmt.Println("FAIL chan", chanCap, ": received", v, "expected", i)
			}}
		}}
		// Same, but using recv2.
		go func() {{
			for i := 0; i < 100; i++ {{
				c <- i
			}}
		}}()
		for i := 0; i < 100; i++ {{
			v, ok := <-c
			if !ok {{
				fmt.Println("FAIL chan", chanCap, ": receive failed, expected", i)
			}}
			if v != i {{
				fmt.Println("FAIL chan", chanCap, ": received", v, "expected", i)
			}}
		}}
	}}
	fmt.Println("PASS")""")

# Go's receivers count values in a map[int]int and main merges the maps; here each receiver
# prints "cap value" and Python counts (every value 0..L-1 exactly P times, per capacity).
TESTCHAN_L = 1000
TESTCHAN_MANY = _prog(f"""
	for chanCap := 0; chanCap < {N_CAPS}; chanCap++ {{
		c := make(chan int, chanCap)
		// Send 1000 integers in 4 goroutines,
		// ensure that we receive what we send.
		const P = 4
		const L = {TESTCHAN_L}
		for p := 0; p < P; p++ {{
			go func() {{
				for i := 0; i < L; i++ {{
					c <- i
				}}
			}}()
		}}
		done := make(chan int)
		for p := 0; p < P; p++ {{
			go func() {{
				n := 0
				for i := 0; i < L; i++ {{
					v := <-c
					fmt.Println(chanCap, v)
					n++
				}}
				done <- n
			}}()
		}}
		total := 0
		for p := 0; p < P; p++ {{
			total += <-done
		}}
		if total != P*L {{
			fmt.Println("FAIL chan", chanCap, ": received", total, "values")
		}}
	}}
	fmt.Println("PASS")""")

TESTCHAN_LEN_CAP = _prog(f"""
	for chanCap := 0; chanCap < {N_CAPS}; chanCap++ {{
		// Test len/cap.
		c := make(chan int, chanCap)
		if len(c) != 0 || cap(c) != chanCap {{
			fmt.Println("FAIL chan", chanCap, ": bad len/cap, expect", 0, chanCap, "got", len(c), cap(c))
		}}
		for i := 0; i < chanCap; i++ {{
			c <- i
		}}
		if len(c) != chanCap || cap(c) != chanCap {{
			fmt.Println("FAIL chan", chanCap, ": bad len/cap, expect", chanCap, chanCap, "got", len(c), cap(c))
		}}
	}}
	fmt.Println("PASS")""")


@pytest.mark.parametrize("procs", [4, 1])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestChan_receive_from_empty_chan_blocks(procs, seed):
    """TestChan (chan_test.go), first block: for every capacity a receive (``<-c`` and
    ``_, _ = <-c``) on an empty channel is still blocked after main sleeps 1ms, and the
    select-with-default receive takes the default. Also: the two sends then wake both."""
    assert run_go(TESTCHAN_RECV_EMPTY_BLOCKS, procs=procs, seed=seed).stdout == "PASS\n"


@pytest.mark.parametrize("procs", [4, 1])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestChan_send_to_full_chan_blocks(procs, seed):
    """TestChan, second block: a send to a full channel (cap values already in it; for cap 0
    no receiver) is still blocked after 1ms, and a select-with-default send takes the default."""
    assert run_go(TESTCHAN_SEND_FULL_BLOCKS, procs=procs, seed=seed).stdout == "PASS\n"


@pytest.mark.parametrize("procs", [4, 1])
def test_TestChan_closed_chan_drains_then_zero(procs):
    """TestChan, third block: after close the cap buffered values 0..cap-1 are received in
    order, then 0, then (0, false)."""
    assert run_go(TESTCHAN_CLOSED_DRAINS, procs=procs).stdout == "PASS\n"


@pytest.mark.parametrize("procs", [4, 1])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestChan_close_unblocks_receive(procs, seed):
    """TestChan, fourth block: close wakes a receiver blocked on an empty channel with
    (0, false)."""
    assert run_go(TESTCHAN_CLOSE_UNBLOCKS, procs=procs, seed=seed).stdout == "PASS\n"


@pytest.mark.parametrize("procs", [4, 1])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestChan_fifo_100_ints(procs, seed):
    """TestChan, fifth block (first half): 100 ints from one sender arrive in FIFO order,
    received with ``<-c`` and again with ``v, ok := <-c`` (ok always true)."""
    assert run_go(TESTCHAN_FIFO, procs=procs, seed=seed).stdout == "PASS\n"


@pytest.mark.parametrize("procs,seed", [(4, 0), (4, 1), (1, 2)])
def test_TestChan_4_senders_4_receivers_each_value_4_times(procs, seed):
    """TestChan, fifth block (second half): 4 senders each send 0..999, 4 receivers each take
    1000; every value is received exactly 4 times (Go merges per-receiver maps; we print the
    values and count them in Python), for every capacity."""
    out = run_go(TESTCHAN_MANY, procs=procs, seed=seed).stdout.splitlines()
    assert out[-1] == "PASS"
    counts: dict[int, Counter] = {cap: Counter() for cap in range(N_CAPS)}
    for line in out[:-1]:
        cap, v = map(int, line.split())
        counts[cap][v] += 1
    for cap in range(N_CAPS):
        assert len(counts[cap]) == TESTCHAN_L, f"chan[{cap}]: received {len(counts[cap])} distinct values"
        bad = {v: n for v, n in counts[cap].items() if n != 4 or not 0 <= v < TESTCHAN_L}
        assert not bad, f"chan[{cap}]: values not received exactly 4 times: {dict(list(bad.items())[:10])}"


@pytest.mark.parametrize("procs", [4, 1])
def test_TestChan_len_cap(procs):
    """TestChan, last block: len(c)==0, cap(c)==chanCap when empty; both chanCap when full."""
    assert run_go(TESTCHAN_LEN_CAP, procs=procs).stdout == "PASS\n"


# ---- TestNonblockRecvRace, TestNonblockSelectRace(2) -------------------------------------------
NONBLOCK_RECV_RACE = _prog("""
	n := 1000
	for i := 0; i < n; i++ {
		c := make(chan int, 1)
		c <- 1
		go func() {
			select {
			case <-c:
			default:
				fmt.Println("FAIL chan is not ready")
			}
		}()
		close(c)
		<-c
	}
	time.Sleep(time.Millisecond) // the last goroutines get to run (Go's t.Error may come late too)
	fmt.Println("PASS")""", imports=("fmt", "time"))


@pytest.mark.parametrize("procs", [4, 2, 1])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestNonblockRecvRace(procs, seed):
    """TestNonblockRecvRace: a non-blocking receive (select with default) on a closed cap-1
    channel, whose value main may or may not have taken yet, must never take the default
    (1000 iterations; Go: 10000, 100 with -short)."""
    assert run_go(NONBLOCK_RECV_RACE, procs=procs, seed=seed).stdout == "PASS\n"


def _nonblock_select_race(make_ready_c2: str, c2cap: str) -> str:
    return _prog(f"""
	n := 1000
	done := make(chan bool, 1)
	for i := 0; i < n; i++ {{
		c1 := make(chan int, 1)
		c2 := make(chan int{c2cap})
		c1 <- 1
		go func() {{
			select {{
			case <-c1:
			case <-c2:
			default:
				done <- false
				return
			}}
			done <- true
		}}()
		{make_ready_c2}
		select {{
		case <-c1:
		default:
		}}
		if !<-done {{
			fmt.Println("FAIL no chan is ready")
			return
		}}
	}}
	fmt.Println("PASS")""")


NONBLOCK_SELECT_RACE = _nonblock_select_race("c2 <- 1", ", 1")
NONBLOCK_SELECT_RACE2 = _nonblock_select_race("close(c2)", "")


@pytest.mark.parametrize("procs", [4, 1])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestNonblockSelectRace(procs, seed):
    """TestNonblockSelectRace: select acts on the channels' state at one moment: c1 or c2 is
    always ready (c2 filled before c1 is drained), so a select with default over both must
    never take the default (1000 iterations; Go: 100000, 1000 with -short)."""
    assert run_go(NONBLOCK_SELECT_RACE, procs=procs, seed=seed).stdout == "PASS\n"


@pytest.mark.parametrize("procs", [4, 1])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestNonblockSelectRace2(procs, seed):
    """TestNonblockSelectRace2: as TestNonblockSelectRace with close(c2) instead of c2 <- 1
    (a closed channel is always ready to receive)."""
    assert run_go(NONBLOCK_SELECT_RACE2, procs=procs, seed=seed).stdout == "PASS\n"


# ---- TestSelfSelect ------------------------------------------------------------------------------
def _self_select(chan_cap: int) -> str:
    return _prog(f"""
	chanCap := {chan_cap}
	wg := make(chan bool) // sync.WaitGroup of 2
	c := make(chan int, chanCap)
	for p := 0; p < 2; p++ {{
		p := p
		go func() {{
			defer func() {{ wg <- true }}()
			for i := 0; i < 1000; i++ {{
				if p == 0 || i%2 == 0 {{
					select {{
					case c <- p:
					case v := <-c:
						if chanCap == 0 && v == p {{
							fmt.Println("FAIL self receive")
							return
						}}
					}}
				}} else {{
					select {{
					case v := <-c:
						if chanCap == 0 && v == p {{
							fmt.Println("FAIL self receive")
							return
						}}
					case c <- p:
					}}
				}}
			}}
		}}()
	}}
	<-wg
	<-wg
	fmt.Println("PASS")""")


@pytest.mark.parametrize("chan_cap", [0, 10])
@pytest.mark.parametrize("procs", [2, 1, 4])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestSelfSelect(chan_cap, procs, seed):
    """TestSelfSelect: two goroutines each run 1000 selects that both send and receive on the
    same channel (cap 0 and 10; Go runs it with GOMAXPROCS 2). No crash, no deadlock, and with
    cap 0 a goroutine never receives its own value (its own sudogs on sendq and recvq of one
    channel must not meet)."""
    src = _self_select(chan_cap)
    try:
        res = run_go(src, procs=procs, seed=seed)
    except AssertionError:
        pytest.fail("deadlock/panic:\n" + _compile(src).run(gomaxprocs=procs, seed=seed, trace=False).stderr[:1500])
    assert res.stdout == "PASS\n"


# ---- TestSelectFairness --------------------------------------------------------------------------
FAIRNESS_TRIALS = 10000
SELECT_FAIRNESS = _prog(f"""
	const trials = {FAIRNESS_TRIALS}
	c1 := make(chan byte, trials+1)
	c2 := make(chan byte, trials+1)
	for i := 0; i < trials+1; i++ {{
		c1 <- 1
		c2 <- 2
	}}
	c3 := make(chan byte)
	c4 := make(chan byte)
	out := make(chan byte)
	done := make(chan byte)
	wg := make(chan bool) // sync.WaitGroup of 1
	go func() {{
		defer func() {{ wg <- true }}()
		for {{
			var b byte
			select {{
			case b = <-c3:
			case b = <-c4:
			case b = <-c1:
			case b = <-c2:
			}}
			select {{
			case out <- b:
			case <-done:
				return
			}}
		}}
	}}()
	cnt1, cnt2 := 0, 0
	for i := 0; i < trials; i++ {{
		switch b := <-out; b {{
		case 1:
			cnt1++
		case 2:
			cnt2++
		default:
			fmt.Println("FAIL unexpected value on channel", b)
		}}
	}}
	fmt.Println(cnt1, cnt2)
	close(done)
	<-wg""")


@pytest.mark.parametrize("procs,seed", [(4, 0), (4, 1), (1, 2), (2, 3)])
def test_TestSelectFairness(procs, seed):
    """TestSelectFairness: a select over c3, c4 (never ready) and c1, c2 (always ready) picks
    c1 about half the time: |cnt1/trials - 0.5| <= 4.891676 / (2*sqrt(trials)) (six nines),
    10000 trials as in Go; then close(done) ends the goroutine."""
    out = run_go(SELECT_FAIRNESS, procs=procs, seed=seed).stdout
    cnt1, cnt2 = map(int, out.split())
    assert cnt1 + cnt2 == FAIRNESS_TRIALS
    e = abs(cnt1 / FAIRNESS_TRIALS - 0.5)
    assert e <= 4.891676 / (2 * math.sqrt(FAIRNESS_TRIALS)), f"unfair select: {cnt1}, {cnt2}"


# ---- TestPseudoRandomSend ------------------------------------------------------------------------
def _pseudo_random_send(chan_cap: int) -> str:
    # Go stores the received values in l[i] and counts after m.Lock(); here the receiver counts
    # as it goes and hands the counts over on a channel (the Mutex used as a "done" signal).
    return _prog(f"""
	n := 100
	c := make(chan int, {chan_cap})
	res := make(chan int)
	go func() {{
		n0, n1 := 0, 0
		for i := 0; i < n; i++ {{
			runtime.Gosched()
			v := <-c
			n0 += (v + 1) % 2
			n1 += v
		}}
		res <- n0
		res <- n1
	}}()
	for i := 0; i < n; i++ {{
		select {{
		case c <- 1:
		case c <- 0:
		}}
	}}
	n0 := <-res
	n1 := <-res
	fmt.Println(n0, n1)""", imports=("fmt", "runtime"))


@pytest.mark.parametrize("chan_cap", [0, 100])
@pytest.mark.parametrize("procs", [1, 4])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestPseudoRandomSend(chan_cap, procs, seed):
    """TestPseudoRandomSend: 100 selects over {c <- 1; c <- 0} (cap 0 and 100) send both
    values: more than n/10 zeros and more than n/10 ones."""
    n0, n1 = map(int, run_go(_pseudo_random_send(chan_cap), procs=procs, seed=seed).stdout.split())
    assert n0 + n1 == 100
    assert n0 > 10 and n1 > 10, f"want pseudorandom, got {n0} zeros and {n1} ones"


# ---- TestMultiConsumer ---------------------------------------------------------------------------
MC_NWORK = 23
MC_NITER = 271828  # as in Go
MC_PN = [2, 3, 7, 11, 13, 17, 19, 23, 27, 31]
MULTI_CONSUMER = _prog(f"""
	const nwork = {MC_NWORK}
	const niter = {MC_NITER}

	q := make(chan int, nwork*3)
	r := make(chan int, nwork*3)

	// workers
	wg := make(chan bool, nwork) // sync.WaitGroup
	for i := 0; i < nwork; i++ {{
		go func(w int) {{
			for v := range q {{
				// mess with the fifo-ish nature of range
				if pn(w%10) == v {{
					runtime.Gosched()
				}}
				r <- v
			}}
			wg <- true
		}}(i)
	}}

	// feeder & closer
	expect := 0
	go func() {{
		for i := 0; i < niter; i++ {{
			v := pn(i % 10)
			expect += v
			q <- v
		}}
		close(q) // no more work
		for i := 0; i < nwork; i++ {{
			<-wg // workers done
		}}
		close(r) // ... so there can be no more results
	}}()

	// consume & check
	n := 0
	s := 0
	for v := range r {{
		n++
		s += v
	}}
	if n != niter || s != expect {{
		fmt.Println("FAIL Expected sum", expect, "got", s, "from", niter, "iter, saw", n)
	}}
	fmt.Println(n, s)""", imports=("fmt", "runtime"), funcs="""// pn[i] of Go's test (no slices in the subset)
func pn(i int) int {
	switch i {
	case 0:
		return 2
	case 1:
		return 3
	case 2:
		return 7
	case 3:
		return 11
	case 4:
		return 13
	case 5:
		return 17
	case 6:
		return 19
	case 7:
		return 23
	case 8:
		return 27
	}
	return 31
}

""")


@pytest.mark.parametrize("procs,seed", [(4, 0), (4, 1), (1, 0), (2, 2)])
def test_TestMultiConsumer(procs, seed):
    """TestMultiConsumer: a feeder sends niter values (cycling Go's pn table) through q to 23
    workers (range q, a Gosched on their own prime) that forward them on r; the feeder closes
    q, waits for the workers, closes r; main's count and sum over range r match (271828 items, as
    in Go)."""
    out = run_go(MULTI_CONSUMER, procs=procs, seed=seed).stdout
    expect = sum(MC_PN[i % 10] for i in range(MC_NITER))
    assert out == f"{MC_NITER} {expect}\n"


# ---- TestSelectDuplicateChannel -----------------------------------------------------------------
SELECT_DUPLICATE_CHANNEL = _prog("""
	// This test makes sure we can queue a G on
	// the same channel multiple times.
	c := make(chan int)
	d := make(chan int)
	e := make(chan int)

	// goroutine A
	go func() {
		select {
		case <-c:
		case <-c:
		case <-d:
		}
		e <- 9
	}()
	time.Sleep(time.Millisecond) // make sure goroutine A gets queued first on c

	// goroutine B
	go func() {
		<-c
	}()
	time.Sleep(time.Millisecond) // make sure goroutine B gets queued on c before continuing

	d <- 7 // wake up A, it dequeues itself from c.  This operation used to corrupt c.recvq.
	<-e    // A tells us it's done
	c <- 8 // wake up B.  This operation used to fail because c.recvq was corrupted (it tries to wake up an already running G instead of B)
	fmt.Println("PASS")""", imports=("fmt", "time"))


@pytest.mark.parametrize("procs", [1, 2, 4])
@pytest.mark.parametrize("seed", SEEDS)
def test_TestSelectDuplicateChannel(procs, seed):
    """TestSelectDuplicateChannel: goroutine A's select has two cases on c (so two sudogs of A
    on c.recvq), then B queues on c; d <- 7 wakes A, whose pass 3 must take both its sudogs off
    c.recvq without corrupting it, so c <- 8 hands 8 to B. Beyond Go's "does not hang/crash"
    we check the queues in the trace: c.recvq was [A, A, B], then [B], and the 8 went to B."""
    res = run_go(SELECT_DUPLICATE_CHANNEL, procs=procs, seed=seed, trace=True)
    assert res.stdout == "PASS\n"
    tr = res.trace
    c = 0  # the first make
    seen = []
    for i in range(len(tr) + 1):
        q = tr.state_at(i).chans.get(c)
        if q is not None and (not seen or seen[-1] != q.recvq):
            seen.append(list(q.recvq))
    a_b = next(q for q in seen if len(q) == 3)
    a, b = a_b[0], a_b[2]
    assert a_b == [a, a, b] and a != b, seen
    assert seen[seen.index(a_b) + 1:] == [[b], []], seen
    sends = [e for e in tr if e.kind == "CHANSEND" and e.a == c]
    assert len(sends) == 1 and sends[0].b == 8 and sends[0].c == b


# ---- TestSelectStress ---------------------------------------------------------------------------
SELECT_STRESS_N = 10000  # Go: 1e5, 1e4 with -short
SELECT_STRESS = _prog(f"""
	// Go keeps the channels in an array c [4]chan int; the subset has none, so c0..c3.
	c0 := make(chan int)
	c1 := make(chan int)
	c2 := make(chan int, 2)
	c3 := make(chan int, 3)
	N := {SELECT_STRESS_N}
	// There are 4 goroutines that send N values on each of the chans,
	// + 4 goroutines that receive N values on each of the chans,
	// + 1 goroutine that sends N values on each of the chans in a single select,
	// + 1 goroutine that receives N values on each of the chans in a single select.
	// All these sends, receives and selects interact chaotically at runtime,
	// but we are careful that this whole construct does not deadlock.
	wg := make(chan bool, 10) // sync.WaitGroup of 10
	pair := func(c chan int) {{
		go func() {{
			for i := 0; i < N; i++ {{
				c <- 0
			}}
			wg <- true
		}}()
		go func() {{
			for i := 0; i < N; i++ {{
				<-c
			}}
			wg <- true
		}}()
	}}
	pair(c0)
	pair(c1)
	pair(c2)
	pair(c3)
	go func() {{
		n0, n1, n2, n3 := 0, 0, 0, 0
		d0, d1, d2, d3 := c0, c1, c2, c3
		for i := 0; i < 4*N; i++ {{
			select {{
			case d3 <- 0:
				n3++
				if n3 == N {{
					d3 = nil
				}}
			case d2 <- 0:
				n2++
				if n2 == N {{
					d2 = nil
				}}
			case d0 <- 0:
				n0++
				if n0 == N {{
					d0 = nil
				}}
			case d1 <- 0:
				n1++
				if n1 == N {{
					d1 = nil
				}}
			}}
		}}
		wg <- true
	}}()
	go func() {{
		n0, n1, n2, n3 := 0, 0, 0, 0
		d0, d1, d2, d3 := c0, c1, c2, c3
		for i := 0; i < 4*N; i++ {{
			select {{
			case <-d0:
				n0++
				if n0 == N {{
					d0 = nil
				}}
			case <-d1:
				n1++
				if n1 == N {{
					d1 = nil
				}}
			case <-d2:
				n2++
				if n2 == N {{
					d2 = nil
				}}
			case <-d3:
				n3++
				if n3 == N {{
					d3 = nil
				}}
			}}
		}}
		wg <- true
	}}()
	for i := 0; i < 10; i++ {{
		<-wg
	}}
	fmt.Println("PASS", len(c0), len(c1), len(c2), len(c3))""")


@pytest.mark.parametrize("procs,seed", [(10, 0), (4, 1), (1, 2)])
def test_TestSelectStress(procs, seed):
    """TestSelectStress (Go runs it with GOMAXPROCS 10): on 4 channels (cap 0, 0, 2, 3), 4
    plain senders and 4 plain receivers of N values each, plus one select sending N on each
    channel and one select receiving N from each (a finished case's channel set to nil, so it
    is never chosen again): the whole construct must not deadlock, and every channel ends empty
    (N = 10000, as with -short)."""
    assert run_go(SELECT_STRESS, procs=procs, seed=seed).stdout == "PASS 0 0 0 0\n"


def test_ports_use_the_trace_kinds_they_name():
    """(guard) the CHANSEND kind name used above is the one the trace reports."""
    from course.traceev import EV_NAMES

    assert EV_NAMES[EV_CHANSEND] == "CHANSEND"
