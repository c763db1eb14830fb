"""Chapters 6-9's questions and self-checks: locks and waiting, garbage collection, the pacer,
and putting it together.

Registered with ``course.teach``'s decorators, so ``teach.predict("ch6.order")`` and
``teach.check("ch8.exercise", ...)`` find them once this module is imported. As in
``course.teach``, a question is one function of a seed and its answer is computed by a model:

* chapter 6 runs Go programs with sync.Mutex and sync.WaitGroup on the simulated runtime
  (``course.compile(...).run(...)``; ``sync/mutex.go``, ``runtime/sema.go``);
* chapter 7 runs a mutator and the GC on ``course.gc.tricolor`` (tri-colour marking with Go's
  hybrid write barrier, ``runtime/mbarrier.go``): the simulated runtime has a GC, but it fixes the
  marked set at the start of a cycle (it needs no barrier), so the barrier at work is shown on this
  standalone model;
* chapter 8 asks Go's pacer (``course/mgcpacer.py``, ``runtime/mgcpacer.go``) for heap goals and
  runs workloads on ``course.gc.costmodel`` (GOGC, GOMEMLIMIT, GC CPU, peak memory);
* chapter 9 runs worker pools on the simulated runtime (does it deadlock; how long does it take)
  and checks a pipeline for speed, deadlocks, double closes and leaked goroutines.

Helpers for the chapters: ``hiding_schedule`` and ``run_schedule`` (chapter 7's two ways to hide
an object from the GC, run against a barrier), ``cost_heap`` (a cost-model run as data for
``course.viz.heap``), ``gctrace_fields`` and ``gctrace_values`` (a ``GODEBUG=gctrace=1`` line read
field by field: in words, in numbers) and ``heap_goal`` (the pacer's goal for a given heap, the
number gctrace prints as ``MB goal``); for chapter 9, read from a run's trace: ``waits`` and
``blocking_profile`` (where the goroutines were blocked, and on what: a block profile), ``leaked``
(goroutines blocked on a channel when the program ended), ``in_flight`` (the most goroutines
asleep at once) and ``elapsed_ms``.
"""
from __future__ import annotations

import functools
import math
import re
from typing import Any, Optional

from .teach import Question, _Raised, _Stop, _call, _compile_learner, _exercise, _generator, _imports, _indices, \
    _lines, _main_start, _rng, run, size

__all__ = ["EXERCISE_HEAP", "SERVICE", "BUDGET_MIB", "OTHER_MIB", "cost_heap", "gctrace_fields", "gctrace_values",
           "heap_goal", "hiding_schedule", "run_schedule", "service_workload", "spike_workload", "tuning_report",
           "OUTCOMES", "waits", "blocking_profile", "leaked", "in_flight", "elapsed_ms"]

MiB = 1 << 20


# ==== chapter 6: locks and waiting ==============================================================

def _lock_src(n: int, hold_ms: int, barge: bool) -> str:
    """main holds mu while n goroutines queue on it; then it lets go (and maybe takes it back)."""
    body = "\tvar mu sync.Mutex\n\tmu.Lock()\n"
    body += (f"\tfor i := 0; i < {n}; i++ {{\n\t\tgo func(id int) {{\n\t\t\tmu.Lock()\n"
             "\t\t\tfmt.Println(id)\n\t\t\tmu.Unlock()\n\t\t}(i)\n\t}\n\truntime.Gosched()\n")
    if hold_ms:
        body += f"\ttime.Sleep({hold_ms} * time.Millisecond)\n"
    body += "\tmu.Unlock()\n"
    if barge:
        body += "\tmu.Lock()\n\truntime.Gosched()\n\tmu.Unlock()\n"
    body += "\ttime.Sleep(5 * time.Millisecond)\n"
    return "package main\n\n" + _imports("fmt", "runtime", "sync", "time") + f"\nfunc main() {{\n{body}}}\n"


def _mutex_kinds(res) -> list:
    return [e for e in res.trace if e.kind in ("MUTEX", "SEMQUEUE", "SEMREADY", "GOYIELD")]


@_generator("ch6.order")
def _q_ch6_order(seed: int) -> Question:
    rng = _rng("ch6.order", seed)
    n = rng.randint(2, 5)
    hold = rng.choice([0, 2])
    barge = rng.choice([False, True])
    if seed < 2:
        n, hold, barge = (3, 0, False) if seed == 0 else (3, 2, True)
    src = _lock_src(n, hold, barge)
    res = run(src, gomaxprocs=1, seed=0)
    starving = any(e.kind == "MUTEX" and "starving" in str(e) for e in res.trace)
    why = (f"main holds mu and starts {n} goroutines; its Gosched lets them run, each finds mu locked and queues on "
           "the mutex's semaphore in the order it ran: runnext (the last one started) first, then the ring in FIFO "
           "order. Unlock in normal mode wakes the first waiter (semrelease → runnext). ")
    if barge:
        why += ("but main takes mu again before the woken waiter runs (barging), so the waiter queues again at the "
                "head (lifo). " + ("It had waited more than 1 ms, so it set mutexStarving: from then on every Unlock "
                                   "hands mu directly to the head of the queue. " if starving else ""))
    why += "Each goroutine's own Unlock then wakes (or hands off to) the next in the queue, so they print in queue order."
    return Question("ch6.order", seed, "What does this program print with GOMAXPROCS=1?", src, "sequence",
                    res.stdout.split(), why, _lines(res, ("MUTEX", "SEMQUEUE", "SEMREADY", "GOYIELD"), _main_start(res)),
                    run_args={"gomaxprocs": 1})


MODES = ["it stays in normal mode", "it enters starvation mode"]


@_generator("ch6.mode")
def _q_ch6_mode(seed: int) -> Question:
    rng = _rng("ch6.mode", seed)
    n = rng.randint(1, 3)
    hold = rng.choice([0, 2])
    barge = rng.choice([False, True])
    if seed < 4:
        hold, barge = [(2, True), (2, False), (0, True), (0, False)][seed]
    src = _lock_src(n, hold, barge)
    res = run(src, gomaxprocs=1, seed=0)
    starved = [e for e in res.trace if e.kind == "MUTEX" and "waited > 1ms" in str(e)]
    answer = MODES[1] if starved else MODES[0]
    if starved:
        why = (f"G{starved[0].g} was woken after waiting {'more than 1 ms' if hold else 'a while'}, found mu locked "
               "again (main barged in) and had waited longer than starvationThresholdNs = 1 ms, so lockSlow set "
               "mutexStarving before queueing again at the head.")
    elif barge:
        why = ("main barges in ahead of the woken waiter, but the waiter has waited less than 1 ms "
               "(starvationThresholdNs), so it just queues again at the head (lifo) in normal mode.")
    elif hold:
        why = ("The waiters waited more than 1 ms, but a woken waiter only sets mutexStarving when it finds the "
               "mutex locked again: here nobody barges in, so each woken waiter takes the unlocked mutex.")
    else:
        why = "Nobody waits long and nobody barges in: each woken waiter takes the unlocked mutex in normal mode."
    return Question("ch6.mode", seed, "GOMAXPROCS=1. Does the mutex ever switch to starvation mode?", src, "choice",
                    answer, why, _lines(res, ("MUTEX", "SEMQUEUE", "SEMREADY"), _main_start(res)), choices=list(MODES),
                    run_args={"gomaxprocs": 1})


