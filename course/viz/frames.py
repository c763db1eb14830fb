"""From a trace to frames: the plain data every view draws (pure functions, no widgets).

Each function here turns a run's ``course.trace.Trace`` (or, for the models that do not feed
a trace yet, plain arrays) into JSON-able dicts and lists. The widgets in
``course.viz.widgets`` only ship these to the browser, where a small script draws them; the
tests check these functions, so what a view draws is tested without a browser.

Frames are compact, so a 10,000-event trace keeps a notebook light:

* events are one column per field (time, P, M, G, kind, what, reason), and their texts go
  through string tables (``what`` strings and Go's reasons are sent once each);
* the scheduler's state is sent whole every ``keyframe_every`` steps (a *keyframe*) and as
  small *deltas* in between (put this G in runnext; drop 1 from the ring's head and append
  G7 ...). ``scheduler_state(frames, step)`` decodes them in Python exactly as the browser
  does, and the tests check it against ``Trace.state_at`` at every step.

Step numbers follow ``Trace.state_at``: step ``s`` is the state after the first ``s``
events, so step 0 is before anything happened and event ``s - 1`` is the one that made step
``s``.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Iterable, Optional, Sequence

import numpy as np

from .. import mgc
from ..mgcpacer import gcBackgroundUtilization
from ..runtime2 import (GSTATUS_NAMES, PSTATUS_NAMES, T_A, T_B, T_C, T_G, T_KIND, T_M, T_P, T_REASON,
                        T_TIME, WAIT_REASONS)
from ..traceev import (EV_ACQUIREP, EV_CHANCLOSE, EV_CHANPARK, EV_CHANRECV, EV_CHANSEND, EV_EXECUTE, EV_EXIT,
                       EV_GCASSIST, EV_GCEND, EV_GCSTART, EV_GCWORKER, EV_GOCREATE, EV_GOEXIT, EV_GOSCHED, EV_HANDOFFP,
                       EV_MAKECHAN, EV_NAMES, EV_NETPOLL, EV_PANIC, EV_PARK, EV_PREEMPT, EV_PREEMPTREQ, EV_READY,
                       EV_RELEASEP, EV_RETAKE, EV_RUNQPUTSLOW, EV_SELECT, EV_SELECTORDER, EV_SPINNING, EV_STARTM,
                       EV_STEAL, EV_STOPM, EV_STW, EV_SUDOGSKIP, EV_SYSCALL, EV_SYSEXIT, EV_TIMERFIRE, R_CHAN_BUF,
                       R_CHAN_RECVFULL, R_SELECT_BLOCK, R_SELECT_WAKE, REASONS, SYSEXIT_NOP)
from ..trace import select_order, unpack_rows

CHAN_KINDS = (EV_MAKECHAN, EV_CHANPARK, EV_CHANSEND, EV_CHANRECV, EV_CHANCLOSE, EV_SELECT, EV_SUDOGSKIP)

# The G statuses the G state machine draws, in Go's order (runtime2.go), and the ones the
# model can reach. _Gcopystack, _Gscan* and _Gpreempted (suspendG) are not modelled.
G_STATES = ["_Gidle", "_Grunnable", "_Grunning", "_Gsyscall", "_Gwaiting", "_Gdead"]
# Go's legal transitions between them (casgstatus), each with the function that makes it.
G_EDGES = [
    ("_Gidle", "_Grunnable", "newproc"),
    ("_Grunnable", "_Grunning", "execute"),
    ("_Grunning", "_Grunnable", "gosched / preempt"),
    ("_Grunning", "_Gwaiting", "gopark"),
    ("_Gwaiting", "_Grunnable", "goready"),
    ("_Grunning", "_Gsyscall", "entersyscall"),
    ("_Gsyscall", "_Grunning", "exitsyscall"),
    ("_Gsyscall", "_Grunnable", "exitsyscall0"),
    ("_Grunning", "_Gdead", "goexit0"),
    ("_Gdead", "_Grunnable", "newproc (gfget)"),
]


# ---- events ----------------------------------------------------------------------------------
def _split_description(trace, i: int, reason: int) -> str:
    """``describe(i)`` without its reason: the 'what' half."""
    d = trace.describe(i)
    why = REASONS.get(reason, "")
    if why and d.endswith(" — " + why):
        return d[: -len(" — " + why)]
    return d


def go_function(reason_text: str) -> str:
    """The Go function a reason names (its text starts 'findRunnable: ...')."""
    head = reason_text.split(":", 1)[0] if ":" in reason_text else ""
    return head.strip() if head and len(head) < 40 else ""


_EVENT_TABLES: "weakref.WeakKeyDictionary" = None  # trace → its event table (several views share one)


def event_table(trace) -> dict:
    """Every event as columns, with string tables: the shared base of the trace views
    (computed once per trace; the views only read it).

    ``t`` time (ns), ``p``, ``m`` (M row, -1 none), ``g`` (goid, -1 none), ``k`` kind id,
    ``w`` index into ``whats`` (the event in words), ``r`` reason id (``reasons[r]`` is the Go
    rule; ``funcs[r]`` the Go function it names). ``kinds`` maps kind ids to names.
    """
    global _EVENT_TABLES
    import weakref

    if _EVENT_TABLES is None:
        _EVENT_TABLES = weakref.WeakKeyDictionary()
    try:
        cached = _EVENT_TABLES.get(trace)
    except TypeError:  # not weak-referenceable
        cached = None
    if cached is not None and cached["n"] == len(trace.rows):
        return cached
    table = _event_table(trace)
    try:
        _EVENT_TABLES[trace] = table
    except TypeError:
        pass
    return table


def _event_table(trace) -> dict:
    rows = trace.rows
    n = len(rows)
    whats: list[str] = []
    wid: dict[str, int] = {}
    w = []
    for i in range(n):
        s = _split_description(trace, i, int(rows[i, T_REASON]))
        j = wid.get(s)
        if j is None:
            j = wid[s] = len(whats)
            whats.append(s)
        w.append(j)
    used_r = sorted({int(x) for x in rows[:, T_REASON]}) if n else []
    used_k = sorted({int(x) for x in rows[:, T_KIND]}) if n else []
    return {
        "n": n,
        "t": rows[:, T_TIME].astype(np.int64).tolist(),
        "p": rows[:, T_P].astype(np.int64).tolist(),
        "m": rows[:, T_M].astype(np.int64).tolist(),
        "g": rows[:, T_G].astype(np.int64).tolist(),
        "k": rows[:, T_KIND].astype(np.int64).tolist(),
        "r": rows[:, T_REASON].astype(np.int64).tolist(),
        "w": w,
        "whats": whats,
        "kinds": {str(k): EV_NAMES.get(k, str(k)) for k in used_k},
        "reasons": {str(r): REASONS.get(r, "") for r in used_r},
        "funcs": {str(r): go_function(REASONS.get(r, "")) for r in used_r},
    }


def event_line(ev: dict, i: int) -> str:
    """One event of an ``event_table`` in words (as the views' hover and text forms say it)."""
    who = " ".join(x for x in (f"P{ev['p'][i]}" if ev["p"][i] >= 0 else "", f"M{ev['m'][i]}" if ev["m"][i] >= 0 else "",
                                f"G{ev['g'][i]}" if ev["g"][i] >= 0 else "") if x)
    why = ev["reasons"].get(str(ev["r"][i]), "")
    kind = ev["kinds"].get(str(ev["k"][i]), "?")
    s = f"#{i:<5} {ev['t'][i] / 1000:>11.3f}µs  {who:<13} {kind:<10} {ev['whats'][ev['w'][i]]}"
    return s + (f" — {why}" if why else "")


# ---- timeline ------------------------------------------------------------------------------
MARK_KINDS = {  # kind → (mark class, shown on the lane of) ; instants drawn on the timeline
    EV_STEAL: "steal", EV_HANDOFFP: "handoff", EV_PREEMPT: "preempt", EV_PREEMPTREQ: "preempt",
    EV_GOSCHED: "gosched", EV_SYSCALL: "syscall", EV_SYSEXIT: "syscall", EV_RETAKE: "handoff",
    EV_STW: "gc", EV_RUNQPUTSLOW: "overflow", EV_PARK: "park", EV_READY: "ready", EV_GOCREATE: "create",
    EV_TIMERFIRE: "timer", EV_PANIC: "panic", EV_EXIT: "exit", EV_GOEXIT: "exit",
}


def timeline_frames(trace, spans: Optional[Sequence[Sequence[Any]]] = None) -> dict:
    """The timeline: one lane per P, running stretches as segments, decisions as marks.

    ``segs``: columns ``p`` (lane), ``g``, ``t0``, ``t1``, ``kind``, ``e0``/``e1`` (the events
    that began and ended it). Kinds: "run" (a G runs), "syscall", "mark" (the P runs a GC mark
    worker: dedicated, fractional or idle; ``g`` is -1) and "assist" (a G's mark assist, inside
    its run: ``e0`` is the assist's event, ``e1`` too). A G in a syscall keeps its P
    (_Psyscall) until it returns or sysmon retakes the P; after a retake it goes on in the
    syscall on its M alone, drawn on an M lane (``mlanes``) — 'per M when it matters'.
    ``marks``: instants (``i`` event, ``p`` lane, ``cls`` steal/handoff/preempt/...), and
    ``steals``: ``[event, victim P, thief P]`` (an arrow between lanes).
    ``gc``: spans with the world stopped ``[t0, t1, label]``: each GC cycle's two pauses
    (sweep termination from its GCSTART, mark termination up to its GCEND), GOMAXPROCS's
    stop-the-world, and any ``spans`` given.
    """
    rows = trace.rows
    n = len(rows)
    ev = event_table(trace)
    nprocs = trace.nprocs_max
    segs = {"p": [], "g": [], "t0": [], "t1": [], "kind": [], "e0": [], "e1": []}
    open_run: dict[int, tuple[int, int, int]] = {}  # p → (g, t0, e0)
    open_sys: dict[int, tuple[int, int, int, int]] = {}  # g → (p or -1, m, t0, e0) while in a syscall
    mlanes: list[int] = []

    def close(p: int, t: int, e: int) -> None:
        if p in open_run:
            g, t0, e0 = open_run.pop(p)
            for k, v in (("p", p), ("g", g), ("t0", t0), ("t1", t), ("kind", "run"), ("e0", e0), ("e1", e)):
                segs[k].append(v)

    def add_sys(lane: int, g: int, t0: int, t1: int, e0: int, e1: int, kind: str = "syscall") -> None:
        for k, v in (("p", lane), ("g", g), ("t0", t0), ("t1", t1), ("kind", kind), ("e0", e0), ("e1", e1)):
            segs[k].append(v)

    open_mark: dict[int, tuple[int, int]] = {}  # p → (t0, e0) while its mark worker runs

    marks = {"i": [], "p": [], "cls": []}
    steals: list[list[int]] = []
    gc: list[list[Any]] = []
    stw_open: Optional[tuple[int, int]] = None
    for i in range(n):
        r = rows[i]
        k, p, m, g, t = int(r[T_KIND]), int(r[T_P]), int(r[T_M]), int(r[T_G]), int(r[T_TIME])
        a = int(r[T_A])
        if k == EV_EXECUTE:
            close(p, t, i)
            open_run[p] = (g, t, i)
        elif k in (EV_GOSCHED, EV_PREEMPT, EV_PARK, EV_GOEXIT):
            for q, (gg, _t0, _e0) in list(open_run.items()):
                if gg == g:
                    close(q, t, i)
        elif k == EV_SYSCALL:
            for q, (gg, _t0, _e0) in list(open_run.items()):
                if gg == g:
                    close(q, t, i)
            open_sys[g] = (p, m, t, i)
        elif k == EV_RETAKE:  # the P leaves the M in the syscall: the rest of it is on the M's lane
            for gg, (sp, sm, t0, e0) in list(open_sys.items()):
                if sp == p:
                    add_sys(p, gg, t0, t, e0, i)
                    open_sys[gg] = (-1, sm, t, i)
        elif k == EV_SYSEXIT:
            if g in open_sys:
                sp, sm, t0, e0 = open_sys.pop(g)
                if sp >= 0:
                    add_sys(sp, g, t0, t, e0, i)
                else:
                    if sm not in mlanes:
                        mlanes.append(sm)
                    add_sys(nprocs + mlanes.index(sm), g, t0, t, e0, i)
            if a != SYSEXIT_NOP and p >= 0:
                close(p, t, i)
                open_run[p] = (g, t, i)
        elif k == EV_RELEASEP:
            close(p, t, i)
        elif k == EV_EXIT:
            for q in list(open_run):
                close(q, t, i)
        elif k == EV_GCWORKER:
            if a == 1:
                open_mark[p] = (t, i)
            elif p in open_mark:
                t0, e0 = open_mark.pop(p)
                add_sys(p, -1, t0, t, e0, i, "mark")
        elif k == EV_GCASSIST and p >= 0:
            add_sys(p, g, t, t + int(r[T_B]), i, i, "assist")
        elif k == EV_GCSTART:
            gc.append([t, t + mgc.gcSweepTermNS, f"GC {a}: sweep termination"])
        elif k == EV_GCEND:
            gc.append([t - mgc.gcMarkTermNS, t, f"GC {a}: mark termination"])
        elif k == EV_STW:
            if a == 1:
                stw_open = (t, i)
            elif stw_open is not None:
                gc.append([stw_open[0], t, "stop the world"])
                stw_open = None
        if k == EV_STEAL:
            steals.append([i, a, p])
        cls = MARK_KINDS.get(k)
        if cls:
            marks["i"].append(i)
            marks["p"].append(p if p >= 0 else -1)
            marks["cls"].append(cls)
    end = int(rows[-1, T_TIME]) if n else 0
    for p in list(open_run):
        close(p, end, n - 1)
    for p, (t0, e0) in open_mark.items():
        add_sys(p, -1, t0, end, e0, n - 1, "mark")
    for g, (sp, sm, t0, e0) in list(open_sys.items()):
        if sp < 0 and sm not in mlanes:
            mlanes.append(sm)
        add_sys(sp if sp >= 0 else nprocs + mlanes.index(sm), g, t0, end, e0, n - 1)
    for sp in spans or ():  # pauses from elsewhere (a GC model's stop-the-world phases ...): [t0, t1, label]
        t0, t1, label = int(sp[0]), int(sp[1]), str(sp[2]) if len(sp) > 2 else "pause"
        if t1 < t0:
            raise ValueError(f"timeline: a span ends before it starts: {sp}")
        gc.append([t0, t1, label])
    lanes = [f"P{p}" for p in range(nprocs)] + [f"M{m} (syscall)" for m in mlanes]
    return {
        "view": "timeline", "events": ev, "lanes": lanes, "nprocs": nprocs, "segs": segs, "marks": marks,
        "steals": steals, "gc": gc, "t_end": end, "t_start": int(rows[0, T_TIME]) if n else 0,
    }


def timeline_text(frames: dict, start: int = 0, stop: Optional[int] = None) -> str:
    """The timeline in words: per P, who ran when and how each stretch ended; then the steals."""
    ev, s = frames["events"], frames["segs"]
    out = []
    for lane, name in enumerate(frames["lanes"]):
        idx = [j for j in range(len(s["p"])) if s["p"][j] == lane]
        idx.sort(key=lambda j: s["t0"][j])
        out.append(f"{name}: {len(idx)} stretches")
        for j in idx:
            e1 = s["e1"][j]
            why = ev["whats"][ev["w"][e1]] if 0 <= e1 < ev["n"] else ""
            kind = s["kind"][j]
            if kind == "mark":
                began = ev["whats"][ev["w"][s["e0"][j]]] if 0 <= s["e0"][j] < ev["n"] else "a mark worker"
                out.append(f"  {s['t0'][j] / 1000:>11.3f}–{s['t1'][j] / 1000:.3f}µs  GC: {began}; ends: {why}")
                continue
            what = {"syscall": "in a syscall", "assist": "assists the GC's mark"}.get(kind, "runs")
            ends = "" if kind == "assist" else f"; ends: {why}"
            out.append(f"  {s['t0'][j] / 1000:>11.3f}–{s['t1'][j] / 1000:.3f}µs  G{s['g'][j]} {what}{ends}")
    for i, victim, thief in frames["steals"]:
        out.append(f"steal at {ev['t'][i] / 1000:.3f}µs: P{thief} took from P{victim}: {ev['whats'][ev['w'][i]]}")
    for t0, t1, label in frames["gc"]:
        out.append(f"{label}: {t0 / 1000:.3f}–{t1 / 1000:.3f}µs")
    return "\n".join(out)


# ---- scheduler at a step -------------------------------------------------------------------
def _list_delta(old: Sequence[int], new: Sequence[int]) -> list:
    """How ``new`` follows from ``old``: ``[h, added]`` (drop h from the head, append added),
    ``[-1, added]`` (add at the head), or ``None`` to replace it whole."""
    lo, ln = len(old), len(new)
    for h in range(0, min(lo, 8) + 1):
        keep = lo - h
        if keep <= ln and list(old[h:]) == list(new[:keep]):
            return [h, list(new[keep:])]
    if ln >= lo and lo > 0 and list(new[ln - lo:]) == list(old):
        return [-1, list(new[: ln - lo])]
    return [None, list(new)]


class _MTracker:
    """The Ms' states, from the trace's M events (the trace replay does not keep them):
    running (with a P), spinning (looking for work), syscall, netpoll (blocked until a
    timer), idle (on the idle list)."""

    def __init__(self) -> None:
        self.ms: dict[int, list] = {}  # m → [state, p]

    def apply(self, k: int, p: int, m: int, a: int, c: int) -> Iterable[int]:
        ms = self.ms
        changed = []

        def put(mm: int, state: Optional[str] = None, pp: Optional[int] = None) -> None:
            if mm < 0:
                return
            cur = ms.setdefault(mm, ["idle", -1])
            new = [state if state is not None else cur[0], pp if pp is not None else cur[1]]
            if new != cur:
                ms[mm] = new
                changed.append(mm)

        if k == EV_STARTM:
            put(c, "spinning" if a else "running", p)
        elif k == EV_ACQUIREP:
            put(m, None if m in ms and ms[m][0] == "spinning" else "running", p)
        elif k == EV_RELEASEP:
            put(m, None, -1)
        elif k == EV_STOPM:
            put(m, "idle", -1)
        elif k == EV_SPINNING:
            put(m, "spinning" if a else "running")
        elif k == EV_SYSCALL:
            put(m, "syscall")
        elif k == EV_SYSEXIT:
            put(m, "running", p if p >= 0 else -1)
        elif k == EV_NETPOLL:
            put(m, "netpoll" if a else "running", -1 if a else None)
        elif k == EV_RETAKE:
            for mm, (st, pp) in list(ms.items()):
                if pp == p and st == "syscall":
                    put(mm, None, -1)
        elif k == EV_EXECUTE:
            put(m, "running", p)
        return changed


def _running(st: dict, p: int) -> int:
    """What P p runs, as the scheduler frames encode it: a goid, -1 nothing, or -1 - mode for a
    GC mark worker (-2 dedicated, -3 fractional, -4 idle: GC_WORKER_NAMES)."""
    if st["gcworker"][p]:
        return -1 - st["gcworker"][p]
    x = st["running"][p]
    return -1 if x is None else x


def _sched_snapshot(st: dict, nprocs: int, mt: _MTracker) -> dict:
    return {
        "runnext": [x if x is not None else -1 for x in st["runnext"][:nprocs]],
        "runq": [list(q) for q in st["runq"][:nprocs]],
        "global": list(st["global"]),
        "p_status": [PSTATUS_NAMES.get(s, str(s)) for s in st["p_status"][:nprocs]],
        "p_m": list(st["p_m"][:nprocs]),
        "running": [_running(st, p) for p in range(nprocs)],
        "g": {str(g): [GSTATUS_NAMES.get(s, str(s)), st["wait"].get(g, "")] for g, s in st["g"].items()},
        "ms": {str(m): list(v) for m, v in mt.ms.items()},
        "time": st["time"],
    }


def replay(trace):
    """Replay the trace event by event, yielding ``(i, st)`` after event i: the trace's own
    replay (``Trace._apply``), so the views show exactly what ``state_at`` rebuilds.
    The state dict is reused (mutated) between yields."""
    st = trace._empty(256)
    for i in range(len(trace.rows)):
        trace._apply(st, trace.rows[i])
        yield i, st


GC_WORKER_NAMES = {-2: "GC mark worker (dedicated)", -3: "GC mark worker (fractional)", -4: "GC mark worker (idle)"}


def scheduler_frames(trace, keyframe_every: int = 256) -> dict:
    """The scheduler at every step, as keyframes plus deltas.

    ``keys[j]`` is the whole state at step ``j * keyframe_every``; ``deltas[s - 1]`` lists
    the changes event ``s - 1`` made (ops: ``["n", p, g]`` runnext, ``["q", p, h, added]`` a
    P's ring (drop h from the head, append; h=-1: add at the head; h=null: replace), ``["gq",
    h, added]`` the global queue, ``["ps", p, status]``, ``["pm", p, m]``, ``["r", p, g]``
    running, ``["g", goid, status, wait]``, ``["m", m, state, p]``). G -1 means none; a
    running G of -2, -3 or -4 is the P's GC mark worker (dedicated, fractional, idle:
    ``GC_WORKER_NAMES``), which the model runs in place of a G.
    """
    ev = event_table(trace)
    rows = trace.rows
    n = len(rows)
    nprocs = trace.nprocs_max
    mt = _MTracker()
    st0 = trace._empty(256)
    keys = [_sched_snapshot(st0, nprocs, mt)]
    prev = _sched_snapshot(st0, nprocs, mt)
    deltas: list[list] = []
    for i, st in replay(trace):
        r = rows[i]
        k, p, m, g, a, c = (int(r[T_KIND]), int(r[T_P]), int(r[T_M]), int(r[T_G]), int(r[T_A]), int(r[T_C]))
        d: list = []
        for q in range(nprocs):
            x = st["runnext"][q]
            x = -1 if x is None else x
            if x != prev["runnext"][q]:
                d.append(["n", q, x])
                prev["runnext"][q] = x
            ring = st["runq"][q]
            if len(ring) != len(prev["runq"][q]) or (ring and (ring[0] != prev["runq"][q][0] or ring[-1] != prev["runq"][q][-1])) \
                    or k in (EV_STEAL, EV_RUNQPUTSLOW):
                new = list(ring)
                if new != prev["runq"][q]:
                    h, added = _list_delta(prev["runq"][q], new)
                    d.append(["q", q, h, added])
                    prev["runq"][q] = new
            s = PSTATUS_NAMES.get(st["p_status"][q], str(st["p_status"][q]))
            if s != prev["p_status"][q]:
                d.append(["ps", q, s])
                prev["p_status"][q] = s
            if st["p_m"][q] != prev["p_m"][q]:
                d.append(["pm", q, st["p_m"][q]])
                prev["p_m"][q] = st["p_m"][q]
            x = _running(st, q)
            if x != prev["running"][q]:
                d.append(["r", q, x])
                prev["running"][q] = x
        glob = st["global"]
        if len(glob) != len(prev["global"]) or (glob and (glob[0] != prev["global"][0] or glob[-1] != prev["global"][-1])):
            new = list(glob)
            h, added = _list_delta(prev["global"], new)
            d.append(["gq", h, added])
            prev["global"] = new
        if g >= 0 and g in st["g"]:
            v = [GSTATUS_NAMES.get(st["g"][g], str(st["g"][g])), st["wait"].get(g, "")]
            if prev["g"].get(str(g)) != v:
                d.append(["g", g, v[0], v[1]])
                prev["g"][str(g)] = v
        for mm in mt.apply(k, p, m, a, c):
            d.append(["m", mm, mt.ms[mm][0], mt.ms[mm][1]])
        prev["ms"] = {str(x): list(v) for x, v in mt.ms.items()}
        prev["time"] = st["time"]
        deltas.append(d)
        if (i + 1) % keyframe_every == 0:
            keys.append(_sched_snapshot(st, nprocs, mt))
    return {"view": "scheduler", "events": ev, "nprocs": nprocs, "n": n, "every": keyframe_every,
            "keys": keys, "deltas": deltas, "ringsize": 256}


def _apply_list(lst: list, h, added: list) -> list:
    if h is None:
        return list(added)
    if h == -1:
        return list(added) + lst
    return lst[h:] + list(added)


def scheduler_state(frames: dict, step: int) -> dict:
    """Decode the scheduler's state at ``step`` from keyframes and deltas (what the browser
    does; the same dict shape as a keyframe)."""
    step = max(0, min(step, frames["n"]))
    j = step // frames["every"]
    key = frames["keys"][j]
    s = {"runnext": list(key["runnext"]), "runq": [list(q) for q in key["runq"]], "global": list(key["global"]),
         "p_status": list(key["p_status"]), "p_m": list(key["p_m"]), "running": list(key["running"]),
         "g": {g: list(v) for g, v in key["g"].items()}, "ms": {m: list(v) for m, v in key["ms"].items()}}
    for i in range(j * frames["every"], step):
        for op in frames["deltas"][i]:
            o = op[0]
            if o == "n":
                s["runnext"][op[1]] = op[2]
            elif o == "q":
                s["runq"][op[1]] = _apply_list(s["runq"][op[1]], op[2], op[3])
            elif o == "gq":
                s["global"] = _apply_list(s["global"], op[1], op[2])
            elif o == "ps":
                s["p_status"][op[1]] = op[2]
            elif o == "pm":
                s["p_m"][op[1]] = op[2]
            elif o == "r":
                s["running"][op[1]] = op[2]
            elif o == "g":
                s["g"][str(op[1])] = [op[2], op[3]]
            elif o == "m":
                s["ms"][str(op[1])] = [op[2], op[3]]
    return s


def scheduler_text(frames: dict, step: int) -> str:
    """The scheduler at ``step`` in words, with the event that made it."""
    s = scheduler_state(frames, step)
    ev = frames["events"]
    out = [f"step {step} of {frames['n']}"]
    if step > 0:
        out.append("changed by: " + event_line(ev, step - 1))
    for p in range(frames["nprocs"]):
        rn = s["runnext"][p]
        run = s["running"][p]
        ring = s["runq"][p]
        out.append(f"P{p} [{s['p_status'][p]}, M{s['p_m'][p]}]: running "
                   + (f"G{run}" if run >= 0 else GC_WORKER_NAMES.get(run, "nothing")) + "; runnext " + (f"G{rn}" if rn >= 0 else "empty")
                   + f"; ring ({len(ring)}/256): " + (" ".join(f"G{g}" for g in ring) or "empty"))
    out.append("global queue: " + (" ".join(f"G{g}" for g in s["global"]) or "empty"))
    if s["ms"]:
        out.append("Ms: " + ", ".join(f"M{m} {v[0]}" + (f" on P{v[1]}" if v[1] >= 0 else "")
                                      for m, v in sorted(s["ms"].items(), key=lambda x: int(x[0]))))
    gs = sorted(s["g"].items(), key=lambda x: int(x[0]))
    out.append("Gs: " + ", ".join(f"G{g} {v[0]}" + (f" [{v[1]}]" if v[1] else "") for g, v in gs))
    return "\n".join(out)


# ---- G state machine -------------------------------------------------------------------------
def gstate_frames(trace) -> dict:
    """Each step's G status transition (if the event changed one): ``tr[s-1]`` is an index
    into ``edges`` (``[from, to, Go function]``) or -1, ``tg[s-1]`` the G. Counts on the
    edges at a step are the transitions so far (``gstate_counts``)."""
    edges = [list(e) for e in G_EDGES]
    eid = {(a, b): k for k, (a, b, _f) in enumerate(G_EDGES)}
    tr_: list[int] = []
    tg: list[int] = []
    rows = trace.rows
    prev: dict[int, str] = {}
    for i, st in replay(trace):
        g = int(rows[i, T_G])
        k = -1
        if g >= 0 and g in st["g"]:
            new = GSTATUS_NAMES.get(st["g"][g], str(st["g"][g]))
            old = prev.get(g, "_Gidle")
            if new != old or int(rows[i, T_KIND]) == EV_GOCREATE:
                if int(rows[i, T_KIND]) == EV_GOCREATE and old == new:
                    old = "_Gdead"  # a G from the free list (gfget) starts again
                key = (old, new)
                if key not in eid:  # not one of Go's transitions: name it after the event that made it
                    eid[key] = len(edges)
                    edges.append([old, new, EV_NAMES.get(int(rows[i, T_KIND]), "?").lower() + " (model)"])
                k = eid[key]
                prev[g] = new
        tr_.append(k)
        tg.append(g if k >= 0 else -1)
    return {"view": "gstates", "events": event_table(trace), "n": len(rows), "states": list(G_STATES),
            "edges": edges, "tr": tr_, "tg": tg}


def gstate_counts(frames: dict, step: int) -> list[int]:
    """How many times each edge was taken in the first ``step`` events."""
    c = [0] * len(frames["edges"])
    for k in frames["tr"][:max(0, step)]:
        if k >= 0:
            c[k] += 1
    return c


def gstate_dot(frames: dict) -> str:
    """The G state machine in DOT: ids ``n<state>`` and ``e<k>`` let the browser light them."""
    lines = ['digraph Gstatus {', '  graph [rankdir=LR, bgcolor="transparent", nodesep=0.5, ranksep=0.9];',
             '  node [shape=ellipse, style=filled, fillcolor="#f4f4f4", fontname="Helvetica", fontsize=12];',
             '  edge [fontname="Helvetica", fontsize=10];']
    for s in frames["states"]:
        lines.append(f'  "{s}" [id="n{s}"];')
    for k, (a, b, fn) in enumerate(frames["edges"]):
        lines.append(f'  "{a}" -> "{b}" [id="e{k}", label="{fn} ×0"];')
    lines.append("}")
    return "\n".join(lines)


_FALLBACK_POS = {"_Gidle": (70, 60), "_Grunnable": (270, 60), "_Grunning": (470, 160), "_Gsyscall": (680, 160),
                 "_Gwaiting": (270, 270), "_Gdead": (680, 40)}


def gstate_fallback_svg(frames: dict) -> str:
    """The G state machine drawn without Graphviz (fixed positions, same ids as dot's)."""
    import math

    pos = dict(_FALLBACK_POS)
    for s in frames["states"]:
        pos.setdefault(s, (70 + 120 * len(pos), 330))
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="780" height="330" viewBox="0 0 780 330" font-family="Helvetica">',
           '<defs><marker id="gvarrow" markerWidth="8" markerHeight="8" refX="7" refY="3" orient="auto">'
           '<path d="M0,0 L7,3 L0,6 z" fill="#333"/></marker></defs>']
    for k, (a, b, fn) in enumerate(frames["edges"]):
        (x0, y0), (x1, y1) = pos.get(a, (0, 0)), pos.get(b, (0, 0))
        dx, dy = x1 - x0, y1 - y0
        d = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / d * 22, dx / d * 22  # bend to one side, so a↔b pairs do not overlap
        mx, my = (x0 + x1) / 2 + nx, (y0 + y1) / 2 + ny
        sx, sy = x0 + dx / d * 48, y0 + dy / d * 20
        ex, ey = x1 - dx / d * 48, y1 - dy / d * 20
        out.append(f'<g id="e{k}" class="edge"><path d="M{sx:.0f},{sy:.0f} Q{mx:.0f},{my:.0f} {ex:.0f},{ey:.0f}" '
                   f'fill="none" stroke="#333" marker-end="url(#gvarrow)"/><polygon points="" />'
                   f'<text x="{mx:.0f}" y="{my:.0f}" font-size="10" text-anchor="middle">{fn} ×0</text></g>')
    for s in frames["states"]:
        x, y = pos[s]
        out.append(f'<g id="n{s}" class="node"><ellipse cx="{x}" cy="{y}" rx="48" ry="18" fill="#f4f4f4" stroke="#333"/>'
                   f'<text x="{x}" y="{y + 4}" font-size="12" text-anchor="middle">{s}</text></g>')
    out.append("</svg>")
    return "".join(out)


