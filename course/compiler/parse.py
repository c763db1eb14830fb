"""Parsing: tree-sitter's Go grammar, then a conversion into ``nodes``.

tree-sitter recovers from any input, so syntax errors are found here by looking at ERROR and
MISSING nodes, and by replaying Go's automatic semicolon insertion over the tokens (the
grammar ignores newlines, Go does not: ``for ... {`` with the brace on the next line is a
syntax error in Go). Messages imitate the ``syntax error: unexpected ...`` lines of the gc
parser; the first syntax error is reported, as Go stops after syntax errors too.
"""
from __future__ import annotations

from fractions import Fraction

import tree_sitter
import tree_sitter_go

from . import nodes as N
from .errors import ErrorList

_LANGUAGE = tree_sitter.Language(tree_sitter_go.language())
_PARSER = tree_sitter.Parser(_LANGUAGE)

# leaves that are atoms for the token stream (composite nodes in tree-sitter)
_ATOMIC = {"interpreted_string_literal", "raw_string_literal", "rune_literal", "int_literal",
           "float_literal", "imaginary_literal"}
_NAMES = {"identifier", "field_identifier", "type_identifier", "package_identifier", "label_name",
          "blank_identifier", "_"}
_LITERALS = _ATOMIC
_SEMI_TRIGGER_KW = {"break", "continue", "fallthrough", "return", "++", "--", ")", "]", "}",
                    "true", "false", "nil", "iota"}
_LIST_CONTAINERS = {"statement_list", "block", "source_file", "var_spec_list", "import_spec_list",
                    "const_declaration", "type_declaration", "field_declaration_list",
                    "interface_type", "expression_case", "default_case", "type_case",
                    "communication_case", "labeled_statement"}
_CLOSERS_OK = {"block", "var_spec_list", "import_spec_list", "const_declaration", "type_declaration",
               "field_declaration_list", "interface_type", "expression_switch_statement",
               "type_switch_statement", "select_statement", "source_file", "statement_list"}
_KEYWORDS = {"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
             "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
             "return", "select", "struct", "switch", "type", "var"}


def pos_of(node) -> N.Pos:
    return (node.start_point.row + 1, node.start_point.column + 1)


def end_of(node) -> N.Pos:
    return (node.end_point.row + 1, node.end_point.column + 1)


class SyntaxErrorFound(Exception):
    pass


# --- literal decoding ----------------------------------------------------------------------
_SIMPLE_ESC = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}


def decode_escapes(body: str, quote: str) -> tuple[bytes, str | None]:
    """Go's escapes in an interpreted string (quote '"') or rune literal (quote "'")."""
    out = bytearray()
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch != "\\":
            out += ch.encode("utf-8", "surrogateescape")
            i += 1
            continue
        if i + 1 >= n:
            return bytes(out), "escape sequence not terminated"
        e = body[i + 1]
        if e in _SIMPLE_ESC and (e != "'" or quote == "'") and (e != '"' or quote == '"'):
            out.append(_SIMPLE_ESC[e])
            i += 2
        elif e in "01234567":
            digits = body[i + 1:i + 4]
            if len(digits) < 3 or any(c not in "01234567" for c in digits):
                return bytes(out), "invalid char escape"
            v = int(digits, 8)
            if v > 255:
                return bytes(out), "octal escape value > 255: %d" % v
            out.append(v)
            i += 4
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i + 2:i + 2 + width]
            if len(digits) < width or any(c not in "0123456789abcdefABCDEF" for c in digits):
                return bytes(out), "invalid char escape"
            v = int(digits, 16)
            if e == "x":
                out.append(v)
            else:
                if v > 0x10FFFF or 0xD800 <= v < 0xE000:
                    return bytes(out), "escape sequence is invalid Unicode code point"
                out += chr(v).encode("utf-8")
            i += 2 + width
        else:
            return bytes(out), "unknown escape sequence"
    return bytes(out), None


def parse_int_literal(text: str) -> int | None:
    t = text.replace("_", "")
    try:
        if len(t) > 1 and t[0] == "0" and t[1] in "0123456789":
            return int(t, 8)
        return int(t, 0)
    except ValueError:
        return None


def parse_float_literal(text: str) -> Fraction | None:
    t = text.replace("_", "")
    try:
        if t.lower().startswith("0x"):
            return Fraction(float.fromhex(t))
        return Fraction(t)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


# --- syntax errors -------------------------------------------------------------------------
def _leaves(root):
    """Tokens in source order (string literals as one token; comments skipped)."""
    out = []
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "comment":
            continue
        if n.child_count == 0 or n.type in _ATOMIC:
            if n.end_byte > n.start_byte or n.is_missing:
                out.append(n)
            continue
        stack.extend(reversed(n.children))
    return out


def _tokdesc(leaf) -> str:
    t = leaf.type
    if t in _NAMES:
        return leaf.text.decode("utf-8", "replace")
    if t in _LITERALS:
        return "literal " + leaf.text.decode("utf-8", "replace")
    if t == ",":
        return "comma"
    if t == ";":
        return "semicolon"
    text = leaf.text.decode("utf-8", "replace")
    return text or t


def _triggers_semicolon(leaf) -> bool:
    t = leaf.type
    return t in _NAMES or t in _LITERALS or t in _SEMI_TRIGGER_KW


def _semicolon_ok(a, b) -> bool:
    """Is the semicolon Go inserts after token ``a`` (at a line end, before ``b``) acceptable?"""
    if b is not None and b.type in (")", "}"):
        p = b.parent
        return p is not None and p.type in _CLOSERS_OK
    n = a
    end = a.end_byte
    while n is not None and n.end_byte == end:
        p = n.parent
        if p is None:
            return True
        if p.type == "ERROR":
            # tree-sitter gave up around here: a whole statement inside the ERROR still ends
            # where Go's semicolon goes
            return n.type.endswith("_statement") or n.type.endswith("_declaration") or n.type == "short_var_declaration"
        if n.type == "ERROR":
            return False
        if p.type in _LIST_CONTAINERS:
            return True
        n = p
    return False


