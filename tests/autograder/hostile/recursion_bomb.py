"""Attack: unbounded recursion through C code (repr calling __repr__) with the recursion limit
lifted, to overflow the interpreter's C stack. Earns 0: the sandboxed process crashes with
SIGSEGV (the grader does not), and every call fails."""
import sys

sys.setrecursionlimit(10 ** 8)


class Deep:
    def __repr__(self):
        return repr(self)


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    return repr(Deep())
