"""Release: the student notebook keeps the questions and public tests and loses everything
else (solutions, hidden tests, hidden cells, outputs); a lab that contradicts its own
reference solution is never released."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import nbformat
import pytest
from ag_helpers import LAB0, ROOT

from autograder import markers
from autograder.authoring import LabError
from autograder.labspec import load_lab
from autograder.release import LeakError, release, verify_no_leak


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    proc = subprocess.run([sys.executable, "-m", "autograder", "release", str(LAB0), "--out",
                           str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    nb = nbformat.read(out / "student" / "lab0-heap-goal.ipynb", as_version=4)
    return out, nb, json.dumps(nb)


def test_release_student_notebook_has_no_solution_or_hidden_test(released):
    _, nb, text = released
    for secret in ("// 100", "heap_minimum", "personal_heap", "GOGC=50 halves the floor",
                   "42141360691983704", "lab.variant", markers.BEGIN_SOLUTION,
                   markers.BEGIN_HIDDEN, markers.END_HIDDEN):
        assert secret not in text, secret


def test_release_replaces_solutions_with_a_not_implemented_stub(released):
    _, nb, _ = released
    cell = next(c for c in nb.cells if "def heap_goal" in c.source)
    assert cell.source.splitlines()[-1] == "    " + markers.CODE_STUB
    ns = {}
    exec(cell.source, ns)
    with pytest.raises(NotImplementedError):
        ns["heap_goal"](0, 0, 0, 100)


def test_release_keeps_public_tests_and_the_check_cell(released):
    _, nb, text = released
    assert text.count("lab.test(") == 3
    assert any(c.source.strip() == 'lab.check("q1")' for c in nb.cells)


def test_release_clears_outputs_and_stamps_the_lab_version(released):
    _, nb, _ = released
    assert all(c.outputs == [] and c.execution_count is None
               for c in nb.cells if c.cell_type == "code")
    assert nb.metadata["autograder"]["lab"] == "lab0-heap-goal"


def test_released_public_tests_run_in_the_students_kernel(released, capsys):
    _, nb, _ = released
    ns = {"__name__": "__main__"}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(cell.source.replace(markers.CODE_STUB, "return 4 * MiB"), ns)
    printed = capsys.readouterr().out
    assert "q1: 1 of 3 tests in this notebook pass." in printed
    assert "expected 67108864" in printed
    assert "Hidden tests are run only when your lab is graded" in printed


def test_grader_bundle_manifest_names_tests_but_holds_no_arguments(released):
    out, _, _ = released
    manifest = json.loads((out / "grader" / "manifest.json").read_text())
    assert manifest["max_score"] == 12
    q1 = manifest["questions"]["q1"]
    assert len(q1["public_tests"]) == 3 and len(q1["hidden_tests"]) == 9
    assert "42141360691983704" not in json.dumps(manifest)


def test_grader_bundle_grades_like_the_lab_folder(released):
    out, _, _ = released
    spec = load_lab(out / "grader")
    assert spec.lab_hash == load_lab(LAB0).lab_hash


def test_gradescope_zip_has_the_entry_point_grader_and_lab(released):
    out, _, _ = released
    with zipfile.ZipFile(out / "gradescope" / "autograder.zip") as z:
        names = set(z.namelist())
        run = z.read("run_autograder").decode()
    assert {"setup.sh", "run_autograder", "autograder/sandbox.py", "autograder/_runner.py",
            "lab/lab0-heap-goal.ipynb"} <= names
    assert "/autograder/results/results.json" in run


def _lab(tmp_path, cells: list[str]):
    folder = tmp_path / "lab"
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(nb, folder / "lab.ipynb")
    return folder


SETUP = 'from autograder.authoring import Lab\nlab = Lab("tiny")\nlab.question("q1", "double")'
SOLUTION = "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"


def test_release_refuses_a_lab_whose_expectation_contradicts_its_reference(tmp_path):
    folder = _lab(tmp_path, [SETUP, SOLUTION, 'lab.test("q1", 2, expect=5)'])
    with pytest.raises(LabError, match="expects 5, but the reference solution returns 4"):
        release(folder, tmp_path / "out")
    assert not (tmp_path / "out" / "student").exists()


def test_release_refuses_unbalanced_markers(tmp_path):
    folder = _lab(tmp_path, [SETUP, "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x",
                             'lab.test("q1", 2)'])
    with pytest.raises(markers.MarkerError, match="never closed"):
        release(folder, tmp_path / "out")


def test_release_refuses_a_variant_outside_a_hidden_block(tmp_path):
    folder = _lab(tmp_path, [SETUP, SOLUTION,
                             'lab.variant("q1", lambda student, rng: (rng.randrange(9),))'])
    with pytest.raises(LabError, match="must be inside a hidden block"):
        release(folder, tmp_path / "out")


def test_release_drops_hidden_cells_and_hidden_only_cells(tmp_path):
    folder = _lab(tmp_path, [SETUP, SOLUTION,
                             "### HIDDEN\ndef secret_helper():\n    return 'the answer key'",
                             'lab.test("q1", 1)\n### BEGIN HIDDEN TESTS\nlab.test("q1", 99)\n'
                             '### END HIDDEN TESTS',
                             '### BEGIN HIDDEN TESTS\nlab.test("q1", 12345)\n### END HIDDEN TESTS'])
    paths = release(folder, tmp_path / "out")
    nb = nbformat.read(paths["student"], as_version=4)
    text = "\n".join(c.source for c in nb.cells)  # (the raw JSON has random cell ids)
    assert "secret_helper" not in text and "99" not in text and "12345" not in text
    assert [c.source for c in nb.cells][-1] == 'lab.test("q1", 1)'
    spec = load_lab(folder)
    assert [(t.args, t.hidden) for t in spec.plan("x")] == [((1,), False), ((99,), True),
                                                          ((12345,), True)]


def test_leak_check_catches_a_solution_line_left_behind():
    original = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SOLUTION)])
    leaked = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "def double(x):\n    return 2 * x")])
    with pytest.raises(LeakError, match="return 2"):
        verify_no_leak(original, leaked)


def test_instructor_notebook_runs_top_to_bottom_and_its_reference_passes_every_test(capsys):
    nb = nbformat.read(next(LAB0.glob("*.ipynb")), as_version=4)
    ns = {"__name__": "__main__"}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(cell.source, ns)
    printed = capsys.readouterr().out
    assert "q1: 12 of 12 tests in this notebook pass." in printed


def test_helper_modules_are_released_stripped_and_importable_by_student_code(tmp_path):
    folder = _lab(tmp_path, ["from units import MiB, scale\n" + SETUP, SOLUTION,
                             'lab.test("q1", 3)'])
    (folder / "units.py").write_text(
        "MiB = 1 << 20\n\ndef scale(x):\n    ### BEGIN SOLUTION\n    return x * 1000\n"
        "    ### END SOLUTION\n")
    paths = release(folder, tmp_path / "out")
    released_units = (paths["student"].parent / "units.py").read_text()
    assert "x * 1000" not in released_units and "NotImplementedError" in released_units
    student = tmp_path / "student.py"
    student.write_text("from units import MiB\n\ndef double(x):\n    return 2 * x + MiB * 0\n")
    from autograder.grading import grade
    assert grade(load_lab(folder), student, "s").score == 1
