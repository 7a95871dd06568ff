"""First start, login as each role, logout, the manager refused, preferences remembered."""
import json
import os

import pytest

from app import config, i18n
from app.domain.errors import PermissionDenied
from app.i18n import t
from app.services import auth, catalog, shop
from app.storage.opening import open_database
from app.ui import prefs as prefs_mod
from app.ui.widgets.dialog import Dialog
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.ui.conftest import last_dialog, login, login_admin, login_manager, pump


def menu_labels(menu):
    return [menu.entrycget(i, "label") for i in range(menu.index("end") + 1)
            if menu.type(i) not in ("separator", "tearoff")]


def test_first_start_wizard_creates_the_admin_and_the_requisites(make_app, tmp_path):
    path = tmp_path / "fresh.sqlite3"
    app = make_app(path)
    w = app.wizard
    assert w is not None and app.login is None
    w.lang_buttons["kk"].invoke()  # the wizard comes back in Kazakh
    pump(app)
    assert i18n.language() == "kk"
    w = app.wizard
    assert w.next_button.cget("text") == t("ui.button.next", "kk")
    w.lang_buttons["en"].invoke()
    pump(app)
    w = app.wizard
    w.next_button.invoke()
    f = w.shop_form.fields
    f["shop.name"].set("Baspa Servis LLP")
    f["shop.bin"].set("12345")  # too short: refused at the field
    w.next_button.invoke()
    pump(app)
    assert w.step == 1
    assert f["shop.bin"].error.cget("text") == t("error.id.bin_form")
    assert f["shop.bin"].error.winfo_ismapped()
    f["shop.bin"].set("123456789013")
    f["shop.iik"].set("KZ233456789012345678")
    f["vat_payer"].set(False)
    w.next_button.invoke()
    assert w.step == 2
    a = w.admin_form.fields
    a["password"].set("short")
    a["password2"].set("short")
    w.next_button.invoke()
    assert a["password"].error.cget("text") == t("error.password.too_short", min=8)
    a["password"].set("boss-pass-123")
    a["password2"].set("boss-pass-124")
    w.next_button.invoke()
    assert a["password2"].error.cget("text") == t("ui.error.passwords_differ")
    a["password2"].set("boss-pass-123")
    w.next_button.invoke()
    pump(app)
    assert app.ctx.session is not None and app.ctx.user.username == "admin"
    assert app.notebook is not None
    db = open_database(path)
    try:
        assert not auth.needs_first_admin(db)
        session = auth.login(db, "admin", "boss-pass-123")
        req = shop.requisites(session)
        assert req["name"] == "Baspa Servis LLP" and req["bin"] == "123456789013"
        assert catalog.get_settings(session).vat_payer is False
    finally:
        db.close()


def test_wrong_password_is_said_at_the_login(make_app, db_path):
    app = make_app(db_path)
    login(app, "admin", "not-the-password")
    assert app.ctx.session is None
    assert app.login.message.cget("text") == t("error.login.wrong")
    assert app.login.password.get() == ""


def test_admin_logs_in_sees_admin_menu_status_bar_and_logs_out(make_app, db_path):
    app = login_admin(make_app(db_path))
    labels = menu_labels(app.menubar)
    assert t("ui.menu.admin") in labels
    assert app.status_user.cget("text") == t("ui.status.user", name="Әкімші Админ",
                                             role=t("role.admin"))
    assert app.status_db.cget("text") == t("ui.status.db", path=str(db_path))
    assert "orders" in app.screens
    file_menu = app.root.nametowidget(app.menubar.entrycget(0, "menu"))
    accelerators = [file_menu.entrycget(i, "accelerator") for i in range(file_menu.index("end") + 1)
                    if file_menu.type(i) == "command"]
    assert "Ctrl+N" in accelerators and "Ctrl+S" in accelerators and "Ctrl+W" in accelerators
    app.logout_button.invoke()
    pump(app)
    assert app.ctx.session is None and app.login is not None
    assert app.login.username.get() == "admin"  # remembered


def test_manager_changes_his_password_and_sees_no_admin_screens(make_app, db_path):
    app = login_manager(make_app(db_path))
    assert not app.ctx.is_admin
    assert t("ui.menu.admin") not in menu_labels(app.menubar)
    assert app.open_screen("admin_settings") is None  # refused politely
    d = last_dialog()
    assert t("error.permission.admin_only") in [w.cget("text") for w in d.body.winfo_children()]
    d.close()
    with pytest.raises(PermissionDenied):
        catalog.save_settings(app.ctx.session, {"markup_printing": "10"})
    with pytest.raises(PermissionDenied):
        auth.list_users(app.ctx.session)
    assert "admin_settings" not in app.screens


