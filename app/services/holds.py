"""Customers on hold (issue 20 item 3): a limit of overdue debt, shop-wide or the customer's
own; a new order for a customer past it needs an administrator's word, and is audited.

The rule is app.domain.holds; here the figures come from the ledger's open items (the same
due dates as the ageing and app.services.payments, which imports the orders service, so not
through it; an advance is not netted against the debt, as in the ageing). The
orders service asks `check_new_order` before it numbers an order, so no screen or script can
go round it. The administrator's word is a login of an administrator at the manager's desk
(`approve`): a password check with the login's own lock after 5 wrong tries."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Dict, Optional

from app.domain import holds as rule
from app.domain import inputs
from app.domain.allocation import due_date
from app.domain.errors import Collect, Conflict, NotFound, PermissionDenied
from app.domain.money import from_tiyn, to_tiyn
from app.domain.records import User
from app.i18n import format_money
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import customers as customers_db
from app.storage import holds as holds_db
from app.storage import payments as payments_db
from app.storage import users as users_db

MAX_LIMIT = Decimal("999999999999.99")
MAX_DAYS = 3650


@dataclass(frozen=True)
class Approval:
    """An administrator's word for new orders of one customer (from `approve`)."""
    customer_id: int
    admin: User


def _limits(db, customer_id) -> rule.Limits:
    own = rule.Limits(*holds_db.customer_limits(db, customer_id))
    return rule.effective(own, rule.Limits(*holds_db.shop_limits(db)))


def verdict_of(db, customer_id, as_of: date, figures=False) -> rule.Verdict:
    """`figures`: the overdue debt even with no limit (the customer card shows it)."""
    limits = _limits(db, customer_id)
    if limits.empty and not figures:  # the usual case: no limit, no need to read the ledger
        return rule.Verdict(0, 0, limits, ())
    term = payments_db.term_days(db)
    items = [(due_date(r["invoice_date"], term), r["total_tiyn"] - r["paid_tiyn"])
             for r in payments_db.open_items(db, customer_id, owed_only=True)]
    return rule.judge(items, as_of, limits)


def _as_dict(v: rule.Verdict) -> Dict:
    lim = v.limits
    return {"on_hold": v.on_hold, "reasons": list(v.reasons), "overdue": from_tiyn(v.overdue_tiyn),
            "oldest_days": v.oldest_days,
            "limit_amount": None if lim.amount_tiyn is None else from_tiyn(lim.amount_tiyn),
            "limit_days": lim.days}


def _today(session) -> date:
    return date.fromisoformat(session.now()[:10])


@logged_in
def status(session: Session, customer_id, as_of=None) -> Dict:
    """Is the customer on hold: on_hold, reasons ("amount", "days"), overdue, oldest_days and
    the limits that apply."""
    if customers_db.get(session.db, customer_id) is None:
        raise NotFound("error.not_found.customer", "customer")
    day = inputs.day(as_of, "date") or _today(session)
    return _as_dict(verdict_of(session.db, customer_id, day, figures=True))


def _amount(value) -> Optional[int]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_tiyn(inputs.number(value, "hold_amount", Decimal(0), MAX_LIMIT, places=2,
                                 places_key="error.field.money_places"))


def _days(value) -> Optional[int]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return int(inputs.number(value, "hold_days", 0, MAX_DAYS, integer=True))


def _limit_dict(amount_tiyn, days) -> Dict:
    return {"amount": None if amount_tiyn is None else from_tiyn(amount_tiyn), "days": days}


@logged_in
def limits(session: Session, customer_id=None) -> Dict:
    """The shop's limits, or the customer's own (None parts: the shop's apply)."""
    if customer_id is None:
        return _limit_dict(*holds_db.shop_limits(session.db))
    return _limit_dict(*holds_db.customer_limits(session.db, customer_id))


@admin_only
def set_limits(session: Session, amount=None, days=None, customer_id=None) -> Dict:
    """Set the shop's limits (customer_id None) or a customer's own; empty: no limit (the
    customer's then follows the shop's)."""
    errors = Collect()  # both boxes said after one Save
    amount_tiyn, days = errors(_amount, amount), errors(_days, days)
    errors.done()
    db = session.db
    with db.atomic():
        if customer_id is None:
            old = holds_db.shop_limits(db)
            holds_db.set_shop_limits(db, amount_tiyn, days)
        else:
            if customers_db.get(db, customer_id) is None:
                raise NotFound("error.not_found.customer", "customer")
            old = holds_db.customer_limits(db, customer_id)
            holds_db.set_customer_limits(db, customer_id, amount_tiyn, days)
        audit.write(db, session.user, "hold.limits", "customer" if customer_id else "settings",
                    customer_id or "hold",
                    {"old": {k: str(v) for k, v in _limit_dict(*old).items()},
                     "new": {k: str(v) for k, v in _limit_dict(amount_tiyn, days).items()}})
    return limits(session, customer_id)


@logged_in
def approve(session: Session, customer_id, username, password) -> Approval:
    """An administrator's word, given by logging in at this desk (the same lock after five
    wrong passwords as the login window). A manager's own login is refused."""
    from app.services import auth
    admin = auth.login(session.db, username, password).user
    if not admin.is_admin:
        raise PermissionDenied("error.hold.not_admin")
    return Approval(int(customer_id), admin)


def check_new_order(session: Session, customer, approval: Optional[Approval]):
    """Called by orders.create inside its transaction, before a number is drawn: the verdict
    (None when not on hold). On hold needs the word of an administrator: the session's own
    user, or `approval` for this customer from an administrator who still is one."""
    v = verdict_of(session.db, customer.id, _today(session))
    if not v.on_hold:
        return None
    if session.user.is_admin:
        return v, session.user
    if approval is not None and approval.customer_id == customer.id:
        fresh = users_db.get(session.db, approval.admin.id)
        if fresh is not None and fresh.active and fresh.is_admin:
            return v, fresh
    raise Conflict("error.hold.on_hold", "customer", customer=customer.name,
                   overdue=format_money(from_tiyn(v.overdue_tiyn)), days=v.oldest_days)


def audit_override(session: Session, order_id, number, held):
    verdict, admin = held
    details = {k: str(x) for k, x in _as_dict(verdict).items()}
    details.update(number=number, approved_by=admin.username, approved_by_id=admin.id)
    audit.write(session.db, session.user, "order.hold_override", "order", order_id, details)
