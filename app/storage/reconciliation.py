"""A customer's invoices and payments, every one, for the reconciliation statement.

The invoices are the ledger's open items of every date: the latest invoice of each order that
is not cancelled, less the orders marked paid by hand with nothing in the ledger (settled
outside it: neither their invoice nor their money is here, as in app.storage.payments)."""
from typing import List

from app.storage.db import Database


def invoices(db: Database, customer_id) -> List:
    return db.all(
        "SELECT i.id, i.number, substr(i.created_at, 1, 10) AS day, i.total_tiyn, "
        "o.number AS order_number FROM orders o JOIN invoices i ON i.id = "
        "(SELECT max(l.id) FROM invoices l WHERE l.order_id = o.id) "
        "WHERE o.customer_id = ? AND o.status <> 'cancelled' AND (o.status <> 'paid' OR "
        "EXISTS (SELECT 1 FROM allocations al JOIN invoices x ON x.id = al.invoice_id "
        "WHERE x.order_id = o.id)) ORDER BY day, i.id", (customer_id,))


def payments(db: Database, customer_id) -> List:
    return db.all("SELECT id, date AS day, amount_tiyn, method, reference, reverses_id "
                  "FROM payments WHERE customer_id = ? ORDER BY date, id", (customer_id,))
