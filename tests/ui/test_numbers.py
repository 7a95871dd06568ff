"""Issue 17.6: numbers as a person reads them. A 20-digit quantity is out of the range (it is
a whole number); range messages group their digits; the quantity ladder keeps to the quantity
field's limits and shows nothing for a bad quantity; the offer's extra quantities name the box
that is wrong."""
import pytest

from app.domain import inputs
from app.domain.errors import ValidationError
from app.domain.job import MAX_QUANTITY, JobSpec
from app.i18n import error_text, format_number, language, set_language, t
from app.services import orders
from app.ui.dialogs.documents import OfferDialog
from tests.ui.conftest import dialog_of, pump
from tests.ui.test_documents import CARDS
from tests.ui.test_quote_and_order import type_into

NBSP = "\u00a0"


@pytest.mark.parametrize("lang, words", [
    ("kk", "1 мен 10{0}000{0}000"), ("ru", "от 1 до 10{0}000{0}000"), ("en", "from 1 to 10{0}000{0}000")])
def test_a_twenty_digit_quantity_is_told_the_range_with_grouped_digits(admin_app, lang, words):
    app = admin_app
    before = language()
    set_language(lang)
    try:
        q = app.new_quote()
        f = q.job.fields["quantity"]
        type_into(app, f, "12345678901234567890")
        assert f.error.winfo_ismapped()
        text = f.error.cget("text")
        assert text == t("error.field.out_of_range", low="1", high=format_number(MAX_QUANTITY, 0))
        assert words.format(NBSP) in text and t("error.field.not_integer") != text
    finally:
        set_language(before)


def test_every_way_a_quantity_is_typed_says_the_range():
    for typed in ("12345678901234567890", "99 999 999 999 999 999 999", "10000001", "0", "-5"):
        with pytest.raises(ValidationError) as err:
            JobSpec.from_dict({"product_type": "printing", "quantity": typed})
        assert err.value.key == "error.field.out_of_range", typed
    with pytest.raises(ValidationError) as err:
        inputs.number("12345678901234567890", "price", 0, 10 ** 9)
    assert err.value.key == "error.field.out_of_range"
    assert "1" + NBSP + "000" + NBSP + "000" + NBSP + "000" in error_text(err.value, "ru")


def _ladder_quantities(q):
    return [v.get() for v in q.ladder_vars]


def _ladder_prices(q):
    return [q.ladder_cells[("price_gross", i)].cget("text") for i in range(3)]


def test_the_ladder_follows_the_quantity_limits(admin_app):
    app = admin_app
    q = app.new_quote()
    f = q.job.fields["quantity"]
    type_into(app, f, "9999999")
    assert _ladder_quantities(q)[0] == format_number(9999999, 0)
    for bad in ("0", "-3", "12345678901234567890", "abc"):
        type_into(app, f, bad)
        assert _ladder_quantities(q) == ["", "", ""], bad  # no stale 9 999 999…
        assert _ladder_prices(q) == ["—"] * 3, bad
    # 5,000,000 × 2 is the field's limit itself; × 5 is beyond it: not priced, not shown
    type_into(app, f, "5000000")
    spec = q.spec
    assert _ladder_quantities(q) == [format_number(5000000, 0), format_number(10000000, 0), ""]
    prices = _ladder_prices(q)
    assert prices[2] == "—" and prices[0] != "—" and prices[1] != "—"
    ladder = orders.quote_ladder(app.ctx.session, spec, [5000000, 10000000, 25000000])
    assert ladder[2] is None and ladder[1] is not None
    # a quantity typed into the ladder beyond the limit is not priced either
    q.ladder_auto[1] = False
    q.ladder_vars[1].set("25000000")
    pump(app)
    assert _ladder_prices(q)[1] == "—"


def test_the_offer_names_the_box_that_is_wrong(admin_app, customer, documents_dir):
    app = admin_app
    order = orders.create(app.ctx.session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=order.id)
    pump(app)
    s.offer_button.invoke()
    d = dialog_of(OfferDialog)
    d.quantity_vars[2].set("много")
    d.button_by_key["ui.docs.make"].invoke()
    pump(app)
    text = d.error.cget("text")
    assert text.startswith(t("error.frame.box", box=3, message="")[:6]) and "3" in text
    assert str(d.entries[2].cget("style")).startswith("danger")
    assert app.root.focus_get() is d.entries[2]
    d.quantity_vars[2].set("")
    d.quantity_vars[0].set("12345678901234567890")
    d.button_by_key["ui.docs.make"].invoke()
    pump(app)
    text = d.error.cget("text")
    assert t("error.frame.box", box=1, message="").strip(" —") in text
    assert format_number(MAX_QUANTITY, 0) in text
    d.close()
