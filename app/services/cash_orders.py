"""Cash receipts (issue 20 item 7): the incoming cash order (приходный кассовый ордер, form
КО-1) of a cash payment as Word, with its tear-off receipt for the payer.

Numbered per year (of the payment's day) from a counter drawn in the transaction that records
the order and writes the file; a payment printed again keeps its number. A fiscal cash
register (ККМ) is outside the app: the order is the shop's own cash document, not a fiscal
receipt (docs/decisions.md)."""
from dataclasses import dataclass
from decimal import Decimal

from app.domain.errors import Conflict, NotFound, ValidationError
from app.domain.money import from_tiyn
from app.i18n import t
from app.reports import cash_order as cash_report
from app.reports import docx_base
from app.reports.invoice import Party
from app.services import shop as shop_service
from app.services.document_files import DocumentFile, document_language, kind_folder, render
from app.services.session import Session, logged_in
from app.storage import audit
from app.storage import cash_orders as cash_db
from app.storage import catalog as catalog_db
from app.storage import customers as customers_db
from app.storage import payments as payments_db

ACCOUNT_KEYS = ("cash.debit_account", "cash.credit_account")
DEFAULT_ACCOUNTS = ("1010", "1210")  # cash in hand; short-term receivables from customers


@dataclass(frozen=True)
class CashOrderFile(DocumentFile):
    amount: Decimal = Decimal(0)


def _payment(db, payment_id):
    row = payments_db.get(db, payment_id)
    if row is None:
        raise NotFound("error.not_found.payment", "payment")
    if row["method"] != "cash":
        raise ValidationError("error.cash_order.not_cash", "payment")
    if row["reverses_id"] is not None:
        raise ValidationError("error.cash_order.reversal", "payment")
    return row


@logged_in
def of_payment(session: Session, payment_id):
    """The cash order's number of a payment, or None when none was made yet."""
    row = cash_db.for_payment(session.db, payment_id)
    return row["number"] if row else None


@logged_in
def issue(session: Session, payment_id, lang=None, folder=None) -> CashOrderFile:
    """The КО-1 of a cash payment; printed again with its number when it has one already.
    A payment reversed before its order was made gets none."""
    lang = document_language(lang)
    db = session.db
    with db.atomic():
        pay = _payment(db, payment_id)
        row = cash_db.for_payment(db, payment_id)
        if row is None:
            if pay["reversed_by"] is not None:
                raise Conflict("error.payment.reversed", "payment")
            year = int(pay["date"][:4])
            seq, number = cash_db.next_number(db, year)
            cash_db.record(db, payment_id, year, seq, number, session.now(), session.user.id)
            row = cash_db.for_payment(db, payment_id)
            audit.write(db, session.user, "cash_order.issue", "payment", payment_id,
                        {"number": number, "amount": str(from_tiyn(pay["amount_tiyn"]))})
        customer = customers_db.get(db, pay["customer_id"])
        accounts = [catalog_db.get_setting(db, k, d) for k, d in zip(ACCOUNT_KEYS,
                                                                      DEFAULT_ACCOUNTS)]
        data = cash_report.CashOrderData(
            number=row["number"], date=docx_base.as_date(pay["date"]),
            shop=shop_service.requisites(session),
            payer=Party(customer.name, customer.bin or ""),
            amount=from_tiyn(pay["amount_tiyn"]), invoices=cash_db.invoice_numbers(db, payment_id),
            reference=pay["reference"] or "", debit_account=accounts[0],
            credit_account=accounts[1], cashier=session.user.full_name or session.user.username)
        name = docx_base.safe_filename(t("doc.file.cash_order", lang), row["number"],
                                       customer.name)
        path = render(cash_report.render, data, kind_folder("cash_order", lang, folder) / name,
                      lang)
    return CashOrderFile(path, "cash_order", row["number"], data.amount)
