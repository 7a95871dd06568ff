"""Starts killed while they migrate an older file: each migration is its own transaction, so
a killed start leaves the file at its old version or at a later one, sound and with every
committed row, and the next start finishes the migration."""
import random
import shutil
import signal
import subprocess
import time

import pytest

from app.services import startup
from app.storage import catalog as catalog_db
from app.storage import integrity, migrations
from app.storage.db import Database
from tests.reliability import figures
from tests.reliability.conftest import child_cmd, child_env

MIGRATION_KILLS = 150
SEED = 20261204
CUSTOMERS = 2000  # rows for the migrations to carry, so that a start takes a while


def _old_file(path):
    """A shop at schema version 1 with its catalog and customers in it."""
    db = Database(path)
    migrations.apply_migrations(db, migrations.MIGRATIONS[:1])
    with db.atomic():
        catalog_db.seed_default_catalog(db)
        for n in range(CUSTOMERS):
            db.execute("INSERT INTO customers(name, created_at) VALUES (?, ?)",
                       ("Клиент {}".format(n), "2024-05-0{} 10:00:00".format(n % 9 + 1)))
    db.close()


def _start(path, folder):
    proc = subprocess.Popen(child_cmd("migrate_child.py", path, folder), env=child_env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.stdin.write("go\n")
    proc.stdin.flush()
    return proc


def _version_and_rows(path):
    db = Database(path)
    try:
        return db.scalar("PRAGMA user_version"), db.scalar("SELECT count(*) FROM customers")
    finally:
        db.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_starts_killed_while_migrating_leave_a_sound_file_the_next_start_finishes(tmp_path):
    assert migrations.SCHEMA_VERSION > 1  # there is something to migrate
    template = tmp_path / "v1.sqlite3"
    _old_file(template)
    rng = random.Random(SEED)
    # how long such a start takes here, so the kills land all over it
    probe = tmp_path / "probe" / "iprint.sqlite3"
    probe.parent.mkdir()
    shutil.copy(str(template), str(probe))
    proc = _start(probe, probe.parent / "bk")
    started = time.perf_counter()
    assert proc.stdout.readline().strip() == "done"
    span = time.perf_counter() - started
    proc.wait(timeout=60)
    proc.stdout.close()
    proc.stdin.close()
    assert _version_and_rows(probe) == (migrations.SCHEMA_VERSION, CUSTOMERS)
    versions = set()
    for n in range(MIGRATION_KILLS):
        path = tmp_path / "k{}".format(n) / "iprint.sqlite3"
        path.parent.mkdir()
        shutil.copy(str(template), str(path))
        proc = _start(path, path.parent / "bk")
        time.sleep(rng.uniform(0, span * 1.1))
        proc.kill()
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stdin.close()
        version, rows = _version_and_rows(path)
        versions.add(version)
        assert 1 <= version <= migrations.SCHEMA_VERSION and rows == CUSTOMERS, (n, version)
        problems, _ = integrity.check_file(path)
        assert problems == [], (n, version, problems)
        db, problems, _ = startup.open_checked(path, path.parent / "bk")  # the next start
        try:
            assert problems == []
            assert db.scalar("PRAGMA user_version") == migrations.SCHEMA_VERSION
            assert db.scalar("SELECT count(*) FROM customers") == CUSTOMERS
            assert integrity.check(db) == []
        finally:
            db.close()
        shutil.rmtree(str(path.parent))
    figures.add("kills survived", MIGRATION_KILLS)
    figures.add("migrations killed", MIGRATION_KILLS)
    print("starts killed while migrating: {} (versions found after the kill: {})"
          .format(MIGRATION_KILLS, sorted(versions)))
