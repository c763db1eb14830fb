"""The trust boundary: the one module that runs student code.

Everything a student writes is hostile. It runs here, in a separate process started fresh
for each submission (and restarted after a test that kills it), never in the grader:

  * **Isolation.** With bubblewrap (`bwrap`) the process gets its own mount, PID, network,
    IPC and UTS namespaces: it sees /usr, the Python interpreter and its packages
    read-only, a read-only ``/in`` holding only the runner and the student's own code, and
    a small private tmpfs ``/sandbox`` as its working directory. The lab folder, hidden
    tests, reference solution, gradebook and other students' files are not in its world.
    There is no network interface but loopback. When the grader runs as root, the process
    also drops to a throw-away uid of its own (so it cannot signal or write anything else),
    with no capabilities and ``no_new_privs``.
  * **Fallback (no bwrap).** Resource limits, a scrubbed environment, a private working
    directory and (as root, when the interpreter is readable by others) the throw-away uid.
    This does NOT hide files the process can read by absolute path and does not cut the
    network: install bubblewrap, or keep lab folders unreadable to others (see the README).
  * **Limits, always.** RLIMIT_CPU, RLIMIT_AS (memory), RLIMIT_NPROC (processes and
    threads), RLIMIT_FSIZE (output and files), RLIMIT_NOFILE, no core dumps; a wall-clock
    deadline per call, for loading, and for the whole submission; a cap on reply size.
  * **Plain data only.** Requests and replies are JSON lines on two private pipes (not
    stdout, which goes to a capped file). Replies are decoded by `wire.from_plain`, which
    can only build plain values. The child never receives expected values, so whatever
    it says, it can only earn what its returned values are worth.

Invariants:
  * A `Sandbox` never raises because of anything the student did: every call returns an
    `Outcome` (value, exception, timeout, crash, ...), and grading carries on.
  * After `close()` (or the ``with`` block) no process the student started is alive: in
    bwrap the PID namespace dies with its init; in the fallback the throw-away uid's
    processes are all killed.
  * Nothing from the grader's memory reaches the child: it is a fresh ``exec`` of Python,
    its environment is built from scratch here, and only the files named above exist in it.

Why not one process per test: starting the interpreter dominates the cost of a small lab;
one process per submission is ~10x faster, and a test that kills or hangs the process costs
only a restart. Public tests run before hidden ones (the caller orders them), so nothing a
student's code saw during a hidden test can reach the feedback of a public test.
"""

from __future__ import annotations

import os
import random
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import wire

HERE = Path(__file__).resolve().parent
RUNNER_FILES = ("_runner.py", "wire.py")


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Labs override these per lab and per question."""

    call_timeout: float = 2.0  # wall seconds for one call of a student function
    load_timeout: float = 10.0  # wall seconds to run the student's notebook/module
    total_timeout: float = 120.0  # wall seconds for the whole submission, all restarts
    cpu_seconds: int = 60  # RLIMIT_CPU for one sandbox process
    memory_mb: int = 1024  # RLIMIT_AS (address space) for one sandbox process
    processes: int = 32  # RLIMIT_NPROC: processes and threads of the sandbox uid
    output_kb: int = 256  # RLIMIT_FSIZE: stdout+stderr file and any file written
    open_files: int = 64  # RLIMIT_NOFILE
    disk_kb: int = 16384  # size of the private tmpfs (bwrap only)
    reply_kb: int = 1024  # largest reply accepted on the protocol pipe
    max_restarts: int = 40  # fresh processes after fatal tests, per submission

    def replace(self, **changes) -> "Limits":
        values = {**self.__dict__, **{k: v for k, v in changes.items() if v is not None}}
        return Limits(**values)


@dataclass
class StudentCode:
    """The student's code as text, split into chunks (notebook cells) run one by one."""

    source: str
    chunks: list[tuple[int, int]]  # 1-based inclusive line ranges of `source`
    module: str = "submission"
    files: dict[str, bytes] = field(default_factory=dict)  # released helper modules
    packages: tuple = ()  # importable packages the lab lets the code use (read-only copies)


@dataclass
class Outcome:
    """What one call did, as seen from outside. `kind` is one of KINDS."""

    kind: str
    value: Any = None
    error: dict = field(default_factory=dict)  # details from the child: student-visible only
    output: str = ""  # what the student's code printed during the call (capped)
    seconds: float = 0.0


