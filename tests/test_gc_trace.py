"""GODEBUG=gctrace=1 in the simulated runtime, against the real runtime's lines.

``tests/gctrace/recorded/NAME.json`` holds what go1.19.8 printed for ``tests/gctrace/programs/
NAME.go`` under each setting of its header (GOGC 50, 100, 200, 400, off, and with GOMEMLIMIT),
several runs each (``tests/gctrace/record.py``; Go's pacer reacts to measured times, so runs
differ). The model runs the same program under the same setting and must

* print gctrace lines in Go 1.19's format (gcMarkTermination), one per cycle, ``(forced)`` on
  runtime.GC()'s;
* run as many cycles as Go within 20% (against the median of the recorded runs);
* have each cycle's heap goal within 10% of the real goal of the same cycle, give or take one,
  in one of the recorded runs (``cycle_errors``: Go's runs differ from each other); Go prints
  the goal truncated to MiB, so the real goal is somewhere in [G, G+1) MiB and the distance is
  to that interval;
* right after runtime.GC() on a quiescent heap, have exactly the goal of Go's formula
  heapMarked + (heapMarked + lastStackScan + globalsScan) * GOGC/100 (and the recorded real
  NextGC agrees with the same formula, for the globals the model uses).

No Go needed: the cross-check against a live toolchain is ``tests/gctrace/record.py``.
"""
from __future__ import annotations

import json
import re
import statistics
from functools import lru_cache
from typing import Optional
from pathlib import Path

import pytest

import course
from course import mgc, mgcpacer
from course.runtime2 import O_ARGS, O_DESC, OUT_GCTRACE, S_NOUT

ROOT = Path(__file__).resolve().parents[1]
GCT = ROOT / "tests" / "gctrace"
RECORDED = sorted((GCT / "recorded").glob("*.json"))

GCTRACE = re.compile(
    r"gc (?P<n>\d+) @(?P<t>\d+\.\d{3})s (?P<util>\d+)%: "
    r"(?P<c1>[\d.]+)\+(?P<c2>[\d.]+)\+(?P<c3>[\d.]+) ms clock, "
    r"(?P<p1>[\d.]+)\+(?P<assist>[\d.]+)/(?P<bg>[\d.]+)/(?P<idle>[\d.]+)\+(?P<p3>[\d.]+) ms cpu, "
    r"(?P<h0>\d+)->(?P<h1>\d+)->(?P<h2>\d+) MB, (?P<goal>\d+) MB goal, (?P<stacks>\d+) MB stacks, "
    r"(?P<globals>\d+) MB globals, (?P<procs>\d+) P(?P<forced> \(forced\))?$")
MiB = 1 << 20


def parse(line: str) -> dict:
    m = GCTRACE.match(line)
    assert m, f"not a Go 1.19 gctrace line: {line!r}"
    d = {k: (float(v) if "." in v else int(v)) for k, v in m.groupdict().items() if k != "forced" and v}
    d["forced"] = m.group("forced") is not None
    return d


def _header(path: Path) -> dict:
    out = {}
    for line in path.read_text().splitlines():
        if not line.startswith("//"):
            break
        k, sep, v = line[2:].strip().partition(":")
        if sep:
            out[k.strip()] = v.strip()
    return out


