"""course.teach: every chapter's predict-questions have answers the model computes, and every
self-check fails on a wrong answer and passes on a right one.

The right answers below are written from Go's rules (the functions the chapters teach), not
copied from the model's output: a self-check passes them only because the model agrees.
"""
from __future__ import annotations

import pytest

import course
from course import teach

CHAPTERS = ["ch0", "ch1", "ch2", "ch3", "ch4", "ch5"]
NAMES = [n for c in CHAPTERS for n in teach.questions(c)]  # chapters 6-8: tests/test_teach_more.py
SEEDS = range(3)


# ---- predict questions -------------------------------------------------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_predict_questions(chapter):
    assert teach.questions(chapter), f"{chapter} has no question generator"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", SEEDS)
def test_question_answer_is_what_the_model_computes(name, seed):
    q = teach.question(name, seed)
    assert q.name == name and q.seed == seed
    assert q.program and q.prompt and q.explanation
    assert q.check(q.answer) and q.check(q.answer_text())
    # the answer comes from running the model: run the shown program again and compare
    res = teach.run(q.program, **{k: v for k, v in q.run_args.items() if k != "seed"}, seed=0)
    if q.kind == "sequence":
        if name.startswith(("ch0", "ch1.order", "ch3.preempt", "ch4.recv")):
            assert res.stdout.split() == list(q.answer)
    elif name == "ch4.len":
        assert int(res.stdout.split()[0]) == q.answer
    elif name == "ch5.timeout":
        assert res.stdout.strip() == q.answer
    elif name == "ch3.retake":
        assert (q.answer == "yes") == any(e.kind == "RETAKE" for e in res.trace)
    elif name == "ch2.steal":
        assert q.answer == next(e.b for e in res.trace if e.kind == "STEAL")
    elif name == "ch2.batch":
        assert q.answer == next(e.a for e in res.trace if e.kind == "GLOBRUNQGET")
    elif name == "ch5.cases":
        assert res.stdout.strip() in q.answer or teach.DEADLOCK in q.answer
    if q.kind in ("choice", "multi"):
        assert set([q.answer] if q.kind == "choice" else q.answer) <= set(q.choices)


@pytest.mark.parametrize("name", NAMES)
def test_question_rejects_a_wrong_answer(name):
    q = teach.question(name, 0)
    wrong = {"sequence": lambda: list(reversed(q.answer)) + ["x"], "int": lambda: q.answer + 1,
             "choice": lambda: next(c for c in q.choices if c != q.answer),
             "multi": lambda: [c for c in q.choices if c not in q.answer][:1] + list(q.answer)}[q.kind]()
    assert not q.check(wrong)


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_question_and_seeds_differ(name):
    a, b = teach.question(name, 5), teach.question(name, 5)
    assert (a.program, a.answer) == (b.program, b.answer)
    programs = {teach.question(name, s).program for s in range(6)}
    assert len(programs) > 1, "another seed should give another question"


def test_rules_the_questions_teach():
    # newproc/runnext: the last goroutine started runs first, then the ring in FIFO order
    q = teach.question("ch0.output", 0)
    if "Gosched" in q.program:
        n = q.program.count("go worker") and int(q.program.split("i < ")[1].split(";")[0])
        assert q.answer == [str(n - 1)] + [str(i) for i in range(n - 1)] + ["main"]
    # runqsteal takes ceil(half) of the victim's ring
    for s in range(4):
        q = teach.question("ch2.steal", s)
        assert "n - n/2" in q.explanation or "runnext" in q.explanation
    # a send to a parked receiver bypasses the buffer (chansend → send)
    q = teach.question("ch4.len", 0)
    assert "go func" in q.program and q.answer == 0
    # nil channels are never chosen; a default only when nothing is ready
    q = teach.question("ch5.cases", 0)
    assert q.answer == frozenset({"default"})


def test_predict_widget_checks_and_regenerates():
    w = teach.predict("ch1.where", seed=0)
    q = w.question
    assert w.submit(q.answer) is True
    assert "model's answer" in w.result.value
    wrong = next(c for c in q.choices if c != q.answer)
    assert w.submit(wrong) is False
    assert [ok for _s, _a, ok in w.attempts] == [True, False]
    w.another()
    assert w.seed == 1 and w.question.seed == 1
    assert "ch1.where" in repr(w)
    bundle = w._repr_mimebundle_()
    assert "Predict" not in bundle["text/plain"] and "where is the goroutine" in bundle["text/plain"]


def test_predict_widget_reads_its_own_inputs():
    w = teach.predict("ch5.cases", seed=0)
    for box in w.boxes:
        box.value = box.description in w.question.answer
    assert w.submit() is True
    w = teach.predict("ch4.len", seed=0)
    w.answer_widget.value = str(w.question.answer)
    assert w.submit() is True
    w.answer_widget.value = ""
    assert w.submit() is False and "Commit" in w.result.value


# ---- self-checks -------------------------------------------------------------------------------

def test_every_chapter_has_an_exercise():
    assert {f"{c}.exercise" for c in CHAPTERS} <= set(teach.exercises())


