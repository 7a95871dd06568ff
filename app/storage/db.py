"""sqlite3 lives here: the connection and the one transaction helper. It only connects:
app.storage.migrations migrates, app.storage.opening opens (connects, migrates, creates).

The connection runs in autocommit mode (isolation_level=None) so that `atomic()` alone decides
where a transaction begins and ends: BEGIN IMMEDIATE at the outside (a writer takes the lock
up front instead of failing halfway), SAVEPOINTs inside, so use cases nest.
"""
import contextlib
import os
import sqlite3
import threading

from app import private_files

BUSY_TIMEOUT_MS = 10000


class Database:
    """One open database file; `conn` belongs to the thread that opened it."""

    engine = "sqlite"

    def __init__(self, path):
        self.path = str(path)
        private_files.make_folder(os.path.dirname(os.path.abspath(self.path)))
        new_file = not os.path.exists(self.path)
        self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000.0,
                                    isolation_level=None)
        if new_file:
            private_files.restrict(self.path)  # the order book is the shop's business
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = {}".format(BUSY_TIMEOUT_MS))
        self.conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed order survives a power cut too, not only a crash of the app
        self.conn.execute("PRAGMA synchronous = FULL")
        self._depth = 0
        self._lock = threading.RLock()

    def close(self):
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextlib.contextmanager
    def atomic(self):
        """All or nothing: the outermost call is a transaction, inner calls are savepoints.
        Shared by the shop's server (app.storage.server), which begins and rolls back its own
        way (_begin, _rollback)."""
        with self._lock:
            depth = self._depth
            self._depth += 1
            name = "sp{}".format(depth)
            try:
                if depth == 0:
                    self._begin()
                else:
                    self.execute("SAVEPOINT " + name)
                try:
                    yield self
                except BaseException:
                    if depth == 0:
                        self._rollback()
                    else:
                        self.execute("ROLLBACK TO " + name)
                        self.execute("RELEASE " + name)
                    raise
                else:
                    self.execute("COMMIT" if depth == 0 else "RELEASE " + name)
            finally:
                self._depth = depth

    @contextlib.contextmanager
    def snapshot(self):
        """One consistent view of every table for a long read (a backup, a copy of the shop)
        that keeps no writer waiting: a read transaction (WAL), ended without writing."""
        with self._lock:
            if self._depth:
                raise RuntimeError("a snapshot cannot be taken inside a transaction")
            self._depth = 1
            try:
                self._begin_snapshot()
                try:
                    yield self
                finally:
                    self._rollback()
            finally:
                self._depth = 0

    def _begin_snapshot(self):
        self.execute("BEGIN")  # deferred: the first read fixes what it sees

    def _begin(self):
        # IMMEDIATE: a writer takes the lock up front instead of failing halfway
        self.execute("BEGIN IMMEDIATE")

    def _rollback(self):
        self.execute("ROLLBACK")

    def execute(self, sql, params=()):
        return self.conn.execute(sql, params)

    def executemany(self, sql, rows):
        return self.conn.executemany(sql, rows)

    def one(self, sql, params=()):
        return self.conn.execute(sql, params).fetchone()

    def all(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @property
    def in_transaction(self):
        return self._depth > 0

