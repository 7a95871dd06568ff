"""The shop's server's address as a person types it (the first-start wizard, "Move the shop"):
server, port, database, user, password, a "Test connection" button and what it found."""
import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.ui.widgets.form import Form


class ServerFields(ttk.Frame):
    def __init__(self, parent, database="iprint", user="iprint", on_error=None):
        super().__init__(parent)
        self.on_error = on_error  # an error naming no field of this form (the caller's line)
        inner = ttk.Frame(self)
        inner.pack(fill="x", pady=(6, 0))
        self.form = Form(inner, label_width=22)
        for name, value, show in (("host", "", None), ("port", "5432", None),
                                  ("database", database, None), ("user", user, None),
                                  ("password", "", "•")):
            self.form.entry("server." + name, "field.server." + name, value, width=30, show=show)
        row = ttk.Frame(self)
        row.pack(fill="x")
        self.test_button = ttk.Button(row, text=t("ui.wizard.test_connection"),
                                      command=self.test_connection,
                                      bootstyle="secondary-outline")
        self.test_button.pack(side="left")
        self.status = ttk.Label(self, text="", wraplength=480, justify="left")
        self.status.pack(anchor="w", pady=(4, 0))

    def focus_first(self):
        self.form.fields["server.host"].widget.focus_set()

    def say(self, text, error=False):
        self.status.configure(text=text, bootstyle="danger" if error else "success")

    def value(self):
        """(settings, password, url) from the fields, or None with the errors shown."""
        from app import server_settings
        form = self.form
        form.clear_errors()
        values = form.values()
        try:
            settings = server_settings.checked(values["server.host"], values["server.port"],
                                               values["server.database"], values["server.user"])
        except DomainError as exc:
            if not form.show_error(exc) and self.on_error is not None:
                self.on_error(exc)
            return None
        password = values["server.password"]
        return settings, password, server_settings.url(settings, password)

    def test_connection(self):
        """Reach the server and say what is there: "empty" (a new shop can be made there) or
        "shop"; None when it cannot be reached (said)."""
        from app.services import startup
        self.status.configure(text="")
        found = self.value()
        if found is None:
            return None
        try:
            state = startup.server_state(found[2])
        except DomainError as exc:
            self.say(error_text(exc), error=True)
            return None
        self.say(t("ui.wizard.server_" + state))
        return state

    def open_and_remember(self, found, say=None):
        """The shop on the server `found` names (value()'s), opened and checked, its address
        saved for this PC user: the open database, or None with the reason said (by `say`,
        else under the fields)."""
        from app import server_settings
        from app.services import startup
        say = say or (lambda text: self.say(text, error=True))
        settings, password, url = found
        db, problems, _ = startup.open_checked(url)
        if db is None:
            say(startup.describe(problems))
            return None
        try:
            server_settings.save(settings, password)
        except OSError as exc:
            db.close()
            say(str(exc))
            return None
        return db

