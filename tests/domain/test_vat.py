"""VAT rules as data: the rate of the turnover date, per category, none for non-payers."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from app.domain.catalog import Settings
from app.domain.errors import ValidationError
from app.domain.vat import VatRate, rate_on, vat_pct

RATES = (VatRate("standard", date(2009, 1, 1), Decimal("12")),
         VatRate("standard", date(2026, 1, 1), Decimal("16")),
         VatRate("reduced", date(2026, 1, 1), Decimal("10")))


@pytest.mark.parametrize("day, pct", [("2025-12-31", "12"), ("2025-12-31 23:59:59", "12"),
                                      ("2026-01-01", "16"), (date(2026, 1, 1), "16"),
                                      (datetime(2030, 5, 1, 9, 0), "16"), ("2009-01-01", "12")])
def test_the_standard_rate_follows_the_turnover_date(day, pct):
    assert rate_on(RATES, "standard", day) == Decimal(pct)


def test_categories_and_payer():
    s = Settings(vat_journal="reduced", vat_label="exempt")
    assert vat_pct(s, RATES, "printing", "2026-03-01") == 16
    assert vat_pct(s, RATES, "journal", "2026-03-01") == 10
    assert vat_pct(s, RATES, "label", "2026-03-01") == 0
    assert vat_pct(Settings(vat_payer=False), RATES, "printing", "2026-03-01") == 0


def test_a_day_before_the_history_is_named():
    with pytest.raises(ValidationError) as info:
        vat_pct(Settings(vat_journal="reduced"), RATES, "journal", "2025-06-30")
    assert info.value.key == "error.vat.no_rate" and info.value.field == "vat_rates"
    assert info.value.params["day"] == "30.06.2025"
