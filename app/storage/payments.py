"""Payments and their allocations to invoices: append-only (a reversal is a new row).

The open items of the ledger are the latest invoice of each order that is not cancelled (a
re-issued invoice replaces the older one, whose allocations still count for the order).
An order marked paid by hand, with nothing allocated, is settled outside the ledger."""
from typing import Dict, List, Optional, Sequence, Tuple

from app.domain.allocation import DEFAULT_TERM_DAYS
from app.domain.records import STATUSES
from app.storage.db import Database
from app.storage.portable import insert_returning_id

TERM_KEY = "payment.term_days"


def term_days(db: Database) -> int:
    """The days to pay after the invoice date: the setting, else the default."""
    value = db.scalar("SELECT value FROM settings WHERE key = ?", (TERM_KEY,))
    try:
        return DEFAULT_TERM_DAYS if value is None else max(0, int(value))
    except ValueError:
        return DEFAULT_TERM_DAYS

# the latest invoice of each order, what is allocated to any invoice of that order
# correlated, not a grouped join: the import asks for one customer or order at a time. Only
# what is still owed: an order paid by hand with nothing allocated is settled.
PAID = ("(SELECT sum(al.amount_tiyn) FROM allocations al JOIN invoices x "
        "ON x.id = al.invoice_id WHERE x.order_id = o.id)")
OPEN_ITEMS = (
    "SELECT * FROM (SELECT i.id AS invoice_id, i.number, i.created_at AS invoice_date, "
    "i.total_tiyn, o.id AS order_id, o.number AS order_number, o.status, o.version, "
    "o.customer_id, " + PAID + " AS paid "
    "FROM orders o JOIN invoices i ON i.id = (SELECT max(l.id) FROM invoices l "
    "WHERE l.order_id = o.id) WHERE o.status <> 'cancelled' {where}) t "
    "WHERE (t.status <> 'paid' OR t.paid IS NOT NULL) {owed}")


def add_payment(db: Database, date, amount_tiyn, method, customer_id, reference, created_at,
                created_by, bank_key=None, reverses_id=None) -> int:
    account, bank_date, number = (bank_key or (None, None, None))[:3]  # the amount is its own
    return insert_returning_id(
        db, "INSERT INTO payments(date, amount_tiyn, method, customer_id, reference, bank_account, "
        "bank_date, bank_number, created_at, created_by, reverses_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (date, amount_tiyn, method, customer_id, reference, account, bank_date, number,
         created_at, created_by, reverses_id))


def add_allocations(db: Database, payment_id, allocations: Sequence[Tuple[int, int]]):
    for invoice_id, tiyn in allocations:
        db.execute("INSERT INTO allocations(payment_id, invoice_id, amount_tiyn) VALUES (?,?,?)",
                   (payment_id, invoice_id, tiyn))


def get(db: Database, payment_id):
    return db.one("SELECT p.*, (SELECT r.id FROM payments r WHERE r.reverses_id = p.id) "
                  "AS reversed_by, coalesce((SELECT sum(a.amount_tiyn) FROM allocations a "
                  "WHERE a.payment_id = p.id), 0) AS allocated_tiyn FROM payments p "
                  "WHERE p.id = ?", (payment_id,))


def allocations_of(db: Database, payment_id) -> List[Tuple[int, int]]:
    return [(r["invoice_id"], r["amount_tiyn"]) for r in db.all(
        "SELECT invoice_id, amount_tiyn FROM allocations WHERE payment_id = ? ORDER BY id",
        (payment_id,))]


def for_customer(db: Database, customer_id, limit=200):
    return db.all(
        "SELECT p.*, coalesce((SELECT sum(a.amount_tiyn) FROM allocations a "
        "WHERE a.payment_id = p.id), 0) AS allocated_tiyn, "
        "(SELECT r.id FROM payments r WHERE r.reverses_id = p.id) AS reversed_by "
        "FROM payments p WHERE p.customer_id = ? ORDER BY p.date DESC, p.id DESC LIMIT ?",
        (customer_id, int(limit)))


