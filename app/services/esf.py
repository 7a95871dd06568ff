"""The e-invoice (ЭСФ) for ИС ЭСФ: the XML of a period's sales (or of chosen orders), the
registration numbers the portal gives back, and the closing status of every order.

One ESF per closing document (act Р-1 or waybill З-2): its number is the ESF's account-system
number, its day the turnover date, its orders the products. The figures are the orders' frozen
estimates, whose VAT the orders service rated by the turnover date when the act or waybill
was issued (app.services.orders.vat_at_turnover): the ESF and the primary document agree to
the tiyn. Everything is checked before anything is written: a buyer without a valid BIN/IIN is
an error naming the customer and the document, and no file is made.
"""
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import List, Optional, Sequence

from app.domain import inputs, text
from app.domain.catalog import PRODUCT_TYPES
from app.domain.errors import DomainError, NotFound, ValidationError
from app.domain.identifiers import check_bin
from app.domain.job import JobSpec
from app.domain.money import D, from_tiyn, q2
from app.i18n import format_number, t
from app.reports import esf_xml, wording
from app.services import catalog as catalog_service
from app.services import contracts as contracts_service
from app.services import customer_import
from app.services import customers as customers_service
from app.services import shop as shop_service
from app.services.document_files import DocumentFile, kind_folder, render
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import esf as esf_db
from app.storage import orders as orders_db

# unitNomenclature: a piece (796); a run priced as one lot when a piece is not a whole tiyn
# (839, a set: the waybill's "компл.")
UNIT_PIECE = "796"
UNIT_LOT = "839"
ORIGIN_CODES = ("1", "2", "3", "4", "5", "6")
DEFAULT_ORIGIN = {"printing": "5", "blank": "4", "journal": "4", "label": "4"}
NON_PAYER_CHOICES = ("none", "all")  # a shop that is not a VAT payer: no ESF, or every sale
ESF_LANGUAGES = ("ru", "kk")  # the portal's languages; the descriptions are written in one
STATUSES = ("not_closed", "closed", "exported", "registered")
# the ESF's num: acts and waybills are numbered apart, so the kind goes in front
NUM_PREFIX = {"act": "ACT-", "waybill": "WB-"}
MAX_REGISTRATION = 100


@dataclass(frozen=True)
class EsfFile(DocumentFile):
    invoices: int = 0
    documents: tuple = ()  # the closing documents' numbers
    total: Decimal = Decimal(0)  # gross of all of them
    skipped_registered: tuple = ()  # documents registered on the portal already


@dataclass(frozen=True)
class ClosingRow:
    """One order in the closing list."""
    order_id: int
    order_number: str
    customer_id: int
    customer: str
    turnover_date: Optional[str]  # YYYY-MM-DD; None: not closed
    document_kind: Optional[str]  # act | waybill
    document_number: Optional[str]
    status: str  # not_closed | closed | exported | registered
    registration_number: Optional[str]
    exported_at: Optional[str]
    gross: Decimal


# ------------------------------------------------------------------ settings

def settings_of(db) -> dict:
    """{'origin': {product type: code}, 'non_payer': 'none' | 'all'}, defaults filled in."""
    raw = esf_db.settings(db)
    origin = {}
    for p in PRODUCT_TYPES:
        code = raw.get(esf_db.ORIGIN_KEY.format(p))
        origin[p] = code if code in ORIGIN_CODES else DEFAULT_ORIGIN.get(p, "4")
    non_payer = raw.get(esf_db.NON_PAYER_KEY)
    return {"origin": origin,
            "non_payer": non_payer if non_payer in NON_PAYER_CHOICES else "none"}


@logged_in
def settings(session: Session) -> dict:
    return settings_of(session.db)


@admin_only
def save_settings(session: Session, data: dict) -> dict:
    """The origin-of-goods code of each product type (data['origin']) and whether a shop that
    is not a VAT payer exports ESF (data['non_payer']); audited as settings.esf."""
    origin = dict(data.get("origin") or {})
    for product_type, code in origin.items():
        if product_type not in PRODUCT_TYPES:
            raise ValidationError("error.spec.product_type", "product_type",
                                  value=str(product_type))
        if str(code) not in ORIGIN_CODES:
            raise ValidationError("error.esf.origin_code", "esf.origin", code=str(code))
    non_payer = data.get("non_payer")
    if non_payer is not None and non_payer not in NON_PAYER_CHOICES:
        raise ValidationError("error.esf.non_payer_choice", "esf.non_payer")
    db = session.db
    with db.atomic():
        old = settings_of(db)
        for product_type, code in origin.items():
            esf_db.set_setting(db, esf_db.ORIGIN_KEY.format(product_type), str(code))
        if non_payer is not None:
            esf_db.set_setting(db, esf_db.NON_PAYER_KEY, non_payer)
        new = settings_of(db)
        changes = {p: [old["origin"][p], new["origin"][p]] for p in PRODUCT_TYPES
                   if old["origin"][p] != new["origin"][p]}
        if old["non_payer"] != new["non_payer"]:
            changes["non_payer"] = [old["non_payer"], new["non_payer"]]
        if changes:
            audit.write(db, session.user, "settings.esf", "settings", "esf", {"changes": changes})
    return new


