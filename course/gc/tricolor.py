"""Tri-colour marking on an explicit object graph, one action at a time, with Go's write barrier.

Go's collector marks concurrently with the program (the *mutator*). Objects are **white** (not
yet found), **grey** (found, fields not yet scanned) or **black** (found and scanned); the GC
blackens grey objects until none is left, then frees the white ones. Goroutine stacks are roots,
scanned once each (``gc: scan g1``); the globals are a root object. Marking is only correct if
the mutator never hides a white object from the GC: Go's **hybrid write barrier**
(``runtime/mbarrier.go``, Go 1.8, proposal 17503) runs on every pointer write to the heap or to
a global (never on stack writes)::

    writePointer(slot, ptr):
        shade(*slot)                  // Yuasa deletion barrier: the old target
        if current stack is grey:
            shade(ptr)                // Dijkstra insertion barrier: the new target
        *slot = ptr

Go's code shades ``ptr`` regardless of the stack's colour (cheaper than looking); that is
``barrier="hybrid"`` here, and ``"hybrid-grey-stack"`` is the rule as written above. During
marking, new objects are allocated **black**. ``barrier="off"`` drops the barrier, and
``"dijkstra"`` / ``"yuasa"`` keep one half each, to see why Go needs both once stacks are
scanned only once.

A program is a list of Go-like steps, each by a goroutine or the GC::

    g1: y = x.f        load: x's object's field f into local y (a stack write: no barrier)
    g1: x.f = y        store a local into a field (barriered); also x.f = nil
    g1: y = x          copy a local; y = nil; y = new(N) allocates object N
    g1: y = globals.p  globals are a root object named "globals" (writes to it are barriered)
    gc: start          stop the world, turn the barrier on, grey the globals; stacks unscanned
    gc: scan g1        scan g1's stack: shade what its locals point to; the stack is black
    gc: mark A         scan grey object A: shade its fields' targets; A is black
    gc: drain          the mark worker's loop: scan the last-shaded grey object until none is left
    gc: finish         mark termination (no grey object, every stack scanned), then sweep

``Model.step`` returns an ``Event`` saying in plain words what happened and why; at ``finish``
it reports every freed object the program can still reach (a ``Violation``), naming the write
that hid it from the GC. ``find_lost_object`` searches interleavings (of a given program, or of
every program up to a length) for such a schedule, or proves there is none.

Hooks for the labs (``course.labkit`` plugs a student's functions in through them): every
heap or global pointer write goes through ``Model.writePointer`` (the barrier, then the store),
and ``gc: drain`` through ``Model.gcDrain``; grey objects wait in ``Model.work`` in the order
they were shaded (Go's ``gcWork``, a stack: the drain takes the last one first).

Simplified: one pointer field per slot name, no sweeping in the background (``finish`` frees all
white objects at once), no stack growth or shrinking, and a stack scan is atomic.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

__all__ = ["WHITE", "GREY", "BLACK", "BARRIERS", "Event", "Violation", "Model", "run", "find_lost_object",
           "mutator_actions"]

WHITE, GREY, BLACK = "white", "grey", "black"
BARRIERS = ("hybrid", "hybrid-grey-stack", "dijkstra", "yuasa", "off")
GLOBALS = "globals"

_LOAD = re.compile(r"(\w+) = (\w+)\.(\w+)$")
_STORE = re.compile(r"(\w+)\.(\w+) = (\w+)$")
_NEW = re.compile(r"(\w+) = new\((\w+)\)$")
_COPY = re.compile(r"(\w+) = (\w+)$")


@dataclass(frozen=True)
class Event:
    """One step: who did what, in plain words, and what it did to the colours."""

    step: int
    actor: str  # "g1", "gc"
    action: str  # the step as written, "y = x.f"
    explanation: str
    shaded: tuple[str, ...] = ()  # objects this step turned grey
    blackened: tuple[str, ...] = ()
    freed: tuple[str, ...] = ()
    violations: tuple["Violation", ...] = ()
    state: dict = field(default_factory=dict, compare=False, repr=False)  # Model.snapshot() after

    def __str__(self) -> str:
        return f"{self.step:3d} {self.actor}: {self.action:18s} {self.explanation}"


@dataclass(frozen=True)
class Violation:
    """A freed object the program can still reach, and the writes that hid it."""

    obj: str
    path: tuple[str, ...]  # from a root to the object: ("g1.y", "B") or ("globals", "A.f", "B")
    hidden_by: Event | None  # the write that removed the last pointer the GC had still to scan
    stored_by: Event | None  # the write that put it where the GC had already looked
    explanation: str


class Model:
    """The heap, the stacks and the GC's state; ``step`` advances it by one action.

    ``objects`` maps an object's name to its fields (name -> target object or None); ``globals``
    the global variables; ``stacks`` each goroutine's locals."""

    def __init__(self, objects: dict[str, dict[str, str | None]], stacks: dict[str, dict[str, str | None]],
                 globals: dict[str, str | None] | None = None, barrier: str = "hybrid"):
        if barrier not in BARRIERS:
            raise ValueError(f"barrier must be one of {BARRIERS}, not {barrier!r}")
        self.barrier = barrier
        self.fields: dict[str, dict[str, str | None]] = {o: dict(f) for o, f in objects.items()}
        self.fields[GLOBALS] = dict(globals or {})
        self.stacks: dict[str, dict[str, str | None]] = {g: dict(loc) for g, loc in stacks.items()}
        self.color: dict[str, str] = {o: WHITE for o in self.fields}
        self.stack_color: dict[str, str] = {g: GREY for g in self.stacks}
        self.work: list[str] = []  # the grey objects, in the order they were shaded (gcWork)
        self.phase = "off"  # "off" (no GC running) or "mark"
        self.freed: set[str] = set()
        self.events: list[Event] = []
        self.last_write: dict[tuple[str, str], int] = {}  # (holder, slot) -> step of the last write
        self.unlinked: dict[str, int] = {}  # object -> step that removed a pointer to it from unscanned memory
        self.record = True  # keep a snapshot of the state in every event (the search turns it off)
        for o, fs in self.fields.items():
            for f, t in fs.items():
                self._check_target(t, f"{o}.{f}")
        for g, loc in self.stacks.items():
            for v, t in loc.items():
                self._check_target(t, f"{g}.{v}")

    # ---- state -------------------------------------------------------------------------------

    def copy(self) -> "Model":
        m = Model.__new__(Model)
        m.barrier, m.phase = self.barrier, self.phase
        m.fields = {o: dict(f) for o, f in self.fields.items()}
        m.stacks = {g: dict(v) for g, v in self.stacks.items()}
        m.color, m.stack_color = dict(self.color), dict(self.stack_color)
        m.work = list(self.work)
        m.freed, m.events = set(self.freed), list(self.events)
        m.last_write, m.unlinked = dict(self.last_write), dict(self.unlinked)
        m.record = self.record
        return m

    def key(self) -> tuple:
        """A hashable summary of everything that decides the future (for the search)."""
        return (self.phase,
                frozenset((o, f, t) for o, fs in self.fields.items() for f, t in fs.items()),
                frozenset(self.color.items()),
                frozenset((g, v, t) for g, loc in self.stacks.items() for v, t in loc.items()),
                frozenset(self.stack_color.items()),
                frozenset(self.freed))

    def snapshot(self) -> dict:
        """Colours, edges and stacks, for a view: {"objects": {name: {"color", "fields"}}, ...}."""
        return {"phase": self.phase, "barrier": self.barrier,
                "objects": {o: {"color": self.color[o], "fields": dict(f)} for o, f in self.fields.items()},
                "stacks": {g: {"color": self.stack_color[g], "locals": dict(v)} for g, v in self.stacks.items()},
                "grey": sorted(self.grey()), "freed": sorted(self.freed)}

    def grey(self) -> set[str]:
        return {o for o, c in self.color.items() if c == GREY}

    def reachable(self) -> dict[str, tuple[str, ...]]:
        """Every object the program can reach from its roots, with one path to it:
        ``("g1.y", "B", "C")`` is local y of g1 -> B -> C; ``("globals", "A")`` starts at the globals."""
        paths: dict[str, tuple[str, ...]] = {GLOBALS: (GLOBALS,)}
        todo: list[str] = [GLOBALS]
        for g, loc in sorted(self.stacks.items()):
            for v, t in sorted(loc.items()):
                if t is not None and t not in paths:
                    paths[t] = (f"{g}.{v}", t)
                    todo.append(t)
        while todo:
            o = todo.pop(0)
            for f, t in sorted(self.fields.get(o, {}).items()):
                if t is not None and t not in paths:
                    paths[t] = paths[o] + (t,)
                    todo.append(t)
        return paths

    def mark_done(self) -> bool:
        return self.phase == "mark" and not self.grey() and all(c == BLACK for c in self.stack_color.values())

    def gc_moves(self) -> list[str]:
        """The GC steps possible now (``gc: ...`` without the prefix)."""
        if self.phase == "off":
            return ["start"]
        moves = [f"scan {g}" for g, c in self.stack_color.items() if c == GREY]
        moves += [f"mark {o}" for o in sorted(self.grey())]
        if self.mark_done():
            moves.append("finish")
        return moves

    # ---- steps -------------------------------------------------------------------------------

    def step(self, line: str) -> Event:
        """Do one step, ``"g1: y = x.f"`` or ``"gc: mark A"``; returns what happened."""
        actor, _, action = (s.strip() for s in line.partition(":"))
        if not action:
            raise ValueError(f"a step is 'actor: action', like 'g1: y = x.f' or 'gc: mark A', not {line!r}")
        n = len(self.events) + 1
        ev = self._gc(n, action) if actor == "gc" else self._mutator(n, actor, action)
        if self.record:
            ev = Event(ev.step, ev.actor, ev.action, ev.explanation, ev.shaded, ev.blackened, ev.freed,
                       ev.violations, self.snapshot())
        self.events.append(ev)
        return ev

    def _shade(self, o: str | None, shaded: list[str]) -> None:
        """Go: runtime/mgcmark.go, shade: a white object turns grey (joins the GC's work)."""
        if o is not None and self.color.get(o) == WHITE:
            self.color[o] = GREY
            self.work.append(o)
            shaded.append(o)

    def _gc(self, n: int, action: str) -> Event:
        shaded: list[str] = []
        if action == "start":
            if self.phase != "off":
                raise ValueError("gc: start while a GC is running")
            self.phase = "mark"
            for g in self.stack_color:
                self.stack_color[g] = GREY
            self.last_write.clear()
            self.unlinked.clear()
            self._shade(GLOBALS, shaded)
            return Event(n, "gc", action, "Stop the world, turn the write barrier on and allocate black from now "
                         "on; the globals are grey and every goroutine's stack is grey (not scanned yet). "
                         "Start the world: marking runs alongside the program.", tuple(shaded))
        if self.phase != "mark":
            raise ValueError(f"gc: {action} but no GC is running (gc: start first)")
        if action.startswith("scan "):
            g = action[5:].strip()
            if self.stack_color.get(g) != GREY:
                raise ValueError(f"gc: {action}: {g} is not a goroutine with an unscanned stack")
            for v, t in sorted(self.stacks[g].items()):
                self._shade(t, shaded)
            self.stack_color[g] = BLACK
            what = f"shades {', '.join(shaded)}" if shaded else "finds nothing new"
            return Event(n, "gc", action, f"The GC stops {g} and scans its stack: it {what}. {g}'s stack is "
                         "black now and is never scanned again in this cycle.", tuple(shaded))
        if action.startswith("mark "):
            o = action[5:].strip()
            if self.color.get(o) != GREY:
                raise ValueError(f"gc: {action}: {o} is not grey")
            self.work.remove(o)
            self._scanobject(o, shaded)
            what = f"shades {', '.join(shaded)}" if shaded else "finds no white object"
            name = "the globals" if o == GLOBALS else o
            return Event(n, "gc", action, f"The GC scans {name}: it {what}; {name} {'are' if o == GLOBALS else 'is'} black.",
                         tuple(shaded), (o,))
        if action == "drain":
            order = self.gcDrain(shaded)
            what = (f"scans {', '.join(order)} (the last shaded first), greying {', '.join(shaded)} on the way"
                    if shaded else f"scans {', '.join(order)}") if order else "finds no grey object"
            return Event(n, "gc", action, f"The mark worker drains its work queue: it {what}. No grey "
                         "object is left.", tuple(shaded), tuple(order))
        if action == "finish":
            if not self.mark_done():
                raise ValueError("gc: finish before marking is done (grey objects or unscanned stacks remain)")
            reach = self.reachable()
            white = sorted(o for o, c in self.color.items() if c == WHITE)
            violations = tuple(self._violation(o, reach) for o in white if o in reach and self._is_entry(o))
            lost = [o for o in white if o in reach]
            for o in white:
                self.freed.add(o)
                del self.fields[o]
                del self.color[o]
            for o in self.color:
                self.color[o] = WHITE  # the mark bits are cleared for the next cycle
            self.work.clear()
            self.phase = "off"
            text = ("Mark termination: no grey object is left and every stack is scanned. The sweep frees "
                    f"the white objects: {', '.join(white) if white else 'none'}.")
            if lost:
                text += (f" BUG: {', '.join(lost)} {'is' if len(lost) == 1 else 'are'} still reachable: "
                         + " ".join(v.explanation for v in violations))
            return Event(n, "gc", action, text, (), (), tuple(white), violations)
        raise ValueError(f"unknown GC step {action!r} (start, scan <g>, mark <object>, finish)")

    def _mutator(self, n: int, g: str, action: str) -> Event:
        if g not in self.stacks:
            raise ValueError(f"unknown goroutine {g!r}")
        loc = self.stacks[g]
        shaded: list[str] = []
        if m := _LOAD.match(action):
            dst, src, f = m.groups()
            o = self._deref(g, src)
            t = self.fields[o].get(f)
            old = loc.get(dst)
            loc[dst] = t
            self._record_write(n, g, dst, old, holder_scanned=self.stack_color[g] == BLACK)
            note = (f" Stack writes have no write barrier: {g}'s stack is already scanned (black), so the GC "
                    f"will not see this copy." if self.phase == "mark" and self.stack_color[g] == BLACK and t
                    else "")
            return Event(n, g, action, f"{g} loads {o}.{f} ({t or 'nil'}) into its local {dst}.{note}")
        if m := _STORE.match(action):
            dst, f, src = m.groups()
            o = self._deref(g, dst)
            t = None if src == "nil" else self._local(g, src)
            old = self.fields[o].get(f)
            text = f"{g} writes {o}.{f} = {t or 'nil'} (it was {old or 'nil'})."
            text += self.writePointer(g, o, f, t, shaded)
            self._record_write(n, o, f, old, holder_scanned=self.color[o] == BLACK)
            return Event(n, g, action, text, tuple(shaded))
        if m := _NEW.match(action):
            dst, name = m.groups()
            if name in self.fields or name in self.freed:
                raise ValueError(f"{g}: {action}: an object named {name} already exists")
            self.fields[name] = {}
            self.color[name] = BLACK if self.phase == "mark" else WHITE
            old = loc.get(dst)
            loc[dst] = name
            self._record_write(n, g, dst, old, holder_scanned=self.stack_color[g] == BLACK)
            why = (" During marking, new objects are allocated black: the GC will not free them this cycle."
                   if self.phase == "mark" else "")
            return Event(n, g, action, f"{g} allocates {name} and keeps it in {dst}.{why}",
                         (), (name,) if self.phase == "mark" else ())
        if m := _COPY.match(action):
            dst, src = m.groups()
            t = None if src == "nil" else self._local(g, src)
            old = loc.get(dst)
            loc[dst] = t
            self._record_write(n, g, dst, old, holder_scanned=self.stack_color[g] == BLACK)
            return Event(n, g, action, f"{g} sets its local {dst} = {t or 'nil'} (a stack write: no barrier).")
        raise ValueError(f"{g}: cannot read {action!r} (y = x.f, x.f = y, x.f = nil, y = x, y = nil, y = new(N))")

    def _scanobject(self, o: str, shaded: list[str]) -> None:
        """Go: runtime/mgcmark.go, scanobject: shade every field's target; o is black."""
        for f, t in sorted(self.fields[o].items()):
            self._shade(t, shaded)
        self.color[o] = BLACK

    def gcDrain(self, shaded: list[str]) -> list[str]:
        """Go: runtime/mgcmark.go, gcDrain: take the last grey object off the work queue and scan
        it, until the queue is empty. Returns the objects scanned, in order (a lab replaces it)."""
        order = []
        while self.work:
            o = self.work.pop()
            self._scanobject(o, shaded)
            order.append(o)
        return order

    def writePointer(self, g: str, o: str, f: str, ptr: str | None, shaded: list[str]) -> str:
        """Go: runtime/mbarrier.go (the compiler's write barrier, then ``*slot = ptr``): goroutine g
        writes ptr into o.f. The barrier runs while marking. Returns what it did, in words (a lab
        replaces this method)."""
        text = self._barrier(g, self.fields[o].get(f), ptr, shaded) if self.phase == "mark" else ""
        self.fields[o][f] = ptr
        return text

    def _barrier(self, g: str, old: str | None, new: str | None, shaded: list[str]) -> str:
        """The write barrier of a heap or global pointer write: which halves run, what they shade."""
        b = self.barrier
        if b == "off":
            return " No write barrier."
        parts = []
        if b in ("hybrid", "hybrid-grey-stack", "yuasa"):
            before = len(shaded)
            self._shade(old, shaded)
            parts.append(f"shade(*slot) greys {old}" if len(shaded) > before else
                         f"shade(*slot): {old or 'nil'} needs nothing")
        insert = b in ("hybrid", "dijkstra") or (b == "hybrid-grey-stack" and self.stack_color[g] == GREY)
        if insert:
            before = len(shaded)
            self._shade(new, shaded)
            parts.append(f"shade(ptr) greys {new}" if len(shaded) > before else
                         f"shade(ptr): {new or 'nil'} needs nothing")
        elif b == "hybrid-grey-stack":
            parts.append(f"{g}'s stack is black, so ptr is not shaded")
        return f" Write barrier ({b}): " + "; ".join(parts) + "."

    def _record_write(self, n: int, holder: str, slot: str, old: str | None, holder_scanned: bool) -> None:
        """Remember who wrote each slot, and which writes removed a pointer the GC had still to scan."""
        if self.phase != "mark":
            return
        self.last_write[(holder, slot)] = n
        if old is not None and not holder_scanned and self.color.get(old) == WHITE:
            self.unlinked[old] = n

    def _is_entry(self, o: str) -> bool:
        """A lost object held directly by memory the GC had scanned (not only via other lost ones)."""
        holders = [h for h in self._holders(o) if not (h[0] in self.color and self.color[h[0]] == WHITE)]
        return bool(holders)

    def _holders(self, o: str) -> list[tuple[str, str]]:
        out = [(h, f) for h, fs in self.fields.items() for f, t in fs.items() if t == o]
        out += [(g, v) for g, loc in self.stacks.items() for v, t in loc.items() if t == o]
        return sorted(out)

    def _violation(self, o: str, reach: dict[str, tuple[str, ...]]) -> Violation:
        by_step = {e.step: e for e in self.events}
        holders = [h for h in self._holders(o) if not (h[0] in self.color and self.color[h[0]] == WHITE)]
        writes = sorted((self.last_write[h], h) for h in holders if h in self.last_write)
        stored = by_step.get(writes[-1][0]) if writes else None
        hidden = by_step.get(self.unlinked.get(o, -1))
        where = " and ".join(f"{h}.{s}" for h, s in holders)
        text = f"{o} is freed but {where} still points to it."
        if stored is not None:
            kind = ("a stack write, which never has a write barrier" if writes[-1][1][0] in self.stacks
                    else "a heap write")
            text += (f" Step {stored.step} ({stored.actor}: {stored.action}) put it there, {kind}, into memory "
                     "the GC had already scanned (black).")
        if hidden is not None:
            text += (f" Step {hidden.step} ({hidden.actor}: {hidden.action}) then removed the pointer to {o} "
                     "from memory the GC had not scanned yet, so the GC never found it: that write hid it.")
            if self.barrier in ("off", "dijkstra"):
                text += " A deletion barrier (shade(*slot)) on it would have greyed " + o + "."
        elif stored is not None and self.barrier in ("off", "yuasa"):
            text += " An insertion barrier (shade(ptr)) would have greyed it."
        return Violation(o, reach[o], hidden, stored, text)

    def _local(self, g: str, v: str) -> str | None:
        if v not in self.stacks[g]:
            raise ValueError(f"{g} has no local {v!r}")
        return self.stacks[g][v]

    def _deref(self, g: str, v: str) -> str:
        if v == GLOBALS:
            return GLOBALS
        o = self._local(g, v)
        if o is None:
            raise ValueError(f"{g}: nil pointer dereference of {v}")
        if o in self.freed:
            raise ValueError(f"{g}: {v} points to {o}, which the GC has freed (use after free)")
        return o

    def _check_target(self, t: str | None, where: str) -> None:
        if t is not None and t not in self.fields:
            raise ValueError(f"{where} points to {t!r}, which is not an object")


