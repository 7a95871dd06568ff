"""Storage: the real file, transactions, savepoints, migrations, constraints, the audit log."""
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from app.storage import catalog as catalog_db
from app.storage.db import Database
from app.storage.integrity import check
from app.storage.migrations import MIGRATIONS, SCHEMA_VERSION
from app.storage.opening import open_database


def count(db, table):
    return db.scalar("SELECT count(*) FROM " + table)


def test_new_file_is_migrated_seeded_and_configured(tmp_path):
    db = open_database(tmp_path / "new.sqlite3", create=True)
    assert db.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert [r[0] for r in db.all("SELECT version FROM schema_migrations")] == [v for v, _ in MIGRATIONS]
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert count(db, "papers") == 6 and count(db, "presses") == 3
    assert count(db, "catalog_versions") == 1
    assert check(db) == []
    if os.name == "posix":
        assert oct(os.stat(str(tmp_path / "new.sqlite3")).st_mode & 0o777) == "0o600"
    db.close()
    again = open_database(tmp_path / "new.sqlite3")  # reopening migrates nothing and seeds nothing
    assert count(again, "papers") == 6 and count(again, "catalog_versions") == 1


def test_atomic_rolls_back_everything_on_error(db):
    before = count(db, "settings")
    with pytest.raises(RuntimeError):
        with db.atomic():
            catalog_db.set_setting(db, "x.one", "1")
            catalog_db.set_setting(db, "x.two", "2")
            raise RuntimeError("power cut")
    assert count(db, "settings") == before
    assert not db.in_transaction


def test_nested_atomic_uses_savepoints(db):
    with db.atomic():
        catalog_db.set_setting(db, "outer", "1")
        with pytest.raises(ValueError):
            with db.atomic():
                catalog_db.set_setting(db, "inner", "1")
                raise ValueError
        with db.atomic():
            catalog_db.set_setting(db, "inner2", "1")
    assert catalog_db.get_setting(db, "outer") == "1"
    assert catalog_db.get_setting(db, "inner") is None
    assert catalog_db.get_setting(db, "inner2") == "1"


def test_check_constraints_hold(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO customers(name, bin, created_at) VALUES ('X', '12345', 'now')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO customers(name, created_at) VALUES ('   ', 'now')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO papers(code, name, width_mm, height_mm, gsm, price_tiyn) "
                   "VALUES ('p', 'P', 0, 10, 80, 100)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO users(username, role, password_hash, created_at) "
                   "VALUES ('boss', 'owner', 'pbkdf2_sha256$1$00$000000000000000000', 'now')")


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO order_status_log(order_id, to_status, at) VALUES (999, 'new', 'x')")


def test_audit_log_is_append_only(db, admin):
    row_id = db.scalar("SELECT max(id) FROM audit_log")
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("UPDATE audit_log SET action = 'nothing' WHERE id = ?", (row_id,))
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("DELETE FROM audit_log WHERE id = ?", (row_id,))


def test_migration_from_every_older_version(tmp_path):
    """A file at each older schema version, with data in it, migrates to the newest; a backup
    hook runs before migrating a file that has data. (Version 0 is no shop: a new database
    is made whole by app.storage.opening, see test_opening.py.)"""
    from app.storage.migrations import apply_migrations, migrate
    # by position, not by number: the numbers may have a gap while branches are merged
    for done, (version, _) in enumerate(MIGRATIONS[:-1], 1):
        path = tmp_path / "v{}.sqlite3".format(version)
        db = Database(path)
        apply_migrations(db, MIGRATIONS[:done])
        with db.atomic():
            catalog_db.seed_default_catalog(db)
            db.execute("INSERT INTO customers(name, created_at) VALUES ('Старый клиент', 'x')")
        db.close()
        calls = []
        db = Database(path)
        old, new = migrate(db, before=lambda d, v, calls=calls: calls.append(v))
        assert (old, new) == (version, SCHEMA_VERSION)
        assert check(db) == []
        assert calls == [version]
        assert db.scalar("SELECT name FROM customers") == "Старый клиент"
        assert count(db, "papers") == 6
        db.close()


@pytest.mark.file_only  # SQLite itself
def test_killed_writer_leaves_the_database_as_before(db_path):
    """A process killed inside a transaction: the file opens, is sound, holds only commits."""
    script = textwrap.dedent("""
        import os, sys
        from app.storage.opening import open_database
        from app.storage import catalog
        db = open_database(sys.argv[1])
        with db.atomic():
            catalog.set_setting(db, "committed", "yes")
        db.conn.execute("BEGIN IMMEDIATE")
        for i in range(1000):
            catalog.set_setting(db, "half.%d" % i, "x")
        print("inside", flush=True)
        os.kill(os.getpid(), 9)
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True,
                          text=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
                          timeout=60)
    assert "inside" in proc.stdout and proc.returncode != 0
    db = open_database(db_path)
    assert check(db) == []
    assert catalog_db.get_setting(db, "committed") == "yes"
    assert db.scalar("SELECT count(*) FROM settings WHERE key LIKE 'half.%'") == 0
    db.close()


def test_catalog_versions_freeze_and_deduplicate(db):
    first = catalog_db.current_version_id(db)
    with db.atomic():
        assert catalog_db.freeze_version(db) == first  # nothing changed: no new version
        catalog_db.set_setting(db, "overhead_pct", "30")
        second = catalog_db.freeze_version(db)
    assert second != first
    assert str(catalog_db.load_version(db, first).settings.overhead_pct) == "25"
    assert str(catalog_db.load_version(db, second).settings.overhead_pct) == "30"
