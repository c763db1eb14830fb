"""course.realgo runs a program on the real toolchain when it is installed (skipped otherwise)."""
from __future__ import annotations

import pytest

import course
from course import realgo

pytestmark = pytest.mark.realgo

SRC = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tgo fmt.Println(i)\n\t}\n\tfmt.Println("main")\n}\n'


def test_without_go_it_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(realgo, "go_binary", lambda: None)
    assert not realgo.available()
    with pytest.raises(RuntimeError, match="apt-get install golang-go"):
        realgo.run(SRC)


@pytest.mark.skipif(not realgo.available(), reason="the real Go toolchain is not installed")
def test_model_and_real_go_print_the_same():
    real = realgo.run(SRC, gomaxprocs=1)
    model = course.compile(SRC).run(gomaxprocs=1)
    assert real.exit_code == model.exit_code == 0
    assert real.stdout == model.stdout == "main\n"


@pytest.mark.skipif(not realgo.available(), reason="the real Go toolchain is not installed")
def test_a_compile_error_from_real_go_is_exit_status_2():
    assert realgo.run("package main\n\nfunc main() {\n\tx := 1\n}\n").exit_code == 2
