# Shared by start.sh and test.sh: system packages and the virtualenv with the shipped pins.

# Debian packages: Tk for the screens, Xvfb for GUI tests on a machine without a screen,
# fonts with Kazakh letters, LibreOffice and poppler to check documents as PDF pages.
SYSTEM_PACKAGES="binutils xvfb xauth x11-utils xdotool fonts-dejavu-core fonts-liberation poppler-utils libreoffice-writer-nogui postgresql"

setup_system_packages() {
  command -v apt-get >/dev/null 2>&1 || return 0
  [ "$(id -u)" = 0 ] || { echo "(not root: skipping apt packages: $SYSTEM_PACKAGES)"; return 0; }
  local missing=()
  for pkg in $SYSTEM_PACKAGES; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

pick_python() {
  # the pins (numpy 1.24.4) exist for Python 3.8 to 3.11
  for candidate in "${PYTHON:-}" python3.11 python3.10 python3.9 python3.8 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
        'import sys, tkinter; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "No Python 3.8-3.11 with tkinter found" >&2; return 1
}

setup_venv() {
  local extra="${1:-}"
  if [ ! -x .venv/bin/python ]; then
    echo "== creating .venv"
    "$(pick_python)" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  if [ -n "$extra" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[$extra]"
  else
    .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  fi
}
