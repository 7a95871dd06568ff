"""Read-only queries behind the registers, reports and exports; and the schema for the manual.

Money comes out as Decimal tenge (from integer tiyn). Revenue is the net price of confirmed
orders (approved and on, cancelled left out: a mere quote is no revenue), cost is the actual
full cost where it was recorded, else the estimate's (as in storage.customers.totals).
"""
from decimal import Decimal
from typing import Dict, List, Optional

from app.domain.money import from_tiyn
from app.storage.db import Database
from app.storage.portable import day_after

CONFIRMED = "o.status NOT IN ('new','quoted','cancelled')"
UNPAID_STATUSES = ("ready", "delivered")
COST_SQL = ("CASE WHEN o.act_direct_tiyn IS NOT NULL THEN o.act_direct_tiyn + o.act_overhead_tiyn "
            "ELSE o.est_cost_tiyn END")
GROUPS = {
    "type": ("o.product_type", "o.product_type"),
    "customer": ("c.id", "c.name"),
    "manager": ("o.manager_id", "coalesce(nullif(u.full_name, ''), u.username, '')"),
    "month": ("substr(o.created_at, 1, 7)", "substr(o.created_at, 1, 7)"),
}
FROM = ("FROM orders o JOIN customers c ON c.id = o.customer_id "
        "LEFT JOIN users u ON u.id = o.manager_id ")


def _period(date_from, date_to):
    where, params = [], []
    if date_from:
        where.append("o.created_at >= ?")
        params.append(str(date_from))
    if date_to:
        where.append("o.created_at < ?")
        params.append(day_after(date_to))
    return where, params


def order_register(db: Database, date_from=None, date_to=None, statuses=(),
                   limit: Optional[int] = None) -> List[Dict]:
    """Orders created in the period, oldest first."""
    where, params = _period(date_from, date_to)
    if statuses:
        where.append("o.status IN ({})".format(",".join("?" * len(statuses))))
        params += list(statuses)
    sql = ("SELECT o.id, o.number, o.created_at, o.due_date, o.finished_at, o.paid_at, "
           "o.status, o.product_type, o.title, o.quantity, o.price_net_tiyn, o.vat_tiyn, "
           "o.price_gross_tiyn, " + COST_SQL + " AS cost_tiyn, c.name AS customer_name, "
           "c.bin AS customer_bin, coalesce(nullif(u.full_name, ''), u.username, '') "
           "AS manager_name " + FROM)
    if where:
        sql += "WHERE " + " AND ".join(where) + " "
    sql += "ORDER BY o.created_at, o.id"
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    out = []
    for r in db.all(sql, params):
        row = dict(r)
        for key in ("price_net", "vat", "price_gross", "cost"):
            row[key] = from_tiyn(row.pop(key + "_tiyn"))
        out.append(row)
    return out


def receivables(db: Database) -> List[Dict]:
    """Made or delivered and not paid: by customer, the oldest first."""
    sql = ("SELECT o.id, o.number, o.created_at, o.finished_at, o.status, o.product_type, "
           "o.title, o.quantity, o.price_gross_tiyn, o.customer_id, c.name AS customer_name, "
           "c.bin AS customer_bin, c.phone AS customer_phone, o.manager_id, "
           "coalesce(nullif(u.full_name, ''), u.username, '') AS manager_name " + FROM +
           "WHERE o.status IN (?, ?) ORDER BY lower(c.name), c.id, o.finished_at, o.id")
    out = []
    for r in db.all(sql, UNPAID_STATUSES):
        row = dict(r)
        row["price_gross"] = from_tiyn(row.pop("price_gross_tiyn"))
        out.append(row)
    return out


