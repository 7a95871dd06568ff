"""What every screen may reach: the session, the routes of the main window, background work.

Screens never import each other; they ask the context to open a screen by name (as thonny's
workbench routes views), and the main window decides where it appears.
"""
import gc
import queue
import threading

from app import logs
from app.domain.errors import DomainError
from app.i18n import t


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
        if isinstance(exc, DomainError):
            message(self.root, exc.message(), "ui.dialog.error", "error")
            return
        path = logs.log_unexpected(where)
        message(self.root, t("error.unexpected", log=path), "ui.dialog.error", "error")

    # background work -----------------------------------------------------------------------
    def run_background(self, work, done, label_key="ui.progress.working"):
        """Run work(session, progress) in a thread with its own database connection.

        progress(done, total) may be called from the thread; the Tk thread polls a queue with
        after() and is the only one that touches widgets. done(result) runs on the Tk thread."""
        from app.services.session import Session
        from app.services.startup import connect
        q = queue.Queue()
        user = self.session.user
        path = self.db_path

        def target():
            try:
                db = connect(path)
                try:
                    result = work(Session(db, user), lambda a, b: q.put(("progress", a, b)))
                finally:
                    db.close()
                q.put(("done", result, None))
            except DomainError as exc:
                q.put(("error", exc, None))
            except Exception as exc:  # logged here, where the traceback is
                logs.log_unexpected("background: " + label_key)
                q.put(("unexpected", exc, None))

        self.app.progress_start(t(label_key))
        # closed dialogs leave tkinter variables in reference cycles; collected here, on the
        # Tk thread, they are not collected by the worker (tkinter must not be called there)
        gc.collect()
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self._jobs.append(thread)

        def poll():
            try:
                while True:
                    kind, a, b = q.get_nowait()
                    if kind == "progress":
                        self.app.progress_step(a, b)
                        continue
                    self.app.progress_stop()
                    if kind == "done":
                        done(a)
                    elif kind == "error":
                        self.show_error(a)
                    else:
                        from app.ui.widgets.dialog import message
                        message(self.root, t("error.unexpected", log=logs.setup()),
                                "ui.dialog.error", "error")
                    return
            except queue.Empty:
                pass
            self.root.after(50, poll)
        self.root.after(50, poll)
        return thread
