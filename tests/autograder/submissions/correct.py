"""A correct lab0 submission as a plain .py file."""
MiB = 1 << 20


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100
    return max(goal, 4 * MiB * gogc // 100)
