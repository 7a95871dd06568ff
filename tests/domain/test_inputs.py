"""The one check for typed days (the screens and the services share it)."""
from datetime import date, datetime

import pytest

from app.domain.errors import ValidationError
from app.domain.inputs import day


def test_days_as_typed_and_as_objects():
    assert day("2026-11-27", "date_from") == date(2026, 11, 27)
    assert day(" 2026-02-28 ", "date_from") == date(2026, 2, 28)
    assert day(date(2026, 1, 2), "date_from") == date(2026, 1, 2)
    assert day(datetime(2026, 1, 2, 15, 30), "date_from") == date(2026, 1, 2)


def test_nothing_given_is_none_unless_required():
    assert day(None, "date_to") is None and day("", "date_to") is None
    with pytest.raises(ValidationError) as e:
        day("", "date", required=True)
    assert (e.value.key, e.value.field) == ("error.field.required", "date")


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "27.11.2026", "   ", "x"])
def test_anything_else_names_the_field(text):
    with pytest.raises(ValidationError) as e:
        day(text, "date_to")
    assert (e.value.key, e.value.field) == ("error.field.date", "date_to")
