"""Dump the optimized asm of step_m (compile fresh: a cached function has no asm). Usage:
COURSE_CACHE_DIR=$(mktemp -d) python bench/perf/asm.py OUT.s"""
import sys, os
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import course
from course import engine
course.compile('package main\nimport "runtime"\nfunc main() {\n\tc := make(chan int)\n\tgo func() { c <- 1 }()\n\t<-c\n\truntime.Gosched()\n}\n').run(gomaxprocs=1)
d = engine.step_m
open(sys.argv[1], "w").write(d.inspect_asm(d.signatures[0]))