# ------------------------------------------------------------------ the invoices

def period(date_from, date_to):
    """The period typed: both ends required, from not after to."""
    start = inputs.day(date_from, "date_from", required=True)
    end = inputs.day(date_to, "date_to", required=True)
    if start > end:
        raise ValidationError("error.document.period", "date_to")
    return start, end


def _require_esf(session):
    cat_settings = catalog_service.current(session.db)[1].settings
    if not cat_settings.vat_payer and settings_of(session.db)["non_payer"] == "none":
        raise ValidationError("error.esf.not_payer", "esf.non_payer")


def _seller(session) -> esf_xml.EsfParty:
    shop = shop_service.requisites(session)
    try:
        tin = check_bin(shop.get("bin") or "", "shop.bin")
    except ValidationError:
        raise ValidationError("error.esf.shop_bin", "shop.bin") from None
    return esf_xml.EsfParty(shop.get("name") or "", tin, shop.get("address") or "",
                            shop.get("bank") or "", shop.get("bik") or "", shop.get("iik") or "",
                            shop.get("kbe") or "")


def _buyer(customer, document_number) -> esf_xml.EsfParty:
    try:
        tin = check_bin(customer.bin or "", "bin")
    except ValidationError:
        raise ValidationError("error.esf.buyer_bin", "bin", customer=customer.name,
                              document=document_number, value=customer.bin or "—") from None
    return esf_xml.EsfParty(customer.name, tin, customer.address or "")


def product(number, spec, vat_pct, net, vat, gross, catalog, origin_code, lang):
    """An order as one product line: per piece (796) when a piece is a whole tiyn without
    VAT, else the run as one lot (839) with its quantity in the description."""
    if net + vat != gross:  # frozen figures are rounded per line already
        raise DomainError("error.esf.sums", "order", number=number)
    name = wording.one_line(spec, catalog, lang)
    quantity = Decimal(spec.quantity)
    unit_price = net / quantity
    unit = UNIT_PIECE
    if unit_price != q2(unit_price):
        name = t("doc.invoice.run_line", lang, name=name,
                 quantity=format_number(spec.quantity, 0), unit=t("doc.unit.pcs", lang))
        quantity, unit_price, unit = Decimal(1), net, UNIT_LOT
    rate = vat_pct if vat > 0 else None  # exempt or not a VAT payer: "Без НДС"
    return esf_xml.EsfProduct(name, quantity, unit, q2(unit_price), net, rate, vat, gross,
                              origin_code)


def _order_product(db, row, origin, lang):
    snapshot = orders_db.unpack(row["estimate"])
    catalog = catalog_service.version(db, row["catalog_version_id"])
    return product(row["number"], JobSpec.from_dict(snapshot["spec"]), D(snapshot["vat_pct"]),
                   from_tiyn(row["price_net_tiyn"]), from_tiyn(row["vat_tiyn"]),
                   from_tiyn(row["price_gross_tiyn"]), catalog, origin[row["product_type"]],
                   lang)


def _documents(session, date_from, date_to, order_ids, customer_id=None):
    db = session.db
    if order_ids:
        ids = esf_db.documents_of_orders(db, order_ids)
        closed = {o for orders in esf_db.orders_of_documents(db, ids).values() for o in orders}
        for oid in order_ids:
            if oid not in closed:
                order = orders_db.get(db, oid)
                raise ValidationError("error.esf.not_closed", "order",
                                      number=order.number if order else str(oid))
        return esf_db.documents(db, ids)
    start, end = period(date_from, date_to)
    return esf_db.documents_in_period(db, start.isoformat(), end.isoformat(), customer_id)


