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

from ..runtime2 import (GSTATUS_NAMES, PSTATUS_NAMES, T_A, T_B, T_C, T_G, T_KIND, T_M, T_P, T_REASON,
                        T_TIME, WAIT_REASONS)
from ..traceev import (EV_ACQUIREP, EV_CHANCLOSE, EV_CHANPARK, EV_CHANRECV, EV_CHANSEND, EV_EXECUTE, EV_EXIT,
                       EV_GOCREATE, EV_GOEXIT, EV_GOSCHED, EV_HANDOFFP, EV_MAKECHAN, EV_NAMES, EV_NETPOLL,
                       EV_PANIC, EV_PARK, EV_PREEMPT, EV_PREEMPTREQ, EV_READY, EV_RELEASEP, EV_RETAKE,
                       EV_RUNQPUTSLOW, EV_SELECT, EV_SPINNING, EV_STARTM, EV_STEAL, EV_STOPM, EV_STW,
                       EV_SUDOGSKIP, EV_SYSCALL, EV_SYSEXIT, EV_TIMERFIRE, R_CHAN_BUF, R_CHAN_RECVFULL,
                       REASONS, SYSEXIT_NOP)

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


def event_table(trace) -> dict:
    """Every event as columns, with string tables: the shared base of the trace views.

    ``t`` time (ns), ``p``, ``m`` (M row, -1 none), ``g`` (goid, -1 none), ``k`` kind id,
    ``w`` index into ``whats`` (the event in words), ``r`` reason id (``reasons[r]`` is the Go
    rule; ``funcs[r]`` the Go function it names). ``kinds`` maps kind ids to names.
    """
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


def timeline_frames(trace) -> dict:
    """The timeline: one lane per P, running stretches as segments, decisions as marks.

    ``segs``: columns ``p`` (lane), ``g``, ``t0``, ``t1``, ``kind`` ("run" or "syscall"),
    ``e0``/``e1`` (the events that began and ended it). A G in a syscall keeps its P
    (_Psyscall) until it returns or sysmon retakes the P; after a retake it goes on in the
    syscall on its M alone, drawn on an M lane (``mlanes``) — 'per M when it matters'.
    ``marks``: instants (``i`` event, ``p`` lane, ``cls`` steal/handoff/preempt/...), and
    ``steals``: ``[event, victim P, thief P]`` (an arrow between lanes).
    ``gc``: spans with the world stopped ``[t0, t1, label]`` (GC pauses when the GC lands;
    today GOMAXPROCS's stop-the-world).
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

    def add_sys(lane: int, g: int, t0: int, t1: int, e0: int, e1: int) -> None:
        for k, v in (("p", lane), ("g", g), ("t0", t0), ("t1", t1), ("kind", "syscall"), ("e0", e0), ("e1", e1)):
            segs[k].append(v)

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
    for g, (sp, sm, t0, e0) in list(open_sys.items()):
        if sp < 0 and sm not in mlanes:
            mlanes.append(sm)
        add_sys(sp if sp >= 0 else nprocs + mlanes.index(sm), g, t0, end, e0, n - 1)
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
            what = "in a syscall" if s["kind"][j] == "syscall" else "runs"
            out.append(f"  {s['t0'][j] / 1000:>11.3f}–{s['t1'][j] / 1000:.3f}µs  G{s['g'][j]} {what}; ends: {why}")
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


def _sched_snapshot(st: dict, nprocs: int, mt: _MTracker) -> dict:
    return {
        "runnext": [x if x is not None else -1 for x in st["runnext"][:nprocs]],
        "runq": [list(q) for q in st["runq"][:nprocs]],
        "global": list(st["global"]),
        "p_status": [PSTATUS_NAMES.get(s, str(s)) for s in st["p_status"][:nprocs]],
        "p_m": list(st["p_m"][:nprocs]),
        "running": [x if x is not None else -1 for x in st["running"][:nprocs]],
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


def scheduler_frames(trace, keyframe_every: int = 256) -> dict:
    """The scheduler at every step, as keyframes plus deltas.

    ``keys[j]`` is the whole state at step ``j * keyframe_every``; ``deltas[s - 1]`` lists
    the changes event ``s - 1`` made (ops: ``["n", p, g]`` runnext, ``["q", p, h, added]`` a
    P's ring (drop h from the head, append; h=-1: add at the head; h=null: replace), ``["gq",
    h, added]`` the global queue, ``["ps", p, status]``, ``["pm", p, m]``, ``["r", p, g]``
    running, ``["g", goid, status, wait]``, ``["m", m, state, p]``). G -1 means none.
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
            x = st["running"][q]
            x = -1 if x is None else x
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
                   + (f"G{run}" if run >= 0 else "nothing") + "; runnext " + (f"G{rn}" if rn >= 0 else "empty")
                   + f"; ring ({len(ring)}/256): " + (" ".join(f"G{g}" for g in ring) or "empty"))
    out.append("global queue: " + (" ".join(f"G{g}" for g in s["global"]) or "empty"))
    if s["ms"]:
        out.append("Ms: " + ", ".join(f"M{m} {v[0]}" + (f" on P{v[1]}" if v[1] >= 0 else "")
                                      for m, v in sorted(s["ms"].items(), key=lambda x: int(x[0]))))
    gs = sorted(s["g"].items(), key=lambda x: int(x[0]))
    out.append("Gs: " + ", ".join(f"G{g} {v[0]}" + (f" [{v[1]}]" if v[1] else "") for g, v in gs))
    return "\n".join(out)
