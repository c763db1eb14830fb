"""What GOGC and GOMEMLIMIT cost: GC CPU and peak memory over a workload.

Two models of the same question, side by side:

* ``guide_model``: the Go GC guide's interactive charts (``golang/website``,
  ``_content/doc/gc-guide.js``, ``gcModel``), ported as they are. The guide says its model
  "assumes the application is paused while the GC executes": when the heap reaches the goal
  ``live * (1 + GOGC/100)`` (at least 4 MiB, at most the memory limit minus other memory), the
  program stops for ``live/scanRate + fixedCost`` and the new heap is collected at once.
* ``simulate``: what the guide leaves out. The GC starts at the pacer's *trigger*, before the
  goal, and marks **concurrently**: 25% of the CPU goes to background mark workers while the
  program keeps running and allocating (those objects are allocated black, so they survive this
  cycle); if the program allocates faster than the GC can keep up, **mark assists** take more
  CPU from it. The trigger, goal and assist ratio come from the real pacer
  (``course/mgcpacer.py``), GOGC=off and the memory limit included. Go's GC CPU limiter
  (``mgclimit.go``) keeps the GC from taking more than half the CPU for long: a bucket of one
  CPU-second fills with GC time and drains with the program's; while it is full, assists are
  off (the background workers still run) and the heap overshoots its goal instead.

Units are the guide's: MiB and seconds. A workload is a list of ``Phase``s: ``duration`` seconds
of the program's own work (its CPU time at full speed), allocating ``alloc_rate`` MiB/s while it
runs; the GC scans ``scan_rate`` MiB/s when it has the whole machine; of what is allocated,
``new_survival_rate`` stays live, and ``old_death_rate`` of what was live dies over the phase.
GC CPU is the GC's share of all CPU time, as in the guide's "GC CPU = x%".

Simplified (both): sweeping is free and instant; no fragmentation (the heap is exactly the
objects in it). ``simulate`` also: the GC's scan work is the live heap when it starts (plus
stacks and globals if given); the assist rate is the idealised one of Go's ``TestGcPacer``
(utilization ``u = a*alloc / (a*alloc + scan)``, at least 25%); the limiter's bucket is one
second of the whole machine and ignores idle time; ``fixed_cost`` is split between the two
stop-the-world pauses.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import mgcpacer as P

__all__ = ["Phase", "WORKLOADS", "CostResult", "guide_model", "simulate", "sweep"]

MiB = 1 << 20


@dataclass(frozen=True)
class Phase:
    """A stretch of a workload (the guide's ``data-workload`` entries)."""

    duration: float  # seconds of the program's own work
    alloc_rate: float  # MiB allocated per second of that work
    scan_rate: float  # MiB the GC scans per second with the whole machine
    new_survival_rate: float  # fraction of new allocation that stays live
    old_death_rate: float  # fraction of the live heap at the phase's start that dies during it


# Workloads in the spirit of the guide's charts: a steady state, a transient spike, a live-heap ramp.
WORKLOADS: dict[str, list[Phase]] = {
    "steady": [Phase(10.0, 200.0, 2048.0, 0.01, 0.02)],
    "spike": [Phase(4.0, 200.0, 2048.0, 0.01, 0.02), Phase(0.5, 400.0, 2048.0, 0.2, 0.0),
              Phase(4.0, 200.0, 2048.0, 0.01, 0.25)],
    "ramp": [Phase(10.0, 200.0, 2048.0, 0.05, 0.0)],
}


@dataclass
class CostResult:
    """What a run cost. Per-cycle arrays have one entry per GC; the timeline is for plotting."""

    model: str  # "guide" or "concurrent"
    gc_cpu_fraction: float  # GC CPU time / all CPU time
    peak_heap: float  # MiB
    peak_memory: float  # MiB: peak heap + other memory
    cycles: int
    mutator_seconds: float  # the program's own CPU time (the workload's total duration)
    wall_seconds: float
    gc_seconds: dict  # GC CPU seconds by kind: "stw", "background", "assist"
    limited_seconds: float  # time the GC CPU limiter turned assists off (concurrent model)
    t_start: np.ndarray  # per cycle: when the GC started (s) ...
    t_end: np.ndarray  # ... and ended
    heap_marked: np.ndarray  # MiB live after the previous cycle
    trigger: np.ndarray  # MiB: heap when the GC started
    goal: np.ndarray  # MiB: the heap goal of the cycle
    peak: np.ndarray  # MiB: heap when the cycle ended
    utilization: np.ndarray  # GC CPU share during marking (1.0 for the guide: the program is paused)
    t: np.ndarray = field(repr=False, default=None)  # timeline: time (s) ...
    heap: np.ndarray = field(repr=False, default=None)  # ... total heap (MiB) ...
    live: np.ndarray = field(repr=False, default=None)  # ... and the part of it that is live

    @property
    def assist_fraction(self) -> float:
        """Assists' share of all CPU time."""
        total = self.mutator_seconds + sum(self.gc_seconds.values())
        return self.gc_seconds.get("assist", 0.0) / total if total else 0.0

    def step_line(self, name: str = "goal") -> tuple[np.ndarray, np.ndarray]:
        """(time s, MiB) of a per-cycle value as steps beside the timeline: cycle k's ``goal``
        (or ``trigger`` ...) from the end of cycle k-1 to its own end."""
        from .pacer import _step_line
        return _step_line(self.t_end, getattr(self, name))

    def caption(self) -> str:
        """The guide's caption: ``GC CPU = x%, Peak Mem = y MiB``."""
        return f"GC CPU = {self.gc_cpu_fraction * 100:.1f}%, Peak Mem = {self.peak_memory:.1f} MiB"


def _gogc(gogc) -> float:
    if gogc is None or gogc == "off" or (isinstance(gogc, (int, float)) and (gogc < 0 or math.isinf(gogc))):
        return math.inf
    return float(gogc)


def guide_model(workload: list[Phase], gogc=100, memory_limit: float = math.inf, other_mem: float = 0.0,
                fixed_cost: float = 0.001, initial_live: float = 0.0) -> CostResult:
    """The Go GC guide's model (gc-guide.js, gcModel): the program stops while the GC runs.

    ``gogc`` is a number, or ``"off"``/``None``/a negative number/infinity for off."""
    g = _gogc(gogc)
    minHeapGoal = 4.0

    def computeHeapGoal(liveHeap: float) -> float:
        heapGoal = liveHeap * (1.0 + g / 100) if g != math.inf else math.inf
        if heapGoal + other_mem > memory_limit:
            heapGoal = memory_limit - other_mem
        if g != math.inf and heapGoal < minHeapGoal:
            heapGoal = minHeapGoal
        if heapGoal < liveHeap + 0.0625:
            heapGoal = liveHeap + 0.0625
        return heapGoal

    t = 0.0
    liveHeap = initial_live
    newHeap = 0.0
    heapGoal = computeHeapGoal(minHeapGoal / (1 + g / 100)) if initial_live == 0 else computeHeapGoal(initial_live)
    ts, heaps, lives = [0.0], [liveHeap], [liveHeap]
    cyc = {k: [] for k in ("t_start", "t_end", "marked", "goal", "peak")}
    nextLive = 0.0
    totalMutTime = 0.0
    gc_time = 0.0
    for work in workload:
        left = work.duration
        lastLive = liveHeap + nextLive
        willLive = work.duration * work.alloc_rate * work.new_survival_rate
        willDie = lastLive * work.old_death_rate
        while left > 0:
            alloc = left * work.alloc_rate
            endCycle = False
            if liveHeap + newHeap + alloc > heapGoal:
                alloc = heapGoal - liveHeap - newHeap
                endCycle = True
            newHeap += alloc
            mutTime = alloc / work.alloc_rate
            left -= mutTime
            t += mutTime
            totalMutTime += mutTime
            nextLive += (willLive - willDie) * (mutTime / work.duration)
            if endCycle:
                ts.append(t)
                heaps.append(liveHeap + newHeap)
                lives.append(liveHeap + nextLive)
                cyc["t_start"].append(t)
                cyc["marked"].append(liveHeap)
                cyc["goal"].append(heapGoal)
                cyc["peak"].append(liveHeap + newHeap)
                liveHeap += nextLive
                nextLive = 0.0
                newHeap = 0.0
                gcTime = liveHeap / work.scan_rate + fixed_cost
                t += gcTime
                gc_time += gcTime
                cyc["t_end"].append(t)
                ts.append(t)
                heaps.append(liveHeap)
                lives.append(liveHeap)
                heapGoal = computeHeapGoal(liveHeap)
            if left < 1e-12 * max(1.0, work.duration):
                left = 0.0  # float round-off after the last cycle of a phase
        ts.append(t)
        heaps.append(liveHeap + newHeap)
        lives.append(liveHeap + nextLive)
    heap = np.array(heaps)
    n = len(cyc["t_start"])
    return CostResult(
        model="guide", gc_cpu_fraction=(t - totalMutTime) / t if t else 0.0,
        peak_heap=float(heap.max()), peak_memory=float(heap.max()) + other_mem, cycles=n,
        mutator_seconds=totalMutTime, wall_seconds=t, gc_seconds={"stw": gc_time, "background": 0.0, "assist": 0.0},
        limited_seconds=0.0,
        t_start=np.array(cyc["t_start"]), t_end=np.array(cyc["t_end"]), heap_marked=np.array(cyc["marked"]),
        trigger=np.array(cyc["goal"]), goal=np.array(cyc["goal"]), peak=np.array(cyc["peak"]),
        utilization=np.ones(n), t=np.array(ts), heap=heap, live=np.array(lives))


def simulate(workload: list[Phase], gogc=100, memory_limit: float = math.inf, other_mem: float = 0.0, *,
             fixed_cost: float = 0.001, initial_live: float = 0.0, gomaxprocs: int = 8,
             limiter: bool = True, stacks: float = 0.0, globals_: float = 0.03125, step: float = 0.0005,
             version: str = "newest") -> CostResult:
    """The concurrent GC, paced by Go's pacer: the same workload and knobs as ``guide_model``.

    ``limiter`` is Go's GC CPU limiter (on since Go 1.19). ``stacks`` and ``globals_`` (MiB; 32 KiB of globals, as in Go's pacer tests) are
    scanned every cycle and count in the GOGC goal.
    ``step`` is the pacer's revise period while marking (seconds)."""
    g = _gogc(gogc)
    gcPercent = -1 if g == math.inf else int(g)
    limit = P.maxInt64 if memory_limit == math.inf else int(memory_limit * MiB)
    c, cf = P.newController(gcPercent, limit, version)
    P.addGlobals(c, cf, int(globals_ * MiB))
    P.addScannableStack(c, cf, np.zeros(1, np.int64), -1, int(stacks * MiB))
    other = int(other_mem * MiB)
    fixed_cost = max(fixed_cost, 0.0)
    bucket = 0.0  # gcCPULimiter's bucket: GC seconds minus program seconds, in [0, 1]
    limited = 0.0  # seconds spent limiting

    # The heap in bytes: `marked` survived the last GC; `new` was allocated since (its live part
    # is tracked in `live`, the program's true live heap).
    live = float(initial_live * MiB)
    # An initial live heap is treated as marked (and scanned) by a GC before the run starts.
    c[P.C_HEAPMARKED] = c[P.C_HEAPLIVE] = c[P.C_HEAPSCAN] = c[P.C_LASTHEAPSCAN] = int(live)
    P.commit(c, cf, True)
    heap = float(live)
    t = 0.0
    mut = 0.0
    gc = {"stw": 0.0, "background": 0.0, "assist": 0.0}
    ts, heaps, lives = [0.0], [heap / MiB], [live / MiB]
    cyc = {k: [] for k in ("t_start", "t_end", "marked", "trigger", "goal", "peak", "u")}

    def set_memstats(heap_bytes: float) -> None:
        # mappedReady = heap + other memory: the memory-limit goal sees `other` as non-heap.
        c[P.C_HEAPLIVE] = int(heap_bytes)
        c[P.C_TOTALALLOC] = int(heap_bytes)
        c[P.C_TOTALFREE] = 0
        c[P.C_MAPPEDREADY] = int(heap_bytes) + other

    phases = [(ph, ph.duration) for ph in workload if ph.duration > 0]
    pi = 0
    # Per-phase live-heap change, spread over the phase's work (the guide's willLive - willDie).
    phase_live0 = live

    def dlive(ph: Phase, work: float, base: float) -> float:
        return (ph.duration * ph.alloc_rate * MiB * ph.new_survival_rate - base * ph.old_death_rate) * (work / ph.duration)

    while pi < len(phases):
        ph, left = phases[pi]
        rate = ph.alloc_rate * MiB  # bytes per second of program work
        set_memstats(heap)
        trig, _ = P.trigger(c, cf)
        # Run the program alone until the heap reaches the trigger or the phase ends.
        work = min(left, max(0.0, (float(trig) - heap) / rate))
        bucket = max(0.0, bucket - work)
        heap += rate * work
        live += dlive(ph, work, phase_live0)
        t += work
        mut += work
        left -= work
        ts.append(t)
        heaps.append(heap / MiB)
        lives.append(live / MiB)
        if left <= 1e-12 * max(1.0, ph.duration):
            pi += 1
            if pi < len(phases):
                phase_live0 = live
            continue
        # gcStart: sweep termination (stop the world), then concurrent mark.
        set_memstats(heap)
        cyc["t_start"].append(t)
        cyc["marked"].append(c[P.C_HEAPMARKED] / MiB)
        cyc["trigger"].append(heap / MiB)
        t += fixed_cost / 2
        gc["stw"] += fixed_cost / 2
        bucket = min(1.0, bucket + fixed_cost / 2)
        c[P.C_HEAPSCAN] = int(heap)
        c[P.C_MAXSTACKSCAN] = int(stacks * MiB)
        P.startCycle(c, cf, 0, gomaxprocs, P.gcTriggerHeap)
        cyc["goal"].append(P.heapGoal(c, cf) / MiB)
        live_start, heap_start = max(live, 0.0), heap
        todo = [float(globals_ * MiB), float(stacks * MiB), live_start]  # the GC's scan work
        scan = ph.scan_rate * MiB
        mark_time = 0.0
        assist_ns = 0.0
        u_time = 0.0
        while sum(todo) > 0.5:
            a = float(cf[P.F_ASSISTWORKPERBYTE])
            u = a * rate / (a * rate + scan)
            u = max(u, P.gcBackgroundUtilization)
            if limiter and bucket >= 1.0:
                u = P.gcBackgroundUtilization  # limiting: no assists
                limited += step
            dt = step
            need = sum(todo) / (scan * u)
            if need < dt:
                dt = need
            scanned = scan * u * dt
            done = [0.0, 0.0, 0.0]
            s = scanned
            for k in range(3):  # globals, then stacks, then heap (as Go's test harness does)
                d = min(todo[k], s)
                todo[k] -= d
                done[k] = d
                s -= d
            w = (1 - u) * dt  # the program's work in this step: it allocates black
            last = pi + 1 >= len(phases)
            if last and w > left:
                w = max(left, 0.0)  # the program finishes during this cycle
            heap += rate * w
            live += dlive(ph, w, phase_live0)
            left -= w
            mut += w
            t += dt
            bucket = min(1.0, max(0.0, bucket + (u - (1 - u)) * dt))
            mark_time += dt
            u_time += u * dt
            gc["background"] += P.gcBackgroundUtilization * dt
            gc["assist"] += (u - P.gcBackgroundUtilization) * dt
            assist_ns += (u - P.gcBackgroundUtilization) * dt * 1e9 * gomaxprocs
            set_memstats(heap)
            c[P.C_GLOBALSSCANWORK] += int(done[0])
            c[P.C_STACKSCANWORK] += int(done[1])
            c[P.C_HEAPSCANWORK] += int(done[2])
            P.revise(c, cf)
            ts.append(t)
            heaps.append(heap / MiB)
            lives.append(live / MiB)
            if left <= 0 and last:
                break  # the program has exited; this GC never finishes
            if left <= 0:
                # The phase ends during marking: the next one's rates apply from here.
                pi += 1
                phase_live0 = live
                ph, left = phases[pi]
                rate = ph.alloc_rate * MiB
                scan = ph.scan_rate * MiB
        # gcMarkDone -> mark termination (stop the world); sweeping is free here.
        t += fixed_cost / 2
        gc["stw"] += fixed_cost / 2
        bucket = min(1.0, bucket + fixed_cost / 2)
        cyc["t_end"].append(t)
        cyc["peak"].append(heap / MiB)
        cyc["u"].append(u_time / mark_time if mark_time else 1.0)
        c[P.C_ASSISTTIME] = int(assist_ns)
        P.endCycle(c, cf, int(mark_time * 1e9), gomaxprocs, False)
        # What survives: the live heap the GC found, plus everything allocated black while it ran
        # (some of it already garbage: floating garbage, freed by the next cycle).
        marked = min(heap, live_start + (heap - heap_start))
        P.resetLive(c, cf, int(marked))
        P.commit(c, cf, True)
        heap = float(marked)
        ts.append(t)
        heaps.append(heap / MiB)
        lives.append(live / MiB)
        phases[pi] = (ph, left)
        if left <= 1e-12 * max(1.0, ph.duration):
            pi += 1
            if pi < len(phases):
                phase_live0 = live
    heap_arr = np.array(heaps)
    total_gc = sum(gc.values())
    return CostResult(
        model="concurrent", gc_cpu_fraction=total_gc / (total_gc + mut) if total_gc + mut else 0.0,
        peak_heap=float(heap_arr.max()), peak_memory=float(heap_arr.max()) + other_mem,
        cycles=len(cyc["t_start"]), mutator_seconds=mut, wall_seconds=t, gc_seconds=gc, limited_seconds=limited,
        t_start=np.array(cyc["t_start"]), t_end=np.array(cyc["t_end"]), heap_marked=np.array(cyc["marked"]),
        trigger=np.array(cyc["trigger"]), goal=np.array(cyc["goal"]), peak=np.array(cyc["peak"]),
        utilization=np.array(cyc["u"]), t=np.array(ts), heap=heap_arr, live=np.array(lives))


def sweep(workload: list[Phase], gogcs=(25, 50, 100, 200, 400, 800), *, model: str = "concurrent",
          **kw) -> dict[str, np.ndarray]:
    """GC CPU, peak memory and cycles for each GOGC (the guide's slider, as arrays for a chart)."""
    run = simulate if model == "concurrent" else guide_model
    rs = [run(workload, g, **kw) for g in gogcs]
    return {"gogc": np.array([_gogc(g) for g in gogcs]),
            "gc_cpu": np.array([r.gc_cpu_fraction for r in rs]),
            "peak_memory": np.array([r.peak_memory for r in rs]),
            "cycles": np.array([r.cycles for r in rs])}
