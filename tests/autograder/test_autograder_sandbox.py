"""The sandbox: what student code can see and use, the plain-data wire, the fallback without
bubblewrap, and numba-compiled questions."""

from __future__ import annotations

import os

import nbformat
import pytest
from ag_helpers import LAB0, SECRET, SUBMISSIONS

from autograder import wire
from autograder.grading import grade
from autograder.labspec import load_lab
from autograder.sandbox import Limits, Sandbox, StudentCode, isolation

needs_bwrap = pytest.mark.skipif(isolation() != "bwrap", reason="needs bubblewrap")


def run(source: str, func: str = "f", args=(), mode=None, limits=Limits(call_timeout=5)):
    code = StudentCode(source, [(1, source.count("\n") + 1)])
    with Sandbox(code, limits, mode=mode) as box:
        return box.call(func, list(args), seed=1)


def test_student_code_gets_an_environment_built_from_scratch(monkeypatch):
    monkeypatch.setenv("AUTOGRADER_TEST_SECRET", SECRET)
    out = run("import os\ndef f():\n    return dict(os.environ)\n")
    assert out.kind == "value"
    assert SECRET not in str(out.value)
    assert set(out.value) <= {"PWD", "PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "PYTHONHASHSEED",
                              "PYTHONIOENCODING", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                              "MKL_NUM_THREADS", "NUMBA_NUM_THREADS", "NUMBA_CACHE_DIR",
                              "NUMBA_DISABLE_ERROR_MESSAGE_HIGHLIGHTING", "MPLBACKEND"}


@needs_bwrap
def test_student_code_cannot_see_the_lab_the_repository_or_other_sandboxes():
    out = run("import os\ndef f(lab):\n"
              "    return [os.path.exists(lab), sorted(os.listdir('/')), os.listdir('/in'),"
              " os.getcwd()]\n", args=[str(LAB0)])
    exists, root, inputs, cwd = out.value
    assert exists is False
    assert "work" not in root or not os.path.exists("/work/main/labs") or \
        "labs" not in str(root)
    assert sorted(inputs) == ["_runner.py", "submission.py", "wire.py"]
    assert cwd == "/sandbox"


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0, reason="the throw-away uid needs root")
def test_student_code_runs_as_a_throwaway_unprivileged_uid():
    out = run("import os\ndef f():\n    return [os.getuid(), os.getgid(), os.getgroups()]\n")
    uid, gid, groups = out.value
    assert uid >= 1_000_000 and gid == uid and groups == []


@needs_bwrap
def test_process_limit_stops_a_fork_bomb_early():
    out = run("import os\ndef f():\n    made = 0\n    for _ in range(200):\n        try:\n"
              "            pid = os.fork()\n        except OSError:\n            break\n"
              "        if pid == 0:\n            import time; time.sleep(5); os._exit(0)\n"
              "        made += 1\n    return made\n")
    assert out.kind == "value" and out.value < Limits().processes


def test_memory_limit_turns_a_huge_allocation_into_a_memory_error():
    out = run("def f():\n    return len(bytearray(8 * 1024 ** 3))\n")
    assert out.kind == "memory"


def test_a_timeout_restarts_the_process_and_grading_goes_on():
    code = StudentCode("def f(x):\n    while x:\n        pass\n    return 7\n", [(1, 4)])
    with Sandbox(code, Limits(call_timeout=0.3)) as box:
        kinds = [box.call("f", [x], seed=0).kind for x in (1, 0, 1, 0)]
        assert kinds == ["timeout", "value", "timeout", "value"]
        assert box.restarts == 2


def test_wire_refuses_anything_but_plain_data():
    for bad in ({"__t": "pickle", "v": "gASV"}, {"a": 1}, {"__t": "tuple"},
                {"__t": "ndarray", "dtype": "i8", "shape": [2], "v": [1]}):
        with pytest.raises(wire.WireError):
            wire.from_plain(bad)
    deep = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(wire.WireError):
        wire.from_plain(deep)
    with pytest.raises(wire.WireError):
        wire.loads(b"[" * 100_000)


