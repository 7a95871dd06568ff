"""Stock of papers and materials: moves, reservations, minimum levels. Quantities in milli-units."""
from typing import Dict, Tuple

from app.storage.db import Database
from app.storage.portable import day_after, insert_returning_id

Item = Tuple[str, str]  # (item_kind 'paper'|'material', code)


def add_move(db: Database, at, item_kind, code, kind, qty_milli, price_tiyn=None, supplier="",
             document="", reason="", order_id=None, user_id=None) -> int:
    return insert_returning_id(
        db, "INSERT INTO stock_moves(at, item_kind, code, kind, qty_milli, price_tiyn, supplier, "
        "document, reason, order_id, user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (at, item_kind, code, kind, int(qty_milli), price_tiyn, supplier, document, reason,
         order_id, user_id))


def balance(db: Database, item_kind, code, at=None) -> int:
    if at:
        return db.scalar("SELECT coalesce(sum(qty_milli), 0) FROM stock_moves WHERE item_kind = ? "
                         "AND code = ? AND at <= ?", (item_kind, code, at))
    return db.scalar("SELECT coalesce(sum(qty_milli), 0) FROM stock_moves WHERE item_kind = ? "
                     "AND code = ?", (item_kind, code))


def balances(db: Database, at=None) -> Dict[Item, int]:
    if at:
        rows = db.all("SELECT item_kind, code, sum(qty_milli) FROM stock_moves WHERE at <= ? "
                      "GROUP BY item_kind, code", (at,))
    else:
        rows = db.all("SELECT item_kind, code, sum(qty_milli) FROM stock_moves "
                      "GROUP BY item_kind, code")
    return {(r[0], r[1]): r[2] for r in rows}


def totals_by_kind(db: Database, item_kind, code) -> Dict[str, int]:
    """Sum of moves of one item by kind of move (receipt, write_off, …)."""
    rows = db.all("SELECT kind, sum(qty_milli) FROM stock_moves WHERE item_kind = ? AND code = ? "
                  "GROUP BY kind", (item_kind, code))
    return {r[0]: r[1] for r in rows}


def reserved(db: Database) -> Dict[Item, int]:
    rows = db.all("SELECT item_kind, code, sum(qty_milli) FROM stock_reservations "
                  "GROUP BY item_kind, code")
    return {(r[0], r[1]): r[2] for r in rows}


def set_reservations(db: Database, order_id, needs: Dict[Item, int]):
    clear_reservations(db, order_id)
    for (item_kind, code), qty in needs.items():
        if qty > 0:
            db.execute("INSERT INTO stock_reservations(order_id, item_kind, code, qty_milli) "
                       "VALUES (?,?,?,?)", (order_id, item_kind, code, qty))


def clear_reservations(db: Database, order_id):
    db.execute("DELETE FROM stock_reservations WHERE order_id = ?", (order_id,))


def used_by_order(db: Database, order_id) -> Dict[Item, int]:
    """Net quantity taken from stock for an order (positive = taken)."""
    rows = db.all("SELECT item_kind, code, -sum(qty_milli) FROM stock_moves WHERE order_id = ? "
                  "GROUP BY item_kind, code", (order_id,))
    return {(r[0], r[1]): r[2] for r in rows}


def min_levels(db: Database) -> Dict[Item, int]:
    return {(r[0], r[1]): r[2] for r in db.all("SELECT item_kind, code, min_milli FROM stock_levels")}


def set_min_level(db: Database, item_kind, code, min_milli):
    db.execute("INSERT INTO stock_levels(item_kind, code, min_milli) VALUES (?,?,?) "
               "ON CONFLICT(item_kind, code) DO UPDATE SET min_milli = excluded.min_milli",
               (item_kind, code, int(min_milli)))


def moves(db: Database, date_from=None, date_to=None, item_kind=None, code=None, limit=1000,
          offset=0):
    where, params = [], []
    if date_from:
        where.append("m.at >= ?")
        params.append(str(date_from))
    if date_to:
        where.append("m.at < ?")
        params.append(day_after(date_to))
    if item_kind:
        where.append("m.item_kind = ?")
        params.append(item_kind)
    if code:
        where.append("m.code = ?")
        params.append(code)
    sql = ("SELECT m.*, o.number AS order_number, u.username FROM stock_moves m "
           "LEFT JOIN orders o ON o.id = m.order_id LEFT JOIN users u ON u.id = m.user_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY m.at, m.id LIMIT ? OFFSET ?"
    return db.all(sql, params + [int(limit), int(offset)])


def used_by_product_type(db: Database, date_from, date_to):
    """Materials taken for orders, by product type, in a period (write-offs net of returns)."""
    return db.all(
        "SELECT o.product_type, m.item_kind, m.code, -sum(m.qty_milli) AS qty_milli "
        "FROM stock_moves m JOIN orders o ON o.id = m.order_id "
        "WHERE m.kind IN ('write_off','correction','return') AND m.at >= ? "
        "AND m.at < ? GROUP BY o.product_type, m.item_kind, m.code "
        "ORDER BY o.product_type, m.item_kind, m.code", (str(date_from), day_after(date_to)))
