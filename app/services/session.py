"""Who is working: every service call runs for a logged-in user, and checks the role itself.

The role and the active flag are read again from the users row (by its primary key) at every
call: an administrator demoted or deactivated in another window loses the rights at once, not
at the next login (issue 16: a demoted admin kept full rights in a window already open)."""
import functools
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Optional

from app.domain import clock
from app.domain.errors import PermissionDenied, SessionEnded
from app.domain.records import User
from app.storage import opening
from app.storage import users as users_db
from app.storage.db import Database


@dataclass
class Session:
    db: Database
    user: User
    # the seat generation at the login (users.generation): a restore moves it on and the
    # session ends; None for the command line's and background jobs' own sessions
    generation: Optional[str] = None

    def now(self) -> str:
        return clock.now()


def _password_changed(session):
    """A user who must change the password may do nothing else (the screens ask first, but
    a service is the last word: another screen or a script could call it)."""
    if session.user.must_change_password:
        raise PermissionDenied("error.permission.change_password_first")


def _require_login(session):
    """The session's user as the users row says now; SessionEnded when deactivated or gone."""
    if session is None or session.user is None:
        raise PermissionDenied("error.permission.login_required")
    fresh, generation = users_db.as_now(session.db, session.user.id)
    if fresh is None or not fresh.active:
        raise SessionEnded()
    if session.generation is not None and generation != session.generation:
        raise SessionEnded("error.permission.shop_restored")  # another seat restored a backup
    session.user = fresh


def admin_only(fn):
    """The service refuses a manager whatever the screens show or hide."""
    @functools.wraps(fn)
    def wrapper(session, *args, **kwargs):
        if session is None or session.user is None:
            raise PermissionDenied("error.permission.admin_only")
        _require_login(session)
        if not session.user.is_admin:
            raise PermissionDenied("error.permission.admin_only")
        _password_changed(session)
        return fn(session, *args, **kwargs)
    return wrapper


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


@before_password_change
def current_user(session) -> User:
    """The session's user as the users row says now; SessionEnded when deactivated or gone
    (the main window asks at each idle check, so a window nobody touches logs out too)."""
    return session.user


@contextmanager
def worker_session(db_path, user):
    """The same user's session for a background thread: a connection of its own (a Database
    belongs to the thread that opened it) to the file the app has opened and migrated."""
    db = opening.connect(db_path)
    try:
        yield Session(db, user)
    finally:
        db.close()
