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
