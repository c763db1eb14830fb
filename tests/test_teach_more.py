"""course.teach_more (chapters 6-9): every predict-question's answer is what a model computes,
and every self-check fails on a wrong answer and passes on a right one.

The answers are recomputed here independently of the generators: chapter 6's by running the
question's program again on the simulated runtime, chapter 7's by running the schedule on
course.gc.tricolor, chapter 8's from Go's formulas (mgcpacer.go's commit and memoryLimitHeapGoal)
and by running the cost model again, chapter 9's by running the pool again and reading its
output and its simulated time. The right answers to the exercises are written from Go's rules
(Add before go; the schedule Go's hybrid barrier was made for; a memory limit under the budget;
a fanned-out stage closed once by a WaitGroup's waiter), not copied from the model's output.
"""
from __future__ import annotations

import re

import pytest

import course
import course.teach_more as more
from course import teach
from course.gc import costmodel, tricolor

CHAPTERS = ["ch6", "ch7", "ch8", "ch9"]
SEEDS = range(3)
MiB = 1 << 20


def _names():
    return [n for n in teach.questions() if n.split(".")[0] in CHAPTERS]


# ---- predict questions -------------------------------------------------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_predict_questions(chapter):
    assert teach.questions(chapter), f"{chapter} has no question generator"