_WG_STARTER_HINT = "call wg.Add(1) before the go statement, wg.Done() when a worker finishes, and wg.Wait() in main"


@_exercise("ch6.exercise", "Fix the program so that main waits for every worker with a sync.WaitGroup (no "
           "time.Sleep in main) and prints \"total 5050\", at GOMAXPROCS 1 and 2 with any seed.")
def _ex_ch6(src: Any) -> list[Optional[str]]:
    prog = _compile_learner(src)
    main_body = src.split("func main()", 1)[1] if "func main()" in src else src
    out: list[Optional[str]] = []
    if "time.Sleep" in main_body:
        out.append("main calls time.Sleep. A sleep only guesses how long the workers take; wait for them with "
                   f"a sync.WaitGroup instead: {_WG_STARTER_HINT}.")
    for procs in (1, 2):
        for seed in (0, 1):
            res = prog.run(gomaxprocs=procs, seed=seed, max_time_ns=1_000_000_000, max_instructions=5_000_000)
            where = f"GOMAXPROCS={procs}, seed {seed}"
            waits = [e for e in res.trace if e.kind == "WAITGROUP" or (e.kind == "NEWSYNC" and "WaitGroup" in str(e))]
            if res.stopped != "exit":
                out.append(f"{where}: the program did not finish within 1 s of simulated time.")
            elif "negative WaitGroup counter" in res.stderr:
                out.append(f"{where}: panic: sync: negative WaitGroup counter. Done was called more times than Add "
                           "added: every Done (Add(-1)) needs an Add(1) before it.")
            elif "deadlock" in res.stderr:
                out.append(f"{where}: fatal error: all goroutines are asleep - deadlock! main sleeps in wg.Wait "
                           "(runtime_Semacquire) until the counter reaches 0, and nothing will ever call Done "
                           "enough times: does every worker call wg.Done(), once?")
            elif res.exit_code != 0:
                out.append(f"{where}: the program exited with status {res.exit_code}:\n{res.stderr.strip()[:400]}")
            elif not waits:
                out.append(f"{where}: the program uses no sync.WaitGroup; {_WG_STARTER_HINT}.")
            elif res.stdout.strip() != "total 5050":
                out.append(f"{where}: it printed {res.stdout.strip()!r}, not \"total 5050\": wg.Wait returned before "
                           "every worker had added its number. Wait returns as soon as the counter is 0; if a worker "
                           "calls wg.Add itself, main can reach Wait before that worker has even run (at GOMAXPROCS=1 "
                           "the go statement only puts it in runnext), so the counter is still 0. Add before the go "
                           "statement (sync/waitgroup.go says so: Adds with a positive delta that start when the "
                           "counter is zero must happen before a Wait).")
            else:
                out.append(None)
    return out


# ==== chapter 7: tri-colour marking and the write barrier =======================================

def _tricolor():
    from .gc import tricolor

    return tricolor


# The exercise's heap: the globals point to A, A to B; goroutine g1 has two empty locals.
EXERCISE_HEAP = {"objects": {"A": {"f": "B"}, "B": {"f": None}, "C": {"f": None}},
                 "globals": {"p": "A"}, "stacks": {"g1": {"x": None, "y": None}}}


def _model(heap: dict, barrier: str):
    tc = _tricolor()
    return tc.Model(heap["objects"], heap["stacks"], heap["globals"], barrier=barrier)


def _finish(m) -> None:
    """Let the GC finish its cycle: scan what is left, then mark termination."""
    if m.phase == "off":
        return
    while True:
        moves = m.gc_moves()
        if "finish" in moves:
            m.step("gc: finish")
            return
        m.step("gc: " + moves[0])


def run_schedule(heap: dict, schedule: list[str], barrier: str):
    """Run ``schedule`` on ``heap`` with ``barrier`` (the GC finishes its cycle if the schedule stops
    before ``gc: finish``). Returns ``(events, lost)``: every event, and the freed objects the
    program could still reach (each a ``Violation``)."""
    m = _model(heap, barrier)
    for line in schedule:
        m.step(line)
    _finish(m)
    lost = [v for e in m.events for v in e.violations]
    return m.events, lost


# The two ways a mutator hides an object, as templates: the mutator's steps, with the places
# where the GC's work can be put between them.
_CH7_HEAPS = {
    # g1 copies B from A into its (already scanned) stack, then deletes A's pointer.
    "delete": {"objects": {"A": {"f": "B"}, "B": {"f": None}, "C": {"f": None}}, "globals": {"p": "A"},
               "stacks": {"g1": {"x": "A", "y": None}}},
    # g1 stores B (known only to its unscanned stack) into A, already black, then forgets it.
    "insert": {"objects": {"A": {"f": None}, "B": {"f": "C"}, "C": {"f": None}}, "globals": {"p": "A"},
               "stacks": {"g1": {"x": None, "y": "B"}}},
}
_CH7_MUTATOR = {"delete": ["g1: y = x.f", "g1: x.f = nil"],
                "insert": ["g1: x = globals.p", "g1: x.f = y", "g1: y = nil", "g1: x = nil"]}


def hiding_schedule(kind: str, risky: bool = True) -> tuple[dict, list[str]]:
    """The heap and a schedule for one of the two ways a mutator hides an object from the GC
    (``"delete"``: g1 copies a pointer into its already scanned stack, then deletes it from the
    heap; ``"insert"``: g1 stores a pointer known only to its unscanned stack into a black object,
    then forgets it), for ``run_schedule``. ``risky``: g1's stack scan goes where the mutator's
    steps can hide the object (before them for a deleting write, after them for an inserting
    one); otherwise at the other end, which is safe with any barrier."""
    heap = _CH7_HEAPS[kind]
    mut = _CH7_MUTATOR[kind]
    at = 0 if kind == "delete" else len(mut)  # the risky place
    scan_at = at if risky else len(mut) - at
    if kind == "delete":
        sched = ["gc: start"] + mut[:scan_at] + ["gc: scan g1"] + mut[scan_at:] + ["gc: mark globals", "gc: mark A"]
    else:
        sched = ["gc: start", "gc: mark globals", "gc: mark A"] + mut[:scan_at] + ["gc: scan g1"] + mut[scan_at:]
    return heap, sched


