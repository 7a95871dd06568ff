"""Orders: quote, save with the estimate frozen, statuses, repeat, actual figures."""
from dataclasses import replace
from decimal import Decimal
from typing import Dict, List, Optional

from app import costing
from app.domain import inputs, text
from app.domain.errors import Conflict, DomainError, NotFound, ValidationError
from app.domain.estimate import LINE_CODES, Estimate
from app.domain.job import MAX_QUANTITY, JobSpec
from app.domain.money import D, q2
from app.domain.queries import OrderFilter
from app.domain.records import (
    EDITABLE_STATUSES,
    MADE_STATUSES,
    STATUSES,
    TRANSITIONS,
    Actual,
    Order,
    can_move,
)
from app.services import audit_log, holds
from app.services import catalog as catalog_service
from app.services import stock as stock_service
from app.services.session import Session, logged_in
from app.storage import audit
from app.storage import customers as customers_db
from app.storage import orders as orders_db
from app.storage import payments as payments_db
from app.storage import users as users_db

HUNDRED = Decimal(100)
ALL_ORDERS = OrderFilter()  # the unfiltered list (a frozen record: safe as a default)


def spec_from(data) -> JobSpec:
    if isinstance(data, JobSpec):
        return data
    return JobSpec.from_dict(data)


@logged_in
def vat_today(session: Session, product_type):
    """The VAT % a job quoted today gets (its turnover date not known yet: the quote date)."""
    return catalog_service.vat_pct_on(session.db, product_type, session.now())


@logged_in
def quote(session: Session, spec_data) -> Estimate:
    """The estimate of a job at today's catalog and VAT; nothing is saved."""
    _, cat = catalog_service.current(session.db)
    spec = spec_from(spec_data)
    return costing.estimate(spec, cat, vat_today(session, spec.product_type))


@logged_in
def ladder(session: Session, spec_data, quantities):
    _, cat = catalog_service.current(session.db)
    spec = spec_from(spec_data)
    return costing.quantity_ladder(spec, cat, quantities, vat_today(session, spec.product_type))


@logged_in
def quote_ladder(session: Session, spec_data, quantities, catalog=None) -> List[Optional[Estimate]]:
    """The quote screen's ladder: the job at each quantity, None where that one cannot be
    priced (no quantity, none at all, or one the job cannot be made in) while the others
    stand. `catalog`: the one the screen priced the job with (default: today's)."""
    spec = spec_from(spec_data)
    cat = catalog if catalog is not None else catalog_service.current(session.db)[1]
    vat_pct = vat_today(session, spec.product_type)
    out = []
    for quantity in quantities:
        try:
            out.append(costing.estimate(spec.with_quantity(quantity), cat, vat_pct)
                       if quantity is not None and 1 <= quantity <= MAX_QUANTITY else None)
        except DomainError:
            out.append(None)
    return out


def _due(value) -> Optional[str]:
    due = inputs.day(value, "due_date")
    return due.isoformat() if due else None


def _customer(session, customer_id):
    if customer_id is None:
        raise ValidationError("error.field.required", "customer")
    c = customers_db.get(session.db, customer_id)
    if c is None:
        raise ValidationError("error.not_found.customer", "customer")
    return c


def _audit_price_override(session, order_id, spec: JobSpec, customer):
    """A markup or discount other than the shop's rule is a price decision: audited."""
    details = {}
    if spec.markup_pct is not None:
        details["markup_pct"] = str(spec.markup_pct)
    if spec.discount_pct != customer.discount_pct:
        details["discount_pct"] = str(spec.discount_pct)
        details["customer_discount_pct"] = str(customer.discount_pct)
    if details:
        audit.write(session.db, session.user, "order.price_override", "order", order_id, details)


def _notes(notes):
    return text.note(notes, "notes")


