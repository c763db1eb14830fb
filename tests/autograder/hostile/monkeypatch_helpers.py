"""Attack: monkeypatch the test helpers (Otter's one-line trick): the authoring API's check,
the codec, json. Earns 0: no test helper runs in the student's process; the grader compares
in its own process the values it received, and heap_goal is wrong."""
import json
import sys

import autograder.authoring as authoring

authoring.Lab.check = lambda self, *a, **k: (12, 12)
authoring.compare = lambda *a, **k: None
for name in ("wire", "judge", "autograder.judge"):
    module = sys.modules.get(name)
    if module is not None:
        for attr in ("compare", "judge", "from_plain"):
            setattr(module, attr, lambda *a, **k: None)
json.loads = lambda *a, **k: {"ok": True, "passed": True}


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    return -1
