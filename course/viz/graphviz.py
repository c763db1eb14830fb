"""Graphviz for the views: ``dot`` when it is installed, a pip-installed renderer when not,
and a drawing of our own when neither is there — never a broken image.

* ``render_svg(dot_source)`` → ``(svg, engine)``: the ``dot`` program (through the
  ``graphviz`` package), else ``pygraphviz`` (its wheels bundle Graphviz's libraries), else
  ``(None, "none")`` and the caller draws its own SVG.
* ``layout(nodes, edges)`` → ``{node: (x, y)}``: positions computed once (``dot -Tplain`` or
  pygraphviz; else a layered layout here), so a graph drawn frame after frame never jumps.
"""
from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from typing import Hashable, Optional, Sequence

ENGINES = ("dot", "pygraphviz")


def _run_dot(src: str, fmt: str) -> Optional[str]:
    exe = shutil.which("dot")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, f"-T{fmt}"], input=src.encode(), capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.decode("utf-8", errors="replace")


def _run_pygraphviz(src: str, fmt: str) -> Optional[str]:
    try:
        import pygraphviz  # type: ignore
    except Exception:
        return None
    try:
        g = pygraphviz.AGraph(string=src)
        data = g.draw(format=fmt, prog="dot")
        return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)
    except Exception:
        return None


def render_svg(src: str, engines: Sequence[str] = ENGINES) -> tuple[Optional[str], str]:
    """DOT source → SVG text, and which engine drew it ("dot", "pygraphviz" or "none")."""
    for e in engines:
        svg = _run_dot(src, "svg") if e == "dot" else _run_pygraphviz(src, "svg") if e == "pygraphviz" else None
        if svg and "<svg" in svg:
            return svg[svg.index("<svg"):], e
    return None, "none"


def _parse_plain(text: str) -> dict[str, tuple[float, float]]:
    pos = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] == "node" and len(parts) >= 4:
            name = parts[1].strip('"')
            pos[name] = (float(parts[2]), float(parts[3]))
    return pos


def layered_layout(nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable]]) -> dict:
    """A small layered layout (no Graphviz): layer = longest path from a root, ignoring back
    edges; order within a layer as given. y grows downwards in layers."""
    nodes = list(nodes)
    idx = {n: i for i, n in enumerate(nodes)}
    succ = defaultdict(list)
    indeg = defaultdict(int)
    for a, b in edges:
        if a in idx and b in idx and idx[a] != idx[b]:
            succ[a].append(b)
            indeg[b] += 1
    layer = {n: 0 for n in nodes}
    visited = set()

    def dfs(n, depth, stack):
        if depth > layer[n]:
            layer[n] = depth
        visited.add(n)
        stack.add(n)
        for m in succ[n]:
            if m not in stack and layer[m] <= depth:
                dfs(m, depth + 1, stack)
        stack.discard(n)

    roots = [n for n in nodes if indeg[n] == 0] or nodes[:1]
    for r in roots:
        dfs(r, 0, set())
    for n in nodes:
        if n not in visited:
            dfs(n, 0, set())
    rows = defaultdict(list)
    for n in nodes:
        rows[layer[n]].append(n)
    pos = {}
    for d, row in rows.items():
        for k, n in enumerate(row):
            pos[n] = (float(k - (len(row) - 1) / 2), float(d))
    return pos


def layout(nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable]],
           engines: Sequence[str] = ENGINES) -> tuple[dict, str]:
    """Positions for the nodes, normalised to [0, 1] × [0, 1] (y down), and the engine used."""
    names = {n: f"n{i}" for i, n in enumerate(nodes)}
    src = "digraph G { graph [rankdir=TB, nodesep=0.3, ranksep=0.5]; node [shape=circle, width=0.4, fixedsize=true];\n"
    src += "".join(f"{names[n]};\n" for n in nodes)
    src += "".join(f"{names[a]} -> {names[b]};\n" for a, b in edges if a in names and b in names)
    src += "}\n"
    raw: dict = {}
    engine = "none"
    for e in engines:
        text = _run_dot(src, "plain") if e == "dot" else _run_pygraphviz(src, "plain") if e == "pygraphviz" else None
        if text:
            p = _parse_plain(text)
            back = {v: k for k, v in names.items()}
            if len(p) == len(nodes):
                raw = {back[k]: (x, -y) for k, (x, y) in p.items()}  # plain's y grows upwards
                engine = e
                break
    if not raw:
        raw = layered_layout(nodes, edges)
        engine = "builtin"
    xs = [x for x, _ in raw.values()] or [0.0]
    ys = [y for _, y in raw.values()] or [0.0]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx, sy = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    return {n: ((x - x0) / sx if x1 > x0 else 0.5, (y - y0) / sy if y1 > y0 else 0.5) for n, (x, y) in raw.items()}, engine
