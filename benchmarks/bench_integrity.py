"""What the checks of the start and of a backup cost on a 200,000-order file (issue 16.3).

    .venv/bin/python benchmarks/bench_integrity.py [--db PATH] [--orders 200000] [--repeats 5]

PATH is built first when missing (`python -m app demo --orders 200000 --db PATH` does the
same, about 40 s). Prints the median (min–max) of each check with the file in the page cache
(a start after a reboot reads the file from disk once more), and of a whole daily backup:
checkpoint, online copy, full check of the copy.
"""
import argparse
import os
import shutil
import sqlite3
import tempfile
import time

import _common

from app.storage import backup as store
from app.storage import integrity
from app.storage.db import Database


def timed(fn, repeats):
    med, lo, hi = _common.median_ms(fn, repeats=repeats, warmup=1)
    return "{:8.0f} ms  ({:.0f}–{:.0f})".format(med, lo, hi)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(tempfile.gettempdir(), "iprint-bench-200k.sqlite3"))
    ap.add_argument("--orders", type=int, default=200000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    _common.demo_db(args.db, args.orders)
    conn = sqlite3.connect("file:{}?mode=ro".format(args.db), uri=True)
    orders = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    print("file: {} ({:.0f} MB, {} pages, {} orders)".format(
        args.db, os.path.getsize(args.db) / 1e6, pages, orders))

    def pragma(sql):
        return lambda: conn.execute(sql).fetchall()

    print("quick_check                     ", timed(pragma("PRAGMA quick_check"), args.repeats))
    print("integrity_check                 ", timed(pragma("PRAGMA integrity_check"), args.repeats))
    print("foreign_key_check               ", timed(pragma("PRAGMA foreign_key_check"), args.repeats))
    conn.close()
    db = Database(args.db)
    print("start check, quick (every start)", timed(lambda: integrity.check(db, quick=True),
                                                    args.repeats))
    print("start check, full (daily backup)", timed(
        lambda: integrity.check(db, quick=False, invariants=False), args.repeats))
    db.close()
    folder = tempfile.mkdtemp(prefix="iprint-bench-bk-")
    try:
        def backup():
            with Database(args.db) as source:
                source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            path = store.make_backup(args.db, folder)
            assert store.verify(path, 99) == []
            store.discard(path)

        print("daily backup: checkpoint, copy, full check of the copy",
              timed(backup, max(1, args.repeats // 2)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print("({:.0f} s in all)".format(time.perf_counter() - started))