def advance_tiyn(db: Database, customer_id) -> int:
    """Paid by the customer and not allocated to any invoice."""
    return int(db.scalar(
        "SELECT coalesce(sum(p.amount_tiyn), 0) - coalesce((SELECT sum(a.amount_tiyn) "
        "FROM allocations a JOIN payments q ON q.id = a.payment_id WHERE q.customer_id = ?), 0) "
        "FROM payments p WHERE p.customer_id = ?", (customer_id, customer_id)))


def open_items(db: Database, customer_id=None, order_id=None, invoice_ids=None,
               owed_only=False) -> List[Dict]:
    """The latest invoice of each order asked for with what is paid on it (paid_tiyn);
    owed_only: only those with something left to pay."""
    where, params = "", []
    if customer_id is not None and (order_id is not None or invoice_ids is not None):
        where += "AND o.customer_id = ? "  # a few orders named: nothing to narrow
        params.append(customer_id)
    elif customer_id is not None:
        # the customer's orders that can owe, not all of its history: the live statuses,
        # and the paid ones its own payments were allocated to
        where += ("AND o.customer_id = ? AND o.id IN (SELECT id FROM orders WHERE "
                  "customer_id = ? AND status IN ({}) UNION SELECT x.order_id FROM payments q "
                  "JOIN allocations al ON al.payment_id = q.id JOIN invoices x "
                  "ON x.id = al.invoice_id JOIN orders p ON p.id = x.order_id "
                  "WHERE q.customer_id = ? AND p.status = 'paid') ").format(
                      ", ".join("?" * len(LIVE_STATUSES)))
        params += [customer_id, customer_id] + list(LIVE_STATUSES) + [customer_id]
    if order_id is not None:
        where += "AND o.id = ? "
        params.append(order_id)
    if invoice_ids is not None:
        ids = [int(i) for i in invoice_ids] or [0]
        where += "AND o.id IN (SELECT order_id FROM invoices WHERE id IN ({})) ".format(
            ", ".join("?" * len(ids)))
        params += ids
    owed = "AND t.total_tiyn > coalesce(t.paid, 0) " if owed_only else ""
    out = []
    for r in db.all(OPEN_ITEMS.format(where=where, owed=owed) +
                    "ORDER BY invoice_date, invoice_id", params):
        row = dict(r)
        row["paid_tiyn"] = int(row.pop("paid") or 0)
        out.append(row)
    return out


def covered(db: Database, order_id) -> bool:
    """The order's invoice is paid in full through the ledger (a prepayment, say)."""
    items = open_items(db, order_id=order_id)
    return bool(items) and items[0]["paid_tiyn"] > 0 \
        and items[0]["paid_tiyn"] >= items[0]["total_tiyn"]


def known_bank_keys(db: Database, keys: Sequence[Tuple[str, str, str, int]]) -> set:
    """Which (account, date, number, amount) keys are in the ledger already."""
    found = set()
    for key in keys:
        if db.scalar("SELECT 1 FROM payments WHERE bank_account = ? AND bank_date = ? "
                     "AND bank_number = ? AND amount_tiyn = ?", key):
            found.add(tuple(key))
    return found


# the orders that can owe: not paid nor cancelled, or paid with money in the ledger (found
# through the allocations, so the 95 % of paid orders are never read)
LIVE_STATUSES = tuple(s for s in STATUSES if s not in ("paid", "cancelled"))
LIVE_ORDERS = (
    "(SELECT id FROM orders WHERE status IN ({}) UNION SELECT x.order_id FROM allocations al "
    "JOIN invoices x ON x.id = al.invoice_id JOIN orders p ON p.id = x.order_id "
    "WHERE p.status = 'paid')").format(", ".join("?" * len(LIVE_STATUSES)))


