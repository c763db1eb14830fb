"""Helpers shared by the autograder tests (paths, a notebook builder, a network trap)."""

from __future__ import annotations

import hashlib
import socket
import sys
import threading
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LAB0 = ROOT / "labs" / "lab0-heap-goal"
HOSTILE = HERE / "hostile"
SUBMISSIONS = HERE / "submissions"
# A broken notebook is kept as ``NAME.ipynb.broken`` (not valid JSON, so no tool may read it as
# a notebook in the repository) and handed in as ``NAME.ipynb``.
BROKEN = ".broken"
if str(ROOT) not in sys.path:  # `pytest` without `python -m` and without an install
    sys.path.insert(0, str(ROOT))
SECRET = "secret-token-for-the-env-test"
TRAP_PORT = 47321  # read by hostile/network.py


def class_submissions() -> dict[str, Path]:
    """The hostile/ and submissions/ files a class hands in: {file name handed in: source}."""
    out = {}
    for src in [*HOSTILE.iterdir(), *SUBMISSIONS.iterdir()]:
        name = src.name[:-len(BROKEN)] if src.name.endswith(BROKEN) else src.name
        if Path(name).suffix in (".py", ".ipynb"):
            out[name] = src
    return out


def folder_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


def student_notebook(tmp: Path, body: str, name: str = "student.ipynb",
                     extra_cells: list[str] = ()) -> Path:
    """The released lab0 notebook with the stub replaced by `body` (indented code)."""
    from autograder.release import release
    out = tmp / "release"
    if not (out / "student").exists():
        release(LAB0, out)
    nb = nbformat.read(out / "student" / "lab0-heap-goal.ipynb", as_version=4)
    for cell in nb.cells:
        if "raise NotImplementedError()" in cell.source:
            cell.source = cell.source.replace("    raise NotImplementedError()  # YOUR CODE HERE",
                                              body)
    for offset, source in enumerate(extra_cells):  # they become cells 3, 4, ...
        nb.cells.insert(2 + offset, nbformat.v4.new_code_cell(source))
    path = tmp / name
    nbformat.write(nb, path)
    return path


CORRECT_BODY = ("    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100\n"
                "    return max(goal, 4 * MiB * gogc // 100)")


class Trap:
    """A TCP listener on the grader's loopback: a sandboxed student must never reach it."""

    def __init__(self, port: int):
        self.hits = 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.hits += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()
