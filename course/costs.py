"""The cost model: how many simulated nanoseconds each instruction and runtime operation takes.

The model does not measure time; it *charges* it. Every instruction a G executes and every
runtime operation (a ``go`` statement, a context switch, a steal, a wake-up) advances the
clock of the M doing it by a fixed cost from this table. Sysmon's 20 µs–10 ms ticks, the
10 ms preemption slice, sleeps and timers all live on that clock, so a program's schedule
follows from these numbers the way a real schedule follows from the machine's speed.

The defaults were calibrated against the real Go 1.19 runtime on the course's reference
machine (2 cores, linux/amd64) with the programs in ``bench/calibrate/``: each cost is the
median time per operation of a microbenchmark that does mostly that operation
(``bench/calibrate/costs_measured.json`` holds the measurements and ``bench/README.md`` says
how to re-measure). Where one Go operation is several of ours (a Gosched is ``C_GOSCHED`` +
``C_SCHEDULE``), the parts were chosen so that their sum matches the measurement.

What is not modelled: caches, memory bandwidth, the OS scheduler, lock contention between
Ps (an M's operation never waits for another M's lock), and the variance of real timings.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

C_INSTR = 0  # one simple instruction (arithmetic, compare, move, branch), in PICOseconds
C_CALL = 1  # a function call and its return
C_NEWPROC = 2  # go f(): newproc1 (gfget or malg, frame set-up) + runqput
C_GOEXIT = 3  # goexit0 + gfput
C_SCHEDULE = 4  # schedule() + findRunnable fast path + execute + gogo (a context switch)
C_GOSCHED = 5  # goschedImpl: lock sched, globrunqput
C_PARK = 6  # gopark + park_m
C_READY = 7  # goready: runqput + wakep check
C_STEALPROBE = 8  # stealWork: looking at one victim P
C_STEAL = 9  # runqgrab/runqsteal that takes Gs
C_WAKEM = 10  # notewakeup of a parked M until it runs (futex wake)
C_NEWM = 11  # creating a new M (a thread)
C_SYSCALL = 12  # a write(2) of a short line (entersyscall .. exitsyscall)
C_FMT = 13  # fmt's formatting of one print call
C_TIMERADD = 14  # addtimer / resetForSleep
C_TIMERRUN = 15  # runtimer of one expired timer
C_PREEMPTSIG = 16  # from sysmon's preemptone to the G stopping (async preemption signal)
C_STEALNEXTWAIT = 17  # runqgrab's usleep(3) before taking a running P's runnext
C_STRING = 18  # a string concatenation (allocation + copy of short strings)
C_ALLOC = 19  # a small heap allocation (closure, cell, defer record)
C_GLOBRUNQ = 20  # globrunqget / globrunqput under sched.lock
C_NETPOLLWAKE = 21  # an M blocked in netpoll waking at its deadline
C_CHANOP = 22  # lock, check and unlock a channel (chansend/chanrecv/closechan/a select case)
C_SYNCOP = 23  # one atomic operation on a sync word (Lock's CAS, Unlock's add, WaitGroup.Add ...)
C_PROCYIELD = 24  # one spin of a contended Lock: procyield(30), 30 PAUSE instructions
C_SEMA = 25  # semacquire/semrelease's slow path: lock the semaRoot, queue or dequeue a sudog
C_NCOLS = 32


@dataclass(frozen=True)
class CostModel:
    """Simulated nanoseconds per operation. ``CostModel()`` is the calibrated default."""

    instr: int = 270  # picoseconds: a Go loop iteration (≈3 of our instructions) is 0.8 ns
    call: int = 2
    newproc: int = 300
    goexit: int = 100
    schedule: int = 60
    gosched: int = 35
    park: int = 60
    ready: int = 40
    stealprobe: int = 15
    steal: int = 60
    wakem: int = 5_000
    newm: int = 30_000
    syscall: int = 300
    fmt: int = 170
    timeradd: int = 60
    timerrun: int = 60
    preemptsig: int = 2_000
    stealnextwait: int = 3_000
    string: int = 70
    alloc: int = 20
    globrunq: int = 20
    netpollwake: int = 5_000
    chanop: int = 25
    # sync (not calibrated on an idle machine: measured on the reference machine under load,
    # an uncontended Lock+Unlock took 56-67 ns and Add+Done 70-103 ns while an empty loop
    # iteration took 1.3-2.3 ns (0.8 ns idle): scaled, ~12 ns per atomic sync operation;
    # procyield: PAUSE is ~40 cycles there, so procyield(30) is ~1200 cycles)
    syncop: int = 12
    procyield: int = 400
    sema: int = 30

    def array(self) -> np.ndarray:
        a = np.zeros(C_NCOLS, dtype=np.int64)
        for i, v in enumerate(asdict(self).values()):
            a[i] = v
        return a
