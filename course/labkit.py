"""Labs: plug a student's runtime function into the simulated runtime, run programs, compare.

In a lab the student writes a piece of the runtime (``runqput``, ``runqget`` ...) with the
kernel's own signature, over the same state arrays. This module is the seam:

* ``kernel()`` is the runtime as plain Python. The kernel functions look each other up as
  module globals (``engine`` even imports ``runqput`` by name), so with the JIT off a
  function can be swapped in every module's namespace and every call site reaches it. When
  this process already runs the compiled kernel (``COURSE_JIT`` on: numba has bound the
  calls into machine code), ``kernel()`` loads a private pure-Python copy of the same source
  files as the package ``_course_labkit``: one implementation, loaded a second time.
* ``plugged(functions)`` substitutes the student's functions for the kernel's, in every
  module of the kernel, for the duration of a ``with`` block, and records every call: its
  arguments (as goids), the true queues after it (every P's runnext and ring, the global
  queue: read from the arrays, not from the trace), and whether a G was lost or duplicated.
* ``run_cases(cases, functions)`` runs Go programs with the functions plugged in and returns
  plain data (output, exit code, events, calls, and the student's exception if one ended the
  run); ``numba_problem(fn, args)`` JIT-compiles the student's function alone, as the real
  kernel would be, and returns numba's typing error on the student's own line.
* ``compare(got, expected)`` (the grader's side, on plain data only) scores a student's runs
  against the reference's runs of the same programs and explains the first divergence: the
  first plugged call that left different queues, else the first differing event (in words,
  with ``course.trace``'s descriptions), else the output.

Lab 3 (the garbage collector): ``run_gc_cases`` plugs a write barrier and a drain loop into
``course.gc.tricolor``'s ``Model`` (its ``writePointer`` and ``gcDrain`` hooks), handing the
student's function the heap as arrays (``GCHeap``); ``run_pacer_cases`` plugs ``commit`` and
``trigger`` into ``course/mgcpacer.py`` and runs Go's TestGcPacer scenarios
(``course.gc.pacer``); ``compare_gc`` and ``compare_pacer`` grade them by behaviour. Lab 2's
bonus plugs ``pollorder`` and ``lockorder`` (``course/select.py``) in like the scheduler's
functions.

Names for a lab notebook: ``from course.labkit import *`` gives the runtime's constants
(``P_RUNNEXT``, ``RUNQ_SIZE``, ``EV_RUNQPUT``, ``R_RUNNEXTOFF`` ...) and helpers (``traceev``,
``goid``, ``charge``, ``globrunqput``) of the kernel in use, so a student's function runs
unchanged in the notebook, in the grader and under numba.
"""
from __future__ import annotations

import importlib
import importlib.util
import linecache
import os
import sys
import threading
import types
import zlib
from contextlib import contextmanager
from typing import Any, Callable

_PRIVATE = "_course_labkit"
_kernel: types.ModuleType | None = None

# The modules kernel() loads, so that plugging finds every module that calls a lab's function:
# the compiled kernels (course/_jit.py's KERNEL_MODULES) and the Python that runs them.
DRIVER_MODULES = ("program", "trace", "gc.pacer", "gc.tricolor")
# The scheduler's helpers a student's code calls (a notebook's `from course.labkit import *`).
HELPERS = ("traceev", "goid", "charge", "globrunqput", "globrunqpop", "runqempty", "runqsize",
           "fastrand", "fastrandn")


def kernel() -> types.ModuleType:
    """The ``course`` package running as plain Python (see the module docstring)."""
    global _kernel
    if _kernel is not None:
        return _kernel
    import course
    from course import _jit
    if not _jit.JIT_ENABLED:
        _kernel = course
    else:
        root = os.path.dirname(os.path.abspath(course.__file__))
        saved = os.environ.get("COURSE_JIT")
        os.environ["COURSE_JIT"] = "0"
        try:
            spec = importlib.util.spec_from_file_location(
                _PRIVATE, os.path.join(root, "__init__.py"), submodule_search_locations=[root])
            pkg = importlib.util.module_from_spec(spec)
            sys.modules[_PRIVATE] = pkg
            spec.loader.exec_module(pkg)
        finally:
            if saved is None:
                os.environ.pop("COURSE_JIT", None)
            else:
                os.environ["COURSE_JIT"] = saved
        _kernel = pkg
    for name in (*_jit.KERNEL_MODULES, *DRIVER_MODULES):  # "sync/__init__" is the package sync
        importlib.import_module(f"{_kernel.__name__}.{name.removesuffix('/__init__').replace('/', '.')}")
    return _kernel


def _module(name: str) -> types.ModuleType:
    return sys.modules[f"{kernel().__name__}.{name}"]


def _kernel_modules() -> list[types.ModuleType]:
    prefix = kernel().__name__ + "."
    return [m for n, m in list(sys.modules.items()) if n.startswith(prefix) and m is not None]


def original(name: str) -> Callable:
    """The kernel's own function `name` (the reference a lab's solution must match)."""
    f = _orig(name)
    if f is None:
        raise KeyError(name)
    return f


_ORIG: dict[str, Callable] = {}


# ------------------------------------------------------------------ queue snapshots

def queues(S) -> tuple:
    """The true queues, read from the arrays: (runnext per P, ring per P, global queue),
    as goids, for the Ps in use."""
    rt = _module("runtime2")
    nprocs = int(S.sched[rt.S_GOMAXPROCS])
    allg, allp = S.allg, S.allp

    def gid(g):
        g = int(g)
        return int(allg[g, rt.G_GOID]) if 0 <= g < allg.shape[0] else -1000 - g

    runnext, rings = [], []
    for p in range(nprocs):
        nx = int(allp[p, rt.P_RUNNEXT])
        runnext.append(gid(nx) if nx >= 0 else None)
        h, t = int(allp[p, rt.P_RUNQHEAD]), int(allp[p, rt.P_RUNQTAIL])
        n = t - h if 0 <= t - h <= rt.RUNQ_SIZE else 0
        rings.append(tuple(gid(S.runq[p, (h + i) % rt.RUNQ_SIZE]) for i in range(n)))
    glob, g, seen = [], int(S.sched[rt.S_RUNQHEAD]), 0
    while g >= 0 and seen <= allg.shape[0]:
        glob.append(gid(g))
        g = int(allg[g, rt.G_SCHEDLINK]) if g < allg.shape[0] else -1
        seen += 1
    return tuple(runnext), tuple(rings), tuple(glob)


def channels(S) -> tuple:
    """Every channel's true state, from the arrays: (cap, buffer values oldest first,
    receivers' goids, senders' goids, closed) per channel."""
    rt = _module("runtime2")
    out = []
    for c in range(int(S.sched[rt.S_NCHANS])):
        row = S.chans[c]
        size, n = int(row[rt.HC_DATAQSIZ]), int(row[rt.HC_QCOUNT])
        buf = tuple(int(S.chanbuf[int(row[rt.HC_BUF]) + (int(row[rt.HC_RECVX]) + i) % size])
                    for i in range(n)) if size > 0 and 0 <= n <= size else ()
        waiters = []
        for first in (rt.HC_RECVQ_FIRST, rt.HC_SENDQ_FIRST):
            gs, sg, seen = [], int(row[first]), 0
            while sg >= 0 and seen < S.sudogs.shape[0]:
                g = int(S.sudogs[sg, rt.SG_G])
                gs.append(int(S.allg[g, rt.G_GOID]) if 0 <= g < S.allg.shape[0] else -1)
                sg, seen = int(S.sudogs[sg, rt.SG_NEXT]), seen + 1
            waiters.append(tuple(gs))
        out.append((size, buf, waiters[0], waiters[1], bool(row[rt.HC_CLOSED])))
    return tuple(out)


