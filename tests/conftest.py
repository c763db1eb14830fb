"""Shared by every test: no test leaks environment variables into the tests after it.

A lab notebook's setup cell sets ``COURSE_JIT=0`` (its runtime runs as plain Python) with
``os.environ.setdefault``; run inside the test process, it stayed set, and every notebook
kernel started later inherited it and ran the chapters' programs without numba."""
from __future__ import annotations

import os

import pytest


def _restoring():
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)


# per test, and per module: a module-scoped fixture (a lab's notebook loaded once for a module's
# tests) set COURSE_JIT=0 before any per-test copy was taken, and every later module's
# subprocesses (the CLI's, the graders') then ran the model as plain Python
_restore_environment = pytest.fixture(autouse=True)(_restoring)
_restore_environment_per_module = pytest.fixture(autouse=True, scope="module")(_restoring)
