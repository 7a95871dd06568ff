"""What every screen may reach: the session, the routes of the main window, background work.

Screens never import each other; they ask the context to open a screen by name (as thonny's
workbench routes views), and the main window decides where it appears.
"""
from app import logs
from app.domain.errors import DomainError, SessionEnded
from app.i18n import error_text, t


class AppContext:
    def __init__(self, app):
        self.app = app
        self.root = app.root
        self.db_path = app.db_path
        self.session = None
        self._jobs = []

    @property
    def db(self):
        return self.app.db

    @property
    def user(self):
        return self.session.user if self.session else None

    @property
    def is_admin(self) -> bool:
        return bool(self.session and self.session.user.is_admin)

    # routing -------------------------------------------------------------------------------
    def open(self, screen, **kwargs):
        """Open (or bring forward) a screen by its module name in app.ui.screens."""
        return self.app.open_screen(screen, **kwargs)

    def close(self, screen_obj):
        self.app.close_screen(screen_obj)

    def retitle(self, screen_obj):
        self.app.retitle_screen(screen_obj)

    def changed(self, what):
        """Tell open screens that data changed ("orders", "customers", "catalog"...)."""
        self.app.broadcast(what)

    def status(self, text):
        self.app.set_status_message(text)

    # errors --------------------------------------------------------------------------------
    def show_error(self, exc, where="ui"):
        from app.ui.widgets.dialog import message
        if isinstance(exc, SessionEnded):  # deactivated meanwhile: to the login, as when idle
            self.app.force_logout(error_text(exc))
            return
        if isinstance(exc, DomainError):
            message(self.root, error_text(exc), "ui.dialog.error", "error")
            return
        path = logs.log_unexpected(where)
        message(self.root, t("error.unexpected", log=path), "ui.dialog.error", "error")

    # background work -----------------------------------------------------------------------
    def run_background(self, work, done, label_key="ui.progress.working", error=None):
        """Run work(session, progress) in a thread with its own database connection.

        progress(done, total) may be called from the thread; the Tk thread polls a queue with
        after() and is the only one that touches widgets (app.ui.jobs). done(result) runs on
        the Tk thread; `error(exc)` a DomainError's (default: shown). Returns the thread."""
        from app.services.session import worker_session
        from app.ui.jobs import Job
        user = self.session.user
        path = self.db_path

        def target(progress):
            with worker_session(path, user) as session:
                return work(session, progress)

        def unexpected(log):
            from app.ui.widgets.dialog import message
            message(self.root, t("error.unexpected", log=log), "ui.dialog.error", "error")

        self.app.progress_start(t(label_key))
        job = Job(self.root.after, target, done, error or self.show_error, unexpected,
                  progress=self.app.progress_step, ended=self.app.progress_stop,
                  where="background: " + label_key).start()
        self._jobs.append(job.thread)
        return job.thread
