"""Attack: write forged replies that claim success straight into the grader's pipes (found in
/proc/self/fd), and monkeypatch the runner's reply function. Earns 0: the grader reads only a
value from a reply, never a verdict, and compares that value itself; the forged value (12)
is wrong everywhere."""
import json
import os
import sys


def forge():
    for fd in range(3, 64):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:"):
                for i in range(1, 30):
                    line = json.dumps({"id": i, "ok": True, "value": 12, "passed": True,
                                       "score": 12, "status": "passed"}) + "\n"
                    os.write(fd, line.encode())
        except OSError:
            pass


runner = sys.modules.get("__main__")
if runner is not None and hasattr(runner, "call"):
    def call(request, module, path):
        return {"ok": True, "value": 12, "passed": True, "score": 12}
    runner.call = call


def heap_goal(heap_marked, stack_bytes, globals_bytes, gogc):
    forge()
    return 12
