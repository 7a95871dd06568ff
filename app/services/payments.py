"""Money in: record a payment, allocate it to invoices, reverse it by a counter-entry.

Nothing is edited in place. An order whose invoice is fully covered moves to "paid" through
the orders service's own status change (checked move, status log, stock, audit); a part-paid
order stays where it is and its open item says what is still owed."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Dict, List, Optional

from app.domain import inputs, text
from app.domain.allocation import (
    BUCKET_NAMES,
    METHODS,
    OpenInvoice,
    allocate,
    bucket_edges,
    counter_entries,
    due_date,
)
from app.domain.errors import Conflict, NotFound, ValidationError
from app.domain.money import from_tiyn, to_tiyn
from app.services import orders as orders_service
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import customers as customers_db
from app.storage import payments as payments_db

MAX_PAYMENT = Decimal("999999999999.99")


term_days = payments_db.term_days  # the days to pay after the invoice date (a setting)


def _item(row, term) -> Dict:
    owed = row["total_tiyn"] - row["paid_tiyn"]
    return {"invoice_id": row["invoice_id"], "number": row["number"],
            "order_id": row["order_id"], "order_number": row["order_number"],
            "status": row["status"], "invoice_date": row["invoice_date"][:10],
            "due": due_date(row["invoice_date"], term), "total": from_tiyn(row["total_tiyn"]),
            "paid": from_tiyn(row["paid_tiyn"]), "owed": from_tiyn(owed), "owed_tiyn": owed,
            "version": row["version"]}


def open_invoices_of(db, customer_id, invoice_ids=None) -> List[Dict]:
    """What is owed, invoice by invoice (of the invoices given, or of all the customer's)."""
    term = term_days(db)
    return [_item(r, term) for r in payments_db.open_items(
        db, customer_id, invoice_ids=invoice_ids, owed_only=True)]


@logged_in
def open_invoices(session: Session, customer_id) -> List[Dict]:
    """What the customer owes, invoice by invoice, the oldest due first."""
    return open_invoices_of(session.db, customer_id)


@logged_in
def owed_for_order(session: Session, order_id) -> Optional[Dict]:
    """The order's open item (its latest invoice: total, paid, owed), None with no invoice."""
    rows = payments_db.open_items(session.db, order_id=order_id)
    return _item(rows[0], term_days(session.db)) if rows else None


def _amount(value) -> int:
    amount = inputs.number(value, "amount", Decimal("0.01"), MAX_PAYMENT, places=2,
                           places_key="error.field.money_places")
    return to_tiyn(amount)


def _wanted(wanted) -> Optional[Dict[int, int]]:
    if not wanted:
        return None
    return {int(k): _amount(v) for k, v in wanted.items()}


def _settle(session: Session, opened: List[Dict], allocations, at):
    """Orders whose invoice the allocations cover now, and that are delivered, move to paid.
    `opened`: the open items as they were before these allocations (one per order)."""
    given = dict(allocations)
    for item in opened:
        tiyn = given.get(item["invoice_id"])
        if tiyn and item["owed_tiyn"] - tiyn <= 0 and item["status"] == "delivered":
            orders_service.paid_by_ledger(session, item["order_id"], item["version"], at)


def write_payment(session: Session, customer_id, amount_tiyn, day, method, reference,
                  wanted_tiyn=None, bank_key=None, items=None) -> int:
    """Record and allocate inside the caller's transaction (the import shares it).
    items: the open items of the wanted invoices as they stand now, when the caller has them
    (a statement reads them all at once)."""
    db = session.db
    if items is None:
        items = open_invoices_of(db, customer_id, list(wanted_tiyn or ()) or None)
    split = allocate(amount_tiyn, [OpenInvoice(i["invoice_id"], i["due"], i["owed_tiyn"])
                                   for i in items], wanted_tiyn)
    now = session.now()
    payment_id = payments_db.add_payment(db, day, amount_tiyn, method, customer_id, reference,
                                         now, session.user.id, bank_key)
    payments_db.add_allocations(db, payment_id, split.allocations)
    audit.write(db, session.user, "payment.record", "payment", payment_id,
                {"amount": str(from_tiyn(amount_tiyn)), "method": method,
                 "customer": customer_id, "reference": reference,
                 "allocated": {str(k): str(from_tiyn(v)) for k, v in split.allocations},
                 "advance": str(from_tiyn(split.advance_tiyn))})
    _settle(session, items, split.allocations, day + " 00:00:00" if len(day) == 10 else day)
    return payment_id


def _customer(db, customer_id):
    if customers_db.get(db, customer_id) is None:
        raise NotFound("error.not_found.customer", "customer")


@logged_in
def record(session: Session, customer_id, amount, day=None, method="bank", reference="",
           allocations=None) -> Dict:
    """A payment received: allocated to the invoices given ({invoice_id: amount}) or to the
    oldest open ones; what is left stays as the customer's advance."""
    db = session.db
    amount_tiyn = _amount(amount)
    if method not in METHODS:
        raise ValidationError("error.payment.method", "method")
    when = inputs.day(day, "date") or date.fromisoformat(session.now()[:10])
    reference = text.clean(reference, "reference", text.LINE)
    wanted = _wanted(allocations)
    with db.atomic():
        _customer(db, customer_id)
        payment_id = write_payment(session, customer_id, amount_tiyn, when.isoformat(), method,
                                   reference, wanted)
    return get(session, payment_id)


def _live(db, payment_id):
    """A payment that is neither reversed nor a reversal itself."""
    row = payments_db.get(db, payment_id)
    if row is None:
        raise NotFound("error.not_found.payment", "payment")
    if row["reverses_id"] is not None or row["reversed_by"] is not None:
        raise Conflict("error.payment.reversed", "payment")
    return row


@logged_in
def allocate_advance(session: Session, payment_id, allocations=None) -> Dict:
    """Allocate what a payment still holds (an advance) to open invoices."""
    db = session.db
    wanted = _wanted(allocations)
    with db.atomic():
        row = _live(db, payment_id)
        rest = row["amount_tiyn"] - row["allocated_tiyn"]
        if rest <= 0:
            raise ValidationError("error.payment.nothing_left", "payment")
        items = open_invoices_of(db, row["customer_id"])
        split = allocate(rest, [OpenInvoice(i["invoice_id"], i["due"], i["owed_tiyn"])
                                for i in items], wanted)
        payments_db.add_allocations(db, payment_id, split.allocations)
        audit.write(db, session.user, "payment.allocate", "payment", payment_id,
                    {"allocated": {str(k): str(from_tiyn(v)) for k, v in split.allocations}})
        _settle(session, items, split.allocations, session.now())
    return get(session, payment_id)


@admin_only
def reverse(session: Session, payment_id, reason="") -> Dict:
    """Undo a payment by a counter-entry: a negative payment and negative allocations.
    An order already moved to paid stays paid (a paid order has no way back); its debt
    shows again in the receivables."""
    db = session.db
    reason = text.clean(reason, "reason", text.LINE, required=True)
    with db.atomic():
        row = _live(db, payment_id)
        counter = payments_db.add_payment(
            db, session.now()[:10], -row["amount_tiyn"], row["method"], row["customer_id"],
            reason, session.now(), session.user.id, reverses_id=payment_id)
        payments_db.add_allocations(db, counter, counter_entries(
            payments_db.allocations_of(db, payment_id)))
        audit.write(db, session.user, "payment.reverse", "payment", payment_id,
                    {"counter": counter, "amount": str(from_tiyn(row["amount_tiyn"])),
                     "reason": reason})
    return get(session, counter)


def _payment(row) -> Dict:
    out = dict(row)
    out["amount"] = from_tiyn(out.pop("amount_tiyn"))
    out["allocated"] = from_tiyn(out.pop("allocated_tiyn"))
    out["unallocated"] = out["amount"] - out["allocated"]
    return out


@logged_in
def get(session: Session, payment_id) -> Dict:
    row = payments_db.get(session.db, payment_id)
    if row is None:
        raise NotFound("error.not_found.payment", "payment")
    out = _payment(row)
    out["allocations"] = [(k, from_tiyn(v)) for k, v in payments_db.allocations_of(
        session.db, payment_id)]
    return out


@logged_in
def of_customer(session: Session, customer_id, limit=200) -> List[Dict]:
    """The customer card's payments, newest first, with what each still holds."""
    return [_payment(r) for r in payments_db.for_customer(session.db, customer_id, limit)]


@logged_in
def advance(session: Session, customer_id) -> Decimal:
    return from_tiyn(payments_db.advance_tiyn(session.db, customer_id))


# ------------------------------------------------------------------ receivables with ageing

@dataclass(frozen=True)
class Ageing:
    as_of: date
    rows: tuple    # per customer: name, bin, not_due, d0_30 … d90_plus, total, advance (Decimal)
    totals: dict


def ageing_of(db, as_of: date) -> Ageing:
    rows = payments_db.ageing(db, bucket_edges(as_of, term_days(db)))
    keys = ("not_due",) + BUCKET_NAMES + ("advance",)
    out, totals = [], {k: 0 for k in keys + ("total",)}
    for r in sorted(rows, key=lambda r: (r["name"].casefold(), r["customer_id"])):
        total = sum(r[k] for k in ("not_due",) + BUCKET_NAMES)
        row = {"customer_id": r["customer_id"], "name": r["name"], "bin": r["bin"] or "",
               "invoices": r["invoices"], "total": from_tiyn(total)}
        for k in keys:
            row[k] = from_tiyn(r[k])
            totals[k] += r[k]
        totals["total"] += total
        out.append(row)
    return Ageing(as_of, tuple(out), {k: from_tiyn(v) for k, v in totals.items()})


@logged_in
def ageing(session: Session, as_of=None) -> Ageing:
    """Receivables by customer in buckets of days past the due date, as of a day; advances
    apart (never netted against the debt: the accountant decides where they go)."""
    day = inputs.day(as_of, "date") or date.fromisoformat(session.now()[:10])
    return ageing_of(session.db, day)
