"""The executable's tests: the `exe` marker, a display for the self-test, helpers to run it."""
import os
import shutil
import subprocess
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKS = ("platform", "catalogs", "database", "window", "font", "login", "screens",
          "estimates", "order", "document", "plot", "manuals", "close")


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
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("no DISPLAY and Xvfb is not installed (apt-get install xvfb)")
    for n in range(300 + os.getpid() % 50, 400):
        if os.path.exists("/tmp/.X11-unix/X{}".format(n)) or os.path.exists("/tmp/.X{}-lock".format(n)):
            continue
        proc = subprocess.Popen([xvfb, ":{}".format(n), "-screen", "0", "1600x1000x24",
                                 "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists("/tmp/.X11-unix/X{}".format(n)) or proc.poll() is not None:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            break
    else:
        pytest.fail("Xvfb would not start")
    yield ":{}".format(n)
    proc.terminate()
    proc.wait(10)


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
