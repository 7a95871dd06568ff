"""The start of the app: check the file before working on it, back it up, migrate it.

    db, problems, backup = open_checked(path)
    if db is None:   # say so plainly (describe(problems)) and offer `backup`
        restore_latest_sound_backup(path)  # when the person agrees; then open_checked again

A broken file is never migrated, backed up over good backups, or written to; nor is a file
that is not a whole iPrint database (zero bytes, another program's, a first start killed
halfway, an audit log whose append-only triggers were dropped): it is damage like any other,
not a new shop. Every start runs quick_check; the first start of the day (before its backup)
and a start that migrates run the full integrity_check, which also finds index damage.
"""
import logging
import os
from typing import List, Optional, Tuple

from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.services import backup as backup_service
from app.storage import backup as store
from app.storage import integrity, migrations, opening, server
from app.storage.db import Database

log = logging.getLogger(__name__)


def _schema_version() -> int:
    return migrations.SCHEMA_VERSION


def connect(db_path) -> Database:
    """One more connection to the database the window opened and checked (a background job's
    own: a sqlite3 connection belongs to its thread)."""
    return opening.connect(db_path)


def open_checked(db_path, folder=None, now=None) -> Tuple[Optional[Database], List[tuple],
                                                           Optional[str]]:
    """(Database, [], None) for a sound file, migrated and backed up for the day;
    (None, problems, latest sound backup or None) for a damaged one, which stays untouched.

    `problems` are (key, detail) pairs; check.<key> names them (see describe()).
    A missing file is a new shop (the first-start wizard follows): created whole.
    On the shop's server see _open_server."""
    if opening.is_server(db_path):
        return _open_server(db_path, folder, now)
    db_path = opening.file_path(db_path)
    if not os.path.exists(db_path):
        return opening.open_database(db_path, create=True), [], None
    db = None
    try:
        problems = integrity.file_shape_problems(db_path)
        if not problems:
            db = Database(db_path)
            version = store.file_version(db)
            # quick_check misses index damage (issue 16.3): the full check runs before the
            # day's backup and before a migration, so neither is made of a damaged file;
            # 2.4 s instead of 0.6 s at 200,000 orders (docs/reliability.md)
            full = (backup_service.daily_backup_due(db_path, folder, now)
                    or version < _schema_version())
            problems = integrity.check(db, quick=not full, invariants=False)
        if not problems:
            if version > _schema_version():
                problems = [("schema_version", "{} > {}".format(version, _schema_version()))]
    except store.BROKEN_ERRORS as exc:
        problems = [("integrity", str(exc))]
    if problems:
        if db is not None:
            db.close()
        log.error("database %s failed the start check: %s", db_path, problems)
        return None, problems, backup_service.latest_sound_backup(db_path, folder)
    try:
        def before(database, from_version):
            backup_service.backup_before_migration(database, from_version, folder, now)

        migrations.migrate(db, before=before)
    except BaseException:
        db.close()
        raise
    backup_service.daily_backup_if_due(db_path, folder, now)
    return db, [], None


def _open_server(url, folder=None, now=None):
    """The shop's server: an empty database becomes a new shop (the wizard follows); one of
    ours is checked for our shape and schema at every start (the server keeps its own pages
    and keys whole), and migrated after a snapshot backup. A server that does not answer,
    another program's database or a newer schema is a problem said on the start screen,
    with no backup offered: the server's backups are taken by its nightly `backup --db URL`,
    and a seat's start does not copy the whole shop (docs/decisions.md)."""
    def before(database, from_version):
        backup_service.backup_before_migration(database, from_version, folder, now)

    try:
        db = opening.open_database(url, create=True, before_migration=before)
    except DomainError as exc:
        log.error("the shop's server %s failed the start: %s", shown(url), exc)
        key = "server_unreachable" if exc.key == "error.db.server_unreachable" else "server"
        return None, [(key, error_text(exc))], None
    try:
        problems = integrity.check(db, quick=True, invariants=False)
    except BaseException:
        db.close()
        raise
    if problems:
        db.close()
        log.error("the shop's server %s failed the start check: %s", shown(url), problems)
        return None, problems, None
    return db, [], None


def server_state(url) -> str:
    """"empty" or "shop": what the seat being set up will find on the server (DomainError
    when it does not answer or holds another program's database)."""
    return opening.server_state(url)


def on_server(db_path) -> bool:
    return opening.is_server(db_path)


def shown(db_path) -> str:
    """The database as a screen may show it: a server's address never with its password."""
    if opening.is_server(db_path):
        return server.shown(db_path)
    return str(db_path)


def describe(problems, lang=None) -> str:
    """One plain sentence per problem, for the start screen."""
    lines = []
    for key, detail in problems:
        name = t("check." + key, lang)
        lines.append(t("startup.problem", lang, problem=name, detail=detail))
    return "\n".join(lines)


def restore_latest_sound_backup(db_path, folder=None, now=None) -> Tuple[str, Optional[str]]:
    """Replace a broken database (nobody has it open) by its newest sound backup.

    Returns (backup used, where the broken file was kept); DomainError when no backup is
    sound. The replaced file is kept as `<stem>.replaced-<stamp>.sqlite3` beside it."""
    db_path = str(db_path)
    chosen = backup_service.latest_sound_backup(db_path, folder)
    if chosen is None:
        raise DomainError("error.backup.none_sound", "backup")
    staged = store.stage(chosen, db_path)
    try:
        problems = store.verify(staged, _schema_version())
        if problems:  # changed between the check and the copy
            raise backup_service.problem_error(problems, "backup")
        later = backup_service.later_audit_entries(db_path, staged)  # what the damage left
        replaced = store.keep_replaced(db_path, now)
        store.replace_file(db_path, staged)
    finally:
        store.discard(staged)
    from app.storage import audit
    with Database(db_path) as db:
        with db.atomic():  # nobody is logged in yet: the entry has no user
            audit.carry(db, later)
            audit.write(db, None, "backup.restore_at_start", "backup", os.path.basename(chosen),
                        {"from": chosen, "replaced_kept_as": replaced,
                         "carried_entries": len(later)})
    log.warning("database %s restored from %s; the replaced file is %s", db_path, chosen, replaced)
    return chosen, replaced
