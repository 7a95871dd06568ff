"""The order book at 200,000 orders: building the demo database, one filtered page, a history.

    .venv/bin/python benchmarks/bench_storage.py [--orders 200000] [--builds 3] [--keep DIR]
"""
import argparse
import os
import shutil
import statistics
import tempfile
import time

import _common

from app.services import auth, customers, demo, orders
from app.storage.opening import open_database
from app.storage.orders import OrderFilter


def build_once(folder, n, seed):
    path = os.path.join(folder, "demo-{}.sqlite3".format(seed))
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    started = time.perf_counter()
    db = open_database(path, create=True)
    from datetime import datetime
    passwords = demo.build(db, n, seed=seed, today=datetime(2026, 11, 27, 18, 0))
    db.close()
    return time.perf_counter() - started, path, passwords


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=200000)
    ap.add_argument("--builds", type=int, default=3)
    ap.add_argument("--keep", help="folder to keep the database in")
    args = ap.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="iprint-bench-")
    os.makedirs(folder, exist_ok=True)
    times = []
    for i in range(args.builds):
        seconds, path, passwords = build_once(folder, args.orders, seed=1 + i)
        times.append(seconds)
        print("build {}: {:,} orders in {:.1f} s ({:.0f} MB)".format(
            i + 1, args.orders, seconds, os.path.getsize(path) / 1e6))
    print("demo database build, median of {}: {:.1f} s".format(len(times), statistics.median(times)))

    db = open_database(path)
    session = auth.login(db, "aigerim", passwords["aigerim"])
    busy = db.one("SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id "
                  "ORDER BY n DESC LIMIT 1")
    some = db.one("SELECT customer_id FROM orders GROUP BY customer_id ORDER BY count(*) LIMIT 1 OFFSET 20")
    cases = [
        ("first page, no filter", OrderFilter()),
        ("status = paid", OrderFilter(statuses=("paid",))),
        ("status in production/ready", OrderFilter(statuses=("production", "ready"))),
        ("busiest customer", OrderFilter(customer_id=busy["customer_id"])),
        ("date range (one month)", OrderFilter(date_from="2025-03-01", date_to="2025-03-31")),
        ("text 'визитки'", OrderFilter(text="визитки")),
        ("text 'алтын' (customer name)", OrderFilter(text="алтын")),
        ("status+customer+dates+text", OrderFilter(statuses=("paid", "delivered"),
                                                    customer_id=busy["customer_id"],
                                                    date_from="2024-01-01", date_to="2026-06-30",
                                                    text="бланки")),
        ("type + dates, sorted by price", OrderFilter(product_types=("label",),
                                                      date_from="2025-01-01", date_to="2025-12-31")),
    ]
    print("\none page of 100 orders on {:,} orders (median of 15, ms; count(*) timed apart):"
          .format(args.orders))
    print("{:<32} {:>9} {:>9} {:>9} {:>10}".format("filter", "page", "min", "max", "count(*)"))
    for name, flt in cases:
        sort = "price" if "price" in name else "created"
        med, lo, hi = _common.median_ms(
            lambda flt=flt, sort=sort: orders.page(session, flt, sort=sort, limit=100), repeats=15)
        cmed, _, _ = _common.median_ms(lambda flt=flt: orders.count(session, flt), repeats=5)
        print("{:<32} {:>9.2f} {:>9.2f} {:>9.2f} {:>10.2f}".format(name, med, lo, hi, cmed))
    for label, cid in (("busiest customer", busy["customer_id"]), ("typical customer", some["customer_id"])):
        med, lo, hi = _common.median_ms(lambda cid=cid: customers.card(session, cid), repeats=15)
        print("customer card with history + totals ({}): median {:.2f} ms".format(label, med))
    db.close()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
