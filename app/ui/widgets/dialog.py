"""Windows that do not block the caller: the dialog every screen opens, a message with OK, and
the question asked before anything is deleted or cancelled."""
import tkinter as tk

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.prefs import work_area
from app.ui.widgets.formatting import data

TITLE_PX = 30  # a dialog's title bar, above what winfo_rooty says


class Dialog(tk.Toplevel):
    """A modal window that does not block the caller: buttons run callbacks.

    Esc, the window's ✕ and Cancel (`cancel`) ask before throwing away what was typed (the
    variables given to `watch`, or a subclass's own `typed`), and close at once when nothing
    was. Tests find open dialogs through Dialog.open_dialogs and press their buttons."""

    open_dialogs = []

    def __init__(self, parent, title, modal=True):
        super().__init__(parent)
        self.withdraw()
        self.title(title)
        self.body = ttk.Frame(self, padding=16)
        self.body.pack(fill="both", expand=True)
        self.buttons = ttk.Frame(self, padding=(16, 0, 16, 16))
        self.buttons.pack(fill="x")
        self.button_by_key = {}
        self.transient(parent.winfo_toplevel())
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.bind("<Escape>", lambda e=None: self.cancel())
        self.modal = modal
        self._watched = ()  # (variable, value when the dialog was filled)
        Dialog.open_dialogs.append(self)

    def add_button(self, key, command, bootstyle="primary", default=False):
        b = ttk.Button(self.buttons, text=t(key), command=command, bootstyle=bootstyle)
        b.pack(side="right", padx=(8, 0))
        self.button_by_key[key] = b
        if default:
            self.bind("<Return>", lambda e=None: command())
        return b

    def present(self):
        self.update_idletasks()
        parent = self.master.winfo_toplevel()
        w, h = self.winfo_reqwidth(), self.winfo_reqheight()
        try:
            x = parent.winfo_rootx() + max(0, (parent.winfo_width() - w) // 2)
            y = parent.winfo_rooty() + max(0, (parent.winfo_height() - h) // 3)
            # whole on the screen's work area, title bar included, whatever the parent's place
            ax, ay, aw, ah = work_area(self)
            x = max(ax, min(x, ax + aw - w))
            y = max(ay + TITLE_PX, min(y, ay + ah - h))
            self.geometry("+{}+{}".format(x, y))
        except tk.TclError:
            pass
        self.deiconify()
        if self.modal:
            try:
                self.grab_set()
            except tk.TclError:
                pass  # another grab (a tooltip, a test) holds it: modal in spirit only
        self.lift()
        self.focus_set()

    def watch(self, variables):
        """What is typed into these variables from now on is asked about before closing."""
        self._watched = tuple((v, v.get()) for v in variables)

    def typed(self) -> bool:
        """Something typed that Cancel would throw away."""
        try:
            return any(v.get() != was for v, was in self._watched)
        except tk.TclError:
            return False

    def cancel(self):
        """Esc, ✕, Cancel: closes, after the one question when something typed would be lost."""
        if self.typed():
            confirm_discard(self, self.discard)
        else:
            self.discard()

    def discard(self):
        """Close without saving (a forced password change also logs out here)."""
        self.close()

    def close(self):
        if self in Dialog.open_dialogs:
            Dialog.open_dialogs.remove(self)
        try:
            self.grab_release()
            self.destroy()
        except tk.TclError:
            pass
        # a question asked over a modal dialog gives that dialog its modality back
        try:
            owner = self.master.winfo_toplevel()
            if isinstance(owner, Dialog) and owner.modal and owner in Dialog.open_dialogs:
                owner.grab_set()
                (owner.focus_lastfor() or owner).focus_force()  # back in the field it left
        except tk.TclError:
            pass


def message(parent, text, title_key="ui.dialog.info", kind="info", on_close=None):
    """A polite message with one OK button."""
    d = Dialog(parent, t(title_key))
    style = {"error": "danger", "warning": "warning"}.get(kind, "primary")
    ttk.Label(d.body, text=text, wraplength=460, justify="left",
              bootstyle=style if kind == "error" else "default").pack(anchor="w")
    data(d.body.winfo_children()[-1])  # the message may carry data (a path, a number)

    def ok():
        d.close()
        if on_close:
            on_close()
    d.add_button("ui.button.ok", ok, default=True)
    d.present()
    return d


def confirm(parent, text, on_yes, yes_key="ui.button.yes", danger=True):
    """Ask before anything is deleted or cancelled; on_yes runs only on Yes."""
    d = Dialog(parent, t("ui.dialog.confirm"))
    lbl = ttk.Label(d.body, text=text, wraplength=460, justify="left")
    lbl.pack(anchor="w")
    data(lbl)

    def yes():
        d.close()
        on_yes()
    d.add_button("ui.button.no", d.close, bootstyle="primary-outline")
    d.add_button(yes_key, yes, bootstyle="danger" if danger else "primary")
    d.present()
    d.button_by_key["ui.button.no"].focus_set()
    return d


def confirm_discard(parent, on_yes):
    """The one question before typed changes are thrown away: a dialog's Esc, ✕ or Cancel,
    a quote tab's close; the same words everywhere."""
    return confirm(parent, t("ui.dialog.discard_changes"), on_yes, yes_key="ui.button.discard")
