"""A lost network to the shop's server (issue 21.7): the save under way is rolled back, the
seat is told in its language (no traceback), and the next save connects again by itself."""
import pytest

from app.i18n import error_text
from app.services import auth, customers
from app.storage.opening import open_database
from app.storage.server import ConnectionLost, ServerDatabase
from tests import server_db

pytestmark = pytest.mark.file_only  # its own server database, on either --engine


def _cut(db):
    """The server ends this seat's connection, as a pulled cable or a restarted server does."""
    pid = db.scalar("SELECT pg_backend_pid()")
    with ServerDatabase(server_db.admin_url()) as admin:
        assert admin.scalar("SELECT pg_terminate_backend(?)", (pid,)) == 1


@pytest.fixture
def shop(server_db_url):
    with open_database(server_db_url, create=True) as db:
        auth.create_first_admin(db, "admin", "first-admin-pass-1", "Әкімші")
    return server_db_url


def test_a_save_on_a_lost_connection_is_said_and_the_next_one_reconnects(shop):
    with open_database(shop) as db:
        session = auth.login(db, "admin", "first-admin-pass-1")
        _cut(db)
        with pytest.raises(ConnectionLost) as lost:
            customers.save(session, {"name": "ТОО «Үзіліс»", "bin": "123456789013"})
        assert lost.value.key == "error.db.connection_lost"
        text = error_text(lost.value, "ru")
        assert "связь с сервером" in text and shop.rsplit("/", 1)[1] in text
        saved = customers.save(session, {"name": "ТОО «Үзіліс»", "bin": "123456789013"})
        assert customers.get(session, saved.id).name == "ТОО «Үзіліс»"
    with ServerDatabase(shop) as other:  # the first save left nothing behind, the second all
        assert other.scalar("SELECT count(*) FROM customers WHERE name = 'ТОО «Үзіліс»'") == 1


def test_a_connection_lost_inside_a_transaction_rolls_it_all_back(shop):
    with open_database(shop) as db:
        session = auth.login(db, "admin", "first-admin-pass-1")
        with pytest.raises(ConnectionLost) as lost:
            with db.atomic():
                db.execute("INSERT INTO customers(name, created_at) VALUES (?, ?)",
                           ("ТОО «Жартылай»", "2026-12-04 10:00:00"))
                _cut(db)
                db.execute("INSERT INTO customers(name, created_at) VALUES (?, ?)",
                           ("ТОО «Екінші»", "2026-12-04 10:00:00"))
        assert lost.value.key == "error.db.connection_lost"
        assert db.scalar("SELECT count(*) FROM customers WHERE name LIKE 'ТОО%'") == 0
        assert auth.login(db, "admin", "first-admin-pass-1").user.username == "admin"
        assert session.user.username == "admin"
