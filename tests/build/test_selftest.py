"""`python -m app --self-test` from source, and the start-up tweaks of app/platform_setup."""
import os
import sys

import pytest

from app import platform_setup
from app.i18n import t
from tests.build.conftest import assert_all_checks_passed, run_self_test
from tests.conftest import own_xvfb

pytestmark = pytest.mark.gui
SOURCE = (sys.executable, "-m", "app")


def test_self_test_from_source_passes_and_keeps_the_persons_data_alone(x_display, tmp_path):
    home = tmp_path / "home"
    rc, lines, err = run_self_test(SOURCE, home, x_display)
    assert rc == 0, (lines, err)
    assert_all_checks_passed(lines)
    assert "Traceback" not in err
    assert lines[1].strip().endswith(t("selftest.from_source", "en"))
    # one estimate of each product type, with its price in tenge
    estimates = [line for line in lines if line.startswith("OK    " + t("selftest.check.estimates", "en"))][0]
    for ptype in ("printing", "blank", "journal", "label"):
        assert t("product." + ptype, "en") in estimates
    assert estimates.count("₸") == 4
    # the report is also a file in the log folder (a windowed exe has no console)
    report = home / "logs" / "selftest.txt"
    assert lines[-1] == t("selftest.report_at", "en", path=str(report))
    assert report.read_text(encoding="utf-8").splitlines() == lines
    # the throw-away database was in a temporary folder, which is gone; no database at home
    db_line = [line for line in lines if line.startswith("OK    " + t("selftest.check.database", "en"))][0]
    db_file = db_line.split(": ", 1)[1]
    assert not db_file.startswith(str(home)) and not os.path.exists(os.path.dirname(db_file))
    assert sorted(os.listdir(str(home))) == ["logs", "matplotlib"]


def test_self_test_speaks_kazakh(x_display, tmp_path):
    rc, lines, err = run_self_test(SOURCE, tmp_path / "home", x_display, lang="kk")
    assert rc == 0, (lines, err)
    assert lines[0] == t("selftest.title", "kk", version=__import__("app").__version__)
    assert_all_checks_passed(lines, "kk")


def test_every_window_of_the_self_test_fits_a_1366x768_screen_in_kazakh(tmp_path):
    """The shop PC: 1366×768 less a 40 px taskbar. The self-test measures the main window and
    each dialog it opens (winfo_width/height, rootx/rooty) on a screen of that size."""
    with own_xvfb("1366x768", 600) as display:
        rc, lines, err = run_self_test(SOURCE, tmp_path / "home", display, lang="kk")
    assert rc == 0, (lines, err)
    name = t("selftest.check.windows", "kk")
    line = [x for x in lines if x.startswith("OK    " + name + ": ")]
    assert line, lines
    area, windows = line[0].split(": ", 1)[1].split(": ", 1)
    assert area == "1366×728"
    sizes = windows.split("; ")
    assert len(sizes) == 12  # the main window and eleven dialogs
    for entry in sizes:
        w, h = entry.rsplit(" ", 1)[1].split("+")[0].split("×")
        x, y = entry.rsplit("+", 2)[1:]
        assert int(x) + int(w) <= 1366 and int(y) + int(h) <= 728, entry
    assert sizes[0].startswith(t("ui.app.title", "kk") + " ")
    assert any(s.startswith(t("ui.customer.new_title", "kk") + " ") for s in sizes)


def test_self_test_without_a_display_fails_with_the_reason_and_no_traceback(tmp_path):
    rc, lines, err = run_self_test(SOURCE, tmp_path / "home", None)
    assert rc == 1
    window = t("selftest.check.window", "en")
    failed = [line for line in lines if line.startswith("FAIL  " + window + ": ")]
    assert failed and "display" in failed[0].lower(), lines
    # what needs the window is not run, and says so; what does not need it still passes
    login = [line for line in lines if line.startswith("FAIL  " + t("selftest.check.login", "en"))]
    assert login and t("selftest.skipped", "en", after=window) in login[0]
    assert any(line.startswith("OK    " + t("selftest.check.plot", "en")) for line in lines)
    before, after = t("selftest.result_failed", "en", seconds="\x00").split("\x00")
    assert any(line.startswith(before) and line.endswith(after) for line in lines), lines
    assert "Traceback" not in err and not any("Traceback" in line for line in lines)
    # the reason's details are in the report file for whoever looks later
    assert "Traceback" in (tmp_path / "home" / "logs" / "selftest.txt").read_text(encoding="utf-8")


def test_matplotlib_gets_a_persistent_folder_with_our_font(tmp_path, monkeypatch):
    monkeypatch.setenv("IPRINT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    folder = platform_setup.matplotlib_config()
    assert folder == str(tmp_path / "home" / "matplotlib")
    assert os.environ["MPLCONFIGDIR"] == folder
    rc = os.path.join(folder, "matplotlibrc")
    with open(rc, encoding="utf-8") as fh:
        assert "font.sans-serif: DejaVu Sans" in fh.read()
    # a damaged or old file is put right; a current one is left alone
    with open(rc, "w", encoding="utf-8") as fh:
        fh.write("font.family: serif\n")
    platform_setup.matplotlib_config()
    with open(rc, encoding="utf-8") as fh:
        assert fh.read() == platform_setup.MATPLOTLIBRC
    stamp = os.stat(rc).st_mtime_ns
    platform_setup.matplotlib_config()
    assert os.stat(rc).st_mtime_ns == stamp


def test_the_plot_font_has_the_kazakh_letters_and_the_tenge_sign():
    import matplotlib
    from fontTools.ttLib import TTFont
    path = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
    cmap = TTFont(path).getBestCmap()
    assert platform_setup.PLOT_FONT == "DejaVu Sans"
    missing = [c for c in "ӘәҒғҚқҢңӨөҰұҮүҺһІі₸" if ord(c) not in cmap]
    assert not missing


def test_a_person_set_mplconfigdir_is_kept_from_source(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mine"))
    assert platform_setup.matplotlib_config() == str(tmp_path / "mine")


def test_missing_console_streams_become_devnull(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    platform_setup.fix_std_streams()
    try:
        assert sys.stdout is not None and sys.stderr is not None
        print("nobody reads this")  # must not fail
        assert sys.stdout.name == os.devnull
    finally:
        sys.stdout.close()
        sys.stderr.close()


def test_first_window_shown_writes_the_time_for_the_benchmark(tmp_path, monkeypatch):
    import time
    target = tmp_path / "ready.txt"
    monkeypatch.setenv("IPRINT_REPORT_READY", str(target))
    before = time.time()
    platform_setup.first_window_shown()  # from source: no splash to close
    stamp = float(target.read_text(encoding="utf-8"))
    assert before <= stamp <= time.time()


def test_resource_root_from_source_is_the_repository():
    root = platform_setup.resource_root()
    assert os.path.isfile(os.path.join(root, "app", "i18n", "en.json"))
    assert not platform_setup.frozen()
