"""Writing a `Grade` for people: Gradescope's results.json and a student feedback file.

Both are built only from `TestResult.message`, which `judge` already made safe to show
(hidden tests carry only their name, a category and the instructor's message). Nothing
here sees arguments, expected values or the student's output for hidden tests, so nothing
here can leak them. Neither file ever contains a grader traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

from .grading import Grade


def results_json(grade: Grade, hidden_visibility: str = "after_published") -> dict:
    """Gradescope's results.json for one submission."""
    tests = []
    for number, t in enumerate(grade.tests, start=1):
        tests.append({
            "name": f"{t.qid}: {t.name}" + (" (hidden)" if t.hidden else ""),
            "number": str(number),
            "score": t.score,
            "max_score": t.max_score,
            "status": t.status,
            "output": t.message or ("Passed." if not t.hidden else "Passed (hidden test)."),
            "visibility": hidden_visibility if t.hidden else "visible",
            "tags": [t.qid],
        })
    summary = f"{grade.lab}: {grade.score:g} of {grade.max_score:g} points."
    if grade.notes:
        summary += "\n" + "\n".join(grade.notes)
    return {
        "score": grade.score,
        "max_score": grade.max_score,
        "execution_time": grade.execution_time,
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"student": grade.student, "sha256": grade.sha256,
                       "lab_hash": grade.lab_hash, "grader_version": grade.grader_version,
                       "isolation": grade.isolation},
    }


def feedback_markdown(grade: Grade) -> str:
    """The feedback a student reads: total, per-question points, and what to fix."""
    out = [f"# Feedback: {grade.lab}", "",
           f"**Score: {grade.score:g} / {grade.max_score:g}**", ""]
    if grade.notes:
        out += ["## Problems loading your code", "", "```", *grade.notes, "```", ""]
    out += ["| Question | Points |", "|---|---|"]
    for qid, (score, max_score) in grade.question_scores().items():
        out.append(f"| {qid} | {score:g} / {max_score:g} |")
    out.append("")
    for qid in grade.question_scores():
        out += [f"## {qid}", ""]
        for t in (t for t in grade.tests if t.qid == qid):
            mark = "passed" if t.status == "passed" else "failed"
            label = "hidden test" if t.hidden else "test"
            out.append(f"- **{t.name}** ({label}): {mark}, {t.score:g} / {t.max_score:g}")
            if t.message:
                out += ["", "  ```", *("  " + line for line in t.message.split("\n")),
                        "  ```", ""]
        out.append("")
    hidden = sum(1 for t in grade.tests if t.hidden)
    if hidden:
        out.append(f"_{hidden} hidden test(s) were run. Their inputs are not shown; each shows "
                   "its name and, when it fails, what kind of failure it was._")
    return "\n".join(out).rstrip() + "\n"


def write_reports(grade: Grade, results_path: Path, feedback_path: Path | None,
                  hidden_visibility: str = "after_published") -> None:
    results_path = Path(results_path)
    results_path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(results_path, json.dumps(results_json(grade, hidden_visibility), indent=2))
    if feedback_path is not None:
        Path(feedback_path).parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(Path(feedback_path), feedback_markdown(grade))


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