def gstate_text(frames: dict, step: int) -> str:
    """The G state machine at ``step`` in words: the transition just made and every count."""
    step = max(0, min(step, frames["n"]))
    out = [f"step {step} of {frames['n']}"]
    if step > 0:
        k = frames["tr"][step - 1]
        if k >= 0:
            a, b, fn = frames["edges"][k]
            out.append(f"G{frames['tg'][step - 1]}: {a} → {b} ({fn}): " + event_line(frames["events"], step - 1))
        else:
            out.append("no G changed status: " + event_line(frames["events"], step - 1))
    for (a, b, fn), c in zip(frames["edges"], gstate_counts(frames, step)):
        out.append(f"  {a} → {b} ({fn}): {c}")
    return "\n".join(out)


# ---- channels --------------------------------------------------------------------------------
def channel_ids(trace) -> list[tuple[int, int, int]]:
    """Every channel the run made: ``(chan id, cap, event index of its make)``."""
    rows = trace.rows
    return [(int(rows[i, T_A]), int(rows[i, T_B]), i) for i in range(len(rows)) if int(rows[i, T_KIND]) == EV_MAKECHAN]


def _make_sites(source: str) -> list[tuple[str, Optional[int]]]:
    """``name := make(chan T[, N])`` sites in source order: (name, literal cap or None; 0 if none)."""
    import re

    sites = []
    pat = re.compile(r"(?:var\s+)?([A-Za-z_]\w*)\s*(?::=|=)\s*make\(\s*(?:<-\s*)?chan\b(?:\s*<-)?[^,()]*(?:\([^()]*\))?\s*(?:,\s*([^)]*))?\)")
    for line in source.splitlines():
        code = line.split("//", 1)[0]
        for m in pat.finditer(code):
            cap = m.group(2)
            if cap is None:
                sites.append((m.group(1), 0))
            else:
                cap = cap.strip()
                sites.append((m.group(1), int(cap) if cap.isdigit() else None))
    return sites


