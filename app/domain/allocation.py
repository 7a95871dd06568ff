"""Allocating money to invoices and ageing what is owed: pure arithmetic in integer tiyn.

A payment covers the open invoices oldest due date first (then the lower id) unless the
caller names the invoices and amounts; what is left is an advance on the customer's account.
Tiyn are integers, so every split adds up exactly to the payment."""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from app.domain.errors import ValidationError

METHODS = ("bank", "kaspi", "card", "cash")
# days after the invoice date when payment is due, unless the shop sets its own
DEFAULT_TERM_DAYS = 10
# ageing buckets: days past the due date, the last one open-ended
BUCKETS = ((0, 30), (31, 60), (61, 90), (91, None))
BUCKET_NAMES = ("d0_30", "d31_60", "d61_90", "d90_plus")


@dataclass(frozen=True)
class OpenInvoice:
    invoice_id: int
    due: str          # YYYY-MM-DD
    owed_tiyn: int    # the invoice total less what is allocated to it already


@dataclass(frozen=True)
class Split:
    allocations: Tuple[Tuple[int, int], ...]  # (invoice_id, tiyn)
    advance_tiyn: int                          # the rest, kept on the customer's account


def allocate(amount_tiyn: int, open_invoices: Sequence[OpenInvoice],
             wanted: Optional[Dict[int, int]] = None) -> Split:
    """Split amount_tiyn over the open invoices.

    wanted: {invoice_id: tiyn} when a person says where the money goes; each must be an open
    invoice, positive, not above what it owes, and the sum not above the payment."""
    if amount_tiyn <= 0:
        raise ValidationError("error.payment.amount", "amount")
    if wanted:
        owed = {inv.invoice_id: inv.owed_tiyn for inv in open_invoices}
        out, total = [], 0
        for invoice_id, tiyn in wanted.items():
            if invoice_id not in owed:
                raise ValidationError("error.payment.invoice_not_open", "invoice",
                                      invoice=invoice_id)
            if tiyn <= 0 or tiyn > owed[invoice_id]:
                raise ValidationError("error.payment.over_invoice", "amount",
                                      invoice=invoice_id)
            out.append((invoice_id, int(tiyn)))
            total += tiyn
        if total > amount_tiyn:
            raise ValidationError("error.payment.over_payment", "amount")
        return Split(tuple(out), amount_tiyn - total)
    rest, out = amount_tiyn, []
    for inv in sorted(open_invoices, key=lambda i: (i.due, i.invoice_id)):
        if rest == 0:
            break
        if inv.owed_tiyn <= 0:
            continue
        part = min(rest, inv.owed_tiyn)
        out.append((inv.invoice_id, part))
        rest -= part
    return Split(tuple(out), rest)


def counter_entries(allocations: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """The allocations that undo these: every (invoice, tiyn) with the sign turned."""
    return [(invoice_id, -tiyn) for invoice_id, tiyn in allocations if tiyn]


def due_date(invoice_date: str, term_days: int) -> str:
    return (date.fromisoformat(invoice_date[:10]) + timedelta(days=int(term_days))).isoformat()


def bucket_of(due: str, as_of: date) -> Optional[str]:
    """The bucket of an invoice due on `due` seen on `as_of`; None when not yet due."""
    days = (as_of - date.fromisoformat(due[:10])).days
    if days < 0:
        return None
    for (_low, high), name in zip(BUCKETS, BUCKET_NAMES):
        if high is None or days <= high:
            return name
    return BUCKET_NAMES[-1]  # pragma: no cover (the last bucket is open-ended)


def bucket_edges(as_of: date, term_days: int) -> List[str]:
    """Invoice dates (YYYY-MM-DD) where the buckets start, newest first, for a query:
    an invoice dated after edges[0] is not due yet; on or before edges[i] it is at least in
    bucket i. Seen from the invoice date, since the due date is the date plus the term."""
    return [(as_of - timedelta(days=low + int(term_days))).isoformat() for low, _ in BUCKETS]
