"""Backup files of the database: SQLite's online backup API, retention, checks, restore.

A backup is a self-contained SQLite file (rollback journal, no -wal beside it) named
`<stem>-YYYY-MM-DD_HHMM.sqlite3`, e.g. `iprint-2026-11-27_0915.sqlite3` for iprint.sqlite3.
It is written under a temporary name and renamed when complete, so a crash or a full disk
never leaves a half-written file that looks like a backup.

A restore never works on the file a person picked: it copies it beside the database,
checks the copy, keeps the file it replaces as `<stem>.replaced-<stamp>.sqlite3` and only
then puts the checked copy in place. Replaced copies follow the retention of backups.

A backup or a restore killed halfway leaves `*.partial` files (with `-journal`) and a staged
`.<stem>.restore.sqlite3`; the next backup deletes those older than LEFTOVER_AGE_S.
"""
import os
import re
import shutil
import sqlite3
import time
from collections import namedtuple
from datetime import datetime
from typing import List, Optional

from app import private_files
from app.storage.db import Database

STAMP_FORMAT = "%Y-%m-%d_%H%M"
SUFFIX = ".sqlite3"
KEEP_LAST = 30
PARTIAL = ".partial"
# a backup being written touches its file all the time; one untouched this long was killed
LEFTOVER_AGE_S = 15 * 60
REPLACED = ".replaced-"

# the tables without which a file is not an iPrint database
REQUIRED_TABLES = ("schema_migrations", "users", "customers", "papers", "presses", "equipment",
                   "materials", "settings", "catalog_versions", "orders", "order_status_log",
                   "order_numbers", "audit_log")
# the triggers that keep the audit log append-only whatever code runs against the file
AUDIT_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")

# what a damaged file raises when SQLite reads it
BROKEN_ERRORS = (sqlite3.DatabaseError,)

BackupFile = namedtuple("BackupFile", "path name taken_at size")


def file_version(db: Database) -> int:
    """The schema version a file (or the shop's server) was migrated to (0 for a new, empty
    file)."""
    from app.storage.migrations import schema_version
    return schema_version(db)


def stem_of(db_path) -> str:
    name = os.path.basename(str(db_path))
    return name[:-len(SUFFIX)] if name.endswith(SUFFIX) else os.path.splitext(name)[0]


def _name_re(stem, between="-", tail=""):
    return re.compile(r"^" + re.escape(stem) + re.escape(between) +
                      r"(\d{4}-\d{2}-\d{2}_\d{4})(?:-(\d+))?" + re.escape(SUFFIX) + tail + r"$")


def _free_name(folder, base):
    """`base.sqlite3`, or `base-2.sqlite3`, `base-3.sqlite3`… when taken in the same minute."""
    path = os.path.join(folder, base + SUFFIX)
    n = 1
    while os.path.exists(path) or os.path.exists(path + PARTIAL):
        n += 1
        path = os.path.join(folder, "{}-{}{}".format(base, n, SUFFIX))
    return path


def _private(path):
    """Backups hold the same order book as the database: other users of the PC may not read."""
    private_files.restrict(path)


def _copy_connection(source: sqlite3.Connection, target_path):
    """Online backup of `source` into a new file; the result uses a rollback journal."""
    target = sqlite3.connect(target_path, isolation_level=None)
    try:
        _private(target_path)
        source.backup(target)
        # the copy carries the WAL flag of the source; a backup file must stand alone
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def checkpoint(source):
    """Move the -wal of `source` (a Database or a path) into the file and empty it. Returns
    False when a reader kept part of it (the backup API still copies every commit)."""
    if isinstance(source, Database):
        row = source.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    else:
        conn = sqlite3.connect(str(source), isolation_level=None)
        try:
            row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    return row is not None and row[0] == 0


def make_backup(source, folder, stem=None, now=None) -> str:
    """Back up `source` (a Database or a path) into `folder`; returns the new file's path."""
    now = now or datetime.now()
    private_files.make_folder(folder)
    if isinstance(source, Database):
        stem = stem or stem_of(source.path)
    else:
        stem = stem or stem_of(source)
    path = _free_name(str(folder), "{}-{}".format(stem, now.strftime(STAMP_FORMAT)))
    partial = path + PARTIAL
    try:
        if isinstance(source, Database):
            _copy_connection(source.conn, partial)
        else:
            conn = sqlite3.connect(str(source), isolation_level=None)
            try:
                _copy_connection(conn, partial)
            finally:
                conn.close()
        os.replace(partial, path)
    except BaseException:
        _remove(partial)
        raise
    return path


