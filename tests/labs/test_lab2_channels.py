"""Lab 2 (channels): chansend, chanrecv and closechan plugged into the runtime; the bonus,
selectgo's poll order and lock order.

The reference is the runtime's own behaviour on every test, every test's programs call what it
grades, and in the sandbox: the reference scores full marks, the starter nothing, "filling the
buffer while a receiver waits" loses exactly the direct-handoff tests, with feedback that shows
the channel (buffer, wait queue) the reference expected after the faulty send, and a poll order
that is not shuffled loses exactly the bonus's poll-order tests, fairness named.
"""
from __future__ import annotations

import pytest
from lab_helpers import LABS, assert_loses_exactly, grade_class

from autograder.labspec import load_lab
from course import labkit

pytestmark = pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")

LAB = "lab2-channels"
BONUS = "bonus: "  # the names of the bonus tests (q4: 4 points above the lab's 12)
POLL_TESTS = {"bonus: select picks the cases Go picks (same seed)", "bonus: select is fair",
              "bonus: poll and lock orders, more seeds and a repeated channel"}
NO_SHUFFLE = ("        j = 0 if nonrandom else fastrandn(S, m, norder + 1)\n",
              "        j = norder\n")
HANDOFF_TESTS = {"a value goes straight to a waiting receiver",
                 "waiting receivers get values first-come first-served",
                 "your program: waiting receivers"}
BUFFER_FIRST = ("""    sg = dequeue(S, m, c, HC_RECVQ_FIRST)
    if sg >= 0:
        send(S, m, gp, c, sg, val)
        return CH_DONE
    size = S.chans[c, HC_DATAQSIZ]
    if S.chans[c, HC_QCOUNT] < size:
        S.chanbuf[S.chans[c, HC_BUF] + S.chans[c, HC_SENDX]] = val
        S.chans[c, HC_SENDX] += 1
        if S.chans[c, HC_SENDX] == size:
            S.chans[c, HC_SENDX] = 0
        S.chans[c, HC_QCOUNT] += 1
        traceev(S, m, S.allm[m, M_P], gp, EV_CHANSEND, c, val, -1, R_CHAN_BUF)
        return CH_DONE
""", """    size = S.chans[c, HC_DATAQSIZ]
    if S.chans[c, HC_QCOUNT] < size:
        S.chanbuf[S.chans[c, HC_BUF] + S.chans[c, HC_SENDX]] = val
        S.chans[c, HC_SENDX] += 1
        if S.chans[c, HC_SENDX] == size:
            S.chans[c, HC_SENDX] = 0
        S.chans[c, HC_QCOUNT] += 1
        traceev(S, m, S.allm[m, M_P], gp, EV_CHANSEND, c, val, -1, R_CHAN_BUF)
        return CH_DONE
    sg = dequeue(S, m, c, HC_RECVQ_FIRST)
    if sg >= 0:
        send(S, m, gp, c, sg, val)
        return CH_DONE
""")


@pytest.fixture(scope="module")
def spec():
    return load_lab(LABS / LAB)


def test_a_substitute_chansend_is_called_by_the_vm(spec):
    ns = spec.reference
    orig, seen = labkit.original("chansend"), []

    def spy(*args):
        seen.append(args)
        return orig(*args)

    out = labkit.run_cases([ns["case"](ns["prog"](ns["UNBUFFERED"], N=3))], {"chansend": spy},
                           numba_check=False)
    assert len(seen) == 4 and out["runs"][0]["error"] is None  # 3 values and done <- true
    assert labkit._module("chan").chansend is orig


def test_the_reference_is_the_runtimes_own_behaviour_and_is_exercised(spec):
    for test in spec.plan("someone"):
        cases, plug = test.args
        assert test.expected == labkit.run_cases(
            cases, {n: labkit.original(n) for n in plug}, numba_check=False), test.name
        for run in test.expected["runs"]:
            assert set(plug) <= {c[2].split("(")[0] for c in run["calls"]}, test.name
            assert run["error"] is None and run["exit"] == 0


def test_the_reference_compiles_with_numba(spec):
    ns = spec.reference
    out = labkit.run_cases([ns["case"](ns["prog"](ns["CLOSE"], N=2))],
                           {n: ns[n] for n in ("chansend", "chanrecv", "closechan")})
    assert out["numba"] == {}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return grade_class(LAB, tmp_path_factory.mktemp("lab2"), {
        "reference": {}, "buffer_first": dict([BUFFER_FIRST]), "no_shuffle": dict([NO_SHUFFLE])})


def test_reference_full_starter_nothing(graded):
    g = graded[0]
    assert g["reference"].score == g["reference"].max_score == 16  # 12 + the 4 bonus points
    assert sum(t.max_score for t in g["reference"].tests if t.name.startswith(BONUS)) == 4
    assert g["starter"].score == 0


def test_filling_the_buffer_while_a_receiver_waits_loses_the_handoff_tests_only(graded):
    g, text = graded[0]["buffer_first"], graded[1]["buffer_first"]
    assert_loses_exactly(g, HANDOFF_TESTS)
    assert "after your chansend(G1, chan 0, 10, block=True)" in text
    assert "yours are chan 0 (cap 3): buffer [10], recvq [G5]" in text
    assert "hand the value to it directly" in text


def test_the_bonus_orders_are_the_runtimes_and_compile_with_numba(spec):
    ns = spec.reference
    cases = [ns["case"](ns["prog"](ns["FAIR"], N=30), seed=3),
             ns["case"](ns["prog"](ns["LOCKS"], FIRST="c1", SECOND="c0"))]
    plug = ("pollorder", "lockorder")
    mine = labkit.run_cases(cases, {n: ns[n] for n in plug})
    own = labkit.run_cases(cases, {n: labkit.original(n) for n in plug}, numba_check=False)
    assert mine["runs"] == own["runs"] and mine["numba"] == {}
    assert {c[2].split("(")[0] for run in own["runs"] for c in run["calls"]} == set(plug)


def test_an_unshuffled_poll_order_loses_the_poll_order_tests_only(graded):
    g, text = graded[0]["no_shuffle"], graded[1]["no_shuffle"]
    assert_loses_exactly(g, POLL_TESTS)
    assert "with three ready cases, the wins were not spread evenly" in text
    assert "is every position of the poll order equally likely?" in text
    assert "after your pollorder(3 cases) (call 1 of the run" in text