def channels_text(chans: tuple) -> str:
    def gs(xs):
        return "[" + " ".join(f"G{g}" for g in xs) + "]"
    return "; ".join(f"chan {c} (cap {cap}): buffer {list(buf)}, recvq {gs(rq)}, sendq {gs(sq)}"
                     + (", closed" if closed else "")
                     for c, (cap, buf, rq, sq, closed) in enumerate(chans))


def _queued(q: tuple) -> list[int]:
    runnext, rings, glob = q
    return [g for g in runnext if g is not None] + [g for r in rings for g in r] + list(glob)


def queues_text(q: tuple, limit: int = 8) -> str:
    """'P0: runnext G5, ring [G3 G4]; P1: ...; global [G7]' (long queues abbreviated)."""
    runnext, rings, glob = q

    def seq(xs):
        xs = list(xs)
        if len(xs) > 2 * limit:
            shown = " ".join(f"G{g}" for g in xs[:limit]) + f" … ({len(xs) - 2 * limit} more) … " \
                + " ".join(f"G{g}" for g in xs[-limit:])
        else:
            shown = " ".join(f"G{g}" for g in xs)
        return f"[{shown}]"

    parts = [f"P{p}: runnext {'G%d' % nx if nx is not None else 'empty'}, ring {seq(r)}"
             for p, (nx, r) in enumerate(zip(runnext, rings))]
    return "; ".join(parts) + f"; global queue {seq(glob)}"


# ------------------------------------------------------------------ plugging in

class _Recorder:
    def __init__(self):
        self.calls: list[list] = []
        self.count = 0
        self.first: dict[str, tuple] = {}  # each function's first arguments (for numba's types)
        self.S = None  # the state last seen (the trace so far, when a run breaks)


MAX_CALLS = 20_000  # plugged calls in one run: beyond, the scheduler is going round in circles


class RunAway(RuntimeError):
    """A run that called the plugged functions MAX_CALLS times: a livelock (the model runs one
    M at a time, so a spinning M that never takes a G never lets the others act)."""


# How each function changes the set of queued Gs (for the lost/duplicated-G check):
# +1 adds its gp argument, -1 removes the G it returns, None: no check (runqgrab writes past the
# thief's tail, where no queue shows them until runqsteal moves it).
_CONSERVE = {"runqput": "add", "runqputslow": "add", "runqget": "take", "runqsteal": "take",
             "globrunqput": "add"}


def _argtext(S, name: str, args: tuple) -> str:
    rt = _module("runtime2")

    def gid(g):
        g = int(g)
        return f"G{int(S.allg[g, rt.G_GOID])}" if 0 <= g < S.allg.shape[0] else "no G"

    if name == "runqput":
        return f"runqput(P{int(args[2])}, {gid(args[3])}, next={bool(args[4])})"
    if name == "runqputslow":
        return f"runqputslow(P{int(args[2])}, {gid(args[3])})"
    if name == "runqget":
        return f"runqget(P{int(args[1])})"
    if name == "runqgrab":
        return f"runqgrab(from P{int(args[2])} to P{int(args[3])}, stealRunNextG={bool(args[5])})"
    if name == "runqsteal":
        return f"runqsteal(P{int(args[2])} from P{int(args[3])}, stealRunNextG={bool(args[4])})"
    if name == "chansend":
        return f"chansend({gid(args[2])}, chan {int(args[3])}, {int(args[4])}, block={bool(args[5])})"
    if name == "chanrecv":
        return f"chanrecv({gid(args[2])}, chan {int(args[3])}, block={bool(args[6])})"
    if name == "closechan":
        return f"closechan({gid(args[2])}, chan {int(args[3])})"
    if name == "pollorder":
        return f"pollorder({int(args[2])} cases{', nonrandom' if args[3] else ''})"
    if name == "lockorder":
        return f"lockorder({int(args[1])} cases)"
    return name


ORDER_FUNCTIONS = ("pollorder", "lockorder")  # select.go's orders, in S.scratch


def _select_order(S, name: str, args: tuple, result) -> tuple:
    """The order `name` left in the scratch space: (scase numbers, their channels)."""
    sel = _module("select")
    n = int(result) if name == "pollorder" else int(args[1])
    base = sel._POLL if name == "pollorder" else sel._LOCK
    n = max(0, min(n, sel.SELECT_MAXCASES))
    cases = tuple(int(S.scratch[base + i]) for i in range(n))
    chans = tuple(int(S.scratch[sel._CHAN + c]) if 0 <= c < sel.SELECT_MAXCASES else -1 for c in cases)
    return cases, chans


def _select_order_text(name: str, order: tuple) -> str:
    cases, chans = order
    if name == "pollorder":
        return f"the poll order [{' '.join(map(str, cases))}]"
    return f"the lock order [{' '.join(map(str, cases))}] (channels {' '.join(map(str, chans))})"


CHAN_FUNCTIONS = ("chansend", "chanrecv", "closechan")


def _wrap(name: str, fn: Callable, rec: _Recorder, with_chans: bool = False) -> Callable:
    rt = _module("runtime2")
    gpos = {"runqput": 3, "runqputslow": 3, "globrunqput": 1}.get(name)

    def plugged_call(*args):
        S = args[0]
        rec.count += 1
        rec.S = S
        if name not in rec.first:
            rec.first[name] = args
        if rec.count > MAX_CALLS:
            raise RunAway(f"{MAX_CALLS} calls of your functions in one run, and the program had "
                          "not finished: the scheduler was going round in circles (last: "
                          f"{_argtext(S, name, args)})")
        before = queues(S)
        text = _argtext(S, name, args)
        added = None
        if gpos is not None:
            g = int(args[gpos])
            added = int(S.allg[g, rt.G_GOID]) if 0 <= g < S.allg.shape[0] else None
        start = int(S.sched[rt.S_NTRACE])
        result = fn(*args)
        after = queues(S)
        kind = _CONSERVE.get(name)
        lost, dup = [], []
        if kind is not None:
            want = _queued(before)
            if kind == "add" and added is not None:
                want = want + [added]
            elif kind == "take":
                g = result[0] if isinstance(result, tuple) else result
                g = int(g)
                if 0 <= g < S.allg.shape[0]:
                    taken = int(S.allg[g, rt.G_GOID])
                    if taken in want:
                        want.remove(taken)
            have = _queued(after)
            lost = sorted(set(want) - set(have))
            dup = sorted({g for g in have if have.count(g) > 1})
        shown = queues_text(after)
        if name in ORDER_FUNCTIONS:
            order = _select_order(S, name, args, result)
            after, shown = (after, order), _select_order_text(name, order)
        elif with_chans:
            chans = channels(S)
            after = (after, chans)
            shown = f"{channels_text(chans)}; run queues: {shown}"
        digest = zlib.crc32(repr(after).encode())
        if len(rec.calls) < 4000:
            rec.calls.append([start, int(S.sched[rt.S_NTRACE]), text, digest, shown, lost, dup])
        return result

    plugged_call.__name__ = name
    plugged_call.__wrapped__ = fn
    return plugged_call


