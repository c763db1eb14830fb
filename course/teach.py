"""Teaching helpers for the chapters: "predict, then reveal" questions and self-checks.

Two ideas, both after OSTEP's homework simulators: a question and its answer come from **one
function of a seed**, and the answer is **computed by running the model**, never typed in.

* A *question generator* is a plain function ``(seed) -> Question``. It writes a small Go
  program from the seed, runs it on the model, and keeps what the model printed or did as the
  answer, with an explanation and the trace lines that show it. Tests call generators directly
  (``question("ch1.where", seed=3)``); a notebook shows one with ``predict("ch1.where")``: the
  learner commits an answer, presses *Check*, sees the model's answer and the trace, and can ask
  for *another one* (the next seed).
* A *self-check* ``check("ch2.exercise", answer)`` runs public tests against the learner's
  function or Go program, each test's expected value again computed by the model, and explains
  a failure in plain words (what was expected, what came back, which rule that is).

``COURSE_CI=1`` in the environment makes the chapters use smaller programs (``size(full,
small)``), so the test suite runs every notebook quickly. Nothing here changes the runtime model:
it only compiles and runs programs through ``course.compile(...).run(...)``.
"""
from __future__ import annotations

import functools
import html
import os
import random
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

__all__ = ["ci", "size", "run", "Question", "question", "questions", "predict", "Predict",
           "check", "CheckResult", "exercises", "go_source"]


# ---- the CI-size setting -----------------------------------------------------------------------

def ci() -> bool:
    """True when ``COURSE_CI`` is set (to anything but ``0``): the chapters use small programs."""
    return os.environ.get("COURSE_CI", "") not in ("", "0")


def size(full: int, small: int) -> int:
    """``full`` normally, ``small`` under ``COURSE_CI=1`` (how big a chapter's program is)."""
    return small if ci() else full


# ---- running programs --------------------------------------------------------------------------

@functools.lru_cache(maxsize=256)
def _compiled(src: str):
    import course

    return course.compile(src, "prog.go")


def run(src: str, **kw: Any):
    """Compile (cached by source) and run ``src`` on the model: ``course.compile(src).run(**kw)``."""
    if "syscall_ns" in kw:
        import course

        kw["costs"] = course.CostModel(syscall=int(kw.pop("syscall_ns")))
    return _compiled(src).run(**kw)


def _user_goids(res) -> list[int]:
    """The goids of the goroutines main.main started (in creation order)."""
    from .runtime2 import T_C, T_G, T_KIND
    from .traceev import EV_GOCREATE

    rows = res.trace.rows
    out = []
    for r in rows[rows[:, T_KIND] == EV_GOCREATE]:
        g, system = int(r[T_G]), int(r[T_C])
        if not system and g != 1:
            out.append(g)
    return out


def _indices(res, kinds: Sequence[str], start_time: int = 0) -> list[int]:
    """Indices of the trace events of these kinds (numpy: a trace can hold millions)."""
    import numpy as np

    from .runtime2 import T_KIND, T_TIME
    from .traceev import EV_NAMES

    codes = [k for k, v in EV_NAMES.items() if v in kinds]
    rows = res.trace.rows
    mask = np.isin(rows[:, T_KIND], codes) & (rows[:, T_TIME] >= start_time)
    return [int(i) for i in np.nonzero(mask)[0]]


def _events(res, *kinds: str) -> list:
    return [res.trace[i] for i in _indices(res, kinds)]


def _count(res, kind: str, reason: Optional[int] = None) -> int:
    from .runtime2 import T_KIND, T_REASON
    from .traceev import EV_NAMES

    code = next(k for k, v in EV_NAMES.items() if v == kind)
    rows = res.trace.rows
    mask = rows[:, T_KIND] == code
    if reason is not None:
        mask &= rows[:, T_REASON] == reason
    return int(mask.sum())


def _lines(res, kinds: Sequence[str], start_time: int = 0, limit: int = 40) -> str:
    """Trace lines of these kinds (the evidence a reveal shows)."""
    idx = _indices(res, kinds, start_time)
    out = [str(res.trace[i]) for i in idx[:limit]]
    if len(idx) > limit:
        out.append(f"… ({len(idx) - limit} more)")
    return "\n".join(out)


def _main_start(res) -> int:
    """Simulated time at which main.main started (after the runtime's own goroutines)."""
    evs = [e for e in _events(res, "GOCREATE") if e.g > 1 and e.c == 0]
    return evs[0].time - 1 if evs else 0


# ---- questions ---------------------------------------------------------------------------------

@dataclass
class Question:
    """One "predict, then reveal" question, generated from a seed; its answer is the model's.

    kind: ``"sequence"`` (tokens in order, e.g. the lines a program prints), ``"int"``,
    ``"choice"`` (one of ``choices``) or ``"multi"`` (a set of ``choices``).
    """

    name: str
    seed: int
    prompt: str
    program: str
    kind: str
    answer: Any
    explanation: str
    evidence: str = ""
    choices: list[str] = field(default_factory=list)
    run_args: dict[str, Any] = field(default_factory=dict)

    def parse(self, given: Any) -> Any:
        """The learner's answer in the question's form (text is split into tokens)."""
        if self.kind == "sequence":
            if isinstance(given, str):
                return [t for t in re.split(r"[\s,]+", given.strip()) if t]
            return [str(t) for t in given]
        if self.kind == "int":
            return int(str(given).strip())
        if self.kind == "multi":
            if isinstance(given, str):
                given = [t.strip() for t in given.split(",") if t.strip()]
            return frozenset(given)
        return str(given).strip()

    def check(self, given: Any) -> bool:
        """Is ``given`` the model's answer?"""
        try:
            return self.parse(given) == self.parse(self.answer)
        except (TypeError, ValueError):
            return False

    def answer_text(self) -> str:
        if self.kind == "sequence":
            return " ".join(str(t) for t in self.answer)
        if self.kind == "multi":
            return ", ".join(c for c in self.choices if c in self.answer)
        return str(self.answer)

    def how_to_answer(self) -> str:
        return {"sequence": "Type the answer as words separated by spaces.", "int": "Type a number.",
                "choice": "Choose one.", "multi": "Tick every one that can happen."}[self.kind]

    def text(self) -> str:
        """The question as plain text (what a notebook shows without a widget frontend)."""
        parts = [f"[{self.name}, seed {self.seed}] {self.prompt}"]
        if self.run_args:
            parts.append("Run with: " + ", ".join(f"{k}={v}" for k, v in self.run_args.items()))
        if self.program:
            parts.append(self.program.rstrip())
        if self.choices:
            parts.append("Choices: " + " | ".join(self.choices))
        parts.append(self.how_to_answer())
        return "\n\n".join(parts)

    def reveal(self) -> str:
        """The model's answer, why, and the trace lines that show it."""
        out = f"The model's answer: {self.answer_text()}\n\n{self.explanation}"
        if self.evidence:
            out += "\n\nFrom the trace:\n" + self.evidence
        return out