def resolve_channel(trace, which, source: str = "") -> int:
    """A channel id from an id, or from the Go variable it was made into (``"ch"``).

    The trace records channel ids, not names, so a name is matched to the ``make(chan ...)``
    statements in the source: when there are as many statements as channels made, in order;
    otherwise the one statement with that name whose literal capacity picks out one channel.
    """
    made = channel_ids(trace)
    if isinstance(which, (int, np.integer)):
        if int(which) not in [c for c, _cap, _i in made]:
            raise ValueError(f"the run made no channel {which}; it made {[c for c, _, _ in made]}")
        return int(which)
    name = str(which)
    sites = _make_sites(source or getattr(getattr(trace, "image", None), "source", "") or "")
    if not made:
        raise ValueError("the run made no channels")
    if sites and len(sites) == len(made):
        for (nm, _cap), (cid, _c, _i) in zip(sites, made):
            if nm == name:
                return cid
    mine = [s for s in sites if s[0] == name]
    if len(mine) == 1 and mine[0][1] is not None:
        same = [cid for cid, cap, _i in made if cap == mine[0][1]]
        if len(same) == 1:
            return same[0]
    listing = ", ".join(f"chan {cid} (cap {cap})" for cid, cap, _i in made)
    raise ValueError(f"cannot tell which channel is {name!r} from the trace (it records ids, not names); "
                     f"pass its id instead: {listing}")