def profitability(db: Database, group: str, date_from=None, date_to=None) -> List[Dict]:
    """Revenue, cost, profit per product type, customer, manager or month of creation.

    est_made / act_made: estimate and actual full cost of the orders that have actual
    figures, so estimate versus actual compares like with like."""
    if group not in GROUPS:
        raise ValueError(group)
    key, label = GROUPS[group]
    where, params = _period(date_from, date_to)
    where.insert(0, CONFIRMED)
    sql = ("SELECT {key} AS k, {label} AS label, count(*) AS orders, "
           "sum(o.price_net_tiyn) AS revenue, sum({cost}) AS cost, "
           "sum(CASE WHEN o.act_direct_tiyn IS NOT NULL THEN 1 ELSE 0 END) AS made, "
           "coalesce(sum(CASE WHEN o.act_direct_tiyn IS NOT NULL THEN o.est_cost_tiyn END), 0) "
           "AS est_made, "
           "coalesce(sum(CASE WHEN o.act_direct_tiyn IS NOT NULL THEN "
           "o.act_direct_tiyn + o.act_overhead_tiyn END), 0) AS act_made "
           + FROM + "WHERE " + " AND ".join(where) + " GROUP BY {group} ORDER BY {order}"
           ).format(key=key, label=label, cost=COST_SQL,
                    # the label follows from the key, grouped too: every column is grouped
                    group=key if key == label else key + ", " + label,
                    order="k" if group == "month" else "revenue DESC")
    out = []
    for r in db.all(sql, params):
        revenue, cost = from_tiyn(r["revenue"]), from_tiyn(r["cost"])
        profit = revenue - cost
        out.append({
            "key": r["k"], "label": r["label"] if r["label"] is not None else "",
            "orders": r["orders"], "made": r["made"], "revenue": revenue, "cost": cost,
            "profit": profit,
            "profit_pct": (profit / cost * 100).quantize(Decimal("0.01")) if cost > 0
            else Decimal("0.00"),
            "est_made": from_tiyn(r["est_made"]), "act_made": from_tiyn(r["act_made"]),
        })
    return out


def customers_with_totals(db: Database) -> List[Dict]:
    """Every customer with its order count, revenue and unpaid amount (for the export)."""
    sql = ("SELECT c.id, c.name, c.bin, c.contact_person, c.phone, c.email, c.address, "
           "c.discount_bp, c.notes, c.created_at, "
           "count(o.id) AS orders, "
           "coalesce(sum(CASE WHEN " + CONFIRMED + " THEN o.price_net_tiyn END), 0) AS revenue, "
           "coalesce(sum(CASE WHEN o.status IN ('ready','delivered') THEN o.price_gross_tiyn "
           "END), 0) AS unpaid, max(o.created_at) AS last_order "
           "FROM customers c LEFT JOIN orders o ON o.customer_id = c.id "
           "AND o.status != 'cancelled' GROUP BY c.id, c.name, c.bin, c.contact_person, c.phone, "
           "c.email, c.address, c.discount_bp, c.notes, c.created_at ORDER BY lower(c.name), c.id")
    out = []
    for r in db.all(sql):
        row = dict(r)
        row["discount_pct"] = Decimal(row.pop("discount_bp")) / 100
        row["revenue"] = from_tiyn(row["revenue"])
        row["unpaid"] = from_tiyn(row["unpaid"])
        out.append(row)
    return out


def schema(db: Database) -> List[Dict]:
    """Tables of the live database with their columns, indexes and triggers (the manual)."""
    out = []
    tables = db.all("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name")
    for tbl in tables:
        columns = [dict(c) for c in db.all(
            "SELECT cid, name, type, \"notnull\" AS not_null, dflt_value, pk "
            "FROM pragma_table_info(?) ORDER BY cid", (tbl["name"],))]
        fks = [dict(f) for f in db.all(
            "SELECT \"from\" AS col, \"table\" AS ref_table, \"to\" AS ref_col "
            "FROM pragma_foreign_key_list(?)", (tbl["name"],))]
        indexes = [dict(i) for i in db.all(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL ORDER BY name", (tbl["name"],))]
        triggers = [r["name"] for r in db.all(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
            "ORDER BY name", (tbl["name"],))]
        out.append({"name": tbl["name"], "sql": tbl["sql"], "columns": columns,
                    "foreign_keys": fks, "indexes": indexes, "triggers": triggers})
    return out


def schema_version(db: Database) -> int:
    return db.scalar("PRAGMA user_version")
