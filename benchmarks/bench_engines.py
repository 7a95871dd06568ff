"""The shop's file and the shop's server side by side (issue 21): the same demo shop of 200,000
orders on SQLite and, copied with copy-db, on PostgreSQL.

    eval "$(bash scripts/pg_server.sh start /tmp/pg)"      # or any server: IPRINT_TEST_PG=URL
    .venv/bin/python benchmarks/bench_engines.py [--orders 200000] [--keep DIR] [--seats 4]

Prints, per engine: a page of 100 orders (no filter, by status, by text), a customer card,
saving an order, issuing an invoice (a new number and its .docx), and --seats seats issuing
invoices at once (invoices per second, and the longest one invoice took)."""
import argparse
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

import _common

PER_SEAT = 12


def _admin_url():
    url = os.environ.get("IPRINT_TEST_PG", "").strip()
    if not url:
        raise SystemExit("IPRINT_TEST_PG is not set: start a server with scripts/pg_server.sh")
    return url


def _new_server_db(admin_url, name):
    import pg8000.dbapi

    from app.storage.server import parse_url
    conn = pg8000.dbapi.connect(**parse_url(admin_url))
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute('DROP DATABASE IF EXISTS "{}" WITH (FORCE)'.format(name))
    cur.execute('CREATE DATABASE "{}" TEMPLATE template0 ENCODING \'UTF8\' LC_COLLATE \'C\' '
                'LC_CTYPE \'C\''.format(name))
    conn.close()
    return "{}/{}".format(admin_url.rsplit("/", 1)[0], name)


def _login(db, passwords):
    from app.services import auth
    return auth.login(db, "aigerim", passwords["aigerim"])


def seat(db_path, password, order_ids, folder, start):
    """One seat issuing invoices as fast as it can: (count, seconds of the longest)."""
    from app.services import auth, order_documents
    from app.storage.opening import open_database
    start.wait()
    db = open_database(db_path)
    try:
        session = auth.login(db, "aigerim", password)
        longest = 0.0
        for order_id in order_ids:
            began = time.perf_counter()
            order_documents.invoice(session, order_id, folder=folder, reissue=True)
            longest = max(longest, time.perf_counter() - began)
        return len(order_ids), longest
    finally:
        db.close()


def at_once(db_path, password, order_ids, folder, seats):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager, ProcessPoolExecutor(seats, mp_context=ctx) as pool:
        start = manager.Barrier(seats + 1)
        futures = [pool.submit(seat, db_path, password,
                               order_ids[i * PER_SEAT:(i + 1) * PER_SEAT], folder, start)
                   for i in range(seats)]
        start.wait()
        began = time.perf_counter()
        done = [f.result() for f in futures]
        elapsed = time.perf_counter() - began
    return sum(n for n, _ in done) / elapsed, max(w for _, w in done)


def measure(db_path, passwords, folder, seats):
    from app.services import customers, order_documents, orders
    from app.storage.opening import open_database
    from app.storage.orders import OrderFilter
    from tests.costing.specs import CARDS
    db = open_database(db_path)
    out = {}
    try:
        session = _login(db, passwords)
        busy = db.one("SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id "
                      "ORDER BY count(*) DESC, customer_id LIMIT 1")["customer_id"]
        for name, flt in (("page of 100, no filter", OrderFilter()),
                          ("page of 100, status = paid", OrderFilter(statuses=("paid",))),
                          ("page of 100, text 'визитки'", OrderFilter(text="визитки"))):
            out[name] = _common.median_ms(lambda flt=flt: orders.page(session, flt, limit=100),
                                          repeats=15)[0]
        out["customer card (busiest)"] = _common.median_ms(
            lambda: customers.card(session, busy), repeats=15)[0]
        out["saving an order"] = _common.median_ms(
            lambda: orders.create(session, CARDS, busy), repeats=15)[0]
        ids = [r["id"] for r in db.all("SELECT id FROM orders WHERE status = 'paid' "
                                       "ORDER BY id DESC LIMIT ?", (seats * PER_SEAT + 1,))]
        out["issuing an invoice (.docx)"] = _common.median_ms(
            lambda: order_documents.invoice(session, ids[-1], folder=folder, reissue=True),
            repeats=9)[0]
    finally:
        db.close()
    rate, longest = at_once(db_path, passwords["aigerim"], ids[:-1], folder, seats)
    out["{} seats: invoices per second".format(seats)] = rate
    out["{} seats: longest invoice, ms".format(seats)] = longest * 1000.0
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=200000)
    ap.add_argument("--seats", type=int, default=4)
    ap.add_argument("--keep", help="folder to keep the demo file in (reused when there)")
    args = ap.parse_args()
    from app.services import shop_move
    admin_url = _admin_url()
    folder = args.keep or tempfile.mkdtemp(prefix="iprint-bench-engines-")
    os.makedirs(folder, exist_ok=True)
    os.environ.setdefault("IPRINT_HOME", os.path.join(folder, "home"))
    path = os.path.join(folder, "demo-{}.sqlite3".format(args.orders))
    pw_file = path + ".passwords"
    if not os.path.exists(path):
        began = time.perf_counter()
        passwords = _common.demo_db(path, args.orders)
        with open(pw_file, "w", encoding="utf-8") as fh:
            fh.write("\n".join("{} {}".format(k, v) for k, v in passwords.items()))
        print("demo file of {:,} orders: {:.1f} s".format(args.orders, time.perf_counter() - began))
    with open(pw_file, encoding="utf-8") as fh:
        passwords = dict(line.split(" ", 1) for line in fh.read().splitlines())
    # the server's copy is made from a copy of the file, so both start from the same rows
    work = os.path.join(folder, "work.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(work + suffix):
            os.remove(work + suffix)
    shutil.copyfile(path, work)
    url = _new_server_db(admin_url, "bench_engines")
    began = time.perf_counter()
    moved = shop_move.copy_db(work, url, os.path.join(folder, "backups"))
    print("copy-db onto the server: {:,} rows in {:.1f} s".format(moved["rows"],
                                                                 time.perf_counter() - began))
    docs = os.path.join(folder, "docs")
    results = {"SQLite": measure(work, passwords, docs, args.seats),
               "PostgreSQL": measure(url, passwords, docs, args.seats)}
    print("\n{:,} orders; medians in ms unless said".format(args.orders))
    print("{:<36} {:>12} {:>12}".format("", "SQLite", "PostgreSQL"))
    for name in results["SQLite"]:
        print("{:<36} {:>12.2f} {:>12.2f}".format(name, results["SQLite"][name],
                                                  results["PostgreSQL"][name]))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