def test_forced_password_change_says_what_is_wrong_and_cancel_logs_out(make_app, db_path):
    with open_database(db_path) as db:
        auth.force_password_change(auth.login(db, "admin", ADMIN_PASSWORD),
                                   auth.login(db, "manager", MANAGER_PASSWORD).user.id)
    app = make_app(db_path)
    login(app, "manager", MANAGER_PASSWORD)
    d = last_dialog()
    assert t("ui.password.forced") in [w.cget("text") for w in d.body.winfo_children()
                                       if w.winfo_class() == "TLabel"]
    d.form.fields["old_password"].set(MANAGER_PASSWORD)
    d.form.fields["new_password"].set("manager-new-1")
    d.form.fields["password2"].set("manager-new-2")
    d.button_by_key["ui.button.save"].invoke()
    assert d.form.fields["password2"].error.cget("text") == t("ui.error.passwords_differ")
    assert d.form.fields["new_password"].get() == "manager-new-1"  # nothing typed is lost
    d.button_by_key["ui.button.cancel"].invoke()  # what was typed is asked about first
    pump(app)
    assert d in Dialog.open_dialogs
    last_dialog().button_by_key["ui.button.discard"].invoke()
    pump(app)
    assert d not in Dialog.open_dialogs
    assert app.ctx.session is None and app.login is not None  # back at the login window
    with open_database(db_path) as db:  # the old password still opens, and still must be changed
        assert auth.login(db, "manager", MANAGER_PASSWORD).user.must_change_password
    # Esc on the forced change is Cancel too, not a way past it
    login(app, "manager", MANAGER_PASSWORD)
    d = last_dialog()
    field = d.form.fields["old_password"].widget
    field.focus_force()
    pump(app)
    field.event_generate("<Escape>")  # where the manager's cursor is
    pump(app)
    assert d not in Dialog.open_dialogs
    assert app.ctx.session is None and app.login is not None


def test_keyboard_shortcuts_open_and_close_tabs(admin_app):
    app = admin_app
    app.root.focus_force()
    pump(app)
    app.root.event_generate("<Control-n>", when="tail")
    pump(app)
    quote_keys = [k for k in app.screens if k.startswith("quote-")]
    assert len(quote_keys) == 1
    screen = app.screens[quote_keys[0]]
    assert app.current_screen() is screen
    app.root.event_generate("<Control-w>", when="tail")
    pump(app)
    assert quote_keys[0] not in app.screens


def test_closing_an_edited_quote_asks_first(admin_app):
    app = admin_app
    q = app.new_quote()
    q.job.fields["quantity"].set("2500")
    pump(app)
    app.close_current()
    d = last_dialog()
    d.button_by_key["ui.button.no"].invoke()
    assert q.key in app.screens
    app.close_current()
    last_dialog().button_by_key["ui.button.discard"].invoke()
    pump(app)
    assert q.key not in app.screens


def test_theme_language_and_size_are_remembered(make_app, db_path):
    app = login_admin(make_app(db_path))
    app.set_theme("dark")
    app.set_language("kk")
    pump(app)
    assert app.menubar.entrycget(0, "label") == t("ui.menu.file", "kk")
    app.root.geometry("1100x700")
    pump(app)
    app.quit()
    saved = json.load(open(os.path.join(str(config.data_dir()), "ui.json"), encoding="utf-8"))
    assert saved["theme"] == "dark" and saved["language"] == "kk"
    assert saved["geometry"] == "1100x700"
    loaded = prefs_mod.load()
    assert loaded["theme"] == "dark" and loaded["last_user"] == "admin"


def test_unexpected_error_is_logged_and_shown_politely(admin_app):
    app = admin_app

    def boom():
        raise RuntimeError("a bug")
    app.root.after_idle(boom)
    pump(app)
    d = last_dialog()
    texts = " ".join(w.cget("text") for w in d.body.winfo_children())
    assert "Traceback" not in texts and "a bug" not in texts
    log = os.path.join(str(config.log_dir()), "iprint.log")
    assert texts == t("error.unexpected", log=log)
    assert "RuntimeError: a bug" in open(log, encoding="utf-8").read()