_GENERATORS: dict[str, Callable[[int], Question]] = {}


def _generator(name: str):
    def deco(fn: Callable[[int], Question]) -> Callable[[int], Question]:
        _GENERATORS[name] = fn
        fn.question_name = name  # type: ignore[attr-defined]
        return fn

    return deco


def questions(chapter: Optional[str] = None) -> list[str]:
    """The names of the question generators (of one chapter, e.g. ``"ch2"``)."""
    return sorted(n for n in _GENERATORS if chapter is None or n.startswith(chapter + "."))


def question(name: str, seed: int = 0) -> Question:
    """The question ``name`` made from ``seed`` (the same seed always gives the same question)."""
    if name not in _GENERATORS:
        raise KeyError(f"no question named {name!r}; there are: {', '.join(questions())}")
    return _GENERATORS[name](seed)


def _rng(name: str, seed: int) -> random.Random:
    """The question's random source: one (name, seed), one question, on every machine and Python."""
    return random.Random(f"{name}/{seed}")


def _imports(*pkgs: str) -> str:
    pkgs = sorted(set(pkgs))
    if len(pkgs) == 1:
        return f'import "{pkgs[0]}"\n'
    return "import (\n" + "".join(f'\t"{p}"\n' for p in pkgs) + ")\n"


# -- chapter 0 -------------------------------------------------------------------------------

@_generator("ch0.output")
def _q_ch0_output(seed: int) -> Question:
    rng = _rng('ch0.output', seed)
    n = rng.randint(2, 5)
    wait = ["gosched", "sleep", "none"][seed % 3] if seed < 3 else rng.choice(["gosched", "sleep", "none"])
    pkgs = ["fmt"] + (["runtime"] if wait == "gosched" else ["time"] if wait == "sleep" else [])
    line = {"gosched": "\truntime.Gosched()\n", "sleep": "\ttime.Sleep(time.Millisecond)\n", "none": ""}[wait]
    src = ("package main\n\n" + _imports(*pkgs) + "\nfunc worker(id int) {\n\tfmt.Println(id)\n}\n\nfunc main() {\n"
           f"\tfor i := 0; i < {n}; i++ {{\n\t\tgo worker(i)\n\t}}\n{line}\tfmt.Println(\"main\")\n}}\n")
    res = run(src, gomaxprocs=1, seed=0)
    answer = res.stdout.split()
    why = {
        "none": "main never gives up its P, so no worker runs before main.main returns; then "
                "runtime.main calls exit(0) and the other goroutines are simply gone.",
        "gosched": "runtime.Gosched puts main at the tail of the global queue. The P then runs its "
                   "local work first: runnext (the last goroutine started), then the ring in FIFO order; "
                   "main comes back from the global queue when the local queue is empty.",
        "sleep": "time.Sleep parks main on a timer. The P runs runnext (the last goroutine started), "
                 "then the ring in FIFO order; the timer fires 1 ms later and main runs again.",
    }[wait]
    return Question("ch0.output", seed, "What does this program print with GOMAXPROCS=1?", src, "sequence",
                    answer, why, _lines(res, ("RUNQPUT", "EXECUTE", "GOSCHED", "PARK", "EXIT"), _main_start(res)),
                    run_args={"gomaxprocs": 1})


# -- chapter 1 -------------------------------------------------------------------------------

@_generator("ch1.where")
def _q_ch1_where(seed: int) -> Question:
    rng = _rng('ch1.where', seed)
    n = rng.randint(2, 6)
    k = rng.randrange(n)
    src = ("package main\n\n" + _imports("fmt", "runtime") + "\nfunc worker(id int) {\n\tfmt.Println(\"worker\", id)\n}\n\n"
           f"func main() {{\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo worker(i)\n\t}}\n\truntime.Gosched()\n}}\n")
    res = run(src, gomaxprocs=1, seed=0)
    tr = res.trace
    step = next(i for i, e in enumerate(tr) if e.kind == "GOSCHED")
    st = tr.state_at(step)
    goid = _user_goids(res)[k]
    answer = st.where(goid)
    choices = ["runnext of P0"] + [f"ring of P0 (position {j})" for j in range(n + 1)] + ["global queue (position 0)"]
    if answer not in choices:
        choices.append(answer)
    ring = ", ".join(f"G{g}" for g in st.runq[0])
    why = (f"worker({k}) is G{goid}. Each go statement calls newproc, which puts the new G in runnext and "
           f"kicks the previous one to the ring's tail (runqput next=true). Just before the Gosched, P0's "
           f"runnext holds G{st.runnext[0]} and its ring holds [{ring}], head first. The first G in the ring "
           f"is the runtime's finalizer goroutine, created while package os was initialised, "
           f"so worker 0 sits at position 1.")
    return Question("ch1.where", seed, f"Just before main calls runtime.Gosched(), where is the goroutine "
                    f"running worker({k})?", src, "choice", answer, why,
                    _lines(res, ("GOCREATE", "RUNQPUT"), _main_start(res)), choices=choices,
                    run_args={"gomaxprocs": 1})


