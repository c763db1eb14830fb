"""Shared by every test: no test leaks environment variables into the tests after it.

A lab notebook's setup cell sets ``COURSE_JIT=0`` (its runtime runs as plain Python) with
``os.environ.setdefault``; run inside the test process, it stayed set, and every notebook
kernel started later inherited it and ran the chapters' programs without numba."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _restore_environment():
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)
