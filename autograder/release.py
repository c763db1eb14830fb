"""Release: the instructor notebook -> the student notebook, plus the grader bundle.

The student notebook is made by an ordered pipeline of small steps, each a pure
notebook -> notebook function with one concern (the nbgrader idea, without its kernel):

    drop_hidden_cells     cells whose first line is ``### HIDDEN`` disappear
    strip_hidden_tests    ``### BEGIN/END HIDDEN TESTS`` blocks disappear
    clear_solutions       ``### BEGIN/END SOLUTION`` blocks become a NotImplementedError stub
    clear_outputs         outputs and execution counts go (they could show solutions)
    stamp_metadata        the lab's name and version go into the notebook's metadata

Then `verify_no_leak` refuses to write anything if a line from a solution block, a hidden
block or a hidden cell is still present. Before any of this the lab is loaded and validated,
so a lab whose tests disagree with its own reference solution is never released.

Output layout (``--out DIR``)::

    DIR/student/<notebook>.ipynb        give this to students (with released helper modules)
    DIR/grader/                         what `grade` needs: the lab folder + manifest.json
    DIR/gradescope/autograder.zip       the same, packaged for a Gradescope autograder
"""

from __future__ import annotations

import copy
import json
import shutil
import zipfile
from pathlib import Path

import nbformat

from . import markers
from .labspec import GRADER_VERSION, LabSpec, lab_files, load_lab

PACKAGE = Path(__file__).resolve().parent


class LeakError(RuntimeError):
    """The released notebook still contains something it must not."""


# ------------------------------------------------------------------ the pipeline steps

def drop_hidden_cells(nb):
    nb.cells = [c for c in nb.cells if not markers.is_hidden_cell(c.source)]
    return nb


def strip_hidden_tests(nb):
    kept = []
    for n, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and markers.BEGIN_HIDDEN in cell.source:
            cell.source = markers.strip_hidden(cell.source, f"cell {n}")
            if not cell.source.strip():
                continue  # the cell held only hidden tests
        kept.append(cell)
    nb.cells = kept
    return nb


def clear_solutions(nb):
    for n, cell in enumerate(nb.cells, start=1):
        if cell.cell_type in ("code", "markdown"):
            cell.source = markers.clear_solutions(cell.source, cell.cell_type == "code",
                                                  f"cell {n}")
    return nb


def clear_outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.get("metadata", {}).pop("autograder", None)
        for key in ("attachments",):
            cell.pop(key, None)
    return nb


def make_stamp_metadata(spec: LabSpec):
    def stamp_metadata(nb):
        nb.metadata["autograder"] = {"lab": spec.name, "lab_hash": spec.lab_hash[:16],
                                     "grader_version": GRADER_VERSION}
        return nb
    return stamp_metadata


def student_pipeline(spec: LabSpec):
    return [drop_hidden_cells, strip_hidden_tests, clear_solutions, clear_outputs,
            make_stamp_metadata(spec)]


# ------------------------------------------------------------------ leak check

def secret_lines(sources: list[str]) -> set[str]:
    """Lines that only appear inside solution blocks, hidden blocks or hidden cells."""
    inside, outside = set(), set()
    for source in sources:
        lines = source.split("\n")
        hidden_cell = markers.is_hidden_cell(source)
        state = None
        for line in lines:
            s = line.strip()
            if s in (markers.BEGIN_SOLUTION, markers.BEGIN_HIDDEN):
                state = s
                continue
            if s in (markers.END_SOLUTION, markers.END_HIDDEN):
                state = None
                continue
            if len(s) < 6 or s.startswith("#") and len(s) < 12:
                continue
            (inside if hidden_cell or state else outside).add(s)
    return inside - outside


def verify_no_leak(original, released) -> None:
    secrets = secret_lines([c.source for c in original.cells])
    text = json.dumps(released, default=str)
    marker = markers.mentions_marker(text)
    if marker:
        raise LeakError(f"the released notebook still contains the marker {marker!r}")
    for cell in released.cells:
        for line in cell.source.split("\n"):
            if line.strip() in secrets:
                raise LeakError(f"the released notebook contains a hidden or solution line: "
                                f"{line.strip()!r}")


# ------------------------------------------------------------------ helper modules

def release_module_text(text: str, where: str) -> str | None:
    """A helper module as students get it (None: the module is hidden entirely)."""
    if markers.is_hidden_cell(text):
        return None
    return markers.clear_solutions(markers.strip_hidden(text, where), True, where) + "\n"