# The functions labs ask students to write. While some are plugged in, the student's code
# calls the kernel's own version of the others (so each piece is graded on its own).
LAB_FUNCTIONS = ("runqput", "runqget", "runqputslow", "runqgrab", "runqsteal", "chansend",
                 "chanrecv", "closechan", "send", "recv", "commit", "trigger", "pollorder", "lockorder")


def _orig(name: str):
    if name not in _ORIG:
        for modname in ("proc", "chan", "select", "mgcpacer"):
            f = _module(modname).__dict__.get(name)
            if isinstance(f, types.FunctionType):
                _ORIG[name] = f
                break
    return _ORIG.get(name)


def _plain_function(fn):
    """The Python function behind `fn` (a numba dispatcher gives its py_func)."""
    return getattr(fn, "py_func", fn)


def _rebound(fn, overlay: dict):
    """`fn` with its globals overlaid: the lab's other pieces resolve to `overlay`."""
    fn = _plain_function(fn)
    if not isinstance(fn, types.FunctionType):
        return fn, {}
    g = dict(fn.__globals__)
    clone = types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)
    clone.__kwdefaults__ = fn.__kwdefaults__
    return clone, g


@contextmanager
def plugged(functions: dict[str, Callable], wrap: Callable | None = None):
    """Within the block, the kernel calls `functions` (name -> function) instead of its own,
    from every module; the student's functions call each other through the same seam, and
    the kernel's own version of every lab function not in `functions`. Yields the recorder
    whose ``calls`` lists every plugged call (each call goes through ``wrap(name, fn, rec)``:
    by default the run-queue and channel recorder)."""
    kernel()
    with _plug_lock:  # the kernel's modules are shared by every thread of this process
        with _plugged(functions, wrap) as rec:
            yield rec


# Plugging rebinds module globals, which every thread of the process sees: one run at a time
# (the grader computes reference runs for several students in threads at once).
_plug_lock = threading.RLock()


@contextmanager
def _plugged(functions: dict[str, Callable], wrap: Callable | None = None):
    rec = _Recorder()
    swapped: list[tuple[types.ModuleType, str, Any]] = []
    overlay = {n: _orig(n) for n in LAB_FUNCTIONS if n not in functions and _orig(n) is not None}
    wrappers, scopes = {}, []
    for name, fn in functions.items():
        if _orig(name) is None:
            raise KeyError(f"the kernel has no function {name}")
        clone, g = _rebound(fn, overlay)
        scopes.append(g)
        wrappers[name] = _wrap(name, clone, rec, any(n in CHAN_FUNCTIONS for n in functions)) \
            if wrap is None else wrap(name, clone, rec)
    overlay.update(wrappers)
    for g in scopes:
        g.update(overlay)
    try:
        for name, wrapper in wrappers.items():
            orig = _orig(name)
            for mod in _kernel_modules():
                if mod.__dict__.get(name) is orig:
                    swapped.append((mod, name, orig))
                    setattr(mod, name, wrapper)
        yield rec
    finally:
        for mod, name, orig in reversed(swapped):
            setattr(mod, name, orig)


# ------------------------------------------------------------------ running cases

_programs: dict[str, Any] = {}


def program(src: str):
    if src not in _programs:
        _programs[src] = kernel().compile(src, "prog.go")
    return _programs[src]


def _student_error(exc: BaseException, functions: dict[str, Callable]) -> dict:
    """The exception, located in the student's own code: 'runqput, line 3: gp = old'."""
    codes = {}
    for name, fn in functions.items():
        code = getattr(getattr(fn, "__wrapped__", fn), "__code__", None)
        if code is not None:
            codes[(code.co_filename, code.co_name)] = (name, code.co_firstlineno)
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        co = tb.tb_frame.f_code
        hit = codes.get((co.co_filename, co.co_name))
        if hit is not None:
            name, first = hit
            text = linecache.getline(co.co_filename, tb.tb_lineno).strip()
            where = f"{name}, line {tb.tb_lineno - first + 1} of the function: {text}"
        tb = tb.tb_next
    return {"type": type(exc).__name__, "message": str(exc)[:300], "where": where[:300]}


def run_case(case: dict, functions: dict[str, Callable], first: dict | None = None) -> dict:
    """One program with `functions` plugged in, as plain data. `first` collects each
    function's first arguments."""
    rt = _module("runtime2")
    out: dict = {"stdout": "", "stderr": "", "exit": None, "events": [], "calls": [],
                 "error": None}
    costs = kernel().CostModel(**{str(k): int(v) for k, v in dict(case.get("costs", {})).items()})
    with plugged(functions) as rec:
        prog = program(case["src"])
        prog._sizes = {}  # start from the first run's array sizes: a rerun at grown sizes can differ
        try:
            res = prog.run(gomaxprocs=int(case.get("gomaxprocs", 1)), seed=int(case.get("seed", 0)),
                           runnext=bool(case.get("runnext", True)), env={}, costs=costs,
                           max_instructions=int(case.get("max_instructions", 2_000_000)),
                           max_time_ns=int(case.get("max_time_ns", 10_000_000_000)))
        except NotImplementedError as e:
            out["error"] = {"type": "NotImplementedError", "message": "", "where":
                            _student_error(e, functions)["where"]}
            res = None
        except RunAway as e:
            out["error"] = {"type": "RunAway", "message": str(e), "where": ""}
            res = None
        except Exception as e:  # the student's function broke the run: say where
            out["error"] = _student_error(e, functions)
            res = None
    out["calls"] = rec.calls
    cols = [rt.T_P, rt.T_G, rt.T_KIND, rt.T_A, rt.T_B, rt.T_C, rt.T_REASON]
    rows = res.trace.rows if res is not None else \
        (_module("trace").unpack_rows(rec.S.trace[:int(rec.S.sched[rt.S_NTRACE])]) if rec.S is not None else [])
    out["events"] = [[int(r[c]) for c in cols] for r in rows[:6000]]
    if first is not None:
        for n, a in rec.first.items():
            first.setdefault(n, a)
    if res is not None:
        out["stdout"] = res.stdout
        out["stderr"] = res.stderr
        out["exit"] = int(res.exit_code)
    return out


def run_program(src: str, functions: dict[str, Callable], **run_options):
    """Run Go source with `functions` plugged in and return the kernel's ``Result`` (its
    trace, for ``narrate``/``state_at`` and the views). For a notebook: watch your code run."""
    with plugged(functions):
        prog = program(src)
        prog._sizes = {}
        return prog.run(**{"gomaxprocs": 1, "env": {}, **run_options})


def run_cases(cases: list, functions: dict[str, Callable], numba_check: bool = True) -> dict:
    """Every case with `functions` plugged in; and, once per function, whether numba compiles
    it (with the argument types of its first call). Plain data."""
    first_args: dict = {}
    runs = [run_case(case, functions, first_args) for case in cases]
    return {"runs": runs, "numba": _numba_problems(functions, first_args) if numba_check else {}}


def _numba_problems(functions: dict, first_args: dict) -> dict:
    """numba's problem with each function, with the argument types of its first call."""
    problems = {}
    for name, fn in functions.items():
        if name in first_args:
            why = numba_problem(fn, first_args[name])
            if why:
                problems[name] = why
    return problems