@_generator("ch7.lost")
def _q_ch7_lost(seed: int) -> Question:
    rng = _rng("ch7.lost", seed)
    kind = rng.choice(["delete", "insert"])
    barrier = rng.choice(["off", "dijkstra", "yuasa", "hybrid"])
    if seed < 4:
        kind, barrier = [("delete", "off"), ("delete", "hybrid"), ("insert", "yuasa"), ("insert", "dijkstra")][seed]
    heap, sched = hiding_schedule(kind, True if seed < 4 else rng.choice([True, True, True, False]))
    events, lost = run_schedule(heap, sched, barrier)
    answer = lost[0].obj if lost else "none"
    choices = sorted(o for o in heap["objects"]) + ["none"]
    shown = "\n".join(str(e) for e in events)
    if lost:
        why = lost[0].explanation
    else:
        shades = [f"step {e.step} ({e.actor}: {e.action}) shaded {', '.join(e.shaded)}" for e in events
                  if e.shaded and e.actor != "gc"]
        why = ("Nothing reachable is freed. " + ("; ".join(shades) + ": the write barrier kept the GC's invariant."
                                                   if shades else "The GC found every reachable object in time."))
    heap_txt = (", ".join(f"{o}.f → {f['f'] or 'nil'}" for o, f in heap["objects"].items())
                + f"; globals.p → {heap['globals']['p']}; g1's locals: "
                + ", ".join(f"{v} → {t or 'nil'}" for v, t in heap["stacks"]["g1"].items()))
    program = f"heap: {heap_txt}\nwrite barrier: {barrier}\n\n" + "\n".join(sched) + "\ngc: (finishes its cycle)"
    return Question("ch7.lost", seed, f"With the write barrier '{barrier}', which object does the GC free while the "
                    "program can still reach it?", program, "choice", answer, why, shown, choices=choices,
                    run_args={"barrier": barrier})


@_exercise("ch7.exercise", "Write a schedule (a list of steps) on EXERCISE_HEAP that makes the GC free an object g1 can "
           "still reach when only Dijkstra's insertion barrier runs; Go's hybrid barrier must save it.")
def _ex_ch7(schedule: Any) -> list[Optional[str]]:
    if isinstance(schedule, str):
        schedule = [s for s in schedule.splitlines() if s.strip()]
    if not isinstance(schedule, (list, tuple)) or not all(isinstance(s, str) for s in schedule):
        raise _Stop("check expects your schedule as a list of steps like [\"gc: start\", \"g1: x = globals.p\", ...].")
    out: list[Optional[str]] = []
    results = {}
    for barrier in ("dijkstra", "hybrid"):
        try:
            results[barrier] = run_schedule(EXERCISE_HEAP, list(schedule), barrier)
        except ValueError as e:
            raise _Stop(f"with the {barrier} barrier, your schedule cannot run: {e}.")
    events, lost = results["dijkstra"]
    if not any(s.replace(" ", "").startswith("gc:start") for s in schedule):
        out.append("the GC never starts: put \"gc: start\" in the schedule (a write barrier only runs while the GC "
                   "marks).")
    elif lost:
        out.append(None)
    else:
        scanned_first = [e.step for e in events if e.actor == "gc" and e.action == "scan g1"]
        loads = [e.step for e in events if e.actor == "g1" and ".f" in e.action.split("=")[-1]]
        hint = ("Dijkstra's barrier shades the *new* pointer of every heap write, so storing cannot hide anything. "
                "It does nothing about the old pointer a write removes, and stack writes have no barrier at all. "
                "Hide B: let the GC scan g1's stack first (it is black then, never scanned again), load B into a "
                "local, then delete the last heap pointer to B before the GC scans the object that held it.")
        if scanned_first and loads and loads[0] < scanned_first[0]:
            hint = ("g1 loaded a pointer before the GC scanned its stack, so the stack scan found it. " + hint)
        out.append("with the Dijkstra-only barrier, nothing reachable was freed. " + hint)
    _ev, lost_h = results["hybrid"]
    if lost_h:
        out.append("with Go's hybrid barrier an object was lost: " + lost_h[0].explanation)
    else:
        out.append(None)
    return out


# ==== chapter 8: the pacer and tuning ===========================================================

def heap_goal(marked_mib: float, gogc: Any = 100, limit_mib: Optional[float] = None, stacks_mib: float = 0.0,
              globals_mib: float = 0.0, other_mib: float = 0.0, version: str = "1.19") -> dict:
    """The pacer's heap goal and trigger for a heap that just finished a GC (``mgcpacer.commit``):
    ``{"goal", "gogc_goal", "limit_goal", "trigger"}`` in bytes (``limit_goal`` None without a limit,
    ``gogc_goal`` None for GOGC=off). ``other_mib`` is memory that is not heap (mappedReady − heap)."""
    from . import mgcpacer as P

    pct = -1 if gogc in ("off", None) or (isinstance(gogc, (int, float)) and gogc < 0) else int(gogc)
    limit = P.maxInt64 if limit_mib is None else int(limit_mib * MiB)
    c, cf = P.newController(pct, limit, version)
    P.addGlobals(c, cf, int(globals_mib * MiB))
    marked = int(marked_mib * MiB)
    c[P.C_HEAPMARKED] = c[P.C_HEAPLIVE] = c[P.C_HEAPSCAN] = c[P.C_LASTHEAPSCAN] = marked
    c[P.C_LASTSTACKSCAN] = c[P.C_MAXSTACKSCAN] = int(stacks_mib * MiB)
    c[P.C_TOTALALLOC] = marked
    c[P.C_MAPPEDREADY] = marked + int(other_mib * MiB)
    P.commit(c, cf, True)
    goal = int(P.heapGoal(c, cf))
    trig = P.trigger(c, cf)
    trig = int(trig[0] if isinstance(trig, tuple) else trig)
    gg = int(c[P.C_GCPERCENTHEAPGOAL])
    return {"goal": goal, "gogc_goal": None if pct < 0 else gg,
            "limit_goal": None if limit_mib is None else int(P.memoryLimitHeapGoal(c, cf)), "trigger": trig}


