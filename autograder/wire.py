"""The wire format between the trusted grader and the sandboxed student process.

Everything that crosses the trust boundary is one line of JSON. Values are *plain data*:
JSON's own int, float (NaN and infinities allowed), str, bool, null and list, plus a few
tagged objects ``{"__t": ...}`` for what JSON cannot say: tuple, dict (any plain keys),
numpy array, and "unsupported" (an object the student returned that is not plain data,
described only by its type name). Nothing is ever unpickled, and nothing decoded here can
run code: the decoder builds ints, floats, strings, lists, tuples, dicts and `Array`.

Invariants:
  * ``decode(encode(v))`` is ``v`` for plain data (numpy scalars come back as int/float/bool).
  * The decoder rejects, with `WireError`, anything deeper than `MAX_DEPTH`, larger than
    `MAX_NODES`, or not built from the forms above; it never trusts a type name to mean
    anything but text.

This file is stdlib-only because a copy of it runs inside the sandbox next to the runner.
"""

from __future__ import annotations

import json
import math

MAX_DEPTH = 64  # nesting deeper than this is refused (a value, not a data structure course)
MAX_NODES = 200_000  # elements in one value


class WireError(ValueError):
    """A message or value that is not valid plain data."""


class Unsupported:
    """Stands for an object that is not plain data; only its type name crossed the wire."""

    __slots__ = ("type_name",)

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


class Array:
    """A numpy array as plain data: dtype kind/name, shape and nested-list values."""

    __slots__ = ("dtype", "shape", "data")

    def __init__(self, dtype: str, shape: tuple, data):
        self.dtype, self.shape, self.data = dtype, shape, data

    def __repr__(self) -> str:
        return f"array({self.data!r}, dtype={self.dtype})"


# ---------------------------------------------------------------- encoding (both sides)

def to_plain(value, _depth: int = 0):
    """Turn a Python value into JSON-ready plain data, tagging what JSON cannot say."""
    if _depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        return value
    if t is float:
        return value
    # numpy scalars and arrays, recognised by module name so numpy need not be imported here
    mod = getattr(t, "__module__", "") or ""
    if mod == "numpy":
        kind = getattr(getattr(value, "dtype", None), "kind", None)
        if getattr(value, "ndim", None) == 0 and kind is not None:
            if kind == "b":
                return bool(value)
            if kind in "iu":
                return int(value)
            if kind == "f":
                return float(value)
        if t.__name__ == "ndarray" and kind in ("b", "i", "u", "f"):
            data = value.tolist()
            return {"__t": "ndarray", "dtype": str(value.dtype), "shape": list(value.shape),
                    "v": data}
        return {"__t": "unsupported", "type": f"numpy.{t.__name__}"}
    if isinstance(value, bool):  # bool subclasses cannot exist, but be exact anyway
        return bool(value)
    if isinstance(value, int):  # int subclass: send the number only, never the class
        return int.__index__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if t is list:
        return [to_plain(v, _depth + 1) for v in value]
    if t is tuple:
        return {"__t": "tuple", "v": [to_plain(v, _depth + 1) for v in value]}
    if t is dict:
        return {"__t": "dict", "v": [[to_plain(k, _depth + 1), to_plain(v, _depth + 1)]
                                     for k, v in value.items()]}
    return {"__t": "unsupported", "type": _type_name(t)}


def _type_name(t) -> str:
    try:
        name = type.__getattribute__(t, "__name__")
        return str.__str__(name)[:80] if isinstance(name, str) else "object"
    except Exception:
        return "object"


def dumps(message) -> str:
    """One protocol message as one line of JSON."""
    return json.dumps(message, allow_nan=True, separators=(",", ":"))


# ---------------------------------------------------------------- decoding (trusted side)

def loads(line: str | bytes):
    """Parse one protocol line; any failure is a `WireError`."""
    try:
        msg = json.loads(line)
    except (ValueError, RecursionError) as e:  # ValueError covers huge-int limits too
        raise WireError(f"not valid JSON ({type(e).__name__})") from None
    if not isinstance(msg, dict):
        raise WireError("a message must be a JSON object")
    return msg


def from_plain(data):
    """Rebuild a value from plain data, refusing anything not made of the documented forms."""
    counter = [0]
    return _from_plain(data, 0, counter)


def _from_plain(data, depth, counter):
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise WireError("value too large")
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    t = type(data)
    if data is None or t in (bool, int, float, str):
        return data
    if t is list:
        return [_from_plain(v, depth + 1, counter) for v in data]
    if t is dict:
        tag = data.get("__t")
        if tag == "tuple" and type(data.get("v")) is list and len(data) == 2:
            return tuple(_from_plain(v, depth + 1, counter) for v in data["v"])
        if tag == "dict" and type(data.get("v")) is list and len(data) == 2:
            out = {}
            for pair in data["v"]:
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("malformed dict entry")
                k = _from_plain(pair[0], depth + 1, counter)
                try:
                    hash(k)
                except TypeError:
                    raise WireError("unhashable dict key") from None
                out[k] = _from_plain(pair[1], depth + 1, counter)
            return out
        if tag == "ndarray" and set(data) == {"__t", "dtype", "shape", "v"}:
            shape = data["shape"]
            if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
                raise WireError("malformed array shape")
            if type(data["dtype"]) is not str or len(data["dtype"]) > 32:
                raise WireError("malformed array dtype")
            values = _from_plain(data["v"], depth + 1, counter)
            _check_array_data(values, shape)
            return Array(data["dtype"], tuple(shape), values)
        if tag == "unsupported" and type(data.get("type")) is str and len(data) == 2:
            return Unsupported(data["type"][:80])
    raise WireError("not plain data")


def _check_array_data(values, shape):
    if not shape:
        if type(values) not in (bool, int, float):
            raise WireError("malformed array element")
        return
    if type(values) is not list or len(values) != shape[0]:
        raise WireError("array data does not match its shape")
    for v in values:
        _check_array_data(v, shape[1:])


def is_finite_number(x) -> bool:
    return type(x) in (int, float) and (type(x) is int or math.isfinite(x))
