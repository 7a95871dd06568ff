"""Backups: back up now, the list, retention, the daily and pre-migration backups, restore."""
import os
import re
import shutil
import sqlite3
import stat
from datetime import datetime, timedelta

import pytest

from app import config
from app.domain.errors import PermissionDenied, SessionEnded, ValidationError
from app.i18n import error_text
from app.services import audit_log, backup, customers
from app.storage import backup as store
from app.storage.db import Database
from app.storage.migrations import MIGRATIONS, SCHEMA_VERSION, apply_migrations
from app.storage.opening import open_database
from tests.reliability.conftest import fingerprint

NAME_RE = re.compile(r"^iprint-\d{4}-\d{2}-\d{2}_\d{4}(-\d+)?\.sqlite3$")


def names(db):
    return sorted(c.name for c in customers.search(admin_session(db), "", 1000))


def admin_session(db):
    from app.services import auth
    from tests.conftest import ADMIN_PASSWORD
    return auth.login(db, "admin", ADMIN_PASSWORD)


def test_back_up_now_writes_a_sound_private_copy_and_audits_it(db, admin, customer, tmp_path):
    path = backup.back_up_now(admin)
    assert os.path.dirname(path) == str(tmp_path / "backups")  # beside a database elsewhere
    assert NAME_RE.match(os.path.basename(path)), path
    assert store.verify(path, SCHEMA_VERSION) == []
    assert not os.path.exists(path + "-wal")  # self-contained
    copy = sqlite3.connect(path)
    assert copy.execute("SELECT name FROM customers").fetchall() == [(customer.name,)]
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    rows = audit_log.search(admin, action="backup.create")
    assert len(rows) == 1 and rows[0]["entity_id"] == os.path.basename(path)
    assert [b.path for b in backup.list_backups(admin)] == [path]


def test_the_apps_own_database_backs_up_into_config_backup_dir(template_db):
    path = config.default_db_path()
    os.makedirs(str(path.parent), exist_ok=True)
    shutil.copy(str(template_db), str(path))
    assert backup.folder_for(path) == str(config.backup_dir())
    made = backup.daily_backup_if_due(path, now=datetime(2026, 11, 27, 9, 15))
    assert made == os.path.join(str(config.backup_dir()), "iprint-2026-11-27_0915.sqlite3")


def test_two_backups_in_one_minute_get_two_names(db, admin):
    now = datetime(2026, 11, 27, 9, 15)
    first = backup.back_up_now(admin, now=now)
    second = backup.back_up_now(admin, now=now)
    assert os.path.basename(first) == "iprint-2026-11-27_0915.sqlite3"
    assert os.path.basename(second) == "iprint-2026-11-27_0915-2.sqlite3"
    assert [b.path for b in backup.list_backups(admin)] == [second, first]


def test_a_manager_may_not_back_up_list_or_restore(db, manager, admin):
    path = backup.back_up_now(admin)
    for call in (lambda: backup.back_up_now(manager), lambda: backup.list_backups(manager),
                 lambda: backup.restore_from(manager, path)):
        with pytest.raises(PermissionDenied):
            call()


def test_retention_keeps_the_last_30_and_the_first_of_each_month(db, tmp_path):
    folder = tmp_path / "ret"
    start = datetime(2026, 1, 1, 8, 0)
    made = []
    for day in range(120):  # four months, two backups on Mondays
        when = start + timedelta(days=day)
        made.append(store.make_backup(db, folder, "iprint", when))
        if when.weekday() == 0:
            made.append(store.make_backup(db, folder, "iprint", when + timedelta(hours=5)))
    # a stranger's file in the folder is never touched
    (folder / "notes.txt").write_text("keep me")
    (folder / "other-2026-01-01_0800.sqlite3").write_bytes(b"")
    removed = store.prune(folder, "iprint")
    kept = {b.name for b in store.list_backups(folder, "iprint")}
    newest_30 = {os.path.basename(p) for p in sorted(made, key=_stamp)[-30:]}
    firsts = {"iprint-2026-01-01_0800.sqlite3", "iprint-2026-02-01_0800.sqlite3",
              "iprint-2026-03-01_0800.sqlite3", "iprint-2026-04-01_0800.sqlite3"}
    assert kept == newest_30 | firsts
    assert len(removed) == len(made) - len(kept)
    assert (folder / "notes.txt").exists() and (folder / "other-2026-01-01_0800.sqlite3").exists()
    # pruning again removes nothing: the rule is stable
    assert store.prune(folder, "iprint") == []


def _stamp(path):
    b = os.path.basename(path)
    m = re.match(r"iprint-(.*?)(?:-(\d+))?\.sqlite3$", b)
    return (m.group(1), int(m.group(2) or 1))


def test_daily_backup_only_at_the_first_start_of_a_day(db_path, tmp_path):
    folder = tmp_path / "daily"
    day1 = datetime(2026, 11, 27, 8, 59)
    first = backup.daily_backup_if_due(db_path, folder, day1)
    assert first is not None and os.path.basename(first) == "iprint-2026-11-27_0859.sqlite3"
    assert backup.daily_backup_if_due(db_path, folder, day1 + timedelta(hours=9)) is None
    second = backup.daily_backup_if_due(db_path, folder, day1 + timedelta(days=1))
    assert second is not None and second != first
    assert len(store.list_backups(folder, "iprint")) == 2
    # no database yet (the very first start): nothing to back up, no error
    assert backup.daily_backup_if_due(tmp_path / "none.sqlite3", folder, day1) is None


