"""Orders table: numbering, the estimate snapshot, statuses, actual figures, the paged list."""
import json
import zlib
from decimal import Decimal
from typing import Optional

from app.domain.estimate import Estimate, EstimateLine, MaterialUse
from app.domain.money import D, from_tiyn, q2, to_tiyn
from app.domain.queries import OrderFilter
from app.domain.records import Actual, Order, OrderRow
from app.storage.db import Database
from app.storage.portable import LIKE_ESCAPE, contains, day_after, insert_returning_id, month_after

SORTS = {
    "number": "o.number",
    "created": "o.created_at",
    "due": "o.due_date",
    "customer": "lower(c.name)",
    "status": "o.status",
    "type": "o.product_type",
    "price": "o.price_gross_tiyn",
}


def next_number(db: Database, year: int) -> str:
    """Sequential per year, never reused (the counter only grows, even if an order is deleted)."""
    db.execute("INSERT INTO order_numbers(year, last) VALUES (?, 1) "
               "ON CONFLICT(year) DO UPDATE SET last = order_numbers.last + 1", (year,))
    last = db.scalar("SELECT last FROM order_numbers WHERE year = ?", (year,))
    return "{}-{:06d}".format(year, last)


def pack(data: dict) -> bytes:
    """Snapshots are zlib-compressed JSON: a third of the size, read only when an order opens."""
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                    default=str).encode("utf-8"), 6)


def unpack(blob) -> dict:
    if isinstance(blob, str):  # plain JSON is accepted too (hand-made rows, old tools)
        return json.loads(blob)
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def search_key(number, title) -> str:
    return "{} {}".format(number, title or "").lower()


PRESS_LINES = ("press", "label_print")  # the line whose time loads the machine


def press_dmin(lines) -> int:
    """Machine time of an order in tenths of a minute (the press-load report sums it)."""
    for line in lines:
        if line.code in PRESS_LINES and line.minutes is not None:
            return int((line.minutes * 10).to_integral_value())
    return 0


def estimate_columns(est: Estimate) -> dict:
    return {
        "press": est.press,
        "est_press_dmin": press_dmin(est.lines),
        "product_type": est.spec.product_type,
        "quantity": est.spec.quantity,
        "title": est.spec.name,
        "estimate": pack(est.to_dict(compact=True)),
        "est_direct_tiyn": to_tiyn(est.direct),
        "est_cost_tiyn": to_tiyn(est.cost),
        "price_net_tiyn": to_tiyn(est.price_net),
        "vat_tiyn": to_tiyn(est.vat),
        "price_gross_tiyn": to_tiyn(est.price_gross),
    }


INSERT_COLUMNS = ("number", "customer_id", "product_type", "status", "title", "quantity",
                  "created_at", "due_date", "finished_at", "paid_at", "manager_id",
                  "catalog_version_id", "estimate", "est_direct_tiyn", "est_cost_tiyn",
                  "price_net_tiyn", "vat_tiyn", "price_gross_tiyn", "actual", "act_direct_tiyn",
                  "act_overhead_tiyn", "overhead_allocated", "notes", "search", "press",
                  "est_press_dmin", "act_press_dmin")
INSERT_SQL = "INSERT INTO orders({}) VALUES ({})".format(
    ", ".join(INSERT_COLUMNS), ", ".join("?" * len(INSERT_COLUMNS)))


def insert(db: Database, values: dict) -> int:
    row = dict(values)
    row.setdefault("search", search_key(row["number"], row.get("title")))
    for key in INSERT_COLUMNS:
        row.setdefault(key, None)
    row["notes"] = row["notes"] or ""
    row["overhead_allocated"] = row["overhead_allocated"] or 0
    return insert_returning_id(db, INSERT_SQL, row_tuple(row))


def row_tuple(row: dict) -> tuple:
    return tuple(row.get(k) for k in INSERT_COLUMNS)


def insert_many(db: Database, rows):
    """Bulk insert (the demo builder): rows are tuples in INSERT_COLUMNS order."""
    db.executemany(INSERT_SQL, rows)


def update_estimate(db: Database, order_id, version, est: Estimate, catalog_version_id,
                    customer_id, due_date, notes) -> bool:
    cols = estimate_columns(est)
    number = db.scalar("SELECT number FROM orders WHERE id = ?", (order_id,))
    cur = db.execute(
        "UPDATE orders SET product_type=?, quantity=?, title=?, estimate=?, press=?, est_press_dmin=?, "
        "est_direct_tiyn=?, est_cost_tiyn=?, price_net_tiyn=?, vat_tiyn=?, price_gross_tiyn=?, "
        "catalog_version_id=?, customer_id=?, due_date=?, notes=?, search=?, "
        "version = version + 1 WHERE id = ? AND version = ?",
        (cols["product_type"], cols["quantity"], cols["title"], cols["estimate"], cols["press"],
         cols["est_press_dmin"],
         cols["est_direct_tiyn"], cols["est_cost_tiyn"], cols["price_net_tiyn"], cols["vat_tiyn"],
         cols["price_gross_tiyn"], catalog_version_id, customer_id, due_date, notes or "",
         search_key(number, cols["title"]), order_id, version))
    return cur.rowcount == 1