def _enclosing(leaf, types):
    n = leaf.parent
    while n is not None:
        if n.type in types:
            return n
        n = n.parent
    return None


def _newline_message(a, b) -> str:
    if b is not None and b.type == "{":
        owner = _enclosing(b, {"for_statement", "if_statement", "expression_switch_statement",
                               "type_switch_statement", "function_declaration", "func_literal",
                               "method_declaration"})
        if owner is not None:
            if owner.type == "for_statement":
                return "syntax error: unexpected newline, expecting { after for clause"
            if owner.type == "if_statement":
                return "syntax error: unexpected newline, expecting { after if clause"
            if owner.type in ("expression_switch_statement", "type_switch_statement"):
                return "syntax error: unexpected newline, expecting { after switch clause"
            return "syntax error: unexpected semicolon or newline before {"
    err = _enclosing(a, {"ERROR"})
    if err is not None:
        depth = 0
        for lf in _leaves(err):
            if lf.start_byte >= a.end_byte:
                break
            if lf.type == "(":
                depth += 1
            elif lf.type == ")":
                depth -= 1
        if depth > 0:
            return "syntax error: unexpected newline, expecting )"
    ctx = _enclosing(a, {"argument_list", "parameter_list", "literal_value", "parenthesized_expression",
                         "block", "source_file"})
    if ctx is not None:
        if ctx.type == "argument_list":
            return "syntax error: unexpected newline in argument list; possibly missing comma or )"
        if ctx.type == "parameter_list":
            return "syntax error: unexpected newline in parameter list; possibly missing comma or )"
        if ctx.type == "literal_value":
            return "syntax error: unexpected newline in composite literal; possibly missing comma or }"
        if ctx.type == "parenthesized_expression":
            return "syntax error: unexpected newline, expecting )"
    return "syntax error: unexpected newline"


def find_syntax_error(root, src: bytes) -> tuple[N.Pos, str] | None:
    leaves = _leaves(root)
    candidates: list[tuple[N.Pos, str]] = []
    # 1. Go's automatic semicolons that the grammar would not accept
    real = [lf for lf in leaves if not lf.is_missing]
    for i, a in enumerate(real):
        b = real[i + 1] if i + 1 < len(real) else None
        if b is not None and a.type in ("+", "-", "&", "|", "<", ">") and b.type == a.type and b.start_byte == a.end_byte:
            # Go's lexer reads "++" (or "--", "&&" ...) as one token where tree-sitter split it
            tok = a.type + b.type
            if tok in ("++", "--"):
                ctx = "in argument list; possibly missing comma or )" if _enclosing(a, {"argument_list"}) else "at end of statement"
                candidates.append((pos_of(a), f"syntax error: unexpected {tok} {ctx}"))
                break
        if b is not None and b.start_point.row <= a.end_point.row:
            continue
        if b is not None and b.type == "else" and _triggers_semicolon(a):
            candidates.append((pos_of(b), "syntax error: unexpected else, expecting }"))
            break
        if b is not None and b.type == "{" and _triggers_semicolon(a) and (
                b.parent is None or b.parent.type != "block" or b.parent.parent is None
                or b.parent.parent.type == "source_file"):
            candidates.append((pos_of(b), "syntax error: unexpected semicolon or newline before {"))
            break
        if not _triggers_semicolon(a):
            continue
        if b is None:
            continue
        if not _semicolon_ok(a, b):
            candidates.append((newline_pos(a, src), _newline_message(a, b)))
            break
    # 2. ERROR and MISSING nodes
    err = _first_error_node(root)
    while err is not None and err.type == "ERROR" and err.has_error:
        inner = None
        for ch in err.children:
            if ch.is_missing or ch.type == "ERROR" or ch.has_error:
                inner = _first_error_node(ch) if ch.has_error and not ch.is_missing and ch.type != "ERROR" else ch
                break
        if inner is None or inner is err:
            break
        err = inner
    if err is not None:
        found = _describe_error(err, real, src)
        # tree-sitter opens an ERROR node before the token Go trips over: a bad newline inside
        # the node is where Go stops
        if candidates and candidates[0][0] <= end_of(err):
            return candidates[0]
        candidates.append(found)
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])


def newline_pos(a, src: bytes) -> N.Pos:
    """Where Go's lexer puts the semicolon it inserts after token ``a``: at the newline
    (or at a comment that comes first)."""
    i = a.end_byte
    line_start = src.rfind(b"\n", 0, a.end_byte) + 1
    while i < len(src) and src[i:i + 1] in (b" ", b"\t", b"\r"):
        i += 1
    return (a.end_point.row + 1, i - line_start + 1)


def _first_error_node(root):
    best = None
    stack = [root]
    while stack:
        n = stack.pop()
        if n.is_missing or n.type == "ERROR":
            if best is None or n.start_byte < best.start_byte:
                best = n
            continue
        if n.has_error:
            stack.extend(n.children)
    return best


def _next_token(real, byte_pos):
    for lf in real:
        if lf.start_byte >= byte_pos:
            return lf
    return None


def _prev_token(real, byte_pos):
    prev = None
    for lf in real:
        if lf.end_byte <= byte_pos:
            prev = lf
        else:
            break
    return prev


def eof_pos(src: bytes) -> N.Pos:
    line = src.count(b"\n") + 1
    return line, len(src) - (src.rfind(b"\n") + 1) + 1


