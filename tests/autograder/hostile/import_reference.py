"""Attack: import the grader and the lab to load the reference solution in-process. Earns 0:
the sandbox has no grader package (only an inert stub) and no lab folder."""
import sys

reference = None
for folder in ("/work/main", "/work/main/labs/lab0-heap-goal", "../..", "."):
    sys.path.insert(0, folder)
try:
    from autograder.labspec import load_lab
    spec = load_lab("/work/main/labs/lab0-heap-goal")
    reference = spec.reference["heap_goal"]
except Exception:
    pass


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    if reference is not None:
        return reference(heap_marked, stack_bytes, globals_bytes, gogc)
    return 1
