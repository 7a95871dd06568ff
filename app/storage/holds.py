"""Limits of overdue debt: the shop's (settings) and each customer's own (customer_holds)."""
from typing import Optional, Tuple

from app.storage.db import Database

SHOP_KEYS = ("hold.amount_tiyn", "hold.days")


def _int(value) -> Optional[int]:
    try:
        return None if value in (None, "") else int(value)
    except ValueError:
        return None  # a value typed into the file by hand: no limit rather than a crash


def shop_limits(db: Database) -> Tuple[Optional[int], Optional[int]]:
    rows = {r["key"]: r["value"] for r in db.all(
        "SELECT key, value FROM settings WHERE key IN (?, ?)", SHOP_KEYS)}
    return tuple(_int(rows.get(k)) for k in SHOP_KEYS)


def set_shop_limits(db: Database, amount_tiyn, days):
    for key, value in zip(SHOP_KEYS, (amount_tiyn, days)):
        db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   (key, "" if value is None else str(int(value))))


def customer_limits(db: Database, customer_id) -> Tuple[Optional[int], Optional[int]]:
    row = db.one("SELECT amount_tiyn, days FROM customer_holds WHERE customer_id = ?",
                 (customer_id,))
    return (None, None) if row is None else (row["amount_tiyn"], row["days"])


def set_customer_limits(db: Database, customer_id, amount_tiyn, days):
    if amount_tiyn is None and days is None:
        db.execute("DELETE FROM customer_holds WHERE customer_id = ?", (customer_id,))
        return
    db.execute("INSERT INTO customer_holds(customer_id, amount_tiyn, days) VALUES (?, ?, ?) "
               "ON CONFLICT(customer_id) DO UPDATE SET amount_tiyn = excluded.amount_tiyn, "
               "days = excluded.days", (customer_id, amount_tiyn, days))