def invoices(session, docs, lang="ru") -> List[esf_xml.EsfInvoice]:
    """The ESF of each closing document, checked whole before anything is written."""
    db = session.db
    seller = _seller(session)
    origin = settings_of(db)["origin"]
    today = inputs.day(session.now()[:10], "date")
    operator = session.user.full_name or session.user.username
    orders_of = esf_db.orders_of_documents(db, [d["id"] for d in docs])
    every = [oid for ids in orders_of.values() for oid in ids]
    figures = esf_db.order_figures(db, every)
    contract_ids = esf_db.invoice_contracts(db, every)
    customers, contracts = {}, {}
    out = []
    for doc in docs:
        if doc["customer_id"] not in customers:
            customers[doc["customer_id"]] = customers_service.get(session, doc["customer_id"])
        buyer = _buyer(customers[doc["customer_id"]], doc["number"])
        products = tuple(_order_product(db, figures[oid], origin, lang)
                         for oid in orders_of[doc["id"]])
        # the contract of the orders' invoices (the first order's that names one), else none
        contract = None
        named = [contract_ids[oid] for oid in orders_of[doc["id"]] if oid in contract_ids]
        if named:
            if named[0] not in contracts:
                contracts[named[0]] = contracts_service.get(session, named[0])
            contract = contracts[named[0]]
        turnover = inputs.day(doc["issued_at"][:10], "date")
        inv = esf_xml.EsfInvoice(
            num=esf_num(doc["kind"], doc["number"]), date=max(today, turnover),
            turnover_date=turnover, operator=operator,
            seller=seller, customer=buyer, products=products,
            contract_num=contract.number if contract else "",
            contract_date=contract.signed_on if contract else None)
        if from_tiyn(doc["gross_tiyn"]) != inv.total_with_tax:  # the act says what was sold
            raise DomainError("error.esf.sums", "order", number=doc["number"])
        out.append(inv)
    return out


def esf_num(kind, number) -> str:
    """The ESF's account-system number: ACT-2026-000001, WB-2026-000001."""
    return NUM_PREFIX[kind] + number


def _file_name(start, end, docs) -> str:
    if start is not None:
        return "ESF_{}_{}.xml".format(start.isoformat(), end.isoformat())
    first, last = (esf_num(d["kind"], d["number"]) for d in (docs[0], docs[-1]))
    return "ESF_{}.xml".format(first if len(docs) == 1 else "{}_{}".format(first, last))


@logged_in
def export(session: Session, date_from=None, date_to=None, order_ids: Sequence[int] = (),
           folder=None, lang="ru", customer_id=None) -> EsfFile:
    """One XML container of the ESF of the closing documents issued in the period (or closing
    the chosen orders), registered ones left out. Nothing to write: an EsfFile with path None
    and no invoices. Everything is checked first; the file and the export marks are one step
    (a file that cannot be written marks nothing)."""
    if lang not in ESF_LANGUAGES:
        raise ValidationError("error.esf.language", "lang", language=str(lang))
    order_ids = list(order_ids or ())
    start = end = None
    if not order_ids:
        start, end = period(date_from, date_to)
    _require_esf(session)
    db = session.db
    with db.atomic():
        docs = _documents(session, date_from, date_to, order_ids, customer_id)
        registered = tuple(d["number"] for d in docs if d["registration_number"])
        docs = [d for d in docs if not d["registration_number"]]
        if not docs:
            return EsfFile(None, "esf", "", 0, (), Decimal(0), registered)
        made = invoices(session, docs, lang)
        path = kind_folder("esf", lang, folder) / _file_name(start, end, docs)
        now = session.now()
        for doc in docs:
            esf_db.mark_exported(db, doc["id"], now, session.user.id, str(path))
        total = sum((inv.total_with_tax for inv in made), Decimal(0))
        audit.write(db, session.user, "esf.export", "esf", path.name,
                    {"documents": [d["number"] for d in docs], "gross": str(total)})
        render(esf_xml.write, made, path)
    return EsfFile(Path(path), "esf", "", len(made), tuple(d["number"] for d in docs), total,
                   registered)


# ------------------------------------------------------------------ registration numbers

def _registration(value, field="registration_number") -> str:
    value = text.clean(value, field, MAX_REGISTRATION, required=True)
    if any(c.isspace() for c in value):
        raise ValidationError("error.esf.registration_form", field)
    return value


@logged_in
def register(session: Session, document_number, registration_number) -> dict:
    """The registration number the portal gave the ESF of a closing document, typed in."""
    number = text.clean(document_number, "document", text.SHORT, required=True)
    reg = _registration(registration_number)
    db = session.db
    with db.atomic():
        _register(session, number, reg)
    return {"document": number, "registration_number": reg}