def _unexpected_at(real, byte_pos, src):
    """(pos, description) of the token Go's parser trips over at ``byte_pos``."""
    prev = _prev_token(real, byte_pos)
    nxt = _next_token(real, byte_pos)
    if nxt is None:  # at the end, Go's lexer turns a pending semicolon into "EOF"
        return eof_pos(src), "EOF"
    if prev is not None and _triggers_semicolon(prev) and nxt.start_point.row > prev.end_point.row:
        return newline_pos(prev, src), "newline"
    return pos_of(nxt), _tokdesc(nxt)


def _describe_error(err, real, src) -> tuple[N.Pos, str]:
    parent = err.parent
    ptype = parent.type if parent is not None else ""
    if err.is_missing:
        pos, tok = _unexpected_at(real, err.start_byte, src)
        if err.type == ")" and ptype in ("argument_list", "type_conversion_expression", "call_expression"):
            return pos, f"syntax error: unexpected {tok} in argument list; possibly missing comma or )"
        if err.type in ("identifier", "type_identifier", "int_literal") or err.is_named:
            return pos, f"syntax error: unexpected {tok}, expecting expression"
        return pos, f"syntax error: unexpected {tok}, expecting {err.type}"
    # an ERROR node: Go trips over its first token
    if err.child_count and err.children[0].type in ("if", "for", "switch"):
        for ch in err.named_children:
            if ch.type == "assignment_statement":
                op = ch.child_by_field_name("operator")
                if op is not None and op.type == "=":
                    lhs = ch.child_by_field_name("left")
                    rhs = ch.child_by_field_name("right")
                    t = lambda n: n.text.decode("utf-8", "replace") if n is not None else ""
                    return pos_of(op), f"syntax error: cannot use assignment ({t(lhs)}) = ({t(rhs)}) as value"
    if ptype in ("argument_list", "type_conversion_expression", "call_expression"):
        kids = [c for c in err.children if c.type != "comment"]
        if len(kids) == 1 and kids[0].is_named and not kids[0].has_error:
            # a complete argument, then another without a comma: Go stops at the second
            pos, tok = _unexpected_at(real, err.end_byte, src)
            return pos, f"syntax error: unexpected {tok} in argument list; possibly missing comma or )"
    first = None
    for lf in real:
        if lf.start_byte >= err.start_byte:
            first = lf
            break
    if first is None:
        pos, tok = eof_pos(src), "EOF"
    else:
        pos, tok = pos_of(first), _tokdesc(first)
    if ptype == "func_literal" and first is not None and first.type in _NAMES:
        return pos, f"syntax error: unexpected {tok}, expecting ("
    if ptype == "source_file":
        opens = sum(1 for lf in real if lf.type == "{") - sum(1 for lf in real if lf.type == "}")
        if opens > 0 and not any(lf.type == "func" and lf.start_byte > err.start_byte for lf in real):
            return eof_pos(src), "syntax error: unexpected EOF, expecting }"
        if tok == "EOF":
            return pos, "syntax error: unexpected EOF, expecting }"
        if first is not None and (first.type in _NAMES or first.type in _LITERALS):
            return pos, "syntax error: non-declaration statement outside function body"
        return pos, f"syntax error: unexpected {tok} after top level declaration"
    if ptype in ("argument_list", "type_conversion_expression", "call_expression"):
        return pos, f"syntax error: unexpected {tok} in argument list; possibly missing comma or )"
    prev = _prev_token(real, first.start_byte) if first is not None else None
    same_line = prev is not None and prev.end_point.row == first.start_point.row
    if tok != "newline" and (ptype in ("block", "statement_list") or (same_line and _triggers_semicolon(prev))):
        return pos, f"syntax error: unexpected {tok} at end of statement"
    return pos, f"syntax error: unexpected {tok}"


# --- conversion ----------------------------------------------------------------------------
_UNSUPPORTED_STMT = {
    "select_statement": "select statement",
    "send_statement": "channel send",
    "goto_statement": "goto statement",
    "type_switch_statement": "type switch",
    "type_declaration": "type declaration",
}
_UNSUPPORTED_EXPR = {
    "composite_literal": "composite literal",
    "slice_expression": "slice expression",
    "type_assertion_expression": "type assertion",
    "pointer_type": "pointer type",
    "slice_type": "slice type",
    "array_type": "array type",
    "map_type": "map type",
    "channel_type": "channel type",
    "struct_type": "struct type",
    "interface_type": "interface type",
    "generic_type": "generic type",
    "imaginary_literal": "complex number",
}


