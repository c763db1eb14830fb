"""Go's printing, done in Python after (or while) a program runs.

The VM records each ``OP_PRINT`` as a print descriptor (which function, the Printf format,
each argument's ``TY_*`` type) and the argument slots; ``format_print`` turns that into exactly
the text Go prints: ``fmt.Println``/``Print``/``Printf`` (verbs, flags, widths, Go's
``%!d(string=hi)`` error forms), the builtin ``print``/``println``, ``time.Duration.String``
and ``strconv.Quote``. ``format_panic_value`` is the value part of the ``panic: ...`` line.
"""
from __future__ import annotations

from typing import Callable

from . import isa

StringOf = Callable[[int], str]

TYPE_NAMES = {isa.TY_INT: "int", isa.TY_BOOL: "bool", isa.TY_STRING: "string",
              isa.TY_DURATION: "time.Duration", isa.TY_FUNC: "func()", isa.TY_CHAN: "chan int",
              isa.TY_NIL: "<nil>"}


# --- strconv ---------------------------------------------------------------------------------
def _to_bytes(s: str) -> bytes:
    """Go strings are bytes; the program's strings keep stray bytes as surrogate escapes."""
    return s.encode("utf-8", "surrogateescape")


def _is_print(ch: str) -> bool:
    """unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space."""
    return ch == " " or (ch.isprintable() and not ch.isspace())


def _decode_runes(s: str):
    """Yield (rune or None for an invalid byte, byte value, width) over a Go string."""
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # a byte that is not valid UTF-8
            yield None, o - 0xDC00
        else:
            yield ch, o


def _escape_rune(ch: str, quote: str, ascii_only: bool) -> str:
    o = ord(ch)
    if ch == quote or ch == "\\":
        return "\\" + ch
    if ascii_only:
        if o < 0x80 and _is_print(ch):
            return ch
    elif _is_print(ch):
        return ch
    special = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}
    if o in special:
        return special[o]
    if o < 0x20 or o == 0x7F:
        return f"\\x{o:02x}"
    if o < 0x80:
        return ch
    if o < 0x10000:
        return f"\\u{o:04x}"
    return f"\\U{o:08x}"


def go_quote(s: str, ascii_only: bool = False) -> str:
    """strconv.Quote (or QuoteToASCII)."""
    out = ['"']
    for ch, o in _decode_runes(s):
        if ch is None:
            out.append(f"\\x{o:02x}")
        else:
            out.append(_escape_rune(ch, '"', ascii_only))
    out.append('"')
    return "".join(out)


def go_quote_rune(r: int, ascii_only: bool = False) -> str:
    """strconv.QuoteRune: invalid code points print as the replacement character."""
    if r < 0 or r > 0x10FFFF or 0xD800 <= r < 0xE000:
        r = 0xFFFD
    return "'" + _escape_rune(chr(r), "'", ascii_only) + "'"


def can_backquote(s: str) -> bool:
    for ch, o in _decode_runes(s):
        if ch is None or ch == "`" or ch == "\ufeff":
            return False
        if o < 0x20 and ch != "\t" or o == 0x7F:
            return False
    return True


# --- time.Duration ---------------------------------------------------------------------------
def _fmt_frac(v: int, prec: int) -> tuple[str, int]:
    """Duration.String's fmtFrac: the fraction digits of v/10**prec (trailing zeros dropped)."""
    digits = []
    printed = False
    for _ in range(prec):
        digit = v % 10
        printed = printed or digit != 0
        if printed:
            digits.append(str(digit))
        v //= 10
    s = ("." + "".join(reversed(digits))) if printed else ""
    return s, v


def format_duration(d: int) -> str:
    """time.Duration.String, e.g. 1.5s, 10ms, 1h0m0s, 0s, -2µs."""
    if d == 0:
        return "0s"
    neg = d < 0
    u = -d if neg else d
    if u < 1_000_000_000:
        # sub-second: ns, µs or ms with a fraction
        if u < 1000:
            s = f"{u}ns"
        elif u < 1_000_000:
            frac, whole = _fmt_frac(u, 3)
            s = f"{whole}{frac}µs"
        else:
            frac, whole = _fmt_frac(u, 6)
            s = f"{whole}{frac}ms"
    else:
        frac, v = _fmt_frac(u, 9)
        s = f"{v % 60}{frac}s"
        v //= 60
        if v > 0:
            s = f"{v % 60}m" + s
            v //= 60
            if v > 0:
                s = f"{v}h" + s
    return "-" + s if neg else s


# --- values ------------------------------------------------------------------------------------
def _str(ty: int, v: int, string_of: StringOf) -> str:
    """The %v form of one value."""
    if ty == isa.TY_STRING:
        return string_of(v)
    if ty == isa.TY_BOOL:
        return "true" if v else "false"
    if ty == isa.TY_DURATION:
        return format_duration(v)
    if ty == isa.TY_NIL:
        return "<nil>"
    if ty == isa.TY_FUNC:
        return f"0x{v & 0xFFFFFFFFFFFF:x}"
    return str(v)


