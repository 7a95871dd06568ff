"""Documents: invoice, commercial offer, job ticket, registers, manuals; print or open a file.

Each use case checks the user, gathers the figures through the services and storage, and
hands plain data to app.reports, which alone knows python-docx. Files go to
Documents/iPrint/<kind>/ with names that say what they are.
"""
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import List, Optional

from app import config, i18n
from app.domain import inputs
from app.domain.errors import Conflict, DomainError, ValidationError
from app.domain.job import MAX_QUANTITY
from app.domain.money import from_tiyn, q2, to_tiyn
from app.i18n import capitalise, format_number, t
from app.reports import docx_base, drawings, wording
from app.reports import invoice as invoice_report
from app.reports import job_ticket as ticket_report
from app.reports import offer as offer_report
from app.reports import registers as registers_report
from app.reports import stock_reports as stock_report
from app.services import catalog as catalog_service
from app.services import customers as customers_service
from app.services import orders as orders_service
from app.services import shop as shop_service
from app.services import staff as staff_service
from app.services import stock as stock_service
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import invoices as invoices_db
from app.storage import registers as registers_db

KINDS = ("invoice", "offer", "job_ticket", "register", "receivables", "profitability",
         "manual", "analysis", "stock", "performers")
MAX_LADDER = 6
MAX_REGISTER_ROWS = 5000  # a Word table beyond that is no use to anyone: narrow the period


@dataclass(frozen=True)
class DocumentFile:
    path: Path
    kind: str
    number: str = ""


# ------------------------------------------------------------------ common

def document_language(lang=None) -> str:
    lang = lang or i18n.language()
    if lang not in i18n.LANGUAGES:
        raise ValidationError("error.document.language", "lang", lang=str(lang))
    return lang


def kind_folder(kind, lang, folder=None) -> Path:
    """Documents/iPrint/<the kind in the document's language>, or the folder given."""
    if folder is not None:
        return Path(folder)
    return config.documents_dir() / t("doc.folder." + kind, lang)


def _render(fn, *args):
    """Run a renderer; a file that cannot be written is a message, not a traceback."""
    try:
        return fn(*args)
    except PermissionError as exc:
        raise DomainError("error.document.file_locked", "path",
                          path=str(getattr(exc, "filename", "") or ""))
    except OSError as exc:
        raise DomainError("error.document.cannot_save", "path",
                          path=str(getattr(exc, "filename", "") or ""), reason=exc.strerror or "")


def _period(date_from, date_to) -> registers_report.Period:
    start, end = inputs.day(date_from, "date_from"), inputs.day(date_to, "date_to")
    if start and end and start > end:
        raise ValidationError("error.document.period", "date_to")
    return registers_report.Period(start, end)


def _today(session) -> date:
    return datetime.strptime(session.now()[:10], "%Y-%m-%d").date()


# ------------------------------------------------------------------ invoice

def invoice_lines(order, catalog, lang) -> List[invoice_report.InvoiceLine]:
    """One line for the order. Per piece when the unit price is exact in tiyn; otherwise the
    whole run as one service, so quantity × price always equals the sum printed."""
    est = order.estimate
    spec = est.spec
    name = wording.one_line(spec, catalog, lang)
    unit_price = est.price_gross / Decimal(spec.quantity)
    if unit_price == q2(unit_price):
        return [invoice_report.InvoiceLine(name, Decimal(spec.quantity), t("doc.unit.pcs", lang),
                                           q2(unit_price), est.price_gross)]
    name = t("doc.invoice.run_line", lang, name=name,
             quantity=format_number(spec.quantity, 0), unit=t("doc.unit.pcs", lang))
    return [invoice_report.InvoiceLine(name, Decimal(1), t("doc.unit.service", lang),
                                       est.price_gross, est.price_gross)]


def invoice_data(session, order, customer, invoice_row, lang, contract="") -> invoice_report.InvoiceData:
    est = order.estimate
    lines = invoice_lines(order, catalog_service.of_order(session, order), lang)
    return invoice_report.InvoiceData(
        number=invoice_row["number"],
        date=docx_base.as_date(invoice_row["created_at"]),
        shop=shop_service.requisites(session),
        buyer=invoice_report.Party(customer.name, customer.bin or "", customer.address,
                                   customer.phone),
        lines=lines, total=est.price_gross,
        vat=est.vat if est.vat > 0 else None, vat_pct=est.vat_pct,
        contract=(contract or "").strip(), order_number=order.number)