class Converter:
    def __init__(self, src: bytes, errors: ErrorList):
        self.src = src
        self.errors = errors
        self.unsupported: list[tuple[N.Pos, str]] = []

    def text(self, node) -> str:
        return self.src[node.start_byte:node.end_byte].decode("utf-8", "surrogateescape")

    def unsupported_at(self, node, what):
        self.unsupported.append((pos_of(node), what))

    # file
    def file(self, root) -> N.File:
        package = None
        imports: list[N.Import] = []
        decls: list[N.Node] = []
        for ch in root.named_children:
            t = ch.type
            if t == "comment":
                continue
            if t == "package_clause":
                name = ch.named_children[0] if ch.named_children else ch
                package = N.Ident(pos_of(name), self.text(name))
            elif t == "import_declaration":
                for spec in self._import_specs(ch):
                    path_node = spec.child_by_field_name("path")
                    name_node = spec.child_by_field_name("name")
                    raw = self.text(path_node)
                    path = self._string_value(path_node)[0] if path_node is not None else raw
                    imports.append(N.Import(pos_of(path_node), path, self.text(name_node) if name_node else None))
            elif t == "function_declaration":
                decls.append(self.func_decl(ch))
            elif t == "method_declaration":
                self.unsupported_at(ch, "method declaration")
            elif t in ("var_declaration", "const_declaration"):
                decls.append(self.decl_stmt(ch))
            elif t == "type_declaration":
                for spec in ch.named_children:
                    if spec.type == "type_spec" and spec.child_by_field_name("type_parameters") is None:
                        nm = spec.child_by_field_name("name")
                        decls.append(N.TypeDecl(pos_of(spec), N.Ident(pos_of(nm), self.text(nm)),
                                                self.type_expr(spec.child_by_field_name("type"))))
                    elif spec.type != "comment":
                        self.unsupported_at(spec, "generic type" if spec.type == "type_spec" else "type alias")
            elif t in _UNSUPPORTED_STMT:
                self.unsupported_at(ch, _UNSUPPORTED_STMT[t])
            else:
                self.unsupported_at(ch, t.replace("_", " "))
        f = N.File(pos_of(root), package, imports, decls)
        f.unsupported = self.unsupported
        return f

    def _import_specs(self, node):
        out = []
        for ch in node.named_children:
            if ch.type == "import_spec":
                out.append(ch)
            elif ch.type == "import_spec_list":
                out.extend(c for c in ch.named_children if c.type == "import_spec")
        return out

    def func_decl(self, node) -> N.FuncDecl:
        name = node.child_by_field_name("name")
        if node.child_by_field_name("type_parameters") is not None:
            self.unsupported_at(node, "generic function")
        sig = self.signature(node)
        body = node.child_by_field_name("body")
        return N.FuncDecl(pos_of(node), N.Ident(pos_of(name), self.text(name)), sig,
                          self.block(body) if body is not None else None)

    def signature(self, node) -> N.FuncType:
        params = self.fields(node.child_by_field_name("parameters"))
        res = node.child_by_field_name("result")
        if res is None:
            results = []
        elif res.type == "parameter_list":
            results = self.fields(res)
        else:
            results = [N.Field(pos_of(res), [], self.type_expr(res))]
        return N.FuncType(pos_of(node), params, results)

    def fields(self, plist) -> list[N.Field]:
        out = []
        if plist is None:
            return out
        for ch in plist.named_children:
            if ch.type == "parameter_declaration":
                names = [N.Ident(pos_of(c), self.text(c)) for c in ch.children_by_field_name("name")]
                tnode = ch.child_by_field_name("type")
                out.append(N.Field(pos_of(ch), names, self.type_expr(tnode) if tnode is not None
                                   else N.Unsupported(pos_of(ch), "parameter")))
            elif ch.type == "variadic_parameter_declaration":
                self.unsupported_at(ch, "variadic parameter")
                out.append(N.Field(pos_of(ch), [], N.Unsupported(pos_of(ch), "variadic parameter")))
        return out

    def type_expr(self, node) -> N.Expr:
        t = node.type
        if t == "type_identifier":
            return N.Ident(pos_of(node), self.text(node))
        if t == "qualified_type":
            pkg = node.child_by_field_name("package")
            name = node.child_by_field_name("name")
            sel = N.Selector(pos_of(node), N.Ident(pos_of(pkg), self.text(pkg)), self.text(name), pos_of(name))
            sel.src = self.text(node)
            return sel
        if t == "function_type":
            ft = self.signature(node)
            ft.src = self.text(node)
            return ft
        if t == "channel_type":
            return self.chan_type(node)
        if t == "struct_type":
            if self._empty_struct(node):
                st = N.StructType(pos_of(node))
                st.src = self.text(node)
                return st
            fields = []
            ok = True
            for fl in node.named_children:
                if fl.type != "field_declaration_list":
                    continue
                for fd in fl.named_children:
                    if fd.type == "comment":
                        continue
                    names = [c for c in fd.children if fd.field_name_for_child(list(fd.children).index(c)) == "name"]
                    tnode = fd.child_by_field_name("type")
                    if fd.type != "field_declaration" or not names or tnode is None or fd.child_by_field_name("tag") is not None:
                        ok = False
                        break
                    te = self.type_expr(tnode)
                    for nm in names:
                        fields.append((N.Ident(pos_of(nm), self.text(nm)), te))
            if ok:
                sd = N.StructDef(pos_of(node), fields)
                sd.src = self.text(node)
                return sd
        if t == "slice_type":
            el = node.child_by_field_name("element")
            st = N.SliceType(pos_of(node), self.type_expr(el) if el is not None else N.Unsupported(pos_of(node), "type"))
            st.src = self.text(node)
            return st
        if t == "pointer_type" and node.named_children:
            pt = N.PointerType(pos_of(node), self.type_expr(node.named_children[0]))
            pt.src = self.text(node)
            pt.pkgs = tuple(self._qualifiers(node))
            return pt
        if t == "parenthesized_type":
            inner = node.named_children[0] if node.named_children else None
            return self.type_expr(inner) if inner is not None else N.Unsupported(pos_of(node), "type")
        e = N.Unsupported(pos_of(node), _UNSUPPORTED_EXPR.get(t, t.replace("_", " ")))
        e.src = self.text(node)
        e.pkgs = tuple(self._qualifiers(node))
        return e

    def _qualifiers(self, node):
        """The names that may be packages inside an unsupported type or expression: those
        qualifying a type (``time.Timer``) or a selector (``time.Second``)."""
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "qualified_type":
                pkg = n.child_by_field_name("package")
                if pkg is not None:
                    yield self.text(pkg)
            elif n.type == "selector_expression":
                x = n.child_by_field_name("operand")
                if x is not None and x.type == "identifier":
                    yield self.text(x)
            stack.extend(n.named_children)

    def chan_type(self, node) -> N.Expr:
        """A channel type, with Go's association: ``<-`` binds to the leftmost ``chan``
        (``chan<- chan int`` is ``chan<- (chan int)``; tree-sitter reads ``chan (<-chan int)``)."""
        toks = []  # ("chan" | "<-", tree-sitter node) down the unparenthesized nesting
        n = node
        while n is not None and n.type == "channel_type":
            toks.extend((c.type, c) for c in n.children if c.type in ("chan", "<-"))
            n = n.child_by_field_name("value")
        leaf = self.type_expr(n) if n is not None else N.Unsupported(pos_of(node), "channel type")
        end = node.end_byte

        def build(i):
            if i >= len(toks):
                return leaf
            kind, tok = toks[i]
            if kind == "<-":  # <-chan T
                d, j = "recv", i + 2
            elif i + 1 < len(toks) and toks[i + 1][0] == "<-":  # chan<- T
                d, j = "send", i + 2
            else:
                d, j = "both", i + 1
            ct = N.ChanType(pos_of(tok), d, build(j))
            ct.src = self.src[tok.start_byte:end].decode("utf-8", "surrogateescape")
            ct.end = end_of(node)
            return ct

        return build(0)

    def _empty_struct(self, node) -> bool:
        """``struct{}`` with no fields (and no comments inside)."""
        for ch in node.named_children:
            if ch.type == "field_declaration_list" and any(c.is_named for c in ch.children):
                return False
        return True

    # statements
    def block(self, node) -> N.Block:
        stmts = []
        rbrace = end_of(node)
        for ch in node.children:
            if ch.type == "statement_list":
                stmts.extend(self.stmt_list(ch))
            elif ch.type == "}":
                rbrace = pos_of(ch)
            elif ch.is_named and ch.type != "comment":
                s = self.stmt(ch)
                if s is not None:
                    stmts.append(s)
        b = N.Block(pos_of(node), stmts, rbrace)
        return b

    def stmt_list(self, node) -> list[N.Stmt]:
        out = []
        for ch in node.named_children:
            if ch.type == "comment":
                continue
            s = self.stmt(ch)
            if s is not None:
                out.append(s)
        return out

    def simple_stmt(self, node):
        return None if node is None else self.stmt(node)

    def stmt(self, node) -> N.Stmt | None:
        t = node.type
        p = pos_of(node)
        if t == "expression_statement":
            return N.ExprStmt(p, self.expr(node.named_children[0]))
        if t == "short_var_declaration" or t == "assignment_statement":
            lhs = self.expr_list(node.child_by_field_name("left"))
            rhs = self.expr_list(node.child_by_field_name("right"))
            if t == "short_var_declaration":
                op_node = next(c for c in node.children if c.type == ":=")
            else:
                op_node = node.child_by_field_name("operator")
            return N.Assign(p, lhs, self.text(op_node), rhs, pos_of(op_node))
        if t in ("inc_statement", "dec_statement"):
            return N.IncDec(p, self.expr(node.named_children[0]), "++" if t == "inc_statement" else "--")
        if t in ("var_declaration", "const_declaration"):
            return self.decl_stmt(node)
        if t == "block":
            return self.block(node)
        if t == "if_statement":
            init = self.simple_stmt(node.child_by_field_name("initializer"))
            cond = self.expr(node.child_by_field_name("condition"))
            then = self.block(node.child_by_field_name("consequence"))
            alt = node.child_by_field_name("alternative")
            else_ = None
            if alt is not None:
                else_ = self.block(alt) if alt.type == "block" else self.stmt(alt)
            return N.If(p, init, cond, then, else_)
        if t == "for_statement":
            body = self.block(node.child_by_field_name("body"))
            init = cond = post = None
            for ch in node.named_children:
                if ch.type == "for_clause":
                    init = self.simple_stmt(ch.child_by_field_name("initializer"))
                    c = ch.child_by_field_name("condition")
                    cond = self.expr(c) if c is not None else None
                    post = self.simple_stmt(ch.child_by_field_name("update"))
                elif ch.type == "range_clause":
                    return self.range_for(p, ch, body)
                elif ch.type not in ("block", "comment"):
                    cond = self.expr(ch)
            return N.For(p, init, cond, post, body)
        if t == "expression_switch_statement":
            init = self.simple_stmt(node.child_by_field_name("initializer"))
            v = node.child_by_field_name("value")
            tag = self.expr(v) if v is not None else None
            clauses = []
            for ch in node.named_children:
                if ch.type in ("expression_case", "default_case"):
                    exprs = None
                    if ch.type == "expression_case":
                        exprs = self.expr_list(ch.child_by_field_name("value"))
                    body = []
                    for c in ch.named_children:
                        if c.type == "statement_list":
                            body.extend(self.stmt_list(c))
                    clauses.append(N.CaseClause(pos_of(ch), exprs, body))
            return N.Switch(p, init, tag, clauses)
        if t == "send_statement":
            return N.Send(p, self.expr(node.child_by_field_name("channel")),
                          self.expr(node.child_by_field_name("value")))
        if t == "select_statement":
            clauses = []
            for ch in node.named_children:
                if ch.type not in ("communication_case", "default_case"):
                    continue
                comm = None
                if ch.type == "communication_case":
                    cnode = ch.child_by_field_name("communication")
                    comm = self.comm(cnode) if cnode is not None else N.UnsupportedStmt(pos_of(ch), "select case")
                body = []
                for c in ch.named_children:
                    if c.type == "statement_list":
                        body.extend(self.stmt_list(c))
                clauses.append(N.CommClause(pos_of(ch), comm, body))
            return N.Select(p, clauses)
        if t in ("go_statement", "defer_statement"):
            inner = node.named_children[0] if node.named_children else None
            call = self.expr(inner) if inner is not None else N.Unsupported(p, "expression")
            return N.GoDefer(p, "go" if t == "go_statement" else "defer", call)
        if t == "return_statement":
            results = []
            for ch in node.named_children:
                if ch.type == "expression_list":
                    results = self.expr_list(ch)
            return N.Return(p, results)
        if t in ("break_statement", "continue_statement", "fallthrough_statement"):
            label = None
            for ch in node.named_children:
                if ch.type == "label_name":
                    label = N.Ident(pos_of(ch), self.text(ch))
            return N.Branch(p, t.split("_")[0], label)
        if t == "labeled_statement":
            lab = node.child_by_field_name("label")
            inner = [c for c in node.named_children if c.type not in ("label_name", "comment")]
            s = self.stmt(inner[0]) if inner else N.Empty(p)
            return N.Labeled(p, N.Ident(pos_of(lab), self.text(lab)), s)
        if t == "empty_statement":
            return None
        if t in _UNSUPPORTED_STMT:
            return N.UnsupportedStmt(p, _UNSUPPORTED_STMT[t])
        return N.UnsupportedStmt(p, t.replace("_", " "))

    def range_for(self, p, clause, body) -> N.RangeFor:
        left = clause.child_by_field_name("left")
        lhs = self.expr_list(left) if left is not None else []
        op = next((c for c in clause.children if c.type in (":=", "=")), None)
        x = self.expr(clause.child_by_field_name("right"))
        key = lhs[0] if lhs else None
        value = lhs[1] if len(lhs) > 1 else None
        return N.RangeFor(p, key, value, op is not None and op.type == ":=", x, body,
                          pos_of(op) if op is not None else p)

    def comm(self, node) -> N.Stmt:
        """A select case's communication: a send or a receive (possibly assigned)."""
        if node.type == "send_statement":
            return self.stmt(node)
        if node.type == "receive_statement":
            right = self.expr(node.child_by_field_name("right"))
            left = node.child_by_field_name("left")
            if left is None:
                return N.ExprStmt(pos_of(node), right)
            op = next((c for c in node.children if c.type in (":=", "=")), None)
            return N.Assign(pos_of(node), self.expr_list(left), op.type if op is not None else "=", [right],
                            pos_of(op) if op is not None else pos_of(node))
        return N.UnsupportedStmt(pos_of(node), "select case")

    def decl_stmt(self, node) -> N.DeclStmt:
        kind = "var" if node.type == "var_declaration" else "const"
        specs = []
        spec_nodes = []
        for ch in node.named_children:
            if ch.type in ("var_spec", "const_spec"):
                spec_nodes.append(ch)
            elif ch.type == "var_spec_list":
                spec_nodes.extend(c for c in ch.named_children if c.type == "var_spec")
        prev = None
        for iota, sp in enumerate(spec_nodes):
            names = [N.Ident(pos_of(c), self.text(c)) for c in sp.children_by_field_name("name")]
            tnode = sp.child_by_field_name("type")
            vnode = sp.child_by_field_name("value")
            typ = self.type_expr(tnode) if tnode is not None else None
            implicit = False
            if vnode is not None:
                values = self.expr_list(vnode)
                prev = (tnode, vnode)
            elif kind == "const" and prev is not None and tnode is None:
                # an omitted expression list repeats the previous one (re-converted: fresh nodes)
                typ = self.type_expr(prev[0]) if prev[0] is not None else None
                values = self.expr_list(prev[1])
                implicit = True
            else:
                values = []
            specs.append(N.ValueSpec(pos_of(sp), names, typ, values, iota, implicit))
        return N.DeclStmt(pos_of(node), kind, specs)

    # expressions
    def expr_list(self, node) -> list[N.Expr]:
        if node is None:
            return []
        if node.type == "expression_list":
            return [self.expr(c) for c in node.named_children if c.type != "comment"]
        return [self.expr(node)]

    def _string_value(self, node) -> tuple[str, str | None]:
        if node.type == "raw_string_literal":
            body = self.text(node)[1:-1].replace("\r", "")
            return body, None
        body = self.text(node)[1:-1]
        raw, err = decode_escapes(body, '"')
        return raw.decode("utf-8", "surrogateescape"), err

    def expr(self, node) -> N.Expr:
        e = self._expr(node)
        e.src = self.text(node)
        e.end = end_of(node)
        return e

    def _expr(self, node) -> N.Expr:
        t = node.type
        p = pos_of(node)
        if t == "identifier" or t == "type_identifier" or t == "field_identifier":
            return N.Ident(p, self.text(node))
        if t in ("true", "false", "nil", "iota"):
            return N.Ident(p, t)
        if t == "int_literal":
            v = parse_int_literal(self.text(node))
            if v is None:
                self.errors.add(p, f"invalid digit in literal {self.text(node)}")
                v = 0
            return N.BasicLit(p, "int", v)
        if t == "float_literal":
            v = parse_float_literal(self.text(node))
            if v is None:
                self.errors.add(p, f"malformed constant: {self.text(node)}")
                v = Fraction(0)
            return N.BasicLit(p, "float", v)
        if t == "rune_literal":
            body = self.text(node)[1:-1]
            raw, err = decode_escapes(body, "'")
            s = raw.decode("utf-8", "surrogateescape")
            if err is not None:
                self.errors.add(p, err)
                v = 0
            elif len(s) != 1:
                self.errors.add(p, "more than one character in rune literal" if len(s) > 1 else "empty rune literal or unescaped ' in rune literal")
                v = 0
            else:
                v = ord(s) if not (0xDC80 <= ord(s) <= 0xDCFF) else ord(s) - 0xDC00
            return N.BasicLit(p, "rune", v)
        if t in ("interpreted_string_literal", "raw_string_literal"):
            s, err = self._string_value(node)
            if err is not None:
                self.errors.add(p, err)
            return N.BasicLit(p, "string", s)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            return N.Binary(p, self.text(op), self.expr(node.child_by_field_name("left")),
                            self.expr(node.child_by_field_name("right")), pos_of(op))
        if t == "unary_expression":
            op = node.child_by_field_name("operator")
            return N.Unary(p, self.text(op), self.expr(node.child_by_field_name("operand")))
        if t == "parenthesized_expression":
            inner = [c for c in node.named_children if c.type != "comment"]
            return N.Paren(p, self.expr(inner[0]))
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            if node.child_by_field_name("type_arguments") is not None:
                return N.Unsupported(p, "generic function call")
            args_node = node.child_by_field_name("arguments")
            args = []
            ellipsis = False
            rparen = end_of(node)
            for ch in args_node.children:
                if ch.type == "...":
                    ellipsis = True
                elif ch.type == ")":
                    rparen = pos_of(ch)
                elif ch.is_named and ch.type != "comment":
                    if ch.type in ("type_identifier",) or ch.type.endswith("_type"):
                        args.append(self.type_expr(ch))
                    else:
                        args.append(self.expr(ch))
            return N.Call(p, self.expr(fn), args, ellipsis, rparen)
        if t == "type_conversion_expression":
            typ = self.type_expr(node.child_by_field_name("type"))
            return N.Call(p, typ, [self.expr(node.child_by_field_name("operand"))], False, end_of(node))
        if t == "selector_expression":
            fld = node.child_by_field_name("field")
            return N.Selector(p, self.expr(node.child_by_field_name("operand")), self.text(fld), pos_of(fld))
        if t == "index_expression":
            return N.Index(p, self.expr(node.child_by_field_name("operand")),
                           self.expr(node.child_by_field_name("index")))
        if t == "func_literal":
            sig = self.signature(node)
            return N.FuncLit(p, sig, self.block(node.child_by_field_name("body")))
        if t == "composite_literal":
            tnode = node.child_by_field_name("type")
            bnode = node.child_by_field_name("body")
            if (tnode is not None and tnode.type == "struct_type" and self._empty_struct(tnode)
                    and bnode is not None and not any(c.is_named for c in bnode.children)):
                return N.CompositeLit(p, self.type_expr(tnode))
            if tnode is not None and bnode is not None and tnode.type in ("type_identifier", "slice_type", "qualified_type"):
                elts = []
                good = True
                for c in bnode.named_children:
                    if c.type == "comment":
                        continue
                    if c.type == "keyed_element":
                        kv = [x for x in c.named_children if x.type != "comment"]
                        k = kv[0].named_children[0] if kv[0].type == "literal_element" and kv[0].named_children else kv[0]
                        v = kv[1].named_children[0] if kv[1].type == "literal_element" and kv[1].named_children else kv[1]
                        if k.type not in ("identifier", "field_identifier") or v.type == "literal_value":
                            good = False
                            break
                        elts.append((N.Ident(pos_of(k), self.text(k)), self.expr(v)))
                    elif c.type == "literal_element":
                        v = c.named_children[0] if c.named_children else c
                        if v.type == "literal_value":
                            good = False
                            break
                        elts.append((None, self.expr(v)))
                    else:
                        good = False
                        break
                if good:
                    return N.CompositeLit(p, self.type_expr(tnode), elts, end_of(bnode))
        if t == "slice_expression":
            if node.child_by_field_name("capacity") is None:
                lo = node.child_by_field_name("start")
                hi = node.child_by_field_name("end")
                return N.SliceExpr(p, self.expr(node.child_by_field_name("operand")),
                                   self.expr(lo) if lo is not None else None, self.expr(hi) if hi is not None else None)
        if t == "qualified_type" or t == "function_type" or t.endswith("_type"):
            return self.type_expr(node)
        e = N.Unsupported(p, _UNSUPPORTED_EXPR.get(t, t.replace("_", " ")))
        e.pkgs = tuple(self._qualifiers(node))
        return e


