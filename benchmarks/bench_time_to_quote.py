"""Time to quote: from the first key to the order's number on screen, keyboard alone (issue 17).

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python benchmarks/bench_time_to_quote.py \
        [--orders 3000] [--runs 3] [--delay 12]

Starts the real main window on a demo database in a temp folder (its manager logged in),
under the current DISPLAY, and types each job of benchmarks/quote_keys.py with xdotool: real
X key events through the X server, no calls into the screens. Per job it prints the inputs
(the rule is in quote_keys.py), the goal, and medians of:
  wall s  from the first key sent to the order's number in the tab title;
  app s   the same less the time the driver spends in xdotool (the typing itself, at --delay
          ms a key): what the manager waits for the app;
  cpu s   the process time of the app over the same span.
The notice of low stock that the login shows is closed with Esc first (not timed). The
driver sends an input when the app is idle (its after_idle has run since the last key
arrived), as a person who looks before the next key would.
"""
import argparse
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

from benchmarks import quote_keys  # noqa: E402

MANAGER = "aigerim"
TICK_MS = 2  # how often the Tk thread looks for idleness and the order's number


def build(path, orders):
    from app.services import demo
    from app.storage.opening import open_database
    print("building a demo database of {} orders…".format(orders), flush=True)
    with open_database(path, create=True) as db:
        return demo.build(db, orders, seed=1)


