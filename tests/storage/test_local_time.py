"""Every time the file stores is the shop's local time: the audit log, a customer's and a
user's creation, a catalog version, an allocation of indirect costs and a migration are read
beside orders that carry the PC's clock, so none of them may be in UTC."""
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from app.services import auth, costs, customers
from app.storage import catalog as catalog_db
from app.storage.opening import open_database

# on the shop's server every stamp is the server's clock in its zone (test_server_clock.py)
pytestmark = [pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset (POSIX)"),
              pytest.mark.file_only]


@pytest.fixture
def almaty(monkeypatch):
    """The process runs on Almaty's clock (UTC+5, no summer time), as the shop's PC does."""
    monkeypatch.setenv("TZ", "Asia/Almaty")
    time.tzset()
    if time.strftime("%z") != "+0500":
        pytest.skip("no time zone data for Asia/Almaty")
    yield
    monkeypatch.undo()
    time.tzset()


def _near_now(stamp):
    """The stamp is within two minutes of the local clock (UTC is five hours away)."""
    at = datetime.strptime(stamp[:19], "%Y-%m-%d %H:%M:%S")
    return abs(at - datetime.now()) < timedelta(minutes=2)


def test_times_written_by_the_database_are_local(almaty, db, admin):
    utc = datetime.now(timezone.utc).replace(tzinfo=None)
    assert abs(datetime.now() - utc) > timedelta(hours=4)  # the clocks differ
    c = customers.save(admin, {"name": "ТОО «Уақыт»"})
    row = db.one("SELECT created_at FROM customers WHERE id = ?", (c.id,))
    assert _near_now(row["created_at"])
    entry = db.one("SELECT at FROM audit_log WHERE action = 'customer.create' ORDER BY id DESC")
    assert _near_now(entry["at"])
    auth.add_user(admin, "timur", "timur-pass-123", "manager", "Тимур")
    assert _near_now(db.scalar("SELECT created_at FROM users WHERE username = 'timur'"))
    month = (datetime.now().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    costs.set_month(admin, month, "1000")
    costs.allocate(admin, month)
    assert _near_now(db.scalar("SELECT allocated_at FROM indirect_costs WHERE month = ?",
                               (month,)))
    settings = catalog_db.load_catalog(db).settings
    catalog_db.save_settings(db, replace(settings, markup_printing=settings.markup_printing + 1))
    vid = catalog_db.freeze_version(db, admin.user.id)
    assert _near_now(db.scalar("SELECT created_at FROM catalog_versions WHERE id = ?", (vid,)))


def test_a_new_file_records_its_migrations_in_local_time(almaty, tmp_path):
    with open_database(tmp_path / "fresh.sqlite3", create=True) as fresh:
        stamps = [r[0] for r in fresh.all("SELECT applied_at FROM schema_migrations")]
    assert stamps and all(_near_now(s) for s in stamps)
