"""The desktop app on the shop's server (issue 21): an empty server database gets the first-start
wizard as a new file does; a server that cannot be reached is said plainly, with no password
shown and a "Try again" that opens the shop once it answers. Real windows under Xvfb and a
real PostgreSQL (IPRINT_TEST_PG)."""
import pytest

from app.i18n import t
from tests import server_db
from tests.ui.conftest import fill_server_fields, finish_wizard, pump
from tests.ui.test_forms_and_screen import laptop_display  # noqa: F401 (a fixture)

pytestmark = pytest.mark.file_only  # its own server databases, on either --engine


def _texts(widget):
    out = []
    try:
        out.append(str(widget.cget("text")))
    except Exception:  # noqa: BLE001 - frames have no text
        pass
    for child in widget.winfo_children():
        out.extend(_texts(child))
    return out


def test_an_empty_server_database_starts_with_the_wizard(make_app, server_db_url):
    app = make_app(server_db_url)
    assert app.broken is None and app.wizard is not None and app.login is None


def test_a_server_not_answering_is_said_and_try_again_opens_the_shop(make_app):
    url = server_db.create("start")
    name = url.rsplit("/", 1)[1]
    server_db.drop(url)  # the database is not there (yet): the server refuses the seat
    with_password = url.replace("postgres@", "postgres:s3cret-pw@", 1)
    try:
        app = make_app(with_password)
        assert app.broken is not None and app.wizard is None
        shown = " ".join(_texts(app.broken))
        assert t("ui.server.title") in shown and t("check.server_unreachable") in shown
        assert name in shown and "s3cret-pw" not in shown
        assert "Traceback" not in shown
        assert app.broken_retry.winfo_ismapped()
        app.broken_retry.invoke()  # still not there: the same screen, said again
        pump(app)
        assert app.broken is not None and app.wizard is None
        created = server_db.create_named(name)
        app.broken_retry.invoke()
        pump(app)
        assert app.broken is None and app.wizard is not None
    finally:
        server_db.drop(url)
    assert created == url


def test_back_up_now_on_the_server_then_restore_logs_every_seat_out(make_app, server_db_url):
    from app.services import auth
    from app.storage import backup as store
    from app.storage.migrations import SCHEMA_VERSION
    from app.storage.opening import open_database
    from tests.conftest import ADMIN_PASSWORD
    from tests.ui.conftest import last_dialog, login_admin, wait_for
    with open_database(server_db_url, create=True) as db:
        auth.create_first_admin(db, "admin", ADMIN_PASSWORD, "Әкімші")
    app = login_admin(make_app(server_db_url))
    s = app.open_screen("backups")
    assert s.table.tree.get_children() == ()  # a seat's start does not back the server up
    s.now_button.invoke()
    wait_for(app, lambda: s.message.cget("text"), what="the server's backup")
    assert s.message.cget("text").startswith(t("ui.backup.done", path="")[:10])
    (newest,) = s.table.tree.get_children()
    path = s.files[newest].path
    assert "server-" + server_db_url.rsplit("/", 1)[1] in path
    assert store.verify(path, SCHEMA_VERSION) == []  # a whole, sound iPrint file
    from app.domain.errors import SessionEnded
    from app.services import customers
    other_db = open_database(server_db_url)  # another seat, logged in and working
    other = auth.login(other_db, "admin", ADMIN_PASSWORD)
    customers.save(other, {"name": "ТОО «Кейін қосылған»"})
    s.table.tree.selection_set(newest)
    s.restore_button.invoke()
    d = last_dialog()
    assert d.body.winfo_children()[0].cget("text") == t("ui.backup.confirm_server",
                                                         name=newest)
    d.button_by_key["ui.backup.restore"].invoke()
    pump(app)
    assert app.ctx.session is None and app.login is not None  # this seat: to the login
    last_dialog().close()
    with pytest.raises(SessionEnded) as ended:  # the other seat: at its next step
        customers.search(other, "")
    assert ended.value.key == "error.permission.shop_restored"
    other_db.close()
    login_admin(app)
    assert customers.search(app.ctx.session, "Кейін") == []


def _fill_server(w, url, password="s3cret-pw"):
    w.where_buttons["server"].invoke()
    fill_server_fields(w.server_box, url, password)


