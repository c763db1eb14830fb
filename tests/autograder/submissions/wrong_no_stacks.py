"""Wrong: the pre-1.18 goal, without stacks and globals."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    return max(heap_marked + heap_marked * gogc // 100, (4 << 20) * gogc // 100)
