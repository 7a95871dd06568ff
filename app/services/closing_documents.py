"""Closing the sale: the act of completed works Р-1 and the waybill З-2 for one order or
several orders of one customer, the default document of each product type, and `document`,
any order document by its command-line name (python -m app document KIND --order N).

A closing document is numbered per kind and year from a counter drawn in the transaction that
records it and writes the file: a file that cannot be written rolls the number back. Issuing
one marks the turnover date of its orders (the day the work is handed over). The figures are
the orders' frozen estimates (net, VAT %, VAT, gross), never recomputed here.
"""
from dataclasses import dataclass
from decimal import Decimal
from typing import List, Sequence

from app.domain import text
from app.domain.catalog import PRODUCT_TYPES
from app.domain.errors import Conflict, NotFound, ValidationError
from app.domain.money import from_tiyn, to_tiyn
from app.domain.records import MADE_STATUSES, Contract
from app.i18n import t
from app.reports import closing as closing_report
from app.reports import docx_base
from app.reports.invoice import Party
from app.services import catalog as catalog_service
from app.services import contracts as contracts_service
from app.services import customers as customers_service
from app.services import order_documents
from app.services import orders as orders_service
from app.services import shop as shop_service
from app.services.document_files import DocumentFile, document_language, kind_folder, render
from app.services.order_documents import SAME_CONTRACT
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import closing as closing_db

KINDS = closing_db.KINDS
# python -m app document KIND: the command line's names of the order documents
DOCUMENT_KINDS = ("invoice", "offer", "job-ticket", "act", "waybill")
MAX_ORDERS = 200  # one act or waybill; a month's closing of a big customer fits


@dataclass(frozen=True)
class ClosingFile(DocumentFile):
    total: Decimal = Decimal(0)  # gross, VAT included
    orders: tuple = ()  # the order numbers


# ------------------------------------------------------------------ the default per product type

@logged_in
def default_kinds(session: Session) -> dict:
    """{product type: 'act' | 'waybill'}; a missing or unknown setting reads as the act."""
    kinds = closing_db.default_kinds(session.db, PRODUCT_TYPES)
    return {p: (k if k in KINDS else "act") for p, k in kinds.items()}


@logged_in
def default_kind(session: Session, order) -> str:
    return default_kinds(session)[order.product_type]


@admin_only
def save_default_kinds(session: Session, data: dict) -> dict:
    """The administrator chooses the document each product type closes with."""
    clean = {}
    for product_type, kind in dict(data).items():
        if product_type not in PRODUCT_TYPES:
            raise ValidationError("error.spec.product_type", "product_type",
                                  value=str(product_type))
        if kind not in KINDS:
            raise ValidationError("error.closing.kind", "kind", kind=str(kind))
        clean[product_type] = kind
    db = session.db
    with db.atomic():
        old = default_kinds(session)
        for product_type, kind in clean.items():
            closing_db.set_default_kind(db, product_type, kind)
        changes = {p: [old[p], k] for p, k in clean.items() if old[p] != k}
        if changes:
            audit.write(db, session.user, "settings.closing", "settings", "closing",
                        {"changes": changes})
    return default_kinds(session)


# ------------------------------------------------------------------ act and waybill

def _order_ids(order_ids) -> List[int]:
    if isinstance(order_ids, int):
        order_ids = [order_ids]
    out = []
    for oid in order_ids or ():
        if oid not in out:
            out.append(oid)
    if not out:
        raise ValidationError("error.field.required", "order")
    if len(out) > MAX_ORDERS:
        raise ValidationError("error.closing.too_many_orders", "order", max=MAX_ORDERS)
    return out


def _checked_orders(session, ids):
    """The orders, made, of one customer who has a BIN/IIN; the customer."""
    made = [orders_service.get(session, oid) for oid in ids]
    for order in made:
        if order.status not in MADE_STATUSES:
            raise Conflict("error.closing.not_made", "order", number=order.number)
    customers = {o.customer_id for o in made}
    if len(customers) > 1:
        raise ValidationError("error.closing.mixed_customers", "order",
                              numbers=", ".join(o.number for o in made))
    customer = customers_service.get(session, made[0].customer_id)
    require_bin(customer)
    return made, customer


def require_bin(customer):
    """Acts, waybills and invoices name the buyer by BIN/IIN."""
    if not customer.bin:
        raise ValidationError("error.document.no_bin", "bin", customer=customer.name)


