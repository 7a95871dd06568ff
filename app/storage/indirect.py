"""Monthly indirect costs (rent, salaries of the office, power…) entered by the administrator."""
from app.domain import clock
from app.storage.db import Database


def set_month(db: Database, month, amount_tiyn, note=""):
    db.execute("INSERT INTO indirect_costs(month, amount_tiyn, note) VALUES (?,?,?) "
               "ON CONFLICT(month) DO UPDATE SET amount_tiyn = excluded.amount_tiyn, "
               "note = excluded.note", (month, amount_tiyn, note))


def get_month(db: Database, month):
    return db.one("SELECT * FROM indirect_costs WHERE month = ?", (month,))


def mark_allocated(db: Database, month, orders_count, at=None):
    """Mark the month spread over its orders, now or at `at` (the demo's history)."""
    db.execute("UPDATE indirect_costs SET orders_count = ?, allocated_at = ? WHERE month = ?",
               (orders_count, clock.now() if at is None else str(at), month))


def list_months(db: Database):
    return db.all("SELECT * FROM indirect_costs ORDER BY month DESC")
