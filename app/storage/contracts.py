"""Contracts table: a register per customer (number, date, subject, valid until)."""
from datetime import date

from app.domain.records import Contract
from app.storage.db import Database
from app.storage.portable import insert_returning_id


def _day(value):
    return None if value is None else date.fromisoformat(value)


def _contract(row) -> Contract:
    return Contract(row["id"], row["customer_id"], row["number"], _day(row["signed_on"]),
                    row["subject"], _day(row["valid_until"]), bool(row["active"]), row["version"])


def _iso(day):
    return None if day is None else day.isoformat()


def insert(db: Database, c: Contract, created_at: str) -> int:
    return insert_returning_id(
        db, "INSERT INTO contracts(customer_id, number, signed_on, subject, valid_until, active, "
        "created_at) VALUES (?,?,?,?,?,?,?)",
        (c.customer_id, c.number, c.signed_on.isoformat(), c.subject, _iso(c.valid_until),
         int(c.active), created_at))


def update(db: Database, c: Contract) -> bool:
    """False when the row changed since it was read (its version moved on)."""
    cur = db.execute(
        "UPDATE contracts SET number = ?, signed_on = ?, subject = ?, valid_until = ?, "
        "active = ?, version = version + 1 WHERE id = ? AND version = ?",
        (c.number, c.signed_on.isoformat(), c.subject, _iso(c.valid_until), int(c.active),
         c.id, c.version))
    return cur.rowcount == 1


def get(db: Database, contract_id):
    row = db.one("SELECT * FROM contracts WHERE id = ?", (contract_id,))
    return _contract(row) if row else None


def same_number(db: Database, customer_id, number, signed_on):
    row = db.one("SELECT * FROM contracts WHERE customer_id = ? AND number = ? AND signed_on = ?",
                 (customer_id, number, signed_on.isoformat()))
    return _contract(row) if row else None


def for_customer(db: Database, customer_id, active_only=False):
    """Newest first (the one a document most likely refers to on top)."""
    sql = "SELECT * FROM contracts WHERE customer_id = ?"
    if active_only:
        sql += " AND active = 1"
    return [_contract(r) for r in db.all(sql + " ORDER BY signed_on DESC, id DESC",
                                         (customer_id,))]


def last_used(db: Database, customer_id):
    """The contract of the customer's newest invoice, act or waybill that referred to one."""
    return db.scalar(
        "SELECT contract_id FROM ("
        " SELECT i.contract_id, i.created_at AS at, i.id FROM invoices i"
        " JOIN orders o ON o.id = i.order_id"
        " WHERE o.customer_id = ? AND i.contract_id IS NOT NULL"
        " UNION ALL"
        " SELECT contract_id, issued_at AS at, id FROM closing_documents"
        " WHERE customer_id = ? AND contract_id IS NOT NULL) AS used"
        " ORDER BY at DESC, id DESC LIMIT 1", (customer_id, customer_id))
