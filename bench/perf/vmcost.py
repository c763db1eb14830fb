"""Where the model's time goes, by experiment (wall ns per op, median of 5, JIT on, trace off).

    . .venv/bin/activate && N=2000000 python bench/perf/vmcost.py [closure global empty empty_yield loop_only]

* loop_only: a 4-instruction loop (s += i): the VM's cost per instruction (about 10 ns here).
* empty / empty_yield: a goroutine's whole life (newproc, execute, goexit) with the Gs piling up
  (main runs 10 ms before sysmon preempts it: ~45,000 live Gs) or with main yielding after each
  go statement (at most 3 live): the difference is the cost of touching cold G rows and stacks.
* closure / global: the spawn storm's goroutine with a captured or a package-level counter.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import time, sys, statistics
import course
import os
N = int(os.environ.get("N", 200000))
HDR = 'package main\n\nimport (\n\t"fmt"\n\t"runtime"\n)\n\n'
WAIT = '\tfor runtime.NumGoroutine() > 1 {\n\t\truntime.Gosched()\n\t}\n'
V = {
 "closure": HDR + f'func main() {{\n\tcount := 0\n\tfor i := 0; i < {N}; i++ {{\n\t\tgo func() {{\n\t\t\tcount++\n\t\t}}()\n\t}}\n' + WAIT + '\tfmt.Println(count)\n}\n',
 "global": HDR + f'var count int\n\nfunc inc() {{\n\tcount++\n}}\n\nfunc main() {{\n\tfor i := 0; i < {N}; i++ {{\n\t\tgo inc()\n\t}}\n' + WAIT + '\tfmt.Println(count)\n}\n',
 "empty": HDR + f'func nop() {{\n}}\n\nfunc main() {{\n\tfor i := 0; i < {N}; i++ {{\n\t\tgo nop()\n\t}}\n' + WAIT + '\tfmt.Println(0)\n}\n',
 "empty_yield": HDR + f'func nop() {{\n}}\n\nfunc main() {{\n\tfor i := 0; i < {N}; i++ {{\n\t\tgo nop()\n\t\truntime.Gosched()\n\t}}\n' + WAIT + '\tfmt.Println(0)\n}\n',
 "loop_only": HDR + f'func main() {{\n\ts := 0\n\tfor i := 0; i < {N}; i++ {{\n\t\ts += i\n\t}}\n' + WAIT + '\tfmt.Println(s)\n}\n',
}
which = sys.argv[1:] or list(V)
for k in which:
    p = course.compile(V[k]); p.run(gomaxprocs=1, trace=False)
    ts = []
    for _ in range(5):
        t = time.perf_counter(); r = p.run(gomaxprocs=1, trace=False); ts.append(time.perf_counter() - t)
    print(f"{k:12} {statistics.median(ts)/N*1e9:7.1f} ns/op  maxg={r.stats['max_goroutines']} instr/op={r.stats['instructions']/N:.1f} {r.stdout.strip()}")
