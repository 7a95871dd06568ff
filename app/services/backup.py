"""Backups: "back up now", the list, "restore from…" (administrator), and the automatic ones.

Automatic backups: the first start of each day (`daily_backup_if_due`) and before every
migration (`backup_before_migration`, the `before=` hook of app.storage.migrations.migrate).
Retention keeps the last 30 and the first backup of each month, of backups and of the copies
restores keep of the files they replaced alike; each backup first deletes what killed backups
and restores left behind.

The command line (`python -m app backup` / `restore`, e.g. nightly from the Windows Task
Scheduler) calls `back_up_file(db_path, folder)` and `restore_file(db_path, path)`: no session,
the person at the command line owns the files.

Where: the app's own database (in app.config.data_dir()) backs up into
app.config.backup_dir(); a database elsewhere (--db PATH) into a `backups` folder beside it,
so backups of two different files never mix.
"""
import logging
import os
from datetime import datetime
from typing import List, Optional

from app import config, private_files
from app.domain.errors import Conflict, DomainError, ValidationError
from app.services.session import Session, admin_only
from app.storage import audit, opening, server, shop_move
from app.storage import backup as store
from app.storage import users as users_db
from app.storage.db import Database

log = logging.getLogger(__name__)


def folder_for(db_path) -> str:
    """The backups folder of a database file; of the shop's server, a folder of its own in
    the app's backups folder."""
    if opening.is_server(db_path):
        return os.path.join(str(config.backup_dir()), "server-" + server.file_name(db_path))
    db_folder = os.path.dirname(os.path.abspath(str(db_path)))
    if os.path.normcase(db_folder) == os.path.normcase(os.path.abspath(str(config.data_dir()))):
        return str(config.backup_dir())
    return os.path.join(db_folder, "backups")


def _schema_version() -> int:
    from app.storage.migrations import SCHEMA_VERSION
    return SCHEMA_VERSION


def schema_version(db) -> int:
    from app.storage.migrations import schema_version as version_of
    return version_of(db)


def _take(source, db_path, folder=None, now=None) -> str:
    """A backup, pruned afterwards; a copy that fails the full check (integrity_check, our
    tables, the audit log's triggers) is deleted: the page copy carries index damage along,
    which quick_check does not see (issue 16.3), and a damaged backup must never pass for one.

    The source's -wal is first checkpointed into the file (TRUNCATE): the backup is the
    defence against a -wal deleted with commits in it, and the file itself is then whole."""
    folder = str(folder) if folder else folder_for(db_path)
    stem = store.stem_of(db_path)
    store.clean_leftovers(folder, stem, now)  # first: a full USB disk gets its space back
    store.clean_leftovers(os.path.dirname(os.path.abspath(str(db_path))), stem, now)
    try:
        store.checkpoint(source)
        path = store.make_backup(source, folder, stem, now)
    except (OSError,) + store.BROKEN_ERRORS as exc:
        raise DomainError("error.backup.failed", "backup", reason=str(exc)) from exc
    problems = check_file(path)
    if problems:
        store.discard(path)
        raise DomainError("error.backup.failed", "backup", reason=problem_error(problems))
    store.prune(folder, stem)
    store.prune_replaced(db_path)
    return path


def _stem(db_path) -> str:
    """What a database's backups are named after: the file's name, the server database's."""
    if opening.is_server(db_path):
        return server.file_name(db_path)
    return store.stem_of(db_path)


def _take_snapshot(db, folder=None, now=None) -> str:
    """A backup of the shop's server: one snapshot of it poured into a new iPrint file (other
    seats keep saving meanwhile), then kept, checked and pruned as a file's backup is."""
    folder = str(folder) if folder else folder_for(db.path)
    stem = _stem(db.path)
    private_files.make_folder(folder)
    temp = os.path.join(folder, ".snapshot-{}-{}".format(stem, os.getpid()))
    opening.remove_with_companions(temp)
    try:
        shop_move.copy_shop(db, temp)
        return _take(temp, os.path.join(folder, stem + store.SUFFIX), folder, now)
    except OSError as exc:
        raise DomainError("error.backup.failed", "backup", reason=str(exc)) from exc
    finally:
        opening.remove_with_companions(temp)


