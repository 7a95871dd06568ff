"""Time to write a month's e-invoice (ЭСФ) XML for 2,000 orders (goal < 2 s) and to issue an act
of completed works (goal < 0.5 s), medians of several runs.

    .venv/bin/python benchmarks/bench_esf.py [--orders 2000] [--per-document 2] [--repeats 5]

Builds a demo database in a temporary folder and closes 2,000 of its made orders (customers
with a BIN/IIN) in November 2026 by acts of one to --per-document orders, recorded straight
into the closing tables (issuing 1,000 .docx files would only time the act again). Each ESF
run reads every document, order and customer, builds and checks the invoices, writes the
file and marks the documents exported, all in one transaction.
"""
import argparse
import os
import sys
import tempfile
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import median_ms  # noqa: E402

CARDS = {"product_type": "printing", "name": "Визитки", "quantity": 1000, "width_mm": 90,
         "height_mm": 50, "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}


def close_month(db, admin_id, wanted, per_document):
    """Acts for `wanted` made orders of customers with a BIN, dated over November 2026."""
    from app.storage import closing as closing_db
    rows = db.all("SELECT o.id, o.customer_id, o.price_net_tiyn, o.vat_tiyn, o.price_gross_tiyn "
                  "FROM orders o JOIN customers c ON c.id = o.customer_id "
                  "WHERE o.status IN ('ready','delivered','paid') AND c.bin IS NOT NULL "
                  "AND c.bin <> '' ORDER BY o.customer_id, o.id")[:wanted]
    groups, current = [], []
    for r in rows:
        if current and (current[-1]["customer_id"] != r["customer_id"]
                        or len(current) == per_document):
            groups.append(current)
            current = []
        current.append(r)
    if current:
        groups.append(current)
    with db.atomic():
        for k, group in enumerate(groups):
            day = "2026-11-{:02d}".format(1 + k % 30)
            seq, number = closing_db.next_number(db, "act", 2026)
            closing_db.record(db, "act", 2026, seq, number, group[0]["customer_id"],
                              day + " 12:00:00", admin_id,
                              sum(r["price_net_tiyn"] for r in group),
                              sum(r["vat_tiyn"] for r in group),
                              sum(r["price_gross_tiyn"] for r in group), [r["id"] for r in group])
            closing_db.set_turnover_date(db, [r["id"] for r in group], day)
    return len(rows), len(groups)


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--orders", type=int, default=2000, help="orders closed in the month")
    p.add_argument("--per-document", type=int, default=2, help="orders in one act at most")
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="iprint-bench-esf-")
    os.environ["IPRINT_HOME"] = os.path.join(tmp, "home")
    from app.services import auth, closing_documents, customers, demo, esf, orders
    from app.storage.opening import open_database
    db = open_database(os.path.join(tmp, "bench.sqlite3"), create=True)
    passwords = demo.build(db, int(args.orders * 1.6), seed=3,
                           today=datetime(2026, 10, 30, 18, 0))
    admin = auth.login(db, "admin", passwords["admin"])  # the demo's shop has its requisites
    closed, documents = close_month(db, admin.user.id, args.orders, args.per_document)
    out = os.path.join(tmp, "esf")
    result = {}

    def month():
        result["file"] = esf.export(admin, "2026-11-01", "2026-11-30", folder=out)

    med, lo, hi = median_ms(month, repeats=args.repeats)
    made = result["file"]
    print("ESF XML of a month: {} orders in {} acts, {} invoices, {:.0f} KB".format(
        closed, documents, made.invoices, os.path.getsize(str(made.path)) / 1024))
    print("  median / min / max of {} runs: {:7.1f} {:7.1f} {:7.1f} ms   target < 2000".format(
        args.repeats, med, lo, hi))

    c = customers.save(admin, {"name": "ТОО «Алтын Дән»", "bin": "123456789013"})
    fresh = []
    for i in range(args.repeats + 1):
        order = orders.create(admin, dict(CARDS, quantity=100 + i), c.id, status="approved")
        for status in ("production", "ready"):
            order = orders.change_status(admin, order.id, order.version, status)
        fresh.append(order.id)
    ids = iter(fresh)
    docs = os.path.join(tmp, "acts")
    med, lo, hi = median_ms(lambda: closing_documents.act(admin, [next(ids)], lang="ru",
                                                          folder=docs), repeats=args.repeats)
    print("an act of completed works (one order, ru): {:7.1f} {:7.1f} {:7.1f} ms   "
          "target < 500".format(med, lo, hi))
    print("files in", tmp)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
