"""Attack: return a 5 MB value (five times the reply cap) to exhaust the grader's memory. Earns 0: replies larger than
the cap are refused and the process is stopped."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    return "x" * 5_000_000
