"""Chapters 6-8 run top to bottom (at the CI size, COURSE_CI=1), are committed without outputs,
have the parts every chapter must have, and link to Go functions that are where they say."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted(p for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")
                   if re.match(r"0[6-8]-", p.name))
LINK = re.compile(r"\[`([^`]+)`\]\(https://github\.com/golang/go/blob/(go[0-9.]+)/src/([a-z/]+)/([a-z0-9_]+\.go)#L(\d+)\)")


def _source(path: Path, kind: str) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == kind)


def test_there_are_chapters_6_to_8():
    assert [p.name[:2] for p in NOTEBOOKS] == ["06", "07", "08"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_has_every_part(path):
    code, text = _source(path, "code"), _source(path, "markdown")
    n = path.name[1]
    calls = re.findall(r"\bviz\.(timeline|scheduler|gstates|channel|source|compare|heap|tricolor|mutex)\(", code)
    assert len(calls) >= 2, f"{path.name}: at least two interactive views, found {calls}"
    if n in "67":  # chapter 8's two views are both heaps (the pacer's trigger; GOGC/GOMEMLIMIT controls)
        assert len(set(calls)) >= 2, f"{path.name}: at least two kinds of view, found {set(calls)}"
    assert re.search(rf'teach\.predict\("ch{n}\.', code), "a predict-then-reveal question"
    assert f'teach.check("ch{n}.exercise"' in code, "an exercise with a self-check"
    assert "## Summary" in text and "Where the model is simpler" in text
    assert len(LINK.findall(text)) >= 5, "links to the Go functions it teaches"
    imports = re.findall(r"^\s*(?:from|import) ([\w.]+)", code, re.M)
    assert set(imports) <= {"course", "course.viz", "course.gc", "course.teach_more", "re"}, imports
    if n in "78":  # the simulated runtime has no GC yet: the chapter says so
        assert "no GC" in text or "no garbage collector" in text


def _goroot() -> str:
    try:
        out = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_links_point_at_the_named_go_function(path):
    root = _goroot()
    ver = subprocess.run(["go", "version"], capture_output=True, text=True).stdout if root else ""
    links = LINK.findall(_source(path, "markdown"))
    tags = {tag for _n, tag, *_ in links}
    if not root or not any(t + " " in ver for t in tags):
        pytest.skip("the linked Go version is not installed here")
    for name, tag, pkg, file, line in links:
        lines = Path(root, "src", pkg, file).read_text().splitlines()
        ident = name.split(" ")[0].split(".")[-1]
        assert ident in lines[int(line) - 1], f"{file}#L{line} does not define {name}: {lines[int(line) - 1]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("COURSE_CI", "1")  # the kernel inherits it: small programs
    monkeypatch.delenv("COURSE_JIT", raising=False)  # the chapters run on the compiled model
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors, errors
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets) >= 3, "views and predict questions are displayed"
    checks = [o["data"]["text/plain"] for o in outputs
              if "text/plain" in o.get("data", {}) and "exercise" in o["data"]["text/plain"]]
    # the starter answer in each exercise is not yet right: its check fails, in words
    assert checks and checks[0].startswith("✘"), checks
    if path.name.startswith("06"):
        assert "done\n" in text and "spins at GOMAXPROCS=1: 0" in text
        assert "starving" in text and "late reader in" in text
    if path.name.startswith("07"):
        assert "BUG: B is still reachable" in text and "no schedule loses an object" in text
    if path.name.startswith("08"):
        assert "GOGC=100   32 MiB live → goal 64.00 MiB" in text and "over the budget" in text
