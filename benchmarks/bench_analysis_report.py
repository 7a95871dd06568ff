"""Time to make the cluster analysis report (.docx) of 20,000 orders.

    .venv/bin/python benchmarks/bench_analysis_report.py [--db PATH] [--orders 20000] [--repeats 3]

Builds (or reuses) a demo database (`python -m app demo --orders 20000 --db PATH` makes the
same kind), then times report_documents.analysis_report over every made order: read the figures,
cluster (single linkage), the dendrogram and the scatter rendered to PNG in memory, the
tables, the file written. Median of the repeats, per language; the target is under 5 s.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

import _common

from app.services import auth, report_documents
from app.storage import users
from app.storage.analysis import Selection
from app.storage.opening import open_database


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--orders", type=int, default=20000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    path = args.db or os.path.join(tempfile.gettempdir(),
                                   "iprint-bench-{}.sqlite3".format(args.orders))
    started = time.perf_counter()
    passwords = _common.demo_db(path, args.orders)
    if passwords is not None:
        print("demo database of {} orders built in {:.1f} s: {}".format(
            args.orders, time.perf_counter() - started, path))
    db = open_database(path)
    if passwords is None:  # reused: its passwords are unknown, set one for the benchmark
        from app.services.auth import hash_password
        with db.atomic():
            users.set_password(db, users.login_row(db, "aigerim")["id"],
                               hash_password("bench-pass-1"), False)
        password = "bench-pass-1"
    else:
        password = passwords["aigerim"]
    session = auth.login(db, "aigerim", password)
    sel = Selection()  # every made order (ready, delivered, paid), all time
    out = tempfile.mkdtemp(prefix="iprint-bench-analysis-report-")
    print("cluster analysis report, {} orders in the database (median / min / max of {}, s):"
          .format(args.orders, args.repeats))
    for lang in ("ru", "kk"):
        times = []
        made = None
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            made = report_documents.analysis_report(session, sel, k=4, lang=lang, folder=out)
            times.append(time.perf_counter() - t0)
        print("  {}  {:6.2f} {:6.2f} {:6.2f}   target < 5   ({} KB)".format(
            lang, statistics.median(times), min(times), max(times),
            os.path.getsize(str(made.path)) // 1024))
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