@_generator("ch8.goal")
def _q_ch8_goal(seed: int) -> Question:
    rng = _rng("ch8.goal", seed)
    marked = rng.choice([16, 32, 64, 100, 200])
    stacks = rng.choice([0, 1, 2, 4])
    gogc = rng.choice([50, 100, 200, "off"])
    limit = rng.choice([None, None, 1.5, 2.5, 4]) if gogc != "off" else rng.choice([1.5, 2.5, 4])
    other = rng.choice([8, 16, 32])
    if seed < 3:
        marked, stacks, gogc, limit, other = [(32, 0, 100, None, 16), (64, 2, 100, 2.0, 16), (100, 0, "off", 2.5, 8)][seed]
    limit_mib = None if limit is None else int(marked * limit + other)
    g = heap_goal(marked, gogc, limit_mib, stacks_mib=stacks, other_mib=other)
    answer = g["goal"] >> 20  # gctrace prints "N MB goal" truncated to MiB
    parts = []
    if g["gogc_goal"] is not None:
        parts.append(f"GOGC's goal = marked + (marked + stacks + globals)·GOGC/100 = {marked} + ({marked} + {stacks})·"
                     f"{gogc}/100 = {g['gogc_goal'] / MiB:.2f} MiB")
    else:
        parts.append("GOGC=off: no GOGC goal")
    if g["limit_goal"] is not None:
        parts.append(f"the memory limit's goal = limit − non-heap memory − 1 MiB of headroom (Go 1.19) = {limit_mib} − "
                     f"{other} − 1 = {g['limit_goal'] / MiB:.2f} MiB")
    else:
        parts.append("no memory limit")
    why = "; ".join(parts) + f". The goal is the smaller: {g['goal'] / MiB:.2f} MiB, which gctrace prints as {answer} MB."
    program = (f"The last GC marked {marked} MiB live; goroutine stacks are {stacks} MiB, globals 0; the process uses "
               f"{other} MiB that is not heap.\nGOGC={gogc}  GOMEMLIMIT=" + (f"{limit_mib}MiB" if limit_mib else "off"))
    return Question("ch8.goal", seed, "What heap goal does the pacer set (in MiB, rounded down, as gctrace prints "
                    "'N MB goal')?", program, "int", answer, why, "", run_args={"version": "1.19"})


def _cycles_workload(live: float, rate: float, secs: float):
    from .gc import costmodel as cm

    return [cm.Phase(secs, rate, 8192.0, 0.0, 0.0)], live


