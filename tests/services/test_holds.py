"""Customers on hold: the rule at its limits (amount, days, exactly at and one past), the
customer's own limit over the shop's, the administrator's word for a new order, audited."""
import json
from datetime import date
from decimal import Decimal

import pytest

from app.domain import holds as rule
from app.domain.errors import Conflict, PermissionDenied, ValidationError
from app.services import holds, orders, payments
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.costing.specs import CARDS
from tests.services.test_payments import invoiced

DAY = date(2026, 3, 31)


def test_the_rule_at_the_limits():
    items = [("2026-03-21", 500), ("2026-03-30", 300), ("2026-04-05", 10000)]  # the last not due
    at = rule.judge(items, DAY, rule.Limits(800, 10))  # 800 overdue, oldest 10 days
    assert (at.overdue_tiyn, at.oldest_days, at.on_hold) == (800, 10, False)
    assert rule.judge(items, DAY, rule.Limits(799, None)).reasons == ("amount",)
    assert rule.judge(items, DAY, rule.Limits(None, 9)).reasons == ("days",)
    assert rule.judge(items, DAY, rule.Limits(0, 0)).reasons == ("amount", "days")
    assert not rule.judge(items, DAY, rule.Limits()).on_hold
    # due today is not overdue yet; nothing overdue is never on hold by days
    assert rule.judge([("2026-03-31", 5)], DAY, rule.Limits(0, 0)).on_hold is False
    own, shop = rule.Limits(None, 30), rule.Limits(100, 5)
    assert rule.effective(own, shop) == rule.Limits(100, 30)


def _overdue_order(manager, customer, tmp_path):
    """A delivered order invoiced on 2026-03-01 (due 2026-03-11 at the 10 days' term)."""
    manager.now = lambda: "2026-03-01 10:00:00"
    order, _ = invoiced(manager, customer, tmp_path)
    manager.now = lambda: "2026-03-31 10:00:00"  # 20 days past due
    return order


def test_a_new_order_past_the_limit_needs_the_administrators_word(
        db, admin, manager, customer, tmp_path):
    order = _overdue_order(manager, customer, tmp_path)
    owed = order.estimate.price_gross
    assert holds.status(manager, customer.id)["on_hold"] is False  # no limit set yet
    holds.set_limits(admin, "", "20")  # shop-wide: 20 days are allowed
    assert holds.status(manager, customer.id)["on_hold"] is False
    holds.set_limits(admin, str(owed), "", customer_id=customer.id)  # its own amount
    state = holds.status(manager, customer.id)
    assert (state["on_hold"], state["limit_amount"], state["limit_days"]) == (False, owed, 20)
    holds.set_limits(admin, str(owed - Decimal("0.01")), "", customer_id=customer.id)
    state = holds.status(manager, customer.id)
    assert state["on_hold"] and state["reasons"] == ["amount"] and state["overdue"] == owed

    numbers = db.scalar("SELECT count(*) FROM orders")
    with pytest.raises(Conflict) as err:
        orders.create(manager, CARDS, customer.id)
    assert err.value.key == "error.hold.on_hold"
    with pytest.raises(Conflict):
        orders.repeat(manager, order.id)
    assert db.scalar("SELECT count(*) FROM orders") == numbers  # nothing numbered
    with pytest.raises(PermissionDenied):
        holds.approve(manager, customer.id, "manager", MANAGER_PASSWORD)
    with pytest.raises(ValidationError):
        holds.approve(manager, customer.id, "admin", "wrong password")
    word = holds.approve(manager, customer.id, "admin", ADMIN_PASSWORD)
    made = orders.create(manager, CARDS, customer.id, hold_approval=word)
    row = db.one("SELECT * FROM audit_log WHERE action = 'order.hold_override'")
    details = json.loads(row["details"])
    assert row["username"] == "manager" and row["entity_id"] == str(made.id)
    assert details["approved_by"] == "admin" and details["number"] == made.number
    assert details["overdue"] == str(owed)
    # an administrator's own order passes, audited as his word
    orders.create(admin, CARDS, customer.id)
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'order.hold_override'") == 2

    payments.record(manager, customer.id, str(owed), "2026-03-31", "bank")
    assert holds.status(manager, customer.id)["on_hold"] is False  # paid: off hold
    orders.create(manager, CARDS, customer.id)


def test_a_word_for_one_customer_is_not_for_another_and_limits_are_admin_only(
        db, admin, manager, customer, tmp_path):
    from app.services import customers
    _overdue_order(manager, customer, tmp_path)
    with pytest.raises(PermissionDenied):
        holds.set_limits(manager, "0", "0")
    holds.set_limits(admin, "0", "")
    other = customers.save(manager, {"name": "ИП Другой", "bin": ""})
    word = holds.approve(manager, other.id, "admin", ADMIN_PASSWORD)
    with pytest.raises(Conflict):
        orders.create(manager, CARDS, customer.id, hold_approval=word)
    orders.create(manager, CARDS, other.id)  # no debt: not on hold
    for bad in ("-1", "1.001", "много"):
        with pytest.raises(ValidationError) as err:
            holds.set_limits(admin, bad, "")
        assert err.value.field == "hold_amount"
    with pytest.raises(ValidationError) as err:
        holds.set_limits(admin, "", "1.5")
    assert err.value.field == "hold_days"
    assert holds.limits(admin) == {"amount": Decimal("0.00"), "days": None}
    holds.set_limits(admin, "", "", customer_id=customer.id)
    assert holds.limits(admin, customer.id) == {"amount": None, "days": None}