@_generator("ch1.order")
def _q_ch1_order(seed: int) -> Question:
    rng = _rng('ch1.order', seed)
    n = rng.randint(2, 4)
    k = rng.randrange(n)
    src = ("package main\n\n" + _imports("fmt", "time") + "\nfunc child(id int) {\n\tfmt.Printf(\"c%d\\n\", id)\n}\n\n"
           f"func worker(id int) {{\n\tif id == {k} {{\n\t\tgo child(id)\n\t}}\n\tfmt.Printf(\"w%d\\n\", id)\n}}\n\n"
           f"func main() {{\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo worker(i)\n\t}}\n\ttime.Sleep(time.Millisecond)\n}}\n")
    res = run(src, gomaxprocs=1, seed=0)
    why = (f"main's go statements leave worker {n - 1} in runnext and the others in the ring (FIFO); main sleeps. "
           f"worker {k} runs its own go statement: newproc puts child {k} in runnext of the same P, "
           f"so when worker {k} exits the child runs next, before the rest of the ring.")
    return Question("ch1.order", seed, "What does this program print with GOMAXPROCS=1 (one token per line)?", src,
                    "sequence", res.stdout.split(), why,
                    _lines(res, ("RUNQPUT", "EXECUTE", "GOEXIT"), _main_start(res)), run_args={"gomaxprocs": 1})


# -- chapter 2 -------------------------------------------------------------------------------

@_generator("ch2.batch")
def _q_ch2_batch(seed: int) -> Question:
    rng = _rng('ch2.batch', seed)
    n = rng.randint(3, 40)
    src = ("package main\n\n" + _imports("fmt", "runtime") + "\nfunc worker() {\n\truntime.Gosched()\n}\n\n"
           f"func main() {{\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo worker()\n\t}}\n\truntime.Gosched()\n"
           "\tfmt.Println(\"main is back\")\n}\n")
    res = run(src, gomaxprocs=1, seed=0)
    ev = next(e for e in res.trace if e.kind == "GLOBRUNQGET")
    size_before = len(res.trace.state_at(ev.index).global_runq)
    why = (f"Gosched puts a G at the tail of the global queue: main first, then each worker as it runs. When P0's "
           f"local queue is empty, the global queue holds {size_before} Gs, and findRunnable calls globrunqget, "
           f"which takes n = min(size, size/gomaxprocs + 1, len(runq)/2 = 128) = min({size_before}, "
           f"{size_before}/1 + 1, 128) = {ev.a}: it runs the first and puts the rest in its own ring.")
    return Question("ch2.batch", seed, "With GOMAXPROCS=1, the first time P0 takes goroutines from the global "
                    "queue, how many does globrunqget take (counting the one it runs)?", src, "int", ev.a, why,
                    _lines(res, ("GOSCHED", "GLOBRUNQGET"), _main_start(res), limit=12), run_args={"gomaxprocs": 1})


@_generator("ch2.steal")
def _q_ch2_steal(seed: int) -> Question:
    rng = _rng('ch2.steal', seed)
    n = rng.randint(2, 12)
    src = ("package main\n\n" + _imports("fmt") + "\nfunc work(id int) {\n\ts := 0\n\tfor i := 0; i < 2000; i++ {\n"
           "\t\ts += i\n\t}\n\tfmt.Println(\"done\", id)\n}\n\n"
           f"func main() {{\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo work(i)\n\t}}\n\ts := 0\n"
           "\tfor i := 0; i < 100000; i++ {\n\t\ts += i\n\t}\n\tfmt.Println(\"main\", s)\n}\n")
    res = run(src, gomaxprocs=2, seed=0)
    ev = next(e for e in res.trace if e.kind == "STEAL")
    before = res.trace.state_at(ev.index)
    ring = before.runq[ev.a]
    if ev.c:
        why = f"P{ev.a}'s ring was empty, so on its last pass stealWork took the victim's runnext."
    else:
        why = (f"main runs on P0 and never yields, so the {n} new goroutines wait in P0's queues: G{before.runnext[ev.a]} "
               f"in runnext and {len(ring)} in the ring (the runtime's finalizer goroutine first). The first go "
               f"statement's wakep started a spinning M on P1; it finds nothing local or global and calls "
               f"runqsteal, which takes half the victim's ring, rounded up: n - n/2 = {len(ring)} - {len(ring) // 2} = {ev.b}. "
               f"runnext is not taken while the ring has work.")
    return Question("ch2.steal", seed, "GOMAXPROCS=2. The first time P1 steals from P0, how many goroutines does it "
                    "take?", src, "int", ev.b, why,
                    _lines(res, ("STARTM", "RUNQPUT", "STEAL"), _main_start(res), limit=20), run_args={"gomaxprocs": 2})


# -- chapter 3 -------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _ns_per_iteration() -> float:
    """Simulated ns per iteration of the spinner loop below (the cost model, measured once)."""
    src = _spinner_src(1_000_000)
    res = run(src, gomaxprocs=1, seed=0, godebug="asyncpreemptoff=1")
    start = next(e.time for e in res.trace if e.kind == "EXECUTE" and e.g == _user_goids(res)[0])
    end = next(e.time for e in res.trace if e.kind == "PRINT" and e.g == _user_goids(res)[0])
    return (end - start) / 1_000_000


def _spinner_src(iters: int) -> str:
    return ("package main\n\n" + _imports("fmt", "runtime") + "\nfunc spin() {\n\ts := 0\n"
            f"\tfor i := 0; i < {iters}; i++ {{\n\t\ts += i\n\t}}\n\tfmt.Println(\"spinner done\")\n}}\n\n"
            "func main() {\n\tgo spin()\n\truntime.Gosched()\n\tfmt.Println(\"main done\")\n}\n")


@_generator("ch3.preempt")
def _q_ch3_preempt(seed: int) -> Question:
    rng = _rng('ch3.preempt', seed)
    ms = [3, 30, 1, 6, 15, 40][seed % 6] if seed < 6 else rng.choice([1, 3, 6, 15, 30, 40])
    iters = int(ms * 1e6 / _ns_per_iteration())
    src = _spinner_src(iters)
    res = run(src, gomaxprocs=1, seed=0)
    req = _events(res, "PREEMPTREQ")
    if req:
        why = (f"The spinner's loop needs about {ms} ms. sysmon saw P0's schedtick unchanged for "
               f"{req[0].a / 1e6:.1f} ms (≥ forcePreemptNS = 10 ms) and asked it to stop (preemptone); the spinner "
               f"went to the tail of the global queue, behind main. main ran, printed and returned, and the "
               f"program ended before the spinner could finish.")
    else:
        why = (f"The spinner's loop needs about {ms} ms, less than the 10 ms time slice (forcePreemptNS), so sysmon "
               f"never preempts it: it finishes and prints, then main comes back from the global queue.")
    return Question("ch3.preempt", seed, f"GOMAXPROCS=1. The spinner's loop needs about {ms} ms of CPU. What does "
                    f"the program print (one token per word)?", src, "sequence", res.stdout.split(), why,
                    _lines(res, ("EXECUTE", "PREEMPTREQ", "PREEMPT", "GOSCHED", "PRINT", "EXIT"), _main_start(res)),
                    run_args={"gomaxprocs": 1})