# Where the model does not match yet, and why (measured with tests/gctrace/compare.py -v). Strict:
# a case that starts to pass must be taken off this list.
KNOWN_GAPS = {
    "ring_churn[GOGC=50]": "cycle 2 only (3.4 MiB against Go's 2 MB; the other 217 within 10%): the "
    "model's first mark, while the whole heap is still live, ends two 64 KiB allocations past Go's "
    "(heap2 2.1 MiB; Go's < 2 MiB)",
    "ring_churn[GOGC=400]": "the last (forced) cycle only: Go's own runs disagree (9-13 cycles, goals "
    "31-150 MB): in them some marks last 7-16 ms while the program allocates almost nothing (a stall "
    "the model does not have), which cuts the cycle's allocate-black growth and resets the goal, so "
    "where the runs end differs; the model's first 10 goals are within 10% of a run's",
    "spike[GOGC=100]": "Go's 5 runs agree (64 cycles); the model has 57: in the churn before the spike "
    "Go triggers at about 5 MB of a 5 MB goal and the model at about 4 MB (its cons/mark estimate "
    "is higher there), so the marked heap when the spike starts is 4 MB, not 5, the spike's goals "
    "are 11-13% lower (cycles 35-37) and the drop lands one cycle later (cycles 41-43)",
    "spike[GOGC=200]": "as spike[GOGC=100]: cycles 14, 17 and 18 are 11-27% off, 21 cycles (Go's "
    "runs 17-21)",
    "spike[GOGC=400]": "as spike[GOGC=100]: the drop lands one cycle later, so the last two goals "
    "are 22% and 54% off",
    "growing_heap[GOGC=100]": "since the mark became concurrent: the model's heap scan work per cycle "
    "matches Go's gcpacertrace within 0.6% (35768, 41912, 50096, 62384 B against 35968, 42112, "
    "50296, 50296, 62584), but from cycle 3 on its marked heap is about 1 MB higher (5->6->5 MB "
    "against Go's 5->6->4) with the same heap scan work, so each later cycle starts later and the "
    "goals drift up to 13% high (cycle 8: 66.7 MiB against 58 MB); the same with the sweep done at "
    "once, so the cause is in the mark's pacing, not found yet",
}


def cases():
    for rec_path in RECORDED:
        rec = json.loads(rec_path.read_text())
        for setting in rec["settings"]:
            name = " ".join(f"{k}={v}" for k, v in setting["env"].items())
            case_id = f"{rec_path.stem}[{name}]"
            marks = [pytest.mark.xfail(reason=KNOWN_GAPS[case_id], strict=True)] if case_id in KNOWN_GAPS else []
            yield pytest.param(rec, setting, id=case_id, marks=marks)


@lru_cache(maxsize=None)
def _compiled(program: str):
    src = (ROOT / program).read_text()
    return course.compile(src, Path(program).name, go_version="1.19")


@lru_cache(maxsize=None)
def model_run(program: str, env_items: tuple):
    env = dict(env_items)
    hdr = _header(ROOT / program)
    procs = int(dict(kv.split("=", 1) for kv in hdr.get("env", "").split()).get("GOMAXPROCS", "1"))
    env["GODEBUG"] = "gctrace=1"
    res = _compiled(program).run(gomaxprocs=procs, env=env, trace=False)
    assert res.exit_code == 0, res.stderr[-2000:]
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("gc ")]
    return res, [parse(ln) for ln in lines]


def model_goals(res) -> list[int]:
    """Each of the model's cycles' goal in bytes (lastHeapGoal), from the gctrace records."""
    S = res.state
    out = []
    for i in range(int(S.sched[S_NOUT])):
        if S.out[i, O_DESC] == OUT_GCTRACE:
            out.append(int(S.outargs[S.out[i, O_ARGS] + 14]))
    return out


def background(line: dict) -> bool:
    """Did a background mark worker (fractional or idle) mark in this cycle?"""
    return bool(line["bg"] or line["idle"])


