"""Fixtures for the autograder tests.

The expensive fixture is `hostile_class`: one `grade_all` run (2 workers) over every file in
hostile/ plus the correct and wrong submissions in submissions/, done once per session. The
hostile tests then read its results.
"""

from __future__ import annotations

import os
import shutil

import pytest
from ag_helpers import (CORRECT_BODY, LAB0, ROOT, SECRET, TRAP_PORT, Trap, class_submissions,
                        folder_digest, student_notebook)

from autograder.batch import grade_all
from autograder.labspec import load_lab
from autograder.sandbox import isolation


@pytest.fixture(scope="session")
def lab0():
    return load_lab(LAB0)


@pytest.fixture(scope="session")
def hostile_class(tmp_path_factory):
    """Grade hostile/ + submissions/ + a correct notebook as one class; return what we saw.

    Only with bubblewrap: without it some attacks (killing the grader's user, writing into the
    repository, reading the lab) would really succeed, which is what the fallback documents."""
    if isolation() != "bwrap":
        pytest.skip("the hostile class needs bubblewrap (apt-get install bubblewrap)")
    tmp = tmp_path_factory.mktemp("hostile")
    folder = tmp / "class"
    folder.mkdir()
    for name, src in class_submissions().items():
        shutil.copy(src, folder / name)
    student_notebook(tmp, CORRECT_BODY, "correct_notebook.ipynb")
    shutil.copy(tmp / "correct_notebook.ipynb", folder / "correct_notebook.ipynb")
    lab_before = folder_digest(LAB0)
    repo_files_before = set(os.listdir(ROOT))
    trap = Trap(TRAP_PORT)
    os.environ["AUTOGRADER_TEST_SECRET"] = SECRET
    try:
        result = grade_all(LAB0, folder, tmp / "out", workers=2, progress=False)
    finally:
        os.environ.pop("AUTOGRADER_TEST_SECRET", None)
        trap.close()
    return {"result": result, "out": tmp / "out", "folder": folder, "trap_hits": trap.hits,
            "lab_before": lab_before, "lab_after": folder_digest(LAB0),
            "repo_new_files": set(os.listdir(ROOT)) - repo_files_before,
            "grades": {g.student: g for g in result.graded}}