def checked_filter(flt: OrderFilter) -> OrderFilter:
    """The list's filter with its search text and codes checked by the text rule."""
    if not isinstance(flt, OrderFilter):
        raise ValidationError("error.field.not_text", "search")
    for field, values in (("status", flt.statuses), ("product_type", flt.product_types)):
        if isinstance(values, str) or not isinstance(values, (list, tuple, set, frozenset)):
            raise ValidationError("error.field.not_text", field)
        for value in values:
            text.clean(value, field, text.CODE)
    return replace(flt, text=text.search(flt.text))


@logged_in
def create(session: Session, spec_data, customer_id, status="new", due_date=None, notes="",
           created_at=None, hold_approval=None) -> Order:
    """Save a quote or an order with its estimate frozen at today's catalog. A customer past
    the limit of overdue debt needs an administrator's word (app.services.holds)."""
    if status not in ("new", "quoted", "approved"):
        raise ValidationError("error.order.bad_status", "status", status=status)
    spec = spec_from(spec_data)
    due, notes = _due(due_date), _notes(notes)  # refused before the number is drawn
    db = session.db
    with db.atomic():
        customer = _customer(session, customer_id)
        held = holds.check_new_order(session, customer, hold_approval)
        vid, cat = catalog_service.current(db)
        now = created_at or session.now()
        # the turnover date is not known yet: the quote date's rate until the order is made
        est = costing.estimate(spec, cat, catalog_service.vat_pct_on(db, spec.product_type, now))
        values = orders_db.estimate_columns(est)
        values.update(number=orders_db.next_number(db, int(now[:4])), customer_id=customer.id,
                      status=status, created_at=now, due_date=due,
                      manager_id=session.user.id, catalog_version_id=vid, notes=notes)
        order_id = orders_db.insert(db, values)
        orders_db.log_status(db, order_id, None, status, now, session.user.id)
        stock_service.on_estimate_changed(db, order_id, status, est)  # approved: reserve
        audit.write(db, session.user, "order.create", "order", order_id,
                    {"number": values["number"], "price_net": str(est.price_net)})
        _audit_price_override(session, order_id, spec, customer)
        if held:
            holds.audit_override(session, order_id, values["number"], held)
    return orders_db.get(db, order_id)


@logged_in
def get(session: Session, order_id) -> Order:
    order = orders_db.get(session.db, order_id)
    if order is None:
        raise NotFound("error.not_found.order")
    return order


@logged_in
def update(session: Session, order_id, version, spec_data, customer_id, due_date=None,
           notes="") -> Order:
    """Edit while the status allows it; the order is re-estimated at today's catalog."""
    spec = spec_from(spec_data)
    due, notes = _due(due_date), _notes(notes)  # before anything is read or written
    db = session.db
    with db.atomic():
        order = get(session, order_id)
        if order.status not in EDITABLE_STATUSES:
            raise Conflict("error.order.not_editable", "status", status=order.status)
        customer = _customer(session, customer_id)
        vid, cat = catalog_service.current(db)
        est = costing.estimate(spec, cat, vat_today(session, spec.product_type))
        if not orders_db.update_estimate(db, order_id, version, est, vid, customer.id,
                                         due, notes):
            raise audit_log.lost_race(db, "order", order_id)
        stock_service.on_estimate_changed(db, order_id, order.status, est)
        audit.write(db, session.user, "order.update", "order", order_id,
                    {"price_net": [str(order.estimate.price_net), str(est.price_net)]})
        _audit_price_override(session, order_id, spec, customer)
    return orders_db.get(db, order_id)


def allowed_moves(order: Order):
    return TRANSITIONS.get(order.status, ())