class _Flags:
    __slots__ = ("minus", "plus", "sharp", "space", "zero", "width", "prec")

    def __init__(self):
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.width = None
        self.prec = None


def _pad(s: str, f: _Flags, zero_ok: bool = True) -> str:
    if f.width is None:
        return s
    n = len(s)
    if n >= f.width:
        return s
    if f.minus:
        return s + " " * (f.width - n)
    if f.zero and zero_ok:
        return "0" * (f.width - n) + s
    return " " * (f.width - n) + s


def _fmt_integer(v: int, base: int, verb: str, f: _Flags) -> str:
    neg = v < 0
    u = -v if neg else v
    if base == 10:
        digits = str(u)
    elif base == 16:
        digits = format(u, "x" if verb != "X" else "X")
    elif base == 8:
        digits = format(u, "o")
    else:
        digits = format(u, "b")
    if f.prec is not None:
        if f.prec == 0 and u == 0:
            digits = ""
        digits = digits.rjust(f.prec, "0")
    prefix = ""
    if f.sharp:
        if base == 16:
            prefix = "0x" if verb == "x" else "0X"
        elif base == 8 and not digits.startswith("0"):
            prefix = "0"
        elif base == 2:
            prefix = "0b"
    if verb == "O":
        prefix = "0o"
    sign = "-" if neg else ("+" if f.plus else (" " if f.space else ""))
    body = prefix + digits
    if f.width is not None and f.zero and not f.minus and f.prec is None:
        width = f.width - len(sign)
        body = body.rjust(width, "0") if len(body) < width else body
        return sign + body
    return _pad(sign + body, f, zero_ok=False)


def _fmt_string(s: str, verb: str, f: _Flags) -> str:
    if f.prec is not None:
        s = s[:f.prec]  # precision counts runes
    if verb in ("s", "v"):
        return _pad(s, f)
    if verb == "q":
        if f.sharp and can_backquote(s):
            return _pad("`" + s + "`", f)
        return _pad(go_quote(s, ascii_only=f.plus), f)
    if verb in ("x", "X"):
        data = _to_bytes(s)
        hexd = "0123456789abcdef" if verb == "x" else "0123456789ABCDEF"
        parts = []
        for i, b in enumerate(data):
            if f.space and i > 0:
                parts.append(" ")
            if f.sharp and (f.space or i == 0):
                parts.append("0x" if verb == "x" else "0X")
            parts.append(hexd[b >> 4] + hexd[b & 15])
        return _pad("".join(parts), f)
    raise ValueError(verb)


def _fmt_arg(ty: int, v: int, verb: str, f: _Flags, string_of: StringOf) -> str | None:
    """One argument under one verb; None if the verb does not apply (a bad verb)."""
    if verb == "T":
        return _pad(TYPE_NAMES.get(ty, "?"), f)
    if ty == isa.TY_DURATION and verb in ("v", "s", "x", "X", "q"):
        return _fmt_string(format_duration(v), verb, f)  # Duration is a fmt.Stringer
    if ty == isa.TY_STRING:
        if verb in ("v", "s", "q", "x", "X"):
            return _fmt_string(string_of(v), verb, f)
        return None
    if ty == isa.TY_BOOL:
        if verb in ("v", "t"):
            return _pad("true" if v else "false", f)
        return None
    if ty in (isa.TY_INT, isa.TY_DURATION):
        if verb in ("v", "d"):
            return _fmt_integer(v, 10, verb, f)
        if verb in ("x", "X"):
            return _fmt_integer(v, 16, verb, f)
        if verb == "o" or verb == "O":
            return _fmt_integer(v, 8, verb, f)
        if verb == "b":
            return _fmt_integer(v, 2, verb, f)
        if verb == "c":
            r = v if 0 <= v <= 0x10FFFF and not 0xD800 <= v < 0xE000 else 0xFFFD
            return _pad(chr(r), f)
        if verb == "q":
            return _pad(go_quote_rune(v, ascii_only=f.plus), f)
        if verb == "U":
            r = v if 0 <= v else v & 0xFFFFFFFFFFFFFFFF
            s = f"U+{r:04X}"
            if f.sharp and 0 <= v <= 0x10FFFF and _is_print(chr(v)) and not 0xD800 <= v < 0xE000:
                s += f" '{chr(v)}'"
            return _pad(s, f)
        return None
    if ty == isa.TY_NIL:
        if verb == "v":
            return _pad("<nil>", f)
        return None
    if verb in ("v", "p"):
        return _pad(_str(ty, v, string_of), f)
    return None


def _bad_verb(ty: int, v: int, verb: str, f: _Flags, string_of: StringOf) -> str:
    if ty == isa.TY_NIL:
        return f"%!{verb}(<nil>)"
    val = _fmt_arg(ty, v, "v", f, string_of)
    return f"%!{verb}({TYPE_NAMES.get(ty, '?')}={val})"


