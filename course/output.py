"""From the final state to a Result: the program's stdout and stderr, in Go's formats.

The VM records each print as (time, goroutine, descriptor, argument values); the text is
made here, after the run, by ``course.fmt`` (Go's fmt rules). Output cannot change a
schedule, only its cost, so formatting later changes nothing the model decides. schedtrace
lines (``GODEBUG=schedtrace``, by sysmon) and gctrace lines (``GODEBUG=gctrace=1``, at mark
termination: ``course.mgc``) are recorded as numbers and printed here in Go's formats; a
panic or deadlock ends stderr as Go's runtime ends it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import isa
from .runtime2 import *  # noqa: F403
from .traceback import fatal_text

if TYPE_CHECKING:
    from .program import Program, Result


def string_table(S: State):
    """string id → str, over the final string table."""
    buf = S.strbuf
    tab = S.strtab
    cache: dict[int, str] = {}

    def string_of(sid: int) -> str:
        sid = int(sid)
        if sid not in cache:
            off, n = int(tab[sid, 0]), int(tab[sid, 1])
            cache[sid] = bytes(buf[off:off + n]).decode("utf-8", errors="replace")
        return cache[sid]

    return string_of


def m_id(row: int) -> int:
    """Go's M ids: m0 is 0, sysmon's thread is 1, then the Ms made later."""
    return -1 if row < 0 else (0 if row == 0 else row + 1)


def format_schedtrace(a: list[int]) -> str:
    """proc.go schedtrace: one SCHED line (and with scheddetail, its P, M and G lines)."""
    ms, np_, idle, threads, spinning, idlethreads, runq, detail = a[:8]
    k = 8
    lens = a[k:k + np_]
    k += np_
    head = (f"SCHED {ms}ms: gomaxprocs={np_} idleprocs={idle} threads={threads} "
            f"spinningthreads={spinning} idlethreads={idlethreads} runqueue={runq}")
    if not detail:
        return head + " [" + " ".join(str(x) for x in lens) + "]\n"
    lines = [head + " gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0"]
    for i in range(np_):
        st, tick, systick, m, gfree, ntimers, _nx, _ = a[k:k + 8]
        k += 8
        lines.append(f"  P{i}: status={st} schedtick={tick} syscalltick={systick} m={m_id(m)} "
                     f"runqsize={lens[i]} gfreecnt={gfree} timerslen={ntimers}")
    nm = a[k]
    k += 1
    mlines = []
    for _ in range(nm):
        row, p, curg, spinning_, blocked, _state = a[k:k + 6]
        k += 6
        mlines.append(f"  M{m_id(row)}: p={p} curg={curg} mallocing=0 throwing=0 preemptoff= locks=0 "
                      f"dying=0 spinning={'true' if spinning_ else 'false'} blocked={'true' if blocked else 'false'} lockedg=-1")
    mlines.append("  M1: p=-1 curg=-1 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=false blocked=false lockedg=-1")
    mlines.sort(key=lambda s: -int(s.split(":")[0].strip()[1:]))  # allm lists the newest first
    lines += mlines
    ng = a[k]
    k += 1
    for _ in range(ng):
        goid, st, wr, m = a[k:k + 4]
        k += 4
        lines.append(f"  G{goid}: status={st}({WAIT_REASONS.get(wr, '')}) m={m_id(m)} lockedm=-1")
    return "\n".join(lines) + "\n"


def render_output(program: "Program", S: State, stop: int) -> "Result":
    from .fmt import format_print
    from .mgc import format_gctrace
    from .program import STAT_NAMES, Result
    from .trace import Trace

    image = program.image
    string_of = string_table(S)
    out_parts: list[str] = []
    err_parts: list[str] = []
    args = S.outargs
    for i in range(int(S.sched[S_NOUT])):
        desc = int(S.out[i, O_DESC])
        a0, n = int(S.out[i, O_ARGS]), int(S.out[i, O_NARGS])
        vals = [int(v) for v in args[a0:a0 + n]]
        if desc == OUT_SCHEDTRACE:
            err_parts.append(format_schedtrace(vals))
            continue
        if desc == OUT_GCTRACE:
            err_parts.append(format_gctrace(vals))
            continue
        d = image.prints[desc]
        text = format_print(d, vals, string_of)
        (err_parts if d.to_stderr else out_parts).append(text)
    stopped = {STOP_LIMIT: "limit", STOP_PAUSE: "paused"}.get(stop, "exit")
    err_parts.append(fatal_text(S, image, string_of))
    exit_code = int(S.sched[S_EXITCODE]) if S.sched[S_EXITED] else -1
    stats = {name: int(S.sched[k]) for name, k in STAT_NAMES.items()}
    stats["threads"] = int(S.sched[S_MCOUNT] + S.sched[S_NMSYS])
    stats["gomaxprocs"] = int(S.sched[S_GOMAXPROCS])
    return Result(
        stdout="".join(out_parts),
        stderr="".join(err_parts),
        exit_code=exit_code,
        stats=stats,
        sim_time_ns=int(S.sched[S_NOW]),
        trace=Trace(S, image),
        state=S,
        stopped=stopped,
    )