def runner(namespace: dict, lab: Any = None, run: Callable | None = None) -> Callable:
    """The notebook's harness: ``lab_run = runner(globals(), lab)``; then ``lab_run(cases,
    plug)`` runs the cases with the functions of this notebook named in `plug` plugged in
    (with ``run``: ``run_cases`` for Go programs, ``run_gc_cases``, ``run_pacer_cases``).
    While the grader loads the instructor notebook (the reference computes expected values)
    numba is not asked: only the student's functions need that check."""
    trusted = getattr(lab, "_grading", None) is True

    def lab_run(cases, plug):
        missing = [n for n in plug if not callable(namespace.get(n))]
        if missing:
            raise NameError(f"define {', '.join(missing)} first")
        return (run or run_cases)(list(cases), {n: namespace[n] for n in plug}, numba_check=not trusted)

    return lab_run


# ------------------------------------------------------------------ numba

_numba_memo: dict = {}


def _jitify(fn, memo: dict, overlay: dict | None = None, kernel_code: bool = False):
    """`fn` compiled with numba, with every plain-Python function it calls (found in its
    globals: the kernel's helpers, the student's own) compiled the same way: the kernel as
    the JIT would build it."""
    import numba
    key = id(fn)
    if key in memo:
        return memo[key]
    g = dict(fn.__globals__)
    if overlay:
        g.update(overlay)
    clone = types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)
    # The kernel's functions compile as course._jit compiles them (no reference counting);
    # the student's keep numba's defaults, so that its messages are the usual ones.
    disp = numba.njit(_nrt=False)(clone) if kernel_code else numba.njit(clone)
    # As course._jit does: one machine-code version per function, whatever constants the
    # call sites pass (numba would otherwise compile one per combination of literal values).
    from numba.core import types as nbtypes
    resolve = disp.get_call_template

    def get_call_template(args, kws):
        return resolve(tuple(nbtypes.unliteral(a) for a in args),
                       {k: nbtypes.unliteral(v) for k, v in kws.items()})

    disp.get_call_template = get_call_template
    memo[key] = disp
    for name, value in list(g.items()):
        if not isinstance(value, types.FunctionType) or value is fn:
            continue
        if (getattr(value, "__module__", "") or "").startswith(("course.", _PRIVATE + ".")):
            g[name] = _jitify(value, _kernel_jit, kernel_code=True)  # compiled once
        elif getattr(value, "__module__", None) == fn.__module__:
            g[name] = _jitify(value, memo)
    return disp


_kernel_jit: dict = {}


def numba_problem(fn: Callable, args: tuple) -> str | None:
    """None if numba compiles `fn` for these arguments; else numba's error, on the
    student's own line ('line 3 of runqput: ...'). The lab's other pieces are the kernel's."""
    if "numba" not in sys.modules:
        # Only typing matters here, not fast machine code: LLVM's optimizer is most of the
        # time numba takes (set before numba is imported, which reads it then).
        os.environ.setdefault("NUMBA_OPT", "0")
    try:
        import numba
        from numba.core.errors import NumbaError
    except ImportError:
        return None
    fn = _plain_function(getattr(fn, "__wrapped__", fn))
    if not isinstance(fn, types.FunctionType):
        return None
    try:
        sig = tuple(numba.typeof(a) for a in args)
    except Exception:
        return None
    key = (fn.__code__, sig)
    if key not in _numba_memo:
        overlay = {n: _orig(n) for n in LAB_FUNCTIONS if n != fn.__name__ and _orig(n) is not None}
        try:
            _jitify(fn, {}, overlay).compile(sig)
            _numba_memo[key] = None
        except NumbaError as e:
            _numba_memo[key] = _numba_text(str(e), fn)
        except Exception as e:  # numba sometimes raises plain errors while typing
            _numba_memo[key] = f"{type(e).__name__}: {str(e)[:300]}"
    return _numba_memo[key]


def _numba_text(text: str, fn) -> str:
    """numba's message in one line, and the line of the student's function it is about."""
    import re
    lines = [ln.rstrip() for ln in text.split("\n")]
    core = ""
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s or s.startswith(("Failed in", "During:", "File ", "- Resolution", "[1]", "[0]")) \
                or "pipeline (step" in s:
            continue
        core = s
        for nxt in lines[i + 1:i + 4]:
            if nxt.strip().startswith(">>>"):
                core += " " + nxt.strip()[3:].strip()
                break
        break
    code = fn.__code__
    where = ""
    for m in re.finditer(r'File "([^"]*)", line (\d+)', text):
        if os.path.basename(m.group(1)) == os.path.basename(code.co_filename):
            line = int(m.group(2))
            if line >= code.co_firstlineno:
                src = linecache.getline(code.co_filename, line).strip()
                where = f" (line {line - code.co_firstlineno + 1} of {fn.__name__}: {src})"
    return f"{core[:300]}{where}"


# ------------------------------------------------------------------ comparing (grader side)

_COLS = ("p", "g", "kind", "a", "b", "c", "reason")


def describe_row(row: list[int]) -> str:
    """One event (as run_case returns it) in course.trace's words."""
    import numpy as np
    rt = _module("runtime2")
    from_trace = sys.modules[f"{kernel().__name__}.trace"]
    full = np.zeros((1, rt.T_NCOLS), dtype=np.int64)
    for c, v in zip((rt.T_P, rt.T_G, rt.T_KIND, rt.T_A, rt.T_B, rt.T_C, rt.T_REASON), row):
        full[0, c] = v
    t = object.__new__(from_trace.Trace)
    t.rows, t.image = full, None
    where = f"P{row[0]}: " if row[0] >= 0 else ""
    return where + t.describe(0)


def _plain_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else []


def compare_run(got: dict, ref: dict, hidden: bool) -> str | None:
    """None if the student's run matches the reference's; else the first divergence, in words."""
    if not isinstance(got, dict):
        return "the run returned no data"
    gerr = got.get("error")
    gcalls, rcalls = _plain_list(got.get("calls")), _plain_list(ref["calls"])
    gev, rev = _plain_list(got.get("events")), _plain_list(ref["events"])
    # 1. the first plugged call that left different queues (or lost/duplicated a G)
    state_at, state_msg = None, None
    for i, (gc, rc) in enumerate(zip(gcalls, rcalls)):
        if not isinstance(gc, (list, tuple)) or len(gc) != 7:
            break
        if gc[2] != rc[2]:
            break  # the schedule took another path earlier: the events say where
        if gc[3] != rc[3] or gc[5] or gc[6]:
            what = f"after your {rc[2]} (call {i + 1} of the run, after event {rc[0]})"
            if gc[5]:
                what += f": G{', G'.join(map(str, gc[5]))} is in no queue any more (a G was lost)"
            elif gc[6]:
                what += f": G{', G'.join(map(str, gc[6]))} is in two places (a G was duplicated)"
            msg = f"{what}. Expected {'' if str(rc[4]).startswith('the ') else 'the queues '}{rc[4]}"
            if not hidden:
                msg += f"; yours are {gc[4]}"
            state_at, state_msg = int(gc[1]), msg + "."
            break
    # 2. the first event that differs
    ev_at, ev_msg = None, None
    for k in range(max(len(gev), len(rev))):
        g = gev[k] if k < len(gev) else None
        r = rev[k] if k < len(rev) else None
        if g == r:
            continue
        if r is None:
            ev_msg = f"event {k}: the reference run had ended; yours went on"
        elif g is None:
            ev_msg = f"event {k}: expected {describe_row(r)}; your run had ended" + \
                (" (your code raised an exception)" if gerr else "")
        else:
            ev_msg = f"event {k}: expected {describe_row(r)}"
            ev_msg += f"; yours: {describe_row(g)}" if isinstance(g, list) and len(g) == 7 \
                and all(type(v) is int for v in g) else "; yours differs"
        ev_at = k
        break
    ended = ev_at is not None and ev_at >= len(gev)  # only "your run had ended"
    state_first = state_msg is not None and (ev_at is None or ended or state_at <= ev_at + 1)
    if gerr:
        err = gerr if isinstance(gerr, dict) else {}
        where = str(err.get("where", ""))[:300]
        if err.get("type") == "NotImplementedError":
            msg = "not implemented yet" + (f" ({where})" if where else "")
        elif err.get("type") == "RunAway":
            msg = f"the run was stopped: {str(err.get('message', ''))[:300]}"
        else:
            msg = f"your code raised {str(err.get('type', 'an exception'))[:60]}"
            if not hidden:
                msg += f": {str(err.get('message', ''))[:200]}"
            if where:
                msg += f" in {where}"
        if state_first:
            return f"{state_msg} Later, {msg}."
        if ev_msg is not None and not ended:
            return f"{ev_msg}. Later, {msg}."
        return msg[:1].upper() + msg[1:] + "."
    if state_first:
        return state_msg
    if ev_msg is not None:
        return ev_msg + "."
    for stream in ("stdout", "stderr"):
        if got.get(stream) == ref.get(stream, ""):
            continue
        glines = str(got.get(stream, "")).split("\n")
        rlines = ref.get(stream, "").split("\n")
        for n, (a, b) in enumerate(zip(glines + [""] * len(rlines), rlines + [""] * len(glines))):
            if a != b:
                return f"line {n + 1} of {stream}: expected {b!r}" + ("" if hidden else f", got {a!r}")
    if got.get("exit") != ref["exit"]:
        return f"exit status: expected {ref['exit']}" + ("" if hidden else f", got {got.get('exit')!r}")
    return None


