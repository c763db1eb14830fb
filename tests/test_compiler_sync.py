"""sync in the front end (part 2): sync.Mutex, RWMutex, WaitGroup, Once and time.AfterFunc
compiled to isa's OP_NEWSYNC .. OP_AFTERFUNC, the gate's names for them, and Go 1.19's error
messages.

Conventions (course/compiler/codegen.py): a sync variable's slot holds the runtime's sync id,
made by ``NEWSYNC dst, kind`` where the variable is declared (the zero value is ready to use);
``&x`` and a ``*sync.T`` parameter carry that same id; ``mu.Lock()`` is ``MUTEXLOCK mu``,
``wg.Add(n)`` ``WGADD wg, n, 0`` and ``wg.Done()`` ``WGADD wg, _, 1``; ``once.Do(f)`` is
written out as sync/once.go's Do and doSlow. Copying a sync value (which Go allows and vet
rejects) is refused: the model's copy would share the original's state.

Every expected text in ``GO_ERRORS`` was printed by ``go build`` (go1.19.8) for the same source.
"""
from __future__ import annotations

import pytest

from course import isa
from course.compiler import GoCompileError, compile_source
from course.compiler import gate
from course.runtime2 import SYNC_MUTEX, SYNC_ONCE, SYNC_RWMUTEX, SYNC_WAITGROUP

ALL_OPS = frozenset(isa.OPNAMES)
SYNC_OPS = frozenset(range(isa.OP_NEWSYNC, isa.OP_LAST_PART2 + 1))
UNSUPPORTED = "is not supported in this course's Go subset (yet)"


def prog(body: str, top: str = "", imports: str = '"sync"') -> str:
    return f"package main\n\nimport (\n\t{imports}\n)\n\n{top}\nfunc main() {{\n{body}\n}}\n"


def code_of(img: isa.Image, name: str = "main.main") -> list[tuple]:
    fid = img.func_names.index(name)
    start = int(img.funcs[fid, isa.F_ENTRY])
    ends = sorted(int(e) for e in img.funcs[:, isa.F_ENTRY] if int(e) > start)
    end = ends[0] if ends else len(img.code)
    return [(isa.OPNAMES[int(r[0])], *map(int, r[1:])) for r in img.code[start:end]]


def ops(img, name="main.main") -> list[str]:
    return [r[0] for r in code_of(img, name)]


def errors(src: str) -> list[str]:
    with pytest.raises(GoCompileError) as ei:
        compile_source(src, "prog.go", "1.19")
    return [ln for ln in str(ei.value).splitlines() if ln.strip() and not ln.startswith("#")]


def test_zero_values_are_made_where_declared():
    img = compile_source(prog("\tvar mu sync.Mutex\n\tvar rw sync.RWMutex\n\tvar wg sync.WaitGroup\n\tvar o sync.Once\n"
                              "\tmu.Lock()\n\trw.RLock()\n\twg.Wait()\n\to.Do(func() {})"))
    news = [r for r in code_of(img) if r[0] == "NEWSYNC"]
    assert [r[2] for r in news] == [SYNC_MUTEX, SYNC_RWMUTEX, SYNC_WAITGROUP, SYNC_ONCE]
    code = code_of(img)
    lock = next(r for r in code if r[0] == "MUTEXLOCK" and r[2] == 0)
    assert lock[1] == news[0][1]  # Lock on mu's slot
    assert next(r for r in code if r[0] == "RLOCK")[1] == news[1][1]
    assert next(r for r in code if r[0] == "WGWAIT")[1] == news[2][1]


def test_a_declaration_in_a_loop_makes_a_new_value_each_time():
    """Each iteration's mu is a new, unlocked Mutex (one shared id would deadlock)."""
    import course

    res = course.compile(prog('\tfor i := 0; i < 3; i++ {\n\t\tvar mu sync.Mutex\n\t\tmu.Lock()\n\t}\n\tprintln("ok")')).run(gomaxprocs=1)
    assert res.exit_code == 0 and res.stderr == "ok\n"


