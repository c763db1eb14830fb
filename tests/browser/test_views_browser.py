"""The views in real JupyterLab, in a real headless Chromium (Debian's ``chromium``, driven by
Playwright; no browser download).

A temporary notebook shows the views; the test starts JupyterLab on it, runs it, and checks in
the DOM that every view rendered, that Play and the step slider work with the kernel shut down
(the animation is all in the browser), and measures how long a view takes to re-render when
the slider moves on a 10,000-event trace (reported; only a generous bound is asserted), and
keeps a screenshot of every view (``artifacts/browser/*.png``).

Skipped when Playwright or ``/usr/bin/chromium`` is missing (``scripts/setup.sh --test`` installs
both when run as root on Debian).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the programs the view tests share
from viz_programs import GCLIST, MUTEX, SELECT3, WORKERS  # noqa: E402

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
playwright_sync = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

SMALL = WORKERS


BIG = r'''package main

import (
	"fmt"
	"runtime"
)

func spin(id int, n int, done chan int) {
	s := 0
	for i := 0; i < n; i++ {
		s += i
		if i%10 == 0 {
			runtime.Gosched()
		}
	}
	done <- s
}

func main() {
	done := make(chan int)
	for i := 0; i < 40; i++ {
		go spin(i, 1200, done)
	}
	t := 0
	for i := 0; i < 40; i++ {
		t += <-done
	}
	fmt.Println(t)
}
'''


SETUP = (
    "import course, course.viz as viz\n"
    f"SMALL = {SMALL!r}\nBIG = {BIG!r}\nMUTEX = {MUTEX!r}\nSELECT3 = {SELECT3!r}\nGCLIST = {GCLIST!r}\n"
    "prog = course.compile(SMALL)\n"
    "res = prog.run(gomaxprocs=2, seed=0)\n"
    "res1 = prog.run(gomaxprocs=1, seed=0)\n"
    "big = course.compile(BIG).run(gomaxprocs=4, seed=1)\n"
    "mures = course.compile(MUTEX).run(gomaxprocs=2, seed=0)\n"
    "selres = course.compile(SELECT3).run(gomaxprocs=1, seed=0)\n"
    "gcres = course.compile(GCLIST).run(gomaxprocs=4, seed=3)\n"
    "def sim(gogc, limit):\n"
    "    live = 4 << 20\n"
    "    goal = live * (1 + gogc / 100) if gogc >= 0 else 64 << 20\n"
    "    goal = min(goal, limit) if limit else goal\n"
    "    t = [c * 1e7 + d for c in range(4) for d in (0, 9e6)]\n"
    "    return {'t': t, 'heap': [live, goal] * 4, 'goal': [goal] * 8, 'trigger': [live + 0.9 * (goal - live)] * 8, 'gc_cpu': 0.05,\n"
    "            'marks': [[c * 1e7 + 8e6, c * 1e7 + 9e6] for c in range(4)], 'gc_cpu_parts': {'background': 0.04, 'assist': 0.01}}\n"
    "print('EVENTS', len(res.trace), len(big.trace))"
)

# (cell, what the view is) — one notebook, one JupyterLab start
VIEW_CELLS = [
    ("viz.timeline(res)", "timeline"),
    ("viz.scheduler(res)", "scheduler"),
    ("viz.scheduler(big)", "scheduler-big"),
    ("viz.timeline(big)", "timeline-big"),
    ("viz.timeline(object())", "error"),
    ("viz.timeline(gcres)", "timeline-gc"),
    ("viz.gstates(res)", "gstates"),
    ("viz.gstates(big)", "gstates-big"),
    ("viz.channel(res, 'ch')", "channel"),
    ("viz.channel(selres, 'a')", "channel-select"),
    ("viz.source(res, prog, gomaxprocs=2, seed=0)", "source"),
    ("viz.compare(res1, res, labels=('GOMAXPROCS=1', 'GOMAXPROCS=2'))", "compare"),
    ("viz.heap(simulate=sim)", "heap"),
    ("viz.tricolor(['root', 'A', 'B', 'C'], [('root', 'A'), ('A', 'B')], [{'colors': {'root': 'grey'}, 'note': 'start'}, "
     "{'colors': {'root': 'black', 'A': 'grey'}, 'note': 'scan root'}, {'colors': {'B': 'grey'}, 'add': [('A', 'C')], "
     "'remove': [('A', 'B')], 'shade': ['B'], 'note': 'A.f = C'}], roots=['root'])", "tricolor"),
    ("viz.mutex(mures)", "mutex"),
    # frames that break at step 1 (a ring op on a P that does not exist): the step says why
    ("bad = viz.scheduler(res)\nd = dict(bad.data)\nd['deltas'] = [[['q', 99, 0, [1]]]] + list(d['deltas'][1:])\n"
     "bad.data = d\nbad", "bad-step"),
]


def _cells() -> list[str]:
    return [SETUP] + [c for c, _name in VIEW_CELLS]


def _view(page, name):
    """The root element of a view, by its cell's position."""
    k = [n for _c, n in VIEW_CELLS].index(name)
    roots = page.query_selector_all(".jp-Notebook .jp-Cell")
    cell = roots[k + 1]
    el = cell.query_selector(".gv-root")
    assert el is not None, f"view {name} did not render"
    # JupyterLab 4 does not lay out cells far from the viewport (the notebook has 18 cells):
    # bring the view on screen before reading its text or moving the mouse over it
    el.scroll_into_view_if_needed()
    return el


