"""`python -m app backup` and `restore` through the real entry point (issue 16, 15): what a
nightly task of the Windows Task Scheduler runs."""
import json
import os
import shutil
import sqlite3

import pytest

from app.storage import backup as store
from app.storage.db import Database
from app.storage.migrations import SCHEMA_VERSION
from tests.cli.test_cli import run
from tests.reliability.conftest import fingerprint

# backups of the file itself (its pages, its folder); the server's: tests/cli/test_copy_db.py
pytestmark = pytest.mark.file_only


def _names(path):
    conn = sqlite3.connect(str(path))
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM customers"))
    finally:
        conn.close()


def _add_customer(db_path, name):
    with Database(db_path) as db:
        with db.atomic():
            db.execute("INSERT INTO customers(name, created_at) VALUES (?, '2026-11-27 10:00:00')",
                       (name,))


def _smash(path):
    size = os.path.getsize(str(path))
    with open(str(path), "r+b") as fh:
        fh.seek(max(4096, (size // 2) // 4096 * 4096))
        fh.write(bytes((i * 37 + 11) % 256 for i in range(4096)))


def test_backup_prints_the_path_of_a_sound_checked_copy(db_path, tmp_path):
    _add_customer(db_path, "ТОО «Бэкап»")
    proc = run("backup", "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"path", "database", "size_bytes", "schema_version"}
    assert os.path.dirname(out["path"]) == str(tmp_path / "backups")
    assert out["database"] == str(db_path) and out["schema_version"] == SCHEMA_VERSION
    assert out["size_bytes"] == os.path.getsize(out["path"])
    assert store.verify(out["path"], SCHEMA_VERSION) == []  # a sound iPrint database
    assert _names(out["path"]) == ["ТОО «Бэкап»"]
    # to a USB disk or a synced folder, created when missing
    usb = tmp_path / "E" / "iPrint backups"
    proc = run("backup", "--db", str(db_path), "--to", str(usb))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert os.path.dirname(out["path"]) == str(usb) and store.verify(out["path"], SCHEMA_VERSION) == []
    with Database(db_path) as db:  # the audit log says who made it
        rows = db.all("SELECT details FROM audit_log WHERE action = 'backup.create'")
    assert len(rows) == 2 and all("command line" in r[0] for r in rows)


def test_backup_refuses_a_missing_database_and_a_damaged_one(db_path, tmp_path):
    proc = run("backup", "--db", str(tmp_path / "typo.sqlite3"))
    assert proc.returncode == 2 and str(tmp_path / "typo.sqlite3") in proc.stderr
    assert "no database" in proc.stderr and proc.stdout == ""
    assert not os.path.exists(str(tmp_path / "typo.sqlite3"))  # not created either
    _smash(db_path)
    proc = run("backup", "--db", str(db_path), "--to", str(tmp_path / "usb"))
    assert proc.returncode == 2, proc.stderr
    assert "backup could not be written" in proc.stderr and "Traceback" not in proc.stderr
    assert os.listdir(str(tmp_path / "usb")) == []  # no damaged copy among the good ones
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = run("backup", "--db", str(tmp_path / "missing.sqlite3"), "--to", str(blocker))
    assert proc.returncode == 2


def test_restore_puts_the_backup_back_and_keeps_the_replaced_file(db_path, tmp_path):
    _add_customer(db_path, "Before")
    made = json.loads(run("backup", "--db", str(db_path)).stdout)["path"]
    _add_customer(db_path, "After")
    proc = run("restore", made, "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"restored_from", "database", "replaced_kept_as", "schema_version"}
    assert out["restored_from"] == made and out["database"] == str(db_path)
    assert _names(db_path) == ["Before"]
    kept = out["replaced_kept_as"]
    assert os.path.dirname(kept) == str(tmp_path) and ".replaced-" in kept
    assert _names(kept) == ["After", "Before"]
    assert store.verify(kept, SCHEMA_VERSION) == [] and store.verify(str(db_path), SCHEMA_VERSION) == []
    with Database(db_path) as db:
        rows = db.all("SELECT details FROM audit_log WHERE action = 'backup.restore'")
    assert len(rows) == 1 and "command line" in rows[0][0]


def test_restore_refuses_an_unsound_file_and_changes_nothing(db_path, tmp_path):
    made = json.loads(run("backup", "--db", str(db_path)).stdout)["path"]
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copy(made, str(damaged))
    _smash(damaged)
    text = tmp_path / "notes.sqlite3"
    text.write_text("this is not a database")
    with Database(db_path) as db:
        before = fingerprint(db)
    files = sorted(os.listdir(str(tmp_path)))
    damaged_bytes = damaged.read_bytes()
    for bad, words in ((damaged, "damaged"), (text, "not an iPrint database"),
                       (tmp_path / "nowhere.sqlite3", "does not exist")):
        proc = run("restore", str(bad), "--db", str(db_path))
        assert proc.returncode == 2, (bad, proc.stderr)
        assert words in proc.stderr and proc.stdout == "" and "Traceback" not in proc.stderr
    with Database(db_path) as db:
        assert fingerprint(db) == before
    assert sorted(os.listdir(str(tmp_path))) == files  # no replaced copy, no staged file
    assert damaged.read_bytes() == damaged_bytes  # the picked file is only read
    proc = run("restore", made, "--db", str(tmp_path / "typo.sqlite3"))
    assert proc.returncode == 2 and "no database" in proc.stderr
    assert not os.path.exists(str(tmp_path / "typo.sqlite3"))


def test_restore_over_a_file_that_is_not_even_sqlite(db_path, tmp_path):
    made = json.loads(run("backup", "--db", str(db_path)).stdout)["path"]
    with open(str(db_path), "wb") as fh:
        fh.write(os.urandom(8192))
    proc = run("restore", made, "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    assert store.verify(str(db_path), SCHEMA_VERSION) == []
    kept = json.loads(proc.stdout)["replaced_kept_as"]
    assert os.path.getsize(kept) == 8192  # the broken file is kept byte for byte
