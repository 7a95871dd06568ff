"""Start to the login window on an emulated old shop PC; prints figures and ratios (tests never
assert wall-clock times).

    python build/build_exe.py --onedir              # out/dist/iPrint/ (optional)
    DISPLAY=:99 .venv/bin/python benchmarks/bench_start.py [--runs 7] [--quota 25]

Side by side in one run, taking turns launch by launch so that a change in the machine's load
falls on all alike:
  source   `python -m app` to the login window (IPRINT_UI_EXIT_AFTER_SHOWN: the app prints
           "shown" once its first window is drawn, and leaves);
  bare Tk  `python -c` making a Tk window with one label and drawing it: the floor;
  onedir   the one-folder build (--onedir, default out/dist/iPrint/iPrint(.exe)), when there;
  other    with --compare DIR, `python -m app` of another checkout (e.g. before a change);
  onefile  the one-file executable (--onefile, default out/dist/iPrint(.exe), else
           out/dist-onefile/iPrint(.exe): on Linux the one-folder build takes its name).
Each launch runs in a cgroup limited to --quota percent of one core (25: a quarter), pinned to
one CPU: cgroup v2's cpu.max or v1's cpu.cfs_quota_us written directly (as root), else
`systemd-run --scope -p CPUQuota=`; when none of these works the figures are of the machine as
it is, and the printout says so. The time is from starting the process to reading "shown".
Bytecode is cached (PYTHONPYCACHEPREFIX in a temporary folder) and one launch of each is run
first and not counted: an installed program has its .pyc files and the disk cache is warm.

Goals (issue 18): the one-folder build within 1.5x of from source and within 4x of bare Tk.
"""
import argparse
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

PERIOD_US = 100000  # the CFS period systemd's CPUQuota uses
PASSWORD = "start-bench-pass-1"
BARE_TK = ("import tkinter as tk; r = tk.Tk(); r.title('bare'); r.geometry('1280x800'); "
           "tk.Label(r, text='bare Tk').pack(); r.update(); print('shown', flush=True); "
           "r.destroy()")


