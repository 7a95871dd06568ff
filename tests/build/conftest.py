"""The executable's tests: the `exe` marker, a display for the self-test, helpers to run it."""
import os
import subprocess

import pytest

from tests.conftest import own_xvfb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKS = ("platform", "catalogs", "database", "window", "font", "login", "screens",
          "estimates", "order", "document", "windows", "plot", "manuals", "close")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "exe: builds the one-file executable with PyInstaller and runs its "
                   "self-test (minutes; skip locally with -m 'not exe')")


@pytest.fixture(scope="session")
def x_display():
    """The display for the windows: $DISPLAY when set, else an Xvfb of our own."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    with own_xvfb("1600x1000", 300) as display:
        yield display


def run_self_test(cmd, home, display, lang="en", timeout=180):
    """Run `cmd --self-test` with a private data folder; returns (exit code, stdout lines,
    stderr). display=None runs it without any display."""
    env = dict(os.environ, IPRINT_HOME=str(home), IPRINT_LANG=lang, PYTHONIOENCODING="utf-8")
    env.pop("IPRINT_SELFTEST_REPORT", None)
    env.pop("MPLCONFIGDIR", None)
    env.pop("IPRINT_DOCUMENTS", None)
    if display:
        env["DISPLAY"] = display
    else:
        env.pop("DISPLAY", None)
    proc = subprocess.run(list(cmd) + ["--self-test"], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    out = proc.stdout.decode("utf-8")
    return proc.returncode, out.splitlines(), proc.stderr.decode("utf-8", "replace")


def assert_all_checks_passed(lines, lang="en"):
    from app.i18n import t
    for key in CHECKS:
        name = t("selftest.check." + key, lang)
        assert any(line.startswith("OK    " + name) for line in lines), (key, lines)
    assert not [line for line in lines if line.startswith("FAIL")], lines
    before, after = t("selftest.result_ok", lang, seconds="\x00").split("\x00")
    assert any(line.startswith(before) and line.endswith(after) for line in lines), lines