def _existing(db, kind, made):
    """The document these orders already have: the same kind and the same orders is printed
    again; any other document closing one of them is a Conflict (an order is closed once)."""
    ids = sorted(o.id for o in made)
    for order in made:
        for row in closing_db.for_order(db, order.id):
            if row["kind"] == kind and closing_db.order_ids(db, row["id"]) == ids:
                return row
            raise Conflict("error.closing.already_closed", "order", number=order.number,
                           document=row["number"])
    return None


def _closing_lines(session, made, kind, lang, day) -> List[closing_report.ClosingLine]:
    """One line per order, as the invoice prints it (per piece when the price per piece is a
    whole tiyn, else the run as one line), with the order's own VAT."""
    out = []
    codes = catalog_service.product_codes(session)
    for order in made:
        cat = catalog_service.of_order(session, order)
        (line,) = order_documents.invoice_lines(order, cat, lang)
        unit = line.unit
        if kind == "waybill" and line.quantity == 1 and order.quantity != 1:
            unit = t("doc.unit.set", lang)  # goods: a run released as one lot
        # each line names its order, on the waybill too: its item number is the product's
        # code, and the customer's storekeeper and the shop find the order by the line
        name = t("doc.closing.order_line", lang, name=line.name, number=order.number)
        done = docx_base.as_date(order.finished_at or day)
        # the waybill's item number: the product type's code when the shop set one (as the
        # invoice's Код column), else the order's number, the shop's own item
        item = codes.get(order.product_type) or order.number
        out.append(closing_report.ClosingLine(name, item, done, unit, line.quantity,
                                              line.price, line.amount, order.estimate.vat))
    return out


def _closing_data(session, kind, row, made, customer, lang) -> closing_report.ClosingData:
    day = docx_base.as_date(row["issued_at"])
    # printed as made, even if the contract went out of use since
    contract = contracts_service.get(session, row["contract_id"]) if row["contract_id"] else None
    lines = _closing_lines(session, made, kind, lang, day)
    pcts = {o.estimate.vat_pct for o in made}
    vat = from_tiyn(row["vat_tiyn"])
    managers = {o.manager_name for o in made if o.manager_name}
    return closing_report.ClosingData(
        kind=kind, number=row["number"], date=day, shop=shop_service.requisites(session),
        buyer=Party(customer.name, customer.bin or "", customer.address, customer.phone),
        lines=lines, net=from_tiyn(row["net_tiyn"]), vat=vat if vat > 0 else None,
        gross=from_tiyn(row["gross_tiyn"]), vat_pct=pcts.pop() if len(pcts) == 1 else None,
        contract=contracts_service.reference(contract, lang) if contract else "",
        manager_name=", ".join(sorted(managers)))


def _contract_id(contract):
    """The id asked for (None: "без договора"); anything but an id or a Contract is said on
    the field before anything else is looked at."""
    if isinstance(contract, Contract):
        return contract.id
    if contract is not None and (isinstance(contract, bool) or not isinstance(contract, int)):
        raise ValidationError("error.contract.not_found", "contract")
    return contract


