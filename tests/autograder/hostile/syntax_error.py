"""Not an attack, a mistake: a syntax error. Earns 0, with a message naming the line."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    return heap_marked +