def sprintf(fmt: str, types: tuple[int, ...], values: list[int], string_of: StringOf) -> str:
    """fmt.Sprintf for the course's value types."""
    out: list[str] = []
    argn = 0
    nargs = len(types)
    reordered = False
    i, n = 0, len(fmt)
    while i < n:
        j = fmt.find("%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        i = j + 1
        f = _Flags()
        # flags
        while i < n and fmt[i] in "#0+- ":
            c = fmt[i]
            if c == "#":
                f.sharp = True
            elif c == "0":
                f.zero = not f.minus
            elif c == "+":
                f.plus = True
            elif c == "-":
                f.minus = True
                f.zero = False
            else:
                f.space = True
            i += 1

        def arg_index(i, argn):
            # [n] explicit argument index
            if i < n and fmt[i] == "[":
                k = fmt.find("]", i)
                if k < 0:
                    return i + 1, argn, False
                try:
                    idx = int(fmt[i + 1:k])
                except ValueError:
                    return k + 1, argn, False
                if idx < 1 or idx > nargs:
                    return k + 1, argn, False
                return k + 1, idx - 1, True
            return i, argn, True

        if i < n and fmt[i] == "[":
            reordered = True
        i, argn, ok_index = arg_index(i, argn)
        # width
        if i < n and fmt[i] == "*":
            i += 1
            if argn < nargs and types[argn] in (isa.TY_INT,):
                f.width = values[argn]
                if f.width < 0:
                    f.minus, f.width = True, -f.width
                    f.zero = False
                argn += 1
            else:
                out.append("%!(BADWIDTH)")
                argn += 1 if argn < nargs else 0
        else:
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            if i > start:
                f.width = int(fmt[start:i])
        # precision
        if i < n and fmt[i] == ".":
            i += 1
            if i < n and fmt[i] == "[":
                reordered = True
            i, argn, ok2 = arg_index(i, argn)
            if i < n and fmt[i] == "*":
                i += 1
                if argn < nargs and types[argn] == isa.TY_INT:
                    f.prec = values[argn]
                    if f.prec < 0:
                        f.prec = None
                    argn += 1
                else:
                    out.append("%!(BADPREC)")
                    argn += 1 if argn < nargs else 0
            else:
                start = i
                while i < n and fmt[i].isdigit():
                    i += 1
                f.prec = int(fmt[start:i]) if i > start else 0
        if i < n and fmt[i] == "[":
            reordered = True
            i, argn, ok_index = arg_index(i, argn)
        if i >= n:
            out.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        if verb == "%":
            out.append("%")
            continue
        if not ok_index:
            out.append(f"%!{verb}(BADINDEX)")
            continue
        if argn >= nargs:
            out.append(f"%!{verb}(MISSING)")
            continue
        ty, v = types[argn], values[argn]
        argn += 1
        if verb == "w":
            out.append(_bad_verb(ty, v, verb, f, string_of))
            continue
        s = _fmt_arg(ty, v, verb, f, string_of)
        out.append(s if s is not None else _bad_verb(ty, v, verb, f, string_of))
    if not reordered and argn < nargs:
        extra = ", ".join(
            f"{TYPE_NAMES.get(t, '?')}={_str(t, v, string_of)}" if t != isa.TY_NIL else "<nil>"
            for t, v in zip(types[argn:], values[argn:]))
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def format_print(desc: isa.PrintDesc, values: list[int], string_of: StringOf) -> str:
    """The exact text one OP_PRINT writes (to stdout for fmt, stderr for print/println)."""
    types = desc.types
    values = [int(v) for v in values]
    kind = desc.kind
    if kind == isa.PRINT_FMT_PRINTLN:
        return " ".join(_str(t, v, string_of) for t, v in zip(types, values)) + "\n"
    if kind == isa.PRINT_FMT_PRINT:
        out = []
        for k, (t, v) in enumerate(zip(types, values)):
            if k > 0 and t != isa.TY_STRING and types[k - 1] != isa.TY_STRING:
                out.append(" ")
            out.append(_str(t, v, string_of))
        return "".join(out)
    if kind == isa.PRINT_FMT_PRINTF:
        return sprintf(desc.format, types, values, string_of)
    # builtin print/println: the runtime's printer (Durations are plain int64 here)
    parts = []
    for t, v in zip(types, values):
        if t == isa.TY_STRING:
            parts.append(string_of(v))
        elif t == isa.TY_BOOL:
            parts.append("true" if v else "false")
        elif t == isa.TY_NIL:
            parts.append("nil")
        elif t == isa.TY_FUNC:
            parts.append(f"0x{v & 0xFFFFFFFFFFFF:x}")
        else:
            parts.append(str(v))
    if kind == isa.PRINT_BUILTIN_PRINTLN:
        return " ".join(parts) + "\n"
    return "".join(parts)


def format_panic_value(ty: int, value: int, string_of: StringOf) -> str:
    """The value in Go's ``panic: ...`` line (Go 1.19's printpanicval)."""
    value = int(value)
    if ty == isa.TY_STRING:
        return string_of(value)
    if ty == isa.TY_BOOL:
        return "true" if value else "false"
    if ty == isa.TY_DURATION:
        return format_duration(value)  # a fmt.Stringer: printpanics prints v.String()
    if ty == isa.TY_NIL:
        return "nil"
    return str(value)