def frozen_before_vat_by_date(db: Database, order_id) -> bool:
    """Whether the order was saved before VAT followed the turnover date (migration 4)."""
    upto = db.scalar("SELECT value FROM settings WHERE key = 'vat.frozen_upto_order'")
    return upto is not None and order_id <= int(upto)


def set_vat(db: Database, order_id, est: Estimate):
    """The VAT of the turnover date (the order is made): estimate and totals, in the status
    change's transaction (its version step counts for both)."""
    cols = estimate_columns(est)
    db.execute("UPDATE orders SET estimate = ?, vat_tiyn = ?, price_gross_tiyn = ? WHERE id = ?",
               (cols["estimate"], cols["vat_tiyn"], cols["price_gross_tiyn"], order_id))


def set_status(db: Database, order_id, version, new_status, at, user_id, finished_at=None,
               paid_at=None) -> bool:
    old = db.scalar("SELECT status FROM orders WHERE id = ?", (order_id,))
    cur = db.execute(
        "UPDATE orders SET status = ?, finished_at = coalesce(?, finished_at), "
        "paid_at = coalesce(?, paid_at), version = version + 1 WHERE id = ? AND version = ?",
        (new_status, finished_at, paid_at, order_id, version))
    if cur.rowcount != 1:
        return False
    log_status(db, order_id, old, new_status, at, user_id)
    return True


def log_status(db: Database, order_id, from_status, to_status, at, user_id):
    db.execute("INSERT INTO order_status_log(order_id, from_status, to_status, at, user_id) "
               "VALUES (?,?,?,?,?)", (order_id, from_status, to_status, at, user_id))


def status_log(db: Database, order_id):
    return db.all("SELECT l.*, u.username FROM order_status_log l LEFT JOIN users u "
                  "ON u.id = l.user_id WHERE order_id = ? ORDER BY l.id", (order_id,))


def set_actual(db: Database, order_id, version, actual: Actual) -> bool:
    body = pack_actual(actual)
    cur = db.execute(
        "UPDATE orders SET actual = ?, act_direct_tiyn = ?, act_overhead_tiyn = ?, "
        "overhead_allocated = ?, act_press_dmin = ?, version = version + 1 "
        "WHERE id = ? AND version = ?",
        (body, to_tiyn(actual.direct), to_tiyn(actual.overhead), int(actual.overhead_allocated),
         press_dmin(actual.lines), order_id, version))
    return cur.rowcount == 1


def set_allocated_overhead(db: Database, order_id, overhead_tiyn):
    db.execute("UPDATE orders SET act_overhead_tiyn = ?, overhead_allocated = 1, "
               "version = version + 1 WHERE id = ?", (overhead_tiyn, order_id))


def pack_actual(actual: Actual) -> bytes:
    return pack({
        "lines": {line.code: str(line.amount) for line in actual.lines},
        "minutes": {line.code: str(line.minutes) for line in actual.lines if line.minutes is not None},
        "usage": actual.usage,
        "materials": [[m.code, str(m.quantity), m.unit] for m in actual.materials],
    })


def _actual(row, est: Estimate) -> Optional[Actual]:
    if row["actual"] is None:
        return None
    data = unpack(row["actual"])
    minutes = data.get("minutes", {})
    lines = tuple(EstimateLine(code, D(amount), D(minutes[code]) if code in minutes else None)
                  for code, amount in data["lines"].items())
    direct = from_tiyn(row["act_direct_tiyn"])
    overhead = from_tiyn(row["act_overhead_tiyn"])
    cost = direct + overhead
    profit = est.price_net - cost
    pct = q2(profit / cost * 100) if cost > 0 else Decimal("0.00")
    materials = tuple(MaterialUse(c, D(q), u) for c, q, u in data.get("materials", []))
    return Actual(direct, overhead, cost, profit, pct, lines, data.get("usage", {}),
                  bool(row["overhead_allocated"]), materials)


ORDER_SELECT = ("SELECT o.*, c.name AS customer_name, "
                "coalesce(nullif(u.full_name, ''), u.username, '') AS manager_name "
                "FROM orders o JOIN customers c ON c.id = o.customer_id "
                "LEFT JOIN users u ON u.id = o.manager_id ")


def get(db: Database, order_id) -> Optional[Order]:
    row = db.one(ORDER_SELECT + "WHERE o.id = ?", (order_id,))
    return _order(row) if row else None


