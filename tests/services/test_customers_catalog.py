"""Customers (validation, card and totals) and the administrator's catalog and settings."""
from decimal import Decimal

import pytest

from app.domain.errors import Conflict, ValidationError
from app.services import catalog, customers, orders, shop
from tests.costing.specs import CARDS


@pytest.mark.parametrize("data, field, key", [
    ({"name": ""}, "name", "error.field.required"),
    ({"name": "   "}, "name", "error.field.required"),
    ({"name": "X" * 201}, "name", "error.field.too_long"),
    ({"name": "X", "bin": "12345678901"}, "bin", "error.id.bin_form"),
    ({"name": "X", "bin": "12345678901a"}, "bin", "error.id.bin_form"),
    ({"name": "X", "bin": "١٢٣٤٥٦٧٨٩٠١٣"}, "bin", "error.id.bin_form"),  # non-ASCII digits
    ({"name": "X", "bin": "123456789012"}, "bin", "error.id.bin_digit"),  # the 12th is 3
    ({"name": "X", "email": "not-an-email"}, "email", "error.customer.email"),
    ({"name": "X", "phone": "call me"}, "phone", "error.customer.phone"),
    ({"name": "X", "discount_pct": "150"}, "discount_pct", "error.field.out_of_range"),
    ({"name": "X", "discount_pct": "abc"}, "discount_pct", "error.field.not_number"),
    ({"name": 42}, "name", "error.field.not_text"),
])
def test_customer_validation_names_the_field(db, manager, data, field, key):
    with pytest.raises(ValidationError) as info:
        customers.save(manager, data)
    assert (info.value.field, info.value.key) == (field, key)
    assert db.scalar("SELECT count(*) FROM customers") == 0


def test_customer_save_edit_conflict_and_duplicate_bin(db, manager, customer):
    assert customer.bin == "123456789013" and customer.discount_pct == Decimal("5")
    edited = customers.save(manager, {"name": "ТОО «Алтын Дән Плюс»", "bin": "1234 5678 9013",
                                      "discount_pct": "7,5"}, customer.id, customer.version)
    assert edited.version == customer.version + 1 and edited.discount_pct == Decimal("7.5")
    with pytest.raises(Conflict):
        customers.save(manager, {"name": "Stale"}, customer.id, customer.version)
    with pytest.raises(ValidationError) as info:
        customers.save(manager, {"name": "Другой", "bin": "123456789013"})
    assert info.value.key == "error.customer.bin_taken"
    assert [r["action"] for r in db.all("SELECT action FROM audit_log WHERE action LIKE 'customer.%'")] \
        == ["customer.create", "customer.discount", "customer.update"]


def test_customer_search_is_case_insensitive_in_cyrillic_and_kazakh(db, manager, customer):
    customers.save(manager, {"name": "ИП Ахметов Ерлан"})
    assert [c.name for c in customers.search(manager, "алтын")] == [customer.name]
    assert [c.name for c in customers.search(manager, "ДӘН")] == [customer.name]
    assert [c.name for c in customers.search(manager, "123456")] == [customer.name]
    assert len(customers.search(manager, "")) == 2


def test_customer_card_totals_and_history(db, manager, customer):
    quote = orders.create(manager, CARDS, customer.id, "quoted")
    order = orders.create(manager, CARDS, customer.id, "approved")
    for status in ("production", "ready", "delivered"):
        order = orders.change_status(manager, order.id, order.version, status)
    cancelled = orders.create(manager, CARDS, customer.id)
    orders.cancel(manager, cancelled.id, cancelled.version)
    c, totals, history = customers.card(manager, customer.id)
    assert c == customer
    assert totals.orders == 2  # the quote and the order; the cancelled one is left out
    assert totals.revenue == order.estimate.price_net  # a quote is no revenue
    assert totals.profit == order.estimate.price_net - order.estimate.cost
    assert totals.unpaid == order.estimate.price_gross
    assert {r.id for r in history} == {quote.id, order.id, cancelled.id}


def test_customer_with_orders_cannot_be_deleted(db, admin, manager, customer):
    orders.create(manager, CARDS, customer.id)
    with pytest.raises(Conflict):
        customers.delete(admin, customer.id)
    lonely = customers.save(manager, {"name": "Без заказов"})
    customers.delete(admin, lonely.id)
    assert db.scalar("SELECT count(*) FROM customers") == 1


def test_admin_edits_catalog_and_a_new_quote_uses_it(db, admin, manager):
    before = orders.quote(manager, CARDS)
    catalog.save_item(admin, "press", dict(
        code="digital", name="Цифровая машина", rate_per_hour="7200", setup_min="10",
        impressions_per_hour=3000, max_width_mm=330, max_height_mm=488, margin_mm=5,
        colours_per_pass=4, max_colours_per_side=4, click_colour="45.00", click_mono="8.00",
        form_price="0", makeready_waste_sheets=5, run_waste_pct="2", sort_order=1))
    after = orders.quote(manager, CARDS)
    assert after.line("press") == Decimal("1430.40")  # (10/60 + 96/3000) × 7200
    assert before.line("press") == Decimal("1192.00")
    row = db.one("SELECT details FROM audit_log WHERE action = 'catalog.press'")
    assert "7200" in row["details"] and "6000" in row["details"]


@pytest.mark.parametrize("kind, data, field", [
    ("paper", dict(code="x", name="X", width_mm=0, height_mm=10, gsm=80, price="1"), "width_mm"),
    ("paper", dict(code="x", name="X", width_mm=10, height_mm=10, gsm=80, price="-1"), "price"),
    ("paper", dict(code="x y", name="X", width_mm=10, height_mm=10, gsm=80, price="1"), "code"),
    ("paper", dict(code="x", name="X", width_mm=10, height_mm=10, gsm=80, price="1.001"), "price"),
    ("material", dict(code="m", kind="gold", name="M", unit="m", price="1"), "kind"),
    ("equipment", dict(code="robot", name="R", rate_per_hour="1", setup_min="0",
                       speed_per_hour="1"), "code"),
])
def test_bad_catalog_items_name_the_field(db, admin, kind, data, field):
    versions = db.scalar("SELECT count(*) FROM catalog_versions")
    with pytest.raises(ValidationError) as info:
        catalog.save_item(admin, kind, data)
    assert info.value.field == field
    assert db.scalar("SELECT count(*) FROM catalog_versions") == versions


def test_settings_validation_and_vat_switch(db, admin, manager):
    with pytest.raises(ValidationError) as info:
        catalog.save_vat_rate(admin, {"category": "standard", "valid_from": "2027-01-01",
                                      "pct": "150"})
    assert info.value.field == "vat.pct"
    with pytest.raises(ValidationError) as info:
        catalog.save_settings(admin, {"vat_label": "zero"})
    assert info.value.field == "vat_label"
    catalog.save_settings(admin, {"vat_payer": "0", "price_step": "100"})
    est = orders.quote(manager, CARDS)
    assert est.vat == 0 and str(est.price_net) == "23100.00"


def test_shop_requisites(db, admin, manager):
    with pytest.raises(ValidationError) as info:
        shop.save_requisites(admin, {"name": "Типография", "iik": "KZ123"})
    assert info.value.field == "shop.iik"
    saved = shop.save_requisites(admin, {"name": "ТОО «Баспа Үйі»", "bin": "990140000126",
                                         "iik": "KZ23 3456 7890 1234 5678", "bik": "HSBKKZKX"})
    assert saved["iik"] == "KZ233456789012345678"
    assert shop.requisites(manager)["name"] == "ТОО «Баспа Үйі»"
    assert shop.requisites(manager)["kbe"] == "17"
