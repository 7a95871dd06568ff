"""Users, passwords and logging in.

Passwords: PBKDF2-HMAC-SHA256 from hashlib with a random 16-byte salt and 600,000 rounds
(OWASP 2023; slow on purpose, about 0.2-0.5 s on a shop PC). A hash of fewer rounds (260,000
before) is re-hashed at the next successful login. No default password exists: the first start
creates the administrator with the password given to it. The commonest passwords, keyboard
runs and the user's or the shop's name are refused (app.domain.passwords).

The lockout is counted and checked in one write transaction: windows guessing at once each see
the failures the others recorded (read before it, 8 windows once tried 32 passwords).
"""
import hashlib
import hmac
import os
from datetime import timedelta

from app.domain import clock, passwords, text
from app.domain.errors import Collect, Conflict, NotFound, PermissionDenied, ValidationError
from app.domain.records import ROLES, User
from app.services.session import Session, admin_only, before_password_change
from app.storage import audit
from app.storage import users as users_db
from app.storage.db import Database

ROUNDS = 600000
MIN_PASSWORD = 8
MAX_FAILED = 5
LOCK_MINUTES = 5


def hash_password(password: str, rounds=ROUNDS) -> str:
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, rounds)
    return "pbkdf2_sha256${}${}${}".format(rounds, salt.hex(), digest.hex())


def needs_rehash(stored: str) -> bool:
    """A hash of another scheme or of fewer rounds than ROUNDS today."""
    try:
        scheme, rounds, _, _ = stored.split("$")
        return scheme != "pbkdf2_sha256" or int(rounds) < ROUNDS
    except (ValueError, AttributeError):
        return True


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, rounds, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        check = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt),
                                    int(rounds))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(check.hex(), digest)


def check_password_rules(password, field="password", names=()):
    """Length, then what a guesser tries first; `names`: the user name, the person's and the
    shop's name (refused with only digits or signs around them)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValidationError("error.password.too_short", field, min=MIN_PASSWORD)
    if len(password) > text.PASSWORD:
        raise ValidationError("error.password.too_long", field, max=text.PASSWORD)
    text.password(password, field)
    key = passwords.weakness(password, [n for n in names if isinstance(n, str)])
    if key:
        raise ValidationError(key, field)


def _names(db: Database, *names):
    """The names a password may not be: those given and the shop's name."""
    from app.services.shop import requisites_of
    return list(names) + [requisites_of(db).get("name") or ""]


def _check_username(username):
    username = text.clean(username, "username", 1000, required=True)
    if len(username) > 64 or any(ch.isspace() for ch in username):
        raise ValidationError("error.user.bad_username", "username")
    return username


def _full_name(full_name):
    return text.clean(full_name, "full_name", text.NAME)


def needs_first_admin(db: Database) -> bool:
    return users_db.count(db) == 0


def create_first_admin(db: Database, username, password, full_name="") -> User:
    """Only on an empty users table: the first start of the app."""
    username, full_name = _check_username(username), _full_name(full_name)
    check_password_rules(password, names=_names(db, username, full_name))
    with db.atomic():
        if users_db.count(db) != 0:
            raise PermissionDenied("error.user.first_admin_exists")
        uid = users_db.insert(db, username, full_name, "admin", hash_password(password))
        user = users_db.get(db, uid)
        audit.write(db, user, "user.create", "user", uid, {"role": "admin", "first": True})
    return user


def login(db: Database, username, password, now=None) -> Session:
    """A session for the user, or a ValidationError; 5 wrong passwords lock for 5 minutes.

    The lock is kept in the database, so restarting the app does not lift it. The password
    is checked outside the write lock (it is slow on purpose); the failure count and the lock
    are then read again and written in one transaction."""
    now = now or clock.local()  # the server's on a server: a lock ends at the same moment for every seat
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    username = text.clean(username, "username", 1000)
    password = text.password(password or "", "password")
    row = users_db.login_row(db, username)
    if row is None or not row["active"]:
        # the same message as a wrong password: no hint which user names exist
        raise ValidationError("error.login.wrong", "password")
    if row["locked_until"] and row["locked_until"] > stamp:
        raise ValidationError("error.login.locked", "username", until=row["locked_until"][11:16])
    user = User(row["id"], row["username"], row["full_name"], row["role"], True,
                bool(row["must_change_password"]), row["version"])
    right = verify_password(password or "", row["password_hash"])
    new_hash = hash_password(password) if right and needs_rehash(row["password_hash"]) else None
    locked = None
    with db.atomic():
        fresh = users_db.lock_state(db, user.id)
        if fresh is None or not fresh["active"] or fresh["password_hash"] != row["password_hash"]:
            outcome = "wrong"  # deactivated or given a new password meanwhile: not this one
        elif fresh["locked_until"] and fresh["locked_until"] > stamp:
            outcome, locked = "locked", fresh["locked_until"]  # another window's guesses locked it
        elif right:
            outcome = "in"
            users_db.record_success(db, user.id)
            if new_hash:  # more rounds than when it was set; only if nobody changed it meanwhile
                users_db.rehash(db, user.id, row["password_hash"], new_hash)
            audit.write(db, user, "login", "user", user.id)
        else:
            outcome = "wrong"
            failed = fresh["failed_logins"] + 1
            if failed >= MAX_FAILED:
                locked = (now + timedelta(minutes=LOCK_MINUTES)).strftime("%Y-%m-%d %H:%M:%S")
                failed = 0
            users_db.record_failure(db, user.id, failed, locked)
            audit.write(db, user, "login.failed", "user", user.id, {"locked": bool(locked)})
    if locked:
        raise ValidationError("error.login.locked", "username", until=locked[11:16])
    if outcome != "in":
        raise ValidationError("error.login.wrong", "password")
    return Session(db, user, users_db.generation(db))


