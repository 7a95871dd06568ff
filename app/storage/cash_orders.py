"""Incoming cash orders (КО-1): one per cash payment, numbered per year from a counter that
only grows and is drawn in the transaction that records the order (as app.storage.closing's
document_numbers: a rollback gives the number back, a recorded one is never handed out again)."""
from typing import List

from app.storage.closing import format_number
from app.storage.db import Database
from app.storage.portable import insert_returning_id


def next_number(db: Database, year: int):
    """(seq, number) of the next cash order of the year; call inside db.atomic()."""
    counter = db.scalar("SELECT last FROM cash_order_numbers WHERE year = ?", (year,))
    highest = db.scalar("SELECT coalesce(max(seq), 0) FROM cash_orders WHERE year = ?", (year,))
    seq = max(int(counter or 0), int(highest)) + 1
    db.execute("INSERT INTO cash_order_numbers(year, last) VALUES (?, ?) "
               "ON CONFLICT(year) DO UPDATE SET last = excluded.last", (year, seq))
    return seq, format_number(year, seq)


def record(db: Database, payment_id, year, seq, number, issued_at, user_id) -> int:
    return insert_returning_id(db, "INSERT INTO cash_orders(payment_id, year, seq, number, "
                               "issued_at, issued_by) VALUES (?,?,?,?,?,?)",
                               (payment_id, year, seq, number, issued_at, user_id))


def for_payment(db: Database, payment_id):
    return db.one("SELECT * FROM cash_orders WHERE payment_id = ?", (payment_id,))


def invoice_numbers(db: Database, payment_id) -> List[str]:
    """The invoices a payment was allocated to, in the order of the allocations."""
    return [r["number"] for r in db.all(
        "SELECT i.number FROM allocations a JOIN invoices i ON i.id = a.invoice_id "
        "WHERE a.payment_id = ? ORDER BY a.id", (payment_id,))]