CH0_WRONG = """package main

import "fmt"

func main() {
	go func() {
		fmt.Println("hello from a goroutine")
	}()
	fmt.Println("main done")
}
"""
CH0_RIGHT = CH0_WRONG.replace('import "fmt"', 'import (\n\t"fmt"\n\t"time"\n)').replace(
    '\tfmt.Println("main done")', '\ttime.Sleep(time.Millisecond)\n\tfmt.Println("main done")')


def test_ch0_check():
    bad = teach.check("ch0.exercise", CH0_WRONG)
    assert not bad and "main.main returned before the goroutine ran" in str(bad)
    assert teach.check("ch0.exercise", CH0_RIGHT).passed
    broken = teach.check("ch0.exercise", "package main\n\nfunc main() {\n\tx := 1\n}\n")
    assert not broken and "does not compile" in str(broken) and "not used" in str(broken)


def run_order_right(n):
    # newproc: the last goroutine started sits in runnext; the others wait in the ring, FIFO
    return [n - 1] + list(range(n - 1)) if n else []


def test_ch1_check():
    assert teach.check("ch1.exercise", run_order_right).passed
    bad = teach.check("ch1.exercise", lambda n: list(range(n)))
    assert not bad and "runnext" in str(bad)
    assert "FIFO" in str(teach.check("ch1.exercise", lambda n: list(reversed(range(n)))))
    raised = teach.check("ch1.exercise", lambda n: 1 / 0)
    assert not raised and "ZeroDivisionError" in str(raised)
    assert "without calling it" in str(teach.check("ch1.exercise", run_order_right(3)))


def pick_right(runnext, ring, global_queue, schedtick):
    # findRunnable (Go 1.19): every 61st schedtick the global queue first; then runqget
    # (runnext, then the ring's head); then globrunqget
    if schedtick % 61 == 0 and global_queue:
        return global_queue[0]
    if runnext is not None:
        return runnext
    if ring:
        return ring[0]
    return global_queue[0] if global_queue else None


def pick_without_61(runnext, ring, global_queue, schedtick):
    return pick_right(runnext, ring, global_queue, 1)


def test_ch2_check():
    assert teach.check("ch2.exercise", pick_right).passed
    bad = teach.check("ch2.exercise", pick_without_61)
    assert not bad and "61" in str(bad) and "starved" in str(bad)
    ring_first = teach.check("ch2.exercise", lambda rn, ring, gq, t: ring[0] if ring else pick_right(rn, ring, gq, t))
    assert not ring_first and "runnext" in str(ring_first)


CH3_WRONG = """package main

import (
	"fmt"
	"runtime"
)

func main() {
	go func() {
		x := 0
		for {
			x++
		}
	}()
	runtime.Gosched()
	fmt.Println("main is back")
}
"""
CH3_RIGHT = CH3_WRONG.replace("\t\t\tx++\n", "\t\t\tx++\n\t\t\truntime.Gosched()\n")


def test_ch3_check():
    bad = teach.check("ch3.exercise", CH3_WRONG)
    assert not bad and "asynchronous preemption off" in str(bad)
    assert teach.check("ch3.exercise", CH3_RIGHT).passed


def wake_order_right(n):
    # closechan: receivers off recvq in FIFO order onto a gList (a stack), then goready each
    # popped one into runnext, kicking the previous to the ring's tail
    order = []
    runnext, ring = None, []
    for g in reversed(range(n)):
        if runnext is not None:
            ring.append(runnext)
        runnext = g
    return ([runnext] if runnext is not None else []) + ring


def test_ch4_check():
    assert teach.check("ch4.exercise", wake_order_right).passed
    bad = teach.check("ch4.exercise", lambda n: list(range(n)))
    assert not bad and "stack" in str(bad)


CH5_WRONG = """package main

import "fmt"

func produce(ch chan int, from int, n int) {
	for i := 0; i < n; i++ {
		ch <- from + i
	}
	close(ch)
}

func main() {
	a := make(chan int)
	b := make(chan int)
	go produce(a, 1, 10)
	go produce(b, 100, 10)
	sum := 0
	for {
		select {
		case v := <-a:
			sum += v
		case v := <-b:
			sum += v
		}
	}
	fmt.Println("sum", sum)
}
"""
CH5_RIGHT = CH5_WRONG.replace("""	for {
		select {
		case v := <-a:
			sum += v
		case v := <-b:
			sum += v
		}
	}""", """	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			sum += v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			sum += v
		}
	}""")


def test_ch5_check():
    bad = teach.check("ch5.exercise", CH5_WRONG)
    assert not bad and "set a = nil" in str(bad)
    counted = teach.check("ch5.exercise", CH5_WRONG.replace("for {", "for i := 0; i < 20; i++ {"))
    assert not counted and "sum 1100" in str(counted) and "closed channel" in str(counted)
    assert teach.check("ch5.exercise", CH5_RIGHT).passed


def test_ci_size_setting(monkeypatch):
    monkeypatch.setenv("COURSE_CI", "1")
    assert teach.ci() and teach.size(1000, 10) == 10
    monkeypatch.setenv("COURSE_CI", "0")
    assert not teach.ci() and teach.size(1000, 10) == 1000


def test_go_source_shows_the_real_function():
    from course import realgo

    if not realgo.available():
        pytest.skip("Go is not installed")
    text = teach.go_source("runqput")
    assert text.startswith("func runqput(") and "runnext" in text
