"""The one-file executable: built here with `python build/build_exe.py`, then its self-test
runs under Xvfb. Minutes, not seconds: skip locally with `-m "not exe"`; CI runs it."""
import json
import os
import re
import subprocess
import sys

import pytest

from app.i18n import t
from tests.build.conftest import ROOT, assert_all_checks_passed, run_self_test

pytestmark = [pytest.mark.exe, pytest.mark.gui]
SIZE_LIMIT_MB = 55.0


@pytest.fixture(scope="module")
def built():
    """Build into out/dist (PyInstaller's cache in out/pyinstaller-work makes a rebuild of
    unchanged sources quick); returns (path of the executable, the build's printout)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is not installed: .venv/bin/pip install 'pyinstaller>=6,<7'")
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "build", "build_exe.py")],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=1200)
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0, out[-4000:]
    path = os.path.join(ROOT, "out", "dist", "iPrint.exe" if os.name == "nt" else "iPrint")
    assert os.path.isfile(path), out[-4000:]
    return path, out


def test_the_build_prints_its_size_and_time_and_stays_small(built):
    path, out = built
    size = re.search(r"^size:\s+([\d.]+) MB .*\(([\d,]+) bytes\)", out, re.M)
    assert size, out[-2000:]
    assert int(size.group(2).replace(",", "")) == os.path.getsize(path)
    assert re.search(r"^build time:\s+\d+ s$", out, re.M), out[-2000:]
    assert os.path.getsize(path) <= SIZE_LIMIT_MB * 1e6, size.group(0)
    assert os.access(path, os.X_OK)


def test_the_executable_passes_its_self_test(built, x_display, tmp_path):
    path, _ = built
    home = tmp_path / "home"
    rc, lines, err = run_self_test([path], home, x_display)
    assert rc == 0, (lines, err)
    assert_all_checks_passed(lines)
    assert lines[1].strip().endswith(t("selftest.frozen", "en"))
    # the manual's sources come from inside the executable, not from this repository
    manuals = [line for line in lines if line.startswith("OK    " + t("selftest.check.manuals", "en"))][0]
    assert ROOT not in manuals
    assert (home / "logs" / "selftest.txt").read_text(encoding="utf-8").splitlines() == lines
    # matplotlib's folder is ours and persistent: the font cache made by the first start is
    # read, not rebuilt, by the next one
    mpl = home / "matplotlib"
    assert (mpl / "matplotlibrc").is_file()
    caches = [p for p in mpl.iterdir() if p.name.startswith("fontlist")]
    assert len(caches) == 1
    stamp = caches[0].stat().st_mtime_ns
    rc, lines, err = run_self_test([path], home, x_display)
    assert rc == 0, (lines, err)
    assert caches[0].stat().st_mtime_ns == stamp


def test_the_executable_fails_its_self_test_without_a_display(built, tmp_path):
    path, _ = built
    rc, lines, err = run_self_test([path], tmp_path / "home", None)
    assert rc == 1
    assert any(line.startswith("FAIL  " + t("selftest.check.window", "en")) for line in lines)
    assert "Traceback" not in err


def test_the_executable_quotes_from_the_command_line(built, tmp_path):
    path, _ = built
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"product_type": "label", "quantity": 5000,
                                "label_length_mm": 60, "ribbon": "satin-30",
                                "label_colours": 1}), encoding="utf-8")
    env = dict(os.environ, IPRINT_HOME=str(tmp_path / "home"))
    db = str(tmp_path / "q.sqlite3")  # only init (or demo) makes a database; quote refuses a typo
    made = subprocess.run([path, "init", "--db", db, "--password-stdin"], env=env,
                          input=b"Exe-Admin-Pass-9\n", stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120)
    assert made.returncode == 0, made.stderr.decode("utf-8", "replace")
    proc = subprocess.run([path, "quote", str(spec), "--db", db],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    estimate = json.loads(proc.stdout.decode("utf-8"))
    assert estimate["price_gross"] == "51283.60"
