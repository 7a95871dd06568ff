"""Bugs the hostile-input tests found in other parts' files: input of the wrong type (a number
for a note, a string for a mapping, a signalling NaN for yes/no) crashed a service with
AttributeError, TypeError or InvalidOperation instead of a field error. All are fixed; each
test's docstring says where the crash was and what the code does now, and the test keeps it
from coming back."""
from decimal import Decimal

import pytest

from app.domain.errors import DomainError
from app.domain.job import JobSpec
from app.services import auth, costs, orders
from tests.costing.specs import CARDS, LABELS
from tests.reliability.conftest import fingerprint


def _refused(db, call, field):
    before = fingerprint(db)
    with pytest.raises(DomainError) as err:
        call()
    assert err.value.field == field
    assert fingerprint(db) == before
    return err.value


def test_order_notes_that_are_not_text(db, manager, customer):
    """app/services/orders.py _notes(): `(notes or "").strip()` -> AttributeError on 5.
    Fixed: None -> ""; not a str -> ValidationError("error.field.not_text", "notes")."""
    for notes in (5, 1.5, ["a"], {"a": 1}):
        _refused(db, lambda notes=notes: orders.create(manager, CARDS, customer.id, notes=notes), "notes")


def test_actual_minutes_that_are_not_a_mapping(db, admin, customer):
    """app/services/orders.py _usage(): `(data.get("minutes") or {}).items()` ->
    AttributeError on a string or a list. Fixed: a non-dict is refused with
    ValidationError("error.field.not_number", "minutes")."""
    o = orders.create(admin, CARDS, customer.id, "approved")
    for status in ("prepress", "production", "ready"):
        o = orders.change_status(admin, o.id, o.version, status)
    for minutes in ("'; DROP TABLE orders;--", [1, 2], 5):
        _refused(db, lambda minutes=minutes: orders.record_actual(admin, o.id, o.version,
                                                             {"minutes": minutes}),
                 "minutes")


def test_user_full_name_that_is_not_text(db, admin, manager):
    """app/services/auth.py add_user() and update_user(): `(full_name or "").strip()` ->
    AttributeError on a number. Fixed: None -> ""; not a str ->
    ValidationError("error.field.not_text", "full_name") (and a field.full_name translation)."""
    _refused(db, lambda: auth.add_user(admin, "newbie", "long-enough-1", "manager", -1), "full_name")
    _refused(db, lambda: auth.update_user(admin, manager.user.id, 12345, "manager", True), "full_name")


def test_indirect_cost_note_that_is_not_text(db, admin):
    """app/services/costs.py set_month(): `(note or "")[:500]` -> TypeError on 12345 and
    sqlite3.ProgrammingError on a list. Fixed: None -> ""; not a str ->
    ValidationError("error.field.not_text", "notes")."""
    for note in (12345, ["a"], {"a": 1}):
        _refused(db, lambda note=note: costs.set_month(admin, "2026-01", "1000", note), "notes")


@pytest.mark.parametrize("value", [Decimal("sNaN"), Decimal("-sNaN")])
def test_spec_yes_no_fields_with_a_signalling_nan(value):
    """app/domain/job.py _bool(): `value in (True, 1, …)` compares Decimal("sNaN") == True,
    which raises decimal.InvalidOperation. Fixed: decide by type first — None/bool as is;
    int/float only 0 or 1; str only "", "0", "1", "true", "false", "yes", "no"; else
    ValidationError("error.field.not_boolean", key)."""
    for key in ("rush", "numbering"):
        with pytest.raises(DomainError) as err:
            JobSpec.from_dict(dict(CARDS, **{key: value}))
        assert err.value.field == key
    with pytest.raises(DomainError):
        JobSpec.from_dict(dict(LABELS, rush=value))
