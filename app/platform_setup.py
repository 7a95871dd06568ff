"""Early start-up tweaks for the shop PC, run once before anything else is imported.

- Standard streams: a windowed Windows executable has no console, so sys.stdout and sys.stderr
  are None; they become os.devnull so that a print() or argparse never fails there.
- Windows DPI awareness (ctypes): without it Windows scales the whole window as a bitmap on a
  125 % or 150 % screen and every letter is blurred.
- matplotlib's configuration folder: a persistent folder of ours under the data folder
  (%APPDATA%\\iPrint\\matplotlib). The one-file executable would otherwise get a fresh temporary
  folder at every start and rebuild the font cache each time (seconds on a slow disk). The
  folder holds a matplotlibrc that names the plots' font explicitly: DejaVu Sans, which ships
  inside matplotlib and has the Kazakh letters (ә ғ қ ң ө ұ ү һ і) and ₸.
- The splash screen of the one-file executable is closed when the first window is shown.

Tk's font is chosen and measured by app.ui.fonts (the first of Segoe UI, DejaVu Sans, Noto Sans…
whose font file has the Kazakh letters and ₸), not here: no tkinter outside app/ui.
Nothing here imports matplotlib or tkinter, so the start stays fast.
"""
import os
import sys
import time

from app import config

PLOT_FONT = "DejaVu Sans"
MATPLOTLIBRC = (
    "# written by iPrint (app/platform_setup.py); rewritten when it differs\n"
    "backend: Agg\n"
    "font.family: sans-serif\n"
    "font.sans-serif: DejaVu Sans, Segoe UI, Noto Sans, Liberation Sans, Arial\n"
    "axes.unicode_minus: True\n"
)

_done = []


def frozen() -> bool:
    """True inside the PyInstaller executable."""
    return bool(getattr(sys, "frozen", False))


def resource_root() -> str:
    """The folder that holds the app's data files: the unpacked archive when frozen, else the
    repository (app/i18n, app/data and docs/manual are found relative to it)."""
    if frozen():
        return getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fix_std_streams():
    """A windowed executable on Windows has sys.stdout/sys.stderr None: give it os.devnull."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def dpi_awareness() -> str:
    """Tell Windows that we draw at the real DPI (sharp text). Returns what was set."""
    if not sys.platform.startswith("win"):
        return "not windows"
    import ctypes
    try:  # Windows 8.1 and later: per-monitor aware
        ctypes.windll.shcore.SetProcessDpiAwareness(1)
        return "shcore"
    except (AttributeError, OSError):
        pass
    try:  # Windows Vista and 7: system aware
        ctypes.windll.user32.SetProcessDPIAware()
        return "user32"
    except (AttributeError, OSError):
        return "none"


def matplotlib_dir() -> str:
    return os.path.join(str(config.data_dir()), "matplotlib")


def matplotlib_config() -> str:
    """MPLCONFIGDIR to our persistent folder, with our matplotlibrc. Returns the folder.

    From source a MPLCONFIGDIR already set by the person is respected; in the executable it is
    always ours (PyInstaller's run-time hook sets a temporary one, which costs a font-cache
    rebuild at every start)."""
    folder = matplotlib_dir()
    current_dir = os.environ.get("MPLCONFIGDIR")
    if current_dir and current_dir != folder and not frozen():
        return current_dir
    try:
        os.makedirs(folder, exist_ok=True)
        rc = os.path.join(folder, "matplotlibrc")
        try:
            with open(rc, encoding="utf-8") as fh:
                current = fh.read()
        except OSError:
            current = None
        if current != MATPLOTLIBRC:
            with open(rc, "w", encoding="utf-8") as fh:
                fh.write(MATPLOTLIBRC)
    except OSError:
        return os.environ.get("MPLCONFIGDIR", "")  # read-only profile: matplotlib copes
    os.environ["MPLCONFIGDIR"] = folder
    return folder


def setup():
    """Everything above; safe to call more than once (the second call does nothing)."""
    if _done:
        return
    _done.append(True)
    fix_std_streams()
    dpi_awareness()
    matplotlib_config()


def close_splash():
    """Close the splash screen of the one-file executable, if there is one."""
    if not frozen() or "_PYI_SPLASH_IPC" not in os.environ:
        return
    try:
        import pyi_splash  # exists only inside a PyInstaller build with a splash
        pyi_splash.close()
    except Exception:  # no splash, or it is gone already: nothing to close
        pass


def first_window_shown():
    """Called once the first window (wizard or login) is drawn: the splash goes, and with
    IPRINT_REPORT_READY=path the time (seconds since the epoch) is written there for the start
    benchmark."""
    close_splash()
    target = os.environ.get("IPRINT_REPORT_READY")
    if target:
        try:
            with open(target, "w", encoding="utf-8") as fh:
                fh.write("{:.6f}\n".format(time.time()))
        except OSError:
            pass
