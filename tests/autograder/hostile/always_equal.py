"""Attack: return objects that compare equal to anything (nbgrader and Otter accept these).
Earns 0: only plain data crosses to the grader; an object arrives as its type name, and an
int subclass arrives as its real value (0)."""


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class SneakyInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


calls = [0]


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    calls[0] += 1
    return AlwaysEqual() if calls[0] % 2 else SneakyInt(0)