def select_records(trace) -> list[dict]:
    """Every select that built its orders (runtime/select.go selectgo: ``pollorder``, a random
    permutation, and ``lockorder``, the cases sorted by hchan address; the model sorts by channel
    id), one dict each, in trace order:

    ``s`` the step after its EV_SELECTORDER (event ``ev``), ``g`` the goroutine, ``ncases`` (-1:
    more than 15, its orders are not in the trace), ``poll`` and ``lock`` (case indices in
    source order, first first; None with more than 15 cases), ``cases`` (``[case, chan,
    "send"|"recv"]`` for every case whose channel the trace shows, by case), ``how`` (``"poll"``:
    pass 1 took a ready case; ``"default"``; ``"blocked"``: pass 2 queued its sudogs and it
    parked; ``"panic"``: a send case on a closed channel; ``"cut"``: the trace ends first),
    ``chosen`` (the case taken, -1 the default, None not yet or never) and ``chosen_s`` (the
    step it was taken).

    The trace names a select's channels only where something happened on them: the case it
    took, and, when it blocked, every case (pass 2 records a sudog per case, in lock order).
    So for a select that took a ready case in pass 1 (or its default), ``cases`` has that case
    only (or nothing)."""
    rows = trace.rows
    n = len(rows)
    kinds = rows[:, T_KIND]
    starts = np.nonzero(kinds == EV_SELECTORDER)[0]
    if not len(starts):
        return []
    wakes = np.nonzero((kinds == EV_SELECT) & (rows[:, T_REASON] == R_SELECT_WAKE))[0]
    out: list[dict] = []
    for i in starts:
        i = int(i)
        g, a, b, c = int(rows[i, T_G]), int(rows[i, T_A]), int(rows[i, T_B]), int(rows[i, T_C])
        poll, lock = select_order(a, c), select_order(b, c)
        rec: dict = {"s": i + 1, "ev": i, "g": g, "ncases": c, "poll": poll, "lock": lock, "cases": [],
                     "how": "cut", "chosen": None, "chosen_s": None}
        parks: list[tuple[int, str]] = []
        last_dir: dict[int, str] = {}
        j = i + 1
        # selectgo's own events follow at once (one M, one call): pass 1's channel operation
        # and its EV_SELECT, or the default's EV_SELECT, or pass 2's sudogs then the PARK; a
        # send case on a closed channel panics with none of these
        while j < n:
            k, gj = int(kinds[j]), int(rows[j, T_G])
            if k == EV_CHANPARK and gj == g and int(rows[j, T_REASON]) == R_SELECT_BLOCK:
                parks.append((int(rows[j, T_A]), "send" if int(rows[j, T_C]) & 1 else "recv"))
            elif parks or (k == EV_PARK and gj == g):  # pass 2 is over (no sudogs: nil channels only)
                rec["how"] = "blocked"
                break
            elif k in (EV_SELECTORDER, EV_PANIC, EV_EXIT):
                rec["how"] = "panic"
                break
            elif k in (EV_CHANSEND, EV_CHANRECV) and gj == g:
                last_dir[int(rows[j, T_A])] = "send" if k == EV_CHANSEND else "recv"
            elif k == EV_SELECT and gj == g:
                ch = int(rows[j, T_B])
                rec.update(how="poll" if int(rows[j, T_A]) >= 0 else "default", chosen=int(rows[j, T_A]),
                           chosen_s=j + 1)
                if ch >= 0:
                    rec["cases"] = [[int(rows[j, T_A]), ch, last_dir.get(ch, "?")]]
                break
            j += 1
        if rec["how"] == "blocked" and parks:
            if lock is not None and len(lock) == len(parks):
                rec["cases"] = sorted([case, ch, d] for case, (ch, d) in zip(lock, parks))
            w = wakes[np.searchsorted(wakes, i):]
            w = w[rows[w, T_G] == g][:1]  # (g's next wake-up from a select is this one's pass 3)
            if len(w):
                rec["chosen"], rec["chosen_s"] = int(rows[w[0], T_A]), int(w[0]) + 1
                if not rec["cases"]:
                    ch = int(rows[w[0], T_B])
                    d = next((dd for cc, dd in parks if cc == ch), "?")
                    rec["cases"] = [[rec["chosen"], ch, d]]
        out.append(rec)
    return out


