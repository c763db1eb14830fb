"""One switch for the JIT: the same functions run compiled (numba) or as plain Python.

``COURSE_JIT=0`` in the environment (read once, at import) turns numba off for the runtime
models, so a learner can step through ``runqput`` or ``findRunnable`` in a debugger and see the
very code that the compiled run executes: there is no second copy of any policy.
"""
from __future__ import annotations

import os
import warnings

import numpy as np

JIT_ENABLED = os.environ.get("COURSE_JIT", "1") not in ("0", "false", "off", "no")

# The modules the compiled kernels are made of (their functions and the constants they use).
KERNEL_MODULES = ("_jit", "chan", "costs", "engine", "isa", "proc", "runtime2", "select", "sema", "time", "traceev",
                  "vm", "mgcpacer", "sizeclasses", "malloc", "mbarrier", "mgc", "mgcmark", "mgcsweep", "mstats", "sync/__init__", "sync/mutex", "sync/rwmutex", "sync/waitgroup", "sync/once")


def _kernel_cache_dir() -> str:
    """Where numba caches the kernels: a folder per version of the kernel sources.

    numba's on-disk cache checks only the source file of each function, but a cached function
    carries the machine code of everything it calls, from other files: after an edit to
    proc.py, engine.run's cached code would still run the old proc. So the cache folder is
    named after a hash of every kernel source; another version (an edit, a checkout, another
    process still running old code) never shares a file with this one. Folders of other
    versions are removed."""
    import glob
    import hashlib
    import shutil

    here = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for path in sorted(os.path.join(here, m + ".py") for m in KERNEL_MODULES):
        with open(path, "rb") as f:
            h.update(os.path.basename(path).encode() + b"\0" + f.read())
    root = os.environ.get("COURSE_CACHE_DIR") or os.path.join(here, "__pycache__")
    ours = os.path.join(root, "numba-" + h.hexdigest()[:16])
    for old in glob.glob(os.path.join(root, "numba-*")):
        if old != ours:
            shutil.rmtree(old, ignore_errors=True)
    try:
        os.makedirs(ours, exist_ok=True)
    except OSError:
        pass  # a read-only install: numba then compiles in memory
    return ours


if JIT_ENABLED:
    import numba
    from numba.core import types as _nbtypes

    _CACHE_DIR = _kernel_cache_dir()

    def jit(fn=None, *, inline: bool = False):
        """Compile with numba in nopython mode, caching the machine code on disk.

        One machine-code version per function: when compiled code calls it with constants
        (``traceev(S, m, p, g, EV_PARK, 0, 0, 0, R_NONE)``), numba would compile a separate
        version for every combination of constant values at every call site (it types a
        constant as ``Literal[int](0)``), which made the first compile of the model take
        minutes. We type such calls with plain ``int64`` instead.

        Without numba's reference-counting runtime (``_nrt=False``): the kernels only read
        and write the arrays they are given and never allocate, and with reference counting
        every access to a field of the state (``S.allg``) increfs and decrefs an array
        atomically, which made one VM instruction cost 26 ns instead of about 1.

        ``inline=True`` (for the small helpers on the hottest paths) inlines the function
        into its callers, which saves passing the whole state on every call.
        """
        if fn is None:  # @jit(inline=True)
            return lambda f: jit(f, inline=inline)
        opts = {"inline": "always"} if inline else {}
        saved = numba.config.CACHE_DIR  # the cache's place is fixed when caching is enabled
        numba.config.CACHE_DIR = _CACHE_DIR
        try:
            d = numba.njit(cache=True, nogil=True, _nrt=False, **opts)(fn)
        finally:
            numba.config.CACHE_DIR = saved
        resolve = d.get_call_template

        def get_call_template(args, kws):
            return resolve(tuple(_nbtypes.unliteral(a) for a in args),
                           {k: _nbtypes.unliteral(v) for k, v in kws.items()})

        d.get_call_template = get_call_template
        return d

else:

    def jit(fn=None, *, inline: bool = False):
        if fn is None:
            return lambda f: f
        return fn

    # Pure Python runs the same int64/uint64 arithmetic on numpy scalars, which wraps like the
    # compiled code but warns about it; the wrap-around is intended (fastrand, hashing).
    warnings.filterwarnings("ignore", category=RuntimeWarning, message="overflow encountered")
    np.seterr(over="ignore")
