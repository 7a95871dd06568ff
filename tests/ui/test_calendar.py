"""The calendar of date fields: real windows under Xvfb, driven through their widgets."""
from datetime import date, timedelta

from app.i18n import t
from app.ui.widgets.calendar import CalendarDialog, add_months
from tests.ui.conftest import dialog_of, login_manager, pump

CARDS = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
         "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}


def test_add_months_keeps_the_day_inside_short_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert add_months(date(2026, 3, 31), -13) == date(2025, 2, 28)


def _open(app, entry):
    entry.calendar_button.invoke()
    pump(app)
    return dialog_of(CalendarDialog)


def _key(app, d, key):
    """A key pressed in the calendar (key events go to the window with the focus)."""
    d.focus_force()
    pump(app)
    d.event_generate(key)
    pump(app)


def _button_of(d, day):
    return d.day_buttons[d.days.index(day)]


def test_pick_a_day_in_kazakh_into_the_orders_filter(make_app, db_path, customer):
    from app.services import orders
    app = make_app(db_path, lang="kk")
    login_manager(app)
    orders.create(app.ctx.session, CARDS, customer.id, "approved")  # made today
    s = app.open_screen("orders")
    s.reload()
    pump(app)
    assert len(s.table.tree.get_children()) == 1
    s.from_var.set("2026-02-10")
    d = _open(app, s.from_entry)
    # the field's month, Monday first, in Kazakh
    assert d.header.cget("text") == "Ақпан 2026"
    heads = [w.cget("text") for w in d.day_buttons[0].master.grid_slaves(row=0)]
    assert sorted(heads) == sorted(t("ui.calendar.wd.{}".format(i)) for i in range(7))
    assert d.days[:7] == [None, None, None, None, None, None, date(2026, 2, 1)]  # a Sunday
    assert d.days.count(None) == 42 - 28
    assert "primary" in str(_button_of(d, date(2026, 2, 10)).cget("style")).lower()
    # a month on: the field's date stays marked when the selection moves
    d.next_button.invoke()
    assert d.header.cget("text") == "Наурыз 2026"
    d.prev_button.invoke()
    d.move(days=1)
    assert "primary" in str(_button_of(d, date(2026, 2, 11)).cget("style")).lower()
    assert "outline" in str(_button_of(d, date(2026, 2, 10)).cget("style")).lower()
    d.move(months=1)
    assert d.header.cget("text") == "Наурыз 2026"
    _button_of(d, date(2026, 3, 3)).invoke()
    pump(app)
    assert s.from_var.get() == "2026-03-03"
    assert dialog_of(CalendarDialog) is None  # closed
    # the list follows the picked day at once: from tomorrow on, today's order is gone
    tomorrow = date.today() + timedelta(days=1)
    d = _open(app, s.from_entry)
    d.move_to(tomorrow)
    _button_of(d, tomorrow).invoke()
    pump(app)
    assert s.from_var.get() == tomorrow.isoformat()
    assert len(s.table.tree.get_children()) == 0


def test_keyboard_and_a_half_typed_date(make_app, db_path):
    app = make_app(db_path, lang="ru")
    login_manager(app)
    s = app.open_screen("orders")
    pump(app)
    s.to_var.set("2026-13-")  # half typed: the calendar starts at today, the text stays
    d = _open(app, s.to_entry)
    assert d.selected == date.today() and s.to_var.get() == "2026-13-"
    d.move_to(date(2026, 1, 30))
    _key(app, d, "<Down>")  # a week on, into February
    _key(app, d, "<Next>")  # a month on
    assert d.selected == date(2026, 3, 6)
    assert d.header.cget("text") == "Март 2026"
    _key(app, d, "<Return>")
    # the ends of the calendar hold
    d2 = _open(app, s.to_entry)
    d2.move_to(date(9999, 12, 20))
    d2.move(months=1)
    d2.move(days=30)
    assert d2.selected == date(9999, 12, 20)
    assert d2.days.count(date(9999, 12, 1)) == 1 and date(9999, 12, 31) in d2.days
    _key(app, d2, "<Escape>")
    assert s.to_var.get() == "2026-03-06"
    # Escape leaves the field as it is
    d = _open(app, s.to_entry)
    assert d.selected == date(2026, 3, 6)
    _key(app, d, "<Escape>")
    assert s.to_var.get() == "2026-03-06"
    assert not d.winfo_exists()
    # the Today button
    d = _open(app, s.to_entry)
    d.button_by_key["ui.calendar.today"].invoke()
    pump(app)
    assert s.to_var.get() == date.today().isoformat()


def test_form_date_field_of_the_period_dialog(make_app, db_path):
    """The documents' period dialog: a Form date field keeps its error line and value, and its
    calendar, on top of that dialog, fills it."""
    from app.ui.dialogs.documents import PeriodDialog
    app = make_app(db_path, lang="en")
    login_manager(app)
    pd = app.report_register()
    assert isinstance(pd, PeriodDialog)
    field = pd.form.fields["date_from"]
    assert field.widget.winfo_class() == "TEntry" and field.box is not field.widget
    field.set("2026-02-30")
    pd.button_by_key["ui.docs.make"].invoke()
    assert field.error.cget("text") == t("error.field.date")  # typed dates are still checked
    field.set("2026-05-20")
    cal = _open(app, field.widget)
    assert cal.header.cget("text") == "May 2026"
    _button_of(cal, date(2026, 5, 4)).invoke()
    pump(app)
    assert field.get() == "2026-05-04"
    assert dialog_of(PeriodDialog) is pd  # the period dialog is still there, modal again
    assert pd.grab_current() is pd
