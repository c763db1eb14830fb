"""Programs and runs: the public face of the simulated runtime.

``course.compile(src)`` gives a ``Program``; ``Program.run(...)`` runs it on the model and
returns a ``Result`` with what the program printed, its exit status, statistics and the full
event trace. The run starts the way a real Go program starts (``schedinit``, ``procresize``,
``newproc(runtime.main)``, then ``runtime.main``'s own goroutines before ``main.main``) and
ends the way it ends: ``main.main`` returns, a panic, or a deadlock, in Go's words.
"""
from __future__ import annotations

import mmap
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np

from . import isa, mgc, mgcpacer
from .costs import CostModel
from .runtime2 import *  # noqa: F403
from .traceev import TP_NCOLS


# P0's schedtick when main.main starts: the init goroutines above ran from the ring twice.
STARTUP_SCHEDTICK = 2
STARTUP_NS = 50_000  # process start-up before runtime.main starts sysmon (≈ real)
INIT_NS = 150_000  # runtime.main's package initialisation (runtime, os, fmt ...) before main.main
# ncpu as the runtime sees it: the course's reference machine has 2 cores (the costs are
# calibrated there); it matters only to sync_runtime_canSpin (ncpu > 1), whatever GOMAXPROCS is
NCPU = 2

DEFAULT_INSTR_LIMIT = 4_000_000_000
DEFAULT_TIME_LIMIT_NS = 24 * 3600 * 1_000_000_000


