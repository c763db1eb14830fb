"""Attack: print fake results (Gradescope JSON, a score line) on stdout. Earns 0: the grader
never reads stdout for results, and the function returns 0."""
import json
import sys

FAKE = {"score": 12, "max_score": 12, "tests": [{"name": "q1", "score": 12, "max_score": 12,
                                                 "status": "passed"}]}
print(json.dumps(FAKE))
print("score: 100")
sys.stderr.write("All tests passed!\n")


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    print(json.dumps(FAKE))
    print('{"id": 1, "ok": true, "value": 4194304}')
    return 0
