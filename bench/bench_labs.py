"""Each lab's scores and the time to grade one submission, measured: release each lab, make the
submissions the lab tests make (the starter, the reference solution, the classic mistakes), and
grade each one alone with ``python -m autograder grade``, timed.

    . .venv/bin/activate && python bench/bench_labs.py [lab1-runqueues lab2-channels lab3-gc lab4-predict]

Prints one row per submission: (lab, submission, score, out of, wall s, seconds in the sandbox,
load average). Work files and rows.json go to a new temporary folder (its path is printed last).
"""
import json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "labs"))
sys.path.insert(0, str(ROOT))
from lab_helpers import released, with_solutions
import test_lab1_runqueues as t1, test_lab2_channels as t2, test_lab3_gc as t3
from autograder.labspec import load_lab
import test_lab4_predict as t4

OUT = Path(tempfile.mkdtemp(prefix="bench_labs-"))
rows = []

def grade(lab, grader, sub):
    res = OUT / lab / (sub.stem + ".json")
    t = time.time()
    p = subprocess.run([sys.executable, "-m", "autograder", "grade", str(grader), str(sub), "--out", str(res)],
                       capture_output=True, text=True, cwd=str(ROOT))
    wall = time.time() - t
    r = json.loads(res.read_text())
    load = os.getloadavg()[0]
    rows.append((lab, sub.stem, r["score"], sum(x["max_score"] for x in r["tests"]), wall, r.get("execution_time"), load))
    print(rows[-1], flush=True)

labs = {
    "lab1-runqueues": [("forgot_kick", t1.FORGOT_KICK), ("half_rounded_down", t1.HALF_ROUNDED_DOWN), ("not_numba", t1.NOT_NUMBA)],
    "lab2-channels": [("buffer_first", t2.BUFFER_FIRST), ("no_shuffle", t2.NO_SHUFFLE)],
    "lab3-gc": [("no_barrier", t3.NO_BARRIER), ("only_new", t3.ONLY_NEW)],
}
only = sys.argv[1:] or list(labs) + ["lab4-predict"]
for lab, mistakes in labs.items():
    if lab not in only:
        continue
    d = OUT / lab
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    st = released(lab, d / "dist")
    subs = [d / "starter.ipynb"]
    shutil.copy(st, subs[0])
    subs.append(with_solutions(lab, st, d / "reference.ipynb"))
    for name, edit in mistakes:
        subs.append(with_solutions(lab, st, d / f"{name}.ipynb", dict([edit])))
    for s in subs:
        grade(lab, d / "dist" / "grader", s)
if "lab4-predict" in only:
    lab = "lab4-predict"
    d = OUT / lab
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    st = released(lab, d / "dist")
    shutil.copy(st, d / "starter.ipynb")
    key = load_lab(ROOT / "labs" / lab).reference["model_answers"]
    subs = [d / "starter.ipynb", t4.submission(d / "right.py", "right", key("right")),
            t4.submission(d / "nokick.py", "nokick", t4.no_kick(key("nokick"))),
            t4.submission(d / "someone_else.py", "ana", key("ana"))]
    for s in subs:
        grade(lab, d / "dist" / "grader", s)
json.dump(rows, open(OUT / "rows.json", "w"))
print(f"rows: {OUT / 'rows.json'}")