@logged_in
def change_status(session: Session, order_id, version, to_status, at=None) -> Order:
    if to_status not in STATUSES:
        raise ValidationError("error.order.bad_status", "status", status=to_status)
    db = session.db
    with db.atomic():
        order = get(session, order_id)
        if not can_move(order.status, to_status):
            raise Conflict("error.order.bad_transition", "status",
                           from_status=order.status, to_status=to_status)
        at = at or session.now()
        finished = at if to_status == "ready" else None
        paid = at if to_status == "paid" else None
        if not orders_db.set_status(db, order_id, version, to_status, at, session.user.id,
                                    finished, paid):
            raise audit_log.lost_race(db, "order", order_id)
        stock_service.on_status(db, session.user, order, to_status, at)
        audit.write(db, session.user, "order.status", "order", order_id,
                    {"from": order.status, "to": to_status})
        if finished and order.finished_at is None:
            vat_at_turnover(session, order, finished)
        if to_status == "delivered" and payments_db.covered(db, order_id):
            # paid before it was handed over: delivered and paid in one go (issue 20)
            return change_status(session, order_id, version + 1, "paid", at)
    return orders_db.get(db, order_id)


def paid_by_ledger(session, order_id, version, at):
    """delivered → paid when the payments cover it: all that change_status does for 'paid'
    (the status, its log, the audit; no stock, no VAT), without decoding the whole order: one
    bank statement settles thousands. The caller read the order delivered at that version."""
    db = session.db
    if not orders_db.set_status(db, order_id, version, "paid", at, session.user.id, None, at):
        raise audit_log.lost_race(db, "order", order_id)
    audit.write(db, session.user, "order.status", "order", order_id,
                {"from": "delivered", "to": "paid"})


def vat_at_turnover(session, order: Order, day) -> bool:
    """The order is made or handed over: its VAT follows that day (docs/decisions.md). A rate
    other than the quote's re-prices the VAT only; the net price and the lines stay. An
    order saved before this rule keeps its figures (issue 19: nothing agreed is re-priced)."""
    db = session.db
    if orders_db.frozen_before_vat_by_date(db, order.id):
        return False
    pct = catalog_service.vat_pct_on(db, order.product_type, day)
    est = order.estimate
    if pct == est.vat_pct:
        return False
    cat = catalog_service.version(db, order.catalog_version_id)
    new = costing.reprice(est, est.spec, cat, pct)
    orders_db.set_vat(db, order.id, new)
    audit.write(db, session.user, "order.vat_rate", "order", order.id,
                {"vat_pct": [str(est.vat_pct), str(pct)], "turnover": str(day)[:10]})
    return True


@logged_in
def cancel(session: Session, order_id, version) -> Order:
    return change_status(session, order_id, version, "cancelled")


@logged_in
def repeat(session: Session, order_id, hold_approval=None, rush=None,
           discount_pct=None) -> Order:
    """A copy of an order for the same customer, re-estimated at today's prices. `rush` and
    `discount_pct`: what the manager said of the old ones (None: as the old order had them)."""
    order = get(session, order_id)
    spec = _repeated_spec(order.estimate.spec, rush, discount_pct)
    return create(session, spec, order.customer_id, "new",
                  notes=order.notes, hold_approval=hold_approval)


def _repeated_spec(spec, rush=None, discount_pct=None):
    """The old job with what the manager said of its rush and discount, checked as a quote's."""
    if rush is None and discount_pct is None:
        return spec
    data = spec.to_dict()
    if rush is not None:
        data["rush"] = bool(rush)
    if discount_pct is not None:
        data["discount_pct"] = discount_pct
    return spec_from(data)


@logged_in
def repeat_preview(session: Session, order_id, rush=None, discount_pct=None) -> Dict:
    """Before a repeat: the old price beside today's, and the old rush surcharge and discount
    beside the customer's discount today, so the manager decides them (issue 17.8)."""
    order = get(session, order_id)
    old = order.estimate
    customer = _customer(session, order.customer_id)
    today = quote(session, _repeated_spec(old.spec, rush, discount_pct))
    return {"old_gross": old.price_gross, "old_net": old.price_net,
            "today_gross": today.price_gross, "today_net": today.price_net,
            "old_rush": old.spec.rush, "old_discount_pct": old.spec.discount_pct,
            "customer_discount_pct": customer.discount_pct,
            "rush": today.spec.rush, "discount_pct": today.spec.discount_pct}


