"""Two administrators at once (issue 16 items 7 and 8), driven through the real screens: the
second, stale save of a paper, the settings or a user is told and keeps its typing; a window
whose user was deactivated meanwhile goes back to the login at its next action, saying why."""
from app.i18n import t
from app.services import auth, catalog, shop
from app.storage import users as users_db
from app.ui.widgets.dialog import Dialog
from tests.conftest import MANAGER_PASSWORD, OTHER_ADMIN_PASSWORD
from tests.ui.conftest import last_dialog, login, pump, wait_for

PAPER = "office-80-a3"


def _said(text):
    """The text of the newest dialog, closed after reading."""
    d = last_dialog()
    said = d.body.winfo_children()[0].cget("text")
    d.close()
    return said == text


def test_a_stale_paper_save_is_told_and_the_typing_stays(admin_app, other_admin):
    app = admin_app
    s = app.open_screen("admin_catalog")
    tab = s.tabs["paper"]
    tab.table.tree.selection_set(PAPER)
    pump(app)
    f = tab.form.fields
    f["name"].set("Моя правка")
    f["price"].set("12,50")
    # meanwhile the other administrator saves the same paper
    p = catalog.get_catalog(other_admin).papers[PAPER]
    catalog.save_item(other_admin, "paper", dict(
        code=p.code, name=p.name, width_mm=p.width_mm, height_mm=p.height_mm, gsm=p.gsm,
        price="99", active=True))  # his screen's save; this test runs on the old code too
    tab.save_button.invoke()
    pump(app)
    assert _said(t("error.conflict.edited"))
    assert (f["name"].get(), f["price"].get()) == ("Моя правка", "12,50")
    assert tab.message.cget("text") == ""
    tab.save_button.invoke()  # saved again without looking: told again
    pump(app)
    assert _said(t("error.conflict.edited"))
    paper = catalog.get_catalog(other_admin).papers[PAPER]
    assert paper.price == 99 and paper.name == p.name
    # reopened, the other's values show; typed again, the save goes through
    tab.table.tree.selection_remove(PAPER)
    tab.table.tree.selection_set(PAPER)
    pump(app)
    assert f["price"].get() == "99"
    f["name"].set("Моя правка")
    tab.save_button.invoke()
    pump(app)
    assert not Dialog.open_dialogs
    assert catalog.get_catalog(other_admin).papers[PAPER].name == "Моя правка"


def test_a_new_paper_with_a_code_in_use_is_told_at_the_code(admin_app):
    app = admin_app
    tab = app.open_screen("admin_catalog").tabs["paper"]
    tab.new_button.invoke()
    f = tab.form.fields
    for name, value in (("code", PAPER), ("name", "Другая"), ("width_mm", "297"),
                        ("height_mm", "420"), ("gsm", "80"), ("price", "1")):
        f[name].set(value)
    tab.save_button.invoke()
    pump(app)
    assert f["code"].error.cget("text") == t("error.catalog.code_taken", code=PAPER)
    assert catalog.get_catalog(app.ctx.session).papers[PAPER].name != "Другая"


def test_a_stale_settings_save_is_told_and_the_typing_stays(admin_app, other_admin):
    app = admin_app
    s = app.open_screen("admin_settings")
    s.shop_form.fields["shop.name"].set("ЖШС «Баспа»")
    s.form.fields["markup_printing"].set("61")
    catalog.save_settings(other_admin, {"overhead_pct": "33"})
    s.save_button.invoke()
    pump(app)
    assert _said(t("error.conflict.edited"))
    assert s.form.fields["markup_printing"].get() == "61"
    assert s.shop_form.fields["shop.name"].get() == "ЖШС «Баспа»"
    settings = catalog.get_settings(other_admin)
    assert settings.overhead_pct == 33 and settings.markup_printing != 61
    # the requisites the same way: opened again, the other saves them first
    s.reload()
    s.shop_form.fields["shop.name"].set("ЖШС «Менің нұсқам»")
    shop.save_requisites(other_admin, {"name": "ЖШС «Оның нұсқасы»"})
    s.save_button.invoke()
    pump(app)
    assert _said(t("error.conflict.edited"))
    assert s.shop_form.fields["shop.name"].get() == "ЖШС «Менің нұсқам»"
    assert shop.requisites(other_admin)["name"] == "ЖШС «Оның нұсқасы»"
    s.reload()
    s.shop_form.fields["shop.name"].set("ЖШС «Менің нұсқам»")
    s.save_button.invoke()
    pump(app)
    assert s.message.cget("text") == t("ui.saved")
    assert shop.requisites(other_admin)["name"] == "ЖШС «Менің нұсқам»"


def test_a_stale_user_form_does_not_reactivate_a_user(admin_app, other_admin):
    app = admin_app
    s = app.open_screen("admin_users")
    manager = [u for u in s.users.values() if u.username == "manager"][0]
    s.table.tree.selection_set(str(manager.id))
    s.edit()
    d = last_dialog()
    d.form.fields["full_name"].set("Менеджер Ақерке Сәрсенқызы")
    # meanwhile the other administrator deactivates him
    fresh = users_db.get(other_admin.db, manager.id)
    auth.update_user(other_admin, fresh.id, fresh.full_name, "manager", False)
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert d in Dialog.open_dialogs  # the dialog stays with the typing
    assert d.form.fields["full_name"].get() == "Менеджер Ақерке Сәрсенқызы"
    assert _said(t("error.conflict.edited"))
    assert not users_db.get(app.ctx.db, manager.id).active


def _manager_window(make_app, db_path):
    app = make_app(db_path)
    login(app, "manager", MANAGER_PASSWORD)
    assert app.ctx.session is not None
    return app


def _deactivate(other_admin, app):
    m = users_db.get(other_admin.db, app.ctx.session.user.id)
    auth.update_user(other_admin, m.id, m.full_name, "manager", False)


def test_a_deactivated_users_window_goes_to_the_login_at_the_next_action(
        make_app, db_path, other_admin):
    app = _manager_window(make_app, db_path)
    s = app.open_screen("customers")
    pump(app)
    _deactivate(other_admin, app)
    s.search_var.set("Алтын")  # typing in the search: the list asks the service again
    wait_for(app, lambda: app.ctx.session is None, 10, "the logout")
    pump(app)
    assert app.login is not None and app.notebook is None
    assert _said(t("error.permission.session_ended"))


def test_a_window_nobody_touches_logs_out_at_the_next_check(make_app, db_path, other_admin):
    app = _manager_window(make_app, db_path)
    assert app.idle.check() is False and app.ctx.session is not None
    _deactivate(other_admin, app)
    assert app.idle.check() is True
    pump(app)
    assert app.ctx.session is None and app.login is not None
    assert _said(t("error.permission.session_ended"))


def test_a_demoted_administrators_window_is_refused_the_admin_screens_work(
        make_app, db_path, other_admin, admin):
    app = make_app(db_path)
    login(app, "second", OTHER_ADMIN_PASSWORD)
    s = app.open_screen("admin_users")
    me = users_db.get(admin.db, app.ctx.session.user.id)
    auth.update_user(admin, me.id, me.full_name, "manager", True)
    s.add()
    d = last_dialog()
    d.form.fields["username"].set("sneaky")
    d.form.fields["password"].set("sneaky-pass-123")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert _said(t("error.permission.admin_only"))
    assert users_db.login_row(admin.db, "sneaky") is None
    assert app.ctx.session is not None  # still logged in, as the manager he now is
