"""Time to render an invoice and a commercial offer (median of several), and a job ticket.

    .venv/bin/python benchmarks/bench_documents.py [--repeats 9]

Builds a small database in a temporary folder; the target is under 0.5 s per document.
"""
import argparse
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
    args = p.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="iprint-bench-docs-")
    os.environ["IPRINT_HOME"] = os.path.join(tmp, "home")
    from app.services import auth, customers, order_documents, orders, shop
    from app.storage.opening import open_database
    db = open_database(os.path.join(tmp, "bench.sqlite3"), create=True)
    auth.create_first_admin(db, "admin", "bench-pass-1", "Әкімші")
    admin = auth.login(db, "admin", "bench-pass-1")
    shop.save_requisites(admin, {"name": "ТОО «Баспа Әлемі»", "bin": "180940012345",
                                 "iik": "KZ86722S000012345678", "bik": "CASPKZKA",
                                 "bank": "АО «Kaspi Bank»", "director": "Серікбаев Н. Қ."})
    c = customers.save(admin, {"name": "ТОО «Алтын Дән»", "bin": "123456789012"})
    order = orders.create(admin, CARDS, c.id, status="approved")
    out = os.path.join(tmp, "docs")
    print("documents (median / min / max of {} runs, ms):".format(args.repeats))
    for lang in ("kk", "ru"):
        for name, fn in (
                ("invoice", lambda lang=lang: order_documents.invoice(admin, order.id, lang=lang,
                                                            folder=out)),
                ("offer (3 quantities)", lambda lang=lang: order_documents.offer(admin, order.id, lang=lang,
                                                                       folder=out)),
                ("job ticket (with drawing)", lambda lang=lang: order_documents.job_ticket(admin, order.id,
                                                                                 lang=lang,
                                                                                 folder=out))):
            med, lo, hi = median_ms(fn, repeats=args.repeats)
            print("  {:<28} {}  {:7.1f} {:7.1f} {:7.1f}   target < 500".format(
                name, lang, med, lo, hi))
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
