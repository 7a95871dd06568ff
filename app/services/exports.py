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
from app.reports import registers as registers_report
from app.services import payments as payments_service
from app.services.document_files import (
    DocumentFile,
    document_language,
    kind_folder,
    made_on,
    period_in_name,
    render,
    report_period,
)
from app.services.report_documents import performers_work_figures, work_period
from app.services.session import Session, admin_only, logged_in
from app.services.stock_documents import (
    materials_used_figures,
    stock_balance_figures,
    stock_moves_figures,
    what_to_buy_figures,
)
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
        return render(export_report.write_csv, path, headers, rows)
    return render(export_report.write_xlsx, path,
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
    period = report_period(date_from, date_to)
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
    name = docx_base.safe_filename(t("doc.file.orders", lang), period_in_name(period),
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
    name = docx_base.safe_filename(t("doc.file.customers", lang), made_on(session).isoformat(),
                                   ext="." + fmt)
    path = _write(fmt, kind_folder("export", lang, folder) / name,
                  t("doc.file.customers", lang), headers, rows)
    audit.write(session.db, session.user, "export.customers", "customers", "",
                {"rows": len(rows), "format": fmt})
    return DocumentFile(path, "export")


@logged_in
def receivables(session: Session, as_of=None, fmt="xlsx", lang=None, folder=None) -> DocumentFile:
    """The receivables by ageing bucket per customer, as of a day, with the total row."""
    lang = document_language(lang)
    fmt = _fmt(fmt)
    ageing = payments_service.ageing(session, as_of)
    keys = registers_report.AGEING_KEYS
    rows = [[r["name"], r["bin"]] + [r[k] for k in keys] for r in ageing.rows]
    rows.append([t("doc.receivables.total", lang), ""] + [ageing.totals[k] for k in keys])
    name = docx_base.safe_filename(t("doc.file.receivables", lang), ageing.as_of.isoformat(),
                                   ext="." + fmt)
    path = _write(fmt, kind_folder("export", lang, folder) / name,
                  t("doc.receivables.title", lang), registers_report.ageing_headers(lang), rows)
    audit.write(session.db, session.user, "export.receivables", "receivables", "",
                {"rows": len(rows) - 1, "format": fmt, "as_of": ageing.as_of.isoformat()})
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
    file_name = docx_base.safe_filename(name, made_on(session).isoformat(), ext="." + fmt)
    path = _write(fmt, kind_folder("export", lang, folder) / file_name, name, list(headers),
                  rows)
    return DocumentFile(path, "export")


# ------------------------------------------------------------------ stock and performers

def _write_sheets(fmt, path: Path, sheets) -> Path:
    """xlsx: every table of the Word report, a sheet each; CSV holds one table: the first."""
    if fmt == "csv":
        return render(export_report.write_csv, path, sheets[0].headers, sheets[0].rows)
    return render(export_report.write_xlsx, path, sheets)


def _stock_file(key, fmt, lang, folder, *parts) -> Path:
    name = docx_base.safe_filename(t(key, lang), *parts, ext="." + fmt)
    return kind_folder("export", lang, folder) / name


@logged_in
def stock_balance(session: Session, at=None, fmt="xlsx", lang=None, folder=None) -> DocumentFile:
    """stock_documents.stock_balance as a table: reserved is empty for a past date."""
    from app.reports import stock_reports as stock_report
    lang = document_language(lang)
    fmt = _fmt(fmt)
    data = stock_balance_figures(session, at, lang)
    rows = [[x.name, x.unit, x.on_hand, x.reserved, x.available, x.minimum,
             stock_report.mark(x, lang), x.price, x.value] for x in data.lines]
    path = _write(fmt, _stock_file("doc.file.stock_balance", fmt, lang, folder,
                                   data.day.isoformat()),
                  t("doc.stock.balance.title", lang), stock_report.balance_headers(lang), rows)
    return DocumentFile(path, "export")


@logged_in
def stock_moves(session: Session, date_from=None, date_to=None, item_kind=None, code=None,
                fmt="xlsx", lang=None, folder=None) -> DocumentFile:
    """The moves of the period (xlsx: and the turnover by item on a second sheet)."""
    from app.reports import stock_reports as stock_report
    lang = document_language(lang)
    fmt = _fmt(fmt)
    data = stock_moves_figures(session, date_from, date_to, item_kind, code, lang)
    moves = [[_dt(m.at), m.name, m.kind, m.quantity, m.unit, m.price, m.amount, m.supplier,
              m.document, m.order_number, m.user] for m in data.moves]
    turnover = [[x.name, x.unit, x.opening, x.receipts, x.used, x.adjustments, x.closing]
                for x in data.turnover]
    sheets = [export_report.Sheet(t("doc.stock.moves.list", lang),
                                  stock_report.moves_headers(lang), moves),
              export_report.Sheet(t("doc.stock.moves.turnover", lang),
                                  stock_report.turnover_headers(lang), turnover)]
    path = _write_sheets(fmt, _stock_file("doc.file.stock_moves", fmt, lang, folder,
                                          period_in_name(report_period(date_from, date_to)),
                                          code if item_kind and code else ""), sheets)
    return DocumentFile(path, "export")


@logged_in
def materials_used(session: Session, date_from=None, date_to=None, fmt="xlsx", lang=None,
                   folder=None) -> DocumentFile:
    """By order (CSV: this table only), by product type and by item (xlsx sheets)."""
    from app.reports import stock_reports as stock_report
    lang = document_language(lang)
    fmt = _fmt(fmt)
    data = materials_used_figures(session, date_from, date_to, lang)
    sheets = [
        export_report.Sheet(t("doc.stock.used.by_order", lang), stock_report.used_headers(lang),
                            [[x.order_number, x.customer, x.product_type, x.name, x.quantity,
                              x.unit] for x in data.by_order]),
        export_report.Sheet(t("doc.stock.used.by_type", lang), stock_report.type_headers(lang),
                            [list(x) for x in data.by_type]),
        export_report.Sheet(t("doc.stock.used.by_item", lang), stock_report.item_headers(lang),
                            [list(x) for x in data.by_item])]
    path = _write_sheets(fmt, _stock_file("doc.file.materials_used", fmt, lang, folder,
                                          period_in_name(report_period(date_from, date_to))),
                         sheets)
    return DocumentFile(path, "export")


@logged_in
def what_to_buy(session: Session, fmt="xlsx", lang=None, folder=None) -> DocumentFile:
    from app.reports import stock_reports as stock_report
    lang = document_language(lang)
    fmt = _fmt(fmt)
    data = what_to_buy_figures(session, lang)
    rows = [[x.name, x.unit, x.on_hand, x.reserved, x.minimum, x.to_buy, x.price, x.amount]
            for x in data.lines]
    path = _write(fmt, _stock_file("doc.file.what_to_buy", fmt, lang, folder,
                                   made_on(session).isoformat()),
                  t("doc.stock.buy.title", lang), stock_report.buy_headers(lang), rows)
    return DocumentFile(path, "export")


@logged_in
def performers_work(session: Session, date_from=None, date_to=None, fmt="xlsx", lang=None,
                    folder=None) -> DocumentFile:
    """One row per performer and month (no subtotals: a table to sort and pivot)."""
    from app.reports import stock_reports as stock_report
    lang = document_language(lang)
    fmt = _fmt(fmt)
    data = performers_work_figures(session, date_from, date_to, lang)
    rows = [[x.name, x.role, x.month, x.orders, x.items, x.revenue] for x in data.lines]
    path = _write(fmt, _stock_file("doc.file.performers_work", fmt, lang, folder,
                                   period_in_name(work_period(session, date_from, date_to))),
                  t("doc.work.title", lang), stock_report.work_headers(lang), rows)
    return DocumentFile(path, "export")