def compare(got, expected, hidden: bool = False) -> tuple[float, str]:
    """Score the student's `run_cases` result against the reference's: the fraction of
    programs that match, halved when numba cannot compile a function; the note explains the
    first divergence (and names the numba problem)."""
    return _score(got, expected, lambda run, ref: compare_run(run, ref, hidden))


def _score(got, expected, compare_one: Callable, what: str = "Program",
           all_or_nothing: bool = False) -> tuple[float, str]:
    """The fraction of runs that `compare_one(run, ref)` finds right (None), 0 unless all are
    with `all_or_nothing`, halved when numba cannot compile a function; the note explains the
    first wrong run and names the numba problem."""
    if not isinstance(got, dict) or not isinstance(got.get("runs"), (list, tuple)):
        return 0.0, "no runs came back"
    runs, refs = list(got["runs"]), expected["runs"]
    notes, ok = [], 0
    for i, ref in enumerate(refs):
        why = compare_one(runs[i], ref) if i < len(runs) else f"this {what.lower()} was not run"
        if why is None:
            ok += 1
        elif not notes:
            notes.append(f"{what} {i + 1} of {len(refs)}: {why}")
    fraction = ok / len(refs) if refs else 1.0
    if all_or_nothing and ok < len(refs):
        fraction = 0.0
        if "can still reach" in notes[0]:
            notes.append("(No partial credit for safety: a collector that frees one reachable object is wrong.)")
    numba = got.get("numba") if isinstance(got.get("numba"), dict) else {}
    if numba and fraction:
        fraction /= 2
        name, why = next(iter(numba.items()))
        notes.append(f"numba cannot compile your {str(name)[:40]} (half marks): {str(why)[:400]}")
    return fraction, " ".join(notes)


def checker(hidden: bool, compare_fn: Callable | None = None) -> Callable:
    """A `check=` for lab.test/lab.variant: compare_fn(got, expected, hidden) (by default
    compare, for runs of Go programs) with hidden-test discretion."""
    def check(got, expected):
        return (compare_fn or compare)(got, expected, hidden)
    return check


# ------------------------------------------------------------------ lab 3: the garbage collector
#
# The write barrier and the drain loop plug into course.gc.tricolor's Model (its writePointer and
# gcDrain hooks) through an array view of the heap, so the student's code is numba-compatible;
# the pacer's commit and trigger plug into course/mgcpacer.py like the scheduler's functions, and
# course.gc.pacer runs Go's TestGcPacer scenarios with them.

WHITE, GREY, BLACK = 0, 1, 2  # the colours in GCHeap.color
_COLOURS = ("white", "grey", "black")


GCHeap = __import__("collections").namedtuple("GCHeap", ("color", "fields", "work"))
GCHeap.__doc__ = """The tri-colour heap as arrays (a namedtuple numba can type): ``color[o]`` (WHITE,
GREY, BLACK), ``fields[o, i]`` (the object slot i points to, -1 for nil; slots in name order),
``work`` (Go's gcWork: ``work[0]`` grey objects wait in ``work[1..work[0]]``, last shaded last).
Object numbers follow the objects' names in sorted order."""


def shade(h, obj):
    """Go: runtime/mgcmark.go, shade (greyobject): a white object turns grey and joins the
    work queue; nil (-1) and grey or black objects are left alone."""
    if obj >= 0 and h.color[obj] == WHITE:
        h.color[obj] = GREY
        n = h.work[0] + 1
        h.work[n] = obj
        h.work[0] = n


def tryGet(h):
    """Go: runtime/mgcwork.go, (*gcWork).tryGet: the grey object shaded last, taken off the
    work queue; -1 if the queue is empty."""
    n = h.work[0]
    if n == 0:
        return -1
    obj = h.work[n]
    h.work[0] = n - 1
    return obj


class _Blackening(__import__("numpy").ndarray):
    """A colour array that notes the order in which objects turn black (the mark order)."""

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        log = getattr(self, "log", None)
        if log is not None:
            import numpy as np
            for i in np.atleast_1d(np.arange(self.shape[0])[key]):
                if int(np.asarray(self)[i]) == BLACK and i not in log:
                    log.append(int(i))


def _heap_view(model, recording: bool = False):
    """(GCHeap, object names, slot names) for a tricolor Model."""
    import numpy as np
    names = sorted(model.fields)
    slots = sorted({f for fs in model.fields.values() for f in fs})
    index = {o: i for i, o in enumerate(names)}
    color = np.array([_COLOURS.index(model.color[o]) for o in names], dtype=np.int64)
    fields = np.full((len(names), max(1, len(slots))), -1, dtype=np.int64)
    for o, fs in model.fields.items():
        for k, f in enumerate(slots):
            t = fs.get(f)
            fields[index[o], k] = index.get(t, -1) if t is not None else -1
    work = np.zeros(len(names) + 1, dtype=np.int64)
    work[0] = len(model.work)
    for k, o in enumerate(model.work):
        work[k + 1] = index[o]
    if recording:
        color = color.view(_Blackening)
        color.log = []
    return GCHeap(color, fields, work), names, slots


class GCError(ValueError):
    """The student's function left the heap arrays in a state the model cannot read back."""


