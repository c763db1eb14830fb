#!/usr/bin/env bash
# Creates .venv and installs the course into it. With --test, also what the tests need.
# System packages (graphviz's dot, bubblewrap for the grader's sandbox) are installed with
# apt-get when we are root on Debian; without them the course still works (a pip-installed
# renderer draws diagrams, and the grader falls back to resource limits alone).
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  pkgs=""
  command -v dot >/dev/null 2>&1 || pkgs="$pkgs graphviz"
  command -v bwrap >/dev/null 2>&1 || pkgs="$pkgs bubblewrap"
  # the browser tests of the views (tests/browser) drive Debian's chromium with Playwright
  if [ $want_test = 1 ] && [ ! -x /usr/bin/chromium ]; then pkgs="$pkgs chromium"; fi
  if [ -n "$pkgs" ]; then
    echo "setup: installing system packages:$pkgs"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null 2>&1 \
      || echo "setup: could not install$pkgs; continuing without them" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
. .venv/bin/activate
stamp=.venv/.installed-$( (cat pyproject.toml; echo $want_test) | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages (first time only)"
  python -m pip install -q --upgrade pip >/dev/null
  if [ $want_test = 1 ]; then python -m pip install -q -e ".[test]"; else python -m pip install -q -e .; fi
  touch "$stamp"
fi
