"""``python -m course``: run Go programs on the model, as ``go run`` runs them on the real runtime.

    python -m course run prog.go [--seed N] [--gomaxprocs N] [--trace out.json] [--events]
    python -m course warm            compile the model once (numba's cache), with a message

``run`` prints what the program prints (stdout and stderr), exits with its exit status, and
like ``go run`` says ``exit status N`` on stderr when that is not 0. GOMAXPROCS and GODEBUG
come from the environment, as Go reads them (and ``COURSE_MAX_INSTRUCTIONS``, the model's
budget of instructions before it gives up on an endless loop). A compile error prints what ``go run`` prints
(``# command-line-arguments``, then ``./prog.go:L:C: message`` lines) and exits with status 2.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

WARM_PROGRAM = """package main

import (
	"fmt"
	"runtime"
	"time"
)

func work(i int, s string) int {
	defer print("")
	if i > 2 {
		runtime.Gosched()
	}
	return len(s + "x") * i / 1 % 7
}

func main() {
	n := 0
	f := func(k int) { n += k }
	for i := 0; i < 4; i++ {
		go work(i, "ab")
		f(i)
	}
	time.Sleep(time.Microsecond)
	fmt.Println(n, runtime.NumGoroutine(), runtime.GOMAXPROCS(0) > 0)
	fmt.Printf("%d %s %v %t %q\\n", 1, "a", 2, true, "q")
}
"""


def cmd_run(args: argparse.Namespace) -> int:
    import course

    try:
        with open(args.file, encoding="utf-8") as f:
            src = f.read()
    except OSError as e:
        print(f"course: cannot read {args.file}: {e.strerror}", file=sys.stderr)
        return 1
    try:
        prog = course.compile(src, filename=os.path.basename(args.file), go_version=args.go_version)
    except course.GoCompileError as e:
        print("# command-line-arguments", file=sys.stderr)
        print(str(e), file=sys.stderr)
        return 2
    budget = int(os.environ.get("COURSE_MAX_INSTRUCTIONS", "0")) or None
    kw = {"max_instructions": budget} if budget else {}
    res = prog.run(gomaxprocs=args.gomaxprocs, seed=args.seed, trace=bool(args.trace or args.events), **kw)
    sys.stdout.write(res.stdout)
    sys.stdout.flush()
    sys.stderr.write(res.stderr)
    if args.events:
        print(res.trace.narrate(), file=sys.stderr)
    if args.trace:
        res.trace.save_perfetto(args.trace)
        print(f"course: trace written to {args.trace} (open it in https://ui.perfetto.dev)", file=sys.stderr)
    if res.stopped == "limit":
        print("course: the simulation stopped: it ran out of its instruction or time budget "
              "(an endless loop?); nothing was lost, but the program did not finish", file=sys.stderr)
        return 3
    if res.exit_code != 0:
        print(f"exit status {res.exit_code}", file=sys.stderr)
    return res.exit_code


def cmd_warm(args: argparse.Namespace) -> int:
    import course

    t0 = time.time()
    print("course: warming numba's cache for the runtime model…", file=sys.stderr, flush=True)
    prog = course.compile(WARM_PROGRAM, "warm.go")
    for procs in (1, 2):
        res = prog.run(gomaxprocs=procs, seed=1, godebug="schedtrace=1")
        if res.exit_code != 0:
            print(res.stderr, file=sys.stderr)
            return 1
    prog.run(gomaxprocs=1, trace=False)
    print(f"course: the model is ready ({time.time() - t0:.1f}s)", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m course", description="Run Go programs on the course's model of the Go runtime.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="run a Go program, like go run")
    r.add_argument("file")
    r.add_argument("--seed", type=int, default=0, help="fixes every random choice of the scheduler (default 0)")
    r.add_argument("--gomaxprocs", type=int, default=None, help="default: $GOMAXPROCS, else the number of CPUs")
    r.add_argument("--go-version", default="1.22", help="language rules: 1.22 (default) or 1.19 (loop variables shared)")
    r.add_argument("--trace", metavar="OUT.json", help="write the trace in Chrome/Perfetto JSON format")
    r.add_argument("--events", action="store_true", help="narrate every scheduler event on stderr")
    r.set_defaults(fn=cmd_run)
    w = sub.add_parser("warm", help="compile the model into numba's cache")
    w.set_defaults(fn=cmd_warm)
    args = ap.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
