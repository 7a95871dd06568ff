"""Repeat an order (issue 17.8), through the order screen's button: the old price beside today's
before anything is created, the old rush surcharge and discount asked about (not copied), the
figures following the switches, and the copy made as chosen."""
from decimal import Decimal

from app.i18n import t
from app.services import customers, orders
from app.ui.dialogs.repeat import RepeatDialog
from app.ui.widgets.formatting import money
from tests.costing.specs import CARDS
from tests.ui.conftest import dialog_of, pump


def test_repeat_shows_both_prices_and_asks_about_rush_and_discount(admin_app):
    app = admin_app
    session = app.ctx.session
    customer = customers.save(session, {"name": "ТОО «Қайталау»", "discount_pct": "5"})
    old = orders.create(session, dict(CARDS, rush=True, discount_pct="10"), customer.id,
                        "approved")
    s = app.open_screen("order", order_id=old.id)
    pump(app)
    before = app.ctx.db.scalar("SELECT count(*) FROM orders")
    s.repeat_button.invoke()
    pump(app)
    d = dialog_of(RepeatDialog)
    assert d is not None, "the repeat asks first"
    assert d.old_price.cget("text") == money(old.estimate.price_gross)
    # neither the rush nor the old discount is taken without being asked
    assert d.rush_check is not None and not d.rush_var.get()
    assert d.discount_check is not None and not d.discount_var.get()
    plain = orders.quote(session, dict(CARDS, rush=False, discount_pct="5"))
    assert d.today_price.cget("text") == money(plain.price_gross)
    assert d.note.cget("text") == t("ui.repeat.cheaper",
                                    diff=money(old.estimate.price_gross - plain.price_gross))
    d.rush_check.invoke()  # keep the rush: today's figure follows
    pump(app)
    rushed = orders.quote(session, dict(CARDS, rush=True, discount_pct="5"))
    assert d.today_price.cget("text") == money(rushed.price_gross)
    d.ok_button.invoke()
    pump(app)
    assert dialog_of(RepeatDialog) is None
    copy = app.current_screen().order
    assert copy.id != old.id and copy.customer_id == customer.id
    assert copy.estimate.spec.rush is True
    assert copy.estimate.spec.discount_pct == Decimal("5")
    assert copy.estimate.price_gross == rushed.price_gross
    assert app.ctx.db.scalar("SELECT count(*) FROM orders") == before + 1


def test_a_cancelled_repeat_creates_nothing(admin_app, customer):
    app = admin_app
    session = app.ctx.session
    old = orders.create(session, dict(CARDS, discount_pct="5"), customer.id, "approved")
    s = app.open_screen("order", order_id=old.id)
    pump(app)
    count = app.ctx.db.scalar("SELECT count(*) FROM orders")
    s.repeat_button.invoke()
    pump(app)
    d = dialog_of(RepeatDialog)
    assert d.rush_check is None and d.discount_check is None  # no rush, the discount as today
    d.close()
    pump(app)
    assert app.ctx.db.scalar("SELECT count(*) FROM orders") == count