def select_line(sel: dict, step: Optional[int] = None) -> str:
    """One select's orders and outcome in words (``channel_text``); at ``step``, an outcome
    that comes later is not told."""
    head = f"select by G{sel['g']} at step {sel['s']}"
    if sel["poll"] is None:
        body = "more than 15 cases: its poll order and lock order are too long for the trace, not recorded"
    else:
        chans = {case: (ch, d) for case, ch, d in sel["cases"]}

        def order(o: list) -> str:
            return ",".join(map(str, o)) or "(empty: every case is on a nil channel)"

        body = f"poll order {order(sel['poll'])}" + (f" (case {sel['poll'][0]} first)" if sel["poll"] else "")
        body += f"; lock order {order(sel['lock'])}"
        if sel["lock"] and all(c in chans for c in sel["lock"]):
            body += " (chan " + ", chan ".join(str(chans[c][0]) for c in sel["lock"]) + ")"
    ch = {case: (c, d) for case, c, d in sel["cases"]}
    if sel["chosen"] is not None and step is not None and sel["chosen_s"] > step:
        out = "no case chosen yet at this step"
    elif sel["chosen"] is None:
        out = {"panic": "panics: send on a closed channel", "cut": "the trace ends before it chose",
               "blocked": "parked, still waiting" if sel["lock"] != [] else "blocks forever (every case on a nil channel)",
               }.get(sel["how"], "")
    elif sel["chosen"] < 0:
        out = "nothing ready: the default"
    else:
        c = sel["chosen"]
        out = f"chose case {c}" + (f" ({ch[c][1]} on chan {ch[c][0]})" if c in ch else "")
        out += " in pass 1" if sel["how"] == "poll" else f" when woken at step {sel['chosen_s']}"
    return f"{head}: {body}; {out}"


def channel_frames(trace, chan: int, name: str = "") -> dict:
    """One hchan over the run: ``points`` are the steps where it changed, each with its ring
    (``buf``: cap slots, None when empty), ``sendx``, ``recvx``, ``qcount``, ``closed``, and the
    wait queues (``recvq``/``sendq``: ``[goid, value sent, in a select]``, first first).

    ``select_orders`` lists the selects this channel takes part in (``select_records``: each
    one's poll order and lock order, runtime/select.go selectgo's ``pollorder`` and
    ``lockorder``, recorded as EV_SELECTORDER, its cases' channels and the case chosen), by
    step. A select is known to take part when the trace shows one of its cases on this channel:
    the case it took, or a sudog it queued here when it blocked.
    """
    rows = trace.rows
    cap = None
    ring: list = []
    sendx = recvx = 0
    points: list[dict] = []
    evs: list[int] = []
    made_at = -1

    for i, st in replay(trace):
        k = int(rows[i, T_KIND])
        if k not in CHAN_KINDS or int(rows[i, T_A]) != chan:
            if k == EV_SELECT and int(rows[i, T_B]) == chan:
                evs.append(i)
            continue
        b, c, reason = int(rows[i, T_B]), int(rows[i, T_C]), int(rows[i, T_REASON])
        h = st["chans"].get(chan)
        if k == EV_MAKECHAN:
            cap = b
            ring = [None] * cap
            sendx = recvx = 0
            made_at = i
        elif cap is not None and cap > 0:
            if k == EV_CHANSEND and c < 0:  # into the buffer at sendx
                ring[sendx] = b
                sendx = (sendx + 1) % cap
            elif k == EV_CHANRECV and c >= 0:  # a full buffer and a waiting sender: head out, its value in
                sval = h["buf"][-1] if h and h["buf"] else None
                ring[recvx] = sval
                recvx = (recvx + 1) % cap
                sendx = recvx
            elif k == EV_CHANRECV and reason == R_CHAN_BUF:
                ring[recvx] = None
                recvx = (recvx + 1) % cap
        evs.append(i)
        if h is None:
            continue

        def q(name: str) -> list:
            out = []
            for sg in h[name]:
                g, _c, is_sel, _send, val = st["sudogs"][sg]
                out.append([g, val, bool(is_sel)])
            return out

        points.append({"s": i + 1, "ev": i, "cap": h["cap"], "buf": list(ring), "sendx": sendx, "recvx": recvx,
                       "qcount": len(h["buf"]), "closed": bool(h["closed"]), "recvq": q("recvq"), "sendq": q("sendq"),
                       "values": list(h["buf"])})
    if made_at < 0:
        raise ValueError(f"the run made no channel {chan}")
    sels = [sel for sel in select_records(trace) if any(ch == chan for _c, ch, _d in sel["cases"])]
    return {"view": "channel", "events": event_table(trace), "n": len(rows), "chan": chan, "name": name,
            "made_at": made_at, "points": points, "chan_events": evs, "select_orders": sels}


def channel_at(frames: dict, step: int) -> Optional[dict]:
    """The channel's state at ``step`` (None before its make)."""
    cur = None
    for pt in frames["points"]:
        if pt["s"] <= step:
            cur = pt
        else:
            break
    return cur


def channel_text(frames: dict, step: Optional[int] = None) -> str:
    """The channel in words: at ``step``, or its whole story (every change) when None."""
    ev = frames["events"]
    label = f"chan {frames['chan']}" + (f" ({frames['name']})" if frames["name"] else "")

    def one(pt: dict) -> str:
        ring = " ".join("·" if v is None else str(v) for v in pt["buf"]) or "(unbuffered)"
        rq = " ".join(f"G{g}" + (" (select)" if sel else "") for g, _v, sel in pt["recvq"]) or "empty"
        sq = " ".join(f"G{g} sending {v}" + (" (select)" if sel else "") for g, v, sel in pt["sendq"]) or "empty"
        return (f"{label}: cap {pt['cap']}, qcount {pt['qcount']}, sendx {pt['sendx']}, recvx {pt['recvx']}"
                + (", closed" if pt["closed"] else "") + f"; buf [{ring}]; recvq: {rq}; sendq: {sq}")

    sels = frames.get("select_orders") or []
    if step is not None:
        pt = channel_at(frames, step)
        if pt is None:
            return f"{label}: not made yet at step {step}"
        out = [one(pt), "last change: " + event_line(ev, pt["ev"])]
        cur = [sel for sel in sels if sel["s"] <= step]
        if cur:
            out.append("last " + select_line(cur[-1], step))
        return "\n".join(out)
    out = []
    for pt in frames["points"]:
        out.append(event_line(ev, pt["ev"]))
        out.append("    " + one(pt))
    if sels:
        out.append(f"selects on {label} (selectgo's pollorder: random; lockorder: by channel, as Go sorts by hchan address):")
        out.extend("    " + select_line(sel) for sel in sels)
    return "\n".join(out)


