"""Customers: validation, saving, the customer card with history and totals."""
import re
from decimal import Decimal

from app.domain import inputs
from app.domain import text as text_rule
from app.domain.errors import Collect, Conflict, NotFound, ValidationError
from app.domain.identifiers import check_bin
from app.domain.records import Customer
from app.services import audit_log
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import customers as customers_db
from app.storage import orders as orders_db

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^[0-9+()\-\s]{5,30}$")
LIMITS = {"name": text_rule.NAME, "contact_person": text_rule.NAME, "phone": text_rule.SHORT,
          "email": text_rule.NAME, "address": text_rule.LINE, "notes": text_rule.NOTE}
MULTILINE = ("address", "notes")


def validate(data: dict, customer_id=None, version=1) -> Customer:
    """A Customer from what the form holds; every bad field is said at once (FieldErrors)."""
    errors = Collect()
    clean = {}
    for key, limit in LIMITS.items():
        clean[key] = errors(text_rule.clean, data.get(key, ""), key, limit,
                            required=key == "name", multiline=key in MULTILINE) or ""
    bin_ = data.get("bin") or ""
    if not isinstance(bin_, str):
        bin_ = str(bin_)
    bin_ = text_rule.clean(bin_, "bin", text_rule.SHORT)
    if bin_:  # form and control digit: the state's systems refuse a mistyped BIN/IIN
        bin_ = errors(check_bin, bin_, "bin")
    if clean["email"] and not errors.failed("email") and not EMAIL_RE.match(clean["email"]):
        errors.add("error.customer.email", "email")
    if clean["phone"] and not errors.failed("phone") and not PHONE_RE.match(clean["phone"]):
        errors.add("error.customer.phone", "phone")
    raw = data.get("discount_pct", 0)
    discount = errors(inputs.number, raw if raw not in (None, "") else 0, "discount_pct", 0,
                      Decimal("99.99"), places=2)
    errors.done()
    return Customer(customer_id, clean["name"], bin_ or None, clean["contact_person"],
                    clean["phone"], clean["email"], clean["address"], discount, clean["notes"],
                    version)


@logged_in
def save(session: Session, data: dict, customer_id=None, version=1) -> Customer:
    c = validate(data, customer_id, version)
    db = session.db
    with db.atomic():
        if c.bin:
            other = customers_db.by_bin(db, c.bin)
            if other is not None and other.id != customer_id:
                raise ValidationError("error.customer.bin_taken", "bin", name=other.name)
        if customer_id is None:
            new_id = customers_db.insert(db, c)
            audit.write(db, session.user, "customer.create", "customer", new_id, {"name": c.name})
            return customers_db.get(db, new_id)
        old = customers_db.get(db, customer_id)
        if old is None:
            raise NotFound("error.not_found.customer")
        if not customers_db.update(db, c):
            raise audit_log.lost_race(db, "customer", customer_id, "name")
        if old.discount_pct != c.discount_pct:  # a price matter: audited
            audit.write(db, session.user, "customer.discount", "customer", customer_id,
                        {"from": str(old.discount_pct), "to": str(c.discount_pct)})
        audit.write(db, session.user, "customer.update", "customer", customer_id, {"name": c.name})
    return customers_db.get(db, customer_id)


@logged_in
def get(session: Session, customer_id) -> Customer:
    c = customers_db.get(session.db, customer_id)
    if c is None:
        raise NotFound("error.not_found.customer")
    return c


@logged_in
def search(session: Session, text="", limit=100, offset=0):
    return customers_db.search(session.db, text_rule.search(text), limit, offset)


@logged_in
def card(session: Session, customer_id, history_limit=100, history_offset=0):
    """The customer card: contact data, totals, order history (newest first)."""
    customer = get(session, customer_id)
    totals = customers_db.totals(session.db, customer_id)
    history = orders_db.page(session.db, orders_db.OrderFilter(customer_id=customer_id),
                             limit=history_limit, offset=history_offset)
    return customer, totals, history


@admin_only
def delete(session: Session, customer_id):
    with session.db.atomic():
        c = customers_db.get(session.db, customer_id)
        if c is None:
            raise NotFound("error.not_found.customer")
        if customers_db.has_orders(session.db, customer_id):
            raise Conflict("error.customer.has_orders")
        customers_db.delete(session.db, customer_id)
        audit.write(session.db, session.user, "customer.delete", "customer", customer_id,
                    {"name": c.name})