@_generator("ch3.retake")
def _q_ch3_retake(seed: int) -> Question:
    rng = _rng('ch3.retake', seed)
    procs = rng.choice([1, 2])
    work = rng.choice([True, False])
    dur_us = rng.choice([5, 50, 2000, 30000])
    if seed < 4:
        procs, work, dur_us = [(2, False, 2000), (1, False, 2000), (2, True, 50), (2, False, 30000)][seed]
    src = ("package main\n\n" + _imports("fmt", "runtime")
           + ("\nfunc work() {\n\tfor i := 0; i < 1000; i++ {\n\t}\n}\n" if work else "") + "\n"
           "func main() {\n\truntime.Gosched()\n" + ("\tgo work()\n" if work else "")
           + "\tfmt.Println(\"a slow write\")\n}\n")
    res = run(src, gomaxprocs=procs, seed=0, syscall_ns=dur_us * 1000)
    rt = _events(res, "RETAKE")
    answer = "yes" if rt else "no"
    dur = f"{dur_us} µs" if dur_us < 1000 else f"{dur_us // 1000} ms"
    if rt:
        reasons = []
        if work:
            reasons.append("the P's local run queue has work (the new goroutine)")
        if procs == 1:
            reasons.append("there is no idle P and no spinning M to take new work")
        if dur_us >= 10_000:
            reasons.append("the syscall has lasted 10 ms or more")
        why = (f"sysmon retook the P after {rt[0].a / 1000:.0f} µs and handed it off (handoffp), because "
               + (" and ".join(reasons) or "of the rules in retake") + ". retake leaves a P in a syscall alone only "
               "when all three hold: its run queue is empty, some P is idle or some M spinning, and the syscall is "
               "younger than 10 ms.")
    elif dur_us < 20:
        why = (f"The write took {dur}: it was over before sysmon looked twice. retake only records a syscall the "
               f"first time it sees it (syscalltick) and can take the P at the earliest on its next tick (≥ 20 µs).")
    else:
        why = ("retake leaves a P in a syscall alone when all three hold: its run queue is empty, another P is idle "
               "(or an M spinning) to pick up new work, and the syscall is younger than 10 ms. All three held here.")
    prompt = (f"GOMAXPROCS={procs}. main's fmt.Println is a write(2) system call that takes {dur}. "
              "Does sysmon take main's P away during the syscall (retake → handoffp)?")
    return Question("ch3.retake", seed, prompt, src, "choice", answer, why,
                    _lines(res, ("SYSCALL", "RETAKE", "HANDOFFP", "SYSEXIT"), _main_start(res)),
                    choices=["yes", "no"], run_args={"gomaxprocs": procs, "syscall_ns": dur_us * 1000})


# -- chapter 4 -------------------------------------------------------------------------------

@_generator("ch4.len")
def _q_ch4_len(seed: int) -> Question:
    rng = _rng('ch4.len', seed)
    cap = rng.randint(0, 3)
    receiver = True if cap == 0 else rng.choice([True, False])
    if seed < 2:
        cap, receiver = (2, True) if seed == 0 else (2, False)
    k = 0 if receiver else rng.randint(0, cap - 1)
    body = f"\tch := make(chan int, {cap})\n"
    if receiver:
        body += "\tgo func() {\n\t\tv := <-ch\n\t\tfmt.Println(\"got\", v)\n\t}()\n\truntime.Gosched()\n"
    for i in range(k):
        body += f"\tch <- {i + 1}\n"
    body += "\tch <- 42\n\tfmt.Println(len(ch))\n"
    src = "package main\n\n" + _imports("fmt", *(["runtime"] if receiver else [])) + f"\nfunc main() {{\n{body}}}\n"
    res = run(src, gomaxprocs=1, seed=0)
    answer = int(res.stdout.split()[0])
    if receiver:
        why = ("A receiver was already parked on the channel's recvq, so chansend did not touch the buffer: send() "
               "copied 42 straight to the receiver (direct handoff) and readied it into runnext. The buffer stays "
               f"empty: len(ch) is {answer}" + (", even though there is room in it." if cap else "."))
    else:
        why = (f"Nobody was waiting, so each send went into the ring buffer (buf[sendx], qcount++): "
               f"{k} value(s) before, then 42, so len(ch) = qcount = {answer}.")
    return Question("ch4.len", seed, "What does this program print with GOMAXPROCS=1?", src, "int", answer, why,
                    _lines(res, ("MAKECHAN", "CHANPARK", "CHANSEND", "CHANRECV", "READY", "PRINT"), _main_start(res)),
                    run_args={"gomaxprocs": 1})


@_generator("ch4.recv")
def _q_ch4_recv(seed: int) -> Question:
    rng = _rng('ch4.recv', seed)
    cap = rng.randint(0, 3)
    senders = rng.randint(1, 3)
    body = f"\tch := make(chan int, {cap})\n"
    for i in range(cap):
        body += f"\tch <- {100 + i}\n"
    body += (f"\tfor i := 0; i < {senders}; i++ {{\n\t\tgo func(v int) {{\n\t\t\tch <- v\n\t\t}}(i)\n"
             "\t\truntime.Gosched()\n\t}\n"
             f"\tfor i := 0; i < {cap + senders}; i++ {{\n\t\tfmt.Println(<-ch)\n\t}}\n")
    src = "package main\n\n" + _imports("fmt", "runtime") + f"\nfunc main() {{\n{body}}}\n"
    res = run(src, gomaxprocs=1, seed=0)
    why = ("Each sender finds the buffer full (or, unbuffered, nobody receiving) and parks on sendq, in the order "
           "they ran. " + ("A receive from a full buffer with a sender waiting takes the head of the buffer and moves "
                           "the first sender's value into the freed slot (recv), so the buffer stays full and FIFO "
                           "order holds: the buffered values first, then the senders' values in sendq order."
                           if cap else "With no buffer, each receive takes its value straight from the first "
                           "waiting sender (direct handoff), in sendq order."))
    return Question("ch4.recv", seed, "What does this program print with GOMAXPROCS=1?", src, "sequence",
                    res.stdout.split(), why, _lines(res, ("CHANPARK", "CHANSEND", "CHANRECV"), _main_start(res)),
                    run_args={"gomaxprocs": 1})


