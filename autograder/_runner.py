"""The tiny program that runs *inside* the sandbox, next to the student's code.

It is never imported by the grader: `sandbox.py` copies this file and `wire.py` into the
sandbox's read-only input folder and starts ``python -I -B _runner.py REQ_FD RESP_FD``.

Protocol (one JSON object per line; requests on REQ_FD, replies on RESP_FD, never stdout):
  -> {"op": "load", "path": ..., "module": ..., "chunks": [[first_line, last_line], ...]}
  <- {"op": "progress", "chunk": i}           before each chunk (cell) runs
  <- {"op": "loaded", "errors": [...]}        after all chunks ran (errors do not stop it)
  -> {"op": "call", "id": n, "func": name, "args": [...], "seed": s, "numba": bool}
  -> {"op": "get", "id": n, "name": name}
  <- {"id": n, "ok": true, "value": plain}  or  {"id": n, "ok": false, "error": {...}}

Nothing here is trusted by the grader. Student code shares this process and may replace
any of it; the grader only ever reads *values* from the replies and compares them itself
with expected values the student process never sees.
"""

import os
import sys
import types
from errno import EFBIG

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import wire  # noqa: E402  (a copy of autograder/wire.py sits next to this file)

_write = os.write
_dumps = wire.dumps


def send(resp_fd, message):
    data = (_dumps(message) + "\n").encode()
    while data:
        n = _write(resp_fd, data)
        data = data[n:]


def install_authoring_stub():
    """Student notebooks say ``from autograder.authoring import Lab``: make that a no-op here."""

    class _Nothing:
        def __init__(self, *args, **kwargs):
            pass

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    pkg = types.ModuleType("autograder")
    authoring = types.ModuleType("autograder.authoring")
    authoring.Lab = _Nothing
    authoring.MiB = 1 << 20
    authoring.KiB = 1 << 10
    pkg.authoring = authoring
    sys.modules["autograder"] = pkg
    sys.modules["autograder.authoring"] = authoring


def safe_text(obj, limit=2000):
    try:
        text = str(obj)
    except BaseException:
        text = "<unprintable>"
    if not isinstance(text, str):
        text = "<unprintable>"
    return text[:limit]


def describe(exc, path):
    """Type, message and the student's own frames (file == the submission) of an exception."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == path:
            frames.append([tb.tb_lineno, code.co_name])
        tb = tb.tb_next
    info = {"type": safe_text(type(exc).__name__, 80), "message": safe_text(exc),
            "frames": frames[-8:]}
    if isinstance(exc, SyntaxError) and exc.filename == path:
        info["line"] = exc.lineno or 0
        info["message"] = safe_text(exc.msg)
    return info


def load(request, resp_fd):
    path, chunks = request["path"], request["chunks"]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    module = types.ModuleType(request.get("module", "submission"))
    module.__file__ = path
    sys.modules[module.__name__] = module
    errors = []
    for i, (first, last) in enumerate(chunks):
        send(resp_fd, {"op": "progress", "chunk": i})
        text = "\n" * (first - 1) + "\n".join(lines[first - 1:last]) + "\n"
        try:
            exec(compile(text, path, "exec"), module.__dict__)
        except SystemExit:
            errors.append({"chunk": i, "type": "SystemExit", "message": "", "frames": []})
        except BaseException as exc:  # the student's problem, reported, then we go on
            info = describe(exc, path)
            info["chunk"] = i
            errors.append(info)
        finally:
            flush_output()
    send(resp_fd, {"op": "loaded", "errors": errors})
    return module


def flush_output():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


_jitted = {}


def to_native(value):
    """Arguments arrive as plain data; arrays become numpy arrays when numpy is present."""
    if isinstance(value, wire.Array):
        import numpy
        return numpy.array(value.data, dtype=value.dtype).reshape(value.shape)
    if isinstance(value, list):
        return [to_native(v) for v in value]
    if isinstance(value, tuple):
        return tuple(to_native(v) for v in value)
    if isinstance(value, dict):
        return {k: to_native(v) for k, v in value.items()}
    return value


def seed_everything(seed):
    import random
    random.seed(seed)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        try:
            numpy.random.seed(seed % (2 ** 32))
        except BaseException:
            pass


def call(request, module, path):
    name = request["func"]
    fn = module.__dict__.get(name)
    if fn is None:
        return {"ok": False, "error": {"kind": "missing", "name": name}}
    if not callable(fn):
        return {"ok": False, "error": {"kind": "not-callable", "name": name,
                                       "type": safe_text(type(fn).__name__, 80)}}
    if request.get("numba"):
        try:
            import numba
            from numba.core.errors import NumbaError
        except ImportError:
            return {"ok": False, "error": {"kind": "numba", "message": "numba is not installed"}}
        if name not in _jitted:
            _jitted[name] = numba.njit(fn)
        fn = _jitted[name]
    else:
        NumbaError = ()
    args = [to_native(a) for a in wire.from_plain(request["args"])]
    seed_everything(request.get("seed", 0))
    try:
        value = fn(*args)
    except MemoryError:
        return {"ok": False, "error": {"kind": "memory"}}
    except OSError as exc:
        if exc.errno == EFBIG:  # Python ignores SIGXFSZ: the output limit shows up here
            return {"ok": False, "error": {"kind": "output-limit"}}
        info = describe(exc, path)
        info["kind"] = "exception"
        return {"ok": False, "error": info}
    except BaseException as exc:
        if NumbaError and isinstance(exc, NumbaError):
            return {"ok": False, "error": {"kind": "numba", "type": type(exc).__name__,
                                           "message": safe_text(exc, 6000)}}
        info = describe(exc, path)
        info["kind"] = "exception"
        return {"ok": False, "error": info}
    finally:
        flush_output()
    try:
        return {"ok": True, "value": wire.to_plain(value)}
    except wire.WireError as exc:
        return {"ok": False, "error": {"kind": "unsupported", "message": str(exc)}}


def get(request, module):
    name = request["name"]
    if name not in module.__dict__:
        return {"ok": False, "error": {"kind": "missing", "name": name}}
    try:
        return {"ok": True, "value": wire.to_plain(module.__dict__[name])}
    except wire.WireError as exc:
        return {"ok": False, "error": {"kind": "unsupported", "message": str(exc)}}


def main():
    req_fd, resp_fd = int(sys.argv[1]), int(sys.argv[2])
    install_authoring_stub()
    requests = os.fdopen(req_fd, "rb", buffering=0)
    module, path = None, None
    while True:
        line = requests.readline()
        if not line:
            return
        request = wire.loads(line)
        op = request.get("op")
        if op == "load":
            path = request["path"]
            module = load(request, resp_fd)
            continue
        if op == "call":
            reply = call(request, module, path)
        elif op == "get":
            reply = get(request, module)
        else:
            reply = {"ok": False, "error": {"kind": "protocol"}}
        reply["id"] = request.get("id")
        send(resp_fd, reply)


if __name__ == "__main__":
    main()
