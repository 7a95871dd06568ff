"""Desktop app speed on this machine; prints figures (tests never assert wall-clock times).

    DISPLAY=:99 .venv/bin/python benchmarks/bench_ui.py [--db DEMO.sqlite3 --password ADMINPASS]

Without --db it builds a 200,000-order demo database in a temp folder first (about a minute).
Prints: `python -m app` to the login window shown (target < 1.0 s); the orders screen shown
with its first page (target < 0.3 s); the breakdown refreshed after a keystroke, median of
many (target < 30 ms).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)


def build(path, orders):
    from app.services import demo
    from app.storage.opening import open_database
    print("building a demo database of {} orders…".format(orders), flush=True)
    started = time.perf_counter()
    with open_database(path, create=True) as db:
        passwords = demo.build(db, orders, seed=1)
    print("  built in {:.1f} s".format(time.perf_counter() - started), flush=True)
    return passwords["admin"]


def bench_start(db_path, runs):
    """From launching `python -m app` to the login window drawn (the app exits right then)."""
    env = dict(os.environ, IPRINT_UI_EXIT_AFTER_SHOWN="1", IPRINT_HOME=tempfile.mkdtemp())
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "app", "--db", db_path, "--lang", "ru"],
                                cwd=HERE, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True)
        line = proc.stdout.readline()
        shown = time.perf_counter() - started
        proc.wait(30)
        if line.strip() != "shown":
            raise SystemExit("the app did not start: " + proc.stderr.read())
        times.append(shown)
    return times


def bench_orders(app, runs):
    """Open the orders screen and draw its first page (the count follows when Tk is idle)."""
    page_times, count_times = [], []
    for _ in range(runs):
        if "orders" in app.screens:
            app.close_screen(app.screens["orders"], ask=False)
            app.root.update()
        started = time.perf_counter()
        screen = app.open_screen("orders")
        app.root.update_idletasks()
        page = time.perf_counter() - started
        app.root.update()  # the count of all orders, after the page is on screen
        with_count = time.perf_counter() - started
        assert len(screen.table.tree.get_children()) == 100
        page_times.append(page)
        count_times.append(with_count)
    return page_times, count_times


def bench_keystroke(app, presses):
    """Type into the quantity field: each key refreshes the breakdown, drawing and ladder."""
    q = app.new_quote()
    app.root.update()
    entry = q.job.fields["quantity"].widget
    var = q.job.fields["quantity"].var
    times = []
    for i in range(presses):
        value = str(1000 + (i * 37) % 9000)
        started = time.perf_counter()
        var.set(value)  # what a key press does to the field
        app.root.update_idletasks()  # the refresh is scheduled for idle time: run it and draw
        times.append(time.perf_counter() - started)
        assert q.estimate is not None and q.estimate.spec.quantity == int(value)
    del entry
    q.dirty = False
    return times


def ms(values):
    return "median {:.1f} ms, min {:.1f}, max {:.1f} (n={})".format(
        statistics.median(values) * 1000, min(values) * 1000, max(values) * 1000, len(values))


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--db")
    p.add_argument("--password")
    p.add_argument("--orders", type=int, default=200000)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--presses", type=int, default=200)
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        raise SystemExit("DISPLAY is not set (start Xvfb :99 and export DISPLAY=:99)")
    tmp = tempfile.mkdtemp()
    os.environ["IPRINT_HOME"] = os.path.join(tmp, "home")
    if args.db and os.path.exists(args.db):
        db_path, password = args.db, args.password
        if not password:
            raise SystemExit("--password of the admin is needed with an existing --db")
    else:
        db_path = args.db or os.path.join(tmp, "demo200k.sqlite3")
        password = build(db_path, args.orders)

    from app.services import orders
    from app.ui.main_window import App
    start = bench_start(db_path, args.runs)
    print("start to login window shown: " + ms(start) + "   (target < 1000 ms)")

    app = App(db_path, lang="ru", prefs={"theme": "light", "language": "ru",
                                         "geometry": "1360x860", "last_user": ""})
    app.root.update()
    app.login.username.set("admin")
    app.login.password.set(password)
    app.login.submit()
    app.root.update()
    total = orders.count(app.ctx.session)
    page, with_count = bench_orders(app, args.runs)
    print("orders screen, first page shown ({} orders): ".format(total) + ms(page) +
          "   (target < 300 ms)")
    print("orders screen with the count of all orders: " + ms(with_count))
    keys = bench_keystroke(app, args.presses)
    print("breakdown refreshed after a keystroke: " + ms(keys) + "   (target < 30 ms)")
    app.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
