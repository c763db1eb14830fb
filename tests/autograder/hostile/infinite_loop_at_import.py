"""Attack: hang while the grader loads the code. Earns 0: loading is stopped at the lab's
load time limit (5 s) and every test fails with that message."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    goal = heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc // 100
    return max(goal, 4 * (1 << 20) * gogc // 100)


while True:
    pass
