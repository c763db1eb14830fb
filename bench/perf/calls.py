"""Which numba functions call which, in the optimized LLVM IR of the hot kernels (what LLVM did not inline)."""
import re, sys, collections
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.dirname(__import__("os").path.abspath(__file__))))
import course
from course import engine, vm, proc, chan
names = sys.argv[1:] or ["step_m"]
from course import compile as _c
_c('package main\nimport "runtime"\nfunc main() {\n\tc := make(chan int)\n\tgo func() { c <- 1 }()\n\t<-c\n\truntime.Gosched()\n}\n').run(gomaxprocs=1)
for name in names:
    mod = next(m for m in (engine, vm, proc, chan) if hasattr(m, name))
    d = getattr(mod, name)
    if not d.signatures:
        print(name, "not compiled"); continue
    ir = d.inspect_llvm(d.signatures[0])
    # functions defined in this module and the calls in each
    cur = None; calls = collections.defaultdict(collections.Counter); sizes = {}
    for line in ir.splitlines():
        m = re.match(r'define .*?@"?([^"(\s]+)"?\(', line)
        if m:
            cur = m.group(1); sizes[cur] = 0; continue
        if cur:
            sizes[cur] += 1
            for c in re.findall(r'call [^@]*@"?([^"(\s]+)"?\(', line):
                calls[cur][c] += 1
    for f in sizes:
        short = re.sub(r'_3c.*|\$.*', '', f)
        if sizes[f] < 3: continue
        print(f"{name}: define {f[:90]} ({sizes[f]} lines)")
        for c, n in calls[f].most_common():
            if 'llvm.' in c: continue
            print(f"      calls {c[:100]} x{n}")