def released_modules(spec: LabSpec) -> dict[str, bytes]:
    """name -> bytes of the lab's helper modules as released (cached on the spec)."""
    cached = getattr(spec, "_released_modules", None)
    if cached is None:
        cached = {}
        for path in spec.modules:
            text = release_module_text(path.read_text(encoding="utf-8"), path.name)
            if text is not None:
                cached[path.name] = text.encode()
        spec._released_modules = cached
    return cached


# ------------------------------------------------------------------ release

def release(lab_folder: Path | str, out: Path | str) -> dict[str, Path]:
    """Write the student notebook, the grader bundle and the Gradescope zip into `out`."""
    spec = load_lab(lab_folder)
    out = Path(out)
    original = nbformat.read(spec.notebook, as_version=4)
    student = copy.deepcopy(original)
    for step in student_pipeline(spec):
        student = step(student)
    verify_no_leak(original, student)
    nbformat.validate(student)

    student_dir = out / "student"
    student_dir.mkdir(parents=True, exist_ok=True)
    notebook = student_dir / spec.notebook.name
    nbformat.write(student, notebook)
    for name, data in released_modules(spec).items():
        (student_dir / name).write_bytes(data)

    grader_dir = out / "grader"
    if grader_dir.exists():
        shutil.rmtree(grader_dir)
    grader_dir.mkdir(parents=True)
    for path in lab_files(spec.folder):
        shutil.copy2(path, grader_dir / path.name)
    (grader_dir / "manifest.json").write_text(json.dumps(manifest(spec), indent=2) + "\n")

    zip_path = gradescope_zip(spec, out / "gradescope")
    return {"student": notebook, "grader": grader_dir, "gradescope": zip_path}


def manifest(spec: LabSpec) -> dict:
    """What the lab grades: questions, points and test names (never arguments or answers)."""
    plan = spec.plan("nobody")
    return {
        "lab": spec.name, "lab_hash": spec.lab_hash, "grader_version": GRADER_VERSION,
        "max_score": sum(t.points for t in plan),
        "questions": {
            qid: {"function": q.function, "variable": q.variable, "numba": q.numba,
                  "points": sum(t.points for t in plan if t.qid == qid),
                  "public_tests": [t.name for t in plan if t.qid == qid and not t.hidden],
                  "hidden_tests": [t.name for t in plan if t.qid == qid and t.hidden]}
            for qid, q in spec.questions.items()},
    }


SETUP_SH = """#!/usr/bin/env bash
# Gradescope image setup: Python, bubblewrap (used when the container allows namespaces;
# otherwise the grader falls back to resource limits) and the grader's dependencies.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip bubblewrap util-linux
pip3 install --break-system-packages 'nbformat>=5.9,<6' 'tqdm>=4.66,<5' 'numpy>=1.26,<2.4' \\
    'numba>=0.60,<0.70' || pip3 install 'nbformat>=5.9,<6' 'tqdm>=4.66,<5' \\
    'numpy>=1.26,<2.4' 'numba>=0.60,<0.70'
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope entry point: grade the one submitted file, write results.json.
# Results go to /autograder/results/results.json (AUTOGRADER_ROOT stands in for /autograder
# when trying the package on another machine).
root="${AUTOGRADER_ROOT:-/autograder}"
cd "$root/source"
student=$(python3 -c "import json,sys;u=json.load(open(sys.argv[1]))['users'][0];print(u.get('sid') or u.get('email') or u.get('id'))" "$root/submission_metadata.json" 2>/dev/null || echo student)
exec python3 -m autograder grade lab "$root/submission" --student "$student" \\
    --out "$root"/results/results.json --feedback "$root"/results/feedback.md
"""


def gradescope_zip(spec: LabSpec, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "autograder.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        setup = SETUP_SH
        if spec.lab.requirements:
            reqs = " ".join(f"'{r}'" for r in spec.lab.requirements)
            setup += f"pip3 install --break-system-packages {reqs} || pip3 install {reqs}\n"
        z.writestr(zipfile.ZipInfo("setup.sh"), setup)
        info = zipfile.ZipInfo("run_autograder")
        info.external_attr = 0o755 << 16
        z.writestr(info, RUN_AUTOGRADER)
        for f in sorted(PACKAGE.glob("*.py")):
            z.write(f, f"autograder/{f.name}")
        for f in lab_files(spec.folder):
            z.write(f, f"lab/{f.name}")
        for name in spec.packages:  # packages the lab lets student code import
            from .sandbox import package_folder
            root = package_folder(name)
            for f in sorted(root.rglob("*.py")):
                if "__pycache__" not in f.parts:
                    z.write(f, f"{name}/{f.relative_to(root)}")
    return path
