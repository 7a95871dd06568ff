"""One clock (issue 21.3): on the shop's server every stored moment is the server's, in the
zone the server is set to (the shop's), not the seat PC's; on a file it is the PC's own."""
from datetime import datetime, timedelta

import pytest

from app.domain import clock
from app.domain.errors import ValidationError
from app.services import auth
from app.storage.opening import open_database
from app.storage.server import ServerDatabase
from tests import server_db

pytestmark = pytest.mark.file_only  # a server database of its own, on either --engine


@pytest.fixture
def far_zone_server():
    """A server database whose zone is UTC+14 (no PC of ours is there)."""
    url = server_db.create("clock")
    name = url.rsplit("/", 1)[1]
    with ServerDatabase(server_db.admin_url()) as admin:
        admin.execute("ALTER DATABASE \"{}\" SET timezone = 'Pacific/Kiritimati'".format(name))
    yield url
    clock.own()
    server_db.drop(url)


def _near(a, b, seconds=60):
    return abs((a - b).total_seconds()) < seconds


def test_a_seat_on_the_server_stamps_the_servers_time(far_zone_server):
    with open_database(far_zone_server, create=True) as db:
        server_now = db.scalar("SELECT LOCALTIMESTAMP")
        assert not _near(server_now, datetime.now(), 3600)  # the zones really differ here
        assert _near(clock.local(), server_now, 5)
        auth.create_first_admin(db, "admin", "first-admin-pass-1", "Әкімші")
        stamped = db.scalar("SELECT created_at FROM users WHERE username = 'admin'")
        logged = db.scalar("SELECT max(at) FROM audit_log")
    for value in (stamped, logged):
        assert _near(datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S"), server_now, 60)


def test_a_lockout_on_the_server_runs_on_the_servers_clock(far_zone_server):
    with open_database(far_zone_server, create=True) as db:
        auth.create_first_admin(db, "admin", "first-admin-pass-1", "Әкімші")
        for _ in range(5):
            with pytest.raises(ValidationError):
                auth.login(db, "admin", "wrong-guess")
        until = db.scalar("SELECT locked_until FROM users WHERE username = 'admin'")
        server_now = db.scalar("SELECT LOCALTIMESTAMP")
    until = datetime.strptime(until, "%Y-%m-%d %H:%M:%S")
    assert timedelta(minutes=4) < until - server_now <= timedelta(minutes=5)


def test_back_on_a_file_the_pc_clock_is_its_own(tmp_path):
    clock.follow(datetime.now() + timedelta(hours=14))
    clock.own()
    assert _near(clock.local(), datetime.now(), 2)
    with open_database(tmp_path / "shop.sqlite3", create=True) as db:
        auth.create_first_admin(db, "admin", "first-admin-pass-1", "Әкімші")
        stamped = db.scalar("SELECT created_at FROM users WHERE username = 'admin'")
    assert _near(datetime.strptime(stamped, "%Y-%m-%d %H:%M:%S"), datetime.now(), 60)