def cycle_errors(goals: list[int], runs: list[list[dict]], model_lines: Optional[list[dict]] = None) -> list[tuple]:
    """(error, cycle index, model goal, real goal MB) for each of the model's cycles: the
    smallest error against the real goal of the same cycle number, give or take one, in any of
    the recorded runs (Go's runs differ: where its timing moved a trigger, its goals run a cycle
    or two ahead or behind from there on, and not at the same cycle in every run). The forced
    cycle at the end is compared with the real forced cycles.

    At GOMAXPROCS=1 the fractional worker runs only when sysmon's 10 ms preemption lands in a
    mark (2% of Go's recorded cycles); it then ends the mark early, and the next cycle's goal
    dips (Go's run 4 of ring_churn at GOGC=100: 11, 11, 8 MB at cycles 46-48). Where that
    happens is chance, in Go and in the model: a model cycle that follows one with background
    time (``model_lines``) is also compared with every real cycle that follows one."""
    after_bg = [real[j + 1] for real in runs for j in range(len(real) - 2) if background(real[j])]
    out = []
    for i, g in enumerate(goals):
        best = None
        cands = []
        for real in runs:
            if i == len(goals) - 1:
                cands.append(real[len(real) - 1])
            else:
                cands += [real[j] for j in (i, i - 1, i + 1) if 0 <= j < len(real) - 1]
        if model_lines is not None and 0 < i < len(goals) - 1 and background(model_lines[i - 1]):
            cands += after_bg
        for line in cands:
            e = (goal_error(g, line["goal"]), i, g, line["goal"])
            if best is None or e < best:
                best = e
        if best is not None:
            out.append(best)
    return out


def goal_error(model_goal_bytes: int, real_goal_mb: int) -> float:
    """Relative distance of the model's goal from the real one, known only as [G, G+1) MiB."""
    lo, hi = real_goal_mb * MiB, (real_goal_mb + 1) * MiB
    if lo <= model_goal_bytes < hi:
        return 0.0
    near = lo if model_goal_bytes < lo else hi
    return abs(model_goal_bytes - near) / near


def test_recorded_data_is_there_and_from_go_1_19():
    assert {p.stem for p in RECORDED} == {p.stem for p in (GCT / "programs").glob("*.go")}
    for p in RECORDED:
        rec = json.loads(p.read_text())
        assert rec["go_version"].startswith("go version go1.19")
        settings = [s["env"] for s in rec["settings"]]
        assert settings == [dict(kv.split("=", 1) for kv in s.split())
                            for s in _header(ROOT / rec["program"])["settings"].split("|")]
        for s in rec["settings"]:
            for run in s["runs"]:
                assert run["exit_code"] == 0
                for ln in run["gctrace"]:
                    parse(ln)  # every recorded line is in the format the tests parse


@pytest.mark.parametrize("rec,setting", list(cases()))
def test_cycles_and_goals_match_the_real_runtime(rec, setting):
    res, lines = model_run(rec["program"], tuple(sorted(setting["env"].items())))
    real_counts = [len(r["gctrace"]) for r in setting["runs"]]
    real_n = statistics.median(real_counts)
    assert abs(len(lines) - real_n) <= 0.2 * real_n, (
        f"model: {len(lines)} cycles, real: {real_counts}")
    goals = model_goals(res)
    assert len(goals) == len(lines)
    worst = max(cycle_errors(goals, [[parse(ln) for ln in r["gctrace"]] for r in setting["runs"]], lines))
    assert worst[0] <= 0.10, (
        f"cycle {worst[1] + 1}: model goal {worst[2] / MiB:.2f} MiB, real {worst[3]} MB "
        f"({worst[0]:.1%} off)")


def test_fmtNSAsMS_and_itoaDiv_as_go_prints_them():
    # mgc.go fmtNSAsMS: whole ms from 10 ms, else two significant digits, at most 3 decimals
    cases = {0: "0", 999: "0", 7_000: "0.007", 11_000: "0.011", 120_000: "0.12", 290_000: "0.29",
             2_300_000: "2.3", 9_999_999: "9.9", 10_000_000: "10", 123_456_789: "123"}
    assert {ns: mgc.fmtNSAsMS(ns) for ns in cases} == cases
    assert [mgc.itoaDiv(v, 3) for v in (0, 98, 1204)] == ["0.000", "0.098", "1.204"]


