"""Attack: return a list nested 100,000 deep to crash the grader's JSON parser. Earns 0:
the value is refused as too deep (on either side of the pipe)."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    value = []
    for _ in range(100_000):
        value = [value]
    return value