@before_password_change
def change_own_password(session: Session, old_password, new_password):
    """The one call (with logging out) left to a user who must change the password."""
    old_password = text.password(old_password or "", "old_password")
    check_password_rules(new_password, "new_password",  # cheap: before the slow check
                         _names(session.db, session.user.username, session.user.full_name))
    row = users_db.login_row(session.db, session.user.username)
    if not verify_password(old_password, row["password_hash"]):
        raise ValidationError("error.login.wrong", "old_password")
    if verify_password(new_password, row["password_hash"]):
        raise ValidationError("error.password.same", "new_password")
    with session.db.atomic():
        users_db.set_password(session.db, session.user.id, hash_password(new_password), False)
        audit.write(session.db, session.user, "user.password_changed", "user", session.user.id)
    session.user = users_db.get(session.db, session.user.id)


@admin_only
def list_users(session: Session):
    return users_db.list_all(session.db)


@admin_only
def add_user(session: Session, username, password, role, full_name="") -> User:
    errors = Collect()  # every bad field at once
    username = errors(_check_username, username)
    if role not in ROLES:
        errors.add("error.user.bad_role", "role")
    full_name = errors(_full_name, full_name) or ""
    errors(check_password_rules, password, names=_names(session.db, username or "", full_name))
    errors.done()
    with session.db.atomic():
        if users_db.login_row(session.db, username) is not None:
            raise ValidationError("error.user.exists", "username", username=username)
        uid = users_db.insert(session.db, username, full_name, role, hash_password(password),
                              must_change=True)
        audit.write(session.db, session.user, "user.create", "user", uid,
                    {"username": username, "role": role})
    return users_db.get(session.db, uid)


@admin_only
def update_user(session: Session, user_id, full_name, role, active, version=None):
    """`version`: User.version as the form read it; another administrator's save since then
    is a Conflict, not overwritten (a stale form once re-activated a deactivated user).
    None (scripts that read and write in one go) checks nothing."""
    full_name = _full_name(full_name)
    if role not in ROLES:
        raise ValidationError("error.user.bad_role", "role")
    with session.db.atomic():
        old = users_db.get(session.db, user_id)
        if old is None:
            raise NotFound("error.not_found.user")
        if version is not None and old.version != version:
            raise Conflict("error.conflict.edited")
        if old.is_admin and (role != "admin" or not active) \
                and users_db.count_active_admins(session.db) <= 1:
            raise Conflict("error.user.last_admin", "role")
        if not users_db.update(session.db, user_id, full_name, role, bool(active),
                               version):
            raise Conflict("error.conflict.edited")
        audit.write(session.db, session.user, "user.update", "user", user_id,
                    {"role": [old.role, role], "active": [old.active, bool(active)]})


@admin_only
def reset_password(session: Session, user_id, new_password, force_change=True):
    user = users_db.get(session.db, user_id)
    if user is None:
        raise NotFound("error.not_found.user")
    check_password_rules(new_password, names=_names(session.db, user.username, user.full_name))
    with session.db.atomic():
        if users_db.get(session.db, user_id) is None:
            raise NotFound("error.not_found.user")
        users_db.set_password(session.db, user_id, hash_password(new_password), force_change)
        audit.write(session.db, session.user, "user.password_reset", "user", user_id,
                    {"force_change": bool(force_change)})


@admin_only
def force_password_change(session: Session, user_id):
    with session.db.atomic():
        users_db.set_must_change(session.db, user_id, True)
        audit.write(session.db, session.user, "user.force_password_change", "user", user_id)


@admin_only
def delete_user(session: Session, user_id):
    """Deletes a user without history; one with orders or audit entries is deactivated."""
    if user_id == session.user.id:
        raise Conflict("error.user.delete_self")
    with session.db.atomic():
        user = users_db.get(session.db, user_id)
        if user is None:
            raise NotFound("error.not_found.user")
        if user.is_admin and user.active and users_db.count_active_admins(session.db) <= 1:
            raise Conflict("error.user.last_admin")
        if users_db.has_history(session.db, user_id):
            users_db.update(session.db, user_id, user.full_name, user.role, False)
            audit.write(session.db, session.user, "user.deactivate", "user", user_id,
                        {"username": user.username})
            return "deactivated"
        users_db.delete(session.db, user_id)
        audit.write(session.db, session.user, "user.delete", "user", user_id,
                    {"username": user.username})
        return "deleted"
