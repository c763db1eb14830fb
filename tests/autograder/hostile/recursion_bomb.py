"""Attack: unbounded recursion with the recursion limit lifted, to crash the interpreter.
Earns 0: the sandboxed process crashes (the grader does not), every call fails."""
import sys

sys.setrecursionlimit(10 ** 8)


def dive(n):
    return dive(n + 1) + 1


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    return dive(0)
