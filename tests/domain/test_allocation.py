"""Allocation arithmetic to the tiyn: oldest first, chosen invoices, advances, reversals, ageing."""
from datetime import date

import pytest

from app.domain.allocation import (
    OpenInvoice,
    allocate,
    bucket_edges,
    bucket_of,
    counter_entries,
    due_date,
)
from app.domain.errors import ValidationError

OPEN = [OpenInvoice(3, "2026-03-10", 5000), OpenInvoice(1, "2026-02-01", 10001),
        OpenInvoice(2, "2026-02-01", 333)]


def test_oldest_due_first_then_lower_id_and_a_part_payment():
    split = allocate(10200, OPEN)
    assert split.allocations == ((1, 10001), (2, 199))
    assert split.advance_tiyn == 0


def test_one_payment_for_several_invoices_and_the_rest_is_an_advance():
    split = allocate(20000, OPEN)
    assert split.allocations == ((1, 10001), (2, 333), (3, 5000))
    assert split.advance_tiyn == 20000 - 15334
    assert sum(t for _, t in split.allocations) + split.advance_tiyn == 20000


def test_nothing_open_is_all_advance():
    assert allocate(1, []).allocations == () and allocate(1, []).advance_tiyn == 1


def test_chosen_invoices_and_their_limits():
    split = allocate(6000, OPEN, {3: 5000, 2: 1})
    assert split.allocations == ((3, 5000), (2, 1)) and split.advance_tiyn == 999
    for wanted in ({3: 5001}, {9: 1}, {3: 0}):
        with pytest.raises(ValidationError):
            allocate(6000, OPEN, wanted)
    with pytest.raises(ValidationError):
        allocate(100, OPEN, {3: 101})
    with pytest.raises(ValidationError):
        allocate(0, OPEN)


def test_counter_entries_undo_to_the_tiyn():
    allocations = allocate(10200, OPEN).allocations
    assert counter_entries(allocations) == [(1, -10001), (2, -199)]
    assert sum(t for _, t in allocations + tuple(counter_entries(allocations))) == 0


@pytest.mark.parametrize("due, as_of, bucket", [
    ("2026-01-31", date(2026, 1, 30), None),
    ("2026-01-31", date(2026, 1, 31), "d0_30"),
    ("2026-01-31", date(2026, 3, 2), "d0_30"),      # 30 days, across February
    ("2026-01-31", date(2026, 3, 3), "d31_60"),
    ("2026-01-31", date(2026, 4, 1), "d31_60"),     # 60
    ("2026-01-31", date(2026, 4, 2), "d61_90"),
    ("2026-01-31", date(2026, 5, 1), "d61_90"),     # 90
    ("2026-01-31", date(2026, 5, 2), "d90_plus"),
    ("2024-02-29", date(2024, 3, 31), "d31_60"),    # leap year: 31 days
])
def test_buckets_at_month_ends(due, as_of, bucket):
    assert bucket_of(due, as_of) == bucket


def test_edges_agree_with_buckets():
    as_of, term = date(2026, 3, 31), 10
    edges = bucket_edges(as_of, term)
    for invoice_day in ("2026-03-21", "2026-03-22", "2026-02-19", "2026-02-18", "2025-12-21"):
        due = due_date(invoice_day, term)
        expected = bucket_of(due, as_of)
        level = sum(1 for e in edges if invoice_day <= e)
        names = [None, "d0_30", "d31_60", "d61_90", "d90_plus"]
        assert names[level] == expected, invoice_day