KINDS = ("value", "exception", "missing", "not-callable", "numba", "unsupported", "memory",
         "timeout", "crashed", "output-limit", "cpu-limit", "bad-reply", "not-loaded",
         "budget")


@dataclass
class LoadReport:
    """How loading the student's code went."""

    errors: list[dict] = field(default_factory=list)  # per-chunk exceptions (not fatal)
    fatal: str | None = None  # None, or timeout / crashed / output-limit / ...
    fatal_chunk: int | None = None  # the chunk that was running when it went fatal
    exit_detail: str = ""  # e.g. "exit code 0" or "signal SIGSEGV"
    output: str = ""


# ------------------------------------------------------------------ isolation choice

_isolation_cache: dict[str, str] = {}
_live: set["Sandbox"] = set()
_live_lock = threading.Lock()


def isolation() -> str:
    """'bwrap' when bubblewrap works here, else 'rlimits'. AUTOGRADER_SANDBOX overrides."""
    forced = os.environ.get("AUTOGRADER_SANDBOX")
    if forced in ("bwrap", "rlimits"):
        return forced
    if "auto" not in _isolation_cache:
        mode = "rlimits"
        bwrap = shutil.which("bwrap")
        if bwrap and sys.platform.startswith("linux"):
            probe = [bwrap, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid",
                     "--die-with-parent", "true"]
            if os.geteuid() != 0:
                probe[1:1] = ["--unshare-user"]
            try:
                ok = subprocess.run(probe, capture_output=True, timeout=20).returncode == 0
            except (OSError, subprocess.SubprocessError):
                ok = False
            mode = "bwrap" if ok else "rlimits"
        _isolation_cache["auto"] = mode
    return _isolation_cache["auto"]


def kill_all() -> None:
    """Kill every live sandbox (used when the grader is interrupted)."""
    with _live_lock:
        boxes = list(_live)
    for box in boxes:
        box._kill()


def _python_paths() -> list[str]:
    """Folders the interpreter needs: its prefix, base prefix, and the real executable's."""
    paths = {sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent.parent)}
    return sorted(p for p in paths if p and os.path.isdir(p))


def _world_readable_path(path: str) -> bool:
    p = Path(path).resolve()
    for part in [p, *p.parents]:
        try:
            mode = part.stat().st_mode
        except OSError:
            return False
        if not mode & 0o001:
            return False
    return True


def _count_own_processes() -> int:
    uid, n = os.getuid(), 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.stat(f"/proc/{name}").st_uid == uid:
                    n += 1
            except OSError:
                pass
    return n


_uids_in_use: set[int] = set()


def _fresh_uid() -> int:
    with _live_lock:
        while True:
            uid = random.SystemRandom().randrange(1_000_000, 1_999_999)
            if uid not in _uids_in_use:
                _uids_in_use.add(uid)
                return uid


# ------------------------------------------------------------------ the sandbox

