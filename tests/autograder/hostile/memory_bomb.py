"""Attack: allocate 10 GB, then keep growing a list. Earns 0: the address-space limit turns
both into MemoryError inside the sandbox."""


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    try:
        block = bytearray(10 * 1024 ** 3)
    except MemoryError:
        pass
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 ** 2))