MAX_DEPTH = 250  # tree-sitter levels: far beyond real programs, well within Python's stack
UNSUPPORTED_TAIL = "is not supported in this course's Go subset (yet)"


def _too_deep(root):
    """The first node deeper than MAX_DEPTH (the compiler's passes are recursive)."""
    stack = [(root, 0)]
    while stack:
        n, d = stack.pop()
        if d > MAX_DEPTH:
            return n
        stack.extend((c, d + 1) for c in n.children)
    return None


# --- lexical errors (Go's scanner) -------------------------------------------------------------
_OPERATOR_CHARS = set("+-*/%&|^<>=!()[]{},;.:~")
_VALID_ESC = set("abfnrtv\\01234567xuU")


def lexical_error(src: bytes) -> tuple[N.Pos, str] | None:
    """The first error Go's scanner reports (bad characters, unterminated literals, escapes).

    A small hand-written scanner (no regular expressions): it only skips over comments and
    literals to find what tree-sitter silently turns into ERROR nodes.
    """
    text = src.decode("utf-8", "surrogateescape")
    i, n = 0, len(text)
    line, col0 = 1, 0  # col0: index of the line's first character

    def pos(k):
        return (line, len(text[col0:k].encode("utf-8", "surrogateescape")) + 1)

    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            col0 = i + 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "/" and text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                return pos(i), "comment not terminated"
            for k in range(i, j):
                if text[k] == "\n":
                    line += 1
                    col0 = k + 1
            i = j + 2
        elif c == '"' or c == "'":
            start = i
            i += 1
            nchars = 0
            while True:
                if i >= n:
                    return pos(start), "string literal not terminated" if c == '"' else "rune literal not terminated"
                ch = text[i]
                if ch == "\n":
                    return pos(i), "newline in string" if c == '"' else "newline in rune literal"
                if ch == "\\":
                    if i + 1 < n and text[i + 1] not in _VALID_ESC and text[i + 1] != c:
                        return pos(i + 1), "unknown escape"
                    i += 2
                    nchars += 1
                    continue
                i += 1
                if ch == c:
                    break
                nchars += 1
            if c == "'" and nchars != 1:
                return pos(start), ("more than one character in rune literal" if nchars > 1
                                    else "empty rune literal or unescaped ' in rune literal")
        elif c == "`":
            start = i
            j = text.find("`", i + 1)
            if j < 0:
                return pos(start), "raw string literal not terminated"
            for k in range(i, j):
                if text[k] == "\n":
                    line += 1
                    col0 = k + 1
            i = j + 1
        elif c.isalnum() or c == "_" or c in _OPERATOR_CHARS:
            i += 1
        elif ord(c) > 127 and (c.isalpha()):
            i += 1
        else:
            o = ord(c)
            if 0xDC80 <= o <= 0xDCFF:
                return pos(i), "invalid UTF-8 encoding"
            shown = f" '{c}'" if c.isprintable() else ""
            return pos(i), f"invalid character U+{o:04X}{shown}"
    return None


