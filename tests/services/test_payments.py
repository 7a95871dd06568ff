"""The payments ledger through its service: part payments, several invoices, advances,
reversals by counter-entry, the order moving to paid by itself, ageing in buckets."""
from datetime import date
from decimal import Decimal

import pytest

from app.domain.errors import Conflict, PermissionDenied, ValidationError
from app.services import order_documents, orders, payments
from tests.costing.specs import CARDS

MOVES = ("approved", "production", "ready", "delivered")


def invoiced(session, customer, tmp_path, to="delivered", quantity=None):
    """An order moved along to `to`, with its invoice; returns (order, invoice row)."""
    spec = dict(CARDS, quantity=quantity) if quantity else CARDS
    order = orders.create(session, spec, customer.id)
    for status in MOVES[:MOVES.index(to) + 1]:
        order = orders.change_status(session, order.id, order.version, status)
    doc = order_documents.invoice(session, order.id, folder=tmp_path)
    return order, doc.number


def audit_actions(db):
    return [r["action"] for r in db.all("SELECT action FROM audit_log ORDER BY id")]


def test_a_part_payment_leaves_the_order_where_it_is_and_says_what_is_owed(
        db, manager, customer, tmp_path):
    order, number = invoiced(manager, customer, tmp_path)
    total = order.estimate.price_gross
    paid = payments.record(manager, customer.id, "1000.01", "2026-03-01", "bank", "п/п 17")
    assert paid["allocated"] == Decimal("1000.01") and paid["unallocated"] == 0
    owed = payments.owed_for_order(manager, order.id)
    assert owed["number"] == number and owed["owed"] == total - Decimal("1000.01")
    assert orders.get(manager, order.id).status == "delivered"
    payments.record(manager, customer.id, str(owed["owed"]), "2026-03-02", "kaspi")
    assert orders.get(manager, order.id).status == "paid"
    assert payments.open_invoices(manager, customer.id) == []
    assert audit_actions(db)[-2:] == ["payment.record", "order.status"]
    log = db.all("SELECT from_status, to_status, at FROM order_status_log WHERE order_id = ? "
                 "ORDER BY id", (order.id,))
    assert tuple(log[-1]) == ("delivered", "paid", "2026-03-02 00:00:00")
    assert orders.get(manager, order.id).paid_at[:10] == "2026-03-02"


def test_one_payment_for_several_invoices_oldest_first_and_an_advance(
        db, manager, customer, tmp_path):
    a, _ = invoiced(manager, customer, tmp_path)
    b, _ = invoiced(manager, customer, tmp_path, to="ready")
    total = a.estimate.price_gross + b.estimate.price_gross
    paid = payments.record(manager, customer.id, str(total + Decimal("0.05")), None, "card")
    assert paid["unallocated"] == Decimal("0.05")
    assert payments.advance(manager, customer.id) == Decimal("0.05")
    assert orders.get(manager, a.id).status == "paid"
    assert orders.get(manager, b.id).status == "ready"  # covered, but not delivered yet
    assert payments.owed_for_order(manager, b.id)["owed"] == 0
    b = orders.get(manager, b.id)
    b = orders.change_status(manager, b.id, b.version, "delivered")  # paid in advance
    assert b.status == "paid"


def test_an_advance_is_allocated_later_to_a_new_invoice(db, manager, customer, tmp_path):
    paid = payments.record(manager, customer.id, "50000", "2026-03-01", "cash")
    assert paid["allocations"] == [] and paid["unallocated"] == Decimal("50000.00")
    order, _ = invoiced(manager, customer, tmp_path)
    after = payments.allocate_advance(manager, paid["id"])
    assert after["allocated"] == order.estimate.price_gross
    assert orders.get(manager, order.id).status == "paid"
    assert payments.advance(manager, customer.id) == Decimal("50000") - order.estimate.price_gross
    with pytest.raises(ValidationError):
        payments.allocate_advance(manager, paid["id"], {999: "1"})


def test_chosen_invoice_and_bad_amounts(db, manager, customer, tmp_path):
    a, _ = invoiced(manager, customer, tmp_path)
    b, _ = invoiced(manager, customer, tmp_path)
    inv_b = payments.owed_for_order(manager, b.id)["invoice_id"]
    payments.record(manager, customer.id, "100", None, "bank", allocations={inv_b: "100"})
    assert payments.owed_for_order(manager, a.id)["paid"] == 0
    assert payments.owed_for_order(manager, b.id)["paid"] == Decimal("100.00")
    for amount in ("0", "-5", "1.001", "много"):
        with pytest.raises(ValidationError) as err:
            payments.record(manager, customer.id, amount)
        assert err.value.field == "amount"
    with pytest.raises(ValidationError):
        payments.record(manager, customer.id, "1", method="barter")


def test_reversal_is_a_counter_entry_audited_and_admin_only(db, admin, manager, customer, tmp_path):
    order, _ = invoiced(manager, customer, tmp_path)
    paid = payments.record(manager, customer.id, "700.50", "2026-03-01", "bank")
    with pytest.raises(PermissionDenied):
        payments.reverse(manager, paid["id"], "ошибка")
    with pytest.raises(ValidationError):
        payments.reverse(admin, paid["id"], "")
    counter = payments.reverse(admin, paid["id"], "не наш платёж")
    assert counter["amount"] == Decimal("-700.50") and counter["reverses_id"] == paid["id"]
    assert payments.get(admin, paid["id"])["amount"] == Decimal("700.50")  # never edited
    assert payments.owed_for_order(manager, order.id)["paid"] == 0
    assert payments.advance(manager, customer.id) == 0
    assert db.scalar("SELECT sum(amount_tiyn) FROM allocations") == 0
    assert "payment.reverse" in audit_actions(db)
    with pytest.raises(Conflict):
        payments.reverse(admin, paid["id"], "ещё раз")
    with pytest.raises(Conflict):
        payments.allocate_advance(manager, paid["id"])


def test_ageing_buckets_at_a_month_end_and_advances_apart(db, admin, manager, customer, tmp_path):
    from app.services import customers
    other = customers.save(manager, {"name": "ИП Бекова"})
    orders_ = [invoiced(manager, customer, tmp_path)[0] for _ in range(3)]
    # invoice dates set back as if issued on those days (the service stamps today)
    for order, day in zip(orders_, ("2026-01-31", "2026-03-21", "2026-03-22")):
        db.execute("UPDATE invoices SET created_at = ? WHERE order_id = ?",
                   (day + " 10:00:00", order.id))
    payments.record(manager, other.id, "10", "2026-03-01", "cash")
    report = payments.ageing(manager, "2026-03-31")
    rows = {r["name"]: r for r in report.rows}
    price = orders_[0].estimate.price_gross
    mine = rows[customer.name]
    # term 10 days: due 2026-02-10 (49 days), 2026-03-31 (0 days), 2026-04-01 (not yet)
    assert mine["d31_60"] == price and mine["d0_30"] == price and mine["not_due"] == price
    assert mine["d61_90"] == mine["d90_plus"] == 0 and mine["total"] == price * 3
    assert rows["ИП Бекова"]["advance"] == Decimal("10.00") and rows["ИП Бекова"]["total"] == 0
    assert report.totals["total"] == price * 3 and report.totals["advance"] == Decimal("10.00")
    assert report.as_of == date(2026, 3, 31)
    later = payments.ageing(manager, "2026-06-30")
    mine = {r["name"]: r for r in later.rows}[customer.name]
    assert mine["d90_plus"] == price * 2 and mine["d61_90"] == price  # 140, 91 and 90 days