class Sandbox:
    """One student's code, loaded in a fresh, limited process; call its functions.

    Use as a context manager. `call` and `get` always return an `Outcome`.
    """

    def __init__(self, code: StudentCode, limits: Limits = Limits(), mode: str | None = None):
        self.code = code
        self.limits = limits
        self.mode = mode or isolation()
        self.load_report: LoadReport | None = None
        self.restarts = -1
        self.started_at = time.monotonic()
        self._proc: subprocess.Popen | None = None
        self._dead = True
        self._unloadable = False
        self._uid: int | None = None
        self._next_id = 1
        self._buf = b""

    # -- lifecycle ----------------------------------------------------------------------

    def __enter__(self) -> "Sandbox":
        with _live_lock:
            _live.add(self)
        self._tmp = Path(tempfile.mkdtemp(prefix="autograder-"))
        self._stage_inputs()
        self._start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._kill()
        with _live_lock:
            _live.discard(self)
            if self._uid is not None:
                _uids_in_use.discard(self._uid)
        shutil.rmtree(self._tmp, ignore_errors=True)

    def _stage_inputs(self) -> None:
        """The read-only inputs: runner, codec, the student's code, released helpers."""
        inp = self._tmp / "in"
        inp.mkdir(mode=0o755)
        os.chmod(self._tmp, 0o711 if self.mode == "rlimits" else 0o700)
        for name in RUNNER_FILES:
            shutil.copyfile(HERE / name, inp / name)
        (inp / "submission.py").write_text(self.code.source, encoding="utf-8")
        for name, data in self.code.files.items():
            (inp / Path(name).name).write_bytes(data)
        for f in inp.iterdir():
            os.chmod(f, 0o644)
        for name in self.code.packages:
            _copy_package(name, inp)

    def _paths(self) -> tuple[str, str]:
        """(input folder, working folder) as the child sees them."""
        if self.mode == "bwrap":
            return "/in", "/sandbox"
        return str(self._tmp / "in"), str(self._work)

    def _command(self) -> list[str]:
        lim = self.limits
        inp, work = self._paths()
        nproc = lim.processes if os.geteuid() == 0 else _count_own_processes() + lim.processes
        cmd = ["prlimit", f"--cpu={lim.cpu_seconds}", f"--as={lim.memory_mb << 20}",
               f"--nproc={nproc}", f"--fsize={lim.output_kb << 10}",
               f"--nofile={lim.open_files}", "--core=0", "--"]
        drop: list[str] = []
        if os.geteuid() == 0 and self._uid is not None:
            drop = ["setpriv", f"--reuid={self._uid}", f"--regid={self._uid}", "--clear-groups",
                    "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all",
                    "--pdeathsig=KILL"]
        if self.mode == "bwrap":
            cmd += self._bwrap_args()
        python = [sys.executable, "-s", "-B", f"{inp}/_runner.py",
                  str(self._req_r), str(self._resp_w)]
        return cmd + drop + python

    def _bwrap_args(self) -> list[str]:
        args = ["bwrap"]
        for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            if os.path.islink(top):
                args += ["--symlink", os.readlink(top), top]
            elif os.path.isdir(top):
                args += ["--ro-bind", top, top]
        # The private /tmp comes before the interpreter's folders: bwrap mounts in order, and a
        # checkout (and so its .venv) may itself live under /tmp.
        args += ["--size", str(1 << 20), "--perms", "1777", "--tmpfs", "/tmp"]
        made = {"/", "/tmp"}
        for path in _python_paths():
            if path.startswith("/usr/"):
                continue
            parents = list(reversed(Path(path).parents))[1:]
            for parent in parents:
                if str(parent) not in made:
                    args += ["--perms", "0755", "--dir", str(parent)]
                    made.add(str(parent))
            args += ["--ro-bind", path, path]
        args += ["--ro-bind", str(self._tmp / "in"), "/in",
                 "--proc", "/proc", "--dev", "/dev",
                 "--size", str(self.limits.disk_kb << 10), "--perms", "1777", "--tmpfs", "/sandbox",
                 "--chdir", "/sandbox",
                 "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                 "--unshare-cgroup-try", "--die-with-parent", "--new-session"]
        if os.geteuid() != 0:
            args += ["--unshare-user"]
        return args

    def _env(self) -> dict[str, str]:
        _, work = self._paths()
        return {"PATH": "/usr/bin:/bin", "HOME": work, "TMPDIR": work, "LANG": "C.UTF-8",
                "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8",
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                "NUMBA_NUM_THREADS": "1", "NUMBA_CACHE_DIR": f"{work}/.numba",
                "NUMBA_DISABLE_ERROR_MESSAGE_HIGHLIGHTING": "1", "MPLBACKEND": "Agg"}

    def _start(self) -> None:
        """Start a fresh process and load the student's code into it."""
        self.restarts += 1
        self._buf = b""
        if self._uid is not None:
            _uids_in_use.discard(self._uid)
        self._uid = None
        if os.geteuid() == 0 and (self.mode == "bwrap" or all(
                _world_readable_path(p) for p in _python_paths())):
            self._uid = _fresh_uid()
        self._work = self._tmp / f"work{self.restarts}"
        self._work.mkdir(mode=0o700)
        if self._uid is not None and self.mode == "rlimits":
            os.chown(self._work, self._uid, self._uid)
        self._out_path = self._tmp / f"output{self.restarts}"
        self._out = open(self._out_path, "wb")
        self._out_pos = 0
        self._req_r, self._req_w = os.pipe()
        self._resp_r, self._resp_w = os.pipe()
        try:
            self._proc = subprocess.Popen(
                self._command(), stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._out,
                pass_fds=(self._req_r, self._resp_w), env=self._env(), cwd=self._work,
                start_new_session=True)
        finally:
            os.close(self._req_r)
            os.close(self._resp_w)
        os.set_blocking(self._req_w, False)
        self._dead = False
        inp, _ = self._paths()
        report = LoadReport()
        deadline = min(time.monotonic() + self.limits.load_timeout, self._budget_end())
        self._send({"op": "load", "path": f"{inp}/submission.py", "module": self.code.module,
                    "chunks": [list(c) for c in self.code.chunks]}, deadline)
        while True:
            kind, msg = self._receive(deadline)
            if kind != "message":
                report.fatal, report.exit_detail = kind, msg
                self._unloadable = True
                break
            if msg.get("op") == "progress" and type(msg.get("chunk")) is int:
                report.fatal_chunk = msg["chunk"]
                continue
            if msg.get("op") == "loaded" and type(msg.get("errors")) is list:
                report.errors = [_clean_error(e) for e in msg["errors"] if isinstance(e, dict)][:50]
                report.fatal_chunk = None
                break
            report.fatal, report.exit_detail = "bad-reply", "unexpected message while loading"
            self._unloadable = True
            break
        report.output = self._take_output()
        if self.load_report is None:
            self.load_report = report
        if report.fatal:
            self._kill()

    def _budget_end(self) -> float:
        return self.started_at + self.limits.total_timeout

    def _kill(self) -> None:
        proc = self._proc
        if proc is None or self._dead and proc.returncode is not None:
            return
        self._dead = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.mode == "rlimits" and self._uid is not None:
            # processes that left our process group: kill everything the throw-away uid owns
            subprocess.run(["setpriv", f"--reuid={self._uid}", f"--regid={self._uid}",
                            "--clear-groups", "kill", "-KILL", "-1"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for fd in (self._req_w, self._resp_r):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            self._out.close()
        except OSError:
            pass

    # -- talking to the child -------------------------------------------------------------

    def _send(self, message: dict, deadline: float) -> bool:
        data = (wire.dumps(message) + "\n").encode()
        while data:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            sel = selectors.DefaultSelector()
            sel.register(self._req_w, selectors.EVENT_WRITE)
            ready = sel.select(remaining)
            sel.close()
            if not ready:
                return False
            try:
                n = os.write(self._req_w, data)
            except (BrokenPipeError, OSError):
                return False
            data = data[n:]
        return True

    def _receive(self, deadline: float) -> tuple[str, Any]:
        """Next reply line: ("message", dict), or (fatal kind, detail) with the child killed."""
        limit = self.limits.reply_kb << 10
        while True:
            if b"\n" in self._buf:
                line, self._buf = self._buf.split(b"\n", 1)
                try:
                    return "message", wire.loads(line)
                except wire.WireError as e:
                    self._kill()
                    return "bad-reply", str(e)
            if len(self._buf) > limit:
                self._kill()
                return "bad-reply", f"a reply larger than {self.limits.reply_kb} KB"
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._kill()
                if time.monotonic() >= self._budget_end():
                    return "budget", f"{self.limits.total_timeout:g} s"
                return "timeout", ""
            sel = selectors.DefaultSelector()
            sel.register(self._resp_r, selectors.EVENT_READ)
            ready = sel.select(min(remaining, 0.5))
            sel.close()
            if not ready:
                continue
            chunk = os.read(self._resp_r, 65536)
            if chunk:
                self._buf += chunk
                continue
            return self._died()

    def _died(self) -> tuple[str, str]:
        """The reply pipe closed: the process ended. Say how, in terms a student can act on."""
        proc = self._proc
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._kill()
            return "crashed", "closed its connection to the grader"
        self._kill()
        if code < 0 or code > 128:
            signum = -code if code < 0 else code - 128
            name = _signal_name(signum)
            if signum == signal.SIGXFSZ:
                return "output-limit", name
            if signum == signal.SIGXCPU:
                return "cpu-limit", name
            return "crashed", f"signal {name}"
        return "crashed", f"exit code {code}"

    def _take_output(self) -> str:
        """What the child printed since the last call (at most 4 KB of it)."""
        try:
            self._out.flush()
            with open(self._out_path, "rb") as f:
                f.seek(self._out_pos)
                data = f.read(4096)
                end = f.seek(0, os.SEEK_END)
            self._out_pos = end
        except (OSError, ValueError):
            return ""
        return data.decode("utf-8", "replace")

    def _request(self, message: dict, timeout: float) -> Outcome:
        if self._unloadable:
            return Outcome("not-loaded")
        if time.monotonic() >= self._budget_end():
            return Outcome("budget", error={"detail": f"{self.limits.total_timeout:g} s"})
        if self._dead:
            if self.restarts >= self.limits.max_restarts:
                return Outcome("budget", error={"detail": "too many crashes"})
            self._start()
            if self._unloadable:
                return Outcome("not-loaded")
        started = time.monotonic()
        deadline = min(started + timeout, self._budget_end())
        message["id"] = self._next_id
        self._next_id += 1
        if not self._send(message, deadline):
            kind, detail = self._died() if self._proc.poll() is not None else ("timeout", "")
            self._kill()
            return Outcome(kind, error={"detail": detail}, seconds=time.monotonic() - started)
        kind, msg = self._receive(deadline)
        seconds = time.monotonic() - started
        output = self._take_output()
        if kind != "message":
            return Outcome(kind, error={"detail": msg}, output=output, seconds=seconds)
        if msg.get("id") != message["id"] or type(msg.get("ok")) is not bool:
            self._kill()
            return Outcome("bad-reply", error={"detail": "a reply that does not answer the call"},
                           output=output, seconds=seconds)
        if msg["ok"]:
            try:
                value = wire.from_plain(msg.get("value"))
            except wire.WireError as e:
                return Outcome("bad-reply", error={"detail": str(e)}, output=output,
                               seconds=seconds)
            if isinstance(value, wire.Unsupported):
                return Outcome("unsupported", error={"type": value.type_name}, output=output,
                               seconds=seconds)
            return Outcome("value", value=value, output=output, seconds=seconds)
        error = msg.get("error") if isinstance(msg.get("error"), dict) else {}
        kind = error.get("kind") if error.get("kind") in KINDS else "exception"
        if kind in ("output-limit", "memory"):
            self._kill()  # the process cannot print (or allocate) any more: start afresh
        return Outcome(kind, error=_clean_error(error), output=output, seconds=seconds)

    # -- public --------------------------------------------------------------------------

    def call(self, func: str, args: list, seed: int, numba: bool = False,
             timeout: float | None = None) -> Outcome:
        """Call the student's function `func(*args)`; args are plain data."""
        return self._request({"op": "call", "func": func, "args": wire.to_plain(list(args)),
                              "seed": seed, "numba": numba},
                             timeout or self.limits.call_timeout)

    def get(self, name: str, timeout: float | None = None) -> Outcome:
        """The value of the student's top-level variable `name`."""
        return self._request({"op": "get", "name": name}, timeout or self.limits.call_timeout)


def package_folder(name: str) -> Path:
    """Where the grader's own interpreter imports package `name` from."""
    import importlib.util
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"the lab needs the package {name!r}, which this Python cannot import")
    return Path(list(spec.submodule_search_locations)[0])


def _copy_package(name: str, inp: Path) -> None:
    """A read-only copy of package `name` in the sandbox's input folder (found first on its
    sys.path): its sources and bytecode, never caches of compiled machine code."""
    dest = inp / name
    shutil.copytree(package_folder(name), dest,
                    ignore=shutil.ignore_patterns("numba-*", "*.nbi", "*.nbc", "*.so.tmp"))
    for root, dirs, files in os.walk(dest):
        os.chmod(root, 0o755)
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)


def _clean_error(error: dict) -> dict:
    """Keep only the expected fields of a child's error report, as short text and ints."""
    out: dict = {}
    for key in ("kind", "type", "message", "name"):
        if isinstance(error.get(key), str):
            out[key] = error[key][:6000 if key == "message" else 120]
    if type(error.get("line")) is int:
        out["line"] = error["line"]
    frames = error.get("frames")
    if isinstance(frames, list):
        out["frames"] = [[f[0], f[1][:80]] for f in frames[:8]
                         if isinstance(f, list) and len(f) == 2 and type(f[0]) is int
                         and isinstance(f[1], str)]
    if type(error.get("chunk")) is int:
        out["chunk"] = error["chunk"]
    return out


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return str(signum)