def _read_back(model, h, names, slots, shaded: list, fields_before) -> None:
    """Copy the arrays back into the Model: colours, the pointers the function changed (from
    `fields_before`) and the work queue."""
    import numpy as np
    n = len(names)
    color = np.asarray(h.color)
    for i, o in enumerate(names):
        c = int(color[i])
        if c not in (WHITE, GREY, BLACK):
            raise GCError(f"color[{i}] ({o}) is {c}: a colour is WHITE, GREY or BLACK")
        if model.color[o] == "white" and c != WHITE:
            shaded.append(o)
        model.color[o] = _COLOURS[c]
    for i, o in enumerate(names):
        for k, f in enumerate(slots):
            t = int(h.fields[i, k])
            if not -1 <= t < n:
                raise GCError(f"fields[{i}, {k}] ({o}.{f}) is {t}: not an object")
            if t != int(fields_before[i, k]):
                model.fields[o][f] = names[t] if t >= 0 else None
    count = int(h.work[0])
    if not 0 <= count <= n:
        raise GCError(f"work[0] is {count}: the work queue holds 0 to {n} objects")
    model.work = [names[int(h.work[k + 1])] if 0 <= int(h.work[k + 1]) < n else
                  _bad_work(k + 1, int(h.work[k + 1])) for k in range(count)]


def _bad_work(k, v):
    raise GCError(f"work[{k}] is {v}: not an object")


def _plugged_model(functions: dict, first: dict):
    """tricolor.Model with `functions` ("writePointer", "gcDrain") in its hooks."""
    T = _module("gc.tricolor")

    class PluggedModel(T.Model):
        def writePointer(self, g, o, f, ptr, shaded):
            fn = functions.get("writePointer")
            if fn is None or self.phase != "mark":
                return super().writePointer(g, o, f, ptr, shaded)
            h, names, slots = _heap_view(self)
            if f not in slots:  # a new slot name: give it a column
                self.fields[o][f] = None
                h, names, slots = _heap_view(self)
            args = (h, names.index(o), slots.index(f), names.index(ptr) if ptr is not None else -1,
                    self.stack_color[g] == "grey")
            first.setdefault("writePointer", _plain_args(args))
            fields_before = h.fields.copy()
            fn(*args)
            before = len(shaded)
            _read_back(self, h, names, slots, shaded, fields_before)
            new = shaded[before:]
            return f" Your write barrier shades {', '.join(new)}." if new else " Your write barrier shades nothing."

        def gcDrain(self, shaded):
            fn = functions.get("gcDrain")
            if fn is None:
                return super().gcDrain(shaded)
            h, names, slots = _heap_view(self, recording=True)
            first.setdefault("gcDrain", _plain_args((h,)))
            fields_before = h.fields.copy()
            fn(h)
            order = [names[i] for i in h.color.log]
            _read_back(self, h, names, slots, shaded, fields_before)
            return order

    return PluggedModel


def _plain_args(args):
    """The arguments with plain arrays (for numba's types)."""
    import numpy as np
    out = []
    for a in args:
        if isinstance(a, tuple) and hasattr(a, "_fields"):
            out.append(type(a)(*(np.array(x) for x in a)))
        else:
            out.append(a)
    return tuple(out)


def _snapshot(m) -> list:
    """The model's state as plain data: colours, stack colours, pointers, work queue, freed."""
    return [sorted(m.color.items()), sorted(m.stack_color.items()),
            sorted((o, sorted(fs.items(), key=lambda kv: kv[0])) for o, fs in m.fields.items()),
            sorted((g, sorted(v.items())) for g, v in m.stacks.items()), list(m.work), sorted(m.freed)]


def barrier_probe(fn) -> dict:
    """What a writePointer does on four tiny heaps: whether it shades the old pointee, the new
    one while the stack is grey, the new one once the stack is black, and whether it stores."""
    import numpy as np
    out = {}
    for grey in (True, False):
        h = GCHeap(np.zeros(3, np.int64), np.array([[1], [-1], [-1]], np.int64), np.zeros(4, np.int64))
        h.color[0] = BLACK
        try:
            fn(h, 0, 0, 2, grey)
        except Exception as e:  # the run reports it; the probe only describes
            return {"error": type(e).__name__}
        out["old" if grey else "old_black"] = int(h.color[1]) != WHITE
        out["new_grey_stack" if grey else "new_black_stack"] = int(h.color[2]) != WHITE
        out["store"] = int(h.fields[0, 0]) == 2
    return out


# The barrier lab 3 asks for: mbarrier.go's rule as its comment writes it (shade(ptr) only while
# the writer's stack is grey). Go's code shades ptr always (barrier "hybrid", GO_CODE_BARRIER).
LAB_BARRIER, GO_CODE_BARRIER = "hybrid-grey-stack", "hybrid"


def run_gc_case(case: dict, functions: dict, first: dict | None = None,
                barrier: str = LAB_BARRIER) -> dict:
    """One tri-colour program (``{"objects", "stacks", "globals", "schedule"}``) with
    `functions` plugged into the model's hooks (`barrier`: the model's own, where no
    writePointer is plugged in); plain data: one snapshot per step, each step's mark order, the
    objects unreachable when the GC started, and the error that stopped it."""
    first = {} if first is None else first
    Model = _plugged_model(functions, first)
    out: dict = {"steps": [], "error": None, "unreachable_at_start": None}
    try:
        m = Model(case["objects"], case["stacks"], case.get("globals"), barrier=barrier)
        m.record = False
    except Exception as e:
        out["error"] = {"step": 0, "type": type(e).__name__, "message": str(e)[:300], "where": ""}
        return _json(out)
    for k, line in enumerate(case["schedule"]):
        if line.strip() == "gc: start":
            reach = m.reachable()
            out["unreachable_at_start"] = sorted(o for o in m.fields if o not in reach)
        try:
            ev = m.step(line)
        except Exception as e:
            err = _student_error(e, functions)
            out["error"] = {"step": k, "type": type(e).__name__, "message": str(e)[:300],
                            "where": err["where"]}
            break
        out["steps"].append([line, _snapshot(m), list(ev.blackened) if line.strip() == "gc: drain" else [],
                             [v.obj for v in ev.violations]])
    return _json(out)


def _json(x):
    """Plain JSON data (tuples become lists), as the grader receives it from the sandbox."""
    import json
    return json.loads(json.dumps(x))


def run_gc_cases(cases: list, functions: dict, numba_check: bool = True) -> dict:
    """Every tri-colour program with `functions` plugged in, the barrier probe, and whether
    numba compiles each function. Plain data."""
    first: dict = {}
    runs = [run_gc_case(case, functions, first) for case in cases]
    probe = barrier_probe(functions["writePointer"]) if "writePointer" in functions else None
    return {"runs": runs, "probe": probe, "numba": _numba_problems(functions, first) if numba_check else {}}


def gc_reference(cases: list) -> dict:
    """The expected value of a lab 3 test: the model's own runs of `cases` (nothing plugged in),
    and under ``runs_go`` its runs with Go's code's barrier (shade(ptr) whatever the stack's
    colour), which compare_gc holds a writePointer to when the probe finds it shades ptr always."""
    out = run_gc_cases(cases, {}, numba_check=False)
    out["runs_go"] = [run_gc_case(case, {}, barrier=GO_CODE_BARRIER) for case in cases]
    return out


def _reach(snapshot) -> set:
    """Objects reachable from the stacks and the globals, in a snapshot."""
    fields = {o: dict(fs) for o, fs in snapshot[2]}
    todo = ["globals"] + [t for _, loc in snapshot[3] for _, t in loc if t is not None]
    seen = set()
    while todo:
        o = todo.pop()
        if o in seen:
            continue
        seen.add(o)
        todo += [t for t in fields.get(o, {}).values() if t is not None]
    return seen