@logged_in
def invoice(session: Session, order_id, lang=None, folder=None, contract="",
            reissue=False) -> DocumentFile:
    """The invoice of an order. The order's last invoice is printed again while its total
    still holds; a changed total (or reissue=True) takes the next number of the year.
    Numbers are never reused: a number whose document could not be written is not spent."""
    lang = document_language(lang)
    if contract and len(contract) > 200:
        raise ValidationError("error.field.too_long", "contract", max=200)
    db = session.db
    with db.atomic():
        order = orders_service.get(session, order_id)
        if order.status == "cancelled":
            raise Conflict("error.document.order_cancelled", "status", number=order.number)
        customer = customers_service.get(session, order.customer_id)
        total_tiyn = to_tiyn(order.estimate.price_gross)
        row = invoices_db.latest_for_order(db, order.id)
        if row is None or reissue or row["total_tiyn"] != total_tiyn:
            now = session.now()
            row = invoices_db.issue(db, order.id, int(now[:4]), now, session.user.id, total_tiyn)
            audit.write(db, session.user, "invoice.issue", "invoice", row["id"],
                        {"number": row["number"], "order": order.number,
                         "total": str(order.estimate.price_gross)})
        data = invoice_data(session, order, customer, row, lang, contract)
        name = docx_base.safe_filename(t("doc.file.invoice", lang), row["number"], customer.name)
        path = _render(invoice_report.render, data, kind_folder("invoice", lang, folder) / name,
                       lang)
    return DocumentFile(path, "invoice", row["number"])


@logged_in
def invoices_of_order(session: Session, order_id):
    return [dict(r) for r in invoices_db.for_order(session.db, order_id)]


# ------------------------------------------------------------------ offer