def _header_error(root, src: bytes, filename: str) -> str | None:
    """What the go command's own parser (go/parser, ImportsOnly) says about the package
    clause and imports: these errors come before the compiler's and have no "./" prefix."""
    toks = [lf for lf in _leaves(root) if not lf.is_missing]
    k = 0

    def desc(t):
        if t is None:
            return "EOF"
        if t.type in _NAMES or t.type in _LITERALS:
            return t.text.decode("utf-8", "replace")
        return "'" + t.text.decode("utf-8", "replace") + "'"

    def at(t):
        if t is None:
            line, col = eof_pos(src)
        else:
            line, col = pos_of(t)
        return f"{filename}:{line}:{col}"

    def tok(j):
        return toks[j] if j < len(toks) else None

    def expected_string(j):
        t, prev = tok(j), tok(j - 1)
        if prev is not None and _triggers_semicolon(prev) and (t is None or t.start_point.row > prev.end_point.row):
            line, col = newline_pos(prev, src)
            return f"{filename}:{line}:{col}: expected 'STRING', found newline"
        return f"{at(t)}: expected 'STRING', found {desc(t)}"

    t = tok(0)
    if t is None or t.type != "package":
        return f"{at(t)}: expected 'package', found {desc(t)}"
    t = tok(1)
    if t is None or t.type not in _NAMES:
        return f"{at(t)}: expected 'IDENT', found {desc(t)}"
    k = 2
    if tok(k) is not None and tok(k).type == ";":
        k += 1
    while tok(k) is not None and tok(k).type == "import":
        k += 1
        if tok(k) is not None and tok(k).type == "(":
            k += 1
            while tok(k) is not None and tok(k).type != ")":
                if tok(k).type in ("package_identifier", "identifier", "_", "blank_identifier", "."):
                    k += 1
                t = tok(k)
                if t is None or t.type not in ("interpreted_string_literal", "raw_string_literal"):
                    return expected_string(k)
                k += 1
                if tok(k) is not None and tok(k).type == ";":
                    k += 1
            k += 1
        else:
            if tok(k) is not None and tok(k).type in ("package_identifier", "identifier", "_", "blank_identifier", "."):
                k += 1
            t = tok(k)
            if t is None or t.type not in ("interpreted_string_literal", "raw_string_literal"):
                return expected_string(k)
            k += 1
        if tok(k) is not None and tok(k).type == ";":
            k += 1
    return None


