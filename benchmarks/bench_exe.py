"""Start time of the one-file executable and from source; prints figures (tests never assert
wall-clock times).

    python build/build_exe.py                       # out/dist/iPrint first
    DISPLAY=:99 .venv/bin/python benchmarks/bench_exe.py [--runs 7] [--exe PATH] [--plain]

For each launch: the time from starting the process to the login window drawn (the app
writes the time to IPRINT_REPORT_READY when its first window is drawn, then exits because of
IPRINT_UI_EXIT_AFTER_SHOWN), and for the executable the time until its splash screen is
visible (a new top-level window of the splash image's size on the X display, found by
polling it with Xlib).
The first launch after a build is shown apart (the OS has not cached the file yet); then the
median and the range of the others. --plain also times out/dist-plain/iPrint (built with
`build/build_exe.py --plain`) for comparison.

Targets (issue #6): executable to login window < 2.0 s with the splash visible within 0.5 s;
from source < 1.0 s.
"""
import argparse
import ctypes
import ctypes.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


class XWindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                ("height", ctypes.c_int), ("border_width", ctypes.c_int),
                ("depth", ctypes.c_int), ("visual", ctypes.c_void_p), ("root", ctypes.c_ulong),
                ("c_class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int),
                ("backing_planes", ctypes.c_ulong), ("backing_pixel", ctypes.c_ulong),
                ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int),
                ("all_event_masks", ctypes.c_long), ("your_event_mask", ctypes.c_long),
                ("do_not_propagate_mask", ctypes.c_long), ("override_redirect", ctypes.c_int),
                ("screen", ctypes.c_void_p)]


class XDisplay:
    """The top-level windows on the display that are viewable, by Xlib through ctypes."""
    IS_VIEWABLE = 2

    def __init__(self):
        lib = ctypes.util.find_library("X11") or "libX11.so.6"
        x = self.x = ctypes.cdll.LoadLibrary(lib)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                 ctypes.POINTER(ctypes.c_ulong),
                                 ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                 ctypes.POINTER(ctypes.c_uint)]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                           ctypes.POINTER(XWindowAttributes)]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(
            lambda d, e: 0)  # a window gone between the query and the look: not an error
        x.XSetErrorHandler(self.handler)
        self.dpy = x.XOpenDisplay(None)
        if not self.dpy:
            raise SystemExit("no X display: set DISPLAY (e.g. run Xvfb :99 and DISPLAY=:99)")
        self.root = x.XDefaultRootWindow(self.dpy)

    def viewable(self):
        """{window id: (width, height)} of the root's viewable children."""
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        self.x.XSync(self.dpy, 0)
        if not self.x.XQueryTree(self.dpy, self.root, ctypes.byref(root), ctypes.byref(parent),
                                 ctypes.byref(children), ctypes.byref(n)):
            return {}
        found = {}
        attrs = XWindowAttributes()
        for i in range(n.value):
            w = children[i]
            if self.x.XGetWindowAttributes(self.dpy, w, ctypes.byref(attrs)) and \
                    attrs.map_state == self.IS_VIEWABLE and attrs.width > 1:
                found[w] = (attrs.width, attrs.height)
        if children:
            self.x.XFree(children)
        return found


def make_db(folder):
    """A database with an administrator, so that the login window (not the wizard) shows."""
    from app.services import auth
    from app.storage.opening import open_database
    path = os.path.join(folder, "bench.sqlite3")
    with open_database(path, create=True) as db:
        auth.create_first_admin(db, "admin", "bench-pass-1")
    return path


def splash_size():
    from PIL import Image
    with Image.open(os.path.join(ROOT, "installer", "splash.png")) as img:
        return img.size


def launch(cmd, db_path, display, home):
    """One start: returns (seconds to the login window, seconds to the splash seen on the
    display: a new top-level window of the splash image's size, or None)."""
    ready = os.path.join(home, "ready.txt")
    if os.path.exists(ready):
        os.remove(ready)
    env = dict(os.environ, IPRINT_REPORT_READY=ready, IPRINT_UI_EXIT_AFTER_SHOWN="1",
               IPRINT_HOME=home)
    before = set(display.viewable())
    started = time.time()
    proc = subprocess.Popen(list(cmd) + ["--db", db_path, "--lang", "ru"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    first_window = None
    size = splash_size()
    while not os.path.exists(ready) and proc.poll() is None:
        if first_window is None:
            new = [g for w, g in display.viewable().items() if w not in before]
            if size in new:
                first_window = time.time() - started
        time.sleep(0.002)
    _, err = proc.communicate(timeout=60)
    if not os.path.exists(ready):
        raise SystemExit("{} did not show its window (exit {}): {}".format(
            cmd[0], proc.returncode, err.decode("utf-8", "replace")[-2000:]))
    with open(ready, encoding="utf-8") as fh:
        shown = float(fh.read()) - started
    return shown, first_window


def series(name, cmd, db_path, display, home, runs, splash):
    results = [launch(cmd, db_path, display, home) for _ in range(runs + 1)]
    first, rest = results[0], results[1:]
    shown = [r[0] for r in rest]
    line = "{:<28} first {:5.2f} s | median {:5.2f} s (min {:.2f}, max {:.2f}) to the login window".format(
        name, first[0], statistics.median(shown), min(shown), max(shown))
    print(line, flush=True)
    if splash:
        seen = [r[1] for r in rest if r[1] is not None]
        if first[1] is None or not seen:
            print("{:<28} splash: not seen".format(""), flush=True)
        else:
            print("{:<28} first {:5.2f} s | median {:5.2f} s (min {:.2f}, max {:.2f}) "
                  "to the splash visible".format(
                "", first[1], statistics.median(seen), min(seen), max(seen)), flush=True)
    return statistics.median(shown)


def main(argv=None):
    p = argparse.ArgumentParser(description="start time of the executable and from source")
    exe = os.path.join(ROOT, "out", "dist", "iPrint.exe" if os.name == "nt" else "iPrint")
    p.add_argument("--exe", default=exe)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--plain", action="store_true", help="also out/dist-plain/iPrint")
    args = p.parse_args(argv)
    display = XDisplay()
    folder = tempfile.mkdtemp(prefix="iprint-bench-exe-")
    try:
        db_path = make_db(folder)
        home = os.path.join(folder, "home")
        os.makedirs(home)
        print("start to login window, {} runs after a first one; {} CPUs".format(
            args.runs, os.cpu_count()), flush=True)
        if os.path.isfile(args.exe):
            print("executable: {} ({:.1f} MB)".format(args.exe, os.path.getsize(args.exe) / 1e6))
            series("one-file executable", [args.exe], db_path, display, home, args.runs, True)
        else:
            print("no executable at {} (python build/build_exe.py)".format(args.exe))
        plain = os.path.join(ROOT, "out", "dist-plain", os.path.basename(args.exe))
        if args.plain and os.path.isfile(plain):
            print("plain build: {} ({:.1f} MB)".format(plain, os.path.getsize(plain) / 1e6))
            series("plain one-file executable", [plain], db_path, display, home, args.runs, True)
        series("from source (python -m app)", [sys.executable, "-m", "app"], db_path, display,
               home, args.runs, False)
        print("targets: executable < 2.0 s, splash < 0.5 s; from source < 1.0 s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
