"""The e-invoices (ЭСФ): one per closing document, when and to which file it was exported, the
registration number the portal gave it; the closing status of orders over a period; the ESF
settings (origin-of-goods code per product type, ESF for a shop that is not a VAT payer)."""
from datetime import date, timedelta
from typing import List

from app.storage.db import Database

ORIGIN_KEY = "esf.origin.{}"
NON_PAYER_KEY = "esf.non_payer"


def documents_in_period(db: Database, day_from: str, day_to: str, customer_id=None):
    """Closing documents issued (turned over) from day_from to day_to ('YYYY-MM-DD'), oldest
    first, with their ESF registration number when they have one."""
    sql = ("SELECT d.*, e.registration_number FROM closing_documents d "
           "LEFT JOIN esf_invoices e ON e.document_id = d.id "
           "WHERE d.issued_at >= ? AND d.issued_at < ?")
    params = [day_from, _after(day_to)]
    if customer_id is not None:
        sql += " AND d.customer_id = ?"
        params.append(customer_id)
    return db.all(sql + " ORDER BY d.issued_at, d.id", params)


def documents_of_orders(db: Database, order_ids) -> List[int]:
    """The closing documents that close any of these orders (ids, oldest first)."""
    out = []
    for order_id in order_ids:
        for r in db.all("SELECT document_id FROM closing_document_orders WHERE order_id = ? "
                        "ORDER BY document_id", (order_id,)):
            if r["document_id"] not in out:
                out.append(r["document_id"])
    return sorted(out)


def documents(db: Database, doc_ids):
    out = []
    for doc_id in doc_ids:
        out.append(db.one("SELECT d.*, e.registration_number FROM closing_documents d "
                          "LEFT JOIN esf_invoices e ON e.document_id = d.id WHERE d.id = ?",
                          (doc_id,)))
    return out


def orders_of_documents(db: Database, doc_ids) -> dict:
    """{document id: [order id, …]} for many documents in one query per 500."""
    out = {d: [] for d in doc_ids}
    for part, marks in _chunks(doc_ids):
        for r in db.all("SELECT document_id, order_id FROM closing_document_orders "
                        "WHERE document_id IN ({}) ORDER BY document_id, order_id".format(marks),
                        part):
            out[r["document_id"]].append(r["order_id"])
    return out


def _chunks(ids, size=500):
    ids = list(ids)
    for start in range(0, len(ids), size):
        part = ids[start:start + size]
        yield part, ",".join("?" * len(part))


def order_figures(db: Database, order_ids) -> dict:
    """{order id: row} with what an ESF line needs: number, product type, catalog version,
    net, VAT and gross in tiyn, and the estimate snapshot (for the spec and the VAT rate)."""
    out = {}
    for part, marks in _chunks(order_ids):
        for r in db.all("SELECT id, number, product_type, catalog_version_id, price_net_tiyn, "
                        "vat_tiyn, price_gross_tiyn, estimate FROM orders "
                        "WHERE id IN ({})".format(marks), part):
            out[r["id"]] = r
    return out


def invoice_contracts(db: Database, order_ids) -> dict:
    """{order id: contract id} of each order's latest invoice that names one."""
    out = {}
    for part, marks in _chunks(order_ids):
        for r in db.all("SELECT order_id, contract_id FROM invoices WHERE order_id IN ({}) "
                        "ORDER BY id".format(marks), part):
            out[r["order_id"]] = r["contract_id"]  # the latest wins
    return {k: v for k, v in out.items() if v is not None}


def mark_exported(db: Database, doc_id, at, user_id, file):
    """Recorded (or, exported again, its time, file and count moved on)."""
    db.execute("INSERT INTO esf_invoices(document_id, exported_at, exported_by, file) "
               "VALUES (?, ?, ?, ?) ON CONFLICT(document_id) DO UPDATE SET "
               "exported_at = excluded.exported_at, exported_by = excluded.exported_by, "
               "file = excluded.file, exports = esf_invoices.exports + 1",
               (doc_id, at, user_id, file))


def of_document(db: Database, doc_id):
    return db.one("SELECT * FROM esf_invoices WHERE document_id = ?", (doc_id,))


def documents_by_number(db: Database, number, kind=None) -> List[int]:
    """Closing documents of that number (an act and a waybill may share one: they are
    numbered apart), of the kind when given."""
    sql = "SELECT id FROM closing_documents WHERE number = ?"
    params = [number]
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    return [r["id"] for r in db.all(sql + " ORDER BY id", params)]


def by_registration(db: Database, registration_number):
    return db.one("SELECT * FROM esf_invoices WHERE registration_number = ?",
                  (registration_number,))


def set_registration(db: Database, doc_id, registration_number, at, user_id) -> bool:
    cur = db.execute("UPDATE esf_invoices SET registration_number = ?, registered_at = ?, "
                     "registered_by = ? WHERE document_id = ?",
                     (registration_number, at, user_id, doc_id))
    return cur.rowcount == 1


def closing_rows(db: Database, day_from: str, day_to: str, customer_id=None):
    """Made orders of the period with their closing document and ESF, if any: those turned
    over in it, and those not closed yet made in it (finished_at). Two indexed selects (the
    turnover date's, the made time's) rather than one OR the planner would scan the orders for.
    No status test: only a made order gets a made time or a turnover date, and a made order
    is never cancelled or moved back (app.domain.records.TRANSITIONS)."""
    head = ("SELECT o.id AS order_id, o.number, o.customer_id, c.name AS customer, "
            "o.turnover_date, o.finished_at, o.price_gross_tiyn, d.id AS document_id, "
            "d.kind, d.number AS document_number, e.exported_at, e.file, "
            "e.registration_number, coalesce(o.turnover_date, o.finished_at) AS sort_day "
            "FROM orders o JOIN customers c ON c.id = o.customer_id "
            "LEFT JOIN closing_document_orders x ON x.order_id = o.id "
            "LEFT JOIN closing_documents d ON d.id = x.document_id "
            "LEFT JOIN esf_invoices e ON e.document_id = d.id "
            "WHERE ")
    closed = head + "o.turnover_date >= ? AND o.turnover_date <= ?"
    loose = head + "o.turnover_date IS NULL AND o.finished_at >= ? AND o.finished_at < ?"
    params_closed = [day_from, day_to]
    params_loose = [day_from, _after(day_to)]
    if customer_id is not None:
        closed += " AND o.customer_id = ?"
        loose += " AND o.customer_id = ?"
        params_closed.append(customer_id)
        params_loose.append(customer_id)
    return db.all(closed + " UNION ALL " + loose + " ORDER BY sort_day, order_id",
                  params_closed + params_loose)


def _after(day: str) -> str:
    """The next day: times 'YYYY-MM-DD hh:mm:ss' of `day` sort below it (worked out here, not
    in SQL: the same text must run on PostgreSQL)."""
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def settings(db: Database) -> dict:
    return {r["key"]: r["value"] for r in db.all(
        "SELECT key, value FROM settings WHERE key LIKE 'esf.%'")}


def set_setting(db: Database, key, value):
    db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
