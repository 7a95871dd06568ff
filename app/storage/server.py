"""The shop's server (issue 21): a PostgreSQL database that several seats share, behind the
same face as the embedded file (app.storage.db.Database), so no service knows which engine
it runs on.

    postgresql://user[:password]@host[:port]/dbname

What differs is kept here: pg8000 (pure Python, on both Windows builds) with `?` parameters;
rows that read by index and by name; errors raised as sqlite3's classes (a CHECK or UNIQUE
failure is an IntegrityError on both engines); sums and averages back as int and float, as
SQLite gives them; and the single-writer rule: every outer `atomic()` takes one
transaction-level advisory lock, so writers go one at a time as on the file (numbers stay
gapless, stock checks hold), while readers are never blocked.
"""
import re
import sqlite3
import threading
from decimal import Decimal
from urllib.parse import unquote, urlsplit

from app.domain import clock
from app.domain.errors import DomainError
from app.storage.db import Database

FIELD = "--db"
SCHEMES = ("postgresql", "postgres")
DEFAULT_PORT = 5432
# how long a save waits for another seat's save before "another seat is saving, try again"
LOCK_TIMEOUT_MS = 10000
CONNECT_TIMEOUT_S = 10
# one advisory lock key for the whole shop's writes: 'iPrt'
WRITER_LOCK = 0x69507274
# a failure of the connection itself, not of the statement (PostgreSQL SQLSTATE classes)
_CONNECTION_CLASSES = ("08", "57P01", "57P02", "57P03")


def is_url(text) -> bool:
    return bool(re.match(r"^(postgresql|postgres)://", str(text), re.IGNORECASE))


def shown(url) -> str:
    """The URL as it may be printed or logged: never the password."""
    return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1:***@", str(url))


def file_name(url) -> str:
    """The server database's name made safe for a file or folder name (its backups, the demo's
    statements)."""
    name = parse_url(url)["database"]
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def parse_url(url) -> dict:
    """pg8000's connect arguments from a postgresql:// URL; DomainError naming --db if bad."""
    try:
        parts = urlsplit(str(url))
        port = parts.port or DEFAULT_PORT
    except ValueError as exc:
        raise DomainError("error.db.url_bad", FIELD, url=shown(url), reason=str(exc)) from exc
    name = unquote(parts.path.lstrip("/"))
    if parts.scheme.lower() not in SCHEMES or not parts.hostname or not parts.username or not name:
        raise DomainError("error.db.url_bad", FIELD, url=shown(url),
                          reason="postgresql://user[:password]@host[:port]/dbname")
    args = {"user": unquote(parts.username), "host": parts.hostname, "port": port,
            "database": name, "timeout": CONNECT_TIMEOUT_S}
    if parts.password is not None:
        args["password"] = unquote(parts.password)
    return args


class Row(tuple):
    """A result row as sqlite3.Row reads: row[0], row["name"], row.keys(), dict(row)."""

    __slots__ = ()
    _names = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError("No item with that key") from None
        return tuple.__getitem__(self, key)

    def keys(self):
        return list(self._names)


def _row_class(names):
    index = {}
    for i, n in enumerate(names):
        index.setdefault(n, i)
    return type("Row", (Row,), {"__slots__": (), "_names": tuple(names), "_index": index})


