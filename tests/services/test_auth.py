"""Users and roles: hashing, first administrator, lockout, and permissions in the services."""
from datetime import datetime, timedelta

import pytest

from app.domain.errors import Conflict, PermissionDenied, ValidationError
from app.services import audit_log, auth, catalog, costs, customers, shop
from app.storage.db import Database
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD


def test_hash_is_salted_slow_and_verifiable():
    a, b = auth.hash_password("secret-123"), auth.hash_password("secret-123")
    assert a != b and a.startswith("pbkdf2_sha256$600000$")
    assert auth.verify_password("secret-123", a)
    assert not auth.verify_password("secret-124", a)
    assert not auth.verify_password("x", "garbage")


def test_first_start_creates_the_admin_with_the_given_password(tmp_path):
    db = Database(tmp_path / "first.sqlite3")
    assert auth.needs_first_admin(db)
    with pytest.raises(ValidationError):  # there is no default password, nor a short one
        auth.create_first_admin(db, "admin", "short")
    user = auth.create_first_admin(db, "boss", "long-enough-1")
    assert user.is_admin and not auth.needs_first_admin(db)
    with pytest.raises(PermissionDenied):
        auth.create_first_admin(db, "intruder", "long-enough-2")
    with pytest.raises(ValidationError):
        auth.login(db, "boss", "")
    assert auth.login(db, "boss", "long-enough-1").user.username == "boss"


def test_lockout_after_five_wrong_passwords_is_kept_in_the_database(db_path):
    db = Database(db_path)
    now = datetime(2026, 11, 27, 10, 0, 0)
    for _ in range(4):
        with pytest.raises(ValidationError) as info:
            auth.login(db, "manager", "wrong-password", now=now)
        assert info.value.key == "error.login.wrong"
    with pytest.raises(ValidationError) as info:
        auth.login(db, "manager", "wrong-password", now=now)
    assert info.value.key == "error.login.locked"
    db.close()
    db = Database(db_path)  # a restart does not lift the lock
    with pytest.raises(ValidationError) as info:
        auth.login(db, "manager", MANAGER_PASSWORD, now=now + timedelta(minutes=4))
    assert info.value.key == "error.login.locked"
    session = auth.login(db, "manager", MANAGER_PASSWORD, now=now + timedelta(minutes=6))
    assert session.user.username == "manager"
    actions = [r["action"] for r in db.all("SELECT action FROM audit_log")]
    assert actions.count("login.failed") == 5


def test_unknown_user_gets_the_same_message_as_a_wrong_password(db):
    with pytest.raises(ValidationError) as info:
        auth.login(db, "nobody", "whatever-123")
    assert info.value.key == "error.login.wrong"


ADMIN_ONLY_CALLS = [
    lambda s: auth.list_users(s),
    lambda s: auth.add_user(s, "trainee", "trainee-pass-1", "manager"),
    lambda s: auth.update_user(s, 1, "X", "manager", True),
    lambda s: auth.reset_password(s, 1, "new-password-1"),
    lambda s: auth.force_password_change(s, 1),
    lambda s: auth.delete_user(s, 1),
    lambda s: catalog.save_item(s, "paper", dict(code="p1", name="P", width_mm=100, height_mm=100,
                                                 gsm=80, price="1")),
    lambda s: catalog.save_settings(s, {"overhead_pct": "10"}),
    lambda s: costs.set_month(s, "2026-10", "100000"),
    lambda s: costs.allocate(s, "2026-10"),
    lambda s: costs.months(s),
    lambda s: audit_log.search(s),
    lambda s: shop.save_requisites(s, {"name": "X"}),
    lambda s: customers.delete(s, 1),
]


@pytest.mark.parametrize("call", ADMIN_ONLY_CALLS)
def test_a_manager_is_refused_by_every_admin_service(db, manager, call):
    before = db.scalar("SELECT count(*) FROM audit_log")
    versions = db.scalar("SELECT count(*) FROM catalog_versions")
    with pytest.raises(PermissionDenied) as info:
        call(manager)
    assert info.value.key == "error.permission.admin_only"
    assert "administrator" in str(info.value)
    assert db.scalar("SELECT count(*) FROM catalog_versions") == versions
    assert db.scalar("SELECT count(*) FROM audit_log") == before


def test_admin_manages_users_and_every_change_is_audited(db, admin):
    user = auth.add_user(admin, "trainee", "trainee-pass-1", "manager", "Стажёр")
    assert user.must_change_password
    with pytest.raises(ValidationError) as info:
        auth.add_user(admin, "TRAINEE", "trainee-pass-2", "manager")
    assert info.value.key == "error.user.exists"
    auth.update_user(admin, user.id, "Стажёр Әли", "admin", True)
    auth.reset_password(admin, user.id, "reset-pass-1")
    assert auth.delete_user(admin, user.id) == "deleted"
    actions = [r["action"] for r in audit_log.search(admin, limit=20)]
    for action in ("user.create", "user.update", "user.password_reset", "user.delete"):
        assert action in actions


def test_the_last_admin_cannot_be_demoted_or_deleted(db, admin):
    with pytest.raises(Conflict):
        auth.update_user(admin, admin.user.id, "A", "manager", True)
    with pytest.raises(Conflict):
        auth.delete_user(admin, admin.user.id)


def test_user_with_history_is_deactivated_not_deleted(db, admin, manager, customer):
    assert auth.delete_user(admin, manager.user.id) == "deactivated"
    with pytest.raises(ValidationError):
        auth.login(db, "manager", MANAGER_PASSWORD)


def test_change_own_password(db, manager):
    with pytest.raises(ValidationError):
        auth.change_own_password(manager, "wrong-old", "new-password-9")
    with pytest.raises(ValidationError) as info:
        auth.change_own_password(manager, MANAGER_PASSWORD, "short")
    assert info.value.field == "new_password"
    auth.change_own_password(manager, MANAGER_PASSWORD, "new-password-9")
    assert auth.login(db, "manager", "new-password-9").user.username == "manager"


def test_a_logged_out_caller_is_refused(db):
    with pytest.raises(PermissionDenied):
        customers.search(None)
