"""Exports to .xlsx and CSV: the orders register, the customers, any analysis table.

Files go to Documents/iPrint/<Exports>/ unless a folder is given. Column headings are in the
user's language; money is a number (Decimal), dates are dates.
"""
from datetime import datetime
from pathlib import Path
from typing import List, Sequence

from app.domain.errors import ValidationError
from app.i18n import t
from app.reports import docx_base
from app.reports import exports as export_report
from app.services.documents import (DocumentFile, _period, _period_name, _render, _today,
                                    document_language, kind_folder)
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import registers as registers_db

FORMATS = ("xlsx", "csv")
MAX_EXPORT_ROWS = 1000000  # an Excel sheet holds 1 048 576 rows


def _fmt(fmt) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError("error.export.format", "format", fmt=str(fmt))
    return fmt


def _dt(text):
    if not text:
        return None
    try:
        return datetime.strptime(str(text)[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        try:
            return datetime.strptime(str(text)[:10], "%Y-%m-%d").date()
        except ValueError:
            return str(text)


def _write(fmt, path: Path, title, headers, rows) -> Path:
    if fmt == "csv":
        return _render(export_report.write_csv, path, headers, rows)
    return _render(export_report.write_xlsx, path,
                   [export_report.Sheet(title, headers, rows)])


def order_columns(session, lang) -> List[str]:
    cols = [t("doc.register.col.number", lang), t("doc.register.col.date", lang),
            t("doc.register.col.customer", lang), t("doc.bin_iin", lang),
            t("doc.profit.col.type", lang), t("doc.register.col.job", lang),
            t("doc.col.qty", lang), t("doc.register.col.status", lang),
            t("doc.register.col.net", lang), t("doc.register.col.vat", lang),
            t("doc.register.col.gross", lang)]
    if session.user.is_admin:
        cols += [t("doc.profit.col.cost", lang), t("doc.profit.col.profit", lang)]
    cols += [t("doc.register.col.manager", lang), t("doc.ticket.due", lang),
             t("doc.receivables.col.finished", lang), t("status.paid", lang)]
    return cols


@logged_in
def orders_register(session: Session, date_from=None, date_to=None, fmt="xlsx", lang=None,
                    folder=None) -> DocumentFile:
    """Every order of the period. Cost and profit columns for administrators only."""
    lang = document_language(lang)
    fmt = _fmt(fmt)
    period = _period(date_from, date_to)
    rows = registers_db.order_register(session.db, period.date_from, period.date_to,
                                       limit=MAX_EXPORT_ROWS)
    out = []
    for r in rows:
        line = [r["number"], _dt(r["created_at"]), r["customer_name"], r["customer_bin"] or "",
                t("product." + r["product_type"], lang), r["title"], r["quantity"],
                t("status." + r["status"], lang), r["price_net"], r["vat"], r["price_gross"]]
        if session.user.is_admin:
            line += [r["cost"], r["price_net"] - r["cost"]]
        line += [r["manager_name"], _dt(r["due_date"]), _dt(r["finished_at"]),
                 _dt(r["paid_at"])]
        out.append(line)
    title = t("doc.register.title", lang)
    name = docx_base.safe_filename(t("doc.file.orders", lang), _period_name(period),
                                   ext="." + fmt)
    path = _write(fmt, kind_folder("export", lang, folder) / name, title,
                  order_columns(session, lang), out)
    audit.write(session.db, session.user, "export.orders", "orders", "",
                {"rows": len(out), "format": fmt})
    return DocumentFile(path, "export")


@admin_only
def customers(session: Session, fmt="xlsx", lang=None, folder=None) -> DocumentFile:
    """The whole customer base: administrators only (it is the shop's most copied asset)."""
    lang = document_language(lang)
    fmt = _fmt(fmt)
    headers = [t("field.name", lang), t("field.bin", lang), t("field.contact_person", lang),
               t("field.phone", lang), t("field.email", lang), t("field.address", lang),
               t("field.discount_pct", lang), t("doc.profit.col.orders", lang),
               t("doc.profit.col.revenue", lang), t("doc.receivables.title", lang),
               t("field.notes", lang)]
    rows = [[c["name"], c["bin"] or "", c["contact_person"], c["phone"], c["email"],
             c["address"], c["discount_pct"], c["orders"], c["revenue"], c["unpaid"], c["notes"]]
            for c in registers_db.customers_with_totals(session.db)]
    name = docx_base.safe_filename(t("doc.file.customers", lang), _today(session).isoformat(),
                                   ext="." + fmt)
    path = _write(fmt, kind_folder("export", lang, folder) / name,
                  t("doc.file.customers", lang), headers, rows)
    audit.write(session.db, session.user, "export.customers", "customers", "",
                {"rows": len(rows), "format": fmt})
    return DocumentFile(path, "export")


@logged_in
def table(session: Session, name: str, headers: Sequence[str], rows, fmt="xlsx", lang=None,
          folder=None) -> DocumentFile:
    """Any table a screen shows (the analysis tables): headers already translated."""
    lang = document_language(lang)
    fmt = _fmt(fmt)
    rows = [list(r) for r in rows]
    if any(len(r) != len(headers) for r in rows):
        raise ValidationError("error.export.bad_table", "rows")
    file_name = docx_base.safe_filename(name, _today(session).isoformat(), ext="." + fmt)
    path = _write(fmt, kind_folder("export", lang, folder) / file_name, name, list(headers),
                  rows)
    return DocumentFile(path, "export")
