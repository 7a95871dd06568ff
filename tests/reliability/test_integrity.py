"""Issue 16 items 3, 4 and 12: index damage quick_check misses is caught before the day's
backup; the daily backup checkpoints the -wal first; a restore keeps the audit trail; an audit
log without its append-only triggers is refused at start."""
import json
import os
import sqlite3
from datetime import datetime

import pytest

from app.domain.errors import DomainError
from app.services import audit_log, auth, backup, customers, startup
from app.storage import backup as store
from app.storage.migrations import SCHEMA_VERSION
from app.storage.opening import open_database
from tests.conftest import ADMIN_PASSWORD

DAY1 = datetime(2026, 11, 26, 9, 0)
DAY2 = datetime(2026, 11, 27, 9, 0)


def _damage_an_index(path):
    """Change one byte of a key in a leaf page of the customers_name index (found via dbstat):
    the b-tree stays well formed, so quick_check passes; integrity_check finds the index no
    longer matches its table."""
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    leaves = [r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'customers_name' AND pagetype = 'leaf' "
        "ORDER BY pageno")]
    conn.close()
    key = "Заказчик №0003".encode()
    with open(str(path), "r+b") as fh:
        for page in leaves:
            fh.seek((page - 1) * page_size)
            at = fh.read(page_size).find(key)
            if at >= 0:
                fh.seek((page - 1) * page_size + at + len(key) - 1)
                fh.write(b"4")  # №0003 → №0004: the order of keys still holds
                return
    raise AssertionError("key not found in the index pages")


def _pragma(path, name):
    conn = sqlite3.connect("file:{}?mode=ro".format(path), uri=True)
    try:
        return [r[0] for r in conn.execute("PRAGMA " + name)]
    finally:
        conn.close()


def _add_customers(db_path, n=400):
    with open_database(db_path) as db:
        with db.atomic():
            for i in range(n):
                db.execute("INSERT INTO customers(name, created_at) VALUES (?, 'x')",
                           ("Заказчик №{:04d}".format(i),))


def test_index_damage_is_refused_at_the_days_first_start_and_never_backed_up(db_path, tmp_path):
    folder = tmp_path / "bk"
    _add_customers(db_path)
    db, problems, _ = startup.open_checked(db_path, folder, DAY1)
    db.close()
    good = store.list_backups(folder, "iprint")[0].path
    _damage_an_index(db_path)
    assert _pragma(db_path, "quick_check") == ["ok"]  # what the start used to rely on
    assert _pragma(db_path, "integrity_check") != ["ok"]
    db, problems, latest = startup.open_checked(db_path, folder, DAY2)
    assert db is None, "a file with a damaged index was accepted"
    assert problems[0][0] == "integrity" and "customers_name" in problems[0][1]
    assert latest == good
    assert len(store.list_backups(folder, "iprint")) == 1  # no backup of the damaged file
    # nor from the command line or a backup taken any other way
    with pytest.raises(DomainError) as err:
        backup.back_up_file(db_path, str(folder), now=DAY2)
    assert err.value.key == "error.backup.failed"
    assert len(store.list_backups(folder, "iprint")) == 1
    assert [n for n in os.listdir(str(folder)) if ".partial" in n] == []
    startup.restore_latest_sound_backup(db_path, folder, DAY2)
    db, problems, _ = startup.open_checked(db_path, folder, DAY2)
    try:
        assert problems == []
        assert db.scalar("SELECT count(*) FROM customers WHERE name LIKE 'Заказчик №%'") == 400
        assert db.all("PRAGMA integrity_check")[0][0] == "ok"
    finally:
        db.close()