def _value(v):
    """A value as SQLite would have given it: no NUMERIC or boolean columns exist in our
    schema, so a Decimal is a sum or an average and a bool is a comparison."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, memoryview):
        return bytes(v)
    return v


def _param(v):
    if isinstance(v, bool):
        return int(v)  # SQLite stores True as 1; PostgreSQL's bigint refuses 'true'
    return v


class Cursor:
    """What an execute gives back: fetchone/fetchall/iteration, rowcount, lastrowid (None)."""

    def __init__(self, cursor):
        self._cursor = cursor
        self.rowcount = cursor.rowcount
        self.lastrowid = None
        desc = cursor.description
        self.description = desc
        self._row = _row_class([d[0] for d in desc]) if desc else None

    def _make(self, raw):
        return self._row(tuple(_value(v) for v in raw))

    def fetchone(self):
        if self._row is None:
            return None
        raw = self._cursor.fetchone()
        return None if raw is None else self._make(raw)

    def fetchall(self):
        if self._row is None:
            return []
        return [self._make(raw) for raw in self._cursor.fetchall()]

    def __iter__(self):
        return iter(self.fetchall())


def sqlstate(exc) -> str:
    try:
        return exc.args[0].get("C", "")
    except (AttributeError, IndexError, TypeError):
        return ""


class ServerIntegrityError(sqlite3.IntegrityError):
    """A constraint refused a row (SQLSTATE 23…): the same class the file raises."""


class ServerOperationalError(sqlite3.OperationalError):
    """Locked, timed out, cancelled, disconnected (SQLSTATE 55P03, 57014, 08…)."""


class ServerDatabaseError(sqlite3.DatabaseError):
    """Any other error of the server's."""


def translate(exc):
    """pg8000's error as sqlite3's class, its SQLSTATE kept in `.sqlstate`."""
    code = sqlstate(exc)
    detail = exc.args[0] if exc.args else {}
    message = detail.get("M", str(exc)) if isinstance(detail, dict) else str(exc)
    if code.startswith("23"):
        cls = ServerIntegrityError
    elif code in ("55P03", "57014", "40001", "40P01") or code.startswith(_CONNECTION_CLASSES) \
            or not code:
        cls = ServerOperationalError
    else:
        cls = ServerDatabaseError
    error = cls("{} ({})".format(message, code) if code else message)
    error.sqlstate = code
    return error


class ConnectionLost(DomainError):
    """The network to the server went away: the transaction under way is rolled back by the
    server, the seat is told, and its next use of the database connects again."""

    def __init__(self, url):
        super().__init__("error.db.connection_lost", None, url=url)


