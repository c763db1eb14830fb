"""Grading a whole class: in parallel on this machine, or on a Dask cluster.

`grade_all` finds the submissions, skips the ones the gradebook already holds a complete
grading for (same lab, student and file hash; ``regrade=True`` grades them again), grades
the rest with N concurrent sandboxes, and records each grading the moment it finishes. So
an interrupted run (Ctrl-C, a killed terminal, a crash) loses at most the submissions that
were in flight, and running the same command again carries on where it stopped.

Concurrency: the work of grading is the sandboxed student process, so locally a thread
per worker is enough (each thread waits on its own sandbox process; no pickling, the lab is
loaded once). With ``dask=ADDRESS``, each submission becomes one task on the cluster; the
lab's files and the submission's bytes travel with it (workers need no shared disk), and
results come back as plain dicts. Only this process writes the gradebook and the files.
"""

from __future__ import annotations

import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from . import sandbox
from .gradebook import Gradebook, summary_table
from .grading import Grade, grade
from .labspec import LabSpec, lab_files, load_lab
from .report import write_reports
from .submissions import file_hash, find_submissions


@dataclass
class BatchResult:
    graded: list[Grade] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # students already graded
    errors: dict[str, str] = field(default_factory=dict)  # student -> grader error
    rows: list[dict] = field(default_factory=list)  # the CSV's rows (chosen gradings)
    seconds: float = 0.0
    summary: str = ""


def grade_all(lab_folder: Path | str, folder: Path | str, out: Path | str, workers: int = 2,
              dask: str | None = None, regrade: bool = False, policy: str = "latest",
              progress: bool = True) -> BatchResult:
    started = time.monotonic()
    spec = load_lab(lab_folder)
    out = Path(out)
    result = BatchResult()
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    with Gradebook(out / "gradebook.sqlite") as book:
        todo = []
        for student, path in find_submissions(folder):
            if not regrade and book.is_graded(spec.name, student, file_hash(path)):
                result.skipped.append(student)
            else:
                todo.append((student, path))
        bar = tqdm(total=len(todo), file=sys.stderr, unit="sub", disable=not progress,
                   desc=f"grading {spec.name}", dynamic_ncols=True)

        def finish(student: str, outcome) -> None:
            if isinstance(outcome, Grade):
                write_reports(outcome, out / "results" / f"{student}.json",
                              out / "feedback" / f"{student}.md", spec.lab.hidden_visibility)
                book.record(outcome, run_id, spec.lab.hidden_visibility)
                result.graded.append(outcome)
            else:
                result.errors[student] = outcome
                bar.write(f"grader error for {student}: {outcome}")
            bar.update(1)

        try:
            if dask:
                _run_dask(spec, todo, dask, finish)
            else:
                _run_local(spec, todo, max(1, workers), finish)
        finally:
            bar.close()
        result.rows = book.export_csv(spec.name, out / "grades.csv", policy)
    result.summary = summary_table(result.rows)
    result.seconds = time.monotonic() - started
    return result


def _grade_or_error(spec: LabSpec, student: str, path: Path):
    try:
        return grade(spec, path, student)
    except Exception as e:  # a grader bug: report it, never give the student a score for it
        return f"{type(e).__name__}: {e}"


def _run_local(spec: LabSpec, todo, workers: int, finish) -> None:
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grader")
    try:
        futures = {pool.submit(_grade_or_error, spec, s, p): s for s, p in todo}
        for fut in as_completed(futures):
            finish(futures[fut], fut.result())
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        sandbox.kill_all()
        raise
    pool.shutdown(wait=True)


# ------------------------------------------------------------------ Dask

def lab_blob(spec: LabSpec) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in lab_files(spec.folder)}


def grade_task(blob: dict[str, bytes], digest: str, filename: str, data: bytes,
               student: str) -> dict:
    """One submission, on a Dask worker. Returns a Grade as a dict, or {"error": text}."""
    folder = Path(tempfile.gettempdir()) / "autograder-labs" / digest[:16]
    if not folder.exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent))
        for name, content in blob.items():
            (tmp / name).write_bytes(content)
        try:
            tmp.rename(folder)
        except OSError:  # another task on this machine got there first
            pass
    try:
        spec = load_lab(folder)
        return grade(spec, filename, student, data).to_dict()
    except Exception as e:
        return {"error": f"{type(e).__name__}: {e}"}


def _run_dask(spec: LabSpec, todo, address: str, finish) -> None:
    from distributed import Client, as_completed as dask_completed

    with Client(address) as client:
        [blob] = client.scatter([lab_blob(spec)], broadcast=True)
        futures = {}
        for student, path in todo:
            fut = client.submit(grade_task, blob, spec.lab_hash, path.name, path.read_bytes(),
                                student, pure=False, key=f"grade-{student}-{time.time_ns()}")
            futures[fut] = student
        for fut in dask_completed(list(futures)):
            student = futures[fut]
            try:
                data = fut.result()
            except Exception as e:
                finish(student, f"dask task failed: {type(e).__name__}: {e}")
                continue
            if "error" in data:
                finish(student, data["error"])
            else:
                finish(student, Grade.from_dict(data))