# -- chapter 5 -------------------------------------------------------------------------------

_SELECT_KINDS = {
    "nil": ("var {c} chan int", "nil (never made)"),
    "ready": ("{c} := make(chan int, 1)\n\t{c} <- 1", "buffered, holds a value"),
    "empty": ("{c} := make(chan int, 1)", "buffered, empty"),
    "closed": ("{c} := make(chan int)\n\tclose({c})", "closed"),
}
DEADLOCK = "it blocks forever (deadlock)"


def _select_runs(src: str, nseeds: int) -> tuple[set[str], Any]:
    seen: set[str] = set()
    res = None
    for s in range(nseeds):
        res = run(src, gomaxprocs=1, seed=s)
        seen.add(DEADLOCK if res.exit_code == 2 and "deadlock" in res.stderr else res.stdout.strip())
    return seen, res


@_generator("ch5.cases")
def _q_ch5_cases(seed: int) -> Question:
    rng = _rng('ch5.cases', seed)
    names = ["a", "b", "c"][: rng.randint(2, 3)]
    kinds = {c: rng.choice(list(_SELECT_KINDS)) for c in names}
    default = rng.choice([True, False])
    if seed == 0:
        names, kinds, default = ["a", "b"], {"a": "nil", "b": "empty"}, True
    body = "".join("\t" + _SELECT_KINDS[kinds[c]][0].format(c=c) + "\n" for c in names)
    body += "\tselect {\n" + "".join(f"\tcase <-{c}:\n\t\tfmt.Println(\"{c}\")\n" for c in names)
    if default:
        body += "\tdefault:\n\t\tfmt.Println(\"default\")\n"
    body += "\t}\n"
    src = "package main\n\n" + _imports("fmt") + f"\nfunc main() {{\n{body}}}\n"
    seen, res = _select_runs(src, 24)
    choices = names + (["default"] if default else []) + [DEADLOCK]
    ready = [c for c in names if kinds[c] in ("ready", "closed")]
    if ready:
        why = (f"selectgo shuffles the cases with a non-nil channel into a random poll order and takes the first "
               f"ready one: {', '.join(ready)} " + ("is" if len(ready) == 1 else "are") + " ready (a buffered value, "
               "or a closed channel, which always has a zero value to give). Nil channels are left out of the poll "
               "order, so they can never be chosen" + ("; default runs only when nothing is ready." if default else "."))
    elif default:
        why = "Nothing is ready (nil channels never are, an empty buffer has nothing), so selectgo returns -1 and the default runs."
    else:
        why = ("Nothing is ready and there is no default: selectgo parks main on every non-nil channel "
               "(a select on only nil channels parks forever, like select {}); no other goroutine can wake it, so checkdead "
               "reports: fatal error: all goroutines are asleep - deadlock!")
    desc = "; ".join(f"{c}: {_SELECT_KINDS[kinds[c]][1]}" for c in names)
    return Question("ch5.cases", seed, f"Which cases can this select choose? ({desc}.) The model runs it with 24 "
                    "seeds.", src, "multi", frozenset(seen), why, res.stderr.strip()[:300] if DEADLOCK in seen else "",
                    choices=choices, run_args={"gomaxprocs": 1, "seed": "0..23"})


@_generator("ch5.timeout")
def _q_ch5_timeout(seed: int) -> Question:
    rng = _rng('ch5.timeout', seed)
    send_ms, timeout_ms = rng.sample([1, 2, 5, 10, 20], 2)
    src = ("package main\n\n" + _imports("fmt", "time") + "\nfunc main() {\n\tch := make(chan int)\n\tgo func() {\n"
           f"\t\ttime.Sleep({send_ms} * time.Millisecond)\n\t\tch <- 1\n\t}}()\n\tselect {{\n\tcase v := <-ch:\n"
           f"\t\tfmt.Println(\"got\", v)\n\tcase <-time.After({timeout_ms} * time.Millisecond):\n"
           "\t\tfmt.Println(\"timeout\")\n\t}\n}\n")
    res = run(src, gomaxprocs=1, seed=0)
    answer = res.stdout.strip()
    why = (f"Neither case is ready at first, so selectgo enqueues main on both channels (pass 2) and parks it. "
           f"The sender's sleep ends after {send_ms} ms, the timer channel's after {timeout_ms} ms: whichever comes "
           f"first wakes main (its sudog wins selectDone), and pass 3 takes main off the other channel's queue.")
    return Question("ch5.timeout", seed, "What does this program print?", src, "choice", answer, why,
                    _lines(res, ("TIMERADD", "TIMERFIRE", "CHANPARK", "CHANSEND", "SELECT", "PRINT"), _main_start(res)),
                    choices=["got 1", "timeout"], run_args={"gomaxprocs": 1})


# ---- the widget --------------------------------------------------------------------------------

def _widgets():
    import ipywidgets

    return ipywidgets