def test_a_new_pc_set_up_for_the_server_makes_the_shop_there(make_app, tmp_path,
                                                             server_db_url):
    import json
    import os
    import stat
    import subprocess
    import sys

    from app import config
    from app.storage.opening import open_database
    app = make_app(tmp_path / "own.sqlite3")
    w = app.wizard
    assert not w.server_box.winfo_ismapped()  # this PC only, unless chosen
    w.where_buttons["server"].invoke()
    pump(app)
    assert w.server_box.winfo_ismapped()
    w.server_box.test_button.invoke()  # nothing typed yet: said at the field
    assert w.server_box.form.fields["server.host"].error.cget("text") == t("error.field.required")
    _fill_server(w, server_db_url)
    w.server_box.form.fields["server.port"].set("99999")
    w.server_box.test_button.invoke()
    from app.domain.errors import ValidationError
    from app.i18n import message_text
    assert w.server_box.form.fields["server.port"].error.cget("text") == message_text(
        ValidationError("error.field.out_of_range", "server.port", low=1, high=65535))
    _fill_server(w, server_db_url)
    w.server_box.test_button.invoke()
    assert w.server_box.status.cget("text") == t("ui.wizard.server_empty")
    w.next_button.invoke()
    pump(app)
    assert w.step == 1 and app.ctx.db_path.startswith("postgresql://")
    finish_wizard(app, w, name="Сервер Баспа ЖШС", bin="123456789013")
    assert app.ctx.session is not None and app.notebook is not None
    assert "s3cret-pw" not in app.status_db.cget("text")
    assert server_db_url.rsplit("/", 1)[1] in app.status_db.cget("text")
    with open_database(server_db_url) as db:  # the shop is on the server, not in the file
        assert db.scalar("SELECT count(*) FROM users WHERE username = 'admin'") == 1
    # remembered for this PC user: the settings, and the password apart, owner-only
    home = config.data_dir()
    saved = json.loads((home / "server.json").read_text(encoding="utf-8"))
    assert saved["host"] == "127.0.0.1" and "password" not in saved
    assert "s3cret-pw" not in (home / "server.json").read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(str(home / "server.secret")).st_mode) == 0o600
    # and the command line without --db works on the server too
    proc = subprocess.run([sys.executable, "-m", "app", "check"], capture_output=True,
                          text=True, env=dict(os.environ, IPRINT_LANG="en"), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "postgresql://" in proc.stdout and "s3cret-pw" not in proc.stdout


def test_a_second_pc_joins_the_shop_on_the_server_and_logs_in(make_app, tmp_path,
                                                              server_db_url):
    from app.services import auth
    from app.storage.opening import open_database
    from tests.conftest import ADMIN_PASSWORD
    from tests.ui.conftest import login_admin
    with open_database(server_db_url, create=True) as db:
        auth.create_first_admin(db, "admin", ADMIN_PASSWORD, "Әкімші")
    app = make_app(tmp_path / "second-pc.sqlite3")
    w = app.wizard
    _fill_server(w, server_db_url)
    w.server_box.test_button.invoke()
    assert w.server_box.status.cget("text") == t("ui.wizard.server_shop")
    w.next_button.invoke()
    pump(app)
    assert app.wizard is None and app.login is not None
    assert app.login.message.cget("text") == t("ui.wizard.joined")
    login_admin(app)
    assert app.ctx.session.db.engine == "postgresql"


def test_a_wrong_server_is_said_on_the_first_page_and_nothing_is_saved(make_app, tmp_path):
    from app import config
    app = make_app(tmp_path / "own.sqlite3")
    w = app.wizard
    _fill_server(w, "postgresql://iprint@127.0.0.1:1/iprint")
    w.server_box.test_button.invoke()
    assert t("error.db.server_unreachable", url="", reason="")[:12] in w.server_box.status.cget("text")
    w.next_button.invoke()
    pump(app)
    assert w.step == 0 and app.wizard is w and "Traceback" not in w.server_box.status.cget("text")
    assert not (config.data_dir() / "server.json").exists()


@pytest.mark.parametrize("host", ["a" * 300, "\x00", "ä" * 70, "a..b", "[::1", "\u202e", "::1",
                                  "host name", "x" * 64 + ".kz"])
def test_any_server_name_typed_is_answered_in_words(make_app, tmp_path, host):
    from app import config
    app = make_app(tmp_path / "own.sqlite3")
    w = app.wizard
    _fill_server(w, "postgresql://iprint@127.0.0.1:1/iprint")
    w.server_box.form.fields["server.host"].set(host)
    assert w.server_box.test_connection() is None  # nothing reached, nothing thrown
    said = w.server_box.status.cget("text") or w.server_box.form.fields["server.host"].error.cget("text")
    assert said and "Traceback" not in said and "error." not in said
    w.next_button.invoke()
    pump(app)
    assert w.step == 0 and not (config.data_dir() / "server.json").exists()


def test_the_server_page_fits_the_shops_screen_in_kazakh(request, make_app, tmp_path,
                                                         monkeypatch):
    # 1366×768, the shop's PC
    monkeypatch.setenv("DISPLAY", request.getfixturevalue("laptop_display"))
    app = make_app(tmp_path / "own.sqlite3", "kk", prefs={
        "theme": "light", "language": "kk", "geometry": "1920x1080", "last_user": ""})
    w = app.wizard
    w.where_buttons["server"].invoke()
    w.server_box.test_button.invoke()  # the messages under the fields take their room too
    pump(app, 5)
    bottom = w.next_button.winfo_rooty() + w.next_button.winfo_height()
    assert w.next_button.winfo_ismapped() and bottom <= app.root.winfo_rooty() + \
        app.root.winfo_height() <= 768
    for field in w.server_box.form.fields.values():
        assert field.widget.winfo_ismapped() and field.widget.winfo_rooty() > 0
