#!/bin/bash
# usage: bench/perf/icount.sh SCEN on|off   -> prints Ir/op (difference of two sizes)
cd "$(dirname "$0")/../.." || exit 1
d=$(mktemp -d)
PYTHONPATH=$PWD NUMBA_CPU_NAME=generic COURSE_CACHE_DIR=$PWD/.numba-cache-generic valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$d/cg.out ${VGEXTRA} python bench/perf/icount.py "$1" "$2" >/dev/null 2>$d/err || { tail $d/err; exit 1; }
python - "$d" "$1" "$2" <<'PY'
import glob, re, sys
d, scen, tr = sys.argv[1:]
tot = {}
for f in glob.glob(d + "/cg.out*"):
    txt = open(f).read()
    m = re.search(r"^desc: Trigger: Client Request: (\S+)", txt, re.M)
    s = re.search(r"^summary: (\d+)", txt, re.M) or re.search(r"^totals: (\d+)", txt, re.M)
    if m and s:
        tot[m.group(1)] = int(s.group(1))
ks = sorted(tot, key=lambda k: int(k.rsplit("-", 1)[1]))
(a, ia), (b, ib) = [(int(k.rsplit("-", 1)[1]), tot[k]) for k in ks[:2]]
print(f"{scen} trace={tr}: {(ib-ia)/(b-a):.0f} Ir/op  (N={a}: {ia/a:.0f}/op, N={b}: {ib/b:.0f}/op)")
PY
echo "$d"