def _take_open(db, folder=None, now=None) -> str:
    """A backup of the open database: the file's pages, or the server's snapshot."""
    if opening.is_server(db.path):
        return _take_snapshot(db, folder, now)
    return _take(db, db.path, folder, now)


def check_file(path) -> list:
    """Problems of a file as (key, detail): the check done before any restore."""
    return store.verify(path, _schema_version())


def problem_error(problems, field="path") -> DomainError:
    key, detail = problems[0]
    return ValidationError("error.backup." + key, field, detail=detail)


# --- the administrator's actions -------------------------------------------------------

@admin_only
def back_up_now(session: Session, folder=None, now=None) -> str:
    """A backup of the open database now; returns its path."""
    db = session.db
    if db.in_transaction:
        raise Conflict("error.backup.busy")
    path = _take_open(db, folder, now)
    with db.atomic():
        audit.write(db, session.user, "backup.create", "backup", os.path.basename(path),
                    {"path": path})
    return path


@admin_only
def list_backups(session: Session, folder=None) -> List[store.BackupFile]:
    """The database's backups, newest first: path, name, taken_at (datetime), size (bytes)."""
    folder = str(folder) if folder else folder_for(session.db.path)
    return store.list_backups(folder, _stem(session.db.path))


@admin_only
def restore_from(session: Session, path, now=None) -> str:
    """Replace the open database by a checked copy of `path`; returns where the replaced
    file was kept. Afterwards the person must log in again: users may differ in the file."""
    db = session.db
    if db.in_transaction:
        raise Conflict("error.backup.busy")
    before = users_db.generation(db)
    if opening.is_server(db.path):
        replaced, later = _restore_server(db, path, before, now)
    else:
        replaced, later = _restore(db, db.path, path, now)
    _after_restore(db, later, session.user, path, replaced, generation_before=before)
    # every other session ends; the restorer's window sends its person to the login itself
    session.generation = users_db.generation(db)
    return replaced


def _restore_server(db, path, generation_before, now=None):
    """A checked backup file in place of the shop on the server: the server's shop as it is
    is first kept as a snapshot file (where the restore says it was kept), then the backup's
    rows replace every row in one transaction, the seat generation moved on in it, so every
    other seat is logged out at its next step."""
    path = _given(path)
    folder = folder_for(db.path)
    staged = _stage_checked(path, os.path.join(folder, _stem(db.path) + store.SUFFIX))
    try:
        later = later_audit_entries(db, staged)
        replaced = _take_snapshot(db, folder, now)
        with opening.connect(staged) as source:
            try:
                shop_move.pour_over(db, source, then=lambda d: users_db.next_generation(
                    d, generation_before))
            except shop_move.CopyMismatch as exc:
                raise DomainError("error.backup.restore_failed", "path",
                                  reason=str(exc)) from exc
    finally:
        store.discard(staged)
    return replaced, later


def _given(path) -> str:
    if path is None or not str(path).strip():
        raise ValidationError("error.field.required", "path")
    return str(path)


def _stage_checked(path, beside) -> str:
    """A private copy of the backup `path` beside `beside`, fully checked (the caller discards
    it): what is restored is the copy, not a file that may change or vanish meanwhile."""
    problems = store.verify(path, _schema_version()) if not os.path.isfile(path) else []
    if problems:
        raise problem_error(problems)
    try:
        staged = store.stage(path, beside)
    except OSError as exc:
        raise ValidationError("error.backup.unreadable", "path", detail=str(exc)) from exc
    problems = store.verify(staged, _schema_version())
    if problems:
        store.discard(staged)
        raise problem_error(problems)
    return staged


