"""A whole shop copied into a new home (issue 21): an empty database on the shop's server or a
file that does not exist yet. Read from one snapshot of the source, written in one transaction
of the target, compared table by table before it is committed: a copy is whole or not there.

Used by `copy-db` (a shop onto the server and back) and by backups of a server (a snapshot
poured into an iPrint SQLite file, so the backup list, checks and retention keep working)."""
import os
import shutil
import sqlite3
import tempfile
import uuid
from typing import List

from app.domain.errors import DomainError
from app.storage import backup, opening, server, server_schema, shop_copy

FIELD = "--to"
COPYING = ".copying-"


class CopyMismatch(Exception):
    """The target's rows did not compare equal to the source's: nothing was committed."""

    def __init__(self, report):
        super().__init__(", ".join(r["table"] for r in report if not r["same"]))
        self.report = report


def _checked(report) -> List[dict]:
    if not all(r["same"] for r in report):
        raise CopyMismatch(report)
    return report


def target_problem(path_or_url):
    """Why a copy cannot go there (DomainError), before anything is read or written."""
    if opening.is_server(path_or_url):
        with server.ServerDatabase(path_or_url) as target:
            if server_schema.server_tables(target):
                raise DomainError("error.copy.target_not_empty", FIELD, url=target.path)
        return
    path = opening.file_path(path_or_url)
    if os.path.exists(path):
        raise DomainError("error.copy.target_exists", FIELD, path=path)


def copy_shop(source, path_or_url) -> List[dict]:
    """Every row of the open `source` (migrated to our schema) into a new home; the per-table
    comparison (rows each side, checksum, same)."""
    target_problem(path_or_url)
    if opening.is_server(path_or_url):
        return _into_server(source, path_or_url)
    return _into_file(source, opening.file_path(path_or_url))


def _shape_objects():
    folder = tempfile.mkdtemp(prefix="iprint-shape-")
    try:
        shape = shop_copy.empty_file(os.path.join(folder, "shape.sqlite3"))
        try:
            return server_schema.file_objects(shape)
        finally:
            shape.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _into_server(source, url) -> List[dict]:
    objects = _shape_objects()
    tables = server_schema.tables_in_order(objects)
    with server.ServerDatabase(url) as target:
        with source.snapshot(), target.atomic():
            if server_schema.server_tables(target):  # another copy got there first
                raise DomainError("error.copy.target_not_empty", FIELD, url=target.path)
            for statement in server_schema.server_ddl(objects):
                target.execute(statement)
            shop_copy.copy_rows(source, target, tables)
            report = _checked(shop_copy.compare(source, target, tables))
        server_schema.analyze(target)
    return report


def _into_file(source, path) -> List[dict]:
    """Built under a temporary name beside `path` and linked into place when whole."""
    folder = os.path.dirname(os.path.abspath(path))
    temp = "{}{}{}".format(path, COPYING, uuid.uuid4().hex[:12])
    try:
        try:
            target = shop_copy.empty_file(temp)
        except (OSError, sqlite3.OperationalError) as exc:  # no such folder, no rights, disk full
            raise DomainError("error.copy.target_unwritable", FIELD, path=path,
                              reason=str(exc)) from exc
        try:
            tables = shop_copy.file_tables_in_order(target)
            with source.snapshot(), target.atomic():
                shop_copy.copy_rows(source, target, tables)
                report = _checked(shop_copy.compare(source, target, tables))
            backup.checkpoint(target)  # everything in the file itself
        finally:
            target.close()
        opening.publish_new(temp, path, folder)
        if os.path.exists(temp) and not os.path.samefile(temp, path):  # another copy won
            raise DomainError("error.copy.target_exists", FIELD, path=path)
    finally:
        opening.remove_with_companions(temp)
    return report


def pour_over(db, source, then=None) -> List[dict]:
    """The server's shop replaced by every row of `source` (a checked iPrint file at our
    schema), in one transaction of the server: nothing of the old rows stays, and a failure
    leaves them all; `then(db)` runs last in it. The per-table comparison, as copy_shop's."""
    tables = shop_copy.file_tables_in_order(source)
    with source.snapshot(), db.atomic():
        server_schema.empty_tables(db, tables)
        shop_copy.copy_rows(source, db, tables)
        report = _checked(shop_copy.compare(source, db, tables))
        if then is not None:
            then(db)
    server_schema.analyze(db)
    return report

