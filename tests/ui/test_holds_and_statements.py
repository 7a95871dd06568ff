"""Customers on hold, the reconciliation statement and the cash receipt through the screens:
a manager's order for a customer past the limit waits for an administrator's login at the
desk (audited); the card says the verdict, an administrator sets the limits there and in the
payments screen; the card and the payments screen make the акт сверки and the КО-1 in Word."""
from datetime import datetime, timedelta

from app.i18n import t
from app.services import holds, payments
from app.ui.widgets.formatting import tcap
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.services.test_payments import invoiced
from tests.ui.conftest import dialog_of, docx_text, login_admin, login_manager, pump, wait_document
from tests.ui.test_forms_and_screen import laptop_display  # noqa: F401 (a fixture)


def _days_ago(days):
    return (datetime.now() - timedelta(days=days)).strftime("%Y-%m-%d 10:00:00")


def _overdue(session, customer, tmp_path, days=60):
    """A delivered order invoiced `days` ago: past its 10 days' term by days - 10."""
    now = session.now
    session.now = lambda: _days_ago(days)
    try:
        return invoiced(session, customer, tmp_path)
    finally:
        session.now = now


def _picked(q, name):
    q.picker.var.set(name)
    q.picker._fill()
    q.picker.combo.current(0)
    q.picker.combo.event_generate("<<ComboboxSelected>>")


def test_an_order_past_the_limit_waits_for_the_administrators_login(
        make_app, db_path, admin, manager, customer, tmp_path):
    from app.ui.dialogs.hold import HoldDialog
    order, _ = _overdue(manager, customer, tmp_path)
    holds.set_limits(admin, "", "30")  # shop-wide: 30 days past due allowed; this is 50
    app = login_manager(make_app(db_path))
    before = app.ctx.db.scalar("SELECT count(*) FROM orders")
    q = app.new_quote()
    _picked(q, "алтын")
    pump(app)
    # warned as soon as the customer is picked
    assert q.save_message.note.cget("text").startswith(t("ui.hold.on_hold", overdue="")[:6])
    q.save_order_button.invoke()
    pump(app)
    d = dialog_of(HoldDialog)
    assert d is not None
    assert app.ctx.db.scalar("SELECT count(*) FROM orders") == before  # nothing yet
    # the manager's own login is no administrator's word: said at the user name
    d.form.fields["username"].set("manager")
    d.form.fields["password"].set(MANAGER_PASSWORD)
    d.button_by_key["ui.hold.allow"].invoke()
    pump(app)
    assert d.form.fields["username"].error.cget("text")
    assert dialog_of(HoldDialog) is d
    d.form.fields["username"].set("admin")
    d.form.fields["password"].set("not the password")
    d.button_by_key["ui.hold.allow"].invoke()
    pump(app)
    assert d.form.fields["password"].error.cget("text")
    assert app.ctx.db.scalar("SELECT count(*) FROM orders") == before
    d.form.fields["password"].set(ADMIN_PASSWORD)
    d.button_by_key["ui.hold.allow"].invoke()
    pump(app)
    assert dialog_of(HoldDialog) is None
    assert app.ctx.db.scalar("SELECT count(*) FROM orders") == before + 1
    row = app.ctx.db.one("SELECT user_id, details FROM audit_log "
                         "WHERE action = 'order.hold_override'")
    assert row is not None and '"approved_by": "admin"' in row["details"]
    screens = [s for k, s in app.screens.items() if k.startswith("order-")]
    assert screens and screens[-1].order.customer_id == customer.id

    # a repeat of the old order asks the same; Cancel creates nothing
    s = app.open_screen("order", order_id=order.id)
    s.repeat_button.invoke()
    pump(app)
    app.ctx.root.update()
    from app.ui.dialogs.repeat import RepeatDialog
    dialog_of(RepeatDialog).button_by_key["ui.repeat.create"].invoke()
    pump(app)
    d = dialog_of(HoldDialog)
    assert d is not None
    d.button_by_key["ui.button.cancel"].invoke()
    pump(app)
    assert app.ctx.db.scalar("SELECT count(*) FROM orders") == before + 1