def _parse_godebug(s: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in (s or "").split(","):
        if "=" in part:
            k, v = part.split("=", 1)
            try:
                out[k.strip()] = int(v)
            except ValueError:
                pass
    return out


def _with_runtime_funcs(image: isa.Image) -> tuple[isa.Image, int]:
    """Append the runtime's own goroutine bodies (here: runfinq, which parks) to the image."""
    name = "runtime.runfinq"
    if name in image.func_names:
        return image, image.func_names.index(name)
    strings = list(image.strings)
    strings.append(name)
    fid = len(image.funcs)
    pc = len(image.code)
    code = np.vstack([image.code, np.array([[isa.OP_BLOCK, waitReasonFinalizerWait, 0, 0, 0]], dtype=np.int64)])
    lines = np.vstack([image.lines, np.zeros((1, 2), dtype=image.lines.dtype)])
    funcs = np.vstack([image.funcs, np.array([[pc, 0, 0, isa.FRAME_HDR, len(strings) - 1, isa.FUNC_RUNTIME]], dtype=np.int64)])
    img = isa.Image(code=code, lines=lines, funcs=funcs, strings=strings, prints=list(image.prints),
                    entry=image.entry, nglobals=image.nglobals, filename=image.filename,
                    source=image.source, func_names=list(image.func_names) + [name])
    return img, fid


def _seed_rng(seed: int, n: int) -> np.ndarray:
    """Each M's fastrand state from the run's seed (splitmix64), as mcommoninit seeds it from
    the M's id and a per-process random seed: a seed gives the same trace on every machine."""
    out = np.zeros(n, dtype=np.uint64)
    mask = (1 << 64) - 1
    for i in range(n):
        z = (seed * 0x9E3779B97F4A7C15 + (i + 1) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        out[i] = z ^ (z >> 31)
    return out


def new_state(image: isa.Image, *, gomaxprocs: int, seed: int, godebug: dict[str, int], trace: bool,
              costs: CostModel, runnext: bool, max_events: int, sizes: Optional[dict[str, int]] = None,
              writebarrier: bool = True, gcpercent: int = 100, memlimit: int = (1 << 63) - 1) -> State:
    """The state arrays, sized for a small program or as ``sizes`` says (rows per growable
    array, from an earlier run of the same program); they grow on demand."""
    sz = sizes or {}
    ng, nm, nstack, nheap = sz.get("allg", 64), sz.get("allm", 16), sz.get("stack", 8192), sz.get("heap", 4096)
    strbytes = b"".join(s.encode() for s in image.strings)
    S = State(
        sched=np.zeros(S_NCOLS, dtype=np.int64),
        allg=np.zeros((ng, G_NCOLS), dtype=np.int64),
        allm=np.zeros((nm, M_NCOLS), dtype=np.int64),
        allp=np.zeros((MAXPROCS, P_NCOLS), dtype=np.int64),
        runq=np.full((MAXPROCS, RUNQ_SIZE), -1, dtype=np.int64),
        ptimers=np.full((MAXPROCS, 16), -1, dtype=np.int64),
        timers=np.zeros((16, TM_NCOLS), dtype=np.int64),
        stack=np.zeros(nstack, dtype=np.int64),
        heap=np.zeros(nheap, dtype=np.int64),
        globals=np.zeros(max(1, image.nglobals), dtype=np.int64),
        strbuf=np.zeros(max(256, 2 * len(strbytes)), dtype=np.uint8),
        strtab=np.zeros((max(64, 2 * len(image.strings)), 2), dtype=np.int64),
        rng=_seed_rng(seed, nm),
        # not zeroed: only rows below S_NTRACE are ever read, and zeroing a large array (calloc
        # below glibc's mmap threshold is a memset) cost as much as writing the events
        trace=trace_array(sz.get("trace", 4096)) if trace else np.empty((2048, TP_NCOLS), dtype=np.int64),  # packed rows (course.traceev)
        out=np.zeros((sz.get("out", 256), O_NCOLS), dtype=np.int64),
        outargs=np.zeros(sz.get("outargs", 1024), dtype=np.int64),
        code=np.ascontiguousarray(image.code, dtype=np.int64),
        funcs=np.ascontiguousarray(image.funcs, dtype=np.int64),
        costs=costs.array(),
        pdesc=np.array([1 if d.is_syscall else 0 for d in image.prints] or [0], dtype=np.int64),
        chans=np.zeros((16, HC_NCOLS), dtype=np.int64),
        chanbuf=np.zeros(256, dtype=np.int64),
        sudogs=np.zeros((64, SG_NCOLS), dtype=np.int64),
        scratch=np.zeros(6 * 1024, dtype=np.int64),
        syncs=np.zeros((sz.get("syncs", 16), SY_NCOLS), dtype=np.int64),
        semas=np.zeros((sz.get("semas", 32), SM_NCOLS), dtype=np.int64),
        objheap=np.zeros(sz.get("objheap", 1024), dtype=np.int64),
        gcc=np.zeros(mgcpacer.C_NCOLS, dtype=np.int64),
        gccf=np.zeros(mgcpacer.F_NCOLS, dtype=np.float64),
    )
    # gcinit: gcController.init(readGOGC(), readGOMEMLIMIT()), with Go 1.19's pacer rules
    mgcpacer.init(S.gcc, S.gccf, int(gcpercent), int(memlimit), mgcpacer.GO_1_19)
    off = 0
    for i, s in enumerate(image.strings):
        b = s.encode()
        S.strbuf[off:off + len(b)] = np.frombuffer(b, dtype=np.uint8) if b else 0
        S.strtab[i] = (off, len(b))
        off += len(b)
    sc = S.sched
    sc[S_NSTRINGS] = len(image.strings)
    sc[S_STRBUFTOP] = off
    for k in (S_RUNQHEAD, S_RUNQTAIL, S_PIDLE, S_MIDLE, S_GFREE, S_TIMERFREE, S_NETPOLLM, S_FATALG, S_SUDOGFREE, S_GREY):
        sc[k] = -1
    sc[S_STACKFREE0:S_STACKFREE0 + 32] = -1
    sc[S_OBJTOP] = 64  # objheap[0:64]: the free lists' heads (course.malloc.OBJ_FREELISTS)
    sc[S_GOMAXPROCS] = gomaxprocs
    sc[S_NMSYS] = 1  # sysmon runs on its own M, without a P
    sc[S_SCHEDTRACE] = godebug.get("schedtrace", 0)
    sc[S_SCHEDDETAIL] = godebug.get("scheddetail", 0)
    sc[S_ASYNCPREEMPTOFF] = godebug.get("asyncpreemptoff", 0)
    sc[S_GCTRACE] = godebug.get("gctrace", 0)
    sc[S_GCCHECKMARK] = godebug.get("gccheckmark", 0)
    sc[S_LASTTRACE] = -(1 << 60)
    sc[S_TRACEON] = 1 if trace else 0
    sc[S_MAXEVENTS] = max_events
    sc[S_RUNNEXT_OFF] = 0 if runnext else 1
    sc[S_WBOFF] = 0 if writebarrier else 1
    sc[S_GOVERSION] = 119
    sc[S_NCPU] = NCPU
    sc[S_STARTTIME] = 0
    sc[S_SYSMON_DELAY] = SYSMON_MIN_DELAY_US
    sc[S_SYSMON_WHEN] = STARTUP_NS + SYSMON_MIN_DELAY_US * 1000
    S.allm[:, M_P] = -1
    return S


def trace_array(rows: int) -> np.ndarray:
    """The trace array (``rows`` packed events, course.traceev ``TP_*``), in a private anonymous
    mapping of its own where the OS has mremap, so that ``grow_trace`` can enlarge it in place
    without copying; else (or if mapping fails) ``np.empty``. Not zeroed: only rows below
    S_NTRACE are ever read, and pages no event reaches never become memory."""
    nbytes = rows * TP_NCOLS * 8
    if _MREMAP:
        try:
            mm = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
            _hugepages(mm)
            return np.frombuffer(mm, dtype=np.int64).reshape(rows, TP_NCOLS)
        except (OSError, ValueError, AttributeError):
            pass
    return np.empty((rows, TP_NCOLS), dtype=np.int64)


_MREMAP = sys.platform.startswith("linux") and hasattr(mmap, "MAP_PRIVATE") and hasattr(mmap, "MAP_ANONYMOUS")


def _hugepages(mm: mmap.mmap) -> None:
    """Transparent huge pages for a mapping of 4 MiB or more, as numpy asks for its own arrays
    (each page fault then maps 2 MiB, not 4 KiB). Again after each mremap: the flag is the
    mapping's, and a mapping that started small never had it."""
    if len(mm) >= 1 << 22 and hasattr(mmap, "MADV_HUGEPAGE"):
        try:
            mm.madvise(mmap.MADV_HUGEPAGE)
        except OSError:
            pass


_NO_TRACE = np.empty((0, TP_NCOLS), dtype=np.int64)


def _mapping(a: np.ndarray) -> Optional[mmap.mmap]:
    while isinstance(a, np.ndarray):
        a = a.base
    if isinstance(a, memoryview):  # np.frombuffer's base
        a = a.obj
    return a if isinstance(a, mmap.mmap) else None


def grow_trace(box: list) -> np.ndarray:
    """Room for more events (GROW_TRACE): the trace array ``box.pop()`` twice as long, with the
    rows recorded so far. Where it is a mapping of its own (``trace_array``) that nothing else
    holds, mremap enlarges it (the kernel moves page tables; no row is copied); else a new
    array and a copy of the recorded rows (``runtime2.grow`` would also zero it and copy the
    rows past S_NTRACE, which are never read). The caller passes the only reference it holds
    in ``box``, so that none is left while the mapping is resized."""
    a = box.pop()
    rows = a.shape[0]
    mm = _mapping(a)
    if mm is not None and a.flags.c_contiguous and a.nbytes == len(mm):
        del a
        try:
            mm.resize(2 * rows * TP_NCOLS * 8)
            _hugepages(mm)
            return np.frombuffer(mm, dtype=np.int64).reshape(2 * rows, TP_NCOLS)
        except (BufferError, OSError, SystemError, ValueError):  # still exported elsewhere; no mremap
            a = np.frombuffer(mm, dtype=np.int64).reshape(rows, TP_NCOLS)
    new = trace_array(2 * rows)
    new[:rows] = a  # (the rows past S_NTRACE too: it is not told S_NTRACE; copying them is cheap beside mapping)
    return new


def boot(S: State, image: isa.Image, runfinq: int, uses_fmt: bool) -> None:
    """The program's start (engine.rt0_go): G1 runs runtime.main; the runtime's own
    goroutines wait; main.main is next."""
    from . import engine

    mgc.gcinit(S, uses_fmt, image.nglobals)
    engine.rt0_go(S, image.entry, runfinq, uses_fmt, STARTUP_NS, INIT_NS, STARTUP_SCHEDTICK)


@dataclass
class Result:
    """What a run gives back. ``stdout``/``stderr``/``exit_code`` are what the real program
    gives; ``trace`` is every scheduler decision (see ``course.trace.Trace``); ``stats`` counts
    them; ``sim_time_ns`` is the simulated time the program took."""

    stdout: str
    stderr: str
    exit_code: int
    stats: dict[str, int]
    sim_time_ns: int
    trace: Any
    state: State = field(repr=False)
    stopped: str = "exit"  # "exit"; "limit" when a budget ran out first; "paused" at max_events

    @property
    def output(self) -> str:
        return self.stdout


STAT_NAMES = {
    "gosched": S_STAT_GOSCHED, "preemptions": S_STAT_PREEMPT, "steals": S_STAT_STEAL,
    "stolen_goroutines": S_STAT_STOLEN, "context_switches": S_STAT_CSW, "syscalls": S_STAT_SYSCALL,
    "syscall_handoffs": S_STAT_HANDOFF, "goroutines_created": S_STAT_GOCREATE,
    "goroutines_exited": S_STAT_GOEXIT, "parks": S_STAT_PARK, "schedtick61_checks": S_STAT_SCHEDTICK61,
    "runqputslow": S_STAT_RUNQPUTSLOW, "globrunqget": S_STAT_GLOBRUNQGET, "instructions": S_STAT_INSTR,
    "wakep": S_STAT_WAKEP, "stopm": S_STAT_STOPM, "timers_run": S_STAT_TIMERS,
    "max_goroutines": S_STAT_MAXG, "trace_events_lost": S_TRACELOST,
}


def _first_compile_notice() -> None:
    """Say so when numba is about to compile the model (the first run on a machine)."""
    from . import engine
    from ._jit import JIT_ENABLED

    if not JIT_ENABLED or getattr(engine.run, "signatures", None):
        return
    import glob

    from ._jit import _CACHE_DIR

    cached = bool(glob.glob(os.path.join(_CACHE_DIR, "**", "engine.run-*.nbi"), recursive=True))
    if not cached:
        print("course: compiling the runtime model with numba (first run only: 3 to 10 minutes, longer on a busy machine; later runs load it in a second or two)…",
              file=sys.stderr, flush=True)


class Program:
    """A compiled Go program, ready to run on the simulated runtime."""

    def __init__(self, image: isa.Image):
        self.image, self._runfinq = _with_runtime_funcs(image)
        self.uses_fmt = any(not d.to_stderr for d in image.prints)
        self._sizes: dict[bool, dict[str, int]] = {}  # array sizes its last run reached, by trace on/off

    @property
    def source(self) -> str:
        return self.image.source

    def _boot_state(self, *, gomaxprocs: Optional[int] = None, seed: int = 0, godebug: Optional[str] = None,
             env: Optional[dict[str, str]] = None, trace: bool = True, costs: Optional[CostModel] = None,
             runnext: bool = True, max_events: int = 0, sizes: Optional[dict[str, int]] = None,
             writebarrier: bool = True) -> State:
        """The state of a run about to start (``run``'s settings, read from ``env`` as Go reads
        GOMAXPROCS, GODEBUG, GOGC and GOMEMLIMIT), booted: main.main's G is ready. ``run`` runs
        it; the views' stepped re-run (``course.viz.frames``) runs the same state event by event."""
        envd = dict(os.environ if env is None else env)
        if gomaxprocs is None:
            try:
                gomaxprocs = int(envd.get("GOMAXPROCS", "")) if envd.get("GOMAXPROCS") else (os.cpu_count() or 1)
            except ValueError:
                gomaxprocs = os.cpu_count() or 1
        if not 1 <= gomaxprocs <= MAXPROCS:
            raise ValueError(f"gomaxprocs must be between 1 and {MAXPROCS}, got {gomaxprocs}")
        if godebug is None:
            godebug = envd.get("GODEBUG", "")
        S = new_state(self.image, gomaxprocs=gomaxprocs, seed=seed, godebug=_parse_godebug(godebug),
                      trace=trace, costs=costs or CostModel(), runnext=runnext, max_events=max_events,
                      sizes=sizes, writebarrier=writebarrier, gcpercent=mgcpacer.readGOGC(envd.get("GOGC")),
                      memlimit=mgcpacer.readGOMEMLIMIT(envd.get("GOMEMLIMIT")))
        boot(S, self.image, self._runfinq, self.uses_fmt)
        return S

    def run(
        self,
        *,
        gomaxprocs: Optional[int] = None,
        seed: int = 0,
        godebug: Optional[str] = None,
        env: Optional[dict[str, str]] = None,
        trace: bool = True,
        costs: Optional[CostModel] = None,
        runnext: bool = True,
        writebarrier: bool = True,
        max_instructions: int = DEFAULT_INSTR_LIMIT,
        max_time_ns: int = DEFAULT_TIME_LIMIT_NS,
        max_events: int = 0,
        progress: Optional[Callable[[int, int], None]] = None,
    ) -> Result:
        """Run the program on the model.

        gomaxprocs: as ``runtime.GOMAXPROCS``; default: ``$GOMAXPROCS`` from ``env`` (or the
            process environment), else the number of CPUs, as Go decides it.
        seed: fixes every random choice (steal order, later select order): one seed, one trace.
        godebug: ``GODEBUG`` settings (``schedtrace=N``, ``scheddetail=1``, ``asyncpreemptoff=1``, ``gctrace=1``, ``gccheckmark=1``);
            default: ``$GODEBUG`` from ``env``.
        trace: record the event trace (off: faster, for benchmarks).
        runnext: a model knob: ``False`` never uses runnext, to see what it buys.
        writebarrier: a model knob: ``False`` runs the GC's concurrent mark without the write
            barrier (Go has no such setting): a program that moves pointers while the GC marks
            can then lose reachable objects, which ``GODEBUG=gccheckmark=1`` catches.
        max_instructions, max_time_ns: budgets; a run that exhausts one stops with
            ``stopped == "limit"`` (an endless loop does not hang the notebook).
        max_events: stop after this many trace events (stepping); 0: no limit.
        progress: called now and then with (instructions so far, max_instructions).
        """
        from . import engine
        from .output import render_output

        S = self._boot_state(gomaxprocs=gomaxprocs, seed=seed, godebug=godebug, env=env, trace=trace, costs=costs,
                             runnext=runnext, max_events=max_events, sizes=self._sizes.get(trace),
                             writebarrier=writebarrier)
        _first_compile_notice()
        chunk = 50_000_000 if progress else max_instructions
        while True:
            limit = min(max_instructions, int(S.sched[S_STAT_INSTR]) + chunk)
            stop = engine.run(S, limit, max_time_ns)
            if stop == STOP_GROW:
                what = int(S.sched[S_GROW])
                if what == GROW_TRACE:
                    box = [S.trace]
                    S = S._replace(trace=_NO_TRACE)  # no reference to the full array is left but box's
                    S = S._replace(trace=grow_trace(box))
                else:
                    S = grow(S, what)
                S.sched[S_GROW] = 0
                continue
            if stop == STOP_LIMIT and progress and S.sched[S_STAT_INSTR] < max_instructions and S.sched[S_NOW] < max_time_ns:
                progress(int(S.sched[S_STAT_INSTR]), max_instructions)
                continue
            break
        # Start the next run of this program at the sizes this one reached (no growing).
        self._sizes[trace] = {k: getattr(S, k).shape[0] for k in ("allg", "allm", "stack", "heap", "trace", "out", "outargs", "syncs", "semas", "objheap")}
        return render_output(self, S, stop)
