"""Stock: receipts, reservations, write-off, correction by actuals, cancellation, stock-taking."""
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import Conflict, PermissionDenied, ValidationError
from app.services import orders, staff, stock
from app.storage import catalog as catalog_db
from app.storage import stock as stock_db
from tests.costing.specs import CARDS, JOURNALS, LABELS


def on_hand(session, code):
    for row in stock.balance_table(session):
        if row["code"] == code:
            return row


def to_production(session, order):
    order = orders.change_status(session, order.id, order.version, "approved")
    return orders.change_status(session, order.id, order.version, "production")


def test_receipt_and_balance_at_a_date(db, admin, manager):
    stock.receive(manager, "paper", "coated-300-sra3", "500", "150.00", "ТОО «Қағаз»", "№ 17",
                  at="2026-11-01 10:00:00")
    stock.receive(manager, "paper", "coated-300-sra3", "250", "155.00", at="2026-11-20 10:00:00")
    row = on_hand(manager, "coated-300-sra3")
    assert row["on_hand"] == 750 and row["unit"] == "sheets"
    at_date = stock.balance_table(manager, at="2026-11-10 00:00:00")
    assert [r["on_hand"] for r in at_date if r["code"] == "coated-300-sra3"] == [500]
    # the purchase price reaches the catalog only when the administrator says so
    assert str(catalog_db.load_catalog(db).papers["coated-300-sra3"].price) == "150.00"
    with pytest.raises(PermissionDenied):
        stock.receive(manager, "paper", "coated-300-sra3", "1", "160.00", update_catalog_price=True)
    stock.receive(admin, "paper", "coated-300-sra3", "10", "160.00", update_catalog_price=True)
    assert str(catalog_db.load_catalog(db).papers["coated-300-sra3"].price) == "160.00"
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'catalog.paper'") == 1


@pytest.mark.parametrize("qty, price, field", [
    ("0", "1", "quantity"), ("-5", "1", "quantity"), ("abc", "1", "quantity"),
    ("1.0001", "1", "quantity"), ("1", "-1", "price"), ("1", "NaN", "price"),
    ("1e20", "1", "quantity"),
])
def test_bad_receipts_change_nothing(db, manager, qty, price, field):
    with pytest.raises(ValidationError) as info:
        stock.receive(manager, "paper", "office-80-a4", qty, price)
    assert info.value.field == field
    assert db.scalar("SELECT count(*) FROM stock_moves") == 0


def test_receipt_dates(db, manager):
    with pytest.raises(ValidationError) as info:
        stock.receive(manager, "paper", "office-80-a4", "1", "5", at="2999-01-01")
    assert info.value.key == "error.stock.future_date"
    with pytest.raises(ValidationError) as info:
        stock.receive(manager, "paper", "office-80-a4", "1", "5", at="01.02.2026")
    assert info.value.field == "date"
    stock.receive(manager, "paper", "office-80-a4", "1", "5", at="2026-02-01")
    assert db.scalar("SELECT at FROM stock_moves") == "2026-02-01 12:00:00"


def test_unknown_item_is_refused(db, manager):
    with pytest.raises(ValidationError) as info:
        stock.receive(manager, "material", "gold-leaf", "1", "1")
    assert info.value.key == "error.stock.unknown_item"


def test_order_reserves_then_writes_off_then_corrects(db, admin, manager, customer):
    stock.receive(manager, "paper", "coated-300-sra3", "1000", "150")
    order = orders.create(manager, CARDS, customer.id)
    order = orders.change_status(manager, order.id, order.version, "approved")
    row = on_hand(manager, "coated-300-sra3")
    assert (row["on_hand"], row["reserved"], row["available"]) == (1000, 48, 952)
    order = orders.change_status(manager, order.id, order.version, "production")
    row = on_hand(manager, "coated-300-sra3")
    assert (row["on_hand"], row["reserved"]) == (952, 0)
    order = orders.change_status(manager, order.id, order.version, "ready")
    orders.record_actual(manager, order.id, order.version, {"gross_sheets": 55})
    assert on_hand(manager, "coated-300-sra3")["on_hand"] == 945  # 1000 − 55 really used


def test_an_order_saved_as_approved_reserves_at_once(db, manager, customer):
    orders.create(manager, CARDS, customer.id, "approved")
    assert on_hand(manager, "coated-300-sra3")["reserved"] == 48


def test_cancelling_in_production_gives_back_what_was_taken(db, manager, customer):
    stock.receive(manager, "material", "satin-30", "1000", "40")
    stock.receive(manager, "material", "foil", "1000", "15")
    order = to_production(manager, orders.create(manager, LABELS, customer.id))
    assert on_hand(manager, "satin-30")["on_hand"] == Decimal("699")  # 1000 − 301 m
    orders.cancel(manager, order.id, order.version)
    assert on_hand(manager, "satin-30")["on_hand"] == 1000
    assert on_hand(manager, "foil")["on_hand"] == 1000


def test_too_little_stock_is_warned_and_by_setting_refused(db, admin, manager, customer):
    order = orders.create(manager, JOURNALS, customer.id)
    shortages = stock.check_for_production(manager, order)
    assert {code for (kind, code), need, have in shortages} == {"office-80-a4", "cover-hard", "lacing-kit"}
    stock.set_allow_negative(admin, False)
    order = orders.change_status(manager, order.id, order.version, "approved")
    with pytest.raises(Conflict) as info:
        orders.change_status(manager, order.id, order.version, "production")
    assert info.value.key == "error.stock.not_enough"
    assert orders.get(manager, order.id).status == "approved"
    assert db.scalar("SELECT count(*) FROM stock_moves") == 0
    stock.set_allow_negative(admin, True)
    orders.change_status(manager, order.id, order.version, "production")
    row = on_hand(manager, "office-80-a4")
    assert row["on_hand"] == -2040 and row["negative"]
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'stock.negative'") == 1


