"""Attack: a correct answer that also writes files everywhere it can: a fake results.json and
feedback in its working folder, and into the lab folder, the repository, /tmp and the
grader's output folder. Earns 12 (the answers are right); nothing outside the sandbox changes."""
import os

TARGETS = ["results.json", "feedback.md", "/tmp/results.json",
           "/work/main/labs/lab0-heap-goal/hacked.py", "/work/main/hacked.txt",
           "../results.json", "../../results.json", "/in/submission.py", "/in/_runner.py"]


def scribble():
    for path in TARGETS:
        try:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with open(path, "w") as f:
                f.write('{"score": 12, "max_score": 12, "tests": []}')
        except OSError:
            pass


scribble()


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    scribble()
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100
    return max(goal, 4 * (1 << 20) * gogc // 100)