def _quantities(quantities, own) -> List[int]:
    if quantities in (None, "", ()):
        quantities = [own, own * 2, own * 5]
    out = []
    for value in quantities:
        try:
            number = int(str(value).replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            raise ValidationError("error.field.not_integer", "quantities")
        if number < 1 or number > MAX_QUANTITY:
            raise ValidationError("error.field.out_of_range", "quantities", low=1,
                                  high=MAX_QUANTITY)
        out.append(number)
    out = sorted(set(out) | {own})
    if len(out) > MAX_LADDER:
        raise ValidationError("error.document.too_many_quantities", "quantities", max=MAX_LADDER)
    return out


def offer_ladder(session, est, quantities) -> List[offer_report.LadderRow]:
    """The asked-for quantity at its own (saved) estimate, the others quoted today."""
    own = est.spec.quantity
    wanted = _quantities(quantities, own)
    others = [q for q in wanted if q != own]
    quoted = {e.spec.quantity: e for e in orders_service.ladder(session, est.spec, others)} \
        if others else {}
    quoted[own] = est
    return [offer_report.LadderRow(q, quoted[q].unit_price_gross, quoted[q].price_gross,
                                   quoted[q].vat, q == own) for q in wanted]


def _offer(session, est, customer, number, manager_name, due_date, quantities, lang, folder,
           catalog, today):
    shop = shop_service.requisites(session)
    valid_days = int(shop.get("offer_valid_days") or 10)
    due = t("doc.offer.due", lang, date=docx_base.short_date(due_date)) if due_date else ""
    data = offer_report.OfferData(
        number=number, date=today, valid_until=today + timedelta(days=valid_days), shop=shop,
        customer_name=customer.name, customer_contact=customer.contact_person,
        spec_rows=wording.spec_rows(est.spec, catalog, lang, est.layout),
        ladder=offer_ladder(session, est, quantities), with_vat=est.vat > 0,
        vat_pct=est.vat_pct, manager_name=manager_name, manager_phone=shop.get("phone", ""),
        due_text=due)
    name = docx_base.safe_filename(t("doc.file.offer", lang), number, customer.name)
    path = _render(offer_report.render, data, kind_folder("offer", lang, folder) / name, lang)
    return DocumentFile(path, "offer", number), data


@logged_in
def offer(session: Session, order_id, quantities=None, lang=None, folder=None) -> DocumentFile:
    """The commercial offer of a saved quote or order, with a quantity ladder."""
    lang = document_language(lang)
    order = orders_service.get(session, order_id)
    if order.status == "cancelled":
        raise Conflict("error.document.order_cancelled", "status", number=order.number)
    customer = customers_service.get(session, order.customer_id)
    doc, _ = _offer(session, order.estimate, customer, order.number, order.manager_name,
                    order.due_date, quantities, lang, folder, catalog_service.of_order(session, order),
                    _today(session))
    return doc


@logged_in
def offer_for_quote(session: Session, spec, customer_id, quantities=None, lang=None,
                    folder=None) -> DocumentFile:
    """An offer straight from the quote screen, nothing saved (no number: "б/н")."""
    lang = document_language(lang)
    customer = customers_service.get(session, customer_id)
    est = orders_service.quote(session, spec)
    catalog = catalog_service.get_catalog(session)
    name = session.user.full_name or session.user.username
    doc, _ = _offer(session, est, customer, t("doc.no_number", lang), name, None, quantities,
                    lang, folder, catalog, _today(session))
    return doc


# ------------------------------------------------------------------ job ticket

def _layout_text(layout, lang) -> str:
    if layout is None:
        return "—"
    if layout.full_sheet:
        return t("doc.ticket.full_sheet", lang)
    text = "{} ({} × {})".format(layout.n_up, layout.cols, layout.rows)
    if layout.turned:
        text += ", " + t("doc.ticket.turned", lang)
    return text


def _drawing(order, catalog, folder, lang) -> Optional[Path]:
    est = order.estimate
    spec = est.spec
    if est.layout is not None:
        paper = catalog.papers.get(spec.paper)
        press = catalog.press(est.press)
        if paper is None:
            return None
        labels = {
            "title": t("doc.ticket.drawing_title", lang, n=est.layout.n_up),
            "caption": t("doc.ticket.drawing_caption", lang, w=spec.width_mm, h=spec.height_mm,
                         bleed=spec.bleed_mm, paper=paper.name),
        }
        return drawings.imposition(Path(folder) / "imposition.png", paper.width_mm,
                                   paper.height_mm, press.margin_mm if press else 0, est.layout,
                                   spec.bleed_mm, labels)
    if spec.product_type == "label":
        labels = {"title": t("doc.ticket.ribbon_title", lang, length=spec.label_length_mm)}
        return drawings.ribbon(Path(folder) / "ribbon.png", spec.label_length_mm, 6, labels)
    return None


def job_ticket_data(session, order, lang, drawing=None) -> ticket_report.JobTicketData:
    est = order.estimate
    spec = est.spec
    catalog = catalog_service.of_order(session, order)
    customer = customers_service.get(session, order.customer_id)
    operations = [ticket_report.Operation(t("line." + line.code, lang), line.minutes)
                  for line in est.lines if line.minutes is not None]
    materials = [ticket_report.MaterialLine(wording.material_name(m.code, catalog), m.quantity,
                                            t("doc.unit." + m.unit, lang))
                 for m in est.materials]
    sheets = est.sheets
    return ticket_report.JobTicketData(
        order_number=order.number, created=order.created_at, due_date=order.due_date,
        customer_name=customer.name, customer_phone=customer.phone,
        manager_name=order.manager_name, status=order.status,
        spec_rows=wording.spec_rows(spec, catalog, lang, est.layout),
        press_name=wording.press_text(est.press, catalog) if spec.product_type != "label"
        else (catalog.equipment["label_printer"].name if "label_printer" in catalog.equipment
              else est.press),
        paper_name=wording.paper_text(spec, catalog) if spec.product_type != "label"
        else wording.material_name(spec.ribbon, catalog),
        n_up=est.n_up, layout_text=_layout_text(est.layout, lang),
        sheets_net=sheets.net if sheets else None, sheets_waste=sheets.waste if sheets else None,
        sheets_gross=sheets.gross if sheets else None, impressions=est.impressions,
        metres=est.metres, operations=operations, materials=materials,
        drawing=str(drawing) if drawing else None, notes=order.notes,
        performers=[(p["name"], t("staff_role." + p["role"], lang))
                    for p in staff_service.performers(session, order.id)])


@logged_in
def job_ticket(session: Session, order_id, lang=None, folder=None) -> DocumentFile:
    lang = document_language(lang)
    order = orders_service.get(session, order_id)
    if order.status == "cancelled":
        raise Conflict("error.document.order_cancelled", "status", number=order.number)
    with tempfile.TemporaryDirectory(prefix="iprint-ticket-") as tmp:
        drawing = _drawing(order, catalog_service.of_order(session, order), tmp, lang)
        data = job_ticket_data(session, order, lang, drawing)
        name = docx_base.safe_filename(t("doc.file.job_ticket", lang), order.number,
                                       order.customer_name)
        path = _render(ticket_report.render, data, kind_folder("job_ticket", lang, folder) / name,
                       lang)
    return DocumentFile(path, "job_ticket", order.number)


# ------------------------------------------------------------------ registers and reports

def _period_name(period: registers_report.Period) -> str:
    start = period.date_from.isoformat() if period.date_from else ""
    end = period.date_to.isoformat() if period.date_to else ""
    return "{}_{}".format(start, end) if (start or end) else ""


@logged_in
def order_register(session: Session, date_from=None, date_to=None, lang=None,
                   folder=None) -> DocumentFile:
    lang = document_language(lang)
    period = _period(date_from, date_to)
    rows = registers_db.order_register(session.db, period.date_from, period.date_to,
                                       limit=MAX_REGISTER_ROWS + 1)
    if len(rows) > MAX_REGISTER_ROWS:
        raise ValidationError("error.document.too_many_rows", "date_from",
                              max=MAX_REGISTER_ROWS)
    name = docx_base.safe_filename(t("doc.file.register", lang), _period_name(period))
    path = _render(registers_report.order_register, rows, period,
                   shop_service.requisites(session), _today(session),
                   kind_folder("register", lang, folder) / name, lang)
    return DocumentFile(path, "register")


@logged_in
def receivables(session: Session, lang=None, folder=None) -> DocumentFile:
    lang = document_language(lang)
    rows = registers_db.receivables(session.db)
    today = _today(session)
    name = docx_base.safe_filename(t("doc.file.receivables", lang), today.isoformat())
    path = _render(registers_report.receivables, rows, shop_service.requisites(session), today,
                   kind_folder("receivables", lang, folder) / name, lang)
    return DocumentFile(path, "receivables")


@admin_only
def profitability_figures(session: Session, date_from=None, date_to=None):
    period = _period(date_from, date_to)
    return period, {g: registers_db.profitability(session.db, g, period.date_from, period.date_to)
                    for g in registers_report.GROUP_ORDER}


@admin_only
def profitability(session: Session, date_from=None, date_to=None, lang=None,
                  folder=None) -> DocumentFile:
    """Cost and profit are the owner's business: administrators only."""
    lang = document_language(lang)
    period, groups = profitability_figures(session, date_from, date_to)
    name = docx_base.safe_filename(t("doc.file.profitability", lang), _period_name(period))
    path = _render(registers_report.profitability, groups, period,
                   shop_service.requisites(session), _today(session),
                   kind_folder("profitability", lang, folder) / name, lang)
    return DocumentFile(path, "profitability")


# ------------------------------------------------------------------ cluster analysis

def _names_list(names, lang, limit=12) -> str:
    if not names:
        return t("doc.analysis.all", lang)
    text = ", ".join(names[:limit])
    if len(names) > limit:
        text += " " + t("doc.analysis.and_more", lang, n=len(names) - limit)
    return text


@logged_in
def analysis_report(session: Session, sel, k=4, min_size=None, lang=None, folder=None,
                    log_scale=True) -> DocumentFile:
    """The cluster analysis of the selected orders as a .docx: the selection, the dendrogram
    and the scatter, the clusters, the outliers and the profitability by product type.

    sel: app.storage.analysis.Selection (its exclude_ids are the orders the data check left
    out). The analysis runs here again, so the report is what the figures are now."""
    from app.analysis import plots
    from app.reports import analysis_report as analysis_doc
    from app.services import analysis as analysis_service
    from app.storage import analysis as analysis_db
    lang = document_language(lang)
    period = _period(sel.date_from, sel.date_to)
    result = analysis_service.run(session, sel, k, log_scale=log_scale, min_size=min_size)
    by_type = analysis_service.profitability(session, sel, "product_type")
    rows = {r[0]: r for r in analysis_db.order_figures(session.db, sel)}
    outlier_ids = result.orders_of(0)
    customer_names = analysis_db.names(session.db, "customers",
                                       {rows[i][3] for i in outlier_ids} | set(sel.customer_ids))
    index = {int(order_id): i for i, order_id in enumerate(result.order_ids)}
    outliers = []
    for order_id in outlier_ids:
        i, r = index[order_id], rows[order_id]
        profit_pct, cost, price = (float(x) for x in result.features[i])
        outliers.append(analysis_doc.OrderLine(
            r[1], customer_names.get(r[3], ""), r[2], from_tiyn(r[8]),
            from_tiyn(r[9]), profit_pct))
    excluded = []
    for order_id in list(sel.exclude_ids)[:50]:
        try:
            excluded.append(orders_service.get(session, order_id).number)
        except DomainError:  # deleted meanwhile: nothing to name
            continue
    n = len(result.order_ids)
    if result.min_size <= 1:
        min_text = t("doc.analysis.min_size_plain", lang, n=result.min_size)
    else:
        min_text = t("doc.analysis.min_size_value", lang, n=result.min_size)
    selection = [
        (t("doc.analysis.sel.period", lang), period.text(lang)),
        (t("doc.analysis.sel.types", lang),
         _names_list([t("product." + p, lang) for p in sel.product_types], lang)),
        (t("doc.analysis.sel.customers", lang),
         _names_list([customer_names.get(int(c), str(c)) for c in sel.customer_ids], lang)),
        (t("doc.analysis.sel.statuses", lang),
         _names_list([t("status." + s, lang) for s in sel.statuses], lang)),
        (t("doc.analysis.sel.orders", lang), format_number(n, 0)),
        (t("doc.analysis.sel.excluded", lang),
         _names_list(excluded, lang) if excluded else t("doc.analysis.none", lang)),
        (t("doc.analysis.sel.k", lang), "{} / {}".format(int(k), result.k)),
        (t("doc.analysis.sel.scale", lang),
         t("doc.analysis.scale.log" if log_scale else "doc.analysis.scale.linear", lang)),
        (t("doc.analysis.sel.min_size", lang), min_text),
    ]
    f = result.features
    dendrogram = plots.dendrogram_figure(result.Z, result.labels, result.cut_height, p=30,
                                         leaf_names=result.numbers, lang=lang)
    scatter = plots.scatter_figure(f[:, 1], f[:, 2], f[:, 0], result.labels, lang=lang)
    data = analysis_doc.AnalysisReportData(
        shop=shop_service.requisites(session), made_on=_today(session),
        period_text=period.text(lang), selection=selection, clusters=result.clusters,
        outliers=result.outliers, outlier_orders=outliers, by_type=by_type,
        dendrogram=dendrogram, scatter=scatter)
    name = docx_base.safe_filename(t("doc.file.analysis", lang), _period_name(period))
    path = _render(analysis_doc.render, data, kind_folder("analysis", lang, folder) / name, lang)
    return DocumentFile(path, "analysis")


# ------------------------------------------------------------------ stock and performers

MAX_STOCK_LINES = 5000  # moves or order lines in one Word table: beyond that, narrow the period
UNITS = ("sheets", "m", "m2", "pcs")


def _unit(unit, lang) -> str:
    return t("doc.unit." + unit, lang) if unit in UNITS else str(unit)


def _stock_items(session):
    """{(item_kind, code): (name, unit, catalog price)} of every paper and material."""
    cat = catalog_service.get_catalog(session)
    items = {("paper", p.code): (p.name, "sheets", p.price) for p in cat.papers.values()}
    items.update({("material", m.code): (m.name, m.unit, m.price) for m in cat.materials.values()})
    return items


def _item_name(items, key) -> str:
    return items[key][0] if key in items else key[1]


def _item_unit(items, key, lang) -> str:
    return _unit(items[key][1], lang) if key in items else ""


def _purchase_price(key, last, items):
    """(price, from the catalog?) : the last receipt's price, else the catalog's."""
    if key in last:
        return from_tiyn(last[key][0]), False
    if key in items:
        return items[key][2], True
    return None, False


def _end_of(day) -> str:
    return day.isoformat() + " 23:59:59"


def _sorted_lines(rows):
    return sorted(rows, key=lambda r: (r["item_kind"] != "paper", r["name"].lower(), r["code"]))


@logged_in
def stock_balance_figures(session: Session, at=None, lang=None) -> stock_report.BalanceData:
    """The balance of every item at the end of a day (today by default). Reservations are
    known for today only, so a past day shows none."""
    from app.storage import stock_reports as stock_reports_db
    lang = document_language(lang)
    today = _today(session)
    day = inputs.day(at, "date") or today
    if day > today:
        raise ValidationError("error.stock.future_date", "date")
    now = day == today
    rows = stock_service.balance_table(session, None if now else _end_of(day))
    last = stock_reports_db.last_receipts(session.db, None if now else _end_of(day))
    items = _stock_items(session)
    lines = []
    for r in _sorted_lines(rows):
        key = (r["item_kind"], r["code"])
        price, from_catalog = _purchase_price(key, last, items)
        lines.append(stock_report.BalanceLine(
            r["name"], _unit(r["unit"], lang), r["on_hand"], r["reserved"] if now else None,
            r["available"], r["minimum"], r["low"], r["negative"], price, from_catalog,
            q2(r["on_hand"] * price) if price is not None else None))
    return stock_report.BalanceData(day, now, lines)


@logged_in
def stock_balance(session: Session, at=None, lang=None, folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = stock_balance_figures(session, at, lang)
    name = docx_base.safe_filename(t("doc.file.stock_balance", lang), data.day.isoformat())
    path = _render(stock_report.balance, data, shop_service.requisites(session), _today(session),
                   kind_folder("stock", lang, folder) / name, lang)
    return DocumentFile(path, "stock")


def _move_kind(kind, lang) -> str:
    key = "doc.stock.move." + kind
    text = t(key, lang)
    return kind if text == key else text


@logged_in
def stock_moves_figures(session: Session, date_from=None, date_to=None, item_kind=None,
                        code=None, lang=None) -> stock_report.MovesData:
    """The turnover of each item in the period (opening, receipts, used for orders,
    stock-taking, closing) and every move, oldest first; optionally of one item."""
    from app.storage import stock_reports as stock_reports_db
    lang = document_language(lang)
    period = _period(date_from, date_to)
    start = period.date_from.isoformat() if period.date_from else None
    end = period.date_to.isoformat() if period.date_to else None
    rows = stock_service.moves(session, start, end, item_kind, code, limit=MAX_STOCK_LINES + 1)
    if len(rows) > MAX_STOCK_LINES:
        raise ValidationError("error.document.too_many_lines", "date_from", max=MAX_STOCK_LINES)
    items = _stock_items(session)
    opening = stock_reports_db.balances_before(session.db, start) if start else {}
    turns = stock_reports_db.turnover(session.db, start, end)
    keys = set(turns) | {k for k, v in opening.items() if v}
    if item_kind and code:
        keys &= {(item_kind, code)}
    turnover = []
    for key in sorted(keys, key=lambda k: (k[0] != "paper", _item_name(items, k).lower(), k[1])):
        by_kind = turns.get(key, {})
        first = opening.get(key, 0)
        used = -sum(by_kind.get(k, 0) for k in stock_reports_db.USE_KINDS)
        closing = first + sum(by_kind.values())
        turnover.append(stock_report.TurnoverLine(
            _item_name(items, key), _item_unit(items, key, lang), stock_service.from_milli(first),
            stock_service.from_milli(by_kind.get("receipt", 0)), stock_service.from_milli(used),
            stock_service.from_milli(by_kind.get("adjustment", 0)),
            stock_service.from_milli(closing)))
    moves = []
    for r in rows:
        key = (r["item_kind"], r["code"])
        amount = stock_service.from_milli(r["qty_milli"])
        price = from_tiyn(r["price_tiyn"]) if r["price_tiyn"] is not None else None
        total = q2(amount * price) if price is not None and r["kind"] == "receipt" else None
        reason = r["reason"]
        if r["kind"] == "return" and reason == "cancelled":  # written by the stock service
            reason = t("doc.stock.reason.cancelled", lang)
        document = docx_base.join_nonempty([r["document"], reason], " · ")
        moves.append(stock_report.MoveLine(
            r["at"], _item_name(items, key), _move_kind(r["kind"], lang), amount,
            _item_unit(items, key, lang), price, total, r["supplier"], document,
            r["order_number"] or "", r["username"] or ""))
    item_name = _item_name(items, (item_kind, code)) if item_kind and code else ""
    return stock_report.MovesData(period.text(lang), item_name, turnover, moves)


@logged_in
def stock_moves(session: Session, date_from=None, date_to=None, item_kind=None, code=None,
                lang=None, folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = stock_moves_figures(session, date_from, date_to, item_kind, code, lang)
    period = _period(date_from, date_to)
    name = docx_base.safe_filename(t("doc.file.stock_moves", lang), _period_name(period),
                                   code if item_kind and code else "")
    path = _render(stock_report.moves, data, shop_service.requisites(session), _today(session),
                   kind_folder("stock", lang, folder) / name, lang)
    return DocumentFile(path, "stock")


@logged_in
def materials_used_figures(session: Session, date_from=None, date_to=None,
                           lang=None) -> stock_report.UsedData:
    """What each order took from stock in the period (write-offs net of corrections and
    returns, by the date of the move), the same summed by product type and by item."""
    from app.storage import stock_reports as stock_reports_db
    lang = document_language(lang)
    period = _period(date_from, date_to)
    rows = stock_reports_db.used_by_order(
        session.db, period.date_from.isoformat() if period.date_from else None,
        period.date_to.isoformat() if period.date_to else None, limit=MAX_STOCK_LINES + 1)
    if len(rows) > MAX_STOCK_LINES:
        raise ValidationError("error.document.too_many_lines", "date_from", max=MAX_STOCK_LINES)
    items = _stock_items(session)
    by_order, by_type, by_item = [], {}, {}
    for r in rows:
        key = (r["item_kind"], r["code"])
        by_order.append(stock_report.UsedLine(
            r["number"], r["customer_name"], t("product." + r["product_type"], lang),
            _item_name(items, key), stock_service.from_milli(r["qty_milli"]),
            _item_unit(items, key, lang)))
        tkey = (r["product_type"], key)
        by_type[tkey] = by_type.get(tkey, 0) + r["qty_milli"]
        by_item[key] = by_item.get(key, 0) + r["qty_milli"]

    def item_order(key):
        return (key[0] != "paper", _item_name(items, key).lower(), key[1])
    types = []
    for (ptype, key), milli in sorted(by_type.items(), key=lambda kv: (
            t("product." + kv[0][0], lang).lower(), item_order(kv[0][1]))):
        if milli:
            types.append((t("product." + ptype, lang), _item_name(items, key),
                          stock_service.from_milli(milli), _item_unit(items, key, lang)))
    totals = [(_item_name(items, key), stock_service.from_milli(milli),
               _item_unit(items, key, lang))
              for key, milli in sorted(by_item.items(), key=lambda kv: item_order(kv[0]))
              if milli]
    return stock_report.UsedData(period.text(lang), by_order, types, totals)


@logged_in
def materials_used(session: Session, date_from=None, date_to=None, lang=None,
                   folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = materials_used_figures(session, date_from, date_to, lang)
    name = docx_base.safe_filename(t("doc.file.materials_used", lang),
                                   _period_name(_period(date_from, date_to)))
    path = _render(stock_report.materials_used, data, shop_service.requisites(session),
                   _today(session), kind_folder("stock", lang, folder) / name, lang)
    return DocumentFile(path, "stock")


@logged_in
def what_to_buy_figures(session: Session, lang=None) -> stock_report.BuyData:
    """stock.to_buy (minimum + reserved − on hand, where positive) with the last purchase
    price (the catalog's when the item was never bought) and the estimated sum."""
    from app.storage import stock_reports as stock_reports_db
    lang = document_language(lang)
    last = stock_reports_db.last_receipts(session.db)
    items = _stock_items(session)
    lines = []
    for r in _sorted_lines(stock_service.to_buy(session)):
        key = (r["item_kind"], r["code"])
        price, from_catalog = _purchase_price(key, last, items)
        lines.append(stock_report.BuyLine(
            r["name"], _unit(r["unit"], lang), r["on_hand"], r["reserved"], r["minimum"],
            r["to_buy"], price, from_catalog,
            q2(r["to_buy"] * price) if price is not None else None))
    return stock_report.BuyData(lines)


@logged_in
def what_to_buy(session: Session, lang=None, folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = what_to_buy_figures(session, lang)
    today = _today(session)
    name = docx_base.safe_filename(t("doc.file.what_to_buy", lang), today.isoformat())
    path = _render(stock_report.what_to_buy, data, shop_service.requisites(session), today,
                   kind_folder("stock", lang, folder) / name, lang)
    return DocumentFile(path, "stock")


def _work_period(session, date_from, date_to) -> registers_report.Period:
    """The performers' period: from 1 January of this year to today unless given."""
    period = _period(date_from, date_to)
    today = _today(session)
    start = period.date_from or (period.date_to or today).replace(month=1, day=1)
    end = period.date_to or today
    if start > end:
        raise ValidationError("error.document.period", "date_to")
    return registers_report.Period(start, end)


@logged_in
def performers_work_figures(session: Session, date_from=None, date_to=None,
                            lang=None) -> stock_report.WorkData:
    """staff.work_report (per performer and month the order became ready) and the totals of
    the period with each order counted once."""
    from app.storage import stock_reports as stock_reports_db
    lang = document_language(lang)
    period = _work_period(session, date_from, date_to)
    start, end = period.date_from.isoformat(), period.date_to.isoformat()
    lines = []
    for r in staff_service.work_report(session, start, end):
        month = r["month"] or ""
        lines.append(stock_report.WorkLine(
            r["name"], capitalise(t("staff_role." + r["role"], lang)),
            "{}.{}".format(month[5:7], month[:4]) if len(month) == 7 else month,
            int(r["orders"]), int(r["quantity"] or 0), from_tiyn(r["revenue_tiyn"] or 0)))
    orders, quantity, revenue = stock_reports_db.made_totals(session.db, start, end)
    return stock_report.WorkData(period.text(lang), lines, orders, quantity, from_tiyn(revenue))


@logged_in
def performers_work(session: Session, date_from=None, date_to=None, lang=None,
                    folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = performers_work_figures(session, date_from, date_to, lang)
    name = docx_base.safe_filename(t("doc.file.performers_work", lang),
                                   _period_name(_work_period(session, date_from, date_to)))
    path = _render(stock_report.performers_work, data, shop_service.requisites(session),
                   _today(session), kind_folder("performers", lang, folder) / name, lang)
    return DocumentFile(path, "performers")


# ------------------------------------------------------------------ manuals

def manual(db, kind, lang=None, folder=None, screenshots=None, sources=None) -> DocumentFile:
    """The operator's or the programmer's manual, from docs/manual/<lang>/<kind>/*.md.

    Help, not business data: no login needed (the Help menu and the command line call it).
    The programmer's manual reads the schema of `db`, the live database."""
    from app.reports import manuals
    lang = document_language(lang)
    if kind not in manuals.KINDS:
        raise ValidationError("error.document.manual_kind", "kind", kind=str(kind))
    root = Path(sources) if sources else manuals.default_sources()
    shots = Path(screenshots) if screenshots else manuals.default_screenshots()
    schema = None
    if kind == "programmer" and db is not None:
        schema = {"tables": registers_db.schema(db), "version": registers_db.schema_version(db)}
    name = docx_base.safe_filename(t("doc.file.manual_" + kind, lang))
    path = _render(manuals.render, kind, root, shots, schema,
                   kind_folder("manual", lang, folder) / name, lang)
    return DocumentFile(path, "manual")


# ------------------------------------------------------------------ print and open

def print_document(path) -> str:
    """Windows: to the default printer through the shell; elsewhere: open the file.
    Returns 'printed' or 'opened'."""
    from app.reports import printing
    return printing.print_document(path)


def open_document(path) -> str:
    from app.reports import printing
    return printing.open_document(path)


def open_folder(path) -> str:
    from app.reports import printing
    return printing.open_document(path if os.path.isdir(str(path)) else os.path.dirname(str(path)))
