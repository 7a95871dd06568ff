"""Monthly indirect costs and their allocation over the orders made in that month.

The month's real indirect costs replace the norm overhead % of each order finished that month,
in proportion to its direct cost (actual where recorded, else the estimate's). Shares are in
whole tiyn and add up to the month's amount exactly (largest remainder).
"""
import re
from decimal import Decimal

from app.domain import inputs, text
from app.domain.errors import ValidationError
from app.domain.money import from_tiyn, to_tiyn
from app.domain.records import Actual
from app.services.session import Session, admin_only
from app.storage import audit
from app.storage import indirect as indirect_db
from app.storage import orders as orders_db

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(month):
    if isinstance(month, str):
        month = text.clean(month, "month", 32)
    if not isinstance(month, str) or not MONTH_RE.match(month):
        raise ValidationError("error.field.month", "month")
    return month.strip()


def split(total_tiyn: int, weights) -> list:
    """Whole-tiyn shares of total in proportion to weights, summing to total exactly."""
    weights = [max(int(w), 0) for w in weights]
    base = sum(weights)
    if not weights:
        return []
    if base == 0:
        weights = [1] * len(weights)
        base = len(weights)
    shares = [total_tiyn * w // base for w in weights]
    rest = total_tiyn - sum(shares)
    # the largest remainders get the leftover tiyn; ties go to the earlier order
    order = sorted(range(len(weights)), key=lambda i: (-(total_tiyn * weights[i] % base), i))
    for i in order[:rest]:
        shares[i] += 1
    return shares


@admin_only
def set_month(session: Session, month, amount, note=""):
    month = _month(month)
    value = inputs.number(amount, "amount", 0, 10 ** 11, places=2)
    note = text.clean(note, "notes", text.LINE)
    with session.db.atomic():
        old = indirect_db.get_month(session.db, month)
        indirect_db.set_month(session.db, month, to_tiyn(value), note)
        audit.write(session.db, session.user, "indirect.set", "month", month,
                    {"from": str(from_tiyn(old["amount_tiyn"])) if old else None, "to": str(value)})


@admin_only
def allocate(session: Session, month) -> int:
    """Spread the month's indirect costs; returns how many orders got a share."""
    month = _month(month)
    db = session.db
    with db.atomic():
        row = indirect_db.get_month(db, month)
        if row is None:
            raise ValidationError("error.indirect.no_amount", "month", month=month)
        orders = orders_db.finished_in_month(db, month)
        shares = split(row["amount_tiyn"], [o["direct_tiyn"] for o in orders])
        for o, share in zip(orders, shares):
            if o["act_direct_tiyn"] is None:
                # not measured on the floor: its actual direct cost is taken as estimated
                order = orders_db.get(db, o["id"])
                est = order.estimate
                actual = Actual(est.direct, from_tiyn(share), est.direct + from_tiyn(share),
                                Decimal(0), Decimal(0), est.lines, {"as_estimated": True}, True,
                                est.materials)
                orders_db.set_actual(db, o["id"], order.version, actual)
            else:
                orders_db.set_allocated_overhead(db, o["id"], share)
        indirect_db.mark_allocated(db, month, len(orders))
        audit.write(db, session.user, "indirect.allocate", "month", month,
                    {"amount": str(from_tiyn(row["amount_tiyn"])), "orders": len(orders)})
    return len(orders)


@admin_only
def months(session: Session):
    return indirect_db.list_months(session.db)