def list_backups(folder, stem) -> List[BackupFile]:
    """The backups of the database `stem` in `folder`, newest first."""
    return _listed(folder, _name_re(stem))


def list_replaced(db_path) -> List[BackupFile]:
    """The copies restores kept of the files they replaced (beside the database), newest first."""
    return _listed(os.path.dirname(os.path.abspath(str(db_path))),
                   _name_re(stem_of(db_path), REPLACED))


def _listed(folder, pattern) -> List[BackupFile]:
    folder = str(folder)
    if not os.path.isdir(folder):
        return []
    found = []
    for name in os.listdir(folder):
        m = pattern.match(name)
        if not m:
            continue
        try:
            taken = datetime.strptime(m.group(1), STAMP_FORMAT)
        except ValueError:
            continue
        path = os.path.join(folder, name)
        try:
            size = os.path.getsize(path)
        except OSError:
            continue
        found.append((taken, int(m.group(2) or 1), BackupFile(path, name, taken, size)))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [item[2] for item in found]


def has_backup_on(folder, stem, day) -> bool:
    return any(b.taken_at.date() == day for b in list_backups(folder, stem))


def to_keep(backups: List[BackupFile], keep_last=KEEP_LAST) -> List[BackupFile]:
    """The newest `keep_last` and the first backup of every month (the month's oldest)."""
    keep = list(backups[:keep_last])
    firsts = {}
    for b in backups:  # newest first, so the last one seen in a month is its first
        firsts[(b.taken_at.year, b.taken_at.month)] = b
    for b in firsts.values():
        if b not in keep:
            keep.append(b)
    return keep


def prune(folder, stem, keep_last=KEEP_LAST) -> List[str]:
    """Delete the backups retention does not keep; returns the deleted paths."""
    return _prune(list_backups(folder, stem), keep_last)


def prune_replaced(db_path, keep_last=KEEP_LAST) -> List[str]:
    """The same retention for the copies of replaced files (100 restores left 276 of them)."""
    return _prune(list_replaced(db_path), keep_last)


def _prune(files, keep_last):
    keep = {b.path for b in to_keep(files, keep_last)}
    removed = []
    for b in files:
        if b.path not in keep:
            discard(b.path)  # a damaged file's copy has its -wal beside it
            removed.append(b.path)
    return removed


def clean_leftovers(folder, stem, now=None, min_age=LEFTOVER_AGE_S) -> List[str]:
    """Delete what killed backups and restores left in `folder`: `*.partial` files with their
    `-journal`/`-wal`/`-shm`, and the staged copy of a restore; returns the deleted paths.

    Only files untouched for `min_age` seconds before `now`: another window may be writing
    a backup this very moment."""
    folder = str(folder)
    if not os.path.isdir(folder):
        return []
    limit = (now.timestamp() if now else time.time()) - min_age
    side = r"(?:-journal|-wal|-shm)?"
    patterns = (_name_re(stem, "-", re.escape(PARTIAL) + side),
                _name_re(stem, REPLACED, re.escape(PARTIAL) + side),
                re.compile(r"^" + re.escape(_staged_name(stem)) + side + r"$"))
    removed = []
    for name in os.listdir(folder):
        if not any(p.match(name) for p in patterns):
            continue
        path = os.path.join(folder, name)
        try:
            if os.path.getmtime(path) > limit:
                continue
        except OSError:
            continue
        _remove(path)
        if not os.path.exists(path):
            removed.append(path)
    return removed


def verify(path, schema_version) -> list:
    """Problems of a database file as (key, detail); empty when it may be restored.

    Opens the file read-only: checking never changes it."""
    path = str(path)
    if not os.path.isfile(path):
        return [("missing", path)]
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        return [("unreadable", str(exc))]
    if header != b"SQLite format 3\x00":
        return [("not_sqlite", os.path.basename(path))]
    try:
        conn = sqlite3.connect("file:{}?mode=ro".format(_uri_path(path)), uri=True,
                               isolation_level=None)
    except sqlite3.Error as exc:
        return [("unreadable", str(exc))]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            return [("integrity", "; ".join(rows[:10]))]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            return [("foreign_keys", "{} rows, first in table {}".format(len(fk), fk[0][0]))]
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            return [("not_ours", ", ".join(missing))]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < 1:
            return [("not_ours", "user_version {}".format(version))]
        missing = missing_triggers(conn)
        if missing:
            return [("audit_log_not_protected", ", ".join(missing))]
        if version > schema_version:
            return [("newer_version", "{} > {}".format(version, schema_version))]
        if conn.execute("SELECT count(*) FROM catalog_versions").fetchone()[0] == 0:
            return [("not_ours", "catalog_versions")]  # a first start killed halfway
    except sqlite3.DatabaseError as exc:
        return [("integrity", str(exc))]
    finally:
        conn.close()
    return []


