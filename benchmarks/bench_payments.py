"""Money in at 200,000 orders: a bank statement of 5,000 payments (preview and import) and the
receivables with ageing. Goals: the import under 3 s, the receivables under 0.5 s.

    .venv/bin/python benchmarks/bench_payments.py [--orders 200000] [--payments 5000] [--keep DIR]

Every order that is not cancelled gets an invoice first (the demo invoices only those it pays); the statement
pays delivered orders: half by the invoice number in the purpose, a third by BIN and amount,
the rest from payers the shop does not know.
"""
import argparse
import os
import random
import shutil
import tempfile
import time

import _common

from app.domain.money import from_tiyn
from app.services import auth, bank_import, payments
from app.storage.opening import open_database


def with_invoices(db):
    rows = db.all("SELECT id, created_at, price_gross_tiyn FROM orders o "
                  "WHERE status <> 'cancelled' AND NOT EXISTS "
                  "(SELECT 1 FROM invoices i WHERE i.order_id = o.id) ORDER BY id")
    # the demo invoices its paid orders itself: number the rest after them
    seq = {r["year"]: r["last"] for r in db.all(
        "SELECT year, max(seq) AS last FROM invoices GROUP BY year")}
    values = []
    for r in rows:
        year = int(r["created_at"][:4])
        seq[year] = seq.get(year, 0) + 1
        values.append((year, seq[year], "{:d}-{:06d}".format(year, seq[year]), r["id"],
                       r["created_at"], r["price_gross_tiyn"]))
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO invoices(year, seq, number, order_id, created_at, total_tiyn) "
            "VALUES (?,?,?,?,?,?)", values)
    return len(values)


def statement(db, n, seed=7):
    rng = random.Random(seed)
    delivered = db.all(
        "SELECT i.number, i.total_tiyn, c.bin FROM orders o JOIN invoices i ON i.order_id = o.id "
        "JOIN customers c ON c.id = o.customer_id WHERE o.status = 'delivered'")
    rng.shuffle(delivered)
    lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows",
             "Отправитель=Halyk Bank", "ДатаНачала=01.11.2026", "ДатаКонца=27.11.2026",
             "РасчСчет=KZ86125KZT5004100100"]
    for k in range(n):
        row = delivered[k % len(delivered)]
        amount = from_tiyn(row["total_tiyn"])
        kind = k % 6
        purpose = "Оплата за полиграфию"
        bin_ = row["bin"] or ""
        if kind < 3:
            purpose = "Оплата по счету № {} без НДС".format(row["number"])
        elif kind == 5:
            bin_ = "{:012d}".format(rng.randrange(10 ** 11, 10 ** 12))
        lines += ["СекцияДокумент=Платежное поручение", "Номер={}".format(1000 + k),
                  "Дата=2{}.11.2026".format(k % 7), "Сумма={}".format(amount),
                  "ПлательщикСчет=KZ75125KZT{:010d}".format(k), "Плательщик=ТОО Клиент",
                  "ПлательщикБИН_ИИН=" + bin_, "ПолучательСчет=KZ86125KZT5004100100",
                  "КНП=859", "НазначениеПлатежа=" + purpose, "КонецДокумента"]
    lines.append("КонецФайла")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=200000)
    ap.add_argument("--payments", type=int, default=5000)
    ap.add_argument("--keep", help="folder to keep the databases in (built once)")
    args = ap.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="iprint-bench-pay-")
    os.makedirs(folder, exist_ok=True)
    base = os.path.join(folder, "demo-{}.sqlite3".format(args.orders))
    passwords = _common.demo_db(base, args.orders)
    passwords_file = base + ".admin"
    if passwords is not None:
        with open(passwords_file, "w", encoding="utf-8") as f:
            f.write(next(p for u, p in passwords.items() if u == "admin"))
    with open(passwords_file, encoding="utf-8") as f:
        password = f.read()
    path = os.path.join(folder, "work.sqlite3")
    shutil.copy(base, path)
    db = open_database(path)
    started = time.perf_counter()
    count = with_invoices(db)
    print("setup: {:,} invoices issued in {:.1f} s".format(count, time.perf_counter() - started))
    session = auth.login(db, "admin", password)
    file = os.path.join(folder, "statement.txt")
    with open(file, "wb") as f:
        f.write(statement(db, args.payments))

    # the processor time beside the wall clock: on a machine busy with other work the wall
    # clock also counts the waiting for a core
    started, cpu = time.perf_counter(), time.process_time()
    seen = bank_import.preview(session, file)
    preview_s, preview_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    done = bank_import.apply(session, file)
    apply_s, apply_cpu = time.perf_counter() - started, time.process_time() - cpu
    print("statement of {:,} payments against {:,} orders: preview {:.2f} s (processor {:.2f} s), "
          "import {:.2f} s (processor {:.2f} s; goal < 3 s) — {}".format(
              args.payments, args.orders, preview_s, preview_cpu, apply_s, apply_cpu,
              done.summary()))
    assert seen.summary()["matched"] == done.summary()["matched"]

    median, low, high = _common.median_ms(lambda: payments.ageing(session, "2026-11-30"))
    report = payments.ageing(session, "2026-11-30")
    print("receivables with ageing of {:,} orders: median {:.0f} ms (min {:.0f}, max {:.0f}; "
          "goal < 500 ms), {} customers, {} owed".format(
              args.orders, median, low, high, len(report.rows), report.totals["total"]))
    db.close()


if __name__ == "__main__":
    main()