# ---- compare ---------------------------------------------------------------------------------
COMPARE_STATS = ("context_switches", "steals", "stolen_goroutines", "preemptions", "gosched", "globrunqget",
                 "schedtick61_checks", "runqputslow", "wakep", "stopm", "syscalls", "syscall_handoffs", "parks",
                 "threads", "max_goroutines")


def first_divergence(ta, tb) -> int:
    """The first event at which two traces differ in what happened (kind, P, G, operands);
    -1 if one is a prefix of the other and they have the same length."""
    cols = [T_KIND, T_P, T_G, T_A, T_B, T_C]
    ra, rb = ta.rows[:, cols], tb.rows[:, cols]
    n = min(len(ra), len(rb))
    diff = np.nonzero(np.any(ra[:n] != rb[:n], axis=1))[0]
    if len(diff):
        return int(diff[0])
    return -1 if len(ra) == len(rb) else n


def compare_frames(res_a, res_b, labels: Sequence[str] = ("A", "B")) -> dict:
    """The same program under two settings, side by side: both timelines on one time axis,
    and the differences called out (output, exit, time, the scheduler's counts, the first
    event where the runs part)."""
    ta, tb = res_a.trace, res_b.trace
    fa, fb = timeline_frames(ta), timeline_frames(tb)
    rows = []

    def row(name, a, b):
        rows.append([name, a, b, a != b])

    row("stdout", res_a.stdout, res_b.stdout)
    row("exit code", res_a.exit_code, res_b.exit_code)
    row("simulated time (µs)", round(res_a.sim_time_ns / 1000, 3), round(res_b.sim_time_ns / 1000, 3))
    row("events", len(ta), len(tb))
    for k in COMPARE_STATS:
        if k in res_a.stats or k in res_b.stats:
            row(k, res_a.stats.get(k), res_b.stats.get(k))
    row("GOMAXPROCS", res_a.stats.get("gomaxprocs"), res_b.stats.get("gomaxprocs"))
    div = first_divergence(ta, tb)
    callouts = []
    if div >= 0:
        ea = ta.describe(div) if div < len(ta) else "(the run had ended)"
        eb = tb.describe(div) if div < len(tb) else "(the run had ended)"
        callouts.append(f"The runs part at event #{div}: {labels[0]}: {ea} | {labels[1]}: {eb}")
    else:
        callouts.append("The two runs made exactly the same decisions.")
    sd = first_schedule_difference(ta, tb)
    if sd >= 0:
        ga = int(ta.rows[sd, T_G])
        nth = int(np.count_nonzero(ta.rows[:sd + 1, T_KIND] == EV_EXECUTE))
        kb = np.nonzero(tb.rows[:, T_KIND] == EV_EXECUTE)[0]
        gb = int(tb.rows[kb[nth - 1], T_G]) if nth - 1 < len(kb) else None
        callouts.append(f"Goroutines run in a different order from the {nth}th execute on: {labels[0]} runs G{ga}, "
                        + (f"{labels[1]} runs G{gb}" if gb is not None else f"{labels[1]} has ended"))
    elif div >= 0:
        callouts.append("Every goroutine ran in the same order; the runs differ in other decisions.")
    for name, a, b, d in rows:
        if d and name not in ("stdout", "events"):
            callouts.append(f"{name}: {labels[0]} {a}, {labels[1]} {b}")
    if res_a.stdout != res_b.stdout:
        callouts.append("The output differs.")
    t0 = min(fa["t_start"], fb["t_start"])
    t1 = max(fa["t_end"], fb["t_end"], t0 + 1)
    return {"view": "compare", "a": fa, "b": fb, "labels": list(labels), "rows": rows, "diverge": div,
            "callouts": callouts, "t0": t0, "t1": t1}


def compare_text(frames: dict) -> str:
    la, lb = frames["labels"]
    out = [f"{'':<22} {la:>16} {lb:>16}"]
    for name, a, b, d in frames["rows"]:
        if name == "stdout":
            a, b = repr(a)[:16], repr(b)[:16]
        out.append(f"{name:<22} {str(a):>16} {str(b):>16}" + ("   ← differs" if d else ""))
    out += frames["callouts"]
    return "\n".join(out)


# ---- source ----------------------------------------------------------------------------------
def _pc_line(image, pc: int) -> int:
    if 0 <= pc < len(image.lines):
        return int(image.lines[pc, 0])
    return 0


def rerun_pcs(prog, **run_kwargs) -> tuple[Any, list[tuple[int, dict[int, int]]]]:
    """Run ``prog`` again, pausing after every event, and read each G's saved pc there.

    The trace records no pcs, so this re-runs the program with the same settings through
    the model's stepping switch (``max_events``) and the same kernel: ``(state, snapshots)``
    with ``snapshots[k] = (events so far, {goid: saved pc})``. A saved pc is exact for a G
    that is not running (where it stopped); a running G's is where it last resumed.
    """
    from .. import engine
    from ..program import DEFAULT_INSTR_LIMIT, DEFAULT_TIME_LIMIT_NS
    from ..runtime2 import G_GOID, G_PC, S_GROW, S_MAXEVENTS, S_NTRACE, STOP_GROW, STOP_PAUSE, grow

    # the run's own settings and environment (GOMAXPROCS, GODEBUG, GOGC, GOMEMLIMIT), as Program.run reads them
    S = prog._boot_state(**{k: run_kwargs[k] for k in ("gomaxprocs", "seed", "godebug", "env", "costs", "runnext")
                            if k in run_kwargs}, trace=True, max_events=1)
    limit = run_kwargs.get("max_instructions", DEFAULT_INSTR_LIMIT)
    tlimit = run_kwargs.get("max_time_ns", DEFAULT_TIME_LIMIT_NS)
    snaps: list[tuple[int, dict[int, int]]] = []

    def snap():
        n = int(S.sched[S_NTRACE])
        pcs = {}
        for row in range(S.allg.shape[0]):
            g = int(S.allg[row, G_GOID])
            if g > 0:
                pcs[g] = int(S.allg[row, G_PC])
        snaps.append((n, pcs))

    while True:
        stop = engine.run(S, limit, tlimit)
        if stop == STOP_GROW:
            S = grow(S, int(S.sched[S_GROW]))
            S.sched[S_GROW] = 0
            continue
        snap()
        if stop == STOP_PAUSE:
            S.sched[S_MAXEVENTS] = int(S.sched[S_NTRACE]) + 1
            continue
        break
    return S, snaps


def source_frames(res, prog, **run_kwargs) -> dict:
    """The Go program with each G's current line at every step.

    ``marks``: change points ``[step, goid, line, how]`` (how: "at" a stopped G's line, "ran
    from" a running G's last resume point, "" gone); the browser keeps, per G, the last mark
    at or before the step. The lines come from ``rerun_pcs`` (the trace has no pcs); the
    re-run must make the same trace as ``res``, or this raises.
    """
    from ..runtime2 import S_NTRACE

    tr = res.trace
    S, snaps = rerun_pcs(prog, **run_kwargs)
    n2 = int(S.sched[S_NTRACE])
    a, b = tr.rows, unpack_rows(S.trace[:n2])
    m = min(len(a), n2)
    diff = np.nonzero(np.any(a[:m] != b[:m], axis=1))[0]
    if len(diff) or n2 != len(tr):
        # Pausing after every event cuts the Gs' runs elsewhere, but the VM carries the
        # picoseconds of each cut over (M_CLKREM), so the same settings give the same trace.
        raise ValueError("the re-run for source lines made a different trace than this run: "
                         "pass the same settings as prog.run(...) (gomaxprocs, seed, runnext, godebug)")
    image = prog.image
    rows = tr.rows
    # a G's status at each snapshot, from the trace replay: a running G's pc is only its last resume point
    executed: set[int] = set()
    marks: list[list] = []
    last: dict[int, tuple[int, str]] = {}
    si = 0
    status: dict[int, str] = {}
    user = {}
    for i, st in replay(tr):
        k, g = int(rows[i, T_KIND]), int(rows[i, T_G])
        if k == EV_EXECUTE:
            executed.add(g)
        if k == EV_GOCREATE:
            user[g] = int(rows[i, T_C]) == 0
        while si < len(snaps) and snaps[si][0] <= i + 1:
            n_at, pcs = snaps[si]
            si += 1
            if n_at != i + 1:
                continue
            for gg, pc in pcs.items():
                s = st["g"].get(gg)
                if s is None:
                    continue
                name = GSTATUS_NAMES.get(s, "")
                if name == "_Gdead":
                    v = (0, "")
                else:
                    ln = _pc_line(image, pc - 1 if gg in executed and pc > 0 else pc)
                    v = (ln, "ran from" if name == "_Grunning" else "at")
                if last.get(gg) != v:
                    last[gg] = v
                    marks.append([i + 1, gg, v[0], v[1]])
    src = image.source or ""
    return {"view": "source", "events": event_table(tr), "n": len(rows), "lines": src.splitlines(), "marks": marks,
            "user": sorted(g for g, u in user.items() if u), "filename": image.filename}


