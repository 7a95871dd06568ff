"""The layout stays under the pointer (issue 17 item 3): an error keeps the fields below it and
a dialog's buttons where they were, a long quantity does not narrow the job's column, and
another product type does not move the middle column. Real windows on a 1366×768 Xvfb, in
Kazakh (the longest labels), measured with winfo_rootx/rooty/width/height."""
import pytest

from tests.ui.conftest import last_dialog, login_admin, pump
from tests.ui.test_forms_and_screen import laptop_display, type_text  # noqa: F401 (a fixture)


def geometry(widget):
    return (widget.winfo_rootx(), widget.winfo_rooty(), widget.winfo_width(),
            widget.winfo_height())


def within(widget, top):
    """(x, y) of widget inside top, from the geometry managers (below the visible part of a
    scrolled page a widget is not mapped, and its root position says nothing)."""
    x = y = 0
    while widget is not top:
        x, y = x + widget.winfo_x(), y + widget.winfo_y()
        widget = widget.master
    return x, y


@pytest.fixture
def kk_laptop(request, make_app, db_path, monkeypatch):
    monkeypatch.setenv("DISPLAY", request.getfixturevalue("laptop_display"))
    app = make_app(db_path, "kk", prefs={"theme": "light", "language": "kk",
                                         "geometry": "1920x1080", "last_user": ""})
    return login_admin(app)


def quote_geometry(q):
    """Where the three columns and every shown input of the quote are, on the screen (the page
    scrolls a focused field into view: that is not the layout moving)."""
    def at(widget):
        x, y, w, h = geometry(widget)
        return (x - q.winfo_rootx(), y - q.winfo_rooty(), w, h)
    # a column's height follows the page (it grows to what the screen asks within 250 ms)
    shown = {c: at(getattr(q, c))[:3] for c in ("col_a", "col_b", "col_c")}
    for form in (q.job, q.terms):
        for name, field in form.fields.items():
            if field.visible:
                shown[name] = at(field.box)
    return shown


def test_a_bad_quantity_moves_no_field_and_narrows_no_column(kk_laptop):
    app = kk_laptop
    q = app.open_screen("quote")
    pump(app, 10)
    before = quote_geometry(q)
    field = q.job.fields["quantity"]
    field.set("")
    type_text(app, field.widget, "99999999999999999999")  # 20 digits: the range message
    pump(app, 10)
    assert field.error.winfo_ismapped() and field.error.cget("text")
    after = quote_geometry(q)
    moved = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not moved
    # the message is whole on one line inside the job's box
    assert field.error.winfo_reqheight() <= q.job._error_height


def test_another_product_type_keeps_the_columns_in_place(kk_laptop):
    app = kk_laptop
    q = app.open_screen("quote")
    pump(app, 10)
    seen = {}
    for ptype in ("printing", "blank", "journal", "label", "printing"):
        q.type_buttons[ptype].invoke()
        pump(app, 10)
        seen[ptype] = (geometry(q.col_a)[::2], geometry(q.col_b)[::2], geometry(q.col_c)[::2])
    assert len(set(seen.values())) == 1, seen  # x and width of each column
    # the job's inputs keep their left edge and width too (the label column is steady)
    xs = set()
    for ptype in ("printing", "journal", "label"):
        q.type_buttons[ptype].invoke()
        pump(app, 10)
        xs.add(geometry(q.job.fields["quantity"].widget)[::2])
    assert len(xs) == 1, xs


def test_a_dialogs_save_button_and_fields_stay_after_errors(kk_laptop):
    app = kk_laptop
    s = app.open_screen("customers")
    s.new_button.invoke()
    pump(app)
    d = last_dialog()
    save = d.button_by_key["ui.button.save"]
    fields = d.form.fields
    before = [geometry(save), geometry(d)] + [geometry(f.box) for f in fields.values()]
    type_text(app, fields["bin"].widget, "123")
    type_text(app, fields["email"].widget, "ivan@")
    save.invoke()
    pump(app, 5)
    assert fields["bin"].error.winfo_ismapped() and fields["email"].error.winfo_ismapped()
    after = [geometry(save), geometry(d)] + [geometry(f.box) for f in fields.values()]
    assert after == before
    assert app.root.focus_get() is fields["name"].widget  # the first bad field: name is empty


def test_a_refused_save_keeps_the_ladder_in_place(kk_laptop):
    app = kk_laptop
    q = app.open_screen("quote")
    pump(app, 10)
    ladder = q.ladder_cells[("price_net", 0)]
    q.update_idletasks()
    before = within(ladder, q)
    q.save_quote_button.invoke()  # no customer: refused, said under the buttons
    q.job.fields["quantity"].set("0")
    pump(app, 5)
    q.save_quote_button.invoke()
    pump(app, 5)
    assert q.save_message.note.cget("text")
    after = within(ladder, q)
    assert after == before
