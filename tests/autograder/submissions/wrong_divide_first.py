"""Wrong: divides by 100 before multiplying by GOGC (truncates too early)."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) // 100 * gogc
    return max(goal, (4 << 20) // 100 * gogc)
