"""Attack: flood the output (10 MB per call) to blow up the grader or the feedback. Earns 0:
the output limit stops each call, and the feedback stays short."""
import sys


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    for _ in range(10):
        sys.stdout.write("x" * (1 << 20))
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100
    return max(goal, 4 * (1 << 20) * gogc // 100)
