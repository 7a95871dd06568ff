"""Orders: the estimate frozen at save, statuses, repeat, actual figures, variance, audit."""
from decimal import Decimal

import pytest

from app.domain.errors import Conflict, ValidationError
from app.services import catalog, costs, customers, orders
from app.storage.orders import OrderFilter
from tests.costing.specs import BLANKS, CARDS, JOURNALS, LABELS


def audit_actions(db):
    return [r["action"] for r in db.all("SELECT action FROM audit_log ORDER BY id")]


def test_quote_does_not_save(db, manager):
    est = orders.quote(manager, CARDS)
    assert str(est.price_gross) == "26784.40"
    assert db.scalar("SELECT count(*) FROM orders") == 0


def test_quote_ladder_prices_each_quantity_it_can_at_the_screens_catalog(admin, manager):
    ladder = orders.quote_ladder(manager, CARDS, [500, None, 0, 2000])
    assert ladder[1] is None and ladder[2] is None  # not a quantity: a gap, the rest stand
    assert ladder[0] == orders.quote(manager, dict(CARDS, quantity=500))
    assert ladder[3] == orders.ladder(manager, CARDS, [2000])[0]
    opened = catalog.get_catalog(manager)  # what the quote screen priced the job with
    catalog.save_settings(admin, {"overhead_pct": "30"})
    assert orders.quote_ladder(manager, CARDS, [500], opened) == ladder[:1]
    assert orders.quote_ladder(manager, CARDS, [500])[0].price_gross > ladder[0].price_gross


@pytest.mark.parametrize("spec", [CARDS, BLANKS, JOURNALS, LABELS])
def test_create_keeps_the_estimate_of_every_type(db, manager, customer, spec):
    order = orders.create(manager, dict(spec, discount_pct="5"), customer.id, "quoted",
                          due_date="2026-12-01", notes="Срочно к пятнице")
    assert order.number.endswith("-000001") and order.status == "quoted"
    assert order.estimate == orders.quote(manager, dict(spec, discount_pct="5"))
    assert order.customer_name == customer.name and order.manager_id == manager.user.id
    assert order.due_date == "2026-12-01" and order.notes == "Срочно к пятнице"
    row = db.one("SELECT price_gross_tiyn, est_cost_tiyn FROM orders WHERE id = ?", (order.id,))
    assert row["price_gross_tiyn"] == int(order.estimate.price_gross * 100)


def test_order_numbers_are_sequential_per_year(db, manager, customer):
    a = orders.create(manager, CARDS, customer.id, created_at="2025-12-31 10:00:00")
    b = orders.create(manager, CARDS, customer.id, created_at="2026-01-02 10:00:00")
    c = orders.create(manager, CARDS, customer.id, created_at="2026-01-03 10:00:00")
    assert (a.number, b.number, c.number) == ("2025-000001", "2026-000001", "2026-000002")


def test_later_price_changes_do_not_rewrite_old_orders(db, admin, manager, customer):
    old = orders.create(manager, CARDS, customer.id)
    catalog.save_item(admin, "paper", dict(code="coated-300-sra3", name="Мелованная 300", width_mm=320,
                                           height_mm=450, gsm=300, price="200.00"))
    catalog.save_settings(admin, {"overhead_pct": "30"})
    new = orders.create(manager, CARDS, customer.id)
    assert orders.get(manager, old.id).estimate == old.estimate
    assert str(old.estimate.line("paper")) == "7200.00"
    assert str(new.estimate.line("paper")) == "9600.00"  # 48 × 200
    assert new.estimate.overhead == (new.estimate.direct * Decimal("0.30")).quantize(Decimal("0.01"))
    assert new.catalog_version_id != old.catalog_version_id
    assert {"catalog.paper", "settings.update"} <= set(audit_actions(db))


def test_status_path_and_refusals(db, manager, customer):
    order = orders.create(manager, CARDS, customer.id)
    assert set(orders.allowed_moves(order)) == {"quoted", "approved", "cancelled"}
    with pytest.raises(Conflict) as info:
        orders.change_status(manager, order.id, order.version, "paid")
    assert info.value.key == "error.order.bad_transition"
    for status in ("quoted", "approved", "prepress", "production", "ready", "delivered", "paid"):
        order = orders.change_status(manager, order.id, order.version, status)
        assert order.status == status
    assert order.finished_at and order.paid_at
    with pytest.raises(Conflict):
        orders.cancel(manager, order.id, order.version)  # a paid order stays paid
    history = [r["to_status"] for r in orders.status_history(manager, order.id)]
    assert history == ["new", "quoted", "approved", "prepress", "production", "ready",
                       "delivered", "paid"]