def missing_triggers(conn) -> list:
    """The audit log's protecting triggers a file (or the shop's server) lacks (`conn`:
    anything with execute())."""
    if getattr(conn, "engine", "") == "postgresql":
        from app.storage import server_schema
        found = set(server_schema.server_triggers(conn, "audit_log"))
    else:
        found = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        ).fetchall()}
    return [name for name in AUDIT_TRIGGERS if name not in found]


def _uri_path(path):
    path = os.path.abspath(path).replace("\\", "/")
    path = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    if not path.startswith("/"):  # C:/… on Windows
        path = "/" + path
    return path


def open_read_only(path):
    """A read-only connection to a file nobody may change through it (close it yourself)."""
    return sqlite3.connect("file:{}?mode=ro".format(_uri_path(str(path))), uri=True)


def quick_sound(path) -> bool:
    """A fast check of a file just written (quick_check only)."""
    try:
        conn = sqlite3.connect("file:{}?mode=ro".format(_uri_path(str(path))), uri=True)
        try:
            return [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()] == ["ok"]
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def stage(candidate, db_path) -> str:
    """A private copy of `candidate` beside the database (with its -wal, folded in).

    The copy is what gets checked and restored: the picked file may change or vanish
    meanwhile, and may sit on a USB stick that is pulled out halfway."""
    folder = os.path.dirname(os.path.abspath(str(db_path)))
    staged = os.path.join(folder, _staged_name(stem_of(db_path)))
    discard(staged)
    try:
        shutil.copyfile(str(candidate), staged)
        _private(staged)
        wal = str(candidate) + "-wal"
        if os.path.isfile(wal) and os.path.getsize(wal) > 0:
            shutil.copyfile(wal, staged + "-wal")
            _private(staged + "-wal")
        if _looks_like_sqlite(staged):
            conn = sqlite3.connect(staged, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = DELETE")  # folds a -wal into the file
            except sqlite3.DatabaseError:
                pass  # verify() names the problem
            finally:
                conn.close()
    except BaseException:
        discard(staged)
        raise
    return staged


def _staged_name(stem):
    return "." + stem + ".restore" + SUFFIX


def _looks_like_sqlite(path):
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def discard(path):
    for p in (path, path + "-wal", path + "-shm", path + "-journal"):
        _remove(p)


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def keep_replaced(db_path, now=None) -> Optional[str]:
    """A copy of the database file about to be replaced: `<stem>.replaced-<stamp>.sqlite3`.

    A sound file is copied with the backup API (its -wal included); a damaged one byte by
    byte, -wal beside it, so nothing of it is lost either. Written as `*.partial` and renamed,
    like a backup: a restore killed halfway leaves no half copy under a good name."""
    db_path = str(db_path)
    if not os.path.exists(db_path):
        return None
    now = now or datetime.now()
    folder = os.path.dirname(os.path.abspath(db_path))
    target = _free_name(folder, "{}{}{}".format(stem_of(db_path), REPLACED,
                                                now.strftime(STAMP_FORMAT)))
    partial = target + PARTIAL
    try:
        try:
            conn = sqlite3.connect("file:{}?mode=ro".format(_uri_path(db_path)), uri=True)
            try:
                _copy_connection(conn, partial)
            finally:
                conn.close()
            if not quick_sound(partial):
                raise sqlite3.DatabaseError("copy is not sound")
        except sqlite3.DatabaseError:
            discard(partial)
            shutil.copyfile(db_path, partial)
            _private(partial)
            if os.path.exists(db_path + "-wal"):
                shutil.copyfile(db_path + "-wal", target + "-wal")
                _private(target + "-wal")
        os.replace(partial, target)
    except BaseException:
        discard(partial)
        raise
    return target


def restore_into(db: Database, staged_path):
    """Copy a checked file over the open database page by page (the backup API takes the
    write lock, so another window on the same file waits instead of reading half a file)."""
    source = sqlite3.connect("file:{}?mode=ro".format(_uri_path(str(staged_path))), uri=True)
    try:
        source.backup(db.conn)
    finally:
        source.close()


def replace_file(db_path, staged_path):
    """Put a checked file in place of a database nobody has open (the start of the app)."""
    db_path = str(db_path)
    # the old -wal must go first: replayed over the new file it would damage it
    for extra in (db_path + "-wal", db_path + "-shm", db_path + "-journal"):
        _remove(extra)
    os.replace(str(staged_path), db_path)
    _private(db_path)
