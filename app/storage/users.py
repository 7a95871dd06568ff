"""Users table."""
from app.domain import clock
from app.domain.records import User
from app.storage.db import Database
from app.storage.portable import insert_returning_id


def _user(row) -> User:
    return User(row["id"], row["username"], row["full_name"], row["role"], bool(row["active"]),
                bool(row["must_change_password"]), row["version"])


def count(db: Database) -> int:
    return db.scalar("SELECT count(*) FROM users")


def insert(db: Database, username, full_name, role, password_hash, must_change=False) -> int:
    return insert_returning_id(
        db, "INSERT INTO users(username, full_name, role, password_hash, must_change_password, "
        "created_at) VALUES (?,?,?,?,?,?)",
        (username, full_name, role, password_hash, int(must_change), clock.now()))


def get(db: Database, user_id):
    row = db.one("SELECT * FROM users WHERE id = ?", (user_id,))
    return _user(row) if row else None


def as_now(db: Database, user_id):
    """(the user as the row says now or None, the shop's seat generation): one query at every
    service call, where a session is checked against both."""
    row = db.one("SELECT u.*, (SELECT value FROM settings WHERE key = ?) AS seats_generation "
                 "FROM users u WHERE u.id = ?", (GENERATION, user_id))
    if row is None:
        return None, None
    return _user(row), row["seats_generation"] or "0"


def login_row(db: Database, username):
    """The row with hash and lockout state, for the login check only.

    A login matches without regard to case, Cyrillic too: compared here in Python, since
    SQLite's lower() (and the NOCASE the column had) folds ASCII only. The exact login wins:
    two that differ only in Cyrillic case could be made before, each still logs in as itself.
    A shop has a handful of users: reading them all costs nothing."""
    row = db.one("SELECT * FROM users WHERE username = ?", (username,))
    if row is not None:
        return row
    key = str(username).casefold()
    return next((r for r in db.all("SELECT * FROM users ORDER BY id")
                 if r["username"].casefold() == key), None)


def list_all(db: Database):
    return [_user(r) for r in db.all("SELECT * FROM users ORDER BY lower(username)")]


def names(db: Database):
    """(id, shown name, login) of every user, by name: people who take orders (no secrets)."""
    return [(r["id"], r["name"], r["username"]) for r in db.all(
        "SELECT id, coalesce(nullif(full_name, ''), username) AS name, username "
        "FROM users ORDER BY lower(coalesce(nullif(full_name, ''), username)), lower(username)")]


def set_password(db: Database, user_id, password_hash, must_change):
    db.execute("UPDATE users SET password_hash = ?, must_change_password = ?, failed_logins = 0, "
               "locked_until = NULL WHERE id = ?", (password_hash, int(must_change), user_id))


def update(db: Database, user_id, full_name, role, active, version=None) -> bool:
    """False when `version` is given and the row moved on since it was read."""
    sql = ("UPDATE users SET full_name = ?, role = ?, active = ?, version = version + 1 "
           "WHERE id = ?")
    params = (full_name, role, int(active), user_id)
    if version is not None:
        sql, params = sql + " AND version = ?", params + (version,)
    return db.execute(sql, params).rowcount == 1


def set_must_change(db: Database, user_id, must_change):
    db.execute("UPDATE users SET must_change_password = ? WHERE id = ?", (int(must_change), user_id))


def lock_state(db: Database, user_id):
    """active, password_hash, failed_logins, locked_until: read again inside the login's write
    transaction, so that the count is the one every window wrote."""
    return db.one("SELECT active, password_hash, failed_logins, locked_until FROM users "
                  "WHERE id = ?", (user_id,))


def rehash(db: Database, user_id, old_hash, new_hash):
    """The same password hashed with today's rounds, unless it was changed meanwhile."""
    db.execute("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
               (new_hash, user_id, old_hash))


def record_failure(db: Database, user_id, failed, locked_until):
    db.execute("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
               (failed, locked_until, user_id))


def record_success(db: Database, user_id):
    db.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", (user_id,))


def delete(db: Database, user_id):
    db.execute("DELETE FROM users WHERE id = ?", (user_id,))


def has_history(db: Database, user_id) -> bool:
    """A user who managed orders or left audit entries is deactivated, not deleted."""
    return bool(db.scalar(
        "SELECT EXISTS(SELECT 1 FROM orders WHERE manager_id = ?) OR "
        "EXISTS(SELECT 1 FROM audit_log WHERE user_id = ?) OR "
        "EXISTS(SELECT 1 FROM order_status_log WHERE user_id = ?) OR "
        "EXISTS(SELECT 1 FROM catalog_versions WHERE user_id = ?)",
        (user_id, user_id, user_id, user_id)))


def count_active_admins(db: Database) -> int:
    return db.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1")


GENERATION = "seats.generation"


def generation(db: Database) -> str:
    """The shop's seat generation: a restore moves it on, and every session begun before
    then ends (all seats log in again to the restored data)."""
    return db.scalar("SELECT value FROM settings WHERE key = ?", (GENERATION,)) or "0"


def next_generation(db: Database, before="0"):
    """Past both the generation the database holds now and `before` (what it held before a
    restore brought an older one back)."""
    value = str(max(int(generation(db)), int(before or 0)) + 1)
    db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (GENERATION, value))

