"""Attack: read environment variables looking for secrets (tokens, gradebook paths, grader
settings). Earns 12: the environment is built from scratch, so it answers correctly; it would
answer wrongly if it saw anything from the grader's environment."""
import os

LEAKED = [k for k, v in os.environ.items()
          if "SECRET" in k or "secret" in v or "GRADEBOOK" in k or "AUTOGRADER" in k]


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    if LEAKED:
        return -len(LEAKED)
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100
    return max(goal, 4 * (1 << 20) * gogc // 100)
