"""The course autograder: release labs, grade submissions safely, keep every grade.

Pipeline and trust boundary (one module per concern)::

    instructor notebook ──release.py──> student notebook + grader bundle
                          (markers.py: SOLUTION / HIDDEN TESTS / HIDDEN cells)

    submission ──submissions.py──> text ──sandbox.py──> values ──judge.py──> points, messages
                                    (the ONLY module that runs      (trusted, plain data)
                                     student code: separate limited
                                     process, JSON over pipes)
    labspec.py   runs the (trusted) instructor notebook: tests, reference, expected values
    grading.py   wires one submission through; report.py writes results.json + feedback
    gradebook.py append-only SQLite; batch.py grades a class (threads or Dask)
    authoring.py the `Lab` API notebooks call (`lab.question`, `lab.test`, `lab.check`)

Command line: ``python -m autograder --help``. Instructor guide: labs/README.md.
"""

__version__ = "1.0.0"  # recorded with every grade in the gradebook
