"""See the runtime: interactive views of a run, thin over its trace.

    import course, course.viz as viz
    res = course.compile(src).run(gomaxprocs=2, seed=0)
    viz.timeline(res)            # one lane per P: who ran when, steals, handoffs, syscalls ...
    viz.scheduler(res)           # every P's runnext and 256-slot ring, the global queue, Ms, Gs
    viz.scheduler(res).text(40)  # ... and the same at step 40, in words

Every view computes all its frames first (``course.viz.frames``, pure functions, tested
without a browser), then the browser animates them: Play and the step slider need no round
trip to the kernel. Each view has a text form, ``.text()``; ``viz.narrate(res)`` is the
narrated event log.
"""
from __future__ import annotations

from typing import Any, Optional

from . import frames as _f
from .widgets import View, safe_view

__all__ = ["timeline", "scheduler", "narrate", "View"]


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


def timeline(res: Any) -> View:
    """One lane per P (and per M for a syscall that outlived its P): which G runs when, and
    the steals, handoffs, preemptions, syscalls and stop-the-world pauses between; zoom with
    the wheel, drag to scroll, hover for each event's reason and the Go function behind it."""

    def build():
        fr = _f.timeline_frames(_trace(res))
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
