"""What a window keeps an eye on while someone works in it: how long nobody touched it (the idle
logout), and what other seats of the shop change (their saves reach the open screens)."""
import logging
import time

from app.domain.errors import SessionEnded
from app.i18n import error_text, t
from app.ui.widgets.hints import cancel_after

log = logging.getLogger(__name__)

IDLE_CHECK_MS = 10000  # how often the idle time is compared with the setting


class IdleWatch:
    """Logs out after security.idle_logout_minutes(db) without a key press or a mouse move.

    The setting is read at every check, so the administrator's change applies at once."""

    def __init__(self, app):
        self.app = app
        self.last_activity = time.monotonic()
        self._after = None
        for seq in ("<KeyPress>", "<ButtonPress>", "<Motion>", "<MouseWheel>"):
            app.root.bind_all(seq, self.touch, add="+")

    def touch(self, _event=None):
        self.last_activity = time.monotonic()

    def start(self):
        self.stop()
        self.touch()
        self._after = self.app.root.after(IDLE_CHECK_MS, self.check)

    def stop(self):
        cancel_after(self.app.root, self._after)
        self._after = None

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_activity

    def check(self):
        """Log out when idle too long or deactivated meanwhile; else look again later."""
        from app.services import security, session
        self._after = None
        if self.app.closed or self.app.ctx.session is None:
            return False
        try:
            session.current_user(self.app.ctx.session)
        except SessionEnded as exc:
            self.app.force_logout(error_text(exc))
            return True
        db = self.app.db
        if security.is_idle_too_long(db, self.idle_seconds()):
            minutes = security.idle_logout_minutes(db)
            self.app.force_logout(t("ui.idle.logged_out", minutes=minutes))
            return True
        self._after = self.app.root.after(IDLE_CHECK_MS, self.check)
        return False


class OthersWatch:
    """Every few seconds, the shop's change counter: the kinds of data other seats (or other
    windows of this PC) changed are told to the open screens as their own saves are
    (App.broadcast): a list shows another seat's new order by itself. A failing look (the
    server gone for a moment) is logged and tried again; it never interrupts the person."""

    def __init__(self, app):
        self.app = app
        self.seen = None
        self._after = None

    def start(self):
        """From now on: what is there when the main window opens is what the person sees."""
        from app.services import changes
        self.stop()
        self.seen = None
        try:
            self.seen = changes.counter(self.app.ctx.session)
        except Exception:  # noqa: BLE001 - the first look then takes it
            log.warning("the change counter could not be read", exc_info=True)
        self._after = self.app.root.after(changes.POLL_MS, self.check)

    def stop(self):
        cancel_after(self.app.root, self._after)
        self._after = None

    def check(self):
        from app.services import changes
        self._after = None
        app = self.app
        if app.closed or app.ctx.session is None or app.notebook is None:
            return
        try:
            if self.seen is None:
                self.seen = changes.counter(app.ctx.session)
            else:
                self.seen, kinds = changes.since(app.ctx.session, self.seen)
                for what in kinds:
                    app.broadcast(what)
        except SessionEnded:
            return  # the idle watch logs the person out
        except Exception:  # noqa: BLE001 - a look that failed is tried again
            log.warning("looking for other seats' changes failed", exc_info=True)
        self._after = app.root.after(changes.POLL_MS, self.check)
