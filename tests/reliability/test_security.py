"""Access: lockout kept in the file, password rules, forced change, idle logout setting,
the append-only audit log, a private database file."""
import os
import sqlite3
import stat
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from app.domain.errors import PermissionDenied, ValidationError
from app.i18n import error_text
from app.services import audit_log, auth, security
from app.storage.opening import open_database
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.reliability import figures
from tests.reliability.conftest import fingerprint

# --- the audit log cannot be edited --------------------------------------------------------

def test_the_audit_log_refuses_update_and_delete(db, admin):
    auth.force_password_change(admin, admin.user.id)
    before = fingerprint(db)
    for sql in ("UPDATE audit_log SET action = 'nothing'",
                "UPDATE audit_log SET username = 'someone else' WHERE id = 1",
                "DELETE FROM audit_log",
                "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            with db.atomic():
                db.execute(sql)
    assert fingerprint(db) == before


def test_the_audit_log_refuses_edits_from_another_connection_too(db_path, db, admin):
    raw = sqlite3.connect(str(db_path))  # any program, not only ours
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("DELETE FROM audit_log")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("UPDATE audit_log SET details = '{}'")
    finally:
        raw.close()


def test_the_audit_service_offers_no_way_to_change_entries():
    public = [n for n in dir(audit_log) if not n.startswith("_") and callable(getattr(audit_log, n))]
    assert not [n for n in public if any(w in n for w in ("delete", "update", "edit", "clear", "purge"))]


def test_sensitive_actions_are_audited_with_user_and_time(db, admin, manager):
    auth.force_password_change(admin, manager.user.id)
    security.set_idle_logout_minutes(admin, 15)
    rows = audit_log.search(admin)
    actions = [(r["action"], r["username"]) for r in rows]
    assert ("user.force_password_change", "admin") in actions
    assert ("security.idle_logout", "admin") in actions
    for r in rows:
        datetime.strptime(r["at"][:19], "%Y-%m-%d %H:%M:%S")


# --- the database file is private ----------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    open_database(path, create=True).close()
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600


# --- login lockout, kept in the database ----------------------------------------------------

def test_five_wrong_passwords_lock_even_across_a_restart(db_path, db):
    now = datetime(2026, 11, 27, 10, 0)
    for _ in range(4):
        with pytest.raises(ValidationError) as err:
            auth.login(db, "manager", "wrong-password", now=now)
        assert err.value.key == "error.login.wrong"
    with pytest.raises(ValidationError) as err:
        auth.login(db, "manager", "wrong-password", now=now)
    assert err.value.key == "error.login.locked"
    db.close()
    # the app restarts: a new Database, a new connection; the lock is still there
    again = open_database(db_path)
    try:
        with pytest.raises(ValidationError) as err:
            auth.login(again, "manager", MANAGER_PASSWORD, now=now + timedelta(minutes=4))
        assert err.value.key == "error.login.locked"
        assert "10:05" in error_text(err.value, "en")
        # other users are not locked
        assert auth.login(again, "admin", ADMIN_PASSWORD, now=now).user.username == "admin"
        session = auth.login(again, "manager", MANAGER_PASSWORD, now=now + timedelta(minutes=5, seconds=1))
        assert session.user.username == "manager"
        failed = [r for r in audit_log.search(auth.login(again, "admin", ADMIN_PASSWORD),
                                              action="login.failed")]
        assert len(failed) == 5
    finally:
        again.close()


def test_failures_count_from_any_window(db_path, db):
    other = open_database(db_path)
    try:
        now = datetime(2026, 11, 27, 10, 0)
        for i in range(5):
            with pytest.raises(ValidationError):
                auth.login(db if i % 2 else other, "manager", "nope-nope", now=now)
        with pytest.raises(ValidationError) as err:
            auth.login(other, "manager", MANAGER_PASSWORD, now=now)
        assert err.value.key == "error.login.locked"
    finally:
        other.close()


# --- password rules and forced change -------------------------------------------------------

@pytest.mark.parametrize("password", ["", "1234567", "short", None, 12345678, "x" * 257])
def test_weak_or_wrong_type_passwords_are_refused_everywhere(db, admin, manager, password):
    figures.hostile()
    before = fingerprint(db)
    for call, field in ((lambda: auth.add_user(admin, "newbie", password, "manager"), "password"),
                        (lambda: auth.reset_password(admin, manager.user.id, password), "password"),
                        (lambda: auth.change_own_password(manager, MANAGER_PASSWORD, password),
                         "new_password")):
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.key in ("error.password.too_short", "error.password.too_long")
        assert err.value.field == field
    assert fingerprint(db) == before


def test_eight_characters_are_enough(db, admin):
    user = auth.add_user(admin, "newbie", "tulpar26", "manager")  # «12345678» is too common now
    assert user.must_change_password  # a password someone else chose is changed at first login
    assert auth.login(db, "newbie", "tulpar26").user.must_change_password


def test_the_administrator_can_force_a_password_change(db, admin, manager):
    auth.change_own_password(manager, MANAGER_PASSWORD, "chosen-by-me")  # the first-login change
    assert not auth.login(db, "manager", "chosen-by-me").user.must_change_password
    auth.force_password_change(admin, manager.user.id)
    session = auth.login(db, "manager", "chosen-by-me")
    assert session.user.must_change_password
    auth.change_own_password(session, "chosen-by-me", "a-new-long-one")
    assert not auth.login(db, "manager", "a-new-long-one").user.must_change_password
    with pytest.raises(PermissionDenied):
        auth.force_password_change(session, admin.user.id)


# --- idle auto-logout -----------------------------------------------------------------------

def test_idle_logout_has_a_default_and_is_kept_in_the_file(db_path, db, admin):
    assert security.idle_logout_minutes(db) == security.DEFAULT_IDLE_MINUTES
    assert security.set_idle_logout_minutes(admin, "45") == 45
    other = open_database(db_path)  # every window and every start follows the same rule
    try:
        assert security.idle_logout_minutes(other) == 45
    finally:
        other.close()
    rows = audit_log.search(admin, action="security.idle_logout")
    assert len(rows) == 1 and '"from": 30' in rows[0]["details"] and '"to": 45' in rows[0]["details"]


@pytest.mark.parametrize("value, expected", [(0, 0), (1, 1), (480, 480), ("15", 15), (" 20 ", 20),
                                             (Decimal("60"), 60), (30.0, 30), ("1,0e1", 10)])
def test_idle_logout_accepts_off_and_1_to_480(db, admin, value, expected):
    assert security.set_idle_logout_minutes(admin, value) == expected
    assert security.idle_logout_minutes(db) == expected


@pytest.mark.parametrize("value, key", [
    (-1, "error.field.out_of_range"), (481, "error.field.out_of_range"),
    (10 ** 30, "error.field.out_of_range"), ("1e999999999", "error.field.not_integer"),
    (1.5, "error.field.not_integer"), ("2.5", "error.field.not_integer"),
    (float("nan"), "error.field.not_integer"), (float("inf"), "error.field.not_integer"),
    (Decimal("NaN"), "error.field.not_integer"), (Decimal("sNaN"), "error.field.not_integer"),
    ("abc", "error.field.not_integer"), ("'; DROP TABLE settings;--", "error.field.not_integer"),
    (True, "error.field.not_integer"), ([5], "error.field.not_integer"),
    ({"m": 5}, "error.field.not_integer"), ("", "error.field.required"),
    (None, "error.field.required"), ("x" * 10000, "error.field.not_integer"),
])
def test_idle_logout_refuses_anything_else_and_changes_nothing(db, admin, value, key):
    figures.hostile()
    before = fingerprint(db)
    with pytest.raises(ValidationError) as err:
        security.set_idle_logout_minutes(admin, value)
    assert (err.value.key, err.value.field) == (key, "idle_logout_minutes")
    assert "error." not in error_text(err.value, "kk")
    assert fingerprint(db) == before


def test_only_the_administrator_sets_idle_logout(db, manager):
    with pytest.raises(PermissionDenied):
        security.set_idle_logout_minutes(manager, 10)
    assert security.idle_logout_minutes(db) == security.DEFAULT_IDLE_MINUTES  # anyone may read


def test_idle_time_decides_the_logout(db, admin):
    security.set_idle_logout_minutes(admin, 10)
    assert not security.is_idle_too_long(db, 599)
    assert security.is_idle_too_long(db, 600)
    security.set_idle_logout_minutes(admin, 0)
    assert not security.is_idle_too_long(db, 10 ** 9)  # off


def test_a_hand_edited_setting_falls_back_to_the_default(db):
    for bad in ("many", "-5", "100000"):
        with db.atomic():
            db.execute("INSERT INTO settings(key, value) VALUES ('idle_logout_minutes', ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (bad,))
        assert security.idle_logout_minutes(db) == security.DEFAULT_IDLE_MINUTES
