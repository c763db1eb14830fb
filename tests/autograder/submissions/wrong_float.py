"""Wrong: float arithmetic, so it returns a float (and loses bytes on huge heaps)."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    return max(heap_marked + (heap_marked + stack_bytes + globals_bytes) * gogc / 100,
               4 * 2**20 * gogc / 100)
