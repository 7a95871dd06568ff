"""Queries of the stock reports that app.storage.stock does not have: the turnover of a
period by item and kind of move, the materials each order took, the last purchase prices.

Quantities in milli-units, money in tiyn. A period is [date_from, date_to] by calendar day;
None leaves that side open.
"""
from typing import Dict, List, Tuple

from app.storage.db import Database
from app.storage.portable import day_after

Item = Tuple[str, str]  # (item_kind 'paper'|'material', code)
USE_KINDS = ("write_off", "correction", "return")  # the moves an order makes


def _period(where: List[str], params: list, date_from, date_to, column="m.at"):
    if date_from:
        where.append(column + " >= ?")
        params.append(str(date_from))
    if date_to:
        where.append(column + " < ?")
        params.append(day_after(date_to))


def turnover(db: Database, date_from=None, date_to=None) -> Dict[Item, Dict[str, int]]:
    """{(item_kind, code): {kind of move: sum of qty_milli}} of the moves in the period."""
    where, params = [], []
    _period(where, params, date_from, date_to)
    sql = "SELECT m.item_kind, m.code, m.kind, sum(m.qty_milli) FROM stock_moves m"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " GROUP BY m.item_kind, m.code, m.kind"
    out = {}  # type: Dict[Item, Dict[str, int]]
    for kind, code, move, qty in db.all(sql, params):
        out.setdefault((kind, code), {})[move] = qty
    return out


def balances_before(db: Database, day) -> Dict[Item, int]:
    """The balance of every item at the start of a day (every move before it)."""
    rows = db.all("SELECT item_kind, code, sum(qty_milli) FROM stock_moves WHERE at < ? "
                  "GROUP BY item_kind, code", (str(day),))
    return {(r[0], r[1]): r[2] for r in rows}


def used_by_order(db: Database, date_from=None, date_to=None, limit=100000):
    """What each order took from stock in the period, net of corrections and returns
    (positive = taken): order number, customer, product type, item, qty_milli.

    An order whose moves cancel out in the period (taken and given back) is left out."""
    where = ["m.kind IN (?,?,?)"]
    params = list(USE_KINDS)
    _period(where, params, date_from, date_to)
    sql = ("SELECT o.id AS order_id, o.number, o.product_type, c.name AS customer_name, "
           "m.item_kind, m.code, -sum(m.qty_milli) AS qty_milli "
           "FROM stock_moves m JOIN orders o ON o.id = m.order_id "
           "JOIN customers c ON c.id = o.customer_id WHERE " + " AND ".join(where) +
           " GROUP BY o.id, o.number, o.product_type, c.name, m.item_kind, m.code "
           "HAVING sum(m.qty_milli) != 0 "
           "ORDER BY o.number, m.item_kind, m.code LIMIT ?")
    return db.all(sql, params + [int(limit)])


def last_receipts(db: Database, at=None) -> Dict[Item, Tuple[int, str, str]]:
    """{item: (price_tiyn, at, supplier)} of the last priced receipt of each item (up to `at`,
    a 'YYYY-MM-DD HH:MM:SS' moment, when given)."""
    params = []
    until = ""
    if at:
        until = " AND r.at <= ?"
        params.append(str(at))
    sql = ("SELECT m.item_kind, m.code, m.price_tiyn, m.at, m.supplier FROM stock_moves m "
           "WHERE m.id IN (SELECT (SELECT r.id FROM stock_moves r WHERE r.item_kind = k.item_kind "
           "AND r.code = k.code AND r.kind = 'receipt' AND r.price_tiyn IS NOT NULL" + until +
           " ORDER BY r.at DESC, r.id DESC LIMIT 1) "
           "FROM (SELECT DISTINCT item_kind, code FROM stock_moves) k)")
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in db.all(sql, params)}


def made_totals(db: Database, date_from=None, date_to=None) -> Tuple[int, int, int]:
    """(orders, items, revenue_tiyn) of the orders made in the period that have performers,
    each order once: the grand total beside the per-performer figures of
    app.storage.staff.work_by_month, where an order counts for each of its performers."""
    where = ["o.status IN ('ready','delivered','paid')",
             "EXISTS (SELECT 1 FROM order_performers p WHERE p.order_id = o.id)"]
    params = []  # type: list
    _period(where, params, date_from, date_to, column="o.finished_at")
    row = db.one("SELECT count(*), coalesce(sum(o.quantity), 0), "
                 "coalesce(sum(o.price_net_tiyn), 0) FROM orders o WHERE " + " AND ".join(where),
                 params)
    return int(row[0]), int(row[1]), int(row[2])