class Limit:
    """A way to run a command on a fraction of one core; `how` says which was used."""

    def __init__(self, quota):
        self.quota = quota
        self.folder = None
        self.systemd = False
        self.how = self._setup()

    def _setup(self):
        if self.quota <= 0:
            return "no limit (--quota 0)"
        quota_us = int(PERIOD_US * self.quota / 100)
        name = "iprint-bench-start-{}".format(os.getpid())
        tried = []
        v2 = "/sys/fs/cgroup"
        if os.path.exists(os.path.join(v2, "cgroup.controllers")):
            try:
                with open(os.path.join(v2, "cgroup.controllers")) as fh:
                    if "cpu" in fh.read().split():
                        folder = os.path.join(v2, name)
                        os.mkdir(folder)
                        self.folder = folder
                        self._write("cpu.max", "{} {}".format(quota_us, PERIOD_US))
                        return "cgroup v2 cpu.max {} {} ({})".format(quota_us, PERIOD_US, folder)
                tried.append("cgroup v2: no cpu controller")
            except OSError as exc:
                tried.append("cgroup v2: {}".format(exc))
                self._remove()
        v1 = "/sys/fs/cgroup/cpu"
        if os.path.exists(os.path.join(v1, "cpu.cfs_quota_us")):
            try:
                folder = os.path.join(v1, name)
                os.mkdir(folder)
                self.folder = folder
                self._write("cpu.cfs_period_us", str(PERIOD_US))
                self._write("cpu.cfs_quota_us", str(quota_us))
                return "cgroup v1 cpu.cfs_quota_us={} cpu.cfs_period_us={} ({})".format(
                    quota_us, PERIOD_US, folder)
            except OSError as exc:
                tried.append("cgroup v1: {}".format(exc))
                self._remove()
        if shutil.which("systemd-run"):
            probe = subprocess.run(
                ["systemd-run", "--scope", "--quiet", "-p", "CPUQuota={}%".format(self.quota),
                 "true"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                universal_newlines=True)
            if probe.returncode == 0:
                self.systemd = True
                return "systemd-run --scope -p CPUQuota={}%".format(self.quota)
            tried.append("systemd-run: " + probe.stdout.strip().splitlines()[-1:][0]
                         if probe.stdout.strip() else "systemd-run: exit {}".format(probe.returncode))
        else:
            tried.append("systemd-run: not installed")
        return "NOT LIMITED: the machine as it is ({})".format("; ".join(tried))

    @property
    def limited(self):
        return self.folder is not None or self.systemd

    def _write(self, name, value):
        with open(os.path.join(self.folder, name), "w") as fh:
            fh.write(value)

    def command(self, cmd):
        if self.systemd:
            return ["systemd-run", "--scope", "--quiet",
                    "-p", "CPUQuota={}%".format(self.quota)] + cmd
        return cmd

    def enter(self):
        """Run in the child before exec: into the cgroup, onto one CPU."""
        if hasattr(os, "sched_setaffinity"):
            cpus = sorted(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {cpus[-1]})
        if self.folder is not None:
            with open(os.path.join(self.folder, "cgroup.procs"), "w") as fh:
                fh.write(str(os.getpid()))

    def throttled(self):
        """The cgroup's own count of periods it held the launches back (proof the limit bit)."""
        if self.folder is None:
            return ""
        try:
            with open(os.path.join(self.folder, "cpu.stat")) as fh:
                stat = dict(line.split() for line in fh if len(line.split()) == 2)
        except OSError:
            return ""
        return "throttled in {} of {} periods".format(stat.get("nr_throttled", "?"),
                                                      stat.get("nr_periods", "?"))

    def _remove(self):
        if self.folder is not None:
            try:
                os.rmdir(self.folder)
            except OSError:
                pass
            self.folder = None

    def close(self):
        self._remove()


def make_database(folder):
    """A shop with its administrator: the start shows the login window (not the wizard)."""
    from app.services import auth
    from app.storage.opening import open_database
    path = os.path.join(folder, "start.sqlite3")
    db = open_database(path, create=True)
    try:
        auth.create_first_admin(db, "admin", PASSWORD, "Admin")
    finally:
        db.close()
    return path


def launch(cmd, env, limit, cwd=ROOT, timeout=120):
    """Seconds from starting cmd (in cwd) to its "shown" line."""
    started = time.perf_counter()
    proc = subprocess.Popen(limit.command(cmd), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, preexec_fn=limit.enter)
    line = proc.stdout.readline()
    shown = time.perf_counter() - started
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    if line.strip() != "shown":
        raise SystemExit("{} did not show its window (exit {}): {}".format(
            " ".join(cmd), proc.returncode, err.strip()[-2000:]))
    return shown


def _windows():
    """The ids of the X root window's children (every top-level window on the display)."""
    out = subprocess.run(["xwininfo", "-root", "-children"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, universal_newlines=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip().startswith("0x")}


def splash(cmd, env, limit, cwd=ROOT, timeout=120):
    """Seconds from starting cmd to its first window on the display (the one-file
    executable's splash, which its bootloader shows before unpacking)."""
    before = _windows()
    started = time.perf_counter()
    proc = subprocess.Popen(limit.command(cmd), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, preexec_fn=limit.enter)
    seen = None
    while seen is None and time.perf_counter() - started < timeout:
        if _windows() - before:
            seen = time.perf_counter() - started
        else:
            time.sleep(0.005)
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
    if seen is None:
        raise SystemExit("{} showed no window".format(" ".join(cmd)))
    return seen


def exe_name():
    return "iPrint.exe" if sys.platform.startswith("win") else "iPrint"


def contenders(db_path, args):
    dist = os.path.join(ROOT, "out", "dist")
    found = [("source", [sys.executable, "-m", "app", "--db", db_path, "--lang", "ru"]),
             ("bare Tk", [sys.executable, "-c", BARE_TK])]
    onedir = args.onedir or os.path.join(dist, "iPrint", exe_name())
    onefile = args.onefile or next(
        (f for f in (os.path.join(dist, exe_name()), os.path.join(ROOT, "out", "dist-onefile",
                                                                   exe_name()))
         if os.path.isfile(f)), "")
    if args.compare:
        found.insert(1, ("other", [sys.executable, "-m", "app", "--db", db_path, "--lang", "ru"],
                         os.path.abspath(args.compare)))
    missing = []
    for name, path, how in (("onedir", onedir, "python build/build_exe.py --onedir"),
                            ("onefile", onefile, "python build/build_exe.py")):
        if name == "onefile" and args.no_onefile:
            continue
        if path and os.path.isfile(path):
            found.append((name, [path, "--db", db_path, "--lang", "ru"]))
        else:
            missing.append("{} ({})".format(name, how))
    return found, missing


def ratio(times, a, b):
    if a not in times or b not in times:
        return "n/a"
    return "{:.2f}x".format(statistics.median(times[a]) / statistics.median(times[b]))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--runs", type=int, default=7, help="counted launches of each")
    p.add_argument("--quota", type=float, default=25.0, help="percent of one core (0: no limit)")
    p.add_argument("--compare", help="another checkout's `python -m app`, timed beside")
    p.add_argument("--onedir", help="the one-folder build's executable")
    p.add_argument("--onefile", help="the one-file executable")
    p.add_argument("--no-onefile", action="store_true", help="leave out the one-file executable")
    p.add_argument("--splash", action="store_true",
                   help="also time the one-file executable's splash (needs xwininfo)")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY") and not sys.platform.startswith("win"):
        raise SystemExit("no DISPLAY (run under xvfb-run or with Xvfb)")
    folder = tempfile.mkdtemp(prefix="iprint-bench-start-")
    env = dict(os.environ, IPRINT_UI_EXIT_AFTER_SHOWN="1", IPRINT_HOME=os.path.join(folder, "home"),
               IPRINT_DOCUMENTS=os.path.join(folder, "documents"),
               PYTHONPYCACHEPREFIX=os.path.join(folder, "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    limit = Limit(args.quota)
    try:
        db_path = make_database(folder)
        found, missing = contenders(db_path, args)
        print("start to the login window, {} launches each, taking turns".format(args.runs))
        print("limit:   {}".format(limit.how))
        print("machine: {} CPUs, load average {:.2f} {:.2f} {:.2f}, Python {}".format(
            os.cpu_count(), *(os.getloadavg() + (sys.version.split()[0],))))
        for name in missing:
            print("absent:  {}".format(name))
        found = [entry if len(entry) == 3 else entry + (ROOT,) for entry in found]
        times = {name: [] for name, _cmd, _cwd in found}
        first = {}
        for name, cmd, cwd in found:  # warm-up: .pyc written, files in the disk cache
            first[name] = launch(cmd, env, limit, cwd)
        for _ in range(args.runs):
            for name, cmd, cwd in found:
                times[name].append(launch(cmd, env, limit, cwd))
        print("")
        print("{:<9} {:>8} {:>8} {:>8} {:>10}".format("", "median", "min", "max", "warm-up"))
        for name, _cmd, _cwd in found:
            ts = times[name]
            print("{:<9} {:>7.2f}s {:>7.2f}s {:>7.2f}s {:>9.2f}s".format(
                name, statistics.median(ts), min(ts), max(ts), first[name]))
        print("")
        print("onedir / source:  {}  (goal <= 1.5x)".format(ratio(times, "onedir", "source")))
        print("onedir / bare Tk: {}  (goal <= 4x)".format(ratio(times, "onedir", "bare Tk")))
        print("source / bare Tk: {}".format(ratio(times, "source", "bare Tk")))
        if "other" in times:
            print("source / other:   {}  (other = {})".format(ratio(times, "source", "other"),
                                                          os.path.abspath(args.compare)))
        if "onefile" in times:
            print("onefile / source: {}".format(ratio(times, "onefile", "source")))
        if "onefile" in times and args.splash:
            cmd, cwd = next((c, w) for n, c, w in found if n == "onefile")
            shown = [splash(cmd, env, limit, cwd) for _ in range(args.runs)]
            print("onefile splash: median {:.2f}s (min {:.2f}s, max {:.2f}s; goal < 0.5 s)".format(
                statistics.median(shown), min(shown), max(shown)))
        if limit.throttled():
            print("cgroup:           {}".format(limit.throttled()))
        if args.quota > 0 and not limit.limited:
            print("NOTE: not limited to {}% of a core; these are the machine's own figures".format(
                args.quota))
    finally:
        limit.close()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
