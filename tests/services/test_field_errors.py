"""Every bad field of a form is said after one Save (issue 17 item 4): the services' checks
collect their ValidationErrors into one FieldErrors instead of stopping at the first."""
import pytest

from app.domain.errors import FieldErrors, ValidationError
from app.i18n import error_text, t
from app.services import auth, catalog, customers, shop, staff, stock


def _fields(exc):
    return [e.field for e in exc.errors]


def test_a_customer_with_four_bad_fields_gets_four_errors_at_once(manager):
    data = {"name": "", "bin": "123", "email": "ivan@", "discount_pct": "abc"}
    with pytest.raises(FieldErrors) as info:
        customers.save(manager, data)
    exc = info.value
    assert _fields(exc) == ["name", "bin", "email", "discount_pct"]
    assert [e.key for e in exc.errors] == ["error.field.required", "error.id.bin_form",
                                           "error.customer.email", "error.field.not_number"]
    # a caller reading one error reads the first; a person reads every one, a line each
    assert (exc.key, exc.field) == ("error.field.required", "name")
    assert error_text(exc, "en").splitlines() == [error_text(e, "en") for e in exc.errors]
    assert error_text(exc, "kk").splitlines()[1].startswith(t("field.bin", "kk") + ": ")


def test_one_bad_field_is_the_plain_error_as_before(manager):
    with pytest.raises(ValidationError) as info:
        customers.save(manager, {"name": "ТОО «Бір»", "bin": "12"})
    assert not isinstance(info.value, FieldErrors)
    assert (info.value.key, info.value.field) == ("error.id.bin_form", "bin")


def test_settings_say_a_bad_markup_and_abc_in_vat_together(admin):
    old = catalog.get_settings(admin)
    with pytest.raises(FieldErrors) as info:
        # the VAT rate is a dated history now (save_vat_rate); the category is the setting
        catalog.save_settings(admin, {"markup_printing": "-5", "vat_printing": "abc"})
    assert _fields(info.value) == ["markup_printing", "vat_printing"]
    assert catalog.get_settings(admin) == old  # nothing saved


def test_shop_requisites_users_performers_stock_and_catalog_collect_too(admin):
    with pytest.raises(FieldErrors) as info:
        shop.validate({"name": "", "bin": "1", "iik": "x", "bik": "?", "offer_valid_days": "0"})
    assert _fields(info.value) == ["shop.name", "shop.bin", "shop.iik", "shop.bik",
                                   "shop.offer_valid_days"]
    with pytest.raises(FieldErrors) as info:
        auth.add_user(admin, "two words", "short", "boss")
    assert _fields(info.value) == ["username", "role", "password"]
    with pytest.raises(FieldErrors) as info:
        staff.add(admin, " ", "juggler", "9" * 60)
    assert _fields(info.value) == ["name", "role", "phone"]
    with pytest.raises(FieldErrors) as info:
        stock.receive(admin, "paper", "office-80-a4", "0", "-1", at="2999-01-01")
    assert _fields(info.value) == ["quantity", "price", "date"]
    with pytest.raises(FieldErrors) as info:
        stock.stock_take(admin, "paper", "office-80-a4", "x", "")
    assert _fields(info.value) == ["counted", "reason"]
    with pytest.raises(FieldErrors) as info:
        catalog.save_item(admin, "paper", {"code": "a b", "name": "", "width_mm": "0",
                                           "height_mm": "320", "gsm": "abc", "price": "1.234"})
    assert _fields(info.value) == ["code", "name", "width_mm", "gsm", "price"]
