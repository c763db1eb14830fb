"""See the runtime: interactive views of a run, thin over its trace.

    import course, course.viz as viz
    res = course.compile(src).run(gomaxprocs=2, seed=0)
    viz.timeline(res)            # one lane per P: who ran when, steals, handoffs, syscalls ...
    viz.scheduler(res)           # every P's runnext and 256-slot ring, the global queue, Ms, Gs
    viz.scheduler(res).text(40)  # ... and the same at step 40, in words
    viz.gstates(res)             # Go's G statuses (graphviz), the transition lit, counts on edges
    viz.channel(res, "ch")       # an hchan: ring, sendx/recvx, sendq/recvq and who waits there
    viz.source(res, prog, gomaxprocs=2, seed=0)   # the program, each G's line at each step
    viz.compare(res1, res4, labels=("GOMAXPROCS=1", "GOMAXPROCS=4"))   # one time axis, differences
    viz.heap(data or pacer_result, simulate=f)    # the heap's sawtooth, goal, trigger; GOGC/GOMEMLIMIT
    viz.tricolor(events)         # the tri-colour mark (course.gc.tricolor.run's events, or plain data)
    viz.mutex(res)               # a sync.Mutex's state word, waiters, normal/starvation mode

Every view computes all its frames first (``course.viz.frames``, pure functions, tested
without a browser), then the browser animates them: Play and the step slider need no round
trip to the kernel. Each view has a text form, ``.text()``; ``viz.narrate(res)`` is the
narrated event log.
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import traitlets

from . import frames as _f
from .widgets import View, safe_view

__all__ = ["timeline", "scheduler", "gstates", "channel", "source", "compare", "heap", "tricolor", "mutex",
           "narrate", "View"]


def _trace(res: Any):
    tr = getattr(res, "trace", res)
    if tr is None or not hasattr(tr, "rows"):
        raise ValueError("this run has no trace: run the program with trace=True (the default)")
    return tr


def narrate(res: Any, start: int = 0, stop: Optional[int] = None) -> str:
    """The narrated event log: each event with the Go function and rule behind it."""
    return _trace(res).narrate(start, stop)


class TimelineView(View):
    """The timeline; ``to_perfetto()`` / ``save_perfetto(path)`` export the run for ui.perfetto.dev."""

    def to_perfetto(self) -> dict:
        return self._tr.to_perfetto()

    def save_perfetto(self, path: str) -> None:
        self._tr.save_perfetto(path)


def timeline(res: Any, *, spans: Optional[Sequence[Sequence[Any]]] = None) -> View:
    """One lane per P (and per M for a syscall that outlived its P): which G runs when, and
    the steals, handoffs, preemptions, syscalls and stop-the-world pauses between; zoom with
    the wheel, drag to scroll, hover for each event's reason and the Go function behind it.
    ``spans``: more pauses to shade, ``[(t0_ns, t1_ns, label), ...]`` (e.g. GC phases)."""

    def build():
        fr = _f.timeline_frames(_trace(res), spans=spans)
        return fr, lambda: _f.timeline_text(fr)

    try:
        data, text = build()
        w = TimelineView("timeline", data, text=text)
        w._tr = _trace(res)
        return w
    except Exception as exc:
        w = TimelineView("timeline", {})
        w.show_error(exc)
        return w


def scheduler(res: Any, step: int = 0, *, keyframe_every: int = 256) -> View:
    """The scheduler at a step: every P's runnext and 256-slot ring, the global queue, the Ms
    (running, spinning, idle ...) and each G's status, animated as the trace plays; the event
    that made each step is highlighted and explained. ``.text(step)`` says it in words."""

    def build():
        fr = _f.scheduler_frames(_trace(res), keyframe_every=keyframe_every)
        return fr, lambda s=None: _f.scheduler_text(fr, w_step() if s is None else s)

    holder: dict = {}

    def w_step() -> int:
        return holder["w"].step

    w = safe_view("scheduler", build, step=step)
    holder["w"] = w
    return w


def _stepped_text(fn, fr, holder, whole):
    if whole:  # text() is the whole story, text(step) one step
        return lambda s=None: fn(fr, s)
    return lambda s=None: fn(fr, holder["w"].step if s is None else s)


def _view(view: str, build, step: int = 0, cls=View, whole: bool = False) -> View:
    """A view from ``build() -> frames`` plus its text function ``text(frames, step)``; a
    failure shows in the view."""
    holder: dict = {}

    def b():
        fr, textfn = build()
        return fr, _stepped_text(textfn, fr, holder, whole)

    try:
        data, text = b()
        w = cls(view, data, text=text, step=step)
    except Exception as exc:
        w = cls(view, {})
        w.show_error(exc)
    holder["w"] = w
    return w


def gstates(res: Any, step: int = 0) -> View:
    """Go's G statuses as a graphviz state machine: the transition each step makes is lit and
    every edge counts how often it was taken so far. ``.text(step)`` says it in words."""
    from .graphviz import render_svg

    def build():
        fr = _f.gstate_frames(_trace(res))
        svg, engine = render_svg(_f.gstate_dot(fr))
        if svg is None:
            svg, engine = _f.gstate_fallback_svg(fr), "builtin (no Graphviz found)"
        fr["svg"], fr["engine"] = svg, engine
        return fr, _f.gstate_text

    return _view("gstates", build, step)


def channel(res: Any, which: Any = 0, step: int = 0) -> View:
    """One channel (an hchan): its ring with sendx/recvx, qcount, closed, and the sendq/recvq
    sudog lists with the goroutines waiting in them, at every step. ``which`` is the
    channel's id or the Go variable it was made into (``"ch"``). ``.text()`` is its story;
    ``.text(step)`` its state at a step. Each select on the channel shows its poll order and
    lock order (runtime/select.go selectgo's ``pollorder`` and ``lockorder``) and the case it
    chose."""

    def build():
        tr = _trace(res)
        cid = _f.resolve_channel(tr, which)
        return _f.channel_frames(tr, cid, name=which if isinstance(which, str) else ""), _f.channel_text

    return _view("channel", build, step, whole=True)


def source(res: Any, prog: Any = None, step: int = 0, **run_kwargs: Any) -> View:
    """The Go program with each G's current line marked at every step.

    The trace records no source positions, so the lines come from running ``prog`` again with
    the same settings (``**run_kwargs``: gomaxprocs, seed, runnext, godebug ...), pausing after
    every event; the view checks that the re-run makes the same trace. ``source(prog, ...)``
    (a Program first) runs it and shows that run (``.result``)."""
    from ..program import Program

    if isinstance(res, Program):
        prog, res = res, res.run(**run_kwargs)

    def build():
        if prog is None:
            raise ValueError("the trace has no source lines: call viz.source(res, prog, **the run's settings) "
                             "or viz.source(prog, gomaxprocs=..., seed=...)")
        return _f.source_frames(res, prog, **run_kwargs), _f.source_text

    w = _view("source", build, step)
    w.result = res
    return w


def compare(res_a: Any, res_b: Any, labels: Sequence[str] = ("A", "B")) -> View:
    """The same program under two settings side by side (e.g. GOMAXPROCS 1 against 4, runnext
    on against off), on one time axis, with what differs called out. ``.text()`` lists it."""

    def build():
        fr = _f.compare_frames(res_a, res_b, labels)
        return fr, lambda fr_, _s=None: _f.compare_text(fr_)

    return _view("compare", build, whole=True)


class HeapView(View):
    """The heap over time; with a ``simulate`` function, GOGC and GOMEMLIMIT controls re-run it."""

    controls = traitlets.Dict({}).tag(sync=True)
    params = traitlets.Dict({}).tag(sync=True)

    def __init__(self, *a: Any, simulate: Optional[Callable[..., Any]] = None, **kw: Any):
        super().__init__(*a, **kw)
        self._simulate = simulate

    @traitlets.observe("params")
    def _on_params(self, change) -> None:
        if self._simulate is None:
            return
        p = dict(change["new"])
        gogc = p.get("gogc", 100)
        gogc = -1 if gogc in ("off", None) else int(gogc)
        limit = int(p.get("limit_mib") or 0) * (1 << 20) or None
        self.recompute(gogc, limit)

    def recompute(self, gogc: int, limit: Optional[int]) -> None:
        """Run ``simulate(gogc, limit)`` and redraw; a failure shows in the view."""
        try:
            data = self._simulate(gogc, limit)
            fr = _f.heap_frames(_heap_data(data, gogc, limit))
        except Exception as exc:
            self.show_error(exc)
            return
        self.error = ""
        self.data = fr


def _heap_data(data: Any, gogc: Any = None, limit: Any = None) -> dict:
    if hasattr(data, "heap_timeline"):  # a course.gc.pacer.PacerResult
        d = _f.heap_from_pacer(data)
    else:
        d = dict(data)
    if gogc is not None and "gogc" not in d:
        d["gogc"] = "off" if gogc is not None and int(gogc) < 0 else gogc
    if limit is not None and "limit" not in d:
        d["limit"] = limit
    return d


def heap(data: Any = None, *, simulate: Optional[Callable[..., Any]] = None, gogc: int = 100,
         limit: Optional[int] = None, limit_max_mib: int = 256) -> View:
    """The heap over time: the sawtooth with its goal and trigger lines (and GOMEMLIMIT), with
    readouts of GC CPU and peak memory.

    ``data``: a dict of arrays ``t`` (ns), ``heap``, ``goal``, ``trigger`` (bytes), with
    ``gc_cpu`` (fraction), ``peak`` (bytes), optional ``live``/``limit``; or a pacer result
    (anything with ``heap_timeline()``, as ``course.gc.pacer.simulate`` returns).
    ``simulate(gogc, limit_bytes_or_None)`` returning such data adds GOGC and GOMEMLIMIT
    controls (GOGC -1 means off); moving them re-runs it in the kernel."""
    holder: dict = {}
    try:
        if data is None:
            if simulate is None:
                raise ValueError("heap view: pass data, or simulate(gogc, limit)")
            data = simulate(gogc, limit)
        fr = _f.heap_frames(_heap_data(data, gogc, limit))
        w = HeapView("heap", fr, text=lambda _s=None: _f.heap_text(holder["w"].data), simulate=simulate)
    except Exception as exc:
        w = HeapView("heap", {}, simulate=simulate)
        w.show_error(exc)
    holder["w"] = w
    if simulate is not None:
        w.controls = {"enabled": True, "limit_max_mib": limit_max_mib}
        with w.hold_trait_notifications():
            w.set_trait("params", {"gogc": "off" if gogc < 0 else gogc, "limit_mib": (limit or 0) // (1 << 20)})
    return w


def tricolor(nodes: Any, edges: Sequence = (), steps: Sequence[dict] = (), *, roots: Sequence = (), step: int = 0) -> View:
    """The tri-colour object graph stepping through a mark, laid out once (nodes never jump),
    with the write barrier's shading shown. ``nodes``/``edges``/``steps`` as in
    ``course.viz.frames.tricolor_frames``; or pass a dict with those keys as ``nodes``."""
    if isinstance(nodes, (list, tuple)) and nodes and hasattr(nodes[0], "state"):  # course.gc.tricolor events
        nodes = _f.tricolor_from_events(nodes)
    if isinstance(nodes, dict):
        d = nodes
        nodes, edges, steps, roots = d["nodes"], d.get("edges", ()), d.get("steps", ()), d.get("roots", roots)

    def build():
        fr = _f.tricolor_frames(nodes, edges, steps, roots=roots)
        return fr, lambda fr_, s=None: _f.tricolor_text(fr_, None if s is None else s - 1)

    return _view("tricolor", build, step, whole=True)


def mutex(points: Any, which: Optional[int] = None, *, title: str = "") -> View:
    """A sync.Mutex over time: the state word's bits (locked, woken, starving, waiter count),
    the goroutines asleep on its semaphore, and normal against starvation mode as a strip.
    ``points``: a list of dicts (``t``, ``state`` or the bits, ``queue``, ``note``), or a run
    (its trace's ``state_at(...).mutexes``; ``which``: the mutex's sync id)."""

    def build():
        pts = points
        name = title
        if hasattr(points, "trace") or hasattr(points, "rows"):
            mid, pts = _f.mutex_points_from_trace(_trace(points), which)
            name = name or f"mutex {mid}"
        fr = _f.mutex_frames(pts, title=name)
        return fr, lambda fr_, k=None: _f.mutex_text(fr_, k)

    return _view("mutex", build, whole=True)
