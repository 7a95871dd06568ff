"""One check for every number a person types: the screens, the services and the spec parser
all refuse the same way, with the same message keys, naming the field."""
from decimal import Decimal

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
        raise ValidationError("error.field.not_number", field)
    if integer and value != value.to_integral_value():
        raise ValidationError("error.field.not_integer", field)
    if value < low or value > high:
        raise ValidationError("error.field.out_of_range", field, low=low, high=high)
    if places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(places_key, field, low=low, high=high)
    return int(value) if integer else value
