"""Short windows (a 1366 × 768 laptop, the 960 × 620 minimum): a screen taller than the window
scrolls instead of being squeezed, so every field, button, table and plot stays whole and
reachable; a tall window shows the screen as before, with no scrollbar."""
import time
import tkinter.font as tkfont

import pytest

from app.domain.catalog import PRODUCT_TYPES
from app.ui.widgets.dialog import Dialog
from tests.ui.conftest import login_admin, pump


def _app(make_app, db_path, geometry, lang="kk"):
    app = make_app(db_path, lang=lang, prefs={"theme": "light", "language": lang,
                                              "geometry": geometry, "last_user": ""})
    login_admin(app)
    pump(app, 5)
    return app


def _settle(app, screen):
    """Let the main window's page poll see the screen's new height, as it would for a person."""
    from app.ui.main_window import PAGE_POLL_MS
    pump(app, 5)
    end = time.monotonic() + 2.5 * PAGE_POLL_MS / 1000.0
    while time.monotonic() < end:
        app.root.update()
        time.sleep(0.01)
    pump(app, 3)


def _visible(page, widget):
    """Whether the whole widget lies inside the page's visible area."""
    top = page.winfo_rooty()
    y = widget.winfo_rooty()
    return widget.winfo_height() > 1 and top <= y and \
        y + widget.winfo_height() <= top + page.winfo_height()


def _reach(app, page, widget):
    """Click the scrollbar's arrow until the widget is in view."""
    for _ in range(40):
        if _visible(page, widget):
            return True
        below = widget.winfo_rooty() > page.winfo_rooty()
        # what a click on the scrollbar's arrow does: its command, through Tcl
        page.tk.call(str(page.bar.cget("command")), "scroll", 1 if below else -1, "units")
        pump(app, 2)
    return _visible(page, widget)


def _open(make_app, db_path, name, geometry="1366x768"):
    app = _app(make_app, db_path, geometry)
    screen = app.open_screen(name)
    _settle(app, screen)
    return app, screen


def test_settings_save_button_is_reachable_at_1366x768(make_app, db_path):
    app, s = _open(make_app, db_path, "admin_settings")
    page = s.page
    assert s.winfo_height() == s.winfo_reqheight()  # whole, not squeezed
    assert page.scrolling, (s.winfo_reqheight(), page.winfo_height())
    assert page.bar.winfo_ismapped()
    assert not _visible(page, s.save_button)  # below the fold at first
    assert _reach(app, page, s.save_button)


def test_a_field_that_gets_the_focus_is_scrolled_into_view(make_app, db_path):
    app, s = _open(make_app, db_path, "admin_settings", "960x620")
    page = s.page
    page.scroll_to(10 ** 6)  # to the bottom
    pump(app, 2)
    first = next(iter(s.form.fields.values())).widget
    assert page.top > 0 and not _visible(page, first)
    first.focus_force()
    pump(app, 3)
    assert _visible(page, first)


def test_wheel_scrolls_the_screen_but_not_over_a_list(make_app, db_path):
    app, q = _open(make_app, db_path, "quote")
    page = q.page
    assert page.scrolling and page.top == 0
    label = next(w for w in _descendants(q) if w.winfo_class() == "TLabel" and w.winfo_ismapped())
    _wheel_down_and_up(app, page, label)
    q.compare.tree.event_generate("<Button-5>")  # the press table scrolls itself
    pump(app, 2)
    assert page.top == 0
    # a window beside it that is not modal (a cluster's orders) leaves the wheel to the screen
    side = Dialog(app.root, "side", modal=False)
    side.present()
    pump(app, 2)
    _wheel_down_and_up(app, page, label)
    side.close()
    # a modal dialog holds the window: the screen under it stays where it is
    held = Dialog(app.root, "modal")
    held.present()
    pump(app, 2)
    label.event_generate("<Button-5>")
    pump(app, 2)
    assert page.top == 0
    held.close()
    q.dirty = False


def _wheel_down_and_up(app, page, widget):
    """A notch down over widget scrolls the page, a notch up brings it back to the top."""
    widget.event_generate("<Button-5>")
    pump(app, 2)
    assert page.top > 0
    widget.event_generate("<Button-4>")
    pump(app, 2)
    assert page.top == 0


def _descendants(widget):
    for child in widget.winfo_children():
        yield child
        yield from _descendants(child)


@pytest.mark.parametrize("geometry", ["1366x768", "960x620"])
def test_quote_keeps_the_press_comparison_and_ladder_whole(make_app, db_path, geometry):
    app = _app(make_app, db_path, geometry)
    q = app.new_quote()
    for ptype in PRODUCT_TYPES:
        q.set_type(ptype)
        _settle(app, q)
        tree = q.compare.tree
        # at least the three rows it asks for (one per press) are drawn, not a sliver
        assert tree.winfo_height() >= tree.winfo_reqheight() - 2, (ptype, tree.winfo_height())
        assert _reach(app, q.page, q.compare), ptype
        for lbl in q.ladder_cells.values():
            assert lbl.winfo_height() >= lbl.winfo_reqheight()
        # Kazakh field names whole ("Журналдағы парақ саны" was cut at 19 characters)
        font = tkfont.nametofont("TkDefaultFont")
        for form in (q.job, q.terms):
            for field in form.fields.values():
                label = field.label
                if label is not None and label.winfo_ismapped():
                    text = label.cget("text")
                    assert label.winfo_width() >= font.measure(text), text
        q.page.scroll_to(0)
        pump(app, 2)
    q.dirty = False


def test_tall_window_has_no_scrollbar(make_app, db_path):
    app = _app(make_app, db_path, "1500x1000", lang="en")
    for name in ("admin_settings", "orders", "quote"):
        s = app.open_screen(name)
        _settle(app, s)
        assert not s.page.scrolling, name
        assert not s.page.bar.winfo_ismapped(), name
        # the screen fills the page (lists and plots grow with the window)
        assert s.winfo_height() == s.page.winfo_height(), name
        assert s.winfo_width() == s.page.winfo_width(), name
        if hasattr(s, "dirty"):
            s.dirty = False


def test_analysis_plots_keep_a_readable_height_at_1366x768(make_app, analysis_db):
    from app.ui.widgets.plot import PLOT_MIN_HEIGHT
    from tests.ui.test_analysis import finish, start
    path, passwords = analysis_db
    app = make_app(path, prefs={"theme": "light", "language": "en", "geometry": "1366x768",
                                "last_user": ""})
    s = start(app, passwords)
    s.run_button.invoke()
    finish(app, s)
    s.tabs.select(s.clusters_page)
    _settle(app, s)
    widget = s.dendrogram.canvas.get_tk_widget()
    assert widget.winfo_height() >= PLOT_MIN_HEIGHT  # was squeezed to a strip
    assert s.page.scrolling
    assert _reach(app, s.page, s.dendrogram.save_button)