def test_card_says_the_verdict_and_the_administrator_sets_the_limits(
        make_app, db_path, manager, customer, tmp_path):
    from app.ui.dialogs.hold import HoldLimitsDialog
    order, _ = _overdue(manager, customer, tmp_path, days=40)
    app = login_admin(make_app(db_path))
    card = app.open_screen("customer_card", customer_id=customer.id)
    pump(app)
    owed = order.estimate.price_gross
    assert not card.hold_status["on_hold"] and card.hold_status["overdue"] == owed
    assert t("ui.hold.no_limits") in card.hold_line.cget("text")
    card.limits_button.invoke()
    d = dialog_of(HoldLimitsDialog)
    d.form.fields["hold_amount"].set("много")
    d.form.fields["hold_days"].set("-3")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    # both bad boxes are marked after one Save, nothing written
    assert d.form.fields["hold_amount"].error.cget("text")
    assert d.form.fields["hold_days"].error.cget("text")
    assert holds.limits(app.ctx.session, customer.id) == {"amount": None, "days": None}
    d.form.fields["hold_amount"].set("1000")
    d.form.fields["hold_days"].set("")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert dialog_of(HoldLimitsDialog) is None
    assert card.hold_status["on_hold"] and card.hold_status["reasons"] == ["amount"]
    assert "danger" in str(card.hold_line.cget("style")).lower()  # in red
    assert card.hold_line.cget("text").startswith(t("ui.hold.on_hold", overdue="")[:6])
    # the shop-wide limits beside the receivables
    screen = app.open_screen("payments")
    pump(app)
    screen.hold_button.invoke()
    d = dialog_of(HoldLimitsDialog)
    assert d.customer is None
    d.form.fields["hold_days"].set("25")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert holds.limits(app.ctx.session) == {"amount": None, "days": 25}
    # a manager sees the card's line but not the limits button
    app2 = login_manager(make_app(db_path))
    card2 = app2.open_screen("customer_card", customer_id=customer.id)
    pump(app2)
    assert not card2.limits_button.winfo_ismapped()
    assert card2.hold_status["on_hold"]


def test_reconciliation_statement_from_the_card(admin_app, manager, customer, tmp_path,
                                               documents_dir):
    from app.ui.dialogs.documents import PeriodDialog
    order, number = _overdue(manager, customer, tmp_path, days=20)
    app = admin_app
    payments.record(app.ctx.session, customer.id, "1000", app.ctx.session.now()[:10], "cash",
                    "квитанция 7")
    card = app.open_screen("customer_card", customer_id=customer.id)
    pump(app)
    card.reconciliation_button.invoke()
    d = dialog_of(PeriodDialog)
    today = app.ctx.session.now()[:10]
    assert d.form.fields["date_from"].get() == today[:4] + "-01-01"
    d.form.fields["date_from"].set("")
    d.form.fields["date_to"].set("01.01.2026")
    d.button_by_key["ui.docs.make"].invoke()
    pump(app)
    assert dialog_of(PeriodDialog) is d  # both days wrong: both said, the dialog stays
    assert d.form.fields["date_from"].error.cget("text")
    assert d.form.fields["date_to"].error.cget("text")
    d.form.fields["date_from"].set(_days_ago(30)[:10])
    d.form.fields["date_to"].set(today)
    d.button_by_key["ui.docs.make"].invoke()
    notice = wait_document(app)
    text = docx_text(notice.path)
    assert number in text and customer.name in text
    owed = order.estimate.price_gross - 1000
    from app.i18n import format_number
    assert format_number(owed, 2) in text  # the closing balance the customer owes


def test_cash_receipt_order_from_the_payments_screen(admin_app, customer, documents_dir):
    app = admin_app
    session = app.ctx.session
    bank = payments.record(session, customer.id, "500", session.now()[:10], "bank", "п/п 3")
    cash = payments.record(session, customer.id, "2500", session.now()[:10], "cash",
                           "квитанция 9")
    s = app.open_screen("payments", customer_id=customer.id)
    pump(app)
    s.cash_button.invoke()
    assert s.message.cget("text") == t("ui.payments.pick_payment")
    s.payments.tree.selection_set(str(bank["id"]))
    s.cash_button.invoke()  # a bank payment gets no cash order: said at once
    assert s.message.cget("text") == tcap("error.cash_order.not_cash")
    s.payments.tree.selection_set(str(cash["id"]))
    s.cash_button.invoke()
    notice = wait_document(app)
    text = docx_text(notice.path)
    assert "2 500" in text.replace("\u00a0", " ") and customer.name in text
    assert app.ctx.db.scalar("SELECT count(*) FROM cash_orders") == 1


def test_the_money_buttons_are_whole_on_the_shops_screen_in_kazakh(
        laptop_display, make_app, db_path, customer, monkeypatch):  # noqa: F811
    """Kazakh words are the longest: on a 1366×768 screen every button of the payments screen
    and of the customer card shows its whole text (pack shrinks the last one first)."""
    monkeypatch.setenv("DISPLAY", laptop_display)
    app = login_admin(make_app(db_path, "kk", prefs={"theme": "light", "language": "kk",
                                                     "geometry": "1920x1080", "last_user": ""}))
    for name in ("payments", "customer_card"):
        screen = app.open_screen(name, customer_id=customer.id)
        pump(app, 10)
        app.root.update_idletasks()
        buttons = [w for w in _all(screen) if w.winfo_class() == "TButton" and w.winfo_ismapped()]
        assert len(buttons) >= 5
        for b in buttons:
            assert b.winfo_width() >= b.winfo_reqwidth(), (b.cget("text"), b.winfo_width(),
                                                           b.winfo_reqwidth())


def _all(widget):
    for child in widget.winfo_children():
        yield child
        yield from _all(child)
