"""Moving a shop (issue 21): `copy-db --from --to` puts a shop's file onto the shop's server,
or a server's shop back into a file, whole and checked. No session: the person at the
command line owns both databases, as for `backup` and `restore`.

The source is first backed up (a file's backup is fully checked, a server's is a snapshot
file) and brought to our schema; the target must be new (an empty server database, a file
that does not exist): a copy never mixes with or replaces a shop. The rows go parent tables
first with their ids, the server's sequences follow the largest id, and the copy is committed
only when every table's row count and checksum agree with the source's."""
import os

from app.domain.errors import ValidationError
from app.services import backup
from app.services.session import Session, admin_only
from app.storage import integrity, opening, server, shop_move

CopyMismatch = shop_move.CopyMismatch


def shown(path_or_url) -> str:
    if opening.is_server(path_or_url):
        return server.shown(path_or_url)
    return os.path.abspath(str(path_or_url))


def copy_db(source, target, backup_folder=None) -> dict:
    """{"from", "to", "backup", "tables", "rows", "compared": [{"table", "rows_from",
    "rows_to", "checksum", "same"}]}. Bad input (a missing source, the same database twice,
    a target that is not new) is a DomainError with nothing written; CopyMismatch when the
    comparison fails (nothing committed)."""
    for value, field in ((source, "--from"), (target, "--to")):
        if value is None or not str(value).strip():
            raise ValidationError("error.field.required", field)
    for value, field in ((source, "--from"), (target, "--to")):
        if not opening.is_server(value) and not str(value).isprintable():
            raise ValidationError("error.copy.bad_path", field)
    if shown(source) == shown(target):
        raise ValidationError("error.copy.same", "--to")
    if not opening.is_server(source):
        opening.existing_file(source)
    shop_move.target_problem(target)  # refused before the source is even backed up
    taken = backup.back_up_file(source, backup_folder)
    with opening.open_database(source) as db:
        problems = integrity.check(db)
        if problems:
            key, detail = problems[0]
            raise ValidationError("error.copy.source_unsound", "--from",
                                  detail="{}: {}".format(key, detail))
        report = shop_move.copy_shop(db, target)
    return {"from": shown(source), "to": shown(target), "backup": taken["path"],
            "tables": len(report), "rows": sum(r["rows_to"] for r in report),
            "compared": report}


@admin_only
def move(session: Session, target, backup_folder=None) -> dict:
    """The administrator's "Move the shop": the shop this session works on, copied whole into
    `target` (an empty server database or a new file), as copy-db does."""
    db = session.db
    return copy_db(getattr(db, "url", db.path), target, backup_folder)