def _recompute(q):
    """The answer to ``q``, computed again from its program, without the generator."""
    if q.name == "ch6.order":
        res = teach.run(q.program, gomaxprocs=1, seed=0)
        return res.stdout.split()
    if q.name == "ch6.mode":
        res = teach.run(q.program, gomaxprocs=1, seed=0)
        starving = any(e.kind == "MUTEX" and "→ starving" in e.reason for e in res.trace)
        return more.MODES[1] if starving else more.MODES[0]
    if q.name == "ch7.lost":
        heap = next(h for h in more._CH7_HEAPS.values()
                    if all(f"{o}.f → {f['f'] or 'nil'}" in q.program for o, f in h["objects"].items()))
        schedule = [l for l in q.program.splitlines() if re.match(r"(gc|g1): ", l) and "(" not in l.split(":")[1][:3]]
        schedule = [l for l in schedule if not l.startswith("gc: (")]
        m = tricolor.Model(heap["objects"], heap["stacks"], heap["globals"], barrier=q.run_args["barrier"])
        for line in schedule:
            m.step(line)
        while m.phase == "mark":
            moves = m.gc_moves()
            m.step("gc: " + ("finish" if "finish" in moves else moves[0]))
        lost = [v.obj for e in m.events for v in e.violations]
        return lost[0] if lost else "none"
    if q.name == "ch8.goal":
        marked = int(re.search(r"marked (\d+) MiB", q.program).group(1))
        stacks = int(re.search(r"stacks are (\d+) MiB", q.program).group(1))
        other = int(re.search(r"uses (\d+) MiB that is not heap", q.program).group(1))
        gogc = re.search(r"GOGC=(\w+)", q.program).group(1)
        lim = re.search(r"GOMEMLIMIT=(\d+)MiB", q.program)
        goals = []
        if gogc != "off":  # mgcpacer.go commit: heapMarked + (heapMarked + stacks + globals) * GOGC/100
            goals.append((marked * MiB + (marked + stacks) * MiB * int(gogc) // 100))
        if lim:  # memoryLimitHeapGoal (1.19): limit - non-heap - 1 MiB headroom, at least heapMarked
            goals.append(max(int(lim.group(1)) * MiB - other * MiB - MiB, marked * MiB))
        return min(goals) >> 20
    if q.name == "ch8.cycles":
        live = int(re.search(r"with (\d+) MiB of live heap", q.program).group(1))
        rate = int(re.search(r"allocating (\d+) MiB/s", q.program).group(1))
        secs = float(re.search(r"for ([\d.]+) s", q.program).group(1))
        gogc = int(re.search(r"GOGC=(\d+)", q.program).group(1))
        r = costmodel.simulate([costmodel.Phase(secs, rate, 8192.0, 0.0, 0.0)], gogc, initial_live=live, gomaxprocs=8)
        return str(r.cycles)
    if q.name == "ch9.outcome":
        res = teach.run(q.program, gomaxprocs=2, seed=0)
        return more.OUTCOMES[1] if "all goroutines are asleep - deadlock!" in res.stderr else \
            more.OUTCOMES[0] if re.fullmatch(r"sum \d+\n", res.stdout) else res.stderr
    if q.name == "ch9.time":
        res = teach.run(q.program, gomaxprocs=1, seed=0)
        start = min(e.time for e in res.trace if e.kind == "GOCREATE" and e.g > 1 and not e.c)
        return round((res.sim_time_ns - start) / 1e6)
    raise AssertionError(f"no recomputation for {q.name}")


@pytest.mark.parametrize("name", _names())
@pytest.mark.parametrize("seed", SEEDS)
def test_question_answer_is_what_the_model_computes(name, seed):
    q = teach.question(name, seed)
    assert q.name == name and q.seed == seed
    assert q.program and q.prompt and q.explanation
    assert q.check(q.answer) and q.check(q.answer_text())
    if q.kind in ("choice", "multi"):
        assert set([q.answer] if q.kind == "choice" else q.answer) <= set(q.choices)
    got = _recompute(q)
    assert q.parse(got) == q.parse(q.answer), (got, q.answer)


@pytest.mark.parametrize("name", _names())
def test_question_rejects_a_wrong_answer(name):
    q = teach.question(name, 0)
    wrong = {"sequence": lambda: list(reversed(q.answer)) + ["x"], "int": lambda: q.answer + 1,
             "choice": lambda: next(c for c in q.choices if c != q.answer)}[q.kind]()
    assert not q.check(wrong)


@pytest.mark.parametrize("name", _names())
def test_same_seed_same_question_and_seeds_differ(name):
    a, b = teach.question(name, 5), teach.question(name, 5)
    assert (a.program, a.answer) == (b.program, b.answer)
    programs = {teach.question(name, s).program for s in range(6)}
    assert len(programs) > 1, "another seed should give another question"


def test_questions_cover_both_outcomes():
    # starvation mode happens in some programs and not in others; barriers lose objects or not
    assert {teach.question("ch6.mode", s).answer for s in range(4)} == set(more.MODES)
    assert {teach.question("ch7.lost", s).answer == "none" for s in range(4)} == {True, False}
    # the hybrid barrier never loses an object in any generated question
    for s in range(12):
        q = teach.question("ch7.lost", s)
        if q.run_args["barrier"] == "hybrid":
            assert q.answer == "none"


def test_ch9_outcome_follows_the_buffer_rule():
    # main waits before it reads: the pool finishes iff every result fits in results' buffer
    # (or a separate goroutine does the waiting); the model's answer must say the same
    seen = set()
    for s in range(12):
        q = teach.question("ch9.outcome", s)
        jobs = int(re.search(r"j <= (\d+)", q.program).group(1))
        cap = re.search(r"results := make\(chan int(?:, (\d+))?\)", q.program).group(1)
        collector = "go func() {\n\t\twg.Wait()" in q.program
        fits = collector or (cap is not None and int(cap) >= jobs)
        assert q.answer == more.OUTCOMES[0 if fits else 1], (s, jobs, cap, collector)
        seen.add(q.answer)
    assert seen == set(more.OUTCOMES)


def test_ch9_time_is_rounds_of_sleeps():
    # sleeping workers need no P: J jobs of S ms on W workers take ceil(J/W) * S ms even at GOMAXPROCS=1
    for s in range(6):
        q = teach.question("ch9.time", s)
        jobs = int(re.search(r"j <= (\d+)", q.program).group(1))
        workers = int(re.search(r"w < (\d+)", q.program).group(1))
        ms = int(re.search(r"time.Sleep\((\d+) \* time.Millisecond\)", q.program).group(1))
        assert q.answer == -(-jobs // workers) * ms, (s, jobs, workers, ms, q.answer)


def test_heap_goal_is_go_1_19s():
    # go1.19.8, a quiescent heap after runtime.GC() (go-runtime-facts §49): the 4 MiB minimum scales with GOGC
    assert more.heap_goal(0, 100)["goal"] == 4 * MiB
    assert more.heap_goal(0, 50)["goal"] == 2 * MiB
    assert more.heap_goal(0, 200)["goal"] == 8 * MiB
    assert more.heap_goal(32, 100)["goal"] == 64 * MiB
    # the memory limit's goal (1.19: 1 MiB headroom), and the smaller goal wins
    g = more.heap_goal(64, 100, 120, other_mib=16)
    assert g["limit_goal"] == (120 - 16 - 1) * MiB and g["goal"] == g["limit_goal"] < g["gogc_goal"]
    # mgcpacer.go trigger(): at least 45/64 of the way from the live heap to the goal, at most 61/64
    # of it or goal - 4 MiB, whichever is higher (a new controller has no runway yet: the maximum)
    marked, g = 100 * MiB, more.heap_goal(100, 100)
    assert g["trigger"] == max(marked + (g["goal"] - marked) // 64 * 61, g["goal"] - 4 * MiB)
    assert g["trigger"] >= marked + (g["goal"] - marked) // 64 * 45


def test_gctrace_fields_read_a_go_1_19_line():
    line = ("gc 5 @0.011s 5%: 0.028+1.5+0.004 ms clock, 0.057+0/0.094/0.10+0.008 ms cpu, 68->86->50 MB, 75 MB goal, "
            "0 MB stacks, 0 MB globals, 2 P")
    fields = dict(more.gctrace_fields(line))
    assert "75 MB goal" in fields and "1.5 ms clock" in fields and "2 P" in fields
    assert "50 MB" in fields and "live heap" in fields["50 MB"]
    assert more.gctrace_fields(line + " (forced)")[-1][0] == "(forced)"
    with pytest.raises(ValueError):
        more.gctrace_fields("GC forced")


def test_gctrace_values_are_the_lines_numbers_by_field():
    line = ("gc 5 @0.011s 5%: 0.028+1.5+0.004 ms clock, 0.057+0/0.094/0.10+0.008 ms cpu, 68->86->50 MB, 75 MB goal, "
            "0 MB stacks, 0 MB globals, 2 P")
    v = more.gctrace_values(line)
    assert (v["n"], v["at"], v["pct"]) == (5, 0.011, 5)
    assert (v["stw1"], v["mark"], v["stw2"]) == (0.028, 1.5, 0.004)
    assert (v["cstw1"], v["assist"], v["bg"], v["idle"], v["cstw2"]) == (0.057, 0, 0.094, 0.10, 0.008)
    assert (v["h0"], v["h1"], v["h2"], v["goal"], v["stacks"], v["globals"], v["procs"]) == (68, 86, 50, 75, 0, 0, 2)
    assert v["forced"] is False and more.gctrace_values(line + " (forced)")["forced"] is True
    # Go 1.17's lines print no stacks or globals
    old = more.gctrace_values(line.replace("0 MB stacks, 0 MB globals, ", ""))
    assert "stacks" not in old and "globals" not in old and old["goal"] == 75
    with pytest.raises(ValueError):
        more.gctrace_values("GC forced")


def test_cost_heap_is_data_the_heap_view_draws():
    import course.viz as viz

    wl = [costmodel.Phase(1.0, 200.0, 2048.0, 0.0, 0.0)]
    d = more.cost_heap(wl, 100, initial_live=32)
    w = viz.heap(d)
    assert not w.error, w.error
    assert d["cycles"] > 0 and all(g >= t for g, t in zip(d["goal"], d["trigger"]))
    # what the guide's charts leave out: each concurrent mark, and the GC CPU by kind
    assert len(w.data["marks"]) == d["cycles"] and all(a < b for a, b in w.data["marks"])
    parts = w.data["gc_cpu_parts"]
    assert set(parts) == {"background", "assist", "stw"} and parts["background"] > 0
    assert sum(parts.values()) == pytest.approx(d["gc_cpu"])
    text = w.text()
    assert f"{d['cycles']} concurrent marks" in text and "background mark workers (the 25%)" in text
    w = viz.heap(simulate=lambda g, lim: more.cost_heap(wl, g, lim, initial_live=32), gogc=100)
    w.params = {"gogc": 200, "limit_mib": 60}
    assert not w.error and w.data["limit"] == 60 * MiB


# ---- self-checks -------------------------------------------------------------------------------

WORKERS = """package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for i := 1; i <= 100; i++ {
		go func(v int) {
			wg.Add(1)
			mu.Lock()
			total += v
			mu.Unlock()
			wg.Done()
		}(i)
	}
	wg.Wait()
	fmt.Println("total", total)
}
"""
# sync/waitgroup.go: Adds with a positive delta that start when the counter is zero must happen before a Wait
WORKERS_RIGHT = WORKERS.replace("\t\tgo func(v int) {\n\t\t\twg.Add(1)\n", "\t\twg.Add(1)\n\t\tgo func(v int) {\n")


def test_ch6_check_fails_on_add_inside_the_goroutine_and_says_why():
    r = teach.check("ch6.exercise", WORKERS)
    assert not r and "before the go statement" in r.failures[0]


def test_ch6_check_passes_add_before_go():
    r = teach.check("ch6.exercise", WORKERS_RIGHT)
    assert r, str(r)


def test_ch6_check_explains_a_missing_done_and_a_sleep():
    r = teach.check("ch6.exercise", WORKERS_RIGHT.replace("\t\t\twg.Done()\n", ""))
    assert not r and "deadlock" in r.failures[0] and "Done" in r.failures[0]
    slept = WORKERS_RIGHT.replace('"sync"\n', '"sync"\n\t"time"\n').replace(
        "\twg.Wait()\n", "\twg.Wait()\n\ttime.Sleep(time.Millisecond)\n")
    r = teach.check("ch6.exercise", slept)
    assert not r and "time.Sleep" in r.failures[0]
    assert not teach.check("ch6.exercise", "package main\nfunc main() { x }\n")


# the schedule Go's hybrid barrier was made for: a pointer copied to a scanned (black) stack and
# deleted from the heap before the GC scans the object that held it
CLASSIC = ["gc: start", "gc: scan g1", "g1: x = globals.p", "g1: y = x.f", "g1: x.f = nil"]


def test_ch7_check_passes_the_schedule_that_fools_dijkstra():
    r = teach.check("ch7.exercise", CLASSIC)
    assert r, str(r)
    assert teach.check("ch7.exercise", "\n".join(CLASSIC))  # one step per line works too


def test_ch7_check_fails_a_schedule_that_hides_nothing():
    r = teach.check("ch7.exercise", ["gc: start", "g1: x = globals.p", "g1: y = x.f", "g1: x.f = nil"])
    assert not r and "before the GC scanned its stack" in r.failures[0]
    r = teach.check("ch7.exercise", ["g1: x = globals.p"])
    assert not r and "gc: start" in r.failures[0]
    r = teach.check("ch7.exercise", ["gc: start", "g1: y = q.f"])
    assert not r and "cannot run" in r.failures[0]
    assert not teach.check("ch7.exercise", 42)


def test_ch8_check_fails_gogc_alone_and_says_why():
    r = teach.check("ch8.exercise", lambda: (100, None))
    assert not r and any("burst" in f for f in r.failures)
    r = teach.check("ch8.exercise", lambda: (25, None))  # fits, but spends too much CPU
    assert not r and any("GC CPU" in f for f in r.failures)
    r = teach.check("ch8.exercise", lambda: ("off", more.BUDGET_MIB + 20))
    assert not r and any("above the" in f for f in r.failures)
    assert not teach.check("ch8.exercise", lambda: "lots")


def test_ch8_check_passes_a_limit_under_the_budget():
    # GOGC=off with a limit some way under the budget: the heap uses what the budget allows
    r = teach.check("ch8.exercise", lambda: ("off", more.BUDGET_MIB - 32))
    assert r, str(r)
    assert teach.check("ch8.exercise", lambda: (150, more.BUDGET_MIB - 32))


FETCH = """package main

import (
	"fmt"
	"time"
)

// fetch stands for a call to another service: it takes 1 ms.
func fetch(id int) int {
	time.Sleep(time.Millisecond)
	return id * 10
}

func main() {
	ids := make(chan int)
	go func() {
		for i := 1; i <= 24; i++ {
			ids <- i
		}
		close(ids)
	}()

	pages := make(chan int)
	go func() {
		for id := range ids {
			pages <- fetch(id)
		}
		close(pages)
	}()

	total := 0
	for p := range pages {
		total += p
	}
	fmt.Println("total", total)
}
"""
_ONE_FETCHER = """	go func() {
		for id := range ids {
			pages <- fetch(id)
		}
		close(pages)
	}()
"""
_POOL = """	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			for id := range ids {
				pages <- fetch(id)
			}
			wg.Done()
		}()
	}
"""
_CLOSER = """	go func() {
		wg.Wait()
		close(pages)
	}()
"""
# fan out to four fetchers (24 calls of 1 ms in 6 rounds), close pages once when all are done
FETCH_RIGHT = FETCH.replace(_ONE_FETCHER, _POOL + _CLOSER).replace('"fmt"\n', '"fmt"\n\t"sync"\n')


def test_ch9_check_fails_the_starter_and_says_it_is_too_slow():
    r = teach.check("ch9.exercise", FETCH)
    assert not r and "at most 1 fetch(es) were in flight" in r.failures[0] and "24.0 ms" in r.failures[0]


def test_ch9_check_passes_a_pool_closed_by_a_waiter():
    r = teach.check("ch9.exercise", FETCH_RIGHT)
    assert r, str(r)


def test_ch9_check_explains_deadlock_early_close_leak_and_cheating():
    # main waits for the fetchers before reading: they wait for main
    waits_first = FETCH_RIGHT.replace(_CLOSER, "\twg.Wait()\n\tclose(pages)\n")
    r = teach.check("ch9.exercise", waits_first)
    assert not r and "deadlock" in r.failures[0] and "main.main waits for a semaphore" in r.failures[0]
    # every fetcher closes pages: main's range stops at the first close
    each_closes = FETCH.replace(_ONE_FETCHER, "\tfor w := 0; w < 4; w++ {\n" + _ONE_FETCHER.replace("\n\t", "\n\t\t")
                                .replace("\tgo func", "\t\tgo func", 1) + "\t}\n")
    r = teach.check("ch9.exercise", each_closes)
    assert not r and "close pages once" in r.failures[0].lower()
    # the right total, fast, but a goroutine left blocked on a channel nobody reads
    leaky = FETCH_RIGHT.replace("\ttotal := 0\n", "\tdone := make(chan int)\n\tgo func() {\n\t\tdone <- 1\n\t}()\n"
                                "\ttotal := 0\n")
    r = teach.check("ch9.exercise", leaky)
    assert not r and "leak" in r.failures[0] and "chan send" in r.failures[0]
    # fast because fetch no longer waits: the check counts the calls
    r = teach.check("ch9.exercise", FETCH.replace("\ttime.Sleep(time.Millisecond)\n", "\ttime.Sleep(0)\n"))
    assert not r and "keep fetch as it is" in r.failures[0]
    assert not teach.check("ch9.exercise", "package main\nfunc main() { x }\n")


def test_ch9_helpers_read_the_trace():
    res = teach.run(FETCH_RIGHT, gomaxprocs=1, seed=0)
    assert more.in_flight(res) == 4 and more.leaked(res) == []
    assert 6.0 <= more.elapsed_ms(res) < 6.5
    prof = more.blocking_profile(res)
    assert "main.main.func2 ×4" in prof and "receive from pages" in prof and "send to ids" in prof
    ws = more.waits(res)
    assert sum(1 for w in ws if w["what"] == "sleep") == 24 and all(w["t1"] >= w["t0"] for w in ws if w["t1"])


def test_exercises_are_registered():
    ex = teach.exercises()
    assert {"ch6.exercise", "ch7.exercise", "ch8.exercise", "ch9.exercise"} <= set(ex)
