"""One check for every number and day a person types: the screens, the services and the spec
parser all refuse the same way, with the same message keys, naming the field."""
from datetime import date, datetime
from decimal import Decimal

from app.domain import text
from app.domain.errors import ValidationError
from app.domain.money import parse_decimal

CENT = Decimal("0.01")


def number(value, field, low, high, integer=False, places=None,
           places_key="error.field.out_of_range"):
    """A Decimal (an int with `integer`) within [low, high], or a ValidationError on `field`.

    `places`: the most digits after the comma (2 for money); more gives `places_key`."""
    try:
        value = parse_decimal(value)  # refuses booleans, NaN, infinities, text, absurd sizes
    except ValueError:
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
