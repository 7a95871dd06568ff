"""Making a database, and what the start does with a file that is not a whole iPrint database
(issue 16.1, 16.2): a first start killed at any moment leaves no database or a complete one;
a half-made, zero-byte or foreign file is refused and its latest sound backup offered."""
import os
import random
import signal
import sqlite3
import subprocess
import time

import pytest

from app.services import auth, startup
from app.storage import backup as store
from app.storage import integrity, migrations
from app.storage.db import Database
from app.storage.opening import CREATING, LEFTOVER_AGE_S, open_database
from tests.reliability import figures
from tests.reliability.conftest import child_cmd, child_env

FIRST_START_KILLS = 40
SEED = 20261203


def _run_child(path, mode):
    return subprocess.run(child_cmd("first_start_child.py", path, mode), env=child_env(),
                          capture_output=True, text=True, timeout=120)


def _no_database_or_a_complete_one(path):
    if not os.path.exists(str(path)):
        return
    problems, version = integrity.check_file(path)
    assert (problems, version) == ([], migrations.SCHEMA_VERSION)


def _whole(db):
    assert db.scalar("SELECT count(*) FROM papers") == 6
    assert db.scalar("SELECT count(*) FROM presses") == 3
    assert db.scalar("SELECT count(*) FROM catalog_versions") == 1
    assert integrity.check(db) == []


def test_a_first_start_killed_before_its_catalog_leaves_no_half_made_file(tmp_path):
    path = tmp_path / "iprint.sqlite3"
    proc = _run_child(path, "inject")
    assert proc.returncode == 9 and "done" not in proc.stdout, proc.stderr
    _no_database_or_a_complete_one(path)
    db, problems, latest = startup.open_checked(path, tmp_path / "bk")  # the next start
    assert problems == [] and latest is None
    try:
        _whole(db)
        assert auth.needs_first_admin(db)  # the wizard follows, on a shop that can quote
    finally:
        db.close()
    figures.add("first starts killed")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_first_starts_killed_at_random_moments(tmp_path):
    rng = random.Random(SEED)
    # how long a first start takes here, so the kills land all over it
    probe = tmp_path / "probe" / "iprint.sqlite3"
    started = time.perf_counter()
    proc = subprocess.Popen(child_cmd("first_start_child.py", probe, "wait"), env=child_env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    proc.stdin.write("go\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "done"
    span = time.perf_counter() - started
    proc.wait(timeout=60)
    complete = absent = 0
    for n in range(FIRST_START_KILLS):
        path = tmp_path / "k{}".format(n) / "iprint.sqlite3"
        proc = subprocess.Popen(child_cmd("first_start_child.py", path, "wait"), env=child_env(),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(rng.uniform(0, span * 1.1))
        proc.kill()
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stdin.close()
        _no_database_or_a_complete_one(path)
        if os.path.exists(str(path)):
            complete += 1
        else:
            absent += 1
        db, problems, _ = startup.open_checked(path, path.parent / "bk")  # the next start
        try:
            assert problems == []
            _whole(db)
        finally:
            db.close()
    figures.add("first starts killed", FIRST_START_KILLS)
    figures.add("kills survived", FIRST_START_KILLS)
    print("first starts killed: {} (no database left: {}, a complete one: {}, half-made: 0)"
          .format(FIRST_START_KILLS, absent, complete))


def _half_made(path):
    """What a first start killed between the migrations and the catalog left (before 16.1)."""
    db = Database(path)
    migrations.migrate(db)
    db.close()


def test_a_half_made_file_is_refused_at_start_and_check_calls_it_unsound(tmp_path):
    path = tmp_path / "iprint.sqlite3"
    _half_made(path)
    for quick in (True, False):
        problems, _ = integrity.check_file(path, quick=quick)
        assert [key for key, _ in problems] == ["no_catalog_version"]
    db, problems, latest = startup.open_checked(path, tmp_path / "bk")
    assert db is None and [key for key, _ in problems] == ["no_catalog_version"]
    assert latest is None
    # nor does a backup of such a file count as sound
    assert store.verify(path, migrations.SCHEMA_VERSION)[0][0] == "not_ours"


def _tables(path):
    conn = sqlite3.connect("file:{}?mode=ro".format(path), uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))
    finally:
        conn.close()


@pytest.mark.parametrize("damage", ["zero_bytes", "foreign", "half_made"])
def test_a_file_that_is_no_whole_shop_is_refused_and_its_backup_offered(db_path, tmp_path, damage):
    folder = tmp_path / "bk"
    db, problems, _ = startup.open_checked(db_path, folder)  # the day's backup
    db.close()
    good = store.list_backups(folder, "iprint")[0].path
    os.remove(str(db_path))
    if damage == "zero_bytes":
        open(str(db_path), "wb").close()
    elif damage == "foreign":
        conn = sqlite3.connect(str(db_path))
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.commit()
        conn.close()
    else:
        _half_made(db_path)
    before = open(str(db_path), "rb").read()
    tables = _tables(db_path) if damage != "zero_bytes" else None
    db, problems, latest = startup.open_checked(db_path, folder)
    assert db is None, "accepted as a shop"
    assert problems and latest == good
    assert open(str(db_path), "rb").read() == before  # refused without a write
    assert len(store.list_backups(folder, "iprint")) == 1  # and not backed up
    used, replaced = startup.restore_latest_sound_backup(db_path, folder)
    assert used == good
    if damage != "zero_bytes":  # kept aside (an empty file as an empty database)
        assert _tables(replaced) == tables
    db, problems, _ = startup.open_checked(db_path, folder)
    try:
        assert problems == []
        assert not auth.needs_first_admin(db)  # the shop with its users is back
    finally:
        db.close()


def test_leftovers_of_killed_creations_are_removed_at_the_next(tmp_path):
    path = tmp_path / "iprint.sqlite3"
    stale = str(path) + CREATING + "0123456789ab"
    fresh = str(path) + CREATING + "ba9876543210"
    for name in (stale, stale + "-wal", fresh):
        open(name, "wb").close()
    old = time.time() - LEFTOVER_AGE_S - 60
    os.utime(stale, (old, old))
    os.utime(stale + "-wal", (old, old))
    open_database(path, create=True).close()
    assert not os.path.exists(stale) and not os.path.exists(stale + "-wal")
    assert os.path.exists(fresh)  # maybe another start's, being built right now
    assert sorted(os.listdir(str(tmp_path))) == sorted(["iprint.sqlite3", os.path.basename(fresh)])


def test_two_first_starts_at_once_make_one_database(tmp_path):
    path = tmp_path / "iprint.sqlite3"
    procs = [subprocess.Popen(child_cmd("first_start_child.py", path, "wait"), env=child_env(),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for _ in range(3)]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        assert proc.stdout.readline().strip() == "done"
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stdin.close()
    with open_database(path) as db:
        _whole(db)
    assert [n for n in os.listdir(str(tmp_path)) if CREATING in n] == []