class Predict:
    """A "predict, then reveal" widget: the question, an answer box, Check, Another one.

    ``submit(answer)`` does what pressing Check does (tests and keyboard users can call it);
    ``another()`` makes the question of the next seed. ``widget`` is the ipywidgets box.
    """

    def __init__(self, name: str, seed: int = 0):
        w = _widgets()
        self.name = name
        self.prompt = w.HTML()
        self.inputs = w.VBox()
        self.check_button = w.Button(description="Check", button_style="primary", icon="check")
        self.another_button = w.Button(description="Another one", icon="refresh")
        self.result = w.HTML()
        self.check_button.on_click(lambda _b: self.submit())
        self.another_button.on_click(lambda _b: self.another())
        self.widget = w.VBox([self.prompt, self.inputs, w.HBox([self.check_button, self.another_button]), self.result])
        self.attempts: list[tuple[int, Any, bool]] = []
        self.load(seed)

    def load(self, seed: int) -> None:
        w = _widgets()
        self.seed = seed
        self.question = q = question(self.name, seed)
        prog = f"<pre style='font-size:90%'>{html.escape(q.program)}</pre>" if q.program else ""
        run_args = ", ".join(f"{k}={v}" for k, v in q.run_args.items())
        self.prompt.value = (f"<b>Predict</b> <small>({html.escape(q.name)}, seed {seed}; run with "
                             f"{html.escape(run_args)})</small><p>{html.escape(q.prompt)}</p>{prog}"
                             f"<small>{html.escape(q.how_to_answer())}</small>")
        if q.kind == "choice":
            self.answer_widget = w.RadioButtons(options=q.choices, value=None, layout={"width": "max-content"})
            self.inputs.children = [self.answer_widget]
        elif q.kind == "multi":
            self.boxes = [w.Checkbox(description=c, value=False, indent=False) for c in q.choices]
            self.inputs.children = self.boxes
            self.answer_widget = None
        else:
            self.answer_widget = w.Text(placeholder="your answer", layout={"width": "60%"})
            self.inputs.children = [self.answer_widget]
        self.result.value = ""

    def current_answer(self) -> Any:
        if self.question.kind == "multi":
            return [b.description for b in self.boxes if b.value]
        return self.answer_widget.value

    def submit(self, answer: Any = None) -> bool:
        """Check an answer (default: what is in the answer box) and reveal the model's."""
        q = self.question
        given = self.current_answer() if answer is None else answer
        if given is None or given == "" and q.kind != "multi":
            self.result.value = "<p>Commit to an answer first, then press Check.</p>"
            return False
        ok = q.check(given)
        self.attempts.append((self.seed, given, ok))
        verdict = ("<p style='color:#1a7f37'><b>Right.</b></p>" if ok else
                   "<p style='color:#cf222e'><b>Not what the model did.</b></p>")
        ev = f"<details><summary>The trace</summary><pre style='font-size:85%'>{html.escape(q.evidence)}</pre></details>" \
            if q.evidence else ""
        self.result.value = (f"{verdict}<p>The model's answer: <code>{html.escape(q.answer_text())}</code></p>"
                             f"<p>{html.escape(q.explanation)}</p>{ev}")
        self.last_text = q.reveal()
        return ok

    def another(self) -> None:
        """The question of the next seed."""
        self.load(self.seed + 1)

    def _repr_mimebundle_(self, **kw: Any):
        data = self.widget._repr_mimebundle_(**kw) or {}
        data = dict(data)
        data["text/plain"] = self.question.text()
        return data

    def __repr__(self) -> str:
        return self.question.text()


def predict(name: str, seed: int = 0) -> Predict:
    """Show the question ``name`` (made from ``seed``) as a widget: answer, Check, Another one."""
    return Predict(name, seed)


# ---- self-checks -------------------------------------------------------------------------------

@dataclass
class CheckResult:
    """What a self-check found: ``passed``, and for each failed test a message in plain words."""

    name: str
    passed: bool
    total: int
    failures: list[str]

    def __str__(self) -> str:
        if self.passed:
            return f"✔ {self.name}: all {self.total} tests pass."
        head = f"✘ {self.name}: {len(self.failures)} of {self.total} tests fail."
        return head + "\n\n" + "\n\n".join(f"• {m}" for m in self.failures[:3]) + (
            f"\n\n(and {len(self.failures) - 3} more)" if len(self.failures) > 3 else "")

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return str(self).replace("\n", "  \n")

    def __bool__(self) -> bool:
        return self.passed


@dataclass
class _Exercise:
    name: str
    task: str
    tests: Callable[[Any], list[Optional[str]]]  # one entry per test: None = pass, else the message


_EXERCISES: dict[str, _Exercise] = {}


def exercises() -> dict[str, str]:
    """Every self-check's name and task."""
    return {n: e.task for n, e in sorted(_EXERCISES.items())}


def _exercise(name: str, task: str):
    def deco(fn):
        _EXERCISES[name] = _Exercise(name, task, fn)
        return fn

    return deco


def check(name: str, answer: Any) -> CheckResult:
    """Run the public tests of exercise ``name`` on ``answer`` (a function or a Go program)."""
    if name not in _EXERCISES:
        raise KeyError(f"no exercise named {name!r}; there are: {', '.join(sorted(_EXERCISES))}")
    ex = _EXERCISES[name]
    try:
        results = ex.tests(answer)
    except _Stop as e:
        return CheckResult(name, False, 1, [str(e)])
    fails = [m for m in results if m]
    return CheckResult(name, not fails, len(results), fails)


class _Stop(Exception):
    """A failure that stops the tests (the answer cannot be run at all)."""


def _call(fn: Callable, *args: Any) -> Any:
    if not callable(fn):
        raise _Stop(f"check expects your function (without calling it), got {type(fn).__name__}.")
    try:
        return fn(*args)
    except Exception as e:  # the learner's code: report, never crash
        args_s = ", ".join(repr(a) for a in args)
        return _Raised(f"your function raised {type(e).__name__}: {e} when called with ({args_s}).")


@dataclass
class _Raised:
    message: str


def _compile_learner(src: Any):
    import course

    if not isinstance(src, str):
        raise _Stop(f"check expects your Go program as a string, got {type(src).__name__}.")
    try:
        return course.compile(src, "exercise.go")
    except course.GoCompileError as e:
        raise _Stop(f"your program does not compile:\n{e}")


# -- chapter 0: make main wait ------------------------------------------------------------------

@_exercise("ch0.exercise", "Change main so that the goroutine's line is printed before \"main done\", at GOMAXPROCS 1 "
           "and 2, and the program exits normally.")
