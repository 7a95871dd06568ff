"""A shop's rows from one database into another, engine to engine (issue 21's `copy-db`):
parents before children, ids kept, then row counts and per-table checksums compared."""
import hashlib
from typing import Dict, List

from app.storage import server_schema
from app.storage.db import Database

BATCH_ROWS = 200  # rows per INSERT on the server (a statement takes at most 65535 values)


def on_server(db) -> bool:
    return getattr(db, "engine", "sqlite") == "postgresql"


def table_columns(db, table) -> List[str]:
    if on_server(db):
        return server_schema.server_columns(db, table)
    return [r[1] for r in db.all("SELECT * FROM pragma_table_info(?) ORDER BY cid", (table,))]


def file_tables_in_order(db) -> List[str]:
    """The tables of a file in foreign-key order (the file's schema is the one schema)."""
    return server_schema.tables_in_order(server_schema.file_objects(db))


def empty_file(path) -> Database:
    """A new file of our schema with no rows, the shape a copy is poured into: migrated, then
    emptied of what the migrations seed (the copy brings those rows with the rest)."""
    from app.storage import migrations  # it reads the schema; the copy only needs it here
    db = Database(path)
    try:
        with db.atomic():
            migrations.migrate(db)
            for table in reversed(file_tables_in_order(db)):
                db.execute("DELETE FROM {}".format(table))
            if db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"):
                db.execute("DELETE FROM sqlite_sequence")
    except BaseException:
        db.close()
        raise
    return db


def _select(db, table, columns):
    order = " ORDER BY id" if "id" in columns else ""
    return db.all("SELECT {} FROM {}{}".format(", ".join(columns), table, order))


def copy_rows(source, target, tables) -> Dict[str, int]:
    """Every row of `tables` from source into target (inside the caller's transaction)."""
    counts = {}
    for table in tables:
        columns = [c for c in table_columns(target, table) if c in set(table_columns(source, table))]
        rows = [tuple(r) for r in _select(source, table, columns)]
        one = "(" + ", ".join("?" * len(columns)) + ")"
        head = "INSERT INTO {}({}) VALUES ".format(table, ", ".join(columns))
        if on_server(target):
            for start in range(0, len(rows), BATCH_ROWS):
                chunk = rows[start:start + BATCH_ROWS]
                target.execute(head + ", ".join([one] * len(chunk)),
                               [v for row in chunk for v in row])
        elif rows:
            target.executemany(head + one, rows)
        counts[table] = len(rows)
    if on_server(target):
        server_schema.reset_identities(target, tables)
    return counts


def _text(value) -> str:
    if value is None:
        return "n"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "b" + bytes(value).hex()
    if isinstance(value, bool):
        return "i" + str(int(value))
    if isinstance(value, int):
        return "i" + str(value)
    if isinstance(value, float):
        return "f" + repr(value)
    return "s" + str(value)


def table_digest(db, table, columns):
    """(rows, sha256) of a table's rows whatever order the engine keeps them in."""
    digests = sorted(hashlib.sha256("\x1f".join(_text(v) for v in row).encode("utf-8")).digest()
                     for row in _select(db, table, columns))
    whole = hashlib.sha256()
    for d in digests:
        whole.update(d)
    return len(digests), whole.hexdigest()


def compare(source, target, tables) -> List[dict]:
    """Per table: rows on each side and whether their checksums agree."""
    out = []
    for table in tables:
        columns = sorted(set(table_columns(source, table)) & set(table_columns(target, table)))
        n_src, d_src = table_digest(source, table, columns)
        n_dst, d_dst = table_digest(target, table, columns)
        out.append({"table": table, "rows_from": n_src, "rows_to": n_dst,
                    "checksum": d_src, "same": n_src == n_dst and d_src == d_dst})
    return out
