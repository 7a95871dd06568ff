"""Users and roles: hashing, first administrator, lockout, and permissions in the services."""
import ast
import glob
import importlib
import inspect
import os
import pkgutil
from datetime import datetime, timedelta

import pytest

import app.services
from app.domain.errors import Conflict, PermissionDenied, ValidationError
from app.i18n import error_text
from app.services import audit_log, auth, customers
from app.services.session import admin_only
from app.storage.opening import open_database
from tests.conftest import MANAGER_PASSWORD


def test_hash_is_salted_slow_and_verifiable():
    a, b = auth.hash_password("secret-123"), auth.hash_password("secret-123")
    assert a != b and a.startswith("pbkdf2_sha256$600000$")
    assert auth.verify_password("secret-123", a)
    assert not auth.verify_password("secret-124", a)
    assert not auth.verify_password("x", "garbage")


def test_first_start_creates_the_admin_with_the_given_password(tmp_path):
    db = open_database(tmp_path / "first.sqlite3", create=True)
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
    db = open_database(db_path)
    now = datetime(2026, 11, 27, 10, 0, 0)
    for _ in range(4):
        with pytest.raises(ValidationError) as info:
            auth.login(db, "manager", "wrong-password", now=now)
        assert info.value.key == "error.login.wrong"
    with pytest.raises(ValidationError) as info:
        auth.login(db, "manager", "wrong-password", now=now)
    assert info.value.key == "error.login.locked"
    db.close()
    db = open_database(db_path)  # a restart does not lift the lock
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


def admin_only_services():
    """Every function in app/services that the admin_only check guards, found by reading the
    modules (no hand list to forget a new one): {"module.function": function}."""
    guard = admin_only(lambda session: None).__code__
    found = {}
    for info in pkgutil.walk_packages(app.services.__path__, "app.services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if getattr(fn, "__module__", None) == module.__name__ and \
                    getattr(fn, "__code__", None) is guard:
                found["{}.{}".format(info.name[len("app.services."):], name)] = fn
    return found


def _decorated_in_source():
    """The same set read from the source text: functions under an @admin_only line."""
    out = set()
    folder = os.path.dirname(app.services.__file__)
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.py"), recursive=True)):
        module = os.path.relpath(path, folder)[:-3].replace(os.sep, ".")
        if module.endswith("__init__"):  # a package's functions go by the package's name
            module = module[:-len("__init__")].rstrip(".")
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any(
                    getattr(d, "id", getattr(d, "attr", None)) == "admin_only"
                    for d in node.decorator_list):
                out.add("{}.{}".format(module, node.name))
    return out


ADMIN_ONLY = admin_only_services()


def test_the_admin_only_services_are_all_found():
    assert set(ADMIN_ONLY) == _decorated_in_source()
    for name in ("auth.add_user", "customers.delete", "backup.restore_from",
                 "security.set_idle_logout_minutes"):  # a few that must always be among them
        assert name in ADMIN_ONLY


@pytest.mark.parametrize("name", sorted(ADMIN_ONLY))
def test_a_manager_is_refused_by_every_admin_service(db, manager, name):
    """The guard runs before the body, so no argument of the service is looked at: each gets
    None. A new admin-only service is in this list the moment it is decorated."""
    fn = ADMIN_ONLY[name]
    params = list(inspect.signature(inspect.unwrap(fn)).parameters.values())[1:]
    args = [None for p in params if p.default is p.empty and p.kind in (
        p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    before = db.scalar("SELECT count(*) FROM audit_log")
    versions = db.scalar("SELECT count(*) FROM catalog_versions")
    with pytest.raises(PermissionDenied) as info:
        fn(manager, *args)
    assert info.value.key == "error.permission.admin_only"
    assert "administrator" in error_text(info.value)
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
