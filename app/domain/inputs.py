"""One check for every number and day a person types: the screens, the services and the spec
parser all refuse the same way, with the same message keys, naming the field."""
import re
from datetime import date, datetime
from decimal import Decimal

from app.domain import text
from app.domain.errors import ValidationError
from app.domain.money import parse_decimal

CENT = Decimal("0.01")
# digits as a person types them (spaces between thousands, one comma or dot): a number
# too long to read is out of the range, not "not a number" (issue 17.6)
_NUMERAL = re.compile(r"[+-]?\d+([.,]\d+)?")


def too_big_numeral(value) -> bool:
    """True for text that is a plain number, only too long for parse_decimal."""
    if not isinstance(value, str):
        return False
    s = value.strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    return len(s) <= 200 and _NUMERAL.fullmatch(s) is not None


class BoxError(ValidationError):
    """One of several boxes of one field is wrong (the offer's extra quantities): the message
    says which box, counted from 1."""

    frame = "error.frame.box"

    def __init__(self, box, inner: ValidationError):
        super().__init__(inner.key, inner.field, **inner.params)
        self.params["box"] = box
        self.box = box


def number(value, field, low, high, integer=False, places=None,
           places_key="error.field.out_of_range"):
    """A Decimal (an int with `integer`) within [low, high], or a ValidationError on `field`.

    `places`: the most digits after the comma (2 for money); more gives `places_key`."""
    try:
        value = parse_decimal(value)  # refuses booleans, NaN, infinities, text, absurd sizes
    except ValueError:
        if too_big_numeral(value):
            raise ValidationError("error.field.out_of_range", field, low=low, high=high) from None
        raise ValidationError("error.field.not_number", field) from None
    if integer and value != value.to_integral_value():
        raise ValidationError("error.field.not_integer", field)
    if value < low or value > high:
        raise ValidationError("error.field.out_of_range", field, low=low, high=high)
    if places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(places_key, field, low=low, high=high)
    return int(value) if integer else value


def day(value, field, required=False):
    """A day typed as YYYY-MM-DD (dates and datetimes pass as they are), None when nothing is
    given, or a ValidationError on `field` ("error.field.required" when `required`).

    Text is not stripped here: the screens strip what is typed, the services refuse blanks."""
    if value is None or value == "":
        if required:
            raise ValidationError("error.field.required", field)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        value = text.clean(value, field, 32)  # the one text rule: no control characters
    try:
        return datetime.strptime(str(value).strip(), "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError("error.field.date", field) from None
