"""Every chapter runs top to bottom (at the CI size, COURSE_CI=1), is committed without outputs,
has the parts every chapter must have, and links to Go functions that are where it says."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
CHAPTERS = [p for p in NOTEBOOKS if re.match(r"\d\d-", p.name)]
LINK = re.compile(r"\[`([^`]+)`\]\(https://github\.com/golang/go/blob/(go[0-9.]+)/src/([a-z/]+)/([a-z0-9_]+\.go)#L(\d+)\)")
VIEWS = r"\bviz\.(timeline|scheduler|gstates|channel|source|compare|heap|tricolor|mutex)\("
# chapter 8's two views are both heaps (the pacer's trigger; the GOGC/GOMEMLIMIT controls)
ONE_KIND_OF_VIEW = {"08"}
# what each chapter's run must print: the lesson's point, shown running
PRINTS = {
    "00": ["worker 2\nworker 0\nworker 1\n"],  # runnext: the newest goroutine runs first
    "02": ["ring 256/256", "stole 3 G(s)"],
    "03": ["main is back", "stopped: limit"],
    "04": ["len after the send: 0", "panic: send on closed channel"],
    "06": ["done\n", "spins at GOMAXPROCS=1: 0", "starving", "late reader in"],
    # (7 and 8 also run the simulated runtime's own GC: dropped objects are freed; GOGC=off never collects)
    "07": ["BUG: B is still reachable", "no schedule loses an object", "after runtime.GC: NumGC 1 HeapObjects 1000",
           "keep = nil, GC:   NumGC 2 HeapObjects 0 HeapAlloc 0"],
    "08": ["GOGC=100   32 MiB live → goal 64.00 MiB", "over the budget", "GOGC=off  NumGC 0"],
    # the pool deadlocks, then sums; the leak leaves goroutines behind, the fix none
    "09": ["fatal error: all goroutines are asleep - deadlock!", "sum 385\n", "goroutines: 7", "still blocked: none"],
}


def _source(path: Path, kind: str) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == kind)


def test_the_chapters_are_numbered_from_0_without_a_gap():
    numbers = [int(p.name[:2]) for p in CHAPTERS]
    assert numbers == list(range(len(numbers))) and len(numbers) >= 9, numbers


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_every_part(path):
    code, text = _source(path, "code"), _source(path, "markdown")
    n = str(int(path.name[:2]))
    calls = re.findall(VIEWS, code)
    assert len(calls) >= 2, f"{path.name}: at least two interactive views, found {calls}"
    if path.name[:2] not in ONE_KIND_OF_VIEW:
        assert len(set(calls)) >= 2, f"{path.name}: at least two kinds of view, found {set(calls)}"
    assert re.search(rf'teach\.predict\("ch{n}\.', code), "a predict-then-reveal question"
    assert f'teach.check("ch{n}.exercise"' in code, "an exercise with a self-check"
    assert "## Summary" in text and "Where the model is simpler" in text
    assert len(LINK.findall(text)) >= 5, "links to the Go functions it teaches"
    # only the public API
    imports = re.findall(r"^\s*(?:from|import) ([\w.]+)", code, re.M)
    assert set(imports) <= {"course", "course.viz", "course.gc", "course.teach_more", "subprocess"}, imports
    private = re.findall(r"\b\w+\._[A-Za-z]\w*", code)
    assert not private, f"{path.name} uses private names: {private}"


def _goroot() -> str:
    try:
        out = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_links_point_at_the_named_go_function(path):
    root = _goroot()
    ver = subprocess.run(["go", "version"], capture_output=True, text=True).stdout if root else ""
    links = LINK.findall(_source(path, "markdown"))
    tags = {tag for _n, tag, *_ in links}
    if not root or not any(t + " " in ver for t in tags):
        pytest.skip("the linked Go version is not installed here")
    for name, tag, pkg, file, line in links:
        lines = Path(root, "src", pkg, file).read_text().splitlines()
        ident = re.escape(name.removeprefix("type ").split(" ")[0].split(".")[-1])
        text = lines[int(line) - 1]
        # a definition, or the pseudo-code of a doc comment (mbarrier.go's writePointer)
        defines = rf"^(func (\([^)]*\) )?{ident}\(|type {ident} |const {ident} |\t{ident} |//\s+{ident}\()"
        assert re.match(defines, text), f"{file}#L{line} does not define {name}: {text!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("COURSE_CI", "1")  # the kernel inherits it: small programs
    monkeypatch.delenv("COURSE_JIT", raising=False)  # the chapters run on the compiled model
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors, errors
    if path not in CHAPTERS:
        return
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets) >= 3, "views and predict questions are displayed"
    checks = [o["data"]["text/plain"] for o in outputs
              if "text/plain" in o.get("data", {}) and "exercise" in o["data"]["text/plain"]]
    # the starter code in each exercise is not yet right: its check fails, in words
    assert checks and checks[0].startswith("✘"), checks
    for expected in PRINTS.get(path.name[:2], []):
        assert expected in text, f"{path.name} should print {expected!r}"