class ServerDatabase:
    """One seat's connection to the shop's server; same methods as app.storage.db.Database."""

    engine = "postgresql"

    def __init__(self, url):
        import pg8000.dbapi  # only a shop on a server loads the driver
        self._dbapi = pg8000.dbapi
        pg8000.dbapi.paramstyle = "qmark"  # the same SQL text as on the file
        self.url = str(url)
        self.path = shown(url)  # what is shown and keyed on; never the password
        self._depth = 0
        self._lock = threading.RLock()
        self._connect()

    def _connect(self):
        """A connection (again, after one was lost): DomainError when the server does not answer."""
        self._lost = True  # until this connection is made
        try:
            self.conn = self._dbapi.connect(**parse_url(self.url))
        except (OSError, ValueError, self._dbapi.InterfaceError) as exc:
            # refused, unreachable, unknown, a host name no resolver takes (UnicodeError)
            raise DomainError("error.db.server_unreachable", FIELD, url=self.path,
                              reason=str(exc)) from exc
        except self._dbapi.Error as exc:  # a wrong password, no such database: the server's words
            raise DomainError("error.db.server_unreachable", FIELD, url=self.path,
                              reason=translate(exc)) from exc
        self.conn.autocommit = True  # atomic() alone opens transactions, as on the file
        self._cursor = self.conn.cursor()
        self._lost = False
        self.execute("SET lock_timeout = {:d}".format(LOCK_TIMEOUT_MS))
        # every moment this seat stores is the server's (in the shop's zone, set on the server)
        clock.follow(self.scalar("SELECT LOCALTIMESTAMP"))

    def close(self):
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - a dead connection is closed already
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def execute(self, sql, params=(), _again=True):
        if self._lost:
            if self._depth:  # the transaction went with the connection
                raise ConnectionLost(self.path)
            self._reconnect_if_lost()  # DomainError server_unreachable while still down
        try:
            self._cursor.execute(sql, tuple(_param(p) for p in params))
        except self._dbapi.Error as exc:
            lost = isinstance(exc, self._dbapi.InterfaceError)
            error = None if lost else translate(exc)
            if not lost and not error.sqlstate.startswith(_CONNECTION_CLASSES):
                raise error from exc
            return self._lost_at(sql, params, _again, exc)
        except (OSError, AttributeError) as exc:  # the network went away mid-statement
            return self._lost_at(sql, params, _again, exc)
        return Cursor(self._cursor)

    def _lost_at(self, sql, params, again, exc):
        """The connection went (the network, a restarted server). Outside a transaction the
        statement stood alone: connect again and run it once more. Inside one, the server
        has rolled it back: say so; the next transaction connects again."""
        self._lost = True
        if again and not self._depth:
            return self.execute(sql, params, _again=False)
        raise ConnectionLost(self.path) from exc

    def executemany(self, sql, rows):
        for row in rows:
            self.execute(sql, row)

    def one(self, sql, params=()):
        return self.execute(sql, params).fetchone()

    def all(self, sql, params=()):
        return self.execute(sql, params).fetchall()

    def scalar(self, sql, params=()):
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    atomic = Database.atomic
    snapshot = Database.snapshot

    def _begin_snapshot(self):
        # no lock: the server keeps this transaction's view while other seats write
        self._reconnect_if_lost()
        self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def _reconnect_if_lost(self):
        if self._lost:
            self.close()
            self._connect()

    def _begin(self):
        """BEGIN, then wait for any other seat's save to end (the advisory lock), up to
        LOCK_TIMEOUT_MS, then say so. A connection lost since is made again first."""
        self._reconnect_if_lost()
        self.execute("BEGIN")
        try:
            self.execute("SELECT pg_advisory_xact_lock(?)", (WRITER_LOCK,))
        except ServerOperationalError as exc:
            self._rollback()
            if getattr(exc, "sqlstate", "") == "55P03":
                raise DomainError("error.db.seat_busy") from exc
            raise

    def _rollback(self):
        if self._lost:
            return  # the server rolled the transaction back when the connection went
        try:
            self.execute("ROLLBACK")
        except (sqlite3.Error, ConnectionLost):
            pass  # a lost connection has rolled back on the server already

    in_transaction = Database.in_transaction


DUMP_SUFFIX = ".dump"
DUMPS_KEPT = 7


def pg_dump_program():
    """The server's own dump program where its tools are present (PATH, or the PostgreSQL
    folders of a Windows install), else None."""
    import glob
    import shutil
    found = shutil.which("pg_dump")
    if found:
        return found
    for pattern in (r"C:\Program Files\PostgreSQL\*\bin\pg_dump.exe",
                    "/usr/lib/postgresql/*/bin/pg_dump"):
        hits = sorted(glob.glob(pattern))
        if hits:
            return hits[-1]
    return None


def dump(url, path, timeout_s=3600) -> bool:
    """`pg_dump --format=custom` of the server database into `path` (pg_restore reads it);
    False when the program is absent or fails (the snapshot file is the backup either way)."""
    import os
    import subprocess
    program = pg_dump_program()
    if program is None:
        return False
    args = parse_url(url)
    env = dict(os.environ, PGPASSWORD=args.get("password") or "", PGCONNECT_TIMEOUT="10")
    partial = path + ".partial"
    try:
        done = subprocess.run(
            [program, "--format=custom", "--no-password", "--file=" + partial,
             "--host=" + args["host"], "--port=" + str(args["port"]),
             "--username=" + args["user"], args["database"]],
            env=env, capture_output=True, timeout=timeout_s)
        if done.returncode != 0:
            raise OSError(done.stderr.decode("utf-8", "replace").strip()[:500])
        os.replace(partial, path)
    except (OSError, subprocess.SubprocessError) as exc:
        import logging
        logging.getLogger(__name__).warning("pg_dump of %s failed: %s", shown(url), exc)
        try:
            os.remove(partial)
        except OSError:
            pass
        return False
    return True
