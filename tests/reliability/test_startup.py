"""The start check: a damaged file is detected, left alone, and replaced by a sound backup."""
import hashlib
import os
import random
import sqlite3
from datetime import datetime

import pytest

from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.services import audit_log, auth, customers, orders, startup
from app.storage import backup as store
from app.storage import integrity
from app.storage.migrations import SCHEMA_VERSION
from app.storage.opening import open_database
from tests.conftest import ADMIN_PASSWORD
from tests.costing.specs import CARDS

DAY1 = datetime(2026, 11, 26, 9, 0)
DAY2 = datetime(2026, 11, 27, 9, 0)


def _digest(path):
    with open(str(path), "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _fill(db_path, n_customers=400, n_orders=60):
    """A file of many pages, so the middle of it is table data."""
    with open_database(db_path) as db:
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        ids = [customers.save(admin, {"name": "Заказчик №{}".format(i),
                                      "address": "г. Алматы, ул. Абая, {}".format(i) * 5}).id
               for i in range(n_customers)]
        for i in range(n_orders):
            orders.create(admin, dict(CARDS, quantity=100 + i), ids[i % len(ids)])


def _corrupt_middle(path, seed=7):
    """Overwrite 8 KiB in the middle of the file with random bytes (fixed seed)."""
    size = os.path.getsize(str(path))
    assert size > 64 * 1024
    rng = random.Random(seed)
    with open(str(path), "r+b") as fh:
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(bytes(rng.randrange(256) for _ in range(8192)))


def test_a_sound_file_opens_migrated_and_backed_up_once_a_day(db_path, tmp_path):
    folder = tmp_path / "bk"
    db, problems, latest = startup.open_checked(db_path, folder, DAY1)
    try:
        assert problems == [] and latest is None
        assert integrity.check(db) == []
        assert db.scalar("PRAGMA user_version") == SCHEMA_VERSION
    finally:
        db.close()
    assert [b.name for b in store.list_backups(folder, "iprint")] == ["iprint-2026-11-26_0900.sqlite3"]
    db, problems, _ = startup.open_checked(db_path, folder, DAY1.replace(hour=15))
    db.close()
    assert len(store.list_backups(folder, "iprint")) == 1  # not again the same day


def test_a_new_file_is_created(tmp_path):
    db, problems, latest = startup.open_checked(tmp_path / "new" / "iprint.sqlite3", tmp_path / "bk")
    try:
        assert (problems, latest) == ([], None)
        assert auth.needs_first_admin(db)
    finally:
        db.close()


def test_damaged_file_is_detected_left_alone_and_restored(db_path, tmp_path):
    folder = tmp_path / "bk"
    _fill(db_path)
    db, problems, _ = startup.open_checked(db_path, folder, DAY1)  # the day's backup
    db.close()
    with open_database(db_path) as db:  # work after the backup: lost by the restore, kept aside
        customers.save(auth.login(db, "admin", ADMIN_PASSWORD), {"name": "После копии"})
    good_backup = store.list_backups(folder, "iprint")[0].path

    _corrupt_middle(db_path)
    damaged = _digest(db_path)
    db, problems, latest = startup.open_checked(db_path, folder, DAY2)
    assert db is None
    assert problems and problems[0][0] == "integrity", problems
    assert latest == good_backup
    assert _digest(db_path) == damaged  # not worked on: no migration, no writes
    assert len(store.list_backups(folder, "iprint")) == 1  # and no backup of a broken file
    for lang in ("kk", "ru", "en"):
        text = startup.describe(problems, lang)
        assert t("check.integrity", lang) in text

    used, replaced = startup.restore_latest_sound_backup(db_path, folder, DAY2)
    assert used == good_backup
    assert os.path.basename(replaced) == "iprint.replaced-2026-11-27_0900.sqlite3"
    assert _digest(replaced) == damaged  # the damaged file is kept byte for byte

    db, problems, latest = startup.open_checked(db_path, folder, DAY2)
    try:
        assert problems == [] and latest is None
        assert integrity.check(db) == []
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        assert customers.search(admin, "После копии") == []
        assert orders.count(admin) == 60
        assert len(audit_log.search(admin, action="backup.restore_at_start")) == 1
    finally:
        db.close()


def test_a_file_that_is_not_a_database_at_all(db_path, tmp_path):
    folder = tmp_path / "bk"
    db, _, _ = startup.open_checked(db_path, folder, DAY1)
    db.close()
    with open(str(db_path), "r+b") as fh:  # the header itself is gone
        fh.write(b"\x00" * 100)
    db, problems, latest = startup.open_checked(db_path, folder, DAY2)
    assert db is None and problems[0][0] == "not_ours"
    assert latest is not None
    startup.restore_latest_sound_backup(db_path, folder, DAY2)
    db, problems, _ = startup.open_checked(db_path, folder, DAY2)
    assert problems == []
    db.close()


def test_no_sound_backup_is_said_plainly(db_path, tmp_path):
    _fill(db_path, 300, 0)
    _corrupt_middle(db_path)
    db, problems, latest = startup.open_checked(db_path, tmp_path / "empty", DAY1)
    assert db is None and problems and latest is None
    with pytest.raises(DomainError) as err:
        startup.restore_latest_sound_backup(db_path, tmp_path / "empty")
    assert err.value.key == "error.backup.none_sound"
    assert "error." not in error_text(err.value, "kk")


def test_a_file_from_a_newer_app_is_refused(db_path, tmp_path):
    conn = sqlite3.connect(str(db_path))
    conn.execute("PRAGMA user_version = {}".format(SCHEMA_VERSION + 5))
    conn.commit()
    conn.close()
    before = _digest(db_path)
    db, problems, _ = startup.open_checked(db_path, tmp_path / "bk", DAY1)
    assert db is None and problems[0][0] == "schema_version"
    assert _digest(db_path) == before
