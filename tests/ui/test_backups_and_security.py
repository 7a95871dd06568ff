"""Backups screen, restore, the damaged file at start, and the idle auto-logout."""
import os
import time

import pytest

from app.i18n import t
from app.services import backup, customers, security
from tests.ui.conftest import (
    ADMIN_PASSWORD,
    MANAGER_PASSWORD,
    last_dialog,
    login,
    login_admin,
    login_manager,
    pump,
    wait_for,
)


@pytest.mark.file_only  # the file's own backups, restore and damage
def test_back_up_now_then_restore_sends_everybody_to_the_login(admin_app):
    app = admin_app
    s = app.open_screen("backups")
    before = len(s.table.tree.get_children())  # the day's automatic backup, if any
    s.now_button.invoke()
    wait_for(app, lambda: s.message.cget("text"), what="the backup")
    assert s.message.cget("text").startswith(t("ui.backup.done", path="")[:10])
    assert len(s.table.tree.get_children()) == before + 1
    newest = s.table.tree.get_children()[0]
    assert os.path.isfile(s.files[newest].path)
    assert str(s.now_button.cget("state")) == "normal"
    customers.save(app.ctx.session, {"name": "Кейін қосылған"})
    s.table.tree.selection_set(newest)
    s.restore_button.invoke()
    d = last_dialog()
    assert newest in d.body.winfo_children()[0].cget("text")
    d.button_by_key["ui.button.no"].invoke()
    assert app.ctx.session is not None  # nothing happened
    s.restore_button.invoke()
    last_dialog().button_by_key["ui.backup.restore"].invoke()
    pump(app)
    assert app.ctx.session is None and app.login is not None
    assert last_dialog().body.winfo_children()[0].cget("text").startswith(
        t("ui.backup.restored", name=newest, replaced="")[:20])
    last_dialog().close()
    login_admin(app)
    assert customers.search(app.ctx.session, "Кейін") == []


@pytest.mark.file_only  # the file's own backups, restore and damage
def test_restore_of_a_bad_file_is_said_politely(admin_app, tmp_path):
    app = admin_app
    bad = tmp_path / "not-a-database.sqlite3"
    bad.write_text("hello", encoding="utf-8")
    s = app.open_screen("backups")
    s.restore(str(bad))
    last_dialog().button_by_key["ui.backup.restore"].invoke()
    pump(app)
    assert app.ctx.session is not None
    assert s.message.cget("text") == t("error.backup.not_sqlite") or \
        s.message.cget("text").endswith(t("error.backup.not_sqlite"))
    s.restore(str(app.db_path))
    last_dialog().button_by_key["ui.backup.restore"].invoke()
    assert s.message.cget("text").endswith(t("error.backup.same_file"))


@pytest.mark.file_only  # the file's own backups, restore and damage
def test_damaged_database_at_start_offers_the_latest_backup(make_app, db_path, db):
    from app.services import auth
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    backup.back_up_now(admin)
    db.close()
    with open(str(db_path), "r+b") as fh:  # the header is gone: not a database any more
        fh.write(b"\0" * 100)
    app = make_app(db_path)
    assert app.broken is not None and app.db is None and app.login is None
    app.broken_restore.invoke()
    pump(app)
    assert app.broken is None and app.login is not None
    assert last_dialog().title() == t("ui.dialog.info")
    last_dialog().close()
    login_admin(app)


@pytest.mark.file_only  # the file's own backups, restore and damage
def test_a_zero_byte_database_is_not_a_new_shop(make_app, db_path, db):
    """It opened as a new, empty shop with the first-start wizard (issue 16.2)."""
    from app.services import auth
    backup.back_up_now(auth.login(db, "admin", ADMIN_PASSWORD))
    db.close()
    open(str(db_path), "wb").close()
    app = make_app(db_path)
    assert app.wizard is None and app.db is None and app.broken is not None
    texts = [w.cget("text") for w in app.broken.winfo_children()[0].winfo_children()
             if w.winfo_class() == "TLabel"]
    assert any(t("check.not_ours") in text for text in texts)
    assert os.path.getsize(str(db_path)) == 0  # refused without a write
    app.broken_restore.invoke()
    pump(app)
    assert app.broken is None and app.login is not None
    last_dialog().close()
    login_admin(app)


def test_damaged_database_without_backup_says_what_to_do(make_app, tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    app = make_app(path)
    assert app.broken is not None and not hasattr(app, "broken_restore")
    texts = [w.cget("text") for w in app.broken.winfo_children()[0].winfo_children()
             if w.winfo_class() == "TLabel"]
    assert t("ui.broken.no_backup", path=str(path)) in texts


def test_idle_logout_setting_and_the_logout(admin_app):
    app = admin_app
    s = app.open_screen("admin_settings")
    s.shop_form.fields["shop.name"].set("ЖШС «Баспа»")
    field = s.other_form.fields["idle_logout_minutes"]
    assert field.get() == str(security.DEFAULT_IDLE_MINUTES)
    field.set("бір")
    s.save_button.invoke()
    assert field.error.cget("text") == t("error.field.not_integer")
    field.set("999")
    s.save_button.invoke()
    assert field.error.cget("text") == t("error.field.out_of_range", low=0,
                                         high=security.MAX_IDLE_MINUTES)
    field.set("1")
    s.save_button.invoke()
    assert security.idle_logout_minutes(app.ctx.db) == 1
    # activity keeps the session
    app.idle.last_activity = time.monotonic() - 50
    app.logout_button.event_generate("<Motion>", x=3, y=3)
    assert app.idle.idle_seconds() < 5
    assert app.idle.check() is False and app.ctx.session is not None
    # a minute without a key or a click: back to the login, saying why
    q = app.new_quote()
    q.job.fields["quantity"].set("777")  # unsaved work does not keep the session open
    pump(app)
    app.idle.last_activity = time.monotonic() - 61
    assert app.idle.check() is True
    pump(app)
    assert app.ctx.session is None and app.login is not None
    assert last_dialog().body.winfo_children()[0].cget("text") == t("ui.idle.logged_out",
                                                                      minutes=1)


def test_idle_logout_off_and_for_the_manager(make_app, db_path, admin):
    security.set_idle_logout_minutes(admin, 0)
    app = make_app(db_path)
    login_manager(app)
    app.idle.last_activity = time.monotonic() - 10 * 3600
    assert app.idle.check() is False and app.ctx.session is not None
    security.set_idle_logout_minutes(admin, 5)  # read at every check: applies at once
    assert app.idle.check() is True
    pump(app)
    assert app.login is not None
    last_dialog().close()
    login(app, "manager", MANAGER_PASSWORD)  # he chose it before (tests/conftest.py)
    assert app.ctx.session is not None and app.idle._after is not None