def _ex_ch0(src: Any) -> list[Optional[str]]:
    prog = _compile_learner(src)
    out = []
    for procs in (1, 2):
        for seed in (0, 1, 2):
            res = prog.run(gomaxprocs=procs, seed=seed, max_time_ns=2_000_000_000, max_instructions=20_000_000)
            lines = res.stdout.splitlines()
            where = f"GOMAXPROCS={procs}, seed {seed}"
            if res.stopped != "exit":
                out.append(f"{where}: the program did not finish within 2 s of simulated time.")
            elif res.exit_code != 0:
                out.append(f"{where}: the program exited with status {res.exit_code}:\n{res.stderr.strip()}")
            elif "main done" not in lines:
                out.append(f"{where}: \"main done\" was not printed; keep that line in main.")
            elif "hello from a goroutine" not in lines:
                out.append(f"{where}: only {lines} was printed. main.main returned before the goroutine ran: "
                           "when main returns, runtime.main calls exit(0) and other goroutines never run. "
                           "main must give the goroutine a chance first (it must stop running for a while).")
            elif lines.index("hello from a goroutine") > lines.index("main done"):
                out.append(f"{where}: the lines came out as {lines}: the goroutine ran, but only after main printed. "
                           "With two Ps the goroutine may run on the other P at the same time as main: "
                           "runtime.Gosched alone does not make main wait long enough; a sleep does.")
            else:
                out.append(None)
    return out


# -- chapter 1: the order of go statements ------------------------------------------------------

def _spawn_order_src(n: int) -> str:
    return ("package main\n\n" + _imports("fmt", "time") + "\nfunc worker(id int) {\n\tfmt.Println(id)\n}\n\n"
            f"func main() {{\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo worker(i)\n\t}}\n\ttime.Sleep(time.Millisecond)\n}}\n")


@_exercise("ch1.exercise", "Write run_order(n): the order in which the workers print when main starts n of them "
           "with `go worker(i)` (i = 0..n-1) and then sleeps, at GOMAXPROCS=1.")
def _ex_ch1(fn: Any) -> list[Optional[str]]:
    return _order_exercise(
        fn, "run_order", "worker", (1, 2, 3, 5, 10, 100), _spawn_order_src, short=_short,
        in_order="The goroutines do not run in the order they were started: each go statement puts its goroutine "
                 "in runnext, kicking the previous one to the ring's tail, and runnext runs first.",
        reverse="Only the last goroutine is in runnext; the ring behind it is FIFO, not a stack.")


def _order_exercise(fn: Any, name: str, noun: str, sizes: tuple, src: Callable[[int], str], *, in_order: str,
                    reverse: str, short: Callable[[list], Any] = lambda x: x) -> list[Optional[str]]:
    """An exercise whose answer is the order of n goroutines' output: the learner's ``name(n)``
    against the model's run of ``src(n)`` at GOMAXPROCS=1, for each n; the two classic wrong
    guesses (start order, reversed) get their explanation."""
    out: list[Optional[str]] = []
    for n in sizes:
        want = [int(x) for x in run(src(n), gomaxprocs=1, seed=0).stdout.split()]
        got = _call(fn, n)
        if isinstance(got, _Raised):
            out.append(got.message)
            continue
        try:
            got = [int(x) for x in got]
        except (TypeError, ValueError):
            out.append(f"{name}({n}) returned {got!r}; it should return a list of {noun} numbers.")
            continue
        if got == want:
            out.append(None)
            continue
        why = in_order if got == list(range(n)) else reverse if got == list(reversed(range(n))) else ""
        out.append(f"{name}({n}) returned {short(got)}, but the model printed {short(want)}." + (" " + why if why else ""))
    return out


def _short(xs: list) -> str:
    return repr(xs) if len(xs) <= 12 else repr(xs[:6])[:-1] + ", …, " + repr(xs[-3:])[1:]


# -- chapter 2: findRunnable's choice ------------------------------------------------------------

def _rotation_src(n: int, rounds: int) -> str:
    return ("package main\n\n" + _imports("fmt", "runtime") + f"\nfunc worker() {{\n\tfor j := 0; j < {rounds}; j++ {{\n"
            "\t\truntime.Gosched()\n\t}\n}\n\n"
            f"func main() {{\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo worker()\n\t}}\n"
            f"\tfor j := 0; j < {rounds}; j++ {{\n\t\truntime.Gosched()\n\t}}\n\tfmt.Println(\"done\")\n}}\n")


def _decisions(res) -> list[tuple[int, int, int]]:
    """(event index, schedtick, goid) for every G P0 took from a run queue after main.main started."""
    start = _main_start(res)
    tick = None
    out = []
    prev = None
    for e in res.trace:
        if e.kind == "EXECUTE" and e.p == 0:
            if e.time >= start and tick is not None:
                if e.c == 1:
                    out.append((e.index, tick, e.g))
                elif prev is not None and prev.kind == "GLOBRUNQGET" and prev.p == 0:
                    out.append((prev.index, tick, e.g))
            if not e.a:  # inheritTime leaves schedtick as it was
                tick = e.b
        prev = e
    return out


@_exercise("ch2.exercise", "Write pick(runnext, ring, global_queue, schedtick): the goroutine findRunnable runs next "
           "on a P, given its runnext (a goid or None), its ring and the global queue (goids, head first) and its "
           "schedtick.")
def _ex_ch2(fn: Any) -> list[Optional[str]]:
    out = []
    for n, rounds in ((3, 2), (70, 2)):
        res = run(_rotation_src(n, rounds), gomaxprocs=1, seed=0)
        dec = _decisions(res)
        # every decision would cost a replay; test the first ones and those around each 61st tick
        keep = [d for i, d in enumerate(dec) if i < 12 or any(abs(d[1] - t) <= 1 for t in range(61, 61 * 8, 61))]
        bad = None
        for idx, tick, goid in keep:
            st = res.trace.state_at(idx)
            args = (st.runnext[0], list(st.runq[0]), list(st.global_runq), tick)
            got = _call(fn, *args)
            if isinstance(got, _Raised):
                bad = got.message
                break
            if got != goid:
                bad = (f"with runnext={args[0]}, ring={_short(args[1])}, global queue={_short(args[2])} and "
                       f"schedtick={tick}, you picked {got!r}, but findRunnable ran G{goid}. " + _why_pick(args, goid))
                break
        out.append(bad)
    return out


