"""Attack: never return. Earns 0: each call is stopped at the lab's time limit (0.5 s)."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    while True:
        pass
