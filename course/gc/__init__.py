"""Standalone models of Go's garbage collector, for the chapters.

* ``course.gc.pacer``: the pacer (``course/mgcpacer.py``) driven by workload streams, a port of
  Go's ``TestGcPacer`` harness with its 19 scenarios: ``simulate(SCENARIOS["Steady"])``.
* ``course.gc.tricolor``: tri-colour marking on an explicit object graph with a scripted mutator,
  one action at a time, with Go's hybrid write barrier on or off.
* ``course.gc.costmodel``: GOGC and GOMEMLIMIT against GC CPU and peak memory, in the spirit of
  the Go GC guide's charts, with the concurrent mark, assists and 25% background workers.

The simulated runtime's own GC (when it lands) calls the same pacer functions as
``course.gc.pacer`` does.
"""
from __future__ import annotations

from . import costmodel, pacer, tricolor  # noqa: F401

__all__ = ["pacer", "tricolor", "costmodel"]
