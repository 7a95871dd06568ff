"""The register of contracts per customer (issue 19 item 3) on a real database."""
from datetime import date

import pytest

from app.domain.errors import Conflict, FieldErrors, ValidationError
from app.services import audit_log, contracts

DEAL = {"number": "17/2026", "signed_on": "2026-01-15", "subject": "Изготовление полиграфии",
        "valid_until": "2027-12-31"}


def test_add_list_update_and_deactivate_audited(admin, manager, customer):
    c = contracts.add(manager, customer.id, DEAL)
    assert (c.number, c.signed_on, c.valid_until, c.active) == \
        ("17/2026", date(2026, 1, 15), date(2027, 12, 31), True)
    old = contracts.add(manager, customer.id, {"number": "3", "signed_on": "2024-02-01"})
    assert old.valid_until is None and old.subject == ""
    assert [x.number for x in contracts.of_customer(manager, customer.id)] == ["17/2026", "3"]
    changed = contracts.update(manager, c.id, c.version, dict(DEAL, subject="Бланки"))
    assert changed.subject == "Бланки" and changed.version == c.version + 1
    with pytest.raises(Conflict):  # the form read the version before the change
        contracts.update(manager, c.id, c.version, DEAL)
    with pytest.raises(Conflict):
        contracts.deactivate(manager, old.id, old.version + 5)
    gone = contracts.deactivate(manager, old.id, old.version)
    assert not gone.active
    assert [x.number for x in contracts.of_customer(manager, customer.id, active_only=True)] == \
        ["17/2026"]
    actions = [e["action"] for e in audit_log.search(admin, limit=50)]
    assert {"contract.create", "contract.update", "contract.deactivate"} <= set(actions)


def test_bad_fields_are_named_all_at_once(manager, customer):
    with pytest.raises(FieldErrors) as info:
        contracts.add(manager, customer.id, {"number": "", "signed_on": "15.01.2026",
                                             "subject": "a\x00b"})
    assert [e.field for e in info.value.errors] == \
        ["contract.number", "contract.subject", "contract.signed_on"]
    with pytest.raises(ValidationError) as one:
        contracts.add(manager, customer.id, dict(DEAL, valid_until="2025-12-31"))
    assert (one.value.key, one.value.field) == ("error.contract.ends_before_start",
                                                "contract.valid_until")
    contracts.add(manager, customer.id, DEAL)
    with pytest.raises(ValidationError) as twice:
        contracts.add(manager, customer.id, DEAL)
    assert twice.value.key == "error.contract.exists"