def _why_pick(args: tuple, goid: int) -> str:
    runnext, ring, glob, tick = args
    if tick % 61 == 0 and glob and goid == glob[0]:
        return ("schedtick % 61 == 0 and the global queue is not empty: every 61st schedule, findRunnable takes one G "
                "from the global queue first, so goroutines there are never starved by a busy local queue.")
    if runnext is not None and goid == runnext:
        return "runqget looks at runnext before the ring."
    if ring and goid == ring[0]:
        return "With runnext empty, runqget takes the head of the ring (FIFO)."
    if glob and goid == glob[0]:
        return "The local queue is empty, so findRunnable takes a batch from the global queue and runs its head."
    return ""


# -- chapter 3: a loop that cannot be preempted --------------------------------------------------

@_exercise("ch3.exercise", "Change the spinner's loop (only the loop) so that main gets its P back even with "
           "GODEBUG=asyncpreemptoff=1, and the program prints \"main is back\" and exits normally.")
def _ex_ch3(src: Any) -> list[Optional[str]]:
    prog = _compile_learner(src)
    out = []
    for godebug in ("asyncpreemptoff=1", ""):
        res = prog.run(gomaxprocs=1, seed=0, godebug=godebug, max_time_ns=300_000_000, max_instructions=200_000_000)
        label = f"GODEBUG={godebug}" if godebug else "with asynchronous preemption on"
        if res.stopped != "exit":
            reqs = _count(res, "PREEMPTREQ")
            out.append(f"{label}: the run was stopped after 300 ms of simulated time without ending. sysmon asked the "
                       f"spinner to stop {reqs} time(s), but "
                       + ("with asynchronous preemption off a loop that calls no function never reaches a "
                          "preemption check, so it keeps the P forever. Give the loop a point where it can stop: a "
                          "call to a function (its prologue checks the stack guard that preemptone set) or an "
                          "explicit runtime.Gosched()." if godebug else "the spinner never stopped."))
        elif res.exit_code != 0:
            out.append(f"{label}: the program exited with status {res.exit_code}:\n{res.stderr.strip()}")
        elif "main is back" not in res.stdout:
            out.append(f"{label}: it printed {res.stdout!r}; main should print \"main is back\" (keep main as it is).")
        else:
            out.append(None)
    return out


# -- chapter 4: the order close wakes receivers --------------------------------------------------

def _close_src(n: int) -> str:
    return ("package main\n\n" + _imports("fmt", "runtime", "time")
            + "\nfunc receiver(id int, ch chan int) {\n\t<-ch\n\tfmt.Println(id)\n}\n\n"
            f"func main() {{\n\tch := make(chan int)\n\tfor i := 0; i < {n}; i++ {{\n\t\tgo receiver(i, ch)\n"
            "\t\truntime.Gosched()\n\t}\n\tclose(ch)\n\ttime.Sleep(time.Millisecond)\n}\n")


@_exercise("ch4.exercise", "Write wake_order(n): n receivers (0..n-1, in that order) are parked on an unbuffered "
           "channel; main closes it and sleeps. In what order do they print, at GOMAXPROCS=1?")
def _ex_ch4(fn: Any) -> list[Optional[str]]:
    return _order_exercise(
        fn, "wake_order", "receiver", (1, 2, 3, 5, 8), _close_src,
        in_order="closechan takes the receivers off recvq in FIFO order, but onto a gList, which is a stack; then "
                 "it readies them one by one, and each goready puts its G in runnext, kicking the previous one to "
                 "the ring's tail.",
        reverse="The gList is a stack, so the last receiver is readied first, but each goready puts its G in "
                "runnext and kicks the previous one to the ring: the receiver readied last (the first one queued) "
                "ends in runnext.")


# -- chapter 5: nil channels in a select loop ---------------------------------------------------

@_exercise("ch5.exercise", "Finish merge: receive every value from a and b until both are closed, then print the sum; "
           "no busy loop on a closed channel.")
def _ex_ch5(src: Any) -> list[Optional[str]]:
    prog = _compile_learner(src)
    out = []
    for seed in (0, 1, 2):
        from .traceev import R_CHAN_CLOSED

        res = prog.run(gomaxprocs=2, seed=seed, max_time_ns=1_000_000_000, max_instructions=500_000)
        selects = _count(res, "SELECT")
        closed = _count(res, "CHANRECV", R_CHAN_CLOSED)
        where = f"seed {seed}"
        if res.stopped != "exit":
            out.append(f"{where}: the program did not end (stopped after {selects} selects, {closed} of them "
                       "receiving from a closed channel). A receive from a closed channel is always ready (the zero "
                       "value, ok=false), so a select keeps choosing it. Receive with v, ok := <-a and, when ok is "
                       "false, set a = nil: selectgo leaves nil channels out of its poll order.")
        elif res.exit_code != 0:
            out.append(f"{where}: the program exited with status {res.exit_code}:\n{res.stderr.strip()[:400]}")
        elif res.stdout.strip() != "sum 1100":
            out.append(f"{where}: it printed {res.stdout.strip()!r}, but the values sent add up to \"sum 1100\"."
                       + (" Zero values from a closed channel are not values that were sent." if closed else ""))
        elif closed > 2:
            out.append(f"{where}: the sum is right, but the select received from a closed channel {closed} times: a "
                       "closed channel is always ready; set it to nil once it reports ok == false.")
        else:
            out.append(None)
    return out


# ---- the Go source beside ours -----------------------------------------------------------------

def go_source(func: str, file: str = "proc.go") -> str:
    """The text of Go's ``runtime/<file>`` function ``func`` from the installed toolchain ("" if Go is missing)."""
    import shutil
    import subprocess

    go = shutil.which("go")
    if not go:
        return ""
    root = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, timeout=60).stdout.strip()
    path = os.path.join(root, "src", "runtime", file)
    try:
        text = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        return ""
    pat = re.compile(rf"^func (\([^)]*\) )?{re.escape(func)}\(")
    for i, line in enumerate(text):
        if pat.match(line):
            j = i
            while j < len(text) and text[j] != "}":
                j += 1
            return "\n".join(text[i:j + 1])
    return ""


# Chapters 6-8's questions and self-checks register themselves with the decorators above.
from . import teach_more  # noqa: E402,F401
