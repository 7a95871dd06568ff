"""Contracts with customers (issue 19 item 3): a register per customer, and the contract a
document refers to ("№ 5 от 01.01.2026") or "без договора".

Managers keep the register like the customers themselves: every change is audited and checked
against the version the form read (two windows do not overwrite each other). A contract is
never deleted (invoices refer to it): it is deactivated, and then no new document takes it.
"""
from dataclasses import replace
from datetime import date

from app.domain import inputs
from app.domain import text as text_rule
from app.domain.errors import Collect, Conflict, NotFound, ValidationError
from app.domain.records import Contract
from app.i18n import t
from app.services import customers as customers_service
from app.services.session import Session, logged_in
from app.storage import audit
from app.storage import contracts as contracts_db
from app.storage import invoices as invoices_db


def validate(data: dict, customer_id, contract_id=None, version=1, active=True) -> Contract:
    """A Contract from what the form holds; every bad field is said at once (FieldErrors)."""
    errors = Collect()
    number = errors(text_rule.clean, data.get("number"), "contract.number", text_rule.SHORT,
                    required=True) or ""
    subject = errors(text_rule.clean, data.get("subject"), "contract.subject",
                     text_rule.LINE) or ""
    signed_on = errors(inputs.day, data.get("signed_on"), "contract.signed_on", required=True)
    valid_until = errors(inputs.day, data.get("valid_until") or None, "contract.valid_until")
    if signed_on and valid_until and valid_until < signed_on:
        errors.add("error.contract.ends_before_start", "contract.valid_until")
    errors.done()
    return Contract(contract_id, customer_id, number, signed_on, subject, valid_until, active,
                    version)


def _audit_values(c: Contract) -> dict:
    return {"number": c.number, "signed_on": c.signed_on.isoformat(),
            "valid_until": c.valid_until.isoformat() if c.valid_until else None,
            "subject": c.subject}


@logged_in
def add(session: Session, customer_id, data: dict) -> Contract:
    db = session.db
    with db.atomic():
        customer = customers_service.get(session, customer_id)
        c = validate(data, customer.id)
        if contracts_db.same_number(db, customer.id, c.number, c.signed_on) is not None:
            raise ValidationError("error.contract.exists", "contract.number", number=c.number)
        new_id = contracts_db.insert(db, c, session.now())
        audit.write(db, session.user, "contract.create", "contract", new_id,
                    dict(_audit_values(c), customer=customer.id))
    return contracts_db.get(db, new_id)


@logged_in
def get(session: Session, contract_id) -> Contract:
    c = contracts_db.get(session.db, contract_id)
    if c is None:
        raise NotFound("error.not_found.contract")
    return c


@logged_in
def update(session: Session, contract_id, version, data: dict) -> Contract:
    db = session.db
    with db.atomic():
        old = get(session, contract_id)
        c = validate(data, old.customer_id, old.id, version, old.active)
        other = contracts_db.same_number(db, old.customer_id, c.number, c.signed_on)
        if other is not None and other.id != old.id:
            raise ValidationError("error.contract.exists", "contract.number", number=c.number)
        if not contracts_db.update(db, c):
            raise Conflict("error.conflict.changed", "contract.number")
        audit.write(db, session.user, "contract.update", "contract", contract_id,
                    _audit_values(c))
    return contracts_db.get(db, contract_id)


@logged_in
def deactivate(session: Session, contract_id, version) -> Contract:
    """No new document takes it; those made with it keep it."""
    db = session.db
    with db.atomic():
        old = get(session, contract_id)
        if not contracts_db.update(db, replace(old, active=False, version=version)):
            raise Conflict("error.conflict.changed", "contract.number")
        audit.write(db, session.user, "contract.deactivate", "contract", contract_id,
                    {"number": old.number})
    return contracts_db.get(db, contract_id)


@logged_in
def of_customer(session: Session, customer_id, active_only=False):
    customers_service.get(session, customer_id)  # a customer that is not there is said
    return contracts_db.for_customer(session.db, customer_id, active_only)


@logged_in
def in_force(session: Session, customer_id, day: date):
    """The contracts a new document of the customer may refer to on `day`, newest first."""
    return [c for c in of_customer(session, customer_id, active_only=True) if c.valid_on(day)]


@logged_in
def choices(session: Session, customer_id, day: date, order_ids=()):
    """(contracts in force on `day`, the id a new document takes by default or None).

    The default is the last used: the contract of the orders' newest invoice (even "без
    договора": the act says what the invoice said), else the customer's newest document that
    referred to a contract, else the newest contract in force; one not in force is skipped."""
    offered = in_force(session, customer_id, day)
    ids = [c.id for c in offered]
    invoiced = [r for r in (invoices_db.latest_for_order(session.db, oid) for oid in order_ids)
                if r is not None]
    if invoiced:
        newest = max(invoiced, key=lambda r: r["id"])["contract_id"]
        if newest is None or newest in ids:
            return offered, newest
    used = contracts_db.last_used(session.db, customer_id)
    if used in ids:
        return offered, used
    return offered, (ids[0] if ids else None)


def chosen(session: Session, customer_id, contract_id, day: date):
    """The contract a new document of the customer refers to on `day`, or None ("без
    договора"); a contract of another customer, deactivated, or not in force that day is a
    ValidationError on the field "contract"."""
    if contract_id is None:
        return None
    if isinstance(contract_id, bool) or not isinstance(contract_id, int):
        raise ValidationError("error.contract.not_found", "contract")
    c = contracts_db.get(session.db, contract_id)
    if c is None or c.customer_id != customer_id:
        raise ValidationError("error.contract.not_found", "contract")
    if not c.active:
        raise ValidationError("error.contract.inactive", "contract", number=c.number)
    if not c.valid_on(day):
        raise ValidationError("error.contract.not_in_force", "contract", number=c.number,
                              day=day.strftime("%d.%m.%Y"))
    return c


def reference(contract, lang) -> str:
    """What a document prints for its contract: "№ 5 от 01.01.2026" or "Без договора"."""
    if contract is None:
        return t("doc.invoice.no_contract", lang)
    return t("doc.contract.reference", lang, number=contract.number,
             date=contract.signed_on.strftime("%d.%m.%Y"))