def _restore(db: Optional[Database], db_path, path, now=None):
    """Check `path`, copy it over the database: (where the replaced file was kept, the audit
    entries of the replaced file written after the backup's newest one).

    Into the open `db` page by page (other windows wait for the write lock), or, with
    db None (a file SQLite cannot even open), by replacing the file."""
    path = _given(path)
    if os.path.abspath(path) == os.path.abspath(str(db_path)):
        raise ValidationError("error.backup.same_file", "path")
    staged = _stage_checked(path, db_path)
    try:
        later = later_audit_entries(db if db is not None else db_path, staged)
        try:
            replaced = store.keep_replaced(db_path, now)
            if db is not None:
                store.restore_into(db, staged)
            else:
                store.replace_file(db_path, staged)
        except (OSError,) + store.BROKEN_ERRORS as exc:
            raise DomainError("error.backup.restore_failed", "path", reason=str(exc)) from exc
    finally:
        store.discard(staged)
    store.prune_replaced(db_path)
    return replaced, later


def later_audit_entries(current, staged_path) -> list:
    """The audit entries of `current` (the open Database, or the path of a file nobody has
    open) newer than the newest entry of the file about to replace it: what a restore would
    drop from the trail (issue 16.12). A file too damaged to read gives what it can: nothing
    (the whole of it is kept as the replaced copy)."""
    source = store.open_read_only(staged_path)
    try:
        moment = audit.last_moment(source)
    finally:
        source.close()
    try:
        if hasattr(current, "execute"):  # an open Database, the file's or the server's
            return audit.entries_after(current, moment)
        conn = store.open_read_only(current)
        try:
            return audit.entries_after(conn, moment)
        finally:
            conn.close()
    except store.BROKEN_ERRORS:
        log.warning("audit entries of %s after %s could not be read", current, moment)
        return []


class _Nobody:
    """An audit author known by name only (its id does not exist in the restored file)."""

    def __init__(self, username):
        self.id = None
        self.username = username


def _after_restore(db: Database, later, author, path, replaced, details=None,
                   generation_before="0"):
    """Bring an older restored file to our schema, forget catalogs cached from the old file,
    carry over the audit entries the backup did not have and write the restore's own entry.

    `author`: the user who restored (None at the command line and at the start)."""
    from app.services import catalog as catalog_service
    from app.storage.migrations import migrate
    migrate(db)
    cache = getattr(catalog_service, "_cache", None)
    if cache is not None:
        for key in [k for k in cache if k[0] == db.path]:
            del cache[key]
    if author is not None:
        known = users_db.get(db, author.id)
        if known is None or known.username != author.username:
            author = _Nobody(author.username)  # the restored file does not know this user
    entry = {"from": os.path.abspath(str(path)), "replaced_kept_as": replaced,
             "carried_entries": len(later)}
    entry.update(details or {})
    with db.atomic():
        audit.carry(db, later)
        audit.write(db, author, "backup.restore", "backup", os.path.basename(str(path)), entry)
        # every session begun before the restore ends: all seats log in to the restored shop
        users_db.next_generation(db, generation_before)


# --- the command line (no session: the person at the command line owns the files) -------

def back_up_file(db_path, folder=None, now=None) -> dict:
    """An online backup of the file as it is (windows may be working on it), fully checked:
    {"path", "database", "size_bytes", "schema_version"}. DomainError when it cannot be
    written or the copy is not a sound iPrint database (nothing is left behind then)."""
    if opening.is_server(db_path):
        return _back_up_server(db_path, folder, now)
    db_path = opening.existing_file(db_path)
    path = _take(db_path, db_path, folder, now)
    with opening.connect(db_path) as db:
        with db.atomic():
            audit.write(db, None, "backup.create", "backup", os.path.basename(path),
                        {"path": path, "by": "command line"})
    with opening.connect(path) as copy:
        version = store.file_version(copy)
    return {"path": os.path.abspath(path), "database": os.path.abspath(db_path),
            "size_bytes": os.path.getsize(path), "schema_version": version}


def _back_up_server(url, folder=None, now=None) -> dict:
    """The nightly backup of the shop's server: the snapshot file, and beside it the server's
    own dump (`pg_dump`, "pg_dump": its path) where the server's tools are present, else
    "pg_dump": null; the newest DUMPS_KEPT dumps are kept."""
    with opening.open_database(url) as db:
        path = _take_snapshot(db, folder, now)
        dumped = os.path.splitext(path)[0] + server.DUMP_SUFFIX
        if not server.dump(url, dumped):
            dumped = None
        else:
            private_files.restrict(dumped)
            _prune_dumps(os.path.dirname(path), _stem(url))
        with db.atomic():
            audit.write(db, None, "backup.create", "backup", os.path.basename(path),
                        {"path": path, "by": "command line", "pg_dump": dumped})
        shown = db.path
    with opening.connect(path) as copy:
        version = store.file_version(copy)
    return {"path": os.path.abspath(path), "database": shown,
            "size_bytes": os.path.getsize(path), "schema_version": version,
            "pg_dump": os.path.abspath(dumped) if dumped else None}


