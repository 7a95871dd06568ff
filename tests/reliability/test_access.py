"""Access in a window already open (issue 16 item 7): every guarded service reads the user's
role and active flag again, so a demoted or deactivated user loses the rights at the next call,
not at the next login. The services are collected from the modules (no hand list)."""
import importlib
import inspect
import pkgutil

import pytest

import app.services
from app.domain.errors import PermissionDenied, SessionEnded
from app.domain.records import User
from app.i18n import error_text
from app.services import auth, customers
from app.services.session import Session, admin_only, before_password_change, logged_in
from app.storage import users as users_db
from tests.reliability import figures
from tests.reliability.conftest import fingerprint


def guarded(decorator):
    """{"module.function": function} of every service under `decorator` (its wrapper's code)."""
    guard = decorator(lambda session: None).__code__
    found = {}
    for info in pkgutil.walk_packages(app.services.__path__, "app.services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if getattr(fn, "__module__", None) == module.__name__ and \
                    getattr(fn, "__code__", None) is guard:
                found["{}.{}".format(info.name[len("app.services."):], name)] = fn
    return found


ADMIN_ONLY = guarded(admin_only)
EVERY_SERVICE = dict(ADMIN_ONLY, **guarded(logged_in), **guarded(before_password_change))


def _call(fn, session):
    """The guard runs before the body, so no argument is looked at: each gets None."""
    params = list(inspect.signature(inspect.unwrap(fn)).parameters.values())[1:]
    args = [None for p in params if p.default is p.empty and p.kind in (
        p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return fn(session, *args)


def _refused_by_all(db, services, session, key, error=PermissionDenied):
    """Each service refuses `session` with `key` and changes nothing; the count refused."""
    before = fingerprint(db)
    for name, fn in sorted(services.items()):
        with pytest.raises(error) as info:
            _call(fn, session)
        assert info.value.key == key, name
        assert error_text(info.value) != key  # translated
    assert fingerprint(db) == before
    return len(services)


def test_the_services_are_all_found():
    assert len(ADMIN_ONLY) >= 24  # as many as the manager test of tests/services finds
    for name in ("auth.update_user", "catalog.save_item", "shop.save_requisites",
                 "customers.search", "auth.change_own_password", "session.current_user"):
        assert name in EVERY_SERVICE


def test_every_admin_service_is_refused_to_a_manager(db, manager):
    n = _refused_by_all(db, ADMIN_ONLY, manager, "error.permission.admin_only")
    figures.add("access checks refused: a manager", n)


def test_every_service_is_refused_to_a_logged_out_session(db):
    n = _refused_by_all(db, ADMIN_ONLY, None, "error.permission.admin_only")
    n += _refused_by_all(db, ADMIN_ONLY, Session(db, None), "error.permission.admin_only")
    others = {k: v for k, v in EVERY_SERVICE.items() if k not in ADMIN_ONLY}
    n += _refused_by_all(db, others, None, "error.permission.login_required")
    figures.add("access checks refused: logged out", n)


def test_a_deactivated_administrators_open_window_is_refused_everything(db, admin, other_admin):
    assert _call(auth.list_users, other_admin)  # his window works
    me = users_db.get(admin.db, other_admin.user.id)
    auth.update_user(admin, me.id, me.full_name, "admin", False)
    n = _refused_by_all(other_admin.db, EVERY_SERVICE, other_admin,
                        "error.permission.session_ended", SessionEnded)
    figures.add("access checks refused: a deactivated user's open window", n)


def test_a_removed_users_session_is_refused(db):
    ghost = Session(db, User(99999, "ghost", "", "admin"))  # a row no longer there
    with pytest.raises(SessionEnded):
        customers.search(ghost)
    with pytest.raises(SessionEnded):
        auth.list_users(ghost)


def test_a_deactivated_managers_open_window_is_refused(db, admin, manager):
    assert customers.search(manager) is not None
    m = users_db.get(db, manager.user.id)
    auth.update_user(admin, m.id, m.full_name, "manager", False)
    others = {k: v for k, v in EVERY_SERVICE.items() if k not in ADMIN_ONLY}
    n = _refused_by_all(db, others, manager, "error.permission.session_ended", SessionEnded)
    figures.add("access checks refused: a deactivated user's open window", n)


def test_a_demoted_administrators_open_window_is_refused_every_admin_service(
        db, admin, other_admin):
    me = users_db.get(admin.db, other_admin.user.id)
    auth.update_user(admin, me.id, me.full_name, "manager", True)
    n = _refused_by_all(other_admin.db, ADMIN_ONLY, other_admin, "error.permission.admin_only")
    figures.add("access checks refused: a demoted administrator's open window", n)
    # what a manager may do, he still may
    assert customers.search(other_admin) is not None


def test_a_promoted_manager_has_the_rights_at_once(db, admin, manager):
    m = users_db.get(db, manager.user.id)
    auth.update_user(admin, m.id, m.full_name, "admin", True)
    assert [u.username for u in auth.list_users(manager) if u.username == "manager"]
    assert manager.user.is_admin  # the session holds the user as the row says now


def test_a_forced_password_change_applies_to_the_open_window(db, admin, manager):
    auth.force_password_change(admin, manager.user.id)
    with pytest.raises(PermissionDenied) as info:
        customers.search(manager)
    assert info.value.key == "error.permission.change_password_first"