def _colours_text(snapshot) -> str:
    by = {"grey": [], "black": [], "white": []}
    for o, c in snapshot[0]:
        by.get(c, by["white"]).append(o)
    text = ", ".join(f"{c} {' '.join(by[c]) or '-'}" for c in ("black", "grey", "white"))
    if snapshot[4]:
        text += f"; work queue [{' '.join(snapshot[4])}]"
    return text


BARRIER_MISTAKES = {
    (False, False): "your writePointer shades neither pointer: there is no write barrier",
    (False, True): "your writePointer shades only the new pointer (a Dijkstra insertion barrier): "
                   "the deletion half, shade(*slot) (Yuasa), is missing",
    (True, False): "your writePointer shades only the old pointee (a Yuasa deletion barrier): "
                   "the insertion half, shade(ptr) while the stack is grey (Dijkstra), is missing",
}


def _shades_ptr_always(probe) -> bool:
    """The probe found Go's code's barrier: both pointees shaded whatever the stack's colour,
    then the store (wbBufFlush1 shades ptr always: looking at the stack costs more)."""
    return isinstance(probe, dict) and all(
        probe.get(k) is True for k in ("old", "old_black", "new_grey_stack", "new_black_stack", "store"))


def _barrier_named(probe) -> str:
    if not isinstance(probe, dict) or "old" not in probe:
        return ""
    why = BARRIER_MISTAKES.get((bool(probe.get("old")), bool(probe.get("new_grey_stack"))))
    return f" ({why})" if why else ""


def compare_gc_run(got, ref: dict, behaviour: str, hidden: bool, probe=None) -> str | None:
    """None if the student's run shows `behaviour` as the reference's does; else why not.

    Behaviours: "safe" (no object the program can still reach is freed), "complete" (every
    object unreachable when the GC started is freed), "colours" (the same colours, pointers
    and work queue as the reference after every step), "order" (the same mark order in every
    drain, and the same colours)."""
    if not isinstance(got, dict) or not isinstance(got.get("steps"), (list, tuple)):
        return "the run returned no data"
    steps, rsteps = list(got["steps"]), ref["steps"]
    err = got.get("error") if isinstance(got.get("error"), dict) else None

    def failed_at(k):
        e = err or {}
        where = str(e.get("where", ""))[:300]
        what = "not implemented yet" if e.get("type") == "NotImplementedError" else \
            f"your code raised {str(e.get('type', 'an exception'))[:60]}" + \
            ("" if hidden else f": {str(e.get('message', ''))[:200]}")
        return f"step {k + 1} ({rsteps[k][0] if k < len(rsteps) else '?'}): {what}" + \
            (f" in {where}" if where else "")

    if behaviour in ("safe", "complete"):
        for k, st in enumerate(steps):
            if not (isinstance(st, (list, tuple)) and len(st) == 4):
                return "the run returned no data"
            line, snap = st[0], st[1]
            if str(line).strip() != "gc: finish":
                continue
            freed = set(snap[5])
            if behaviour == "safe":
                lost = sorted(freed & _reach(snap))
                if lost:
                    return (f"step {k + 1} (gc: finish) freed {', '.join(lost)}, which the program can "
                            f"still reach{_barrier_named(probe)}. Every object the program can reach must "
                            "be black (or grey) when marking ends.")
            else:
                start = set(got.get("unreachable_at_start") or [])
                kept = sorted(start - freed)
                if kept:
                    return (f"step {k + 1} (gc: finish) did not free {', '.join(kept)}: "
                            f"{'it was' if len(kept) == 1 else 'they were'} unreachable when the GC "
                            "started, so nothing may shade them.")
        if len(steps) < len(rsteps):
            return failed_at(len(steps)) + "; the program did not reach the end of its GC cycle."
        return None
    for k, (st, rs) in enumerate(zip(steps, rsteps)):
        if not (isinstance(st, (list, tuple)) and len(st) == 4):
            return "the run returned no data"
        if behaviour == "order" and rs[2] and st[2] != rs[2]:
            return (f"step {k + 1} (gc: drain): expected the mark order {' '.join(rs[2])} (the work "
                    "queue is a stack: the object shaded last is scanned first)"
                    + ("" if hidden else f"; yours: {' '.join(map(str, st[2])) or 'nothing'}") + ".")
        if st[1] != rs[1]:
            mine = st[1] if isinstance(st[1], (list, tuple)) and len(st[1]) == 6 else None
            if mine is not None and [mine[i] for i in (0, 1, 4, 5)] == [rs[1][i] for i in (0, 1, 4, 5)]:
                want = {f"{o}.{f}": t for o, fs in rs[1][2] for f, t in fs}
                have = {f"{o}.{f}": t for o, fs in mine[2] for f, t in fs if isinstance(fs, list)}
                slot = next((x for x in sorted(want) if have.get(x) != want[x]), "a pointer")
                return (f"after step {k + 1} ({rs[0]}): the colours are right but expected {slot} = "
                        f"{want.get(slot) or 'nil'} (does your function store ptr into the slot?).")
            msg = f"after step {k + 1} ({rs[0]}): expected {_colours_text(rs[1])}"
            if not hidden and mine is not None:
                msg += f"; yours: {_colours_text(mine)}"
            return msg + "."
    if len(steps) < len(rsteps):
        return failed_at(len(steps)) + "."
    return None


def compare_gc(got, expected, behaviour: str, hidden: bool = False) -> tuple[float, str]:
    """The fraction of programs whose run shows `behaviour` (see compare_gc_run; for "safe",
    all or nothing), halved when numba cannot compile a function; the note explains the first
    failure. A writePointer that shades ptr always (Go's code) is held to the model's runs with
    that barrier (`expected`'s ``runs_go``, from gc_reference) instead of the lab's rule."""
    probe = got.get("probe") if isinstance(got, dict) else None
    if _shades_ptr_always(probe) and isinstance(expected, dict) and "runs_go" in expected:
        expected = {**expected, "runs": expected["runs_go"]}
    # safety: one freed reachable object is one too many
    return _score(got, expected, lambda run, ref: compare_gc_run(run, ref, behaviour, hidden, probe),
                  all_or_nothing=behaviour == "safe")


def gc_checker(behaviour: str, hidden: bool) -> Callable:
    """A `check=` for lab.test: compare_gc(...) for one behaviour."""
    return checker(hidden, lambda got, expected, hidden: compare_gc(got, expected, behaviour, hidden))


# ---- the pacer

_PACER_INPUTS = ("C_HEAPMARKED", "C_LASTSTACKSCAN", "C_GLOBALSSCAN", "C_GCPERCENT", "C_HEAPMINIMUM")


def _pacer_call_text(P, name, c, cf) -> str:
    if name == "commit":
        gogc = int(c[P.C_GCPERCENT])
        return (f"commit with heapMarked={int(c[P.C_HEAPMARKED])}, lastStackScan={int(c[P.C_LASTSTACKSCAN])}, "
                f"globalsScan={int(c[P.C_GLOBALSSCAN])}, GOGC={'off' if gogc < 0 else gogc}")
    goal, _ = P.heapGoalInternal(c, cf)
    return (f"trigger with heapMarked={int(c[P.C_HEAPMARKED])}, goal={int(goal)}, "
            f"runway={int(c[P.C_RUNWAY])}")


