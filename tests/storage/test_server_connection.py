"""A lost network to the shop's server (issue 21.7): the save under way is rolled back, the
seat is told in its language (no traceback), and the next save connects again by itself."""
import os

import pytest

from app.domain.errors import DomainError
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


def test_between_saves_a_lost_connection_is_made_again_unnoticed(shop):
    with open_database(shop) as db:
        session = auth.login(db, "admin", "first-admin-pass-1")
        old_pid = db.scalar("SELECT pg_backend_pid()")
        _cut(db)  # the seat was idle: its next step connects again and goes on
        saved = customers.save(session, {"name": "ТОО «Үзіліс»", "bin": "123456789013"})
        assert customers.get(session, saved.id).name == "ТОО «Үзіліс»"
        assert db.scalar("SELECT pg_backend_pid()") != old_pid
    with ServerDatabase(shop) as other:
        assert other.scalar("SELECT count(*) FROM customers WHERE name = 'ТОО «Үзіліс»'") == 1


def test_a_server_gone_for_good_is_said_in_words(shop):
    with open_database(shop) as db:
        session = auth.login(db, "admin", "first-admin-pass-1")
        db.url = db.url.rsplit(":", 1)[0] + ":1/nowhere"  # its next connection finds nobody
        _cut(db)
        with pytest.raises(DomainError) as gone:
            customers.save(session, {"name": "ТОО «Жоқ»"})
        assert gone.value.key == "error.db.server_unreachable"
        said = error_text(gone.value, "ru")
        assert "не отвечает" in said and db.path in said


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


def test_a_backup_after_a_lost_connection_connects_again(shop, tmp_path):
    from app.services import backup
    with open_database(shop) as db:
        session = auth.login(db, "admin", "first-admin-pass-1")
        _cut(db)
        path = backup.back_up_now(session, folder=tmp_path)  # its snapshot begins by reconnecting
        assert os.path.isfile(path)
