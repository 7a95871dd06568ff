#!/usr/bin/env bash
# One command for a fresh machine: installs what the tests need, then runs the whole suite
# (the Python 3.8 syntax check with vermin, then pytest, GUI tests on a virtual screen).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_system_packages
setup_venv "dev,build"
echo "== vermin: the code must run on Python 3.8 (old shop PCs)"
.venv/bin/vermin -t=3.8- --violations --eval-annotations --no-tips app
echo "== ruff: lint (pyflakes, pycodestyle, bugbear, import order)"
.venv/bin/ruff check app tests benchmarks build scripts
echo "== pytest"
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m pytest "$@"
fi
exec .venv/bin/python -m pytest "$@"
