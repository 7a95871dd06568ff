"""Money helpers: tenge as Decimal in the code, integer tiyn in the database.

Every cost line is rounded to 0.01 half-up the moment it is computed (costing-model.md),
so these helpers are the only place that rounds.
"""
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def D(value) -> Decimal:
    """Decimal from int, str or Decimal; floats go through str() so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def q2(value) -> Decimal:
    """Round to tiyn, half-up."""
    return D(value).quantize(CENT, rounding=ROUND_HALF_UP)


def ceil_to_step(value: Decimal, step: Decimal) -> Decimal:
    """Round UP to a multiple of the price step (a step of 0 means no rounding)."""
    value = D(value)
    step = D(step)
    if step <= 0:
        return q2(value.quantize(CENT, rounding=ROUND_CEILING))
    units = (value / step).to_integral_value(rounding=ROUND_CEILING)
    return q2(units * step)


def to_tiyn(amount) -> int:
    """Tenge (Decimal) -> integer tiyn for storage."""
    return int(q2(amount) * 100)


def from_tiyn(tiyn) -> Decimal:
    """Integer tiyn from storage -> tenge Decimal with two places."""
    if tiyn is None:
        return None
    return q2(Decimal(int(tiyn)) / 100)


def money_str(amount) -> str:
    """Machine form for JSON: '1234.50'."""
    return str(q2(amount))


def parse_decimal(text) -> Decimal:
    """Decimal from what a person types: spaces as thousands separators, comma or dot.

    Raises ValueError (callers turn it into a field error) for anything that is not a finite
    number of reasonable size: NaN, infinities, 1e999999, booleans, lists…"""
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, (int, Decimal, float)):
        try:
            value = D(text)
        except (InvalidOperation, ValueError, OverflowError):
            raise ValueError(text) from None
    elif isinstance(text, str):
        s = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
        s = s.replace("₸", "").replace(",", ".")
        if not s or len(s) > 40:
            raise ValueError("empty or too long")
        try:
            value = Decimal(s)
        except InvalidOperation:
            raise ValueError(s) from None
    else:
        raise ValueError(type(text).__name__)
    if not value.is_finite():
        raise ValueError(str(value))
    # more digits than anyone types, and rounding it to the tiyn would exceed the precision
    if len(value.as_tuple().digits) > 20:
        raise ValueError(str(value))
    # compare exponents, not values: arithmetic on 1e999999999 itself would overflow
    if not value.is_zero():
        if value.adjusted() >= 15:
            raise ValueError(str(value))
        if value.adjusted() < -30:
            return Decimal(0)  # 1e-999: as good as zero, and keeps quantize() safe
    return value
