"""Opening a database: the one door to a file or to the shop's server (issue 21).

    db = open_database(path)               # an existing shop: connected, migrated
    db = open_database(path, create=True)  # `init`, `demo`, the first-start wizard
    db = connect(path)                     # one more connection to an opened shop

A missing file is created only when asked; a file that exists and is not a whole iPrint
database (zero bytes, another program's, a first start killed halfway) is refused, never
taken for a new, empty shop. A new database is built whole under a temporary name beside the
target, its migrations and default catalog in one transaction, and only then linked into
place: a start killed at any moment leaves no database or a complete one.

A postgresql:// URL opens the shop's server (app.storage.server) the same way: an empty
server database is given the schema and default catalog of a new file in one transaction;
one that holds other tables is refused, as another program's file is.
"""
import glob
import os
import re
import sqlite3
import time

from app import private_files
from app.domain.errors import DomainError
from app.storage import integrity, migrations, server, server_schema, shop_copy
from app.storage.db import Database

CREATING = ".creating-"
# a temporary file older than this is a killed creation's, not one being built right now
LEFTOVER_AGE_S = 600
FIELD = "--db"


def is_server(path_or_url) -> bool:
    return server.is_url(path_or_url)


def file_path(path_or_url) -> str:
    """The SQLite file a --db value names; a clear error for a server URL (callers that can
    work on a server ask is_server first) or an engine we do not know."""
    text = str(path_or_url)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]+)://", text)
    if scheme:
        if server.is_url(text):
            raise DomainError("error.db.file_only", FIELD, url=server.shown(text))
        raise DomainError("error.db.engine_unknown", FIELD, url=server.shown(text))
    return text


def existing_file(path_or_url) -> str:
    """The file a --db value names, which must exist: nothing but `init`, `demo` and the first
    start creates a database, so a mistyped path is said, not made an empty shop."""
    path = file_path(path_or_url)
    if not os.path.isfile(path):
        raise DomainError("error.db.missing", FIELD, path=path)
    return path


def connect(path_or_url) -> Database:
    """A connection to an existing database, neither migrated nor checked (a background job's
    own connection to the file its window opened)."""
    if server.is_url(path_or_url):
        return server.ServerDatabase(path_or_url)
    return Database(existing_file(path_or_url))


def open_database(path_or_url, create=False, before_migration=None) -> Database:
    """The database at `path_or_url`, migrated to our schema.

    A missing file is created (with the default catalog) only when `create`; otherwise, and
    for a file that is not an iPrint database, DomainError naming the path.
    `before_migration(db, from_version)` runs before migrating an older file (a backup)."""
    if server.is_url(path_or_url):
        return _open_server(path_or_url, create, before_migration)
    path = file_path(path_or_url)
    if not os.path.exists(path):
        if not create:
            raise DomainError("error.db.missing", FIELD, path=path)
        _create(path)
    else:
        _refuse(path, integrity.file_shape_problems(path))
    try:
        db = Database(path)
    except sqlite3.DatabaseError as exc:  # damaged past reading
        raise DomainError("error.db.not_ours", FIELD, path=path, reason=str(exc)) from exc
    try:
        migrations.migrate(db, before=before_migration)
    except sqlite3.OperationalError:  # locked, disk full…: not a verdict on the file
        db.close()
        raise
    except sqlite3.DatabaseError as exc:  # damaged past reading
        db.close()
        raise DomainError("error.db.not_ours", FIELD, path=path, reason=str(exc)) from exc
    except BaseException:
        db.close()
        raise
    return db


def server_state(url) -> str:
    """What a server database holds, for a seat being set up: "empty" (a new shop will be
    made) or "shop" (ours); DomainError when it cannot be reached or holds another program's."""
    with server.ServerDatabase(url) as db:
        if not server_schema.server_tables(db):
            return "empty"
        _refuse(db.path, integrity.shape_problems(db))
        return "shop"


def _open_server(url, create, before_migration):
    db = server.ServerDatabase(url)
    try:
        if not server_schema.server_tables(db):
            if not create:
                raise DomainError("error.db.server_empty", FIELD, url=db.path)
            _create_on_server(db)
        else:
            _refuse(db.path, integrity.shape_problems(db))
        migrations.migrate(db, before=before_migration)
    except BaseException:
        db.close()
        raise
    return db


def _create_on_server(db):
    """An empty server database made a new shop: the schema, seeded rows and default catalog
    of a new file, built in a file first and copied in, all in one transaction (a second seat
    creating at the same moment waits for the lock, then finds the tables and stops)."""
    import tempfile
    folder = tempfile.mkdtemp(prefix="iprint-new-")
    path = os.path.join(folder, "new.sqlite3")
    try:
        _create(path)
        with Database(path) as made:
            objects = server_schema.file_objects(made)
            with db.atomic():
                if server_schema.server_tables(db):
                    return  # another seat made it while this one built its file
                for statement in server_schema.server_ddl(objects):
                    db.execute(statement)
                shop_copy.copy_rows(made, db, server_schema.tables_in_order(objects))
    finally:
        for name in _companions(path):
            _remove(name)
        try:
            os.rmdir(folder)
        except OSError:
            pass


def _refuse(path, problems):
    if problems:
        raise DomainError("error.db.not_ours", FIELD, path=path,
                          reason="; ".join(detail for _, detail in problems))


def _create(path):
    """Build the database under a temporary name and link it into place when whole."""
    folder = os.path.dirname(os.path.abspath(path))
    private_files.make_folder(folder)
    _remove_leftovers(path)
    import uuid  # (and platform with it) only for a new file: not on the way to login
    temp = "{}{}{}".format(path, CREATING, uuid.uuid4().hex[:12])
    try:
        db = Database(temp)
        try:
            with db.atomic():
                migrations.migrate(db)
                from app.storage import catalog  # only a new file: not on the way to login
                catalog.seed_default_catalog(db)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
        finally:
            db.close()
        publish_new(temp, path, folder)
    finally:
        remove_with_companions(temp)


def publish_new(temp, path, folder):
    """A finished file linked into place, durably; an existing `path` is never replaced."""
    _fsync(temp)
    _publish(temp, path)
    _fsync(folder)


def remove_with_companions(name):
    for one in _companions(name):
        _remove(one)


def _publish(temp, path):
    """Put the finished file at `path` unless another start has just put its own there."""
    try:
        os.link(temp, path)  # fails on an existing target: never replaces a shop
    except FileExistsError:
        pass  # that start's file is complete too; ours is dropped
    except OSError:  # no hard links on this file system (FAT, some shares)
        try:
            os.rename(temp, path)  # Windows refuses an existing target as well
        except FileExistsError:
            pass


def _remove_leftovers(path):
    """Temporary files of creations killed halfway (never seen as a database)."""
    now = time.time()
    for name in glob.glob(glob.escape(path) + CREATING + "*"):
        try:
            old = now - os.path.getmtime(name) > LEFTOVER_AGE_S
        except OSError:
            continue
        if old:
            _remove(name)


def _companions(name):
    return (name, name + "-wal", name + "-shm", name + "-journal")


def _remove(name):
    try:
        os.remove(name)
    except OSError:
        pass


def _fsync(path):
    """A power cut after the link must not find an empty file or a missing name."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; NTFS journals the rename itself
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
