"""Performers: the shop's staff and the orders they are assigned to."""
from app.storage.db import Database
from app.storage.portable import day_after, insert_returning_id


def insert(db: Database, name, role, phone="") -> int:
    return insert_returning_id(db, "INSERT INTO staff(name, role, phone) VALUES (?,?,?)",
                               (name, role, phone))


def update(db: Database, staff_id, name, role, phone, active):
    db.execute("UPDATE staff SET name = ?, role = ?, phone = ?, active = ? WHERE id = ?",
               (name, role, phone, int(active), staff_id))


def get(db: Database, staff_id):
    return db.one("SELECT * FROM staff WHERE id = ?", (staff_id,))


def list_all(db: Database, active_only=False):
    sql = "SELECT * FROM staff"
    if active_only:
        sql += " WHERE active = 1"
    return db.all(sql + " ORDER BY role, lower(name)")


def set_performers(db: Database, order_id, staff_ids):
    db.execute("DELETE FROM order_performers WHERE order_id = ?", (order_id,))
    for sid in staff_ids:
        db.execute("INSERT INTO order_performers(order_id, staff_id) VALUES (?,?)", (order_id, sid))


def performers_of(db: Database, order_id):
    return db.all("SELECT s.* FROM order_performers p JOIN staff s ON s.id = p.staff_id "
                  "WHERE p.order_id = ? ORDER BY s.role, s.name", (order_id,))


def work_by_month(db: Database, date_from, date_to):
    """Orders made per performer and month (by the month the order became ready)."""
    return db.all(
        "SELECT s.id AS staff_id, s.name, s.role, substr(o.finished_at, 1, 7) AS month, "
        "count(*) AS orders, sum(o.quantity) AS quantity, sum(o.price_net_tiyn) AS revenue_tiyn "
        "FROM order_performers p JOIN staff s ON s.id = p.staff_id "
        "JOIN orders o ON o.id = p.order_id "
        "WHERE o.finished_at >= ? AND o.finished_at < ? "
        "AND o.status IN ('ready','delivered','paid') "
        "GROUP BY s.id, s.name, s.role, substr(o.finished_at, 1, 7) ORDER BY s.name, month",
        (str(date_from), day_after(date_to)))


def add_performers_many(db: Database, rows):
    """Bulk (order_id, staff_id) pairs: the demo builder."""
    db.executemany("INSERT INTO order_performers(order_id, staff_id) VALUES (?,?)", rows)
