"""The audit log: append-only (triggers refuse UPDATE and DELETE)."""
import json

from app.domain import clock
from app.storage.db import Database
from app.storage.portable import day_after, insert_returning_id

# the ids of the entries this process wrote, per database: the rest are other seats' changes
_mine = {}


def write(db: Database, user, action, entity="", entity_id="", details=None):
    # the shop's local time, as every time the app stores (app.domain.clock: the PC's, or the
    # shop's server's; a database's own clock may be UTC, five hours behind Almaty)
    new_id = insert_returning_id(
        db, "INSERT INTO audit_log(at, user_id, username, action, entity, entity_id, details) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (clock.now_ms(), user.id if user else None, user.username if user else "", action, entity,
         str(entity_id or ""), json.dumps(details or {}, ensure_ascii=False, sort_keys=True,
                                          default=str)))
    _mine.setdefault(db.path, set()).add(new_id)


def newest_id(db: Database) -> int:
    """The change counter other seats are watched by: every change writes an entry."""
    return db.scalar("SELECT max(id) FROM audit_log") or 0


def others_since(db: Database, after, limit=1000) -> tuple:
    """(newest id, the actions of entries after `after` that this process did not write)."""
    rows = db.all("SELECT id, action FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                  (after, limit))
    mine = _mine.get(db.path, set())
    actions = {r[1] for r in rows if r[0] not in mine}
    newest = rows[-1][0] if rows else after
    mine.difference_update({i for i in mine if i <= newest})  # seen: forget them
    return newest, actions


def search(db: Database, text="", action="", date_from=None, date_to=None, limit=200, offset=0,
           named=()):
    where, params = [], []
    if text:
        found = ("lower(username) LIKE lower(?) OR lower(details) LIKE lower(?) OR "
                 "lower(entity_id) LIKE lower(?) OR lower(action) LIKE lower(?)")
        like = "%" + text + "%"
        params += [like, like, like, like]
        if named:  # actions whose translated names hold the text
            found += " OR action IN ({})".format(", ".join("?" * len(named)))
            params += list(named)
        where.append("(" + found + ")")
    if action:
        where.append("action = ?")
        params.append(action)
    if date_from:
        where.append("at >= ?")
        params.append(str(date_from))
    if date_to:
        where.append("at < ?")
        params.append(day_after(date_to))
    sql = "SELECT * FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ? OFFSET ?"
    return db.all(sql, params + [int(limit), int(offset)])


COLUMNS = ("at", "user_id", "username", "action", "entity", "entity_id", "details")


def last_moment(conn) -> str:
    """The time of the newest entry ('' for an empty log); `conn`: anything with execute()."""
    row = conn.execute("SELECT max(at) FROM audit_log").fetchone()
    return (row[0] if row else None) or ""


def entries_after(conn, moment) -> list:
    """The entries written after `moment`, oldest first, as tuples of COLUMNS."""
    return [tuple(r) for r in conn.execute(
        "SELECT {} FROM audit_log WHERE at > ? ORDER BY id".format(", ".join(COLUMNS)),
        (moment,)).fetchall()]


def carry(db: Database, entries):
    """Append entries read from another file (their own times kept); an author the file does
    not know keeps the name only."""
    known = {r["id"]: r["username"] for r in db.all("SELECT id, username FROM users")}
    for entry in entries:
        row = dict(zip(COLUMNS, entry))
        if known.get(row["user_id"]) != row["username"]:
            row["user_id"] = None
        db.execute("INSERT INTO audit_log({}) VALUES ({})".format(
            ", ".join(COLUMNS), ", ".join("?" * len(COLUMNS))), [row[c] for c in COLUMNS])


def last_change(db: Database, entity, entity_id):
    """(username, at) of the newest entry about one record, or None: who won a race to it."""
    row = db.one("SELECT username, at FROM audit_log WHERE entity = ? AND entity_id = ? "
                 "ORDER BY id DESC LIMIT 1", (entity, str(entity_id)))
    return (row[0], row[1]) if row else None