def source_at(frames: dict, step: int) -> dict[int, tuple[int, str]]:
    """Each G's (line, how) at ``step``."""
    out: dict[int, tuple[int, str]] = {}
    for s, g, ln, how in frames["marks"]:
        if s > step:
            break
        out[g] = (ln, how)
    return {g: v for g, v in out.items() if v[0] > 0}


def source_text(frames: dict, step: int) -> str:
    at = source_at(frames, step)
    by_line: dict[int, list[str]] = {}
    for g, (ln, how) in at.items():
        by_line.setdefault(ln, []).append(f"G{g}" + (" (running; last resumed here)" if how == "ran from" else ""))
    out = [f"step {step} of {frames['n']}" + (": " + event_line(frames["events"], step - 1) if step > 0 else "")]
    for k, line in enumerate(frames["lines"], 1):
        mark = ("   ◀ " + ", ".join(by_line[k])) if k in by_line else ""
        out.append(f"{k:>4}  {line}{mark}")
    return "\n".join(out)


# ---- GC: the heap over time (plain data; the pacer model feeds it) ------------------------------
def heap_frames(data: dict) -> dict:
    """Check and normalise the heap view's data: arrays ``t`` (ns), ``heap``, ``goal``,
    ``trigger`` (bytes), optional ``live`` and ``limit`` (GOMEMLIMIT, bytes or None), and the
    readouts ``gc_cpu`` (fraction of CPU) and ``peak`` (bytes; the heap's maximum if absent).
    What the Go GC guide's charts leave out, when the data has it: ``marks``, each concurrent
    mark as ``[t0, t1]`` (ns; the program runs meanwhile), and ``gc_cpu_parts``, the GC's CPU
    by kind as fractions of all CPU: ``background`` (the 25% mark workers), ``assist`` (mark
    assists taken from the allocating goroutines) and ``stw`` (the two pauses)."""
    t = [float(x) for x in data["t"]]
    n = len(t)
    out: dict[str, Any] = {"view": "heap", "t": t}
    for k in ("heap", "goal", "trigger"):
        v = [float(x) for x in data[k]]
        if len(v) != n:
            raise ValueError(f"heap view: {k!r} has {len(v)} points, 't' has {n}")
        out[k] = v
    if "live" in data and data["live"] is not None:
        out["live"] = [float(x) for x in data["live"]]
    if any(b < a for a, b in zip(t, t[1:])):
        raise ValueError("heap view: time must not go backwards")
    out["limit"] = float(data["limit"]) if data.get("limit") not in (None, 0) else None
    out["peak"] = float(data.get("peak") if data.get("peak") is not None else (max(out["heap"]) if n else 0))
    out["gc_cpu"] = float(data["gc_cpu"]) if data.get("gc_cpu") is not None else None
    out["gogc"] = data.get("gogc")
    out["cycles"] = int(data.get("cycles", sum(1 for a, b in zip(out["heap"], out["heap"][1:]) if b < a)))
    out["title"] = str(data.get("title", ""))
    marks = [[float(a), float(b)] for a, b in (data.get("marks") or ())]
    if any(b < a for a, b in marks):
        raise ValueError("heap view: a mark ends before it starts")
    out["marks"] = marks
    parts = data.get("gc_cpu_parts")
    out["gc_cpu_parts"] = ({k: float(parts[k]) for k in GC_CPU_PARTS if k in parts} if parts else None)
    return out


GC_CPU_PARTS = {"background": "background mark workers (the 25%)", "assist": "mark assists",
                "stw": "stop-the-world pauses"}


def heap_from_pacer(pres) -> dict:
    """The heap view's data from a ``course.gc.pacer.PacerResult`` (duck-typed: its
    ``heap_timeline()`` and per-cycle ``trigger``/``goal``/``t_end``/``utilization``/``peak``)."""
    t, heap = pres.heap_timeline()
    t = np.asarray(t, dtype=float)
    t_end = np.asarray(pres.t_end, dtype=float)
    k = np.minimum(np.searchsorted(t_end, t, side="left"), len(t_end) - 1)
    util = np.asarray(pres.utilization, dtype=float)
    dur = np.asarray(pres.t_end, dtype=float) - np.asarray(pres.t_trigger, dtype=float)
    total = float(t[-1] - t[0]) if len(t) > 1 else 1.0
    gc_cpu = float(np.sum(util * dur) / total) if total > 0 else 0.0
    # the harness's utilization is the 25% of the background workers plus the assists' share
    bg = np.minimum(util, gcBackgroundUtilization)
    parts = ({"background": float(np.sum(bg * dur) / total), "assist": float(np.sum((util - bg) * dur) / total)}
             if total > 0 else None)
    return {"t": t.tolist(), "heap": np.asarray(heap, dtype=float).tolist(),
            "goal": np.asarray(pres.goal, dtype=float)[k].tolist(), "trigger": np.asarray(pres.trigger, dtype=float)[k].tolist(),
            "peak": float(np.max(pres.peak)) if len(pres.peak) else None, "gc_cpu": gc_cpu, "cycles": len(t_end),
            "marks": [[float(a), float(b)] for a, b in zip(pres.t_trigger, pres.t_end)], "gc_cpu_parts": parts}


def heap_text(frames: dict) -> str:
    mib = 1 << 20
    out = [(frames["title"] + ": " if frames["title"] else "") + f"{len(frames['t'])} points, {frames['cycles']} GC cycles"
           + (f", GOGC={frames['gogc']}" if frames.get("gogc") is not None else "")
           + (f", GOMEMLIMIT={frames['limit'] / mib:.1f} MiB" if frames["limit"] else ""),
           f"peak memory {frames['peak'] / mib:.2f} MiB" + (f", GC CPU {100 * frames['gc_cpu']:.1f}%" if frames["gc_cpu"] is not None else "")]
    if frames.get("marks"):
        ms = sum(b - a for a, b in frames["marks"]) / 1e6
        out.append(f"{len(frames['marks'])} concurrent marks, {ms:.3f} ms in all: the program runs (and allocates) "
                   "while the GC marks")
    if frames.get("gc_cpu_parts"):
        out.append("GC CPU by kind: " + ", ".join(f"{GC_CPU_PARTS[k]} {100 * v:.1f}%"
                                                  for k, v in frames["gc_cpu_parts"].items()))
    h = frames["heap"]
    for j in range(1, len(h)):
        if h[j] < h[j - 1]:
            out.append(f"  GC ends at {frames['t'][j] / 1e6:.3f} ms: heap {h[j - 1] / mib:.2f} → {h[j] / mib:.2f} MiB "
                       f"(goal {frames['goal'][j - 1] / mib:.2f}, trigger {frames['trigger'][j - 1] / mib:.2f} MiB)")
    return "\n".join(out)


# ---- GC: the tri-colour object graph (plain data; the tricolor model feeds it) -------------------
COLOR_CODES = {"white": "w", "grey": "g", "gray": "g", "black": "b", "w": "w", "g": "g", "b": "b"}


def tricolor_frames(nodes: Sequence, edges: Sequence, steps: Sequence[dict], *, roots: Sequence = (),
                    engines: Sequence[str] = ("dot", "pygraphviz")) -> dict:
    """The tri-colour mark, step by step, on one layout.

    ``nodes``: ids (objects, stacks, "globals"); ``edges``: ``(from, to)`` pointers at the
    start; ``steps``: dicts with ``colors`` ({id: white/grey/black}, unlisted ones keep their
    colour), optional ``note`` (what happened, in words), ``shade`` (ids the write barrier
    shaded in this step), ``add``/``remove`` (pointers written or overwritten). Positions are
    computed once, over every pointer that ever exists, so nodes never jump between frames.
    """
    ids = [str(n) for n in nodes]
    idx = {n: i for i, n in enumerate(ids)}
    cur_edges = {(str(a), str(b)) for a, b in edges}
    all_edges = set(cur_edges)
    colors = ["w"] * len(ids)
    out_steps = []
    for k, st in enumerate(steps):
        for n, c in (st.get("colors") or {}).items():
            if str(n) not in idx:
                raise ValueError(f"tricolor step {k}: unknown node {n!r}")
            if c not in COLOR_CODES:
                raise ValueError(f"tricolor step {k}: colour {c!r} is not white, grey or black")
            colors[idx[str(n)]] = COLOR_CODES[c]
        for a, b in st.get("remove") or ():
            cur_edges.discard((str(a), str(b)))
        for a, b in st.get("add") or ():
            cur_edges.add((str(a), str(b)))
            all_edges.add((str(a), str(b)))
        shade = [str(x) for x in st.get("shade") or ()]
        for x in shade:
            if x not in idx:
                raise ValueError(f"tricolor step {k}: the write barrier shades unknown node {x!r}")
        out_steps.append({"c": "".join(colors), "note": str(st.get("note", "")), "shade": [idx[x] for x in shade],
                          "e": sorted([idx[a], idx[b]] for a, b in cur_edges if a in idx and b in idx)})
    for a, b in all_edges:
        if a not in idx or b not in idx:
            raise ValueError(f"tricolor: a pointer {a}→{b} names an unknown node")
    from .graphviz import layout

    pos, engine = layout(ids, sorted(all_edges), engines=engines)
    return {"view": "tricolor", "nodes": ids, "pos": [list(pos[n]) for n in ids], "layout": engine,
            "roots": [idx[str(r)] for r in roots if str(r) in idx], "steps": out_steps, "n": len(out_steps),
            "edges0": sorted([idx[a], idx[b]] for a, b in {(str(a), str(b)) for a, b in edges})}


