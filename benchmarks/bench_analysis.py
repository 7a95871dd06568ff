"""The owner's analysis at 200,000 orders: from Run to the plots drawn, and the dendrogram alone.

    .venv/bin/python benchmarks/bench_analysis.py [--db PATH] [--orders 200000]

Builds (or reuses) a demo database, then times, median of several runs:
  run      = read the figures, standardise, cluster (single linkage), cut, describe clusters
  plots    = dendrogram + scatter drawn to pixels (Agg), as the screen does after Run
  total    = run + plots
"""
import argparse
import os
import statistics
import tempfile
import time

import _common

from app.analysis import plots
from app.services import analysis, auth
from app.storage.analysis import Selection
from app.storage.opening import open_database


def draw(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    FigureCanvasAgg(fig).draw()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--orders", type=int, default=200000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    path = args.db or os.path.join(tempfile.gettempdir(), "iprint-bench-{}.sqlite3".format(args.orders))
    passwords = _common.demo_db(path, args.orders)
    db = open_database(path)
    # a manager session; the demo's passwords are only known when we built it now
    from app.storage import users
    if passwords is None:
        from app.services.auth import hash_password
        with db.atomic():
            users.set_password(db, users.login_row(db, "aigerim")["id"], hash_password("bench-pass-1"), False)
        password = "bench-pass-1"
    else:
        password = passwords["aigerim"]
    session = auth.login(db, "aigerim", password)
    sel = Selection(statuses=())  # every order, all statuses
    runs, plot_times, totals = [], [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        result = analysis.run(session, sel, k=5)
        t1 = time.perf_counter()
        draw(plots.dendrogram_figure(result.Z, result.labels, result.cut_height, p=30,
                                     leaf_names=result.numbers))
        f = result.features
        draw(plots.scatter_figure(f[:, 1], f[:, 2], f[:, 0], result.labels))
        t2 = time.perf_counter()
        runs.append(t1 - t0)
        plot_times.append(t2 - t1)
        totals.append(t2 - t0)
    n = len(result.order_ids)
    print("analysis of {:,} orders (median of {}):".format(n, args.repeats))
    print("  run (read, standardise, cluster, cut, describe): {:.2f} s".format(statistics.median(runs)))
    print("  plots drawn (dendrogram + scatter):              {:.2f} s".format(statistics.median(plot_times)))
    print("  from Run to plots:                               {:.2f} s".format(statistics.median(totals)))
    for size in (1000, 20000, n):
        Z = result.Z if size == n else None
        if Z is None:
            from app.analysis import clustering
            Z = clustering.single_linkage(result.X[:size])
        med, lo, hi = _common.median_ms(lambda Z=Z: draw(plots.dendrogram_figure(Z, p=30)), repeats=5)
        print("  dendrogram of {:>7,} orders drawn: median {:.0f} ms".format(size, med))
    for c in result.clusters:
        print("  cluster {}: {:>7,} orders, median profit {:>7.2f} %, revenue {:>16,.2f}{}{}".format(
            c.label, c.count, c.median_profit_pct, c.revenue,
            "  LOSS-MAKING" if c.loss_making else "", "  MOST PROFITABLE" if c.most_profitable else ""))
    if result.outliers:
        print("  outliers (twigs under {:,} orders): {:,} orders, median profit {:.2f} %".format(
            result.min_size, result.outliers.count, result.outliers.median_profit_pct))
    db.close()


if __name__ == "__main__":
    main()