def test_the_migration_hook_backs_up_the_file_as_it_was(db_path, tmp_path):
    folder = tmp_path / "mig"
    taken = []

    def before(database, from_version):  # what the lead passes: migrate(db, before=…)
        taken.append(backup.backup_before_migration(database, from_version, folder))

    db = Database(db_path)
    try:
        future = MIGRATIONS + [(SCHEMA_VERSION + 1, ["CREATE TABLE future_thing (x INTEGER)"])]
        old, new = apply_migrations(db, future, before=before)
        assert (old, new) == (SCHEMA_VERSION, SCHEMA_VERSION + 1)
    finally:
        db.close()
    assert len(taken) == 1
    copy = sqlite3.connect(taken[0])
    assert copy.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert copy.execute("SELECT count(*) FROM sqlite_master WHERE name = 'future_thing'").fetchone()[0] == 0
    copy.close()
    # and no backup when there is nothing to migrate
    db = Database(db_path)
    try:
        apply_migrations(db, future, before=before)
    finally:
        db.close()
    assert len(taken) == 1


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(db, admin, db_path, tmp_path):
    customers.save(admin, {"name": "Before backup"})
    saved = backup.back_up_now(admin)
    customers.save(admin, {"name": "After backup"})
    other_window = open_database(db_path)
    from app.services import auth
    from tests.conftest import MANAGER_PASSWORD
    other_person = auth.login(other_window, "manager", MANAGER_PASSWORD)
    try:
        replaced = backup.restore_from(admin, saved, now=datetime(2026, 11, 27, 10, 0))
        # the other window's person is logged out at the next step: everybody logs in again
        with pytest.raises(SessionEnded) as ended:
            customers.search(other_person, "")
        assert ended.value.key == "error.permission.shop_restored"
        assert os.path.basename(replaced) == "iprint.replaced-2026-11-27_1000.sqlite3"
        assert os.path.dirname(replaced) == str(tmp_path)
        assert names(db) == ["Before backup"]
        # a second window on the same file sees the restored data, not a mix
        assert [r[0] for r in other_window.all("SELECT name FROM customers")] == ["Before backup"]
        assert other_window.all("PRAGMA integrity_check")[0][0] == "ok"
    finally:
        other_window.close()
    kept = sqlite3.connect(replaced)
    assert sorted(r[0] for r in kept.execute("SELECT name FROM customers")) == \
        ["After backup", "Before backup"]
    kept.close()
    assert store.verify(replaced, SCHEMA_VERSION) == []
    rows = audit_log.search(admin, action="backup.restore")
    assert len(rows) == 1 and rows[0]["username"] == "admin"
    assert not [n for n in os.listdir(str(tmp_path)) if ".restore" in n]  # staging cleaned


def _bad_files(tmp_path, db, admin):
    """(label, path, expected key) for every kind of file a restore must refuse."""
    out = []
    text = tmp_path / "notes.sqlite3"
    text.write_text("this is not a database")
    out.append(("text", text, "error.backup.not_sqlite"))
    good = backup.back_up_now(admin)
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copy(good, str(damaged))
    _smash(damaged)
    out.append(("damaged", damaged, "error.backup.integrity"))
    stranger = tmp_path / "stranger.sqlite3"
    conn = sqlite3.connect(str(stranger))
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    out.append(("stranger", stranger, "error.backup.not_ours"))
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(good, str(newer))
    conn = sqlite3.connect(str(newer))
    conn.execute("PRAGMA user_version = {}".format(SCHEMA_VERSION + 1))
    conn.commit()
    conn.close()
    out.append(("newer", newer, "error.backup.newer_version"))
    orphan = tmp_path / "orphan.sqlite3"
    shutil.copy(good, str(orphan))
    conn = sqlite3.connect(str(orphan))  # foreign keys are off in a plain connection
    conn.execute("INSERT INTO order_status_log(order_id, to_status, at) VALUES (999, 'new', 'x')")
    conn.commit()
    conn.close()
    out.append(("orphan", orphan, "error.backup.foreign_keys"))
    out.append(("missing", tmp_path / "nowhere.sqlite3", "error.backup.missing"))
    out.append(("itself", db.path, "error.backup.same_file"))
    return out


