"""Size classes, roundupsize and growslice against Go 1.19's table and real runs."""
import os
import re
import shutil
import subprocess

import pytest

from course import sizeclasses as sc
from course.malloc import growslice_cap


def _go_table():
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True).stdout.strip()
    src = open(os.path.join(goroot, "src", "runtime", "sizeclasses.go")).read()
    m = re.search(r"var class_to_size = \[[^\]]*\]\w+\{([^}]*)\}", src)
    return [int(x) for x in m.group(1).split(",")]


def test_first_classes_and_limits():
    assert list(sc.class_to_size[1:11]) == [8, 16, 24, 32, 48, 64, 80, 96, 112, 128]
    assert len(sc.class_to_size) == 68 and sc.class_to_size[-1] == 32768


@pytest.mark.skipif(shutil.which("go") is None, reason="no Go toolchain")
def test_table_is_gos():
    assert list(sc.class_to_size) == _go_table()


def test_roundupsize_is_the_smallest_class_that_fits():
    sizes = list(sc.class_to_size[1:])
    for n in list(range(1, 2049)) + [3000, 9000, 20000, 32767, 32768]:
        want = min(s for s in sizes if s >= n)
        assert int(sc.roundupsize(n)) == want, n
        assert int(sc.class_to_size[sc.sizeclass(n)]) == want, n


def test_large_objects_round_to_pages():
    assert int(sc.roundupsize(32769)) == 40960
    assert int(sc.roundupsize(1 << 20)) == 1 << 20
    assert int(sc.roundupsize((1 << 20) + 1)) == (1 << 20) + 8192
    assert int(sc.sizeclass(32769)) == 0


def _caps(elemsize, n=3000):
    c, out = 0, []
    for i in range(1, n):
        if i > c:
            c = int(growslice_cap(elemsize, c, i))
            out.append(c)
    return out


def test_growslice_matches_go119():
    # printed by go1.19.8: append one element at a time, print cap() whenever it changes
    assert _caps(8) == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560, 3408]
    assert _caps(1) == [8, 16, 32, 64, 128, 256, 512, 896, 1408, 2048, 3072]
    assert _caps(24) == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 853, 1365, 2048, 3072]
    assert int(growslice_cap(8, 0, 5)) == 6  # append([]int{}, 1, 2, 3, 4, 5): cap 6
