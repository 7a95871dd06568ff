"""Closing documents (act Р-1, waybill З-2): numbers per kind and year, the orders each one
closes, the orders' turnover date, the default document of each product type.

The counter (document_numbers) only grows and is drawn inside the transaction that records
the document, so a document that could not be written gives its number back with the
rollback, and a number once recorded is never handed out again, even if its row were removed
by hand (the next one is also never below the highest in the table).
"""
from typing import List, Optional

from app.storage.db import Database
from app.storage.portable import insert_returning_id

KINDS = ("act", "waybill")
DEFAULT_KIND_KEY = "closing.kind.{}"


def format_number(year: int, seq: int) -> str:
    return "{:d}-{:06d}".format(year, seq)


def next_number(db: Database, kind: str, year: int):
    """(seq, number) of the next document of the kind in the year. Call inside db.atomic():
    its BEGIN IMMEDIATE keeps two windows from drawing the same number."""
    counter = db.scalar("SELECT last FROM document_numbers WHERE kind = ? AND year = ?",
                        (kind, year))
    highest = db.scalar("SELECT coalesce(max(seq), 0) FROM closing_documents "
                        "WHERE kind = ? AND year = ?", (kind, year))
    seq = max(int(counter or 0), int(highest)) + 1
    db.execute("INSERT INTO document_numbers(kind, year, last) VALUES (?, ?, ?) "
               "ON CONFLICT(kind, year) DO UPDATE SET last = excluded.last", (kind, year, seq))
    return seq, format_number(year, seq)


def record(db: Database, kind, year, seq, number, customer_id, issued_at, user_id, net_tiyn,
           vat_tiyn, gross_tiyn, order_ids, contract_id=None) -> int:
    doc_id = insert_returning_id(
        db, "INSERT INTO closing_documents(kind, year, seq, number, customer_id, issued_at, "
        "issued_by, net_tiyn, vat_tiyn, gross_tiyn, contract_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (kind, year, seq, number, customer_id, issued_at, user_id, net_tiyn, vat_tiyn,
         gross_tiyn, contract_id))
    for order_id in order_ids:
        db.execute("INSERT INTO closing_document_orders(document_id, order_id) VALUES (?, ?)",
                   (doc_id, order_id))
    return doc_id


def set_turnover_date(db: Database, order_ids, day: str):
    """The day the work was handed over; the order's version moves (an open screen re-reads)."""
    for order_id in order_ids:
        db.execute("UPDATE orders SET turnover_date = ?, version = version + 1 WHERE id = ?",
                   (day, order_id))


def turnover_date(db: Database, order_id) -> Optional[str]:
    return db.scalar("SELECT turnover_date FROM orders WHERE id = ?", (order_id,))


def get(db: Database, doc_id):
    return db.one("SELECT * FROM closing_documents WHERE id = ?", (doc_id,))


def order_ids(db: Database, doc_id) -> List[int]:
    return [r["order_id"] for r in db.all(
        "SELECT order_id FROM closing_document_orders WHERE document_id = ? ORDER BY order_id",
        (doc_id,))]


def for_order(db: Database, order_id):
    """The closing documents of an order, oldest first."""
    return db.all("SELECT d.* FROM closing_documents d JOIN closing_document_orders o "
                  "ON o.document_id = d.id WHERE o.order_id = ? ORDER BY d.id", (order_id,))


def order_id_by_number(db: Database, number) -> Optional[int]:
    return db.scalar("SELECT id FROM orders WHERE number = ?", (number,))


def default_kinds(db: Database, product_types) -> dict:
    rows = {r["key"]: r["value"] for r in db.all(
        "SELECT key, value FROM settings WHERE key LIKE 'closing.kind.%'")}
    return {p: rows.get(DEFAULT_KIND_KEY.format(p)) for p in product_types}


def set_default_kind(db: Database, product_type, kind):
    db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               (DEFAULT_KIND_KEY.format(product_type), kind))