def _notebook(path: Path, cells: list[str]) -> None:
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                     "source": src} for i, src in enumerate(cells)],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    _notebook(root / "views.ipynb", _cells())
    port, token = _free_port(), secrets.token_hex(16)
    # no "get notified about Jupyter news?" prompt over the views (and their screenshots)
    news = root / ".lab-settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false"}))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"), JUPYTER_RUNTIME_DIR=str(root / ".jupyter-runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(root / ".workspaces"), JUPYTERLAB_SETTINGS_DIR=str(root / ".lab-settings"),
               PYTHONPATH=str(REPO))
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           "--ServerApp.disable_check_xsrf=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    log = open(root / "lab.log", "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except Exception:
                if proc.poll() is not None:
                    raise RuntimeError("JupyterLab exited:\n" + (root / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        else:
            raise RuntimeError("JupyterLab did not start:\n" + (root / "lab.log").read_text()[-3000:])
        yield {"url": url, "token": token, "root": root}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def page(lab):
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(f"{lab['url']}/lab/tree/views.ipynb?token={lab['token']}", timeout=120_000)
        pg.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=120_000)
        # wait for the kernel to be idle before running everything
        pg.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        pg.wait_for_function("""() => { const w = window.jupyterapp.shell.currentWidget;
            return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
                   && w.sessionContext.session.kernel.status === 'idle'; }""", timeout=180_000)
        pg.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        n_views = len(VIEW_CELLS)
        # the model may compile first (numba's cache), so be patient
        pg.wait_for_function(f"() => document.querySelectorAll('.gv-root').length >= {n_views}", timeout=900_000)
        pg.wait_for_function("""() => { const w = window.jupyterapp.shell.currentWidget;
            return w.sessionContext.session.kernel.status === 'idle'; }""", timeout=900_000)
        pg.page_errors = errors
        yield pg
        browser.close()


def _roots(page):
    return page.query_selector_all(".gv-root")


def _step(root) -> int:
    return int(root.query_selector(".gv-bar[data-step]").get_attribute("data-step"))


def _next(root, k=1):
    for _ in range(k):
        root.query_selector("button[title='next step']").click()


def test_every_view_rendered_without_page_errors(page):
    for _c, name in VIEW_CELLS:
        root = _view(page, name)
        if name in ("error", "bad-step"):
            continue
        assert root.get_attribute("data-ready") == "1", name
        assert not [e for e in root.query_selector_all(".gv-error") if e.is_visible()], name
    assert not page.page_errors, page.page_errors


def test_timeline_draws_segments_on_a_canvas(page):
    for name in ("timeline", "timeline-big", "timeline-gc"):
        assert int(_view(page, name).query_selector("canvas").get_attribute("data-drawn")) > 0


def test_screenshots_of_every_view_are_kept(page):
    """A PNG of each view, kept as a test artifact (``$COURSE_ARTIFACTS/browser``, by default
    ``artifacts/browser`` in the checkout): what a reviewer looks at without running a lab."""
    out = Path(os.environ.get("COURSE_ARTIFACTS", REPO / "artifacts")) / "browser"
    out.mkdir(parents=True, exist_ok=True)
    for _c, name in VIEW_CELLS:
        path = out / f"{name}.png"
        path.unlink(missing_ok=True)
        _view(page, name).screenshot(path=str(path))
        assert path.stat().st_size > 2000, name  # a picture, not an empty box
    print("SCREENSHOTS", out, sorted(p.name for p in out.glob("*.png")))


def test_timeline_hover_explains_a_stretch_and_its_go_rule(page):
    root = _view(page, "timeline")
    canvas = root.query_selector("canvas")
    box = canvas.bounding_box()
    # sweep lane P0 until the pointer is over something
    tip = root.query_selector(".gv-tip")
    for k in range(1, 60):
        page.mouse.move(box["x"] + 92 + (box["width"] - 100) * k / 60, box["y"] + 18 + 11)
        if tip.is_visible():
            break
    assert tip.is_visible()
    text = tip.inner_text()
    assert re.search(r"G\d+", text) and ("runs on P0" in text or "#" in text), text
    assert "Go:" in text or "—" in text or "began" in text


def test_scheduler_shows_every_p_with_a_256_slot_ring(page):
    for name, nprocs in (("scheduler", 2), ("scheduler-big", 4)):
        cards = _view(page, name).query_selector_all(".gv-p")
        assert len(cards) == nprocs
        assert all(len(c.query_selector_all(".gv-ring div")) == 256 for c in cards)


def test_the_browser_decodes_the_scheduler_frames_as_python_does(page):
    """The browser's keyframe+delta decoder against course.viz.frames.scheduler_state, at
    steps across the run (the same program and seed give the same trace here)."""
    import course
    from course.viz import frames as F

    fr = F.scheduler_frames(course.compile(SMALL).run(gomaxprocs=2, seed=0).trace)
    root = _view(page, "scheduler")
    n = int(root.query_selector(".gv-slider").get_attribute("max"))
    assert n == fr["n"]
    for step in sorted({1, 5, n // 3, n // 2, (2 * n) // 3, n - 1, n, 17, 3}):
        shown = root.evaluate("""(r, v) => { const s = r.querySelector('.gv-slider'); s.value = String(v); s.dispatchEvent(new Event('input'));
            return { rings: Array.from(r.querySelectorAll('.gv-p')).map(p => p.querySelector('.gv-ringlist').textContent),
                     cur: Array.from(r.querySelectorAll('.gv-p')).map(p => p.children[1].textContent),
                     glob: r.querySelector('.gv-section').textContent }; }""", step)
        want = F.scheduler_state(fr, step)
        for p in range(fr["nprocs"]):
            assert [int(x) for x in re.findall(r"G(\d+)", shown["rings"][p])] == want["runq"][p][:40], (step, p)
            run, rn = want["running"][p], want["runnext"][p]
            assert shown["cur"][p].startswith("running: " + (f"G{run}" if run >= 0 else "—")), (step, shown["cur"][p])
            assert ("runnext: " + (f"G{rn}" if rn >= 0 else "")) in shown["cur"][p].replace("\xa0", " ").replace("  ", " "), (step, shown["cur"][p])
        assert [int(x) for x in re.findall(r"G(\d+)", shown["glob"])] == want["global"][:60], step


def test_a_failing_view_shows_a_message(page):
    msg = _view(page, "error").query_selector(".gv-error").inner_text()
    assert "could not be drawn" in msg and "trace" in msg


def test_a_step_that_cannot_be_drawn_says_so_in_the_view(page):
    root = _view(page, "bad-step")
    assert not root.query_selector(".gv-steperror").is_visible()
    _next(root)
    err = root.query_selector(".gv-steperror")
    assert err.is_visible() and "Step 1 could not be drawn" in err.inner_text()
    root.query_selector("button[title='first step']").click()
    assert not err.is_visible()


def test_gstates_lights_the_transition_and_counts_edges(page):
    root = _view(page, "gstates")
    assert root.query_selector("svg")
    lit_seen = False
    for _ in range(12):
        _next(root)
        if root.query_selector(".gv-lit"):
            lit_seen = True
            break
    assert lit_seen, "some step in the first dozen changes a G's status"
    texts = root.evaluate("(r) => Array.from(r.querySelectorAll('[id^=e] text')).map(t => t.textContent)")
    assert any(re.search(r"×[1-9]", t) for t in texts), texts


def test_channel_shows_its_ring_and_queues(page):
    root = _view(page, "channel")
    root.query_selector("button[title='last step']").click()
    assert len(root.query_selector_all(".gv-chanring .gv-cell")) == 3  # make(chan int, 3)
    assert "closed" in root.inner_text()


def test_channel_shows_a_selects_poll_order_lock_order_and_choice(page):
    root = _view(page, "channel-select")
    root.query_selector("button[title='last step']").click()
    sel = root.query_selector(".gv-select")
    assert sel is not None, "the select over chan a, b and c is shown"
    text = sel.inner_text()
    assert "poll order" in text and "lock order" in text and "chose case 0" in text, text
    lock = sel.inner_text().split("lock order", 1)[1]
    assert lock.index("case 2") < lock.index("case 0") < lock.index("case 1"), lock  # by channel: c, a, b
    assert len(sel.query_selector_all(".gv-case")) == 6  # three cases, in each order
    assert sel.query_selector_all(".gv-case.gv-chosen") and sel.query_selector_all(".gv-case.gv-hot")


def test_source_marks_lines(page):
    root = _view(page, "source")
    root.query_selector("button[title='last step']").click()
    root.evaluate("(r) => { const s = r.querySelector('.gv-slider'); s.value = String(Math.floor(+s.max / 2)); s.dispatchEvent(new Event('input')); }")
    assert root.query_selector_all(".gv-line.gv-hot")
    assert "◀" in root.query_selector(".gv-src").inner_text()


def test_compare_shows_two_timelines_and_the_differences(page):
    root = _view(page, "compare")
    assert len(root.query_selector_all("canvas")) == 2
    assert root.query_selector_all("tr.gv-differs")
    assert "GOMAXPROCS" in root.query_selector(".gv-callouts").inner_text()


def test_tricolor_colours_change_and_the_barrier_is_shown(page):
    root = _view(page, "tricolor")
    colors = lambda: root.evaluate("(r) => Array.from(r.querySelectorAll('.gv-node')).map(n => n.dataset.color).join('')")
    root.query_selector("button[title='first step']").click()
    assert colors() == "wwww"
    _next(root, 3)
    assert colors() == "bggw"
    assert root.evaluate("(r) => Array.from(r.querySelectorAll('.gv-wb')).filter(t => t.getAttribute('visibility') === 'visible').length") == 1


def test_mutex_shows_the_state_word(page):
    root = _view(page, "mutex")
    root.query_selector("button[title='last step']").click()
    text = root.inner_text()
    assert "state =" in text and "mode" in text


def test_heap_controls_rerun_the_model_in_the_kernel(page):
    root = _view(page, "heap")
    before = root.query_selector(".gv-readout").inner_text()
    assert "peak memory 8.00 MiB" in before
    # what the GC guide's charts leave out: the concurrent marks and the GC CPU by kind
    assert len(root.query_selector_all("rect.gv-mark")) == 4
    assert "background workers (25%) 4.0%" in before and "assists 1.0%" in before
    root.evaluate("(r) => { const s = r.querySelector('.gv-gogc'); s.value = String(Math.log2(200)); s.dispatchEvent(new Event('input')); }")
    # the slider snaps to its step: GOGC lands near 200, so the peak is near 12 MiB
    page.wait_for_function("(r) => r.querySelector('.gv-readout') && /peak memory 12\\.\\d\\d MiB/.test(r.querySelector('.gv-readout').textContent)",
                           arg=root, timeout=30_000)
    assert "GOGC=20" in root.query_selector(".gv-readout").inner_text()


def _shutdown_kernel(page):
    page.evaluate("""async () => { const w = window.jupyterapp.shell.currentWidget;
        await w.sessionContext.session.kernel.shutdown(); }""")
    page.wait_for_function("""() => { const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        return !k || k.status === 'dead' || k.isDisposed; }""", timeout=30_000)


TIME_SLIDER = """(root) => {
    const s = root.querySelector('.gv-slider'), n = +s.max, out = [];
    let seed = 7; const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 30; k++) {
        const v = Math.floor(rnd() * n);
        const t0 = performance.now();
        s.value = String(v); s.dispatchEvent(new Event('input'));
        out.push([v, performance.now() - t0, +root.querySelector('.gv-bar[data-step]').dataset.step]);
    }
    return out; }"""


def test_play_and_slider_work_without_the_kernel_and_rerender_fast(page, record_property):
    """Last: it shuts the kernel down."""
    _shutdown_kernel(page)
    root = _view(page, "scheduler-big")
    n = int(root.query_selector(".gv-slider").get_attribute("max"))
    assert n >= 10_000, f"the big trace has {n} events"
    # the step buttons move frames without a kernel
    before = root.query_selector(".gv-event").inner_text()
    _next(root, 2)
    assert _step(root) == 2
    assert root.query_selector(".gv-event").inner_text() != before
    # Play advances on its own (a timer in the browser)
    root.query_selector(".gv-play").click()
    page.wait_for_timeout(800)
    root.query_selector(".gv-play").click()
    assert _step(root) > 2
    # the slider: jump around the 10,000-event trace in each view of it and time each re-render
    report = {"events": n}
    for name in ("scheduler-big", "timeline-big", "gstates-big"):
        times = _view(page, name).evaluate(TIME_SLIDER)
        assert all(shown == v for v, _ms, shown in times), name
        ms = sorted(t for _v, t, _s in times)
        report[f"{name}_median_ms"] = round(ms[len(ms) // 2], 2)
        report[f"{name}_worst_ms"] = round(ms[-1], 2)
        assert ms[-1] < 1000, (name, ms)  # generous: the goal is 100 ms; the real figure is reported
    # zooming the timeline redraws every lane (not only the cursor)
    zoom = _view(page, "timeline-big").evaluate("""(root) => { const out = [];
        const [zin, zout] = [root.querySelector("button[title='zoom in']"), root.querySelector("button[title='zoom out']")];
        for (let k = 0; k < 12; k++) { const b = k < 6 ? zin : zout, t0 = performance.now(); b.click(); out.push(performance.now() - t0); }
        return out.sort((a, b) => a - b); }""")
    report["timeline-big_zoom_median_ms"] = round(zoom[len(zoom) // 2], 2)
    report["timeline-big_zoom_worst_ms"] = round(zoom[-1], 2)
    assert zoom[-1] < 1000
    print("RERENDER", json.dumps(report))
    record_property("rerender", report)
    (Path(os.environ.get("COURSE_VIZ_REPORT_DIR", "/tmp")) / "course_viz_rerender.json").write_text(json.dumps(report))
