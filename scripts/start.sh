#!/usr/bin/env bash
# One command for a fresh machine: installs the app into .venv and starts it. Without --db
# it works on the local database in the user's data folder (created with the default
# catalog on the first start). Any arguments go to `python -m app`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_system_packages
setup_venv
exec .venv/bin/python -m app "$@"
