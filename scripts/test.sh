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
# the shop's server (issue 21): a throwaway PostgreSQL of our own, for the server tests of the
# SQLite pass (copy-db, server backups) and the database tests of the PostgreSQL pass
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/iprint-pg.XXXXXX")"
  [ "$(id -u)" = 0 ] && chmod 755 "$pg_dir"
  eval "$(bash scripts/pg_server.sh start "$pg_dir/cluster")"
  trap 'bash scripts/pg_server.sh stop "$pg_dir/cluster"; rm -rf "$pg_dir"' EXIT
  echo "== PostgreSQL for the server tests: $IPRINT_TEST_PG"
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL is not installed: the server tests cannot run under CI" >&2; exit 1
fi
run_pytest() {
  if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m pytest "$@"
  else
    .venv/bin/python -m pytest "$@"
  fi
}
if [ $# -gt 0 ]; then  # a developer's own selection: one pass (add --engine postgresql for it)
  echo "== pytest $*"
  run_pytest "$@"
  exit $?
fi
echo "== pytest (SQLite, the embedded default: the whole suite)"
run_pytest
if [ -n "${IPRINT_TEST_PG:-}" ]; then
  echo "== pytest --engine postgresql (the database tests and the screens on the shop's server)"
  run_pytest --engine postgresql -q tests/storage tests/services tests/stock tests/analysis tests/cli \
    tests/ui
fi
