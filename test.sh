#!/usr/bin/env bash
# Set up everything the test suite needs, then run the whole suite.
#   ./test.sh            the whole suite
#   ./test.sh -k chan    extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh --test
. .venv/bin/activate
python -m course warm            # compile numba's cache once, with a message, before the tests
set +e
python -m pytest --durations=25 "$@"
rc=$?
set -e
# pytest exits 5 when it collected no tests: that is a failure here, not a pass.
if [ "$rc" -eq 5 ]; then echo "test.sh: no tests were collected" >&2; exit 1; fi
exit "$rc"
