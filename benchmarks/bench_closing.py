"""Time to issue an act of completed works Р-1 and a waybill З-2 (median of several): each run
closes a new made order, so the number is drawn, the document recorded, the orders' turnover
date set and the .docx written, all in one transaction.

    .venv/bin/python benchmarks/bench_closing.py [--repeats 9] [--orders 3]

Builds a small database in a temporary folder; the target is under 0.5 s per act.
"""
import argparse
import itertools
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import median_ms  # noqa: E402

CARDS = {"product_type": "printing", "name": "Визитки", "quantity": 1000, "width_mm": 90,
         "height_mm": 50, "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--repeats", type=int, default=9)
    p.add_argument("--orders", type=int, default=1, help="orders in each document")
    args = p.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="iprint-bench-closing-")
    os.environ["IPRINT_HOME"] = os.path.join(tmp, "home")
    from app.services import auth, closing_documents, customers, orders, shop
    from app.storage.opening import open_database
    db = open_database(os.path.join(tmp, "bench.sqlite3"), create=True)
    auth.create_first_admin(db, "admin", "bench-pass-1", "Әкімші")
    admin = auth.login(db, "admin", "bench-pass-1")
    shop.save_requisites(admin, {"name": "ТОО «Баспа Әлемі»", "bin": "180940012348",
                                 "iik": "KZ18722S000012345678", "bik": "CASPKZKA",
                                 "bank": "АО «Kaspi Bank»", "director": "Серікбаев Н. Қ.",
                                 "accountant": "Әлиева Г. Т."})
    c = customers.save(admin, {"name": "ТОО «Алтын Дән»", "bin": "123456789013"})
    runs = 4 * (args.repeats + 1)  # two kinds, two languages, one warm-up each
    made = []
    for i in range(runs * args.orders):
        order = orders.create(admin, dict(CARDS, quantity=100 + i), c.id, status="approved")
        for status in ("production", "ready"):
            order = orders.change_status(admin, order.id, order.version, status)
        made.append(order.id)
    groups = iter([made[i:i + args.orders] for i in range(0, len(made), args.orders)])
    out = os.path.join(tmp, "docs")
    print("closing documents, {} order(s) each (median / min / max of {} runs, ms):".format(
        args.orders, args.repeats))
    for kind, lang in itertools.product(("act", "waybill"), ("kk", "ru")):
        def issue(kind=kind, lang=lang):
            return closing_documents.issue(admin, kind, next(groups), lang=lang, folder=out)
        med, lo, hi = median_ms(issue, repeats=args.repeats)
        print("  {:<8} {}  {:7.1f} {:7.1f} {:7.1f}   target < 500".format(kind, lang, med, lo, hi))
    print("files in", out)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