def test_stock_taking_low_stock_and_what_to_buy(db, admin, manager, customer):
    stock.receive(manager, "paper", "office-80-a4", "5000", "5")
    with pytest.raises(PermissionDenied):
        stock.stock_take(manager, "paper", "office-80-a4", "4990", "пересчёт")
    with pytest.raises(ValidationError):
        stock.stock_take(admin, "paper", "office-80-a4", "4990", "")
    assert stock.stock_take(admin, "paper", "office-80-a4", "4990", "пересчёт, 10 листов брак") == -10
    stock.set_min_level(admin, "paper", "office-80-a4", "6000")
    low = [r["code"] for r in stock.low_stock(manager)]
    assert low == ["office-80-a4"]
    order = orders.create(manager, dict(JOURNALS, quantity=10), customer.id)
    orders.change_status(manager, order.id, order.version, "approved")
    assert order.estimate.sheets.gross == 1030  # 1000 net + 20 makeready + 10 run waste
    buy = {r["code"]: r["to_buy"] for r in stock.to_buy(manager)}
    assert buy["office-80-a4"] == 6000 + 1030 - 4990
    assert str(buy["office-80-a4"]) == "2040"
    assert buy["cover-hard"] == 10


def test_performers_and_their_work(db, admin, manager, customer):
    with pytest.raises(PermissionDenied):
        staff.add(manager, "Ержан", "press_operator")
    with pytest.raises(ValidationError):
        staff.add(admin, "Ержан", "astronaut")
    printer = staff.add(admin, "Ержан Сәкенов", "press_operator")
    designer = staff.add(admin, "Әлия Нұрова", "designer")
    order = orders.create(manager, CARDS, customer.id)
    staff.assign(manager, order.id, [printer, designer])
    assert {r["name"] for r in staff.performers(manager, order.id)} == {"Ержан Сәкенов", "Әлия Нұрова"}
    order = to_production(manager, order)
    order = orders.change_status(manager, order.id, order.version, "ready")
    month = order.finished_at[:7]
    report = staff.work_report(manager, month + "-01", month + "-28")
    assert {(r["name"], r["orders"]) for r in report} == {("Ержан Сәкенов", 1), ("Әлия Нұрова", 1)}


PAPER = "office-80-a4"
operations = st.lists(st.one_of(
    st.tuples(st.just("receive"), st.integers(1, 5000)),
    st.tuples(st.just("order"), st.integers(1, 3)),  # quantity of journals (20 sheets each)
    st.tuples(st.just("take"), st.integers(0, 20000)),
    st.tuples(st.just("cancel"), st.integers(0, 10)),
    st.tuples(st.just("actual"), st.integers(0, 10)),
), min_size=1, max_size=50)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_balance_is_receipts_minus_writeoffs_plus_adjustments(db, admin, manager, customer, ops):
    """After any sequence: for every item the balance equals the sum of its kinds of moves,
    each operation was one transaction, and a refused operation changed nothing."""
    spec = dict(JOURNALS, sheets_per_journal=20, cover="soft", lacing_sealing=False,
                page_numbering=False)
    open_orders = []
    for op, value in ops:
        moves_before = db.scalar("SELECT count(*) FROM stock_moves")
        try:
            if op == "receive":
                stock.receive(manager, "paper", PAPER, value, "5")
            elif op == "take":
                stock.stock_take(admin, "paper", PAPER, value, "инвентаризация")
            elif op == "order":
                order = orders.create(manager, dict(spec, quantity=value), customer.id, "approved")
                open_orders.append(orders.change_status(manager, order.id, order.version, "production"))
            elif op == "cancel" and open_orders:
                order = open_orders.pop(value % len(open_orders))
                orders.cancel(manager, order.id, orders.get(manager, order.id).version)
            elif op == "actual" and open_orders:
                order = open_orders.pop(value % len(open_orders))
                order = orders.change_status(manager, order.id,
                                             orders.get(manager, order.id).version, "ready")
                orders.record_actual(manager, order.id, order.version,
                                     {"gross_sheets": order.estimate.sheets.gross + value - 5})
        except (ValidationError, Conflict):
            assert db.scalar("SELECT count(*) FROM stock_moves") == moves_before
        assert not db.in_transaction
        for row in stock.balance_table(manager):
            kinds = stock_db.totals_by_kind(db, row["item_kind"], row["code"])
            expected = (kinds.get("receipt", 0) + kinds.get("write_off", 0)
                        + kinds.get("adjustment", 0) + kinds.get("correction", 0)
                        + kinds.get("return", 0))
            assert stock.to_milli(row["on_hand"]) == expected
    # what the made orders took equals what they really used
    for order_id, in db.all("SELECT id FROM orders WHERE actual IS NOT NULL"):
        order = orders.get(manager, order_id)
        taken = stock_db.used_by_order(db, order_id)
        assert taken == stock.needs_of(order.actual.materials)
    for order_id, in db.all("SELECT id FROM orders WHERE status = 'cancelled'"):
        assert all(q == 0 for q in stock_db.used_by_order(db, order_id).values())
