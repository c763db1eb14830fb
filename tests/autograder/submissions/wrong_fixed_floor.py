"""Wrong: the floor is a fixed 4 MiB instead of 4 MiB * GOGC / 100."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100
    return max(goal, 4 << 20)