def test_the_daily_backup_checkpoints_the_wal_first(db_path, tmp_path):
    """A -wal deleted with commits in it cannot be seen by SQLite (issue 16.4): the daily
    backup moves it into the file first, so from then on the file alone holds every commit."""
    folder = tmp_path / "bk"
    window = open_database(db_path)  # another window is open, idle, all the while
    try:
        with window.atomic():
            window.execute("INSERT INTO customers(name, created_at) VALUES ('Последний', 'x')")
        assert os.path.getsize(str(db_path) + "-wal") > 0
        made = backup.daily_backup_if_due(db_path, folder, DAY1)
        assert made is not None
        assert os.path.getsize(str(db_path) + "-wal") == 0  # was: the commits still only there
        conn = sqlite3.connect("file:{}?mode=ro".format(made), uri=True)
        assert conn.execute("SELECT count(*) FROM customers WHERE name = 'Последний'"
                            ).fetchone()[0] == 1
        conn.close()
    finally:
        window.close()
    # the -wal (empty now) deleted: the file itself has the latest commit
    for extra in ("-wal", "-shm"):
        if os.path.exists(str(db_path) + extra):
            os.remove(str(db_path) + extra)
    with open_database(db_path) as db:
        assert db.scalar("SELECT count(*) FROM customers WHERE name = 'Последний'") == 1


def _actions(db):
    return [r["action"] for r in db.all("SELECT action FROM audit_log ORDER BY id")]


@pytest.mark.parametrize("way", ["screen", "command_line"])
def test_a_restore_keeps_the_later_audit_entries(db, admin, db_path, tmp_path, way):
    gone = customers.save(admin, {"name": "Удалённый заказчик"})
    saved = backup.back_up_now(admin, folder=tmp_path / "saved")
    before = _actions(db)[:-1]  # the backup's own entry is written after the copy
    customers.delete(admin, gone.id)  # after the backup: the entry the restore used to drop
    later = [r["action"] for r in db.all("SELECT action FROM audit_log WHERE action = "
                                         "'customer.delete'")]
    assert later == ["customer.delete"]
    if way == "screen":
        backup.restore_from(admin, saved)
    else:
        db.close()
        backup.restore_file(db_path, saved)
        db = open_database(db_path)
    try:
        actions = _actions(db)
        # the backup's log, then what came after it (the backup's own entry, the deletion),
        # then the restore
        assert actions[:len(before)] == before
        assert actions[len(before):] == ["backup.create", "customer.delete", "backup.restore"]
        deleted = db.all("SELECT * FROM audit_log WHERE action = 'customer.delete'")[0]
        assert json.loads(deleted["details"]) == {"name": "Удалённый заказчик"}
        assert deleted["username"] == "admin" and deleted["user_id"] == admin.user.id
        restored = db.all("SELECT * FROM audit_log WHERE action = 'backup.restore'")[0]
        assert json.loads(restored["details"])["carried_entries"] == 2
        assert restored["at"] >= deleted["at"]
        # the deleted customer is back (the older file), the trail still says he was deleted
        session = auth.login(db, "admin", ADMIN_PASSWORD)
        assert [c.name for c in customers.search(session, "Удалённый")] == ["Удалённый заказчик"]
        assert len(audit_log.search(session, action="customer.delete")) == 1
    finally:
        if way == "command_line":
            db.close()


def _drop_trigger(path):
    conn = sqlite3.connect(str(path))
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.commit()
    conn.close()


def test_an_audit_log_without_its_trigger_is_refused_at_start(db_path, tmp_path):
    folder = tmp_path / "bk"
    db, _, _ = startup.open_checked(db_path, folder, DAY1)
    db.close()
    good = store.list_backups(folder, "iprint")[0].path
    _drop_trigger(db_path)  # the log can now be edited: a deletion would leave no trace
    for now in (DAY1.replace(hour=15), DAY2):  # a quick start and a day's first start
        db, problems, latest = startup.open_checked(db_path, folder, now)
        assert db is None, "a file whose audit log may be edited was accepted"
        assert problems == [("audit_log_not_protected", "audit_log_no_delete")]
        assert latest == good
    assert len(store.list_backups(folder, "iprint")) == 1
    # nor does such a file count as a sound backup
    assert store.verify(db_path, SCHEMA_VERSION)[0][0] == "audit_log_not_protected"
    startup.restore_latest_sound_backup(db_path, folder, DAY2)
    db, problems, _ = startup.open_checked(db_path, folder, DAY2)
    assert problems == []
    db.close()
