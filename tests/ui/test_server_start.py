"""The desktop app on the shop's server (issue 21): an empty server database gets the first-start
wizard as a new file does; a server that cannot be reached is said plainly, with no password
shown and a "Try again" that opens the shop once it answers. Real windows under Xvfb and a
real PostgreSQL (IPRINT_TEST_PG)."""
import pytest

from app.i18n import t
from tests import server_db
from tests.ui.conftest import pump

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


def test_back_up_now_on_the_server_lists_a_sound_file_and_restore_says_the_way(make_app,
                                                                            server_db_url):
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
    s.table.tree.selection_set(newest)
    s.restore_button.invoke()
    last_dialog().button_by_key["ui.backup.restore"].invoke()
    pump(app)
    assert app.ctx.session is not None  # nobody was sent out: nothing was restored
    assert "copy-db" in s.message.cget("text")