def run(model: Model, schedule: list[str]) -> list[Event]:
    """Do every step of ``schedule`` on (a copy of) ``model``; returns the events."""
    m = model.copy()
    m.events = []
    return [m.step(s) for s in schedule]


def mutator_actions(model: Model, g: str, fields: tuple[str, ...] = ("f",), globals_: tuple[str, ...] = ("p",),
                    allocate: bool = False) -> list[str]:
    """Every action goroutine ``g`` could take on its locals (for the exhaustive search)."""
    loc = sorted(model.stacks[g])
    acts = []
    for d, s, f in itertools.product(loc, loc, fields):
        acts += [f"{d} = {s}.{f}", f"{s}.{f} = {d}"]
    for s, f in itertools.product(loc, fields):
        acts.append(f"{s}.{f} = nil")
    for d, f in itertools.product(loc, globals_):
        acts += [f"{d} = globals.{f}", f"globals.{f} = {d}"]
    acts += [f"globals.{f} = nil" for f in globals_]
    acts += [f"{d} = {s}" for d, s in itertools.product(loc, loc) if d != s]
    acts += [f"{d} = nil" for d in loc]
    if allocate:
        acts += [f"{d} = new(N)" for d in loc]
    return acts


def find_lost_object(model: Model, programs: dict[str, list[str]] | None = None, *, steps: int = 3,
                     alphabet: dict[str, list[str]] | None = None, limit: int = 2_000_000
                     ) -> tuple[list[str] | None, int]:
    """Search schedules for one that frees an object the program can still reach.

    With ``programs`` (goroutine -> its steps), every interleaving of those steps with every order
    of GC work is tried. Without, every goroutine may take any action of ``alphabet`` (default:
    ``mutator_actions``), up to ``steps`` mutator actions in all: a bounded proof over all
    programs. The GC starts first (``gc: start``). Returns ``(schedule, states)``: the first
    schedule found (or None: there is none, within the bound) and how many states were visited.
    A state is visited once (the future depends only on it), which keeps the search small."""
    m0 = model.copy()
    m0.events = []
    m0.record = False
    if programs is None and alphabet is None:
        alphabet = {g: mutator_actions(m0, g) for g in m0.stacks}
    seen: dict = {}  # state -> the largest budget it was explored with
    path: list[str] = []
    found: list[str] | None = None

    def pcs_of(pcs):
        return tuple(sorted(pcs.items()))

    def dfs(m: Model, pcs: dict[str, int], budget: int) -> bool:
        nonlocal found
        k = (m.key(), pcs_of(pcs))
        if seen.get(k, -1) >= budget:
            return False  # explored already, with at least as many steps left
        seen[k] = budget
        if len(seen) > limit:
            raise RuntimeError(f"search limit of {limit} states reached")
        moves: list[tuple[str, dict[str, int], int]] = []
        if m.phase == "mark":
            for gm in m.gc_moves():
                moves.append(("gc: " + gm, pcs, budget))
        if programs is not None:
            for g, prog in programs.items():
                if pcs[g] < len(prog):
                    moves.append((f"{g}: {prog[pcs[g]]}", {**pcs, g: pcs[g] + 1}, budget))
        elif budget > 0:
            for g, acts in alphabet.items():
                moves += [(f"{g}: {a}", pcs, budget - 1) for a in acts]
        for line, npcs, nb in moves:
            m2 = m.copy()
            try:
                ev = m2.step(line)
            except ValueError:
                continue  # not possible here (nil dereference, use after free ...)
            path.append(line)
            if ev.violations:
                found = list(path)
                return True
            if m2.phase == "mark" and dfs(m2, npcs, nb):
                return True
            path.pop()
        return False

    m0.step("gc: start")
    path.append("gc: start")
    dfs(m0, {g: 0 for g in (programs or {})}, steps)
    return found, len(seen)