def _document_id(db, number) -> int:
    """The closing document of an ESF num (ACT-2026-000001) or of a document number alone
    when only one document has it."""
    kind = None
    for k, prefix in NUM_PREFIX.items():
        if number.upper().startswith(prefix):
            kind, number = k, number[len(prefix):]
    ids = esf_db.documents_by_number(db, number, kind)
    if not ids:
        raise NotFound("error.esf.unknown_document", "document", number=number)
    if len(ids) > 1:
        raise ValidationError("error.esf.ambiguous_document", "document", number=number,
                              act=esf_num("act", number), waybill=esf_num("waybill", number))
    return ids[0]


def _register(session, number, reg):
    """True when recorded, False when the ESF had this number already."""
    db = session.db
    doc_id = _document_id(db, number)
    esf = esf_db.of_document(db, doc_id)
    if esf is None:
        raise ValidationError("error.esf.not_exported", "document", number=number)
    if esf["registration_number"] == reg:
        return False
    if esf["registration_number"]:
        raise ValidationError("error.esf.registered_already", "registration_number",
                              number=number, registration=esf["registration_number"])
    if esf_db.by_registration(db, reg) is not None:
        raise ValidationError("error.esf.registration_taken", "registration_number",
                              registration=reg)
    esf_db.set_registration(db, doc_id, reg, session.now(), session.user.id)
    audit.write(db, session.user, "esf.register", "esf", number, {"registration_number": reg})
    return True


# the columns of the portal's list of ESF (its export to Excel/CSV), in the three languages
NUM_HEADERS = ("num", "номер учетной системы", "номер эсф в учетной системе",
               "есепке алу жүйесіндегі нөмір", "account system number")
REG_HEADERS = ("registrationnumber", "registration number", "регистрационный номер",
               "тіркеу нөмірі", "регистрационный номер эсф")


def _column(header, names):
    for i, cell in enumerate(header):
        if (cell or "").strip().lower().replace("ё", "е") in names:
            return i
    return None


@logged_in
def import_registrations(session: Session, path) -> dict:
    """Registration numbers from the portal's list of ESF (.csv or .xlsx): a column of the
    account-system number (our act's or waybill's) and one of the registration number, named
    in the header (docs/decisions.md). All or nothing: a bad row writes none of them."""
    rows = customer_import.read_table(path)
    if not rows:
        raise ValidationError("error.esf.import_columns", "file")
    header = rows[0]
    num_at, reg_at = _column(header, NUM_HEADERS), _column(header, REG_HEADERS)
    if num_at is None or reg_at is None:
        raise ValidationError("error.esf.import_columns", "file")
    db = session.db
    registered = known = 0
    with db.atomic():
        for n, row in enumerate(rows[1:], start=2):
            cells = list(row) + [""] * (max(num_at, reg_at) + 1 - len(row))
            number, reg = (cells[num_at] or "").strip(), (cells[reg_at] or "").strip()
            if not number and not reg:
                continue
            try:
                number = text.clean(number, "document", text.SHORT, required=True)
                if _register(session, number, _registration(reg)):
                    registered += 1
                else:
                    known += 1
            except DomainError as exc:
                raise customer_import.RowError(n, exc) from None
    return {"registered": registered, "known": known}


# ------------------------------------------------------------------ the closing list

def _status(row) -> str:
    if row["document_id"] is None:
        return "not_closed"
    if row["registration_number"]:
        return "registered"
    if row["exported_at"]:
        return "exported"
    return "closed"


@logged_in
def closing_list(session: Session, date_from, date_to, customer_id=None,
                 status=None) -> List[ClosingRow]:
    """Made orders of the period and how far each is closed: not closed (made in the period,
    no act or waybill), closed (turned over in it), ESF exported, ESF registered. `status`
    keeps one of them (e.g. 'closed': closed without an ESF exported)."""
    start, end = period(date_from, date_to)
    if status is not None and status not in STATUSES:
        raise ValidationError("error.esf.status", "status", status=str(status))
    out = []
    for r in esf_db.closing_rows(session.db, start.isoformat(), end.isoformat(), customer_id):
        row = ClosingRow(r["order_id"], r["number"], r["customer_id"], r["customer"],
                         r["turnover_date"], r["kind"], r["document_number"], _status(r),
                         r["registration_number"], r["exported_at"],
                         from_tiyn(r["price_gross_tiyn"]))
        if status is None or row.status == status:
            out.append(row)
    return out


@logged_in
def without_esf(session: Session, date_from, date_to, customer_id=None) -> List[ClosingRow]:
    """Orders closed (act or waybill issued) in the period with no ESF exported."""
    return closing_list(session, date_from, date_to, customer_id, status="closed")


def status_text(status, lang=None) -> str:
    return t("esf.status." + status, lang)