def test_package_level_and_captured_sync_values():
    img = compile_source(prog("\tgo func() {\n\t\tmu.Lock()\n\t}()\n\tvar wg sync.WaitGroup\n\tf := func() { wg.Done() }\n\tf()",
                              top="var mu sync.Mutex\n"))
    assert ops(img, "runtime.main")[:2] == ["NEWSYNC", "STOREG"]  # package initialisation
    assert code_of(img, "main.main.func1")[:2] == [("LOADG", 6, 0, 0, 0), ("MUTEXLOCK", 6, 0, 0, 0)]
    code = code_of(img)
    new = next(r for r in code if r[0] == "NEWSYNC")
    assert any(r[0] == "NEWCELL" and r[2] == new[1] for r in code)  # captured: boxed in a cell
    assert ("WGADD" in ops(img, "main.main.func2"))


def test_method_shapes():
    img = compile_source(prog("\tvar mu sync.Mutex\n\tvar rw sync.RWMutex\n\tvar wg sync.WaitGroup\n"
                              "\tok := mu.TryLock()\n\t_ = ok\n\tmu.Unlock()\n\trw.Lock()\n\trw.Unlock()\n\trw.RUnlock()\n"
                              "\twg.Add(3)\n\twg.Done()"))
    code = code_of(img)
    names = [r[0] for r in code]
    for op in ("MUTEXTRYLOCK", "MUTEXUNLOCK", "RWLOCK", "RWUNLOCK", "RUNLOCK"):
        assert op in names
    adds = [r for r in code if r[0] == "WGADD"]
    assert [r[3] for r in adds] == [0, 1]  # Add(n), then Done
    three = adds[0][2]
    consts = [r for r in code if r[0] == "CONST" and r[1] == three]
    assert consts and consts[-1][2] == 3


def test_once_do_is_written_out_as_do_and_doslow():
    img = compile_source(prog("\tvar o sync.Once\n\to.Do(func() {})"))
    seq = [r for r in code_of(img) if r[0] in ("ONCEDONE", "JNZ", "MUTEXLOCK", "CALLC", "CALL", "ONCESET", "MUTEXUNLOCK")]
    assert [r[0] for r in seq][:1] == ["ONCEDONE"]
    names = [r[0] for r in seq]
    assert names[:3] == ["ONCEDONE", "JNZ", "MUTEXLOCK"] and names[3:5] == ["ONCEDONE", "JNZ"]
    assert names[-2:] == ["ONCESET", "MUTEXUNLOCK"]
    assert seq[2][2] == 1 and seq[-1][2] == 1  # o.m of doSlow (tracebacks name Once)


def test_pointers_carry_the_same_id():
    src = ("package main\n\nimport \"sync\"\n\nfunc worker(wg *sync.WaitGroup, mu *sync.Mutex) {\n"
           "\tmu.Lock()\n\tmu.Unlock()\n\twg.Done()\n}\n\nfunc main() {\n\tvar wg sync.WaitGroup\n\tvar mu sync.Mutex\n"
           "\twg.Add(1)\n\tgo worker(&wg, &mu)\n\twg.Wait()\n}\n")
    img = compile_source(src)
    code = code_of(img)
    news = [r[1] for r in code if r[0] == "NEWSYNC"]
    go = next(r for r in code if r[0] == "GO")
    movs = {r[1]: r[2] for r in code if r[0] == "MOV"}
    args = [movs.get(go[2] + i, go[2] + i) for i in range(go[3])]
    assert args == news
    w = code_of(img, "main.worker")
    assert [r[0] for r in w if r[0] in ("MUTEXLOCK", "MUTEXUNLOCK", "WGADD")] == ["MUTEXLOCK", "MUTEXUNLOCK", "WGADD"]
    assert {r[1] for r in w if r[0] in ("MUTEXLOCK", "MUTEXUNLOCK")} == {isa.FRAME_HDR + 1}


def test_go_and_defer_of_sync_methods():
    img = compile_source(prog("\tvar wg sync.WaitGroup\n\tvar mu sync.Mutex\n\tmu.Lock()\n\tdefer mu.Unlock()\n"
                              "\twg.Add(1)\n\tgo wg.Done()\n\twg.Wait()"))
    assert "DEFER" in ops(img) and "GO" in ops(img)


def test_afterfunc():
    img = compile_source(prog("\tt := time.AfterFunc(time.Second, func() {})\n\t_ = t.Stop()", imports='"time"'))
    code = code_of(img)
    af = next(r for r in code if r[0] == "AFTERFUNC")
    assert any(r[0] == "TIMERSTOP" and r[2] == af[1] for r in code)