def test_wire_round_trips_plain_values_and_names_everything_else():
    value = [1, 2.5, "s", None, True, (1, 2), {"k": [1]}, {(1, 2): "tuple key"}]
    assert wire.from_plain(wire.to_plain(value)) == value

    class Clever(int):
        def __eq__(self, other):
            return True

    assert wire.from_plain(wire.to_plain(Clever(3))) == 3
    assert type(wire.from_plain(wire.to_plain(Clever(3)))) is int
    odd = wire.from_plain(wire.to_plain(object()))
    assert isinstance(odd, wire.Unsupported) and odd.type_name == "object"


FALLBACK = {"correct": 12, "wrong_fixed_floor": 9, "exit_in_function": 0, "always_equal": 0,
            "fake_protocol": 0, "huge_output": 0, "deep_value": 0, "syntax_error": 0}


def test_without_bubblewrap_limits_and_plain_data_still_hold(monkeypatch, lab0):
    """The fallback (resource limits only) still grades honestly; the attacks it cannot stop
    (reading world-readable files, signalling the grader's uid, the network) are listed in
    labs/README.md."""
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "rlimits")
    assert isolation() == "rlimits"
    got = {}
    for name in FALLBACK:
        path = SUBMISSIONS / f"{name}.py"
        if not path.exists():
            path = SUBMISSIONS.parent / "hostile" / f"{name}.py"
        g = grade(lab0, path, name)
        assert g.isolation == "rlimits"
        got[name] = g.score
    assert got == FALLBACK
    assert run("def f():\n    while True:\n        pass\n", mode="rlimits",
               limits=Limits(call_timeout=0.3)).kind == "timeout"
    assert run("def f():\n    return len(bytearray(8 * 1024 ** 3))\n",
               mode="rlimits").kind == "memory"


# ------------------------------------------------------------------ numba questions

NUMBA_SETUP = ('from autograder.authoring import Lab\n'
               'lab = Lab("numba-lab", timeout=30)\n'
               'lab.question("q1", "collatz_steps", numba=True)')
NUMBA_SOLUTION = ("def collatz_steps(n):\n    ### BEGIN SOLUTION\n    steps = 0\n"
                  "    while n != 1:\n        n = n // 2 if n % 2 == 0 else 3 * n + 1\n"
                  "        steps += 1\n    return steps\n    ### END SOLUTION")
NUMBA_TESTS = ('lab.test("q1", 1, expect=0)\nlab.test("q1", 6, expect=8)\n'
               '### BEGIN HIDDEN TESTS\nlab.test("q1", 27)\n### END HIDDEN TESTS')


@pytest.fixture(scope="module")
def numba_lab(tmp_path_factory):
    pytest.importorskip("numba")
    folder = tmp_path_factory.mktemp("numba-lab")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in
                                         (NUMBA_SETUP, NUMBA_SOLUTION, NUMBA_TESTS)])
    nbformat.write(nb, folder / "numba-lab.ipynb")
    return load_lab(folder)


def test_numba_question_compiles_the_students_function(numba_lab, tmp_path):
    path = tmp_path / "good.py"
    path.write_text("def collatz_steps(n):\n    s = 0\n    while n != 1:\n"
                    "        n = n // 2 if n % 2 == 0 else 3 * n + 1\n        s += 1\n"
                    "    return s\n")
    assert grade(numba_lab, path, "good").score == 3
    # Python runs this; numba's nopython mode cannot type `object`, so it proves compilation:
    path.write_text("def collatz_steps(n):\n    return len(str(object())) * 0\n")
    g = grade(numba_lab, path, "strict")
    assert g.score == 0 and {t.kind for t in g.tests} == {"numba"}


def test_numba_typing_error_is_a_short_message_pointing_at_the_students_line(numba_lab,
                                                                            tmp_path):
    path = tmp_path / "typo.py"
    path.write_text("def collatz_steps(n):\n    steps = 0\n    while n != 1:\n"
                    "        n = n // 2 if n % 2 == 0 else 3 * n + 1\n"
                    "        steps = steps + 'one'\n    return steps\n")
    g = grade(numba_lab, path, "typo")
    message = g.tests[1].message
    assert message.startswith("numba could not compile collatz_steps: ")
    assert "at line 5: steps = steps + 'one'" in message
    assert len(message) < 400 and "Traceback" not in message
    assert g.tests[2].message == "Hidden test failed: numba could not compile your function."