def a_customer(path, password):
    """An existing customer whose name no other has (typed whole, it is taken at the save)."""
    from app.services import auth, customers
    from app.storage.opening import open_database
    with open_database(path) as db:
        session = auth.login(db, MANAGER, password)
        names = [c.name for c in customers.search(session, "", limit=1000)]
    unique = [n for n in names if names.count(n) == 1 and "(" not in n]
    return sorted(unique, key=len)[len(unique) // 2]


class Watch:
    """On the Tk thread: when the app was last idle, and each new order number in the tab
    title (read from the notebook, as a person reads the screen)."""

    def __init__(self, app):
        from app.i18n import t
        self.app = app
        self.idle_at = 0.0
        self.shown = queue.Queue()
        self.seen = set()
        self.focus_wanted = threading.Event()
        head, tail = t("ui.order.tab", number="\0").split("\0")
        self.title = re.compile("^" + re.escape(head) + r"(\S+)" + re.escape(tail) + "$")
        app.root.after(TICK_MS, self.tick)

    def tick(self):
        if self.focus_wanted.is_set():  # what a window manager does: the keyboard to the
            try:                        # window whose field has Tk's focus
                (self.app.root.focus_get() or self.app.root).focus_force()
            except (KeyError, Exception):
                self.app.root.focus_force()
            self.focus_wanted.clear()
        self.app.root.after_idle(self.mark)
        nb = self.app.notebook
        if nb is not None and nb.tabs():
            m = self.title.match(nb.tab(nb.select(), "text"))
            if m and m.group(1) not in self.seen:
                self.seen.add(m.group(1))
                self.shown.put((time.perf_counter(), time.process_time(), m.group(1)))
        self.app.root.after(TICK_MS, self.tick)

    def dialogs(self):
        from app.ui.widgets.dialog import Dialog
        return list(Dialog.open_dialogs)

    def mark(self):
        self.idle_at = time.perf_counter()


def xdotool(step, delay):
    if step.kind == "key":
        cmd = ["xdotool", "key", step.text]
    else:
        cmd = ["xdotool", "type", "--delay", str(delay), step.text]
    subprocess.run(cmd, check=True)


def drive(watch, jobs, runs, delay, results, done):
    """The driver thread: it never touches Tk, only the X server (xdotool) and the Watch."""
    try:
        def settle(after):
            while watch.idle_at <= after:
                time.sleep(0.0005)
        time.sleep(0.5)
        for _ in range(5):  # the low-stock notice at login: Esc, as the manager does
            watch.focus_wanted.set()
            while watch.focus_wanted.is_set():
                time.sleep(0.01)
            if not watch.dialogs():
                break
            xdotool(quote_keys.key("Escape"), delay)
            settle(time.perf_counter())
            time.sleep(0.2)
        else:
            raise RuntimeError("a dialog stays open: {}".format(watch.dialogs()))
        watch.focus_wanted.set()
        while watch.focus_wanted.is_set():
            time.sleep(0.01)
        for _ in range(runs):
            for job in jobs:
                settle(time.perf_counter())
                t0, c0 = time.perf_counter(), time.process_time()
                typing = 0.0
                for step in job.steps:
                    s = time.perf_counter()
                    xdotool(step, delay)
                    sent = time.perf_counter()
                    typing += sent - s
                    settle(sent)
                shown_at, cpu_at, number = watch.shown.get(timeout=30)
                wall = shown_at - t0
                results.append((job, number, wall, wall - typing, cpu_at - c0))
                time.sleep(0.2)
    except Exception as exc:  # said by the main thread, which ends the app
        results.append(exc)
    finally:
        done.set()


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--orders", type=int, default=3000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--delay", type=int, default=12, help="ms between typed characters")
    p.add_argument("--keep", help="folder for the database (kept)")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        raise SystemExit('DISPLAY is not set: xvfb-run -s "-screen 0 1366x768x24" python ...')
    if shutil.which("xdotool") is None:
        raise SystemExit("xdotool is missing (apt-get install -y xdotool; scripts/setup.sh)")
    tmp = args.keep or tempfile.mkdtemp()
    os.makedirs(tmp, exist_ok=True)
    os.environ["IPRINT_HOME"] = os.path.join(tmp, "home")
    db_path = os.path.join(tmp, "demo.sqlite3")
    if os.path.exists(db_path):
        os.remove(db_path)
    password = build(db_path, args.orders)[MANAGER]
    customer = a_customer(db_path, password)
    jobs = quote_keys.jobs(customer)

    from app.ui.main_window import App
    app = App(db_path, lang="ru", prefs={"theme": "light", "language": "ru",
                                         "geometry": "1366x768", "last_user": ""})
    app.root.update()
    app.login.username.set(MANAGER)  # the login is not timed
    app.login.password.set(password)
    app.login.submit()
    app.root.update()
    watch = Watch(app)
    results, done = [], threading.Event()

    def finished():
        if done.is_set():
            app.root.quit()
        else:
            app.root.after(50, finished)
    threading.Thread(target=drive, args=(watch, jobs, args.runs, args.delay, results, done),
                     daemon=True).start()
    app.root.after(50, finished)
    app.root.mainloop()
    errors = [r for r in results if isinstance(r, Exception)]
    saved = {s.order.number: s.order for s in app.screens.values()
             if type(s).__name__ == "OrderScreen" and s.order is not None}
    for screen in list(app.screens.values()):
        if hasattr(screen, "dirty"):
            screen.dirty = False
    rows = {}
    for job, number, wall, own, cpu in (r for r in results if not isinstance(r, Exception)):
        order = saved.get(number)  # what was typed is what was saved
        if order is None or (order.product_type, order.quantity, order.customer_name) != \
                (job.product_type, job.quantity, customer) or \
                quote_keys.matches(order.estimate.spec, job):
            errors.append(AssertionError("order {} is not {}".format(number, job.name)))
        rows.setdefault(job.name, []).append((number, wall, own, cpu))
    tabs = [app.notebook.tab(tab, "text") for tab in app.notebook.tabs()]
    focus = app.root.focus_get()
    app.destroy()
    if errors:
        from app.ui.widgets.dialog import Dialog
        print("tabs open: {}; dialogs {}; focus {}".format(tabs, Dialog.open_dialogs, focus),
              file=sys.stderr)
        raise SystemExit("the driver stopped: {!r}".format(errors[0]))

    print("machine: {} CPUs, load average {}, Python {}, Tk {}, display {} ({})".format(
        os.cpu_count(), " ".join("{:.2f}".format(x) for x in os.getloadavg()),
        platform.python_version(), app_tk_version(), os.environ["DISPLAY"], screen_size()))
    print("customer typed by name: {}; xdotool, {} ms between typed characters; "
          "median of {} run(s)".format(customer, args.delay, args.runs))
    print()
    print("{:<46} {:>6} {:>5} {:>7} {:>6} {:>6}".format("job", "inputs", "goal", "wall s",
                                                       "app s", "cpu s"))
    met = True
    for job in jobs:
        runs = rows.get(job.name, [])
        n = quote_keys.inputs(job)
        met = met and n <= job.goal
        med = [statistics.median(r[i] for r in runs) for i in (1, 2, 3)]
        met = met and med[1] < 3.0
        print("{:<46} {:>6} {:>5} {:>7.2f} {:>6.2f} {:>6.2f}".format(
            job.name, n, "<= {}".format(job.goal), *med))
    print()
    print("goal (inputs within each job's goal, app s < 3): {}".format("met" if met else
                                                                        "NOT met"))
    for job in jobs:
        print("  {}: {}".format(job.name, " ".join(
            s.text if s.kind == "key" else '"{}"'.format(s.text) for s in job.steps)))
    return 0


def app_tk_version():
    import tkinter
    return tkinter.TclVersion


def screen_size():
    try:
        out = subprocess.run(["xdotool", "getdisplaygeometry"], stdout=subprocess.PIPE,
                             universal_newlines=True, check=True).stdout.split()
        return "x".join(out)
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