def _usage(order: Order, data: dict) -> dict:
    """Validate what the shop floor reports: gross sheets or metres, and minutes per operation."""
    usage = {}
    est = order.estimate
    if est.sheets is not None and data.get("gross_sheets") not in (None, ""):
        usage["gross_sheets"] = inputs.number(data["gross_sheets"], "gross_sheets", 1, 10 ** 8,
                                              integer=True)
    if est.metres is not None and data.get("metres") not in (None, ""):
        usage["metres"] = str(inputs.number(data["metres"], "metres", Decimal("0.1"), 10 ** 7))
    minutes = {}
    reported = data.get("minutes") or {}
    if not isinstance(reported, dict):
        raise ValidationError("error.field.not_number", "minutes")
    for code, value in reported.items():
        if value in (None, ""):
            continue
        if code not in {line.code for line in est.lines} | {"prepress"}:
            raise ValidationError("error.actual.unknown_operation", "minutes", code=code)
        minutes[code] = str(inputs.number(value, "minutes." + code, 0, 10 ** 6))
    if minutes:
        usage["minutes"] = minutes
    return usage


def actual_from_usage(est: Estimate, cat, usage: dict) -> Actual:
    lines, direct, materials = costing.actual_direct(
        est, cat, gross_sheets=usage.get("gross_sheets"),
        metres=D(usage["metres"]) if "metres" in usage else None,
        minutes={k: D(v) for k, v in usage.get("minutes", {}).items()})
    overhead = q2(direct * cat.settings.overhead_pct / HUNDRED)
    cost = direct + overhead
    profit = est.price_net - cost
    pct = q2(profit / cost * HUNDRED) if cost > 0 else Decimal("0.00")
    return Actual(direct, overhead, cost, profit, pct, lines, usage, materials=materials)


@logged_in
def record_actual(session: Session, order_id, version, data: dict) -> Order:
    """What a made order really used, costed at the rates it was quoted with.

    Overhead is the settings' % until the month's real indirect costs are allocated."""
    db = session.db
    with db.atomic():
        order = get(session, order_id)
        if order.status not in MADE_STATUSES:
            raise Conflict("error.actual.not_made", "status", status=order.status)
        usage = _usage(order, data)
        cat = catalog_service.version(db, order.catalog_version_id)
        actual = actual_from_usage(order.estimate, cat, usage)
        if not orders_db.set_actual(db, order_id, version, actual):
            raise audit_log.lost_race(db, "order", order_id)
        stock_service.on_actual(db, session.user, order, actual.materials, session.now())
        audit.write(db, session.user, "order.actual", "order", order_id,
                    {"direct": str(actual.direct), "estimate_direct": str(order.estimate.direct),
                     "usage": usage})
    return orders_db.get(db, order_id)


def variance(order: Order):
    """[(line code, estimate, actual, actual − estimate)] for every line of either."""
    if order.actual is None:
        return []
    est = {line.code: line.amount for line in order.estimate.lines}
    act = {line.code: line.amount for line in order.actual.lines}
    zero = Decimal("0.00")
    return [(code, est.get(code, zero), act.get(code, zero), act.get(code, zero) - est.get(code, zero))
            for code in LINE_CODES if code in est or code in act]


@logged_in
def page(session: Session, flt: OrderFilter = ALL_ORDERS, sort="created", descending=True,
         limit=100, offset=0):
    limit = max(1, min(int(limit), 1000))
    return orders_db.page(session.db, checked_filter(flt), sort, descending, limit, max(0, int(offset)))


@logged_in
def count(session: Session, flt: OrderFilter = ALL_ORDERS) -> int:
    return orders_db.count(session.db, checked_filter(flt))


@logged_in
def managers(session: Session):
    """(user id, name) for the orders list's manager filter; equal names get the login added."""
    rows = users_db.names(session.db)
    times = {}
    for _uid, name, _login in rows:
        times[name] = times.get(name, 0) + 1
    return [(uid, name if times[name] == 1 else "{} ({})".format(name, login))
            for uid, name, login in rows]


@logged_in
def status_history(session: Session, order_id):
    return orders_db.status_log(session.db, order_id)
