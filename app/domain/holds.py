"""Customers on hold: the rule that says a customer's overdue debt is past the limit.

A limit is an amount of overdue debt (tiyn) and/or a number of days past the due date of the
oldest overdue invoice; None means no such limit. Past it means above it: a debt of exactly the
limit, or exactly the days, is still allowed (the limit is what the shop tolerates)."""
from dataclasses import dataclass
from datetime import date
from typing import Optional, Sequence, Tuple


@dataclass(frozen=True)
class Limits:
    amount_tiyn: Optional[int] = None
    days: Optional[int] = None

    @property
    def empty(self) -> bool:
        return self.amount_tiyn is None and self.days is None


@dataclass(frozen=True)
class Verdict:
    overdue_tiyn: int      # owed on invoices past their due date
    oldest_days: int       # days past due of the oldest of them (0: nothing overdue)
    limits: Limits
    reasons: Tuple[str, ...]  # "amount", "days": which limits are passed

    @property
    def on_hold(self) -> bool:
        return bool(self.reasons)


def effective(own: Limits, shop: Limits) -> Limits:
    """The customer's own limit where set, else the shop's, each part on its own."""
    return Limits(own.amount_tiyn if own.amount_tiyn is not None else shop.amount_tiyn,
                  own.days if own.days is not None else shop.days)


def judge(items: Sequence[Tuple[str, int]], as_of: date, limits: Limits) -> Verdict:
    """items: (due date YYYY-MM-DD, owed tiyn) of the customer's open invoices."""
    overdue, oldest = 0, 0
    for due, owed in items:
        late = (as_of - date.fromisoformat(due)).days
        if late > 0 and owed > 0:
            overdue += owed
            oldest = max(oldest, late)
    reasons = []
    if limits.amount_tiyn is not None and overdue > limits.amount_tiyn:
        reasons.append("amount")
    if limits.days is not None and overdue > 0 and oldest > limits.days:
        reasons.append("days")
    return Verdict(overdue, oldest, limits, tuple(reasons))