def _prune_dumps(folder, stem):
    dumps = sorted(n for n in os.listdir(folder)
                   if n.startswith(stem + "-") and n.endswith(server.DUMP_SUFFIX))
    for name in dumps[:-server.DUMPS_KEPT]:  # the stamp sorts them oldest first
        try:
            os.remove(os.path.join(folder, name))
        except OSError:
            pass


def restore_file(db_path, path, now=None) -> dict:
    """Replace the database by a checked copy of `path`, keeping the replaced file:
    {"restored_from", "database", "replaced_kept_as", "schema_version"}. An unsound `path`
    is refused (ValidationError) and changes nothing."""
    if opening.is_server(db_path):
        with opening.open_database(db_path) as db:
            before = users_db.generation(db)
            replaced, later = _restore_server(db, path, before, now)
            _after_restore(db, later, None, path, replaced, {"by": "command line"}, before)
            return {"restored_from": os.path.abspath(str(path)), "database": db.path,
                    "replaced_kept_as": replaced, "schema_version": schema_version(db)}
    db_path = opening.existing_file(db_path)
    try:
        db = opening.connect(db_path)
    except store.BROKEN_ERRORS:
        db = None  # not even SQLite: the checked copy takes the file's place
    try:
        before = users_db.generation(db) if db is not None else "0"
    except store.BROKEN_ERRORS:
        before = "0"
    try:
        replaced, later = _restore(db, db_path, path, now)
        if db is None:
            db = opening.connect(db_path)
        _after_restore(db, later, None, path, replaced, {"by": "command line"}, before)
        version = store.file_version(db)
    finally:
        if db is not None:
            db.close()
    return {"restored_from": os.path.abspath(str(path)), "database": os.path.abspath(db_path),
            "replaced_kept_as": replaced, "schema_version": version}


# --- automatic backups (no session: they run before anyone logs in) --------------------

def daily_backup_due(db_path, folder=None, now=None) -> bool:
    """True when the file exists and has no backup of today yet (the start then checks it
    fully first: nothing damaged is backed up)."""
    db_path = str(db_path)
    if not os.path.isfile(db_path):
        return False
    folder = str(folder) if folder else folder_for(db_path)
    return not store.has_backup_on(folder, store.stem_of(db_path), (now or datetime.now()).date())


def daily_backup_if_due(db_path, folder=None, now=None) -> Optional[str]:
    """The first start of each day backs up the database; later starts do nothing.

    Returns the new backup's path, or None when today's backup exists (or there is no file
    yet). A failure is logged and reported as None: the shop must still be able to work."""
    db_path = str(db_path)
    now = now or datetime.now()
    if not daily_backup_due(db_path, folder, now):
        return None
    folder = str(folder) if folder else folder_for(db_path)
    try:
        return _take(db_path, db_path, folder, now)
    except DomainError:
        log.exception("daily backup of %s failed", db_path)
        return None


def backup_before_migration(db: Database, from_version, folder=None, now=None) -> str:
    """The `before=` hook of app.storage.migrations.migrate: a backup of the file as it is
    before a migration changes it (on the shop's server: a snapshot file, its rows as they
    are under the new schema's shape). A failure stops the migration (DomainError)."""
    path = _take_open(db, folder, now)
    log.info("backup before migration from version %s: %s", from_version, path)
    return path


def latest_sound_backup(db_path, folder=None) -> Optional[str]:
    """The newest backup of the database that passes the full check, or None."""
    folder = str(folder) if folder else folder_for(db_path)
    for b in store.list_backups(folder, store.stem_of(db_path)):
        if not store.verify(b.path, _schema_version()):
            return b.path
    return None