@_generator("ch8.cycles")
def _q_ch8_cycles(seed: int) -> Question:
    from .gc import costmodel as cm

    rng = _rng("ch8.cycles", seed)
    live = rng.choice([16, 50, 100, 200])
    rate = rng.choice([50, 100, 200, 400])
    gogc = rng.choice([50, 100, 200, 400])
    secs = 4.0
    if seed == 0:
        live, rate, gogc = 100, 200, 100
    wl, _ = _cycles_workload(live, rate, secs)
    r = cm.simulate(wl, gogc, initial_live=live, gomaxprocs=8)
    c = r.cycles
    opts = sorted({c, max(1, c // 4), max(1, c // 2), c * 2, c * 4})
    if len(opts) < 4:
        opts = sorted(set(opts) | {c + 1, c + 2, c + 3})
    choices = [str(x) for x in opts]
    est = secs * rate / max(live * gogc / 100, 4 * gogc / 100)
    why = (f"Each cycle lets the heap grow by about live·GOGC/100 = {live}·{gogc}/100 = {live * gogc / 100:g} MiB before "
           f"the next GC (the goal), and the program allocates {secs:g} s · {rate} MiB/s = {secs * rate:g} MiB, so about "
           f"{est:.1f} cycles. The model counts {c}: the pacer starts each cycle at its trigger, a little before the "
           "goal (more cycles), while what the program allocates during marking is allocated black and survives "
           "the cycle as floating garbage, which raises the next goal (fewer); and the run may end just before "
           "another cycle would start.")
    program = (f"A program with {live} MiB of live heap that stays the same, allocating {rate} MiB/s of short-lived "
               f"objects for {secs:g} s of CPU time; GOGC={gogc}, no memory limit, GOMAXPROCS=8.")
    return Question("ch8.cycles", seed, "About how many GC cycles run? (Pick the closest.)", program, "choice",
                    str(c), why, f"trigger/goal of the first cycles (MiB): " + ", ".join(
                        f"{t:.0f}/{g:.0f}" for t, g in zip(r.trigger[:4], r.goal[:4])),
                    choices=choices, run_args={"model": "course.gc.costmodel.simulate"})


def cost_heap(workload, gogc: Any = 100, limit: Optional[int] = None, *, other_mib: float = 0.0,
              initial_live: float = 0.0, gomaxprocs: int = 8, title: str = "") -> dict:
    """A ``course.gc.costmodel.simulate`` run as data for ``course.viz.heap`` (``limit`` in
    bytes or None; GOGC -1 or "off" for off): the heap sawtooth, each cycle's trigger and goal,
    GC CPU and peak memory, and what the guide's charts leave out: each concurrent mark's span
    and the GC CPU by kind (background workers, assists, pauses)."""
    import numpy as np

    from .gc import costmodel as cm

    g = "off" if gogc in ("off", None) or (isinstance(gogc, (int, float)) and gogc < 0) else gogc
    r = cm.simulate(workload, g, memory_limit=math.inf if not limit else limit / MiB, other_mem=other_mib,
                    initial_live=initial_live, gomaxprocs=gomaxprocs)
    t = np.asarray(r.t, dtype=float)
    if len(r.t_end):
        k = np.minimum(np.searchsorted(r.t_end, t, side="left"), len(r.t_end) - 1)
        goal, trig = np.asarray(r.goal)[k], np.asarray(r.trigger)[k]
    else:
        goal = trig = np.full(len(t), float(np.max(r.heap)))
    cpu = r.mutator_seconds + sum(r.gc_seconds.values())
    return {"t": (t * 1e9).tolist(), "heap": (np.asarray(r.heap) * MiB).tolist(), "goal": (goal * MiB).tolist(),
            "trigger": (trig * MiB).tolist(), "live": (np.asarray(r.live) * MiB).tolist(),
            "gc_cpu": r.gc_cpu_fraction, "peak": r.peak_heap * MiB, "cycles": r.cycles,
            "limit": limit, "title": title or r.caption(),
            "marks": [[a * 1e9, b * 1e9] for a, b in zip(r.t_start, r.t_end)],
            "gc_cpu_parts": {k: v / cpu for k, v in r.gc_seconds.items()} if cpu else None}


_GCTRACE = re.compile(
    r"gc (?P<n>\d+) @(?P<at>[\d.]+)s (?P<pct>\d+)%: (?P<stw1>[\d.]+)\+(?P<mark>[\d.]+)\+(?P<stw2>[\d.]+) ms clock, "
    r"(?P<cstw1>[\d.]+)\+(?P<assist>[\d.]+)/(?P<bg>[\d.]+)/(?P<idle>[\d.]+)\+(?P<cstw2>[\d.]+) ms cpu, "
    r"(?P<h0>\d+)->(?P<h1>\d+)->(?P<h2>\d+) MB, (?P<goal>\d+) MB goal, (?:(?P<stacks>\d+) MB stacks, )?"
    r"(?:(?P<globals>\d+) MB globals, )?(?P<procs>\d+) P(?P<forced> \(forced\))?")

_FIELDS = [
    ("n", "gc {}", "the GC's number since the program started (memstats.numgc)"),
    ("at", "@{}s", "when this cycle began, seconds since the program started"),
    ("pct", "{}%", "GC CPU since the program started: STW, assists and mark workers (idle marking excluded)"),
    ("stw1", "{} ms clock", "wall time of stop-the-world #1, sweep termination (gcStart)"),
    ("mark", "{} ms clock", "wall time of the concurrent mark (the program runs meanwhile)"),
    ("stw2", "{} ms clock", "wall time of stop-the-world #2, mark termination (gcMarkTermination)"),
    ("cstw1", "{} ms cpu", "CPU time of STW #1 (its wall time × the Ps stopped)"),
    ("assist", "{} ms cpu", "CPU time of mark assists: goroutines made to mark because they allocated"),
    ("bg", "{} ms cpu", "CPU time of the background mark workers (dedicated + fractional, the 25%)"),
    ("idle", "{} ms cpu", "CPU time of idle-priority marking (Ps that had nothing else to run)"),
    ("cstw2", "{} ms cpu", "CPU time of STW #2"),
    ("h0", "{} MB", "heap in use when the GC started (the trigger it crossed)"),
    ("h1", "{} MB", "heap in use when marking ended (what the program allocated meanwhile is on top)"),
    ("h2", "{} MB", "live heap: what marking found reachable (the next goal is computed from it)"),
    ("goal", "{} MB goal", "the heap goal of this cycle (gcController.heapGoal)"),
    ("stacks", "{} MB stacks", "goroutine stack space, scanned as roots (counted in the GOGC goal since Go 1.18)"),
    ("globals", "{} MB globals", "global variables, scanned as roots (also in the goal)"),
    ("procs", "{} P", "GOMAXPROCS during the cycle"),
]


def _gctrace_match(line: str) -> re.Match:
    m = _GCTRACE.search(line)
    if not m:
        raise ValueError(f"not a gctrace line: {line!r}")
    return m


def gctrace_values(line: str) -> dict[str, Any]:
    """One ``GODEBUG=gctrace=1`` line's numbers by field (the names in ``gctrace_fields``' order:
    ``n``, ``at`` (s), ``pct``, ``stw1``, ``mark``, ``stw2`` (ms clock), ``cstw1``, ``assist``,
    ``bg``, ``idle``, ``cstw2`` (ms cpu), ``h0``, ``h1``, ``h2``, ``goal`` (MB), ``stacks`` and
    ``globals`` (MB, when printed), ``procs``) and ``forced`` (runtime.GC started the cycle).
    Raises ValueError if the line is not a gctrace line."""
    m = _gctrace_match(line)
    out: dict[str, Any] = {k: float(v) if "." in v else int(v) for k, v in m.groupdict().items()
                           if k != "forced" and v is not None}
    out["forced"] = m.group("forced") is not None
    return out


def gctrace_fields(line: str) -> list[tuple[str, str]]:
    """One ``GODEBUG=gctrace=1`` line (Go 1.19's ``gcMarkTermination`` format) read field by field:
    ``[(text, meaning), ...]``. Raises ValueError if the line is not a gctrace line."""
    m = _gctrace_match(line)
    out = []
    for key, fmt, meaning in _FIELDS:
        if m.group(key) is not None:
            out.append((fmt.format(m.group(key)), meaning))
    if m.group("forced"):
        out.append(("(forced)", "runtime.GC() started this cycle, not the heap trigger"))
    return out


# -- the tuning exercise: a service in a container ------------------------------------------------

BUDGET_MIB = 512  # the container's memory limit: above it the process is killed
OTHER_MIB = 40  # memory the process uses that is not Go heap (binary, stacks, buffers)
SERVICE = {"live_mib": 180, "alloc_mib_per_s": 300, "scan_mib_per_s": 4096}


def service_workload(seconds: Optional[float] = None):
    """A request-serving service: a steady live heap (caches, sessions) and short-lived garbage
    from every request."""
    from .gc import costmodel as cm

    secs = seconds if seconds is not None else size(8, 3)
    return [cm.Phase(secs, SERVICE["alloc_mib_per_s"], SERVICE["scan_mib_per_s"], 0.0, 0.0)]


def spike_workload(seconds: Optional[float] = None):
    """The same service through a burst of traffic: the live heap grows by 100 MiB (requests in
    flight), then falls back."""
    from .gc import costmodel as cm

    secs = seconds if seconds is not None else size(8, 3)
    a, s = SERVICE["alloc_mib_per_s"], SERVICE["scan_mib_per_s"]
    burst = 0.5
    grow = 100.0 / (burst * a * 2)  # survival rate that adds 100 MiB over the burst at twice the rate
    return [cm.Phase(secs / 2, a, s, 0.0, 0.0), cm.Phase(burst, 2 * a, s, grow, 0.0),
            cm.Phase(secs / 2, a, s, 0.0, 100.0 / (SERVICE["live_mib"] + 100.0))]


@functools.lru_cache(maxsize=512)
def _tune_run(kind: str, gogc: Any, limit: Optional[float], secs: float):
    from .gc import costmodel as cm

    wl = service_workload(secs) if kind == "steady" else spike_workload(secs)
    r = cm.simulate(wl, gogc, memory_limit=math.inf if limit is None else float(limit), other_mem=OTHER_MIB,
                    initial_live=SERVICE["live_mib"], gomaxprocs=8)
    return r.gc_cpu_fraction, r.peak_memory, r.cycles


_GRID_GOGC = (50, 100, 150, 200, 300, "off")
_GRID_LIMIT = (None, 400, 440, 470, 490)


@functools.lru_cache(maxsize=4)
def _best(secs: float) -> tuple[float, Any, Any]:
    """The least GC CPU (steady) of the settings in a grid that keep both runs within the budget."""
    best = (math.inf, None, None)
    for g in _GRID_GOGC:
        for lim in _GRID_LIMIT:
            cpu, peak, _ = _tune_run("steady", g, lim, secs)
            if peak > BUDGET_MIB or cpu >= best[0]:
                continue
            _c2, peak2, _ = _tune_run("spike", g, lim, secs)
            if peak2 <= BUDGET_MIB:
                best = (cpu, g, lim)
    return best


def tuning_report(gogc: Any, memory_limit_mib: Optional[float]) -> str:
    """GC CPU, peak memory and cycles of the service (steady and through a burst) with these settings."""
    secs = size(8, 3)
    lines = []
    for kind in ("steady", "spike"):
        cpu, peak, cycles = _tune_run(kind, _norm_gogc(gogc), memory_limit_mib, secs)
        flag = "  over the budget!" if peak > BUDGET_MIB else ""
        lines.append(f"{kind:6}: GC CPU {cpu * 100:5.1f}%, peak memory {peak:6.1f} MiB of {BUDGET_MIB}, "
                     f"{cycles} cycles{flag}")
    return "\n".join(lines)


def _norm_gogc(g: Any) -> Any:
    if g is None or g == "off" or (isinstance(g, (int, float)) and g < 0):
        return "off"
    return int(g)


@_exercise("ch8.exercise", "Write tune(): the GOGC and GOMEMLIMIT (MiB, or None) for the service, so that its memory "
           f"stays within the {BUDGET_MIB} MiB budget, steady and through a burst, at close to the least GC CPU.")
def _ex_ch8(fn: Any) -> list[Optional[str]]:
    got = _call(fn)
    if isinstance(got, _Raised):
        raise _Stop(got.message)
    try:
        gogc, limit = got
        gogc = _norm_gogc(gogc)
        limit = None if limit is None else float(limit)
    except (TypeError, ValueError):
        raise _Stop(f"tune() returned {got!r}; it should return (gogc, memory_limit_mib), e.g. (100, None) or "
                    "(\"off\", 450).")
    secs = size(8, 3)
    out: list[Optional[str]] = []
    cpu, peak, cycles = _tune_run("steady", gogc, limit, secs)
    if limit is not None and limit + 0 > BUDGET_MIB:
        out.append(f"GOMEMLIMIT={limit:g} MiB is above the {BUDGET_MIB} MiB budget: the limit counts all the "
                   "memory the runtime maps (heap and the rest), so it must be below what the container allows.")
    else:
        out.append(None)
    if peak > BUDGET_MIB:
        out.append(f"steady load: peak memory is {peak:.0f} MiB, over the {BUDGET_MIB} MiB budget. With "
                   f"{SERVICE['live_mib']} MiB live, GOGC={gogc} lets the heap grow to about live·(1 + GOGC/100)"
                   f" (the goal), plus what the program allocates while the GC marks, plus {OTHER_MIB} MiB of other memory: lower GOGC, or set a memory limit below the budget.")
    else:
        out.append(None)
    _c2, peak2, _ = _tune_run("spike", gogc, limit, secs)
    if peak2 > BUDGET_MIB:
        out.append(f"through the burst the live heap grows by 100 MiB, and peak memory reaches {peak2:.0f} MiB, over "
                   f"the {BUDGET_MIB} MiB budget. A GOGC goal grows with the live heap; only GOMEMLIMIT caps the heap "
                   "whatever the live heap does. Set one, with some room under the budget (the heap overshoots a "
                   "little while the GC marks).")
    else:
        out.append(None)
    best_cpu, bg, bl = _best(secs)
    if cpu > best_cpu * 1.15 + 0.002:
        out.append(f"GC CPU is {cpu * 100:.1f}% ({cycles} cycles); the same budget can be met with about "
                   f"{best_cpu * 100:.1f}%. Each cycle costs about the same (it scans the live heap), so fewer "
                   "cycles cost less: let the heap use the memory the budget allows (a higher GOGC, or GOGC=off "
                   "with GOMEMLIMIT doing the work) and keep the limit as the safety net.")
    else:
        out.append(None)
    return out


# ==== chapter 9: putting it together ============================================================

def _chan_names(res) -> dict[int, str]:
    """Channel id → the Go variable it was made into, when the source says so unambiguously."""
    from .viz.frames import _make_sites, channel_ids

    made = channel_ids(res.trace)
    sites = _make_sites(getattr(res.trace.image, "source", "") or "")
    if len(sites) == len(made):
        return {cid: name for (name, _cap), (cid, _c, _i) in zip(sites, made)}
    return {}


def _gnames(res) -> dict[int, str]:
    """Goid → the function it started in (``main.worker``, ``main.main.func1`` ...): the user
    goroutines' GOCREATE rows (b: the start function)."""
    from .runtime2 import T_B, T_C, T_G, T_KIND
    from .traceev import EV_GOCREATE

    names = res.trace.image.func_names
    rows = res.trace.rows
    out = {1: "main.main"}
    for r in rows[rows[:, T_KIND] == EV_GOCREATE]:
        g, fn, system = int(r[T_G]), int(r[T_B]), int(r[T_C])
        if g > 1 and not system and 0 <= fn < len(names):
            out[g] = names[fn]
    return out


def waits(res) -> list[dict]:
    """Every time a user goroutine blocked: ``{"g", "func", "what", "t0", "t1"}`` (ns; ``t1`` is None
    if it was still blocked when the program ended). ``what`` is Go's wait reason (``chan send``,
    ``sleep``, ``semacquire`` ...), with the channel's name for a channel operation. The data of a
    block profile (Go: runtime/mprof.go, blockevent; ``go tool trace``'s blocking profile)."""
    from .runtime2 import T_A, T_C, T_G, T_KIND, T_TIME, WAIT_REASONS
    from .traceev import EV_CHANPARK, EV_PARK, EV_READY

    gnames = _gnames(res)
    cnames = _chan_names(res)
    rows = res.trace.rows
    last_chan: dict[int, str] = {}
    open_: dict[int, dict] = {}
    out: list[dict] = []
    for i in _indices(res, ("CHANPARK", "PARK", "READY")):
        k, g, a = int(rows[i, T_KIND]), int(rows[i, T_G]), int(rows[i, T_A])
        if g not in gnames:
            continue
        if k == EV_CHANPARK:  # c & 1: a send (its sudog on sendq)
            last_chan[g] = ("send to " if int(rows[i, T_C]) & 1 else "receive from ") + cnames.get(a, f"chan {a}")
        elif k == EV_PARK:  # a: the wait reason (gopark's)
            what = WAIT_REASONS.get(a, str(a)) or "?"
            if what.startswith("chan") and g in last_chan:
                what = last_chan.pop(g)
            elif what == "select" and g in last_chan:
                last_chan.pop(g)
            open_[g] = {"g": g, "func": gnames[g], "what": what, "t0": int(rows[i, T_TIME]), "t1": None}
        elif k == EV_READY and g in open_:
            w = open_.pop(g)
            w["t1"] = int(rows[i, T_TIME])
            out.append(w)
    out.extend(open_.values())
    return sorted(out, key=lambda w: w["t0"])


def blocking_profile(res) -> str:
    """Where the goroutines waited, summed per function and reason, longest first: a block profile
    (Go samples the same events in runtime/mprof.go, blockevent; this one has every event).
    A goroutine still blocked at the end is counted up to the end and marked."""
    end = res.sim_time_ns
    rows: dict[tuple[str, str], list] = {}
    for w in waits(res):
        r = rows.setdefault((w["func"], w["what"]), [0, 0, set(), 0])
        r[0] += (w["t1"] if w["t1"] is not None else end) - w["t0"]
        r[1] += 1
        r[2].add(w["g"])
        r[3] += w["t1"] is None
    lines = [f"{'blocked':>10}  {'times':>5}  {'goroutines':<22} waiting for"]
    for (fn, what), (ns, n, gs, still) in sorted(rows.items(), key=lambda kv: -kv[1][0]):
        who = f"{fn} ×{len(gs)}" if len(gs) > 1 else f"{fn} (G{min(gs)})"
        lines.append(f"{ns / 1e6:8.2f}ms  {n:5}  {who:<22} {what}" + (f"   ← {still} still blocked at the end" if still else ""))
    lines.append(f"(the program ran {end / 1e6:.2f} ms of simulated time)")
    return "\n".join(lines)


def leaked(res) -> list[tuple[int, str, str]]:
    """The program's goroutines that were blocked on a channel (``_Gwaiting`` in a send, a receive
    or a select) when it ended: ``(goid, function, wait reason)``. Nobody is left to wake them: a
    goroutine leak. (One asleep in time.Sleep or on a semaphore is left out: a timer or the
    goroutine that was about to release it may wake it.) The wait reasons are Go's
    (runtime/runtime2.go, waitReasonStrings), as runtime/traceback.go's goroutine dump prints them."""
    st = res.trace.state_at(len(res.trace))
    gnames = _gnames(res)
    return [(g, gnames[g], st.g_wait.get(g, "?")) for g, s in sorted(st.g_status.items())
            if g in gnames and g != 1 and s == "_Gwaiting"
            and st.g_wait.get(g, "").startswith(("chan ", "select"))]


# Go's wait reasons (runtime2.go, waitReasonStrings) in words, for the self-check's messages
_IN_WORDS = {"semacquire": "a semaphore (sync.WaitGroup.Wait or sync.Mutex.Lock)", "sleep": "time.Sleep",
             "select": "a select", "select (no cases)": "an empty select"}


def in_flight(res) -> int:
    """The most goroutines asleep in time.Sleep at one moment (the pool's real concurrency; each
    sleep is a timer, runtime/time.go, timeSleep)."""
    now = best = 0
    events = []
    for w in waits(res):
        if w["what"] == "sleep":
            events.append((w["t0"], 1))
            events.append((w["t1"] if w["t1"] is not None else res.sim_time_ns, -1))
    for _t, d in sorted(events, key=lambda x: (x[0], x[1])):
        now += d
        best = max(best, now)
    return best


def elapsed_ms(res) -> float:
    """Simulated milliseconds from main.main's start (runtime/proc.go, runtime.main) to the
    program's end."""
    return (res.sim_time_ns - _main_start(res)) / 1e6


def _pool_src(jobs: int, workers: int, results_cap: int, collector: bool, job_ms: int = 1) -> str:
    """A worker pool: main queues the jobs, the workers square them; main sums the results."""
    tail = ("\tgo func() {\n\t\twg.Wait()\n\t\tclose(results)\n\t}()\n" if collector
            else "\twg.Wait()\n\tclose(results)\n")
    return ("package main\n\n" + _imports("fmt", "sync", "time")
            + "\nfunc worker(jobs chan int, results chan int, wg *sync.WaitGroup) {\n\tfor j := range jobs {\n"
            f"\t\ttime.Sleep({job_ms} * time.Millisecond)\n\t\tresults <- j * j\n\t}}\n\twg.Done()\n}}\n\n"
            f"func main() {{\n\tjobs := make(chan int, {jobs})\n\tresults := make(chan int"
            + (f", {results_cap})\n" if results_cap else ")\n")
            + f"\tvar wg sync.WaitGroup\n\tfor w := 0; w < {workers}; w++ {{\n\t\twg.Add(1)\n"
            "\t\tgo worker(jobs, results, &wg)\n\t}\n"
            f"\tfor j := 1; j <= {jobs}; j++ {{\n\t\tjobs <- j\n\t}}\n\tclose(jobs)\n" + tail
            + "\tsum := 0\n\tfor r := range results {\n\t\tsum += r\n\t}\n\tfmt.Println(\"sum\", sum)\n}\n")


OUTCOMES = ["it prints the sum", "fatal error: all goroutines are asleep - deadlock!"]


@_generator("ch9.outcome")
def _q_ch9_outcome(seed: int) -> Question:
    rng = _rng("ch9.outcome", seed)
    jobs = rng.randint(3, 8)
    workers = rng.randint(1, 3)
    collector = rng.random() < 0.3
    cap = rng.choice([0, rng.randint(1, jobs - 1), jobs])
    if seed < 3:
        cap, collector = [(0, False), (jobs, False), (0, True)][seed]
    src = _pool_src(jobs, workers, cap, collector)
    res = run(src, gomaxprocs=2, seed=0)
    answer = OUTCOMES[1] if "deadlock" in res.stderr else OUTCOMES[0] if res.stdout.startswith("sum") else res.stderr
    if collector:
        why = ("main starts reading results at once; a separate goroutine waits for the workers (wg.Wait) and then "
               "closes results, which ends main's range loop. Every send has a receiver, so nothing waits forever.")
    elif answer == OUTCOMES[0]:
        why = (f"main waits (wg.Wait) before it reads any result, so every result must fit in the buffer: "
               f"results has room for {cap} and there are {jobs} jobs. Each worker's send finds room "
               "(chansend: qcount < dataqsiz), the workers finish, Wait returns, main reads the buffer.")
    else:
        why = ("main waits for the workers (wg.Wait) before it reads any result, but results "
               + ("is unbuffered: a send waits for a receiver" if not cap else
                  f"has room for only {cap} of the {jobs} results: once it is full a send waits for a receiver")
               + ". The workers park in results' sendq, main sleeps in Wait (semacquire), nobody is left to run: "
               "checkdead finds no goroutine that can wake the others.")
    ev = _lines(res, ("CHANPARK", "PARK", "CHANCLOSE", "PRINT"), _main_start(res))
    return Question("ch9.outcome", seed, "Does this pool print its sum, or does it deadlock?", src, "choice",
                    answer, why, ev, choices=list(OUTCOMES), run_args={"gomaxprocs": 2})


@_generator("ch9.time")
def _q_ch9_time(seed: int) -> Question:
    rng = _rng("ch9.time", seed)
    jobs = rng.randint(4, 12)
    workers = rng.randint(1, 4)
    job_ms = rng.choice([1, 2, 3])
    if seed == 0:
        jobs, workers, job_ms = 8, 3, 2
    src = _pool_src(jobs, workers, 0, True, job_ms)
    res = run(src, gomaxprocs=1, seed=0)
    answer = round(elapsed_ms(res))
    rounds = -(-jobs // workers)
    why = (f"Each job sleeps {job_ms} ms; a sleeping worker needs no CPU, so the {workers} worker(s) sleep at the same "
           f"time, even on one P: the {jobs} jobs go in {rounds} round(s) of at most {workers}, {rounds} × {job_ms} ms "
           f"= {rounds * job_ms} ms. The CPU work between the sleeps takes microseconds (the model measured "
           f"{elapsed_ms(res):.3f} ms from main's start to the end).")
    return Question("ch9.time", seed, "How many milliseconds (simulated, rounded) does this program take, from main's "
                    "start to its end?", src, "int", answer, why,
                    _lines(res, ("TIMERADD", "TIMERFIRE", "PRINT"), _main_start(res), limit=24),
                    run_args={"gomaxprocs": 1})


FETCH_JOBS = 24
FETCH_BUDGET_MS = 7.0
FETCH_TOTAL = 10 * FETCH_JOBS * (FETCH_JOBS + 1) // 2


def _fetch_hint() -> str:
    return ("start several fetchers that all range over ids, and close pages once, after all of them are done "
            "(a sync.WaitGroup, and one goroutine that waits for it and then closes pages)")


@_exercise("ch9.exercise", f"Make the pipeline print \"total {FETCH_TOTAL}\" within {FETCH_BUDGET_MS:g} ms of simulated "
           f"time (keep fetch and its 1 ms sleep), with no goroutine left blocked at the end, at GOMAXPROCS 1 and 2.")
def _ex_ch9(src: Any) -> list[Optional[str]]:
    prog = _compile_learner(src)
    out: list[Optional[str]] = []
    for procs in (1, 2):
        for seed in (0, 1):
            res = prog.run(gomaxprocs=procs, seed=seed, max_time_ns=1_000_000_000, max_instructions=5_000_000)
            where = f"GOMAXPROCS={procs}, seed {seed}"
            ws = waits(res)
            sleeps = sum(1 for w in ws if w["what"] == "sleep")
            if res.stopped != "exit":
                out.append(f"{where}: the program did not finish within 1 s of simulated time.")
            elif "close of closed channel" in res.stderr:
                out.append(f"{where}: panic: close of closed channel. Every fetcher closed pages when its own loop "
                           "ended, so the second one to finish closed it again. A channel with several senders is "
                           "closed once, by someone who knows they are all done: " + _fetch_hint() + ".")
            elif "send on closed channel" in res.stderr:
                out.append(f"{where}: panic: send on closed channel. pages was closed while a fetcher still had a "
                           "page to send: close it only after every fetcher is done (wg.Wait first).")
            elif "deadlock" in res.stderr:
                stuck = sorted({f"{w['func']} waits for {_IN_WORDS.get(w['what'], w['what'])}" for w in ws
                                if w["t1"] is None})
                out.append(f"{where}: fatal error: all goroutines are asleep - deadlock! When it stopped: "
                           + "; ".join(stuck) + ". Nobody is left to wake them. If main waits for the fetchers "
                           "(wg.Wait) before it reads pages, the fetchers wait for main: wait in a goroutine of "
                           "its own and let main read.")
            elif res.exit_code != 0:
                out.append(f"{where}: the program exited with status {res.exit_code}:\n{res.stderr.strip()[:400]}")
            elif sleeps < FETCH_JOBS:
                out.append(f"{where}: only {sleeps} fetches slept; each of the {FETCH_JOBS} ids must go through fetch "
                           "and its 1 ms sleep (keep fetch as it is: it stands for a call to another service).")
            elif res.stdout.strip() != f"total {FETCH_TOTAL}":
                out.append(f"{where}: it printed {res.stdout.strip()!r}, not \"total {FETCH_TOTAL}\": main stopped "
                           "reading before every page was in. Its range over pages ends when pages is closed; if a "
                           "fetcher closes pages when its own loop ends, main stops while the others are still "
                           "fetching (and a second close would panic). Close pages once, after every fetcher is done: a "
                           "sync.WaitGroup, and one goroutine that waits for it and then closes pages.")
            elif elapsed_ms(res) > FETCH_BUDGET_MS:
                n = in_flight(res)
                out.append(f"{where}: it took {elapsed_ms(res):.1f} ms; at most {n} fetch(es) were in flight at once. "
                           f"{FETCH_JOBS} fetches of 1 ms take {FETCH_JOBS} ms one at a time; to finish in "
                           f"{FETCH_BUDGET_MS:g} ms at least {-(-FETCH_JOBS // int(FETCH_BUDGET_MS - 1))} must sleep at "
                           "the same time (a sleeping goroutine needs no P, so this works even at GOMAXPROCS=1): "
                           + _fetch_hint() + ".")
            elif stuck := leaked(res):
                out.append(f"{where}: it printed the right total, but when main returned these goroutines were "
                           "still blocked, and nothing would ever wake them (a goroutine leak; in a server that "
                           "keeps running they pile up): "
                           + "; ".join(f"G{g} ({fn}) in {why}" for g, fn, why in stuck) + ".")
            else:
                out.append(None)
    return out
