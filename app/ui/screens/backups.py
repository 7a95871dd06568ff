"""Backups (administrator): the list, "Back up now", and restore from a backup or a file.

A restore replaces the whole database (the replaced file is kept beside it); everybody then
logs in again, because the users in the restored file may differ."""
import os

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import error_text, format_number, t
from app.ui.screens.base import Screen
from app.ui.widgets.dialog import confirm, message
from app.ui.widgets.formatting import data
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree


def size_text(size):
    if size >= 1024 * 1024:
        return t("ui.backup.mb", size=format_number(size / (1024 * 1024), 1))
    return t("ui.backup.kb", size=format_number(max(1, size // 1024), 0))


class BackupsScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        from app.services import backup
        super().__init__(parent, ctx)
        self.files = {}
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        self.now_button = ttk.Button(bar, text=t("ui.backup.now"), command=self.back_up_now,
                                     bootstyle="primary")
        self.now_button.pack(side="left", padx=(0, 6))
        Tooltip(self.now_button, t("ui.tip.backup_now"))
        self.restore_button = ttk.Button(bar, text=t("ui.backup.restore_selected"),
                                         command=self.restore_selected, bootstyle="danger-outline")
        self.restore_button.pack(side="left", padx=(0, 6))
        self.restore_file_button = ttk.Button(bar, text=t("ui.backup.restore_from"),
                                              command=self.restore_from_file,
                                              bootstyle="danger-outline")
        self.restore_file_button.pack(side="left", padx=(0, 6))
        self.folder_button = ttk.Button(bar, text=t("ui.docs.folder"), command=self.open_folder,
                                        bootstyle="secondary-outline")
        self.folder_button.pack(side="right")
        self.folder = backup.folder_for(ctx.db_path)
        where = ttk.Frame(self)
        where.pack(fill="x", pady=(8, 0))
        ttk.Label(where, text=t("ui.backup.folder")).pack(side="left")
        self.folder_label = data(ttk.Label(where, text=self.folder, bootstyle="secondary"))
        self.folder_label.pack(side="left", padx=(6, 0))
        self.table = ScrolledTree(self, (("name", "ui.backup.file", 420, "w"),
                                         ("taken", "ui.backup.taken", 170, "w"),
                                         ("size", "ui.backup.size", 110, "e")), height=16)
        self.table.pack(fill="both", expand=True, pady=(8, 0))
        self.message = data(ttk.Label(self, text="", wraplength=900, justify="left"))
        self.message.pack(fill="x", pady=(8, 0))
        ttk.Label(self, text=t("ui.backup.explain"), bootstyle="secondary", wraplength=900,
                  justify="left").pack(fill="x", pady=(6, 0))
        self.reload()

    def title(self):
        return t("ui.menu.backups")

    def reload(self):
        from app.services import backup
        self.table.clear()
        self.files = {}
        try:
            found = backup.list_backups(self.ctx.session)
        except (DomainError, OSError) as exc:
            self.say(exc, error=True)
            return
        for b in found:
            self.files[b.name] = b
            self.table.tree.insert("", "end", iid=b.name, values=(
                b.name, b.taken_at.strftime("%Y-%m-%d %H:%M:%S"), size_text(b.size)))
        if found:
            self.table.tree.selection_set(found[0].name)
        self.restore_button.configure(state="normal" if found else "disabled")

    def say(self, what, error=False):
        text = error_text(what)
        self.message.configure(text=text, bootstyle="danger" if error else "success")

    def back_up_now(self):
        from app.services import backup
        self.now_button.configure(state="disabled")
        self.message.configure(text="")

        def done(path):
            self.now_button.configure(state="normal")
            self.say(t("ui.backup.done", path=path))
            self.reload()
        thread = self.ctx.run_background(lambda session, progress: backup.back_up_now(session),
                                         done, "ui.backup.working")
        self.later(100, lambda: self._reenable(thread))
        return thread

    def _reenable(self, thread):
        if thread.is_alive():
            self.later(100, lambda: self._reenable(thread))
        else:
            self.now_button.configure(state="normal")

    def restore_selected(self):
        iid = self.table.selected()
        if iid:
            return self.restore(self.files[iid].path)
        return None

    def restore_from_file(self):
        from tkinter import filedialog
        path = filedialog.askopenfilename(
            parent=self, title=t("ui.backup.restore_from"),
            initialdir=self.folder if os.path.isdir(self.folder) else None,
            filetypes=((t("ui.backup.filetype"), "*.sqlite3 *.db *.bak"), (t("ui.all"), "*")))
        if path:
            return self.restore(path)
        return None

    def restore(self, path):
        """Ask first; then replace the database and send everybody back to the login."""
        from app.services import startup
        name = os.path.basename(str(path))
        key = "ui.backup.confirm_server" if startup.on_server(self.ctx.db_path) else \
            "ui.backup.confirm"
        return confirm(self, t(key, name=name), lambda: self._restore(path),
                       yes_key="ui.backup.restore")

    def _restore(self, path):
        from app.services import backup
        self.message.configure(text="")
        self.configure(cursor="watch")
        self.update_idletasks()
        try:
            replaced = backup.restore_from(self.ctx.session, path)
        except DomainError as exc:
            self.say(exc, error=True)
            return
        except OSError as exc:  # a disk error the services did not foresee: said, not thrown
            self.say(str(exc), error=True)
            return
        finally:
            try:
                self.configure(cursor="")
            except Exception:  # the screen is gone
                pass
        notice = t("ui.backup.restored", name=os.path.basename(str(path)),
                   replaced=os.path.basename(str(replaced)))
        self.ctx.app.force_logout(notice)

    def open_folder(self):
        from app.services import printing
        try:
            os.makedirs(self.folder, exist_ok=True)
            printing.open_folder(self.folder)
        except (DomainError, OSError) as exc:
            message(self.ctx.root, error_text(exc), "ui.dialog.error", "error")


SCREEN = BackupsScreen