def parse(src: str, filename: str = "prog.go") -> N.File:
    """Parse Go source into a ``nodes.File``; syntax errors raise ``GoCompileError``."""
    data = src.encode("utf-8", "surrogateescape")
    errors = ErrorList(filename)
    tree = _PARSER.parse(data)
    root = tree.root_node
    header = _header_error(root, data, filename)
    lexical = lexical_error(data)
    if header is not None:
        hpos = tuple(int(x) for x in header[len(filename) + 1:].split(":")[:2])
        if lexical is not None and lexical[0] <= hpos:
            header = f"{filename}:{lexical[0][0]}:{lexical[0][1]}: {lexical[1]}"
        errors.add((0, 0), header)
        errors.raise_if_any()
    found = find_syntax_error(root, data)
    # a bad literal or character confuses tree-sitter around it: Go's scanner error wins on its line
    if lexical is not None and (found is None or lexical[0][0] <= found[0][0]):
        found = lexical
    if found is not None:
        errors.add(found[0], found[1])
        errors.raise_if_any()
    seen_package = seen_other = False
    for ch in root.named_children:
        if ch.type == "comment":
            continue
        seen_package = True
        if ch.type == "import_declaration" and seen_other:
            errors.add(pos_of(ch), "syntax error: non-declaration statement outside function body")
            errors.raise_if_any()
        if ch.type not in ("package_clause", "import_declaration"):
            seen_other = True
    deep = _too_deep(root)
    if deep is not None:
        errors.add(pos_of(deep), f"code nested more than {MAX_DEPTH} levels deep {UNSUPPORTED_TAIL}")
        errors.raise_if_any()
    for ch in root.named_children:
        if ch.type.endswith("_statement") or ch.type in ("short_var_declaration", "block", "labeled_statement"):
            errors.add(pos_of(ch), "syntax error: non-declaration statement outside function body")
            errors.raise_if_any()
    conv = Converter(data, errors)
    f = conv.file(root)
    if f.package is None:
        errors.add((1, 1), "syntax error: package statement must be first")
    errors.raise_if_any()
    return f
