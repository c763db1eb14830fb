"""The README's two commands: what start.sh needs is installed, and it works as root."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_jupyterlab_and_the_python_kernel_are_installed():
    out = subprocess.run([sys.executable, "-m", "jupyterlab", "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip().startswith("4."), out.stderr
    specs = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list"], capture_output=True, text=True, timeout=120)
    assert "python3" in specs.stdout


def test_start_sh_opens_the_chapters_and_allows_root():
    s = (ROOT / "start.sh").read_text()
    assert "python -m course warm" in s and "jupyter lab notebooks/" in s and "--allow-root" in s


def test_ci_runs_the_readme_test_command():
    assert "./test.sh" in (ROOT / ".ci/run").read_text()
    assert "./test.sh" in (ROOT / "README.md").read_text() and "./start.sh" in (ROOT / "README.md").read_text()