def _order(row) -> Order:
    est = Estimate.from_dict(unpack(row["estimate"]))
    return Order(row["id"], row["number"], row["customer_id"], row["customer_name"],
                 row["product_type"], row["status"], row["title"], row["quantity"],
                 row["created_at"], row["due_date"], row["finished_at"], row["paid_at"],
                 row["manager_id"], row["manager_name"], row["catalog_version_id"], est,
                 _actual(row, est), row["notes"], row["version"], row["turnover_date"])


def _where(f: OrderFilter):
    where, params = [], []
    if f.statuses:
        where.append("o.status IN ({})".format(",".join("?" * len(f.statuses))))
        params += list(f.statuses)
    if f.product_types:
        where.append("o.product_type IN ({})".format(",".join("?" * len(f.product_types))))
        params += list(f.product_types)
    if f.customer_id is not None:
        where.append("o.customer_id = ?")
        params.append(f.customer_id)
    if f.manager_id is not None:
        where.append("o.manager_id = ?")
        params.append(f.manager_id)
    if f.date_from:
        where.append("o.created_at >= ?")
        params.append(str(f.date_from))
    if f.date_to:
        where.append("o.created_at < ?")
        params.append(day_after(f.date_to))
    if f.text:
        like = contains(f.text.strip().lower())  # the search columns are lower-cased already
        # customers are few: matching their names first spares a join per order
        where.append("(o.search LIKE ?" + LIKE_ESCAPE + " OR o.customer_id IN "
                     "(SELECT id FROM customers WHERE search LIKE ?" + LIKE_ESCAPE + "))")
        params += [like, like]
    return (" WHERE " + " AND ".join(where)) if where else "", params


LIST_SELECT = (
    "SELECT o.id, o.number, o.customer_id, c.name AS customer_name, o.product_type, o.status, "
    "o.title, o.quantity, o.created_at, o.due_date, o.price_gross_tiyn, o.price_net_tiyn, "
    "CASE WHEN o.act_direct_tiyn IS NOT NULL THEN o.act_direct_tiyn + o.act_overhead_tiyn "
    "ELSE o.est_cost_tiyn END AS cost_tiyn, "
    "coalesce(nullif(u.full_name, ''), u.username, '') AS manager_name "
    "FROM orders o JOIN customers c ON c.id = o.customer_id "
    "LEFT JOIN users u ON u.id = o.manager_id")


def page(db: Database, f: OrderFilter, sort="created", descending=True, limit=100, offset=0):
    """One page of the orders list. Sorting is by a whitelisted column, then id, so pages
    are stable."""
    where, params = _where(f)
    column = SORTS.get(sort, SORTS["created"])
    direction = "DESC" if descending else "ASC"
    sql = "{}{} ORDER BY {} {}, o.id {} LIMIT ? OFFSET ?".format(
        LIST_SELECT, where, column, direction, direction)
    rows = db.all(sql, params + [int(limit), int(offset)])
    out = []
    for r in rows:
        cost = from_tiyn(r["cost_tiyn"])
        net = from_tiyn(r["price_net_tiyn"])
        pct = q2((net - cost) / cost * 100) if cost > 0 else Decimal("0.00")
        out.append(OrderRow(r["id"], r["number"], r["customer_id"], r["customer_name"],
                            r["product_type"], r["status"], r["title"], r["quantity"],
                            r["created_at"], r["due_date"], from_tiyn(r["price_gross_tiyn"]),
                            cost, pct, r["manager_name"]))
    return out


def count(db: Database, f: OrderFilter) -> int:
    where, params = _where(f)
    return db.scalar("SELECT count(*) FROM orders o" + where, params)


def finished_in_month(db: Database, month):
    """Orders made in a month ('YYYY-MM'), cancelled left out: the base of overhead allocation."""
    return db.all(
        "SELECT id, CASE WHEN act_direct_tiyn IS NOT NULL THEN act_direct_tiyn "
        "ELSE est_direct_tiyn END AS direct_tiyn, act_direct_tiyn, actual "
        "FROM orders WHERE finished_at >= ? AND finished_at < ? "
        "AND status IN ('ready','delivered','paid') ORDER BY id",
        (month + "-01", month_after(month + "-01")))


def raise_number_counter(db: Database, year: int, last: int):
    """After a bulk load: the next number of the year follows the highest one used."""
    db.execute("INSERT INTO order_numbers(year, last) VALUES (?, ?) "
               "ON CONFLICT(year) DO UPDATE SET last = CASE WHEN excluded.last > order_numbers.last "
               "THEN excluded.last ELSE order_numbers.last END", (year, last))


def log_status_many(db: Database, rows):
    db.executemany("INSERT INTO order_status_log(order_id, from_status, to_status, at, "
                        "user_id) VALUES (?,?,?,?,?)", rows)


def max_id(db: Database) -> int:
    return db.scalar("SELECT coalesce(max(id), 0) FROM orders")
