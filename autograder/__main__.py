"""Command line: ``python -m autograder {release,grade,grade-all,export} ...``.

    release   LAB --out DIR                      student notebook + grader bundle + Gradescope zip
    grade     LAB SUBMISSION --out results.json  one submission (a .ipynb, a .py, or a folder
                                                 holding one); also writes a feedback file
    grade-all LAB FOLDER --workers N             a class, in parallel, into a gradebook + CSV
    export    LAB --gradebook DB --csv FILE      the CSV again, with another policy

Exit codes: 0 done; 1 some submissions hit a grader error (named on stderr); 2 the lab or
the command line is wrong; 130 interrupted (rerun the same command to resume).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from .authoring import LabError
from .markers import MarkerError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Release, grade and record Python labs.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="write the student notebook and the grader bundle")
    p.add_argument("lab", type=Path, help="the lab folder (labs/<lab>)")
    p.add_argument("--out", type=Path, required=True, help="output folder")

    p = sub.add_parser("grade", help="grade one submission")
    p.add_argument("lab", type=Path, help="the lab folder or a released grader bundle")
    p.add_argument("submission", type=Path, help=".ipynb, .py, or a folder holding one")
    p.add_argument("--out", type=Path, default=Path("results.json"),
                   help="Gradescope results.json to write (default: ./results.json)")
    p.add_argument("--feedback", type=Path,
                   help="student feedback file (default: feedback.md beside --out)")
    p.add_argument("--student", help="student id (default: the file name without suffix)")
    p.add_argument("--gradebook", type=Path, help="also record the grade in this gradebook")

    p = sub.add_parser("grade-all", help="grade a folder of submissions in parallel")
    p.add_argument("lab", type=Path)
    p.add_argument("folder", type=Path,
                   help="holds <student>.ipynb / <student>.py files or <student>/ folders")
    p.add_argument("--workers", type=int, default=2, help="concurrent sandboxes (default 2)")
    p.add_argument("--out", type=Path, help="gradebook, CSV, results and feedback go here "
                   "(default: grades/<lab folder name>)")
    p.add_argument("--dask", metavar="ADDRESS", help="hand the work to this Dask scheduler")
    p.add_argument("--regrade", action="store_true",
                   help="grade again even submissions already in the gradebook")
    p.add_argument("--policy", choices=("latest", "best"), default="latest",
                   help="which grading per student goes into the CSV (default: latest)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("export", help="write the CSV from a gradebook")
    p.add_argument("lab", type=Path)
    p.add_argument("--gradebook", type=Path, required=True)
    p.add_argument("--csv", type=Path, required=True)
    p.add_argument("--policy", choices=("latest", "best"), default="latest")

    args = parser.parse_args(argv)
    if args.command in ("grade", "grade-all") and not getattr(args, "dask", None):
        from .sandbox import isolation
        if isolation() != "bwrap":
            print("warning: bubblewrap is not available, so student code runs with resource "
                  "limits only: it can read files readable by its user and use the network "
                  "(see labs/README.md, 'Safety model')", file=sys.stderr)
    try:
        return COMMANDS[args.command](args)
    except (LabError, MarkerError) as e:
        print(f"lab error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: finished gradings are saved; run the same command again to "
              "resume", file=sys.stderr)
        return 130


def cmd_release(args) -> int:
    from .release import release
    paths = release(args.lab, args.out)
    for what, path in paths.items():
        print(f"{what:<10} {path}")
    return 0


def _single_file(path: Path) -> Path:
    if path.is_dir():
        from .submissions import SUFFIXES
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES)
        files.sort(key=lambda p: p.suffix != ".ipynb")
        if not files:
            raise SystemExit(f"no .ipynb or .py file in {path}")
        return files[0]
    return path


def cmd_grade(args) -> int:
    from .gradebook import Gradebook
    from .grading import grade
    from .labspec import load_lab
    from .report import write_reports
    spec = load_lab(args.lab)
    submission = _single_file(args.submission)
    result = grade(spec, submission, args.student)
    feedback = args.feedback or args.out.with_name("feedback.md")
    write_reports(result, args.out, feedback, spec.lab.hidden_visibility)
    if args.gradebook:
        with Gradebook(args.gradebook) as book:
            book.record(result, "grade", spec.lab.hidden_visibility)
    print(f"{result.student}: {result.score:g} / {result.max_score:g}  "
          f"({result.execution_time:.2f} s)  -> {args.out}, {feedback}")
    return 0


def cmd_grade_all(args) -> int:
    from .batch import grade_all
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    out = args.out or Path("grades") / args.lab.resolve().name
    result = grade_all(args.lab, args.folder, out, workers=args.workers, dask=args.dask,
                       regrade=args.regrade, policy=args.policy,
                       progress=not args.no_progress)
    n = len(result.graded)
    print(f"graded {n}, skipped {len(result.skipped)} already graded, "
          f"{len(result.errors)} grader errors, in {result.seconds:.1f} s")
    print(f"gradebook {out / 'gradebook.sqlite'}; CSV ({args.policy} grading per student) "
          f"{out / 'grades.csv'}")
    print(result.summary)
    return 1 if result.errors else 0


def cmd_export(args) -> int:
    from .gradebook import Gradebook, summary_table
    from .labspec import load_lab
    spec = load_lab(args.lab)
    with Gradebook(args.gradebook) as book:
        rows = book.export_csv(spec.name, args.csv, args.policy)
    print(summary_table(rows))
    return 0


COMMANDS = {"release": cmd_release, "grade": cmd_grade, "grade-all": cmd_grade_all,
            "export": cmd_export}

if __name__ == "__main__":
    sys.exit(main())