def test_edit_only_while_the_status_allows_and_not_from_a_stale_copy(db, manager, customer):
    order = orders.create(manager, CARDS, customer.id)
    edited = orders.update(manager, order.id, order.version, dict(CARDS, quantity=2000),
                           customer.id, "2026-12-24", "")
    assert edited.quantity == 2000 and edited.estimate.spec.quantity == 2000
    with pytest.raises(Conflict) as info:  # the other window still holds the old version
        orders.update(manager, order.id, order.version, dict(CARDS, quantity=3000), customer.id)
    assert info.value.key == "error.conflict.changed_by"  # who saved it, and when
    moved = orders.change_status(manager, order.id, edited.version, "approved")
    moved = orders.change_status(manager, order.id, moved.version, "production")
    with pytest.raises(Conflict) as info:
        orders.update(manager, order.id, moved.version, CARDS, customer.id)
    assert info.value.key == "error.order.not_editable"
    assert orders.get(manager, order.id).quantity == 2000


def test_bad_input_changes_nothing(db, manager, customer):
    order = orders.create(manager, CARDS, customer.id)
    with pytest.raises(ValidationError) as info:
        orders.update(manager, order.id, order.version, dict(CARDS, quantity=-1), customer.id)
    assert info.value.field == "quantity"
    with pytest.raises(ValidationError) as info:
        orders.create(manager, CARDS, customer.id, due_date="31.12.2026")
    assert info.value.field == "due_date"
    with pytest.raises(ValidationError) as info:
        orders.create(manager, CARDS, 99999)
    assert info.value.field == "customer"
    assert db.scalar("SELECT count(*) FROM orders") == 1
    assert orders.get(manager, order.id).version == order.version


def test_markup_and_discount_overrides_are_audited(db, manager, customer):
    orders.create(manager, dict(CARDS, markup_pct="25", discount_pct="12"), customer.id)
    row = db.one("SELECT * FROM audit_log WHERE action = 'order.price_override'")
    assert row is not None and "25" in row["details"] and "12" in row["details"]
    assert row["username"] == "manager"
    before = db.scalar("SELECT count(*) FROM audit_log WHERE action = 'order.price_override'")
    orders.create(manager, dict(CARDS, discount_pct="5"), customer.id)  # the customer's own 5 %
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'order.price_override'") == before


def test_repeat_is_a_new_order_at_todays_prices(db, admin, manager, customer):
    old = orders.create(manager, CARDS, customer.id)
    catalog.save_item(admin, "paper", dict(code="coated-300-sra3", name="Мелованная 300", width_mm=320,
                                           height_mm=450, gsm=300, price="160.00"))
    again = orders.repeat(manager, old.id)
    assert again.id != old.id and again.status == "new" and again.customer_id == old.customer_id
    assert again.estimate.spec == old.estimate.spec
    assert again.estimate.line("paper") == Decimal("7680.00")  # 48 × 160, not the old 150


def made(manager, customer, spec=CARDS):
    order = orders.create(manager, spec, customer.id, "approved")
    for status in ("production", "ready"):
        order = orders.change_status(manager, order.id, order.version, status)
    return order


def test_record_actual_and_variance(db, manager, customer):
    order = orders.create(manager, CARDS, customer.id)
    with pytest.raises(Conflict) as info:
        orders.record_actual(manager, order.id, order.version, {"gross_sheets": 50})
    assert info.value.key == "error.actual.not_made"
    order = made(manager, customer)
    order = orders.record_actual(manager, order.id, order.version,
                                 {"gross_sheets": "60", "minutes": {"press": "30", "cutting": ""}})
    assert order.actual.lines != order.estimate.lines
    var = {code: (e, a, d) for code, e, a, d in orders.variance(order)}
    assert var["paper"] == (Decimal("7200.00"), Decimal("9000.00"), Decimal("1800.00"))
    assert var["press"][1] == Decimal("3000.00")
    assert var["cutting"][2] == 0  # blank minutes: the norm stands
    assert order.actual.cost == order.actual.direct + order.actual.overhead
    assert order.actual.profit == order.estimate.price_net - order.actual.cost
    assert order.cost == order.actual.cost
    assert "order.actual" in audit_actions(db)


@pytest.mark.parametrize("usage, field", [
    ({"gross_sheets": -5}, "gross_sheets"),
    ({"gross_sheets": "1.5"}, "gross_sheets"),
    ({"gross_sheets": "lots"}, "gross_sheets"),
    ({"minutes": {"press": "-1"}}, "minutes.press"),
    ({"minutes": {"lamination": "10"}}, "minutes"),
])
def test_bad_actual_figures_are_refused(db, manager, customer, usage, field):
    order = made(manager, customer)
    with pytest.raises(ValidationError) as info:
        orders.record_actual(manager, order.id, order.version, usage)
    assert info.value.field == field
    assert orders.get(manager, order.id).actual is None