def ageing(db: Database, edges: Sequence[str]) -> List[Dict]:
    """Per customer: what is owed by bucket of the invoice date (edges from
    app.domain.allocation.bucket_edges, newest first) and the advance apart."""
    e0, e1, e2, e3 = edges
    sql = (
        "SELECT t.customer_id, c.name, c.bin, "
        "sum(CASE WHEN t.d > ? THEN t.owed ELSE 0 END) AS not_due, "
        "sum(CASE WHEN t.d <= ? AND t.d > ? THEN t.owed ELSE 0 END) AS d0_30, "
        "sum(CASE WHEN t.d <= ? AND t.d > ? THEN t.owed ELSE 0 END) AS d31_60, "
        "sum(CASE WHEN t.d <= ? AND t.d > ? THEN t.owed ELSE 0 END) AS d61_90, "
        "sum(CASE WHEN t.d <= ? THEN t.owed ELSE 0 END) AS d90_plus, "
        "count(*) AS invoices FROM ("
        "SELECT o.customer_id, substr(i.created_at, 1, 10) AS d, "
        "i.total_tiyn - coalesce(" + PAID + ", 0) AS owed "
        "FROM " + LIVE_ORDERS + " ids JOIN orders o ON o.id = ids.id "
        "JOIN invoices i ON i.id = (SELECT max(l.id) FROM invoices l WHERE l.order_id = o.id)"
        ") t JOIN customers c ON c.id = t.customer_id WHERE t.owed > 0 "
        "GROUP BY t.customer_id, c.name, c.bin")
    rows = {r["customer_id"]: dict(r) for r in db.all(
        sql, (e0, e0, e1, e1, e2, e2, e3, e3) + LIVE_STATUSES)}
    advances = db.all(
        "SELECT p.customer_id, c.name, c.bin, sum(p.amount_tiyn) - coalesce(max(s.allocated), 0) "
        "AS advance FROM payments p JOIN customers c ON c.id = p.customer_id "
        "LEFT JOIN (SELECT q.customer_id, sum(a.amount_tiyn) AS allocated FROM allocations a "
        "JOIN payments q ON q.id = a.payment_id GROUP BY q.customer_id) s "
        "ON s.customer_id = p.customer_id GROUP BY p.customer_id, c.name, c.bin")
    for r in advances:
        if not r["advance"]:
            continue
        row = rows.setdefault(r["customer_id"], {
            "customer_id": r["customer_id"], "name": r["name"], "bin": r["bin"], "not_due": 0,
            "d0_30": 0, "d31_60": 0, "d61_90": 0, "d90_plus": 0, "invoices": 0})
        row["advance"] = int(r["advance"])
    out = list(rows.values())
    for row in out:
        row.setdefault("advance", 0)
    return out


def customer_by_bin(db: Database, bin_) -> Optional[object]:
    return db.one("SELECT id, name, bin FROM customers WHERE bin = ?", (bin_,))


def contacts(db: Database):
    """Every customer's id, name, BIN and phone (the Kaspi import looks for them in texts)."""
    return db.all("SELECT id, name, bin, phone FROM customers ORDER BY id")


def invoices_by_number(db: Database, numbers: Sequence[str]) -> Dict[str, Dict]:
    """The open item behind each invoice number given (any invoice of the order)."""
    out = {}
    for number in numbers:
        row = db.one("SELECT order_id FROM invoices WHERE number = ?", (number,))
        if row is None:
            continue
        items = open_items(db, order_id=row["order_id"])
        if items:
            out[number] = items[0]
    return out


def made_since(db: Database, since, limit):
    """Paid and delivered orders created since a day, the newest first (the demo's money)."""
    return db.all("SELECT id, number, customer_id, status, created_at, finished_at, paid_at, "
                  "price_gross_tiyn FROM orders WHERE status IN ('paid', 'delivered') "
                  "AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?",
                  (since, int(limit)))


def open_customers(db: Database, limit):
    """Customers with delivered orders, the most recent first (the demo's statement)."""
    return db.all("SELECT o.customer_id, c.name, c.bin FROM orders o JOIN customers c "
                  "ON c.id = o.customer_id WHERE o.status = 'delivered' "
                  "ORDER BY o.created_at DESC, o.id DESC LIMIT ?", (int(limit),))
