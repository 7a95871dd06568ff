"""Customers table and a customer's order history."""
from decimal import Decimal

from app.domain import clock
from app.domain.money import from_tiyn
from app.domain.records import Customer, CustomerTotals
from app.storage.db import Database
from app.storage.portable import LIKE_ESCAPE, contains, insert_returning_id


def search_key(*parts) -> str:
    """Lower-cased text the lists search in (SQLite's lower() knows only ASCII)."""
    return " ".join(str(p) for p in parts if p).lower()


def _customer(row) -> Customer:
    return Customer(row["id"], row["name"], row["bin"], row["contact_person"], row["phone"],
                    row["email"], row["address"], Decimal(row["discount_bp"]) / 100, row["notes"],
                    row["version"])


def insert(db: Database, c: Customer) -> int:
    return insert_returning_id(
        db, "INSERT INTO customers(name, bin, contact_person, phone, email, address, "
        "discount_bp, notes, search, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (c.name, c.bin, c.contact_person, c.phone, c.email, c.address,
         int(c.discount_pct * 100), c.notes, search_key(c.name, c.bin, c.contact_person, c.phone,
                                                        c.email), clock.now()))


def update(db: Database, c: Customer) -> bool:
    """False when the row changed since it was read (its version moved on)."""
    cur = db.execute(
        "UPDATE customers SET name=?, bin=?, contact_person=?, phone=?, email=?, address=?, "
        "discount_bp=?, notes=?, search=?, version = version + 1 WHERE id = ? AND version = ?",
        (c.name, c.bin, c.contact_person, c.phone, c.email, c.address, int(c.discount_pct * 100),
         c.notes, search_key(c.name, c.bin, c.contact_person, c.phone, c.email), c.id, c.version))
    return cur.rowcount == 1


def get(db: Database, customer_id):
    row = db.one("SELECT * FROM customers WHERE id = ?", (customer_id,))
    return _customer(row) if row else None


def by_bin(db: Database, bin_):
    row = db.one("SELECT * FROM customers WHERE bin = ?", (bin_,))
    return _customer(row) if row else None


def search(db: Database, text="", limit=100, offset=0):
    if text:
        rows = db.all("SELECT * FROM customers WHERE search LIKE ?" + LIKE_ESCAPE +
                      " ORDER BY lower(name) LIMIT ? OFFSET ?", (contains(text.lower()), limit, offset))
    else:
        rows = db.all("SELECT * FROM customers ORDER BY lower(name) LIMIT ? OFFSET ?",
                      (limit, offset))
    return [_customer(r) for r in rows]


def count(db: Database) -> int:
    return db.scalar("SELECT count(*) FROM customers")


def delete(db: Database, customer_id):
    db.execute("DELETE FROM customers WHERE id = ?", (customer_id,))


def has_orders(db: Database, customer_id) -> bool:
    return bool(db.scalar("SELECT EXISTS(SELECT 1 FROM orders WHERE customer_id = ?)", (customer_id,)))


def totals(db: Database, customer_id) -> CustomerTotals:
    """A customer's orders (cancelled left out); revenue, cost and profit of the confirmed
    ones (approved and on: a mere quote is no revenue); unpaid = made or delivered, not paid."""
    row = db.one(
        "SELECT count(*) AS n, "
        "coalesce(sum(CASE WHEN status NOT IN ('new','quoted') THEN price_net_tiyn END), 0) "
        "AS revenue, "
        "coalesce(sum(CASE WHEN status NOT IN ('new','quoted') THEN "
        "(CASE WHEN act_direct_tiyn IS NOT NULL THEN act_direct_tiyn + act_overhead_tiyn "
        "ELSE est_cost_tiyn END) END), 0) AS cost, "
        "max(created_at) AS last_order, "
        "coalesce(sum(CASE WHEN status IN ('ready','delivered') THEN price_gross_tiyn END), 0) "
        "AS unpaid "
        "FROM orders WHERE customer_id = ? AND status != 'cancelled'", (customer_id,))
    revenue, cost = from_tiyn(row["revenue"]), from_tiyn(row["cost"])
    return CustomerTotals(row["n"], revenue, cost, revenue - cost, row["last_order"],
                          from_tiyn(row["unpaid"]))
