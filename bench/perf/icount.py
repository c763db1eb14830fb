"""Instruction counts per op of the model, under callgrind (machine-load independent).

valgrind --tool=callgrind --instr-atstart=yes --callgrind-out-file=/tmp/cg.%p python bench/perf/icount.py SCEN
Each size's Program.run is bracketed by CALLGRIND_ZERO_STATS / DUMP_STATS (bench/perf/libcgctl.so), so
the dumps hold only the run; (Ir(big) - Ir(small)) / (ops(big) - ops(small)) removes fixed costs.
Without valgrind it prints wall ns/op instead (median of 5).
"""
import ctypes, os, sys, time, statistics
from pathlib import Path
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent)); sys.path.insert(0, str(HERE.parent / "bench"))
import course
from _harness import program_source, PROGRAMS

SCEN = {
    "gosched": ("gosched_storm.go", lambda n: {"G": 100, "K": n // 100}),
    "spawn": ("spawn_storm.go", lambda n: {"N": n}),
    "pingpong": ("chan_pingpong.go", lambda n: {"N": n}),
    "prodcons": ("chan_prodcons.go", lambda n: {"P": 4, "C": 4, "B": 64, "N": n}),
    "workerpool": ("chan_workerpool.go", lambda n: {"W": 8, "B": 64, "N": n}),
}
lib = ctypes.CDLL(str(HERE / "libcgctl.so"))
onvg = lib.running_on_valgrind() != 0

def main():
    scen = sys.argv[1]
    trace = (sys.argv[2] if len(sys.argv) > 2 else "on") == "on"
    small, big = (20000, 60000) if onvg else (20000, 200000)
    f, par = SCEN[scen]
    progs = {n: course.compile(program_source(PROGRAMS / f, par(n))) for n in (small, big)}
    for n in (small, big):  # warm-up: numba cache load, array sizes reached
        progs[n].run(gomaxprocs=1, seed=0, trace=trace)
    res = {}
    for n in (small, big):
        if onvg:
            lib.cg_on(); lib.cg_zero()
            progs[n].run(gomaxprocs=1, seed=0, trace=trace)
            lib.cg_dump(f"{scen}-{'on' if trace else 'off'}-{n}".encode()); lib.cg_off()
        else:
            ts = []
            for _ in range(5):
                t0 = time.perf_counter(); progs[n].run(gomaxprocs=1, seed=0, trace=trace); ts.append(time.perf_counter() - t0)
            res[n] = statistics.median(ts)
    if not onvg:
        print(f"{scen} trace={'on' if trace else 'off'}: {(res[big]-res[small])*1e9/(big-small):.1f} ns/op (diff), "
              f"{res[big]*1e9/big:.1f} ns/op at N={big}")

main()
