"""Read-only queries of the analysis: order figures, profit by group, press load."""
from app.domain.queries import Selection
from app.storage.db import Database
from app.storage.portable import day_after

COST_SQL = ("CASE WHEN o.act_direct_tiyn IS NOT NULL THEN o.act_direct_tiyn + o.act_overhead_tiyn "
            "ELSE o.est_cost_tiyn END")


def _where(sel: Selection):
    where, params = [], []
    if sel.date_from:
        where.append("o.created_at >= ?")
        params.append(str(sel.date_from))
    if sel.date_to:
        where.append("o.created_at < ?")
        params.append(day_after(sel.date_to))
    for column, values in (("o.product_type", sel.product_types), ("o.customer_id", sel.customer_ids),
                           ("o.status", sel.statuses)):
        if values:
            where.append("{} IN ({})".format(column, ",".join("?" * len(values))))
            params += list(values)
    if sel.exclude_ids:
        where.append("o.id NOT IN ({})".format(",".join("?" * len(sel.exclude_ids))))
        params += [int(i) for i in sel.exclude_ids]
    return (" WHERE " + " AND ".join(where)) if where else "", params


def order_figures(db: Database, sel: Selection):
    """One row per order: id, number, type, customer, manager, dates, quantity, net price,
    full cost (actual where recorded, else the estimate), whether actuals exist."""
    where, params = _where(sel)
    sql = ("SELECT o.id, o.number, o.product_type, o.customer_id, o.manager_id, o.status, "
           "o.created_at, o.quantity, o.price_net_tiyn, " + COST_SQL + " AS cost_tiyn, "
           "o.est_cost_tiyn, o.act_direct_tiyn IS NOT NULL AS has_actual FROM orders o"
           + where + " ORDER BY o.id")
    return db.execute(sql, params).fetchall()


GROUPS = {
    "product_type": ("o.product_type", "o.product_type"),
    "customer": ("o.customer_id", "c.name"),
    "manager": ("o.manager_id", "coalesce(nullif(u.full_name, ''), u.username, '')"),
    "month": ("substr(o.created_at, 1, 7)", "substr(o.created_at, 1, 7)"),
}


def profit_by(db: Database, sel: Selection, by: str, limit=None):
    """Revenue, cost (full: actual where recorded), estimated cost and profit per group."""
    key, label = GROUPS[by]
    where, params = _where(sel)
    # the label is grouped too (it follows from the key): every selected column is grouped
    sql = ("SELECT {key} AS grp, {label} AS label, count(*) AS orders, "
           "sum(o.price_net_tiyn) AS revenue_tiyn, sum({cost}) AS cost_tiyn, "
           "sum(o.est_cost_tiyn) AS est_cost_tiyn, "
           "sum(CASE WHEN o.act_direct_tiyn IS NOT NULL THEN 1 ELSE 0 END) AS with_actual "
           "FROM orders o JOIN customers c ON c.id = o.customer_id "
           "LEFT JOIN users u ON u.id = o.manager_id{where} GROUP BY {group} "
           "ORDER BY {order}").format(key=key, label=label, cost=COST_SQL, where=where,
                                      group=key if key == label else key + ", " + label,
                                      order="grp" if by == "month" else "revenue_tiyn DESC")
    if limit:
        sql += " LIMIT {:d}".format(int(limit))
    return db.all(sql, params)


def snapshots(db: Database, sel: Selection):
    """(estimate blob, actual blob) of the selected orders that have actual figures."""
    where, params = _where(sel)
    where = (where + " AND " if where else " WHERE ") + "o.actual IS NOT NULL"
    return db.execute("SELECT o.estimate, o.actual FROM orders o" + where, params)


def press_load(db: Database, date_from, date_to):
    """Machine hours per press and month of the orders made (ready and on), by the month
    they were finished: the estimate's time and the actual time where recorded."""
    return db.all(
        "SELECT press, substr(finished_at, 1, 7) AS month, count(*) AS orders, "
        "sum(est_press_dmin) / 600.0 AS est_hours, "
        "sum(coalesce(act_press_dmin, est_press_dmin)) / 600.0 AS hours "
        "FROM orders WHERE finished_at >= ? AND finished_at < ? "
        "AND status IN ('ready','delivered','paid') AND press != '' "
        "GROUP BY press, month ORDER BY press, month", (str(date_from), day_after(date_to)))


def names(db: Database, table, ids):
    """{id: name} of customers or users (table is one of those two, never user input)."""
    if table not in ("customers", "users"):
        raise ValueError(table)
    if not ids:
        return {}
    ids = sorted(set(int(i) for i in ids))
    column = "name" if table == "customers" else "coalesce(nullif(full_name, ''), username)"
    out = {}
    for start in range(0, len(ids), 500):  # SQLite limits parameters per statement
        chunk = ids[start:start + 500]
        rows = db.all("SELECT id, {} FROM {} WHERE id IN ({})".format(
            column, table, ",".join("?" * len(chunk))), chunk)
        out.update({r[0]: r[1] for r in rows})
    return out
