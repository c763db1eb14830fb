"""The gradebook: an append-only SQLite record of every grading.

Tables:
  gradings   one row per graded submission: who, which file (sha256), which lab version,
             total score, when, by which grader version, and the full results.json.
  attempts   one row per question of each grading: student, lab, question, score, max,
             status (passed / partial / failed), file hash, time, grader version.

Invariants:
  * Rows are never updated or deleted: triggers abort any UPDATE or DELETE, so a regrade
    adds rows and every earlier grade stays readable.
  * A grading and its attempts are written in one transaction, so an interrupted run
    leaves either a complete grading or none; `is_graded` then lets the next run skip it.
  * Only the trusted grader process opens the file (mode 0600); the sandbox never sees it.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from .grading import Grade
from .report import results_json

SCHEMA = """
CREATE TABLE IF NOT EXISTS gradings (
    id INTEGER PRIMARY KEY,
    lab TEXT NOT NULL, student TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL,
    lab_hash TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
    status TEXT NOT NULL, execution_time REAL, isolation TEXT,
    graded_at TEXT NOT NULL, grader_version TEXT NOT NULL, run_id TEXT, results TEXT);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    grading_id INTEGER NOT NULL REFERENCES gradings(id),
    student TEXT NOT NULL, lab TEXT NOT NULL, question TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL, status TEXT NOT NULL,
    sha256 TEXT NOT NULL, graded_at TEXT NOT NULL, grader_version TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS gradings_key ON gradings(lab, student, sha256);
CREATE TRIGGER IF NOT EXISTS gradings_no_update BEFORE UPDATE ON gradings
    BEGIN SELECT RAISE(ABORT, 'the gradebook is append-only'); END;
CREATE TRIGGER IF NOT EXISTS gradings_no_delete BEFORE DELETE ON gradings
    BEGIN SELECT RAISE(ABORT, 'the gradebook is append-only'); END;
CREATE TRIGGER IF NOT EXISTS attempts_no_update BEFORE UPDATE ON attempts
    BEGIN SELECT RAISE(ABORT, 'the gradebook is append-only'); END;
CREATE TRIGGER IF NOT EXISTS attempts_no_delete BEFORE DELETE ON attempts
    BEGIN SELECT RAISE(ABORT, 'the gradebook is append-only'); END;
"""

POLICIES = ("latest", "best")


class Gradebook:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            self.path.touch(mode=0o600)
        os.chmod(self.path, 0o600)
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Gradebook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def is_graded(self, lab: str, student: str, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM gradings WHERE lab=? AND student=? AND sha256=? "
                              "AND status='complete' LIMIT 1", (lab, student, sha256)).fetchone()
        return row is not None

    def record(self, grade: Grade, run_id: str = "",
               hidden_visibility: str = "after_published") -> int:
        """Append one grading and its per-question attempts, atomically."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.db:
            cur = self.db.execute(
                "INSERT INTO gradings (lab, student, file, sha256, lab_hash, score, max_score, "
                "status, execution_time, isolation, graded_at, grader_version, run_id, results)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (grade.lab, grade.student, grade.file, grade.sha256, grade.lab_hash,
                 grade.score, grade.max_score, "complete", grade.execution_time,
                 grade.isolation, now, grade.grader_version, run_id,
                 json.dumps(results_json(grade, hidden_visibility))))
            gid = cur.lastrowid
            for qid, (score, max_score) in grade.question_scores().items():
                status = "passed" if score >= max_score else "partial" if score > 0 else "failed"
                self.db.execute(
                    "INSERT INTO attempts (grading_id, student, lab, question, score, max_score,"
                    " status, sha256, graded_at, grader_version) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (gid, grade.student, grade.lab, qid, score, max_score, status,
                     grade.sha256, now, grade.grader_version))
        return gid

    def chosen(self, lab: str, policy: str = "latest") -> list[dict]:
        """One grading per student: the most recent one, or the best-scoring one
        (ties: the most recent). Each row carries its per-question scores."""
        if policy not in POLICIES:
            raise ValueError(f"policy must be one of {POLICIES}")
        order = "g.id DESC" if policy == "latest" else "g.score DESC, g.id DESC"
        rows = self.db.execute(
            f"SELECT id, student, file, sha256, score, max_score, graded_at FROM ("
            f" SELECT g.*, ROW_NUMBER() OVER (PARTITION BY g.student ORDER BY {order}) AS rn"
            f" FROM gradings g WHERE g.lab=? AND g.status='complete') WHERE rn=1"
            f" ORDER BY student", (lab,)).fetchall()
        out = []
        for gid, student, file, sha, score, max_score, graded_at in rows:
            questions = {q: (s, m) for q, s, m in self.db.execute(
                "SELECT question, score, max_score FROM attempts WHERE grading_id=? "
                "ORDER BY question", (gid,))}
            out.append({"student": student, "file": file, "sha256": sha, "score": score,
                        "max_score": max_score, "graded_at": graded_at,
                        "questions": questions})
        return out

    def export_csv(self, lab: str, path: Path | str, policy: str = "latest") -> list[dict]:
        rows = self.chosen(lab, policy)
        qids = sorted({q for r in rows for q in r["questions"]})
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["student", "score", "max_score", *qids, "file", "sha256", "graded_at",
                        "policy"])
            for r in rows:
                w.writerow([r["student"], r["score"], r["max_score"],
                            *(r["questions"].get(q, (0, 0))[0] for q in qids),
                            r["file"], r["sha256"], r["graded_at"], policy])
        return rows

    def count(self, lab: str | None = None) -> int:
        if lab is None:
            return self.db.execute("SELECT COUNT(*) FROM gradings").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM gradings WHERE lab=?", (lab,)).fetchone()[0]


def summary_table(rows: list[dict]) -> str:
    """Per question: mean, min, max and number of full marks, over the chosen gradings."""
    qids = sorted({q for r in rows for q in r["questions"]})
    lines = [f"{'question':<10} {'max':>6} {'mean':>7} {'min':>6} {'max got':>7} "
             f"{'full marks':>10}"]
    for q in qids + ["total"]:
        if q == "total":
            scores = [(r["score"], r["max_score"]) for r in rows]
        else:
            scores = [r["questions"][q] for r in rows if q in r["questions"]]
        if not scores:
            continue
        got = [s for s, _ in scores]
        top = max(m for _, m in scores)
        full = sum(1 for s, m in scores if s >= m)
        lines.append(f"{q:<10} {top:>6g} {sum(got) / len(got):>7.2f} {min(got):>6g} "
                     f"{max(got):>7g} {full:>5} / {len(got):<4}")
    return "\n".join(lines)