GO_ERRORS = [
    pytest.param(prog("\tvar mu sync.Mutex; mu.Lock(1)"),
                 ["./prog.go:9:29: too many arguments in call to mu.Lock", "\thave (number)", "\twant ()"], id="args"),
    pytest.param(prog('\tvar wg sync.WaitGroup; wg.Add("x")'),
                 ['./prog.go:9:32: cannot use "x" (untyped string constant) as int value in argument to wg.Add'], id="add_type"),
    pytest.param(prog("\tvar wg sync.WaitGroup; x := wg.Wait(); _ = x"),
                 ["./prog.go:9:30: wg.Wait() (no value) used as value"], id="no_value"),
    pytest.param(prog("\tvar mu sync.Mutex; mu.Lck()"),
                 ["./prog.go:9:24: mu.Lck undefined (type sync.Mutex has no field or method Lck)"], id="no_method"),
    pytest.param(prog("\tvar o sync.Once; o.Do(1)"),
                 ["./prog.go:9:24: cannot use 1 (untyped int constant) as func() value in argument to o.Do"], id="do_arg"),
    pytest.param(prog("\tvar mu sync.Mutex; ok := mu.TryLock(); _ = ok + 1"),
                 ["./prog.go:9:45: invalid operation: ok + 1 (mismatched types bool and untyped int)"], id="trylock_bool"),
]


@pytest.mark.parametrize("src,expected", GO_ERRORS)
def test_go_error_messages(src, expected):
    assert errors(src) == expected


SUBSET_ERRORS = [
    pytest.param(prog("\tvar mu sync.Mutex\n\tmu2 := mu\n\tmu2.Lock()"),
                 f"./prog.go:10:9: copying a sync.Mutex value (pass &mu) {UNSUPPORTED}", id="copy_define"),
    pytest.param(prog("\tvar wg sync.WaitGroup\n\tf := func(w sync.WaitGroup) {}\n\tf(wg)"),
                 f"./prog.go:11:4: copying a sync.WaitGroup value (pass &wg) {UNSUPPORTED}", id="copy_arg"),
    pytest.param(prog("\tvar mu sync.Mutex\n\tfmt.Println(&mu)", imports='"fmt"\n\t"sync"'),
                 f"./prog.go:11:14: printing a *sync.Mutex value {UNSUPPORTED}", id="print"),
    pytest.param(prog("\tvar rw sync.RWMutex\n\t_ = rw.RLocker()"),
                 f"./prog.go:10:9: method (*sync.RWMutex).RLocker {UNSUPPORTED}", id="rw_rlocker"),
    pytest.param(prog("\tvar m sync.Map\n\t_ = m"), f"./prog.go:9:13: sync.Map {UNSUPPORTED}", id="sync_map"),
    pytest.param(prog("\tx := 1\n\tp := &x\n\t_ = p"), f"./prog.go:10:7: address-of operator & {UNSUPPORTED}", id="addr_int"),
    pytest.param(prog("\tvar p *chan int\n\t_ = p"), f"./prog.go:9:8: pointer type {UNSUPPORTED}", id="pointer_chan"),
]


@pytest.mark.parametrize("src,expected", SUBSET_ERRORS)
def test_outside_the_subset(src, expected):
    assert expected in errors(src)


def test_gate_names_sync_constructs(monkeypatch):
    monkeypatch.setattr(gate, "supported_ops", lambda: ALL_OPS - SYNC_OPS)
    msgs = errors(prog("\tvar wg sync.WaitGroup\n\twg.Wait()"))
    assert msgs == [f"./prog.go:9:6: sync.WaitGroup {UNSUPPORTED}"]
    monkeypatch.setattr(gate, "supported_ops", lambda: ALL_OPS - {isa.OP_WGWAIT})
    assert errors(prog("\tvar wg sync.WaitGroup\n\twg.Wait()")) == [f"./prog.go:10:2: (*sync.WaitGroup).Wait {UNSUPPORTED}"]


def test_nil_pointer_method_panics_like_go():
    import course

    res = course.compile(prog("\tvar p *sync.Mutex\n\tp.Lock()")).run(gomaxprocs=1)
    assert res.exit_code == 2
    assert res.stderr.startswith("panic: runtime error: invalid memory address or nil pointer dereference\n"
                                 "[signal SIGSEGV: segmentation violation")
    assert "sync.(*Mutex).Lock(...)" in res.stderr
