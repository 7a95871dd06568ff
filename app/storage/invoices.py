"""Invoices table: numbers sequential per year, never reused.

The counter is kept in the settings table ('invoice.last.<year>') and only grows, so a
number stays taken even if its row were ever removed by hand; the next number is also never
below the highest number in the table (a counter lost with a restored settings row).
"""
from typing import Optional

from app.storage.db import Database
from app.storage.portable import insert_returning_id

COUNTER_KEY = "invoice.last.{:d}"


def format_number(year: int, seq: int) -> str:
    return "{:d}-{:06d}".format(year, seq)


def issue(db: Database, order_id: int, year: int, created_at: str, user_id, total_tiyn: int,
          contract_id=None):
    """Take the next number of the year and record the invoice (and the contract it refers
    to, None: without one); returns its row.

    Call inside db.atomic(): the BEGIN IMMEDIATE of the outer transaction keeps two
    windows from taking the same number."""
    key = COUNTER_KEY.format(year)
    counter = db.scalar("SELECT value FROM settings WHERE key = ?", (key,))
    highest = db.scalar("SELECT coalesce(max(seq), 0) FROM invoices WHERE year = ?", (year,))
    seq = max(int(counter or 0), int(highest)) + 1
    db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, str(seq)))
    number = format_number(year, seq)
    invoice_id = insert_returning_id(
        db, "INSERT INTO invoices(year, seq, number, order_id, created_at, user_id, total_tiyn, "
        "contract_id) VALUES (?,?,?,?,?,?,?,?)",
        (year, seq, number, order_id, created_at, user_id, total_tiyn, contract_id))
    return get(db, invoice_id)


def get(db: Database, invoice_id):
    return db.one("SELECT * FROM invoices WHERE id = ?", (invoice_id,))


def latest_for_order(db: Database, order_id) -> Optional[object]:
    return db.one("SELECT * FROM invoices WHERE order_id = ? ORDER BY id DESC LIMIT 1",
                  (order_id,))


def for_order(db: Database, order_id):
    return db.all("SELECT * FROM invoices WHERE order_id = ? ORDER BY id", (order_id,))