def tricolor_text(frames: dict, step: Optional[int] = None) -> str:
    names = {"w": "white", "g": "grey", "b": "black"}
    nodes = frames["nodes"]

    def one(k: int) -> str:
        st = frames["steps"][k]
        groups = {c: [nodes[i] for i, x in enumerate(st["c"]) if x == c] for c in "gbw"}
        s = f"step {k + 1}: {st['note']}" if st["note"] else f"step {k + 1}"
        s += "; " + "; ".join(f"{names[c]}: {' '.join(groups[c]) or '—'}" for c in "gbw")
        if st["shade"]:
            s += "; the write barrier shaded " + " ".join(nodes[i] for i in st["shade"])
        return s

    if step is not None:
        return one(max(0, min(step, frames["n"] - 1)))
    return "\n".join(one(k) for k in range(frames["n"]))


# ---- sync.Mutex (plain data; the sync model's trace feeds it) --------------------------------------
MUTEX_LOCKED, MUTEX_WOKEN, MUTEX_STARVING, MUTEX_WAITER_SHIFT = 1, 2, 4, 3  # sync/mutex.go


def mutex_frames(points: Sequence[dict], title: str = "") -> dict:
    """A sync.Mutex over time: each point has ``t`` (ns) and either ``state`` (Go's state word)
    or ``locked``/``woken``/``starving``/``waiters``; optional ``queue`` (goids asleep on the
    semaphore, first to be woken first), ``owner`` and ``note`` (what happened)."""
    out = []
    for k, p in enumerate(points):
        if "state" in p and p["state"] is not None:
            w = int(p["state"])
        else:
            w = (MUTEX_LOCKED if p.get("locked") else 0) | (MUTEX_WOKEN if p.get("woken") else 0) \
                | (MUTEX_STARVING if p.get("starving") else 0) | (int(p.get("waiters", 0)) << MUTEX_WAITER_SHIFT)
        if w < 0:
            raise ValueError(f"mutex point {k}: a negative state word")
        out.append({"t": float(p.get("t", k)), "state": w, "locked": bool(w & MUTEX_LOCKED), "woken": bool(w & MUTEX_WOKEN),
                    "starving": bool(w & MUTEX_STARVING), "waiters": w >> MUTEX_WAITER_SHIFT,
                    "queue": [int(g) for g in p.get("queue", [])], "owner": int(p.get("owner", -1)),
                    "note": str(p.get("note", ""))})
    return {"view": "mutex", "points": out, "n": len(out), "title": title}


def mutex_points_from_trace(trace, mutex: Optional[int] = None) -> tuple[int, list[dict]]:
    """The mutex view's points from a run's trace (``state_at(...).mutexes``, where the sync
    model records them): one point per event that changed the mutex or its holder (the
    goroutine in which Lock, or a successful TryLock, returned; none from Unlock on, and none
    while a starving mutex is handed to a waiter that has not run yet). ``mutex`` is its sync
    id (default: the first one the run used)."""
    from ..traceev import (EV_MUTEX, EV_SEMA, R_MU_LOCK_ACQUIRE, R_MU_LOCK_FAST, R_MU_LOCK_HANDOFF, R_MU_LOCK_NORMAL,
                           R_MU_TRYLOCK, R_MU_UNLOCK_FAST, R_MU_UNLOCK_HANDOFF, R_MU_UNLOCK_NOWAKE, R_MU_UNLOCK_WAKE)

    takes = {R_MU_LOCK_FAST, R_MU_LOCK_ACQUIRE, R_MU_LOCK_HANDOFF, R_MU_LOCK_NORMAL}
    releases = {R_MU_UNLOCK_FAST, R_MU_UNLOCK_WAKE, R_MU_UNLOCK_NOWAKE, R_MU_UNLOCK_HANDOFF}
    rows = trace.rows
    points = []
    prev = None
    owner = -1  # the goroutine that holds it: Lock (or a successful TryLock) returned in it
    views = getattr(trace, "_sync_views", None)
    for i, raw in replay(trace):
        kind = int(rows[i, T_KIND])
        if kind != EV_MUTEX and kind != EV_SEMA:
            continue
        if views is not None:  # the replay's own sync state (what state_at builds), without replaying again
            mus = views(raw).get("mutexes") or {}
        else:
            mus = getattr(trace.state_at(i + 1), "mutexes", None) or {}
        if mutex is None and mus:
            mutex = sorted(mus)[0]
        m = mus.get(mutex)
        if m is None:
            continue
        if kind == EV_MUTEX and int(rows[i, T_A]) == mutex:
            why = int(rows[i, T_REASON])
            if why in takes or (why == R_MU_TRYLOCK and int(rows[i, T_C]) == 1):
                owner = int(rows[i, T_G])
            elif why in releases:
                owner = -1
        key = (m.state, tuple(m.sema.waiters), owner)
        if key == prev:
            continue
        prev = key
        points.append({"t": int(rows[i, T_TIME]), "state": int(m.state), "queue": list(m.sema.waiters),
                       "owner": owner, "note": trace.describe(i), "step": i + 1})
    if mutex is None:
        raise ValueError("the run used no sync.Mutex")
    return mutex, points


def mutex_text(frames: dict, k: Optional[int] = None) -> str:
    def one(p: dict) -> str:
        return (f"{p['t'] / 1000:>11.3f}µs state={p['state']:#x} locked={int(p['locked'])} woken={int(p['woken'])} "
                f"starving={int(p['starving'])} waiters={p['waiters']} ({'starvation' if p['starving'] else 'normal'} mode)"
                + (f"; held by G{p['owner']}" if p["owner"] >= 0 else "")
                + (f"; queue: {' '.join('G%d' % g for g in p['queue'])}" if p["queue"] else "")
                + (f" — {p['note']}" if p["note"] else ""))

    if k is not None:
        return one(frames["points"][max(0, min(k, frames["n"] - 1))])
    return "\n".join(one(p) for p in frames["points"])


def tricolor_from_events(events: Sequence[Any], model: Any = None) -> dict:
    """The tri-colour view's data from the steps of a tri-colour model (duck-typed: each event
    has ``state`` — ``{"objects": {name: {"color", "fields"}}, "stacks": {g: {"color",
    "locals"}}}`` — ``actor``, ``action``, ``explanation`` and ``shaded``), as
    ``course.gc.tricolor.run`` returns them. Stacks are nodes named ``"<g> stack"``; a
    mutator's step that shades an object is the write barrier at work."""
    def graph(snap: dict) -> tuple[dict, set]:
        colors, edges = {}, set()
        for o, d in snap.get("objects", {}).items():
            colors[o] = d.get("color", "white")
            for t in (d.get("fields") or {}).values():
                if t is not None:
                    edges.add((o, t))
        for g, d in snap.get("stacks", {}).items():
            colors[f"{g} stack"] = d.get("color", "grey")
            for t in (d.get("locals") or {}).values():
                if t is not None:
                    edges.add((f"{g} stack", t))
        return colors, edges

    snaps = [e.state for e in events]
    if model is not None and hasattr(model, "snapshot"):
        first = model.snapshot()
    else:
        first = snaps[0] if snaps else {}
    c0, e0 = graph(first)
    nodes: list[str] = list(c0)
    for s in snaps:
        for n in graph(s)[0]:
            if n not in nodes:
                nodes.append(n)
    steps = []
    prev_edges = e0
    for e, s in zip(events, snaps):
        colors, edges = graph(s)
        actor = getattr(e, "actor", "")
        steps.append({"colors": {n: ("grey" if c == "gray" else c) for n, c in colors.items()},
                      "note": f"{actor}: {getattr(e, 'action', '')} — {getattr(e, 'explanation', '')}",
                      "shade": list(getattr(e, "shaded", ()) or ()) if actor != "gc" else [],
                      "add": sorted(edges - prev_edges), "remove": sorted(prev_edges - edges)})
        prev_edges = edges
    roots = [n for n in nodes if n.endswith(" stack") or n == "globals"]
    return {"nodes": nodes, "edges": sorted(e0), "steps": steps, "roots": roots}


def first_schedule_difference(ta, tb) -> int:
    """The index (in ``ta``) of the first G that ran in a different order: where the two runs'
    sequences of EXECUTEd goroutines part (-1 if they never do)."""
    ka, kb = ta.rows[:, T_KIND] == EV_EXECUTE, tb.rows[:, T_KIND] == EV_EXECUTE
    ga, gb = ta.rows[ka, T_G], tb.rows[kb, T_G]
    n = min(len(ga), len(gb))
    d = np.nonzero(ga[:n] != gb[:n])[0]
    if len(d):
        return int(np.nonzero(ka)[0][d[0]])
    return -1 if len(ga) == len(gb) else int(np.nonzero(ka)[0][n]) if n < len(ga) else len(ta) - 1