def _smash(path):
    """Overwrite bytes in the middle of the file with garbage (a fixed pattern)."""
    size = os.path.getsize(str(path))
    with open(str(path), "r+b") as fh:
        fh.seek(max(4096, (size // 2) // 4096 * 4096))
        fh.write(bytes((i * 37 + 11) % 256 for i in range(4096)))


def test_restore_refuses_bad_files_and_changes_nothing(db, admin, customer, tmp_path):
    bad = _bad_files(tmp_path, db, admin)
    before = fingerprint(db)
    files_before = sorted(os.listdir(str(tmp_path)))
    for label, path, key in bad:
        with pytest.raises(ValidationError) as err:
            backup.restore_from(admin, path)
        assert err.value.key == key, label
        assert err.value.field == "path"
        assert "error." not in error_text(err.value, "ru"), label  # translated
        assert fingerprint(db) == before, label
    assert fingerprint(db) == before
    assert sorted(os.listdir(str(tmp_path))) == files_before  # no replaced copy, no staging


def test_latest_sound_backup_skips_a_damaged_one(db, admin, db_path):
    older = backup.back_up_now(admin, now=datetime(2026, 11, 26, 9, 0))
    newer = backup.back_up_now(admin, now=datetime(2026, 11, 27, 9, 0))
    assert backup.latest_sound_backup(db_path) == newer
    _smash(newer)
    assert backup.latest_sound_backup(db_path) == older


# --- what killed backups and restores leave, and copies of replaced files (issue 16, 5) ----

def _leftovers(*folders):
    return sorted(n for f in folders for n in os.listdir(str(f))
                  if ".partial" in n or n.startswith(".iprint.restore"))


def _kill_when_started(cmd, watch, rng):
    """Start `cmd`, SIGKILL it a few ms after a half-written file appears in `watch`;
    True when it was killed halfway (False: it finished first)."""
    import subprocess
    import time

    from tests.reliability.conftest import child_env
    before = set(_leftovers(*watch))
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
    try:
        while child.poll() is None:
            if set(_leftovers(*watch)) - before:
                time.sleep(rng.random() * 0.02)
                child.kill()
                child.wait(30)
                return child.returncode == -9
            time.sleep(0.001)
        return False
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_the_next_backup_cleans_what_killed_backups_and_restores_left(db_path, tmp_path):
    import random

    from app.storage import audit
    from tests.reliability import figures
    from tests.reliability.conftest import child_cmd
    with Database(db_path) as db:  # some 30 MB, so that a backup takes a while to kill
        with db.atomic():
            for i in range(3000):
                audit.write(db, None, "test.filler", "test", i, {"x": os.urandom(5000).hex()})
    folder = tmp_path / "backups"
    source = store.make_backup(str(db_path), str(tmp_path / "elsewhere"))
    rng = random.Random(16)
    kills = 0
    for round_ in range(16):
        if round_ % 2 == 0:
            cmd = child_cmd("backup_child.py", "backup", db_path, folder)
        else:
            cmd = child_cmd("backup_child.py", "restore", db_path, source)
        os.makedirs(str(folder), exist_ok=True)
        if _kill_when_started(cmd, (folder, tmp_path), rng):
            kills += 1
            assert store.verify(str(db_path), SCHEMA_VERSION) == []  # the database is whole
            for b in store.list_backups(str(folder), "iprint") + store.list_replaced(db_path):
                assert store.verify(b.path, SCHEMA_VERSION) == [], b.name  # no half file named
    figures.add("kills survived", kills)
    left = _leftovers(folder, tmp_path)
    assert kills >= 8 and left, (kills, left)  # the kills did leave half-written files
    # the next backup, an hour later, while another window writes its own backup right then:
    # that file is no leftover
    later = datetime.now() + timedelta(hours=1)
    busy = folder / "iprint-2030-01-01_0000.sqlite3.partial"
    busy.write_bytes(b"being written by another window")
    os.utime(str(busy), (later.timestamp(), later.timestamp()))
    made = backup.back_up_file(db_path, str(folder), now=later)
    assert store.verify(made["path"], SCHEMA_VERSION) == []
    assert _leftovers(folder, tmp_path) == [busy.name]  # was: every leftover still there
    # the next day the other window's file is a leftover too
    backup.back_up_file(db_path, str(folder), now=datetime.now() + timedelta(days=1))
    assert _leftovers(folder, tmp_path) == []


def test_copies_of_replaced_files_follow_the_retention_of_backups(db, admin, db_path, tmp_path):
    saved = backup.back_up_now(admin, folder=tmp_path / "saved")
    start = datetime(2026, 11, 1, 9, 0)
    for i in range(35):  # 100 restores left 276 replaced copies, never pruned
        backup.restore_from(admin, saved, now=start + timedelta(hours=i))
        admin = admin_session(db)
    kept = store.list_replaced(db_path)
    names_kept = [b.name for b in kept]
    # the newest 30 and the first of the month, as for backups
    expected = ["iprint.replaced-{}.sqlite3".format((start + timedelta(hours=i)).strftime("%Y-%m-%d_%H%M"))
                for i in list(range(34, 4, -1)) + [0]]
    assert names_kept == expected
    assert len([n for n in os.listdir(str(tmp_path)) if ".replaced-" in n]) == 31
    for i in range(3):  # a backup prunes them too (replaced copies made by other means)
        store.keep_replaced(db_path, now=datetime(2026, 12, 20, 9, i))
    backup.back_up_now(admin)
    kept = [b.name for b in store.list_replaced(db_path)]
    assert len(kept) == 31 and kept[0] == "iprint.replaced-2026-12-20_0902.sqlite3"
    assert kept[-1] == expected[-1]  # the first of November stays
