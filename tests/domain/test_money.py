"""Money: Decimal in tenge, rounded half-up to the tiyn, stored as integer tiyn."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.money import ceil_to_step, from_tiyn, parse_decimal, q2, to_tiyn


@pytest.mark.parametrize("value, rounded", [
    ("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("-2.675", "-2.68"),
    ("2466.6666", "2466.67"), (1, "1.00"),
])
def test_half_up_to_the_tiyn(value, rounded):
    assert str(q2(Decimal(value) if isinstance(value, str) else value)) == rounded


@pytest.mark.parametrize("value, step, up", [
    ("23086", "10", "23090.00"), ("23090", "10", "23090.00"), ("23090.01", "10", "23100.00"),
    ("32431.509", "10", "32440.00"), ("1.001", "0", "1.01"), ("99", "100", "100.00"),
])
def test_price_rounds_up_to_the_step(value, step, up):
    assert str(ceil_to_step(Decimal(value), Decimal(step))) == up


@given(st.integers(min_value=-10 ** 14, max_value=10 ** 14))
def test_tiyn_round_trip(tiyn):
    assert to_tiyn(from_tiyn(tiyn)) == tiyn


@pytest.mark.parametrize("typed, value", [
    ("1 234,50", "1234.50"), ("1\u00a0234.5", "1234.5"), (" 7 ", "7"), ("26 784,40 ₸", "26784.40"),
    (5, "5"), (2.5, "2.5"),
])
def test_parse_what_people_type(typed, value):
    assert parse_decimal(typed) == Decimal(value)


@pytest.mark.parametrize("bad", ["", "abc", "1,2,3", "NaN", "inf", "1e999999999", True, None, [1],
                                 float("nan"), float("inf"), 10 ** 20, "9" * 50,
                                 "9.99999999999999999999999999999e14"])
def test_parse_refuses_what_is_not_a_sane_number(bad):
    with pytest.raises(ValueError):
        parse_decimal(bad)
