"""VAT rules as data: rate histories by category, a category per product type.

The rate follows the turnover date (the day the work is handed over): a history of rates with
the day each takes effect (12 % up to 31.12.2025, 16 % from 01.01.2026; shared/docs/kz-closing.md).
Exempt products carry no VAT; a shop that is not a VAT payer charges none at all.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Optional

from app.domain.errors import ValidationError

VAT_CATEGORIES = ("standard", "reduced", "exempt")
ZERO_PCT = Decimal(0)


@dataclass(frozen=True)
class VatRate:
    category: str  # standard | reduced (exempt has no rate)
    valid_from: date
    pct: Decimal


def as_day(value) -> date:
    """A date from a date, a datetime or 'YYYY-MM-DD[ hh:mm:ss]' text."""
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    return date.fromisoformat(str(value)[:10])


def rate_on(rates: Iterable[VatRate], category, day) -> Optional[Decimal]:
    """The category's rate in force on `day` (None when its history starts later)."""
    if category == "exempt":
        return ZERO_PCT
    day = as_day(day)
    best = None
    for r in rates:
        if r.category == category and r.valid_from <= day and (
                best is None or r.valid_from > best.valid_from):
            best = r
    return None if best is None else best.pct


def vat_pct(settings, rates, product_type, day) -> Decimal:
    """The VAT % of a product type turned over on `day` under these settings and rates."""
    if not settings.vat_payer:
        return ZERO_PCT
    category = settings.vat_category(product_type)
    pct = rate_on(rates, category, day)
    if pct is None:
        raise ValidationError("error.vat.no_rate", "vat_rates", category=category,
                              day=as_day(day).strftime("%d.%m.%Y"))
    return pct