def _pacer_wrap(name, fn, rec):
    P = _module("mgcpacer")

    def plugged_call(c, cf, *rest):
        rec.count += 1
        if name not in rec.first:
            rec.first[name] = (c.copy(), cf.copy()) + rest
        text = _pacer_call_text(P, name, c, cf)
        result = fn(c, cf, *rest)
        if name == "commit":
            outputs = [int(c[P.C_GCPERCENTHEAPGOAL]), int(c[P.C_RUNWAY]), int(c[P.C_SWEEPDISTMINTRIGGER])]
        else:
            try:
                outputs = [int(result[0]), int(result[1])]
            except Exception:
                raise TypeError(f"trigger returned {type(result).__name__}: it returns (trigger, goal)") from None
        if len(rec.calls) < 4000:
            rec.calls.append([name, text, outputs])
        return result

    plugged_call.__name__ = name
    plugged_call.__wrapped__ = fn
    return plugged_call


def run_pacer_case(case: dict, functions: dict, first: dict | None = None) -> dict:
    """One pacer case with `functions` ("commit", "trigger") plugged into the kernel's pacer:
    ``{"scenario": name, "version": "newest"|"1.19", "changes": {...}}`` runs one of Go's
    TestGcPacer scenarios (course.gc.pacer.simulate); ``{"state": {column: value},
    "isSweepDone": bool}`` commits one controller state and asks for its trigger. Plain data:
    every plugged call (its inputs and outputs) and the per-cycle goal and trigger."""
    P = _module("mgcpacer")
    pacer = _module("gc.pacer")
    out: dict = {"calls": [], "goal": [], "trigger": [], "error": None}
    with plugged(functions, _pacer_wrap) as rec:
        try:
            if "scenario" in case:
                sc = pacer.SCENARIOS[case["scenario"]].with_(**dict(case.get("changes", {})))
                r = pacer.simulate(sc, case.get("version", "newest"), check=False)
                out["goal"] = [int(x) for x in r.goal]
                out["trigger"] = [int(x) for x in r.trigger]
            else:
                c, cf = P.newController(100, P.maxInt64, case.get("version", "newest"))
                for col, v in case["state"].items():
                    c[getattr(P, col)] = v
                for col, v in case.get("floats", {}).items():
                    cf[getattr(P, col)] = v
                trig, goal = P.gcControllerCommit(c, cf, bool(case.get("isSweepDone", True)), 0)
                out["goal"], out["trigger"] = [int(goal)], [int(trig)]
        except Exception as e:
            out["error"] = _student_error(e, functions)
    out["calls"] = rec.calls
    if first is not None:
        for n, a in rec.first.items():
            first.setdefault(n, a)
    return _json(out)


def run_pacer_cases(cases: list, functions: dict, numba_check: bool = True) -> dict:
    """Every pacer case with `functions` plugged in, and whether numba compiles each. Plain data."""
    first: dict = {}
    runs = [run_pacer_case(case, functions, first) for case in cases]
    return {"runs": runs, "numba": _numba_problems(functions, first) if numba_check else {}}


def compare_pacer_run(got, ref: dict, hidden: bool) -> str | None:
    """None if the student's pacer run matches the reference's; else the first divergence:
    the first plugged call whose result differs, else the first cycle's goal or trigger."""
    if not isinstance(got, dict):
        return "the run returned no data"
    for i, (gc, rc) in enumerate(zip(_plain_list(got.get("calls")), ref["calls"])):
        if not isinstance(gc, (list, tuple)) or len(gc) != 3 or gc[1] != rc[1] or gc[2] != rc[2]:
            if isinstance(gc, (list, tuple)) and len(gc) == 3 and gc[1] != rc[1]:
                return f"call {i + 1}: expected {rc[1]} (an earlier result of yours changed the run)"
            if rc[0] == "commit":
                exp = f"gcPercentHeapGoal = {rc[2][0]}, runway = {rc[2][1]}, sweepDistMinTrigger = {rc[2][2]}"
            else:
                exp = f"(trigger, goal) = ({rc[2][0]}, {rc[2][1]})"
            msg = f"call {i + 1}, your {rc[1]}: expected {exp}"
            if not hidden and isinstance(gc, (list, tuple)) and len(gc) == 3:
                msg += f"; yours: {gc[2]}"
            return msg + "."
    err = got.get("error")
    if err:
        e = err if isinstance(err, dict) else {}
        if e.get("type") == "NotImplementedError":
            return "not implemented yet" + (f" ({e.get('where')})" if e.get("where") else "") + "."
        return (f"your code raised {str(e.get('type', 'an exception'))[:60]}"
                + ("" if hidden else f": {str(e.get('message', ''))[:200]}")
                + (f" in {str(e.get('where'))[:300]}" if e.get("where") else "") + ".")
    for what in ("goal", "trigger"):
        g, r = _plain_list(got.get(what)), ref[what]
        for k in range(max(len(g), len(r))):
            if k >= len(g) or g[k] != r[k]:
                return f"GC cycle {k + 1}: expected the {what} {r[k] if k < len(r) else '(none)'}" + \
                    ("" if hidden or k >= len(g) else f"; yours: {g[k]}") + "."
    return None


def compare_pacer(got, expected, hidden: bool = False) -> tuple[float, str]:
    """The fraction of pacer cases that match the reference's, halved when numba cannot compile
    a function; the note explains the first divergence."""
    return _score(got, expected, lambda run, ref: compare_pacer_run(run, ref, hidden), "Case")


def pacer_checker(hidden: bool) -> Callable:
    """A `check=` for lab.test: compare_pacer(...)."""
    return checker(hidden, compare_pacer)


# ------------------------------------------------------------------ names for notebooks

def _export() -> list[str]:
    """Bind here the kernel's names a student's code uses; returns them (for ``__all__``)."""
    names = []

    def give(modname: str, pick) -> None:
        """`pick`: the names to give, or a test (name, value) of the module's names."""
        mod = _module(modname)
        items = [(n, getattr(mod, n)) for n in pick] if isinstance(pick, tuple) else \
            [(n, v) for n, v in vars(mod).items() if pick(n, v)]
        for n, v in items:
            globals()[n] = v
            names.append(n)

    for modname in ("runtime2", "traceev", "costs"):
        give(modname, lambda n, v: not n.startswith("_") and type(v) is int)
    give("proc", HELPERS)
    give("chan", lambda n, v: n.startswith("CH_") and type(v) is int)
    give("chan", CHAN_HELPERS)
    give("mgcpacer", lambda n, v: (type(v) in (int, float) and not n.startswith("_") and n not in globals())
         or n in PACER_HELPERS)  # its columns (C_HEAPMARKED ...), constants and helpers
    give("select", SELECT_NAMES)
    return names


PACER_HELPERS = ("_ult", "_f2u", "_f2i", "heapGoalInternal", "memoryLimitHeapGoal")
SELECT_NAMES = ("_POLL", "_LOCK", "_CHAN", "SELECT_MAXCASES")  # select.go's scratch layout


CHAN_HELPERS = ("dequeue", "enqueue", "send", "recv", "acquireSudog", "releaseSudog",
                "sudog_room", "gslot", "ready")


__all__ = ["kernel", "plugged", "run_cases", "run_program", "runner", "original", "compare", "checker", "numba_problem",
           "queues", "queues_text", "describe_row", "program",
           "WHITE", "GREY", "BLACK", "GCHeap", "shade", "tryGet", "run_gc_cases", "run_pacer_cases",
           "gc_checker", "pacer_checker", "barrier_probe", "compare_gc", "compare_pacer", "gc_reference"] + _export()
