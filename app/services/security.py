"""Security settings: idle auto-logout after a time the administrator sets.

The screens ask `idle_logout_minutes(db)` at login and log the person out after that many
minutes without a key press or a click (0 = never). Kept in the settings table, so every
window and every PC that opens the file follows the same rule.
"""
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.money import parse_decimal
from app.services.session import Session, admin_only
from app.storage import audit
from app.storage import catalog as catalog_db
from app.storage.db import Database

IDLE_KEY = "idle_logout_minutes"
DEFAULT_IDLE_MINUTES = 30
MAX_IDLE_MINUTES = 480  # a working day


def idle_logout_minutes(db: Database) -> int:
    """Minutes without activity before the app logs out; 0 means never."""
    value = catalog_db.get_setting(db, IDLE_KEY)
    if value is None:
        return DEFAULT_IDLE_MINUTES
    try:
        minutes = int(value)
    except (TypeError, ValueError):  # a hand-edited file: the safe default, not a crash
        return DEFAULT_IDLE_MINUTES
    if minutes < 0 or minutes > MAX_IDLE_MINUTES:
        return DEFAULT_IDLE_MINUTES
    return minutes


def _minutes(value) -> int:
    if value is None or value == "" or isinstance(value, bool):
        raise ValidationError("error.field.required" if value in (None, "") else
                              "error.field.not_integer", IDLE_KEY)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or value != int(value):
            raise ValidationError("error.field.not_integer", IDLE_KEY)
        number = Decimal(int(value))
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, (Decimal, str)):
        try:
            number = parse_decimal(value)
        except (ValueError, ArithmeticError):
            raise ValidationError("error.field.not_integer", IDLE_KEY) from None
        if not number.is_finite():
            raise ValidationError("error.field.not_integer", IDLE_KEY)
    else:
        raise ValidationError("error.field.not_integer", IDLE_KEY)
    # range before int(): "1e999999999" must not become a billion-digit integer
    if number < 0 or number > MAX_IDLE_MINUTES:
        raise ValidationError("error.field.out_of_range", IDLE_KEY, low=0, high=MAX_IDLE_MINUTES)
    if number != number.to_integral_value():
        raise ValidationError("error.field.not_integer", IDLE_KEY)
    return int(number)


@admin_only
def set_idle_logout_minutes(session: Session, minutes) -> int:
    """0 (off) or 1..480 minutes; audited with the old and the new value."""
    minutes = _minutes(minutes)
    db = session.db
    with db.atomic():
        old = idle_logout_minutes(db)
        catalog_db.set_setting(db, IDLE_KEY, minutes)
        audit.write(db, session.user, "security.idle_logout", "settings", IDLE_KEY,
                    {"from": old, "to": minutes})
    return minutes


def is_idle_too_long(db: Database, idle_seconds) -> bool:
    """True when a window idle for `idle_seconds` must log out now."""
    minutes = idle_logout_minutes(db)
    return minutes > 0 and idle_seconds >= minutes * 60
