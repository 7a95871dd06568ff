"""Integrity checks of the file: SQLite's own, foreign keys, and the shop's invariants."""
from app.storage.backup import REQUIRED_TABLES, missing_triggers
from app.storage.db import Database

# (problem key, SQL counting the rows that break it)
INVARIANTS = (
    ("orders_gross_not_net_plus_vat",
     "SELECT count(*) FROM orders WHERE price_gross_tiyn != price_net_tiyn + vat_tiyn"),
    ("orders_cost_below_direct", "SELECT count(*) FROM orders WHERE est_cost_tiyn < est_direct_tiyn"),
    ("orders_made_without_finish_date",
     "SELECT count(*) FROM orders WHERE status IN ('ready','delivered','paid') AND finished_at IS NULL"),
    ("orders_paid_without_date", "SELECT count(*) FROM orders WHERE status = 'paid' AND paid_at IS NULL"),
    ("orders_actual_incomplete",
     "SELECT count(*) FROM orders WHERE actual IS NOT NULL AND act_overhead_tiyn IS NULL"),
    ("orders_number_above_counter",
     "SELECT count(*) FROM orders o WHERE CAST(substr(o.number, 6) AS INTEGER) > "
     "coalesce((SELECT last FROM order_numbers n "
     "WHERE n.year = CAST(substr(o.number, 1, 4) AS INTEGER)), 0)"),
)


def check(db: Database, quick=False, invariants=None):
    """A list of (problem key, detail); empty when the file is sound.

    `quick`: PRAGMA quick_check, which reads every page but does not compare indexes with
    their tables (index damage passes it; integrity_check finds it, see docs/reliability.md).
    `invariants` (default: not quick): also the shop's own invariants."""
    if invariants is None:
        invariants = not quick
    if getattr(db, "engine", "sqlite") == "postgresql":
        # the server keeps its own pages and foreign keys whole (it refuses a broken row at
        # once): what is ours to check is the shape and the shop's invariants
        shape = shape_problems(db)
        return shape if shape else (_invariant_problems(db) if invariants else [])
    problems = []
    pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
    rows = [r[0] for r in db.all(pragma)]
    if rows != ["ok"]:
        problems.append(("integrity", "; ".join(rows[:10])))
        return problems  # a damaged file: the rest would only add noise
    fk = db.all("PRAGMA foreign_key_check")
    if fk:
        problems.append(("foreign_keys", "{} rows, first in table {}".format(len(fk), fk[0][0])))
    shape = shape_problems(db)
    if shape:
        return problems + shape  # not (all) ours: the shop's invariants cannot be read
    if invariants:
        problems.extend(_invariant_problems(db))
    return problems


def _invariant_problems(db):
    problems = []
    for key, sql in INVARIANTS:
        n = db.scalar(sql)
        if n:
            problems.append((key, str(n)))
    return problems


SQLITE_HEADER = b"SQLite format 3\x00"


def header_problems(path) -> list:
    """Problems seen before connecting, which would already write to the file: SQLite gives
    a zero-byte file a header (and a new, empty database) the moment it is opened."""
    try:
        with open(str(path), "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        return [("integrity", str(exc))]
    if not header:
        return [("not_ours", "0 bytes")]
    if header != SQLITE_HEADER:
        return [("not_ours", "not an SQLite file")]
    return []


def shape_problems(db) -> list:
    """What makes a file an iPrint database at all, cheap enough for every start: our tables,
    a schema version, a catalog and the audit log's append-only triggers. A zero-byte file,
    another program's file and a first start killed before its default catalog (older
    versions made such files) all fail it."""
    on_server = getattr(db, "engine", "sqlite") == "postgresql"
    if on_server:
        from app.storage import server_schema
        tables = set(server_schema.server_tables(db))
        version = (db.scalar("SELECT max(version) FROM schema_migrations") or 0
                   if "schema_migrations" in tables else 0)
    else:
        version = db.scalar("PRAGMA user_version")
        tables = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return [("not_ours", "no tables")]
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        return [("not_ours", ", ".join(missing))]
    if version < 1:
        return [("not_ours", "user_version {}".format(version))]
    if db.scalar("SELECT count(*) FROM catalog_versions") == 0:
        return [("no_catalog_version", "0")]
    missing = missing_triggers(db if on_server else db.conn)
    if missing:  # someone made the audit log editable: refused like damage
        return [("audit_log_not_protected", ", ".join(missing))]
    return []


def file_shape_problems(path) -> list:
    """header_problems, then shape_problems over a read-only connection: a file that is not
    ours is refused before anything (even the switch to WAL) has written to it."""
    import sqlite3
    problems = header_problems(path)
    if problems:
        return problems
    try:
        conn = sqlite3.connect("file:{}?mode=ro".format(path), uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [("integrity", str(exc))]
    try:
        return shape_problems(_ReadOnly(conn))
    except sqlite3.DatabaseError as exc:
        return [("integrity", str(exc))]
    finally:
        conn.close()


def check_file(path, quick=False):
    """(problems, schema version) of a file, without migrating or changing it.

    A file too damaged to open at all is reported as an integrity problem, not raised."""
    import sqlite3
    problems = header_problems(path)
    if problems:
        return problems, None
    try:
        conn = sqlite3.connect("file:{}?mode=ro".format(path), uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [("integrity", str(exc))], None
    try:
        db = _ReadOnly(conn)
        version = db.scalar("PRAGMA user_version")
        return check(db, quick=quick), version
    except sqlite3.DatabaseError as exc:
        return [("integrity", str(exc))], None
    finally:
        conn.close()


class _ReadOnly:
    """Just the query helpers check() uses, over a plain read-only connection."""

    def __init__(self, conn):
        self.conn = conn

    def all(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]
