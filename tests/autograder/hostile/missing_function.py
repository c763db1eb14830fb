"""Not an attack, a mistake: the function has another name. Earns 0, and the message says
which name the grader looked for."""


def heapgoal(heap_marked, stack_bytes, globals_bytes, gogc):
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100
    return max(goal, 4 * (1 << 20) * gogc // 100)