LIST = """package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	val  int
	next *Node
	buf  []int
}

var keep *Node

func main() {
	for i := 0; i < 300; i++ {
		keep = &Node{val: i, next: keep, buf: make([]int, 2048)}
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(m.HeapAlloc, m.NextGC, m.NumGC, m.NumForcedGC)
}
"""


@pytest.mark.parametrize("gogc", [50, 100, 300])
def test_goal_after_runtime_gc_on_a_quiescent_heap_is_gos_formula(gogc):
    res = course.compile(LIST, "list.go", go_version="1.19").run(
        gomaxprocs=1, env={"GOGC": str(gogc), "GODEBUG": "gctrace=1"}, trace=False)
    heapAlloc, nextGC, numgc, forced = map(int, res.stdout.split())
    c = res.state.gcc
    marked = int(c[mgcpacer.C_HEAPMARKED])
    assert marked == heapAlloc > 300 * 16 * 1024  # nothing allocated since the sweep
    stacks = int(c[mgcpacer.C_LASTSTACKSCAN])
    globals_ = int(c[mgcpacer.C_GLOBALSSCAN])
    assert globals_ == mgc.globalsScan(True, 1)
    # mgcpacer.go (Go 1.19) commit: heapMarked + (heapMarked + lastStackScan + globalsScan) * GOGC/100
    assert nextGC == marked + (marked + stacks + globals_) * gogc // 100
    lines = [parse(ln) for ln in res.stderr.splitlines() if ln.startswith("gc ")]
    assert len(lines) == numgc and [ln["n"] for ln in lines] == list(range(1, numgc + 1))
    assert sum(ln["forced"] for ln in lines) == forced == 1 and lines[-1]["forced"]
    assert lines[-1]["h2"] == marked >> 20


def test_recorded_real_nextgc_follows_the_same_formula_with_the_models_globals():
    """In every recorded run with a numeric GOGC and no memory limit, the program's last line
    is HeapAlloc and NextGC right after runtime.GC(): Go's goal is heapMarked (= HeapAlloc:
    the sweep is done) plus GOGC% of heapMarked + stacks + globals. The globals the model uses
    (the binary's data and BSS) and a few KiB of scanned stacks make up the difference."""
    globals_ = mgc.globalsScan(True, 1)
    seen = 0
    for p in RECORDED:
        rec = json.loads(p.read_text())
        for s in rec["settings"]:
            env = s["env"]
            if env.get("GOGC", "100") == "off" or "GOMEMLIMIT" in env:
                continue
            g = int(env["GOGC"])
            for run in s["runs"]:
                heapAlloc, nextGC = map(int, run["stdout"].split())
                if nextGC <= 4 * MiB * g // 100:
                    continue  # the heapMinimum floor
                extra = (nextGC - heapAlloc) * 100 // g - heapAlloc  # stacks + globals
                assert globals_ <= extra + 100 // g + 1 and extra - globals_ < 16 << 10, (p.stem, env, extra)
                seen += 1
    assert seen >= 20


def test_gctrace_lines_only_with_godebug_and_forced_marks_runtime_gc():
    prog = course.compile(LIST, "list.go", go_version="1.19")
    quiet = prog.run(gomaxprocs=1, env={"GOGC": "100"}, trace=False)
    assert "gc 1 @" not in quiet.stderr
    other = prog.run(gomaxprocs=1, env={"GOGC": "100", "GODEBUG": "asyncpreemptoff=1,gctrace=1"}, trace=False)
    lines = [parse(ln) for ln in other.stderr.splitlines() if ln.startswith("gc ")]
    assert lines and lines[-1]["forced"] and not any(ln["forced"] for ln in lines[:-1])
    assert all(ln["procs"] == 1 and ln["h0"] <= ln["h1"] for ln in lines)
    # the chapters' reader of gctrace lines takes the model's lines as it takes Go's
    from course import teach_more
    for ln in other.stderr.splitlines():
        if ln.startswith("gc "):
            assert len(teach_more.gctrace_fields(ln)) >= 17
