#!/usr/bin/env bash
# Set up everything and open the course in JupyterLab.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
. .venv/bin/activate
python -m course warm
extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)   # JupyterLab refuses root without it (containers, CI)
exec jupyter lab notebooks/ "${extra[@]}" "$@"
