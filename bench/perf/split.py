"""Where Program.run's wall time goes, per op: the kernel (engine.run), growing arrays (grow, grow_trace),
new_state, render_output and Trace() within it. python bench/perf/split.py gosched|pingpong|spawn N [on|off]
"""
import sys, time
from pathlib import Path
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent)); sys.path.insert(0, str(HERE.parent))
import course
from course import engine, program, output, trace as trmod
from _harness import program_source, PROGRAMS
SCEN = {
    "gosched": ("gosched_storm.go", lambda n: {"G": 1000, "K": n // 1000}),
    "pingpong": ("chan_pingpong.go", lambda n: {"N": n}),
    "spawn": ("spawn_storm.go", lambda n: {"N": n}),
}
acc = {}
def wrap(mod, name, key):
    f = getattr(mod, name, None)
    if f is None:  # (an older tree)
        return
    def w(*a, **k):
        t0 = time.perf_counter()
        try:
            return f(*a, **k)
        finally:
            acc[key] = acc.get(key, 0) + time.perf_counter() - t0
    setattr(mod, name, w)
wrap(engine, "run", "kernel")
wrap(program, "grow", "grow")
wrap(program, "grow_trace", "grow_trace")
wrap(program, "new_state", "new_state")
wrap(output, "render_output", "render")
wrap(trmod.Trace, "__init__", "Trace()")
scen, n = sys.argv[1], int(sys.argv[2])
tr = (sys.argv[3] if len(sys.argv) > 3 else "on") == "on"
f, par = SCEN[scen]
course.compile(program_source(PROGRAMS / f, par(20000))).run(gomaxprocs=1, seed=0, trace=tr)
prog = course.compile(program_source(PROGRAMS / f, par(n)))
for rep in range(4):
    acc.clear()
    t0 = time.perf_counter(); res = prog.run(gomaxprocs=1, seed=0, trace=tr); tot = time.perf_counter() - t0
    print(f"{scen} trace={'on' if tr else 'off'} rep{rep} total {tot*1e9/n:6.1f} ns/op  " + "  ".join(f"{k} {v*1e9/n:6.1f}" for k, v in acc.items()), f"events {len(res.trace) if tr else 0}")