@logged_in
def issue(session: Session, kind, order_ids, lang=None, folder=None,
          contract=SAME_CONTRACT) -> ClosingFile:
    """The act (kind 'act') or the waybill ('waybill') of made orders of one customer.

    Orders already closed together by this kind get the same document printed again (its
    number, date and contract); an order closed by another document is a Conflict.

    `contract`: a contract of the customer's register (its id), None for "без договора", or
    left out: the last used (contracts.choices). It is checked before a number is drawn."""
    if kind not in KINDS:
        raise ValidationError("error.closing.kind", "kind", kind=str(kind))
    lang = document_language(lang)
    ids = _order_ids(order_ids)
    if contract is not SAME_CONTRACT:
        _contract_id(contract)
    db = session.db
    with db.atomic():
        made, customer = _checked_orders(session, ids)
        if not shop_service.requisites(session).get("bin"):
            raise ValidationError("error.closing.shop_no_bin", "shop.bin")
        row = _existing(db, kind, made)
        if row is not None and contract is not SAME_CONTRACT \
                and _contract_id(contract) != row["contract_id"]:
            raise Conflict("error.closing.contract_fixed", "contract", document=row["number"])
        if row is None:
            now = session.now()
            # the hand-over day is the turnover date: its VAT rate, not the made day's
            made = [orders_service.get(session, o.id)
                    if orders_service.vat_at_turnover(session, o, now) else o for o in made]
            year = int(now[:4])
            day = docx_base.as_date(now)
            if contract is SAME_CONTRACT:
                contract = contracts_service.choices(session, customer.id, day, ids)[1]
            chosen = contracts_service.chosen(session, customer.id, _contract_id(contract), day)
            seq, number = closing_db.next_number(db, kind, year)
            net = sum(to_tiyn(o.estimate.price_net) for o in made)
            vat = sum(to_tiyn(o.estimate.vat) for o in made)
            gross = sum(to_tiyn(o.estimate.price_gross) for o in made)
            doc_id = closing_db.record(db, kind, year, seq, number, customer.id, now,
                                       session.user.id, net, vat, gross, [o.id for o in made],
                                       chosen.id if chosen else None)
            closing_db.set_turnover_date(db, [o.id for o in made], now[:10])
            row = closing_db.get(db, doc_id)
            audit.write(db, session.user, kind + ".issue", "closing_document", doc_id,
                        {"number": number, "orders": [o.number for o in made],
                         "customer": customer.name, "gross": str(from_tiyn(gross)),
                         "vat": str(from_tiyn(vat)),
                         "contract": chosen.id if chosen else None})
        data = _closing_data(session, kind, row, made, customer, lang)
        name = docx_base.safe_filename(t("doc.file." + kind, lang), row["number"], customer.name)
        path = render(closing_report.render, data, kind_folder(kind, lang, folder) / name, lang)
    return ClosingFile(path, kind, row["number"], data.gross, tuple(o.number for o in made))


@logged_in
def act(session: Session, order_ids, lang=None, folder=None,
        contract=SAME_CONTRACT) -> ClosingFile:
    return issue(session, "act", order_ids, lang, folder, contract)


@logged_in
def waybill(session: Session, order_ids, lang=None, folder=None,
            contract=SAME_CONTRACT) -> ClosingFile:
    return issue(session, "waybill", order_ids, lang, folder, contract)


@logged_in
def of_order(session: Session, order_id):
    """The closing documents of an order: dicts with kind, number, issued_at, gross."""
    return [dict(r, gross=from_tiyn(r["gross_tiyn"]))
            for r in closing_db.for_order(session.db, order_id)]


# ------------------------------------------------------------------ any document by its name

@logged_in
def order_ids_of(session: Session, numbers: Sequence[str]) -> List[int]:
    """The ids of orders given by their numbers (2026-000123); NotFound names the first
    unknown one."""
    if isinstance(numbers, str):
        numbers = [numbers]
    out = []
    for number in numbers or ():
        number = text.clean(number, "order", text.SHORT, required=True)
        oid = closing_db.order_id_by_number(session.db, number)
        if oid is None:
            raise NotFound("error.document.unknown_order", "order", number=number)
        out.append(oid)
    if not out:
        raise ValidationError("error.field.required", "order")
    return out


@logged_in
def document(session: Session, kind, numbers, lang=None, folder=None) -> ClosingFile:
    """Any order document by its command-line name: invoice, offer, job-ticket (one order),
    act, waybill (one order or several of one customer). Everything is checked before a
    number is drawn; the result carries the document's number and gross total."""
    if kind not in DOCUMENT_KINDS:
        raise ValidationError("error.document.kind", "kind", kind=str(kind),
                              kinds=", ".join(DOCUMENT_KINDS))
    lang = document_language(lang)
    ids = order_ids_of(session, numbers)
    if kind in KINDS:
        return issue(session, kind, ids, lang, folder)
    if len(set(ids)) > 1:
        raise ValidationError("error.document.one_order", "order", kind=kind)
    order = orders_service.get(session, ids[0])
    if kind == "invoice":
        require_bin(customers_service.get(session, order.customer_id))
        made = order_documents.invoice(session, order.id, lang=lang, folder=folder)
    elif kind == "offer":
        made = order_documents.offer(session, order.id, lang=lang, folder=folder)
    else:
        made = order_documents.job_ticket(session, order.id, lang=lang, folder=folder)
    return ClosingFile(made.path, made.kind, made.number, order.estimate.price_gross,
                       (order.number,))
