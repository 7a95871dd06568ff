"""The reconciliation statement (акт сверки взаиморасчётов, issue 20 item 6) of a customer
for a period: the opening balance from every invoice and payment before it, each one in the
period in date order, the turnovers and the closing balance with who owes whom.

A balance above zero is the customer's debt to the shop, below zero the shop's (an advance).
An invoice is a debit; a payment a credit; a reversal of a payment (its counter-entry) a debit
again, so every figure in the table is positive and the balance is a plain sum."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Tuple

from app.domain import inputs
from app.domain.errors import NotFound, ValidationError
from app.domain.identifiers import check_bin
from app.domain.money import from_tiyn
from app.i18n import t
from app.reports import docx_base
from app.reports import reconciliation as reconciliation_report
from app.reports.invoice import Party
from app.services import shop as shop_service
from app.services.document_files import DocumentFile, document_language, kind_folder, render
from app.services.session import Session, logged_in
from app.storage import customers as customers_db
from app.storage import payments as payments_db
from app.storage import reconciliation as reconciliation_db

Line = reconciliation_report.Line


@dataclass(frozen=True)
class Statement:
    customer_id: int
    name: str
    bin: str
    date_from: date
    date_to: date
    opening: Decimal
    lines: Tuple[Line, ...]
    debit: Decimal   # the turnovers of the period
    credit: Decimal
    closing: Decimal

    @property
    def owes(self) -> str:
        """Who owes whom at the end: customer, shop or none."""
        return "customer" if self.closing > 0 else "shop" if self.closing < 0 else "none"


@dataclass(frozen=True)
class ReconciliationFile(DocumentFile):
    statement: Statement = None


def _entries(db, customer_id):
    """(day, order, Line with tiyn) of every invoice and payment, in date order."""
    out = []
    for r in reconciliation_db.invoices(db, customer_id):
        out.append((r["day"], 0, r["id"], Line(date.fromisoformat(r["day"]), "invoice",
                                                 r["number"], r["order_number"],
                                                 r["total_tiyn"], 0)))
    for r in reconciliation_db.payments(db, customer_id):
        day = date.fromisoformat(r["day"][:10])
        if r["reverses_id"] is None:
            line = Line(day, "payment", str(r["id"]), r["reference"], 0, r["amount_tiyn"],
                        r["method"])
        else:
            line = Line(day, "reversal", str(r["reverses_id"]), r["reference"],
                        -r["amount_tiyn"], 0, r["method"])
        out.append((r["day"][:10], 1, r["id"], line))
    out.sort(key=lambda e: e[:3])
    return [e[3] for e in out]


def _money(line: Line) -> Line:
    return Line(line.day, line.kind, line.number, line.text, from_tiyn(line.debit),
                from_tiyn(line.credit), line.method)


def statement_of(db, customer_id, start: date, end: date) -> Statement:
    row = customers_db.get(db, customer_id)
    if row is None:
        raise NotFound("error.not_found.customer", "customer")
    opening, debit, credit, lines = 0, 0, 0, []
    for line in _entries(db, customer_id):
        if line.day < start:
            opening += line.debit - line.credit
        elif line.day <= end:
            debit += line.debit
            credit += line.credit
            lines.append(_money(line))
    return Statement(row.id, row.name, row.bin or "", start, end, from_tiyn(opening),
                     tuple(lines), from_tiyn(debit), from_tiyn(credit),
                     from_tiyn(opening + debit - credit))


def period(date_from, date_to, fields=("date_from", "date_to")):
    """(start, end) of a period typed as YYYY-MM-DD, both required; the command line checks
    it before the login, naming its own options."""
    start = inputs.day(date_from, fields[0], required=True)
    end = inputs.day(date_to, fields[1], required=True)
    if start > end:
        raise ValidationError("error.document.period", fields[1])
    return start, end


@logged_in
def customer_by_bin(session: Session, bin_, field="customer") -> int:
    """The id of the customer with this BIN/IIN (checked: 12 digits, the control digit)."""
    number = check_bin(bin_, field)
    row = payments_db.customer_by_bin(session.db, number)
    if row is None:
        raise NotFound("error.reconciliation.unknown_bin", field, bin=number)
    return row["id"]


@logged_in
def statement(session: Session, customer_id, date_from, date_to) -> Statement:
    start, end = period(date_from, date_to)
    return statement_of(session.db, customer_id, start, end)


@logged_in
def document(session: Session, customer_id, date_from, date_to, lang=None,
             folder=None) -> ReconciliationFile:
    """The statement as Word in the language asked (kk, ru, en): everything is checked
    before a file is written."""
    lang = document_language(lang)
    st = statement(session, customer_id, date_from, date_to)
    customer = customers_db.get(session.db, customer_id)
    data = reconciliation_report.ReconciliationData(
        shop=shop_service.requisites(session),
        buyer=Party(customer.name, customer.bin or "", customer.address, customer.phone),
        date_from=st.date_from, date_to=st.date_to, opening=st.opening, lines=list(st.lines),
        debit=st.debit, credit=st.credit, closing=st.closing)
    name = docx_base.safe_filename(
        t("doc.file.reconciliation", lang),
        "{}_{}".format(st.date_from.isoformat(), st.date_to.isoformat()), customer.name)
    path = render(reconciliation_report.render, data,
                  kind_folder("reconciliation", lang, folder) / name, lang)
    return ReconciliationFile(path, "reconciliation", "", st)


def as_dict(made: ReconciliationFile, lang) -> dict:
    """What `python -m app document reconciliation --json` prints."""
    st = made.statement
    return {"kind": "reconciliation", "path": str(made.path), "customer": st.name,
            "bin": st.bin, "from": st.date_from.isoformat(), "to": st.date_to.isoformat(),
            "opening": "{:.2f}".format(st.opening), "debit": "{:.2f}".format(st.debit),
            "credit": "{:.2f}".format(st.credit), "closing": "{:.2f}".format(st.closing),
            "owes": st.owes, "lines": len(st.lines), "lang": lang}
