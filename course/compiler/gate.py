"""The gate between the compiler and the VM: a program may use only the instructions the VM runs.

The VM lists them in ``course.vm.SUPPORTED_OPS``. A part of the runtime still being built
(channels and select while part 2 is written, ...) is left out of that set, so a program that
needs it is refused at compile time, with Go's-style "not supported in this course's Go subset
(yet)" at the first construct that needs it, rather than failing half-way through a run.
"""
from __future__ import annotations

import numpy as np

from .. import isa
from .errors import GoCompileError

UNSUPPORTED = "not supported in this course's Go subset (yet)"

# what to call the construct an instruction comes from ("<construct> is/are not supported ...")
CONSTRUCTS = {
    isa.OP_MAKECHAN: "channel operations are",
    isa.OP_CHANSEND: "channel operations are",
    isa.OP_CHANRECV: "channel operations are",
    isa.OP_CLOSE: "channel operations are",
    isa.OP_CHANLEN: "channel operations are",
    isa.OP_CHANCAP: "channel operations are",
    isa.OP_SELECT: "select statement is",
    isa.OP_BLOCK: "select statement is",
    # timers: the code generator names the construct (time.After, (*time.Timer).Stop ...);
    # these are the words for an instruction it did not name
    isa.OP_NEWTIMER: "timers are",
    isa.OP_TIMERC: "timers are",
    isa.OP_TIMERSTOP: "timers are",
    isa.OP_TIMERRESET: "timers are",
    isa.OP_NEWSYNC: "sync types are",
    isa.OP_MUTEXLOCK: "sync.Mutex is", isa.OP_MUTEXUNLOCK: "sync.Mutex is", isa.OP_MUTEXTRYLOCK: "sync.Mutex is",
    isa.OP_RLOCK: "sync.RWMutex is", isa.OP_RUNLOCK: "sync.RWMutex is", isa.OP_RWLOCK: "sync.RWMutex is",
    isa.OP_RWUNLOCK: "sync.RWMutex is", isa.OP_WGADD: "sync.WaitGroup is", isa.OP_WGWAIT: "sync.WaitGroup is",
    isa.OP_ONCEDONE: "sync.Once is", isa.OP_ONCESET: "sync.Once is",
    isa.OP_AFTERFUNC: "time.AfterFunc is",
    isa.OP_RWTRYLOCK: "sync.RWMutex is", isa.OP_RWTRYRLOCK: "sync.RWMutex is",
}


def supported_ops() -> frozenset:
    """``course.vm.SUPPORTED_OPS``, imported on first use: ``course.vm`` pulls in numba, and
    the compiler itself stays importable (and fast to import) without it."""
    from ..vm import SUPPORTED_OPS

    return SUPPORTED_OPS


def check_supported(img: isa.Image, constructs: dict[tuple[int, int, int], str] | None = None) -> None:
    """Raise ``GoCompileError`` if ``img`` uses an instruction the VM does not run.

    ``constructs`` maps ``(line, col, op)`` to the Go construct an instruction at that position
    compiles ("time.After"): the message then names it ("time.After is not supported ...")."""
    if len(img.code) == 0:
        return
    used = set(np.unique(img.code[:, 0]).tolist())
    missing = used - set(supported_ops())
    if not missing:
        return
    pcs = [pc for pc in range(len(img.code)) if int(img.code[pc, 0]) in missing]
    pc = min(pcs, key=lambda p: (int(img.lines[p, 0]) <= 0, int(img.lines[p, 0]), int(img.lines[p, 1]), p))
    op = int(img.code[pc, 0])
    line, col = int(img.lines[pc, 0]), int(img.lines[pc, 1])
    named = (constructs or {}).get((line, col, op))
    what = f"{named} is" if named else CONSTRUCTS.get(op, f"instruction {isa.OPNAMES.get(op, op)} is")
    raise GoCompileError([(img.filename, line, col, f"{what} {UNSUPPORTED}")])