def test_label_actual_in_metres(db, manager, customer):
    order = made(manager, customer, LABELS)
    order = orders.record_actual(manager, order.id, order.version, {"metres": "350"})
    assert order.actual.lines[0].code == "ribbon" and order.actual.lines[0].amount == Decimal("14000.00")


def test_indirect_costs_spread_over_the_months_orders(db, admin, manager, customer):
    a = made(manager, customer, CARDS)
    b = made(manager, customer, JOURNALS)
    b = orders.record_actual(manager, b.id, b.version, {"gross_sheets": 2100})
    month = a.finished_at[:7]
    costs.set_month(admin, month, "10000.01")
    assert costs.allocate(admin, month) == 2
    a, b = orders.get(manager, a.id), orders.get(manager, b.id)
    assert a.actual.overhead + b.actual.overhead == Decimal("10000.01")
    # in proportion to direct cost
    share = Decimal("10000.01") * a.actual.direct / (a.actual.direct + b.actual.direct)
    assert abs(a.actual.overhead - share) <= Decimal("0.01")
    assert a.actual.overhead_allocated and a.actual.usage == {"as_estimated": True}
    assert a.actual.direct == a.estimate.direct


def test_split_is_exact_in_tiyn():
    assert costs.split(100, [1, 1, 1]) == [34, 33, 33]
    assert sum(costs.split(1000001, [5, 7, 11, 13])) == 1000001
    assert costs.split(10, [0, 0]) == [5, 5]
    assert costs.split(7, []) == []


def test_orders_list_filters_sorts_and_pages(db, manager, customer):
    other = customers.save(manager, {"name": "ИП Ахметов"})
    for i in range(12):
        orders.create(manager, dict(CARDS, quantity=100 + i, name="Визитки {}".format(i)),
                      customer.id if i % 2 else other.id,
                      created_at="2026-0{}-10 12:00:00".format(1 + i % 9))
    orders.create(manager, dict(LABELS, name="Бирки"), other.id, created_at="2026-05-05 09:00:00")
    everything = orders.page(manager)
    assert len(everything) == 13 and everything[0].created_at >= everything[-1].created_at
    f = OrderFilter(customer_id=customer.id)
    assert orders.count(manager, f) == 6
    assert all(r.customer_id == customer.id for r in orders.page(manager, f))
    f = OrderFilter(product_types=("label",))
    assert [r.title for r in orders.page(manager, f)] == ["Бирки"]
    f = OrderFilter(text="ахметов", date_from="2026-05-01", date_to="2026-05-31")
    assert {r.title for r in orders.page(manager, f)} == {"Бирки", "Визитки 4"}
    first = orders.page(manager, sort="number", descending=False, limit=5)
    second = orders.page(manager, sort="number", descending=False, limit=5, offset=5)
    assert [r.number for r in first + second] == sorted(r.number for r in first + second)
    assert not set(r.id for r in first) & set(r.id for r in second)
    by_price = orders.page(manager, sort="price")
    assert [r.price_gross for r in by_price] == sorted((r.price_gross for r in by_price), reverse=True)
    assert orders.count(manager, OrderFilter(statuses=("paid",))) == 0


def test_managers_for_the_orders_filter(db, admin, manager, customer):
    """Every user may take orders, so every user is a choice; a manager may read the list;
    two people of the same name are told apart by their login."""
    from app.services import auth
    auth.add_user(admin, "aidana", "aidana-pass-1", "manager", "Айдана Сейтқали")
    auth.add_user(admin, "aidana2", "aidana-pass-2", "manager", "Айдана Сейтқали")
    auth.add_user(admin, "nurlan", "nurlan-pass-1", "manager", "")
    shown = dict(orders.managers(manager))
    assert set(shown) == {u.id for u in auth.list_users(admin)}
    names = sorted(shown.values())
    assert "Айдана Сейтқали (aidana)" in names and "Айдана Сейтқали (aidana2)" in names
    assert "nurlan" in names  # no full name: the login
    o = orders.create(manager, CARDS, customer.id, "approved")
    mine = orders.page(manager, OrderFilter(manager_id=manager.user.id))
    assert [r.id for r in mine] == [o.id] and mine[0].manager_name == shown[manager.user.id]
    nobody = [uid for uid, name in shown.items() if name == "nurlan"][0]
    assert orders.page(manager, OrderFilter(manager_id=nobody)) == []
