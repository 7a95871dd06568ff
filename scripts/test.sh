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
if [ -n "${CI:-}" ] || [ "${IPRINT_WINDOWS_BUILD:-}" = 1 ]; then
  # the Windows one-file exe, one-folder build and installer, built and self-tested under Wine
  # (about 10 minutes; a failure fails the run). Locally: IPRINT_WINDOWS_BUILD=1 or run it alone.
  echo "== the Windows build under Wine: scripts/windows_build.sh"
  PYTHON=.venv/bin/python bash scripts/windows_build.sh
fi
echo "== pytest"
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m pytest "$@"
fi
exec .venv/bin/python -m pytest "$@"
