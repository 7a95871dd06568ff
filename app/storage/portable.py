"""What SQLite and PostgreSQL do differently, kept to one place each (issue 21's groundwork):
the id of a new row and the bounds of a period, computed here instead of in SQL."""
import sqlite3
from datetime import date, timedelta

# RETURNING came with SQLite 3.35; Python 3.8 on Windows may ship an older library
HAS_RETURNING = sqlite3.sqlite_version_info >= (3, 35, 0)


def insert_returning_id(conn, sql, params=()) -> int:
    """Run one INSERT into a table with an `id` key and give the new row's id.

    `conn` is a Database or an sqlite3 connection (anything with execute)."""
    if HAS_RETURNING or getattr(conn, "engine", "") == "postgresql":
        # read to the end: a statement left open would hold its transaction (autocommit)
        return conn.execute(sql + " RETURNING id", params).fetchall()[0][0]
    return conn.execute(sql, params).lastrowid


def contains(text) -> str:
    """The LIKE pattern (with ESCAPE '\\') of rows whose text contains `text` as typed: its own
    % and _ are letters, not wildcards. Both sides are folded in Python already, so SQLite's
    ASCII-only and PostgreSQL's case-sensitive LIKE find the same rows."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped + "%"


LIKE_ESCAPE = " ESCAPE '\\'"


def _day(value):
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None  # as SQLite's date() of a bad text: NULL, so nothing compares to it


def day_after(value):
    """'YYYY-MM-DD' of the day after `value` (a date or a text starting with one): the open
    upper bound of a period that ends on `value`. None when `value` is no date."""
    day = _day(value)
    return None if day is None else (day + timedelta(days=1)).isoformat()


def month_after(value):
    """'YYYY-MM-01' of the month after the one `value` falls in. None when it is no date."""
    day = _day(value)
    if day is None:
        return None
    return (date(day.year + 1, 1, 1) if day.month == 12 else
            date(day.year, day.month + 1, 1)).isoformat()
