"""The order's documents: the invoice, the commercial offer (also straight from a quote) and
the job ticket for the shop floor.

Each checks the user, gathers the order's figures through the services and hands plain data to
app.reports. The closing documents (the act Р-1, the waybill З-2) have their own room,
app.services.closing_documents: they close several orders of a customer at once.
"""
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import List, Optional

from app.domain import inputs, text
from app.domain.allocation import due_date
from app.domain.errors import Conflict, ValidationError
from app.domain.job import MAX_QUANTITY
from app.domain.money import q2, to_tiyn
from app.domain.records import Contract
from app.i18n import format_number, t
from app.reports import docx_base, drawings, wording
from app.reports import invoice as invoice_report
from app.reports import job_ticket as ticket_report
from app.reports import offer as offer_report
from app.services import catalog as catalog_service
from app.services import contracts as contracts_service
from app.services import customers as customers_service
from app.services import orders as orders_service
from app.services import payments as payments_service
from app.services import shop as shop_service
from app.services import staff as staff_service
from app.services.document_files import DocumentFile, document_language, kind_folder, made_on, render
from app.services.session import Session, logged_in
from app.storage import audit
from app.storage import invoices as invoices_db

MAX_LADDER = 6


# ------------------------------------------------------------------ invoice

def invoice_lines(order, catalog, lang, code="") -> List[invoice_report.InvoiceLine]:
    """One line for the order. Per piece when the unit price is exact in tiyn; otherwise the
    whole run as one service, so quantity × price always equals the sum printed."""
    est = order.estimate
    spec = est.spec
    name = wording.one_line(spec, catalog, lang)
    unit_price = est.price_gross / Decimal(spec.quantity)
    if unit_price == q2(unit_price):
        return [invoice_report.InvoiceLine(name, Decimal(spec.quantity), t("doc.unit.pcs", lang),
                                           q2(unit_price), est.price_gross, code)]
    name = t("doc.invoice.run_line", lang, name=name,
             quantity=format_number(spec.quantity, 0), unit=t("doc.unit.pcs", lang))
    return [invoice_report.InvoiceLine(name, Decimal(1), t("doc.unit.service", lang),
                                       est.price_gross, est.price_gross, code, run=True)]


def invoice_data(session, order, customer, invoice_row, lang, contract="") -> invoice_report.InvoiceData:
    """`contract`: the text the invoice prints ("" : "без договора")."""
    est = order.estimate
    code = catalog_service.product_codes(session).get(order.product_type, "")
    lines = invoice_lines(order, catalog_service.of_order(session, order), lang, code)
    made = docx_base.as_date(invoice_row["created_at"])
    due = date.fromisoformat(due_date(made.isoformat(), payments_service.term_days(session.db)))
    return invoice_report.InvoiceData(
        number=invoice_row["number"],
        date=made,
        shop=shop_service.requisites(session),
        buyer=invoice_report.Party(customer.name, customer.bin or "", customer.address,
                                   customer.phone),
        lines=lines, total=est.price_gross,
        vat=est.vat if est.vat > 0 else None, vat_pct=est.vat_pct,
        contract=(contract or "").strip(), order_number=order.number,
        # the invoice's number in the purpose lets the bank import match the payment
        purpose=t("doc.invoice.purpose_text", lang, number=invoice_row["number"],
                  date=docx_base.short_date(made), order=order.number),
        due_date=due, manager_name=order.manager_name or "")


SAME_CONTRACT = object()  # invoice(): the contract of the order's last invoice, else none


def _contract_choice(contract):
    """(contract id or None, free text or None, as before?) from what invoice() was given:
    a contract of the register (its id or the record), "" / None for "без договора", any other
    text the contract written out by hand (the callers before the register)."""
    if contract is SAME_CONTRACT:
        return None, None, True
    if isinstance(contract, Contract):
        return contract.id, None, False
    if contract is None or (isinstance(contract, int) and not isinstance(contract, bool)):
        return contract, None, False
    written = text.clean(contract, "contract", text.NAME)
    return None, written or None, False


@logged_in
def invoice(session: Session, order_id, lang=None, folder=None, contract=SAME_CONTRACT,
            reissue=False) -> DocumentFile:
    """The invoice of an order. The order's last invoice is printed again while its total
    and its contract still hold; a changed total, another contract chosen (or reissue=True)
    takes the next number of the year. Numbers are never reused: a number whose document
    could not be written is not spent.

    `contract`: a contract of the customer's register (its id), None for "без договора", or
    left out: the one the order's last invoice refers to. Text (as before the register) is
    printed as it is and refers to no contract of the register."""
    lang = document_language(lang)
    contract_id, written, same = _contract_choice(contract)
    db = session.db
    with db.atomic():
        order = orders_service.get(session, order_id)
        if order.status == "cancelled":
            raise Conflict("error.document.order_cancelled", "status", number=order.number)
        customer = customers_service.get(session, order.customer_id)
        total_tiyn = to_tiyn(order.estimate.price_gross)
        row = invoices_db.latest_for_order(db, order.id)
        if same:
            contract_id = row["contract_id"] if row is not None else None
        if row is None or reissue or row["total_tiyn"] != total_tiyn \
                or row["contract_id"] != contract_id:
            now = session.now()  # checked before a number is taken
            chosen = contracts_service.chosen(session, customer.id, contract_id,
                                              docx_base.as_date(now))
            row = invoices_db.issue(db, order.id, int(now[:4]), now, session.user.id, total_tiyn,
                                    contract_id)
            audit.write(db, session.user, "invoice.issue", "invoice", row["id"],
                        {"number": row["number"], "order": order.number,
                         "total": str(order.estimate.price_gross), "contract": contract_id})
        else:  # printed again as it was made, even if its contract is out of use since
            chosen = contracts_service.get(session, contract_id) if contract_id else None
        text_of_contract = written if written else (
            contracts_service.reference(chosen, lang) if chosen is not None else "")
        data = invoice_data(session, order, customer, row, lang, text_of_contract)
        name = docx_base.safe_filename(t("doc.file.invoice", lang), row["number"], customer.name)
        path = render(invoice_report.render, data, kind_folder("invoice", lang, folder) / name,
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
    for box, value in enumerate(quantities, start=1):
        try:
            out.append(inputs.number(value, "quantities", 1, MAX_QUANTITY, integer=True))
        except ValidationError as exc:
            raise inputs.BoxError(box, exc) from None
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
    path = render(offer_report.render, data, kind_folder("offer", lang, folder) / name, lang)
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
                    made_on(session))
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
                    lang, folder, catalog, made_on(session))
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
        path = render(ticket_report.render, data, kind_folder("job_ticket", lang, folder) / name,
                      lang)
    return DocumentFile(path, "job_ticket", order.number)
