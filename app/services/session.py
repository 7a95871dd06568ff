"""Who is working: every service call runs for a logged-in user, and checks the role itself."""
import functools
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from app.domain.errors import PermissionDenied
from app.domain.records import User
from app.storage import opening
from app.storage.db import Database


@dataclass
class Session:
    db: Database
    user: User

    def now(self) -> str:
        return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def _password_changed(session):
    """A user who must change the password may do nothing else (the screens ask first, but
    a service is the last word: another screen or a script could call it)."""
    if session.user.must_change_password:
        raise PermissionDenied("error.permission.change_password_first")


def admin_only(fn):
    """The service refuses a manager whatever the screens show or hide."""
    @functools.wraps(fn)
    def wrapper(session, *args, **kwargs):
        if session is None or session.user is None or not session.user.is_admin:
            raise PermissionDenied("error.permission.admin_only")
        _password_changed(session)
        return fn(session, *args, **kwargs)
    return wrapper


def _require_login(session):
    if session is None or session.user is None or not session.user.active:
        raise PermissionDenied("error.permission.login_required")


def logged_in(fn):
    @functools.wraps(fn)
    def wrapper(session, *args, **kwargs):
        _require_login(session)
        _password_changed(session)
        return fn(session, *args, **kwargs)
    return wrapper


def before_password_change(fn):
    """Logged in, and allowed while the password must still be changed: changing it."""
    @functools.wraps(fn)
    def wrapper(session, *args, **kwargs):
        _require_login(session)
        return fn(session, *args, **kwargs)
    return wrapper


@contextmanager
def worker_session(db_path, user):
    """The same user's session for a background thread: a connection of its own (a Database
    belongs to the thread that opened it) to the file the app has opened and migrated."""
    db = opening.connect(db_path)
    try:
        yield Session(db, user)
    finally:
        db.close()
