"""Move the shop (administrator, issue 21.6): this whole shop copied into a new home, the shop's
server or a new file, as `copy-db` does: checked and backed up first, compared table by table.
After a copy onto the server this PC may work there from then on."""
import ttkbootstrap as ttk

from app.i18n import error_text, format_number, t
from app.ui.screens.base import Screen
from app.ui.widgets.formatting import data
from app.ui.widgets.lists import ScrolledTree
from app.ui.widgets.server_fields import ServerFields


class MoveScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.moved = None  # (settings, password, url) of the server the shop was copied onto
        ttk.Label(self, text=t("ui.move.explain"), wraplength=900, justify="left").pack(
            fill="x")
        self.where_var = ttk.StringVar(value="server")
        self.where_buttons = {}
        for where in ("server", "file"):
            b = ttk.Radiobutton(self, text=t("ui.move.to_" + where), value=where,
                                variable=self.where_var, command=self._where_changed)
            b.pack(anchor="w", pady=(6, 0))
            self.where_buttons[where] = b
        self.server = ServerFields(self, on_error=lambda exc: self.say(error_text(exc), True))
        self.file_box = ttk.Frame(self)
        ttk.Label(self.file_box, text=t("ui.move.file")).pack(side="left")
        self.file_var = ttk.StringVar(value="")
        self.file_entry = ttk.Entry(self.file_box, textvariable=self.file_var, width=60)
        self.file_entry.pack(side="left", padx=6)
        ttk.Button(self.file_box, text=t("ui.move.browse"), command=self.browse,
                   bootstyle="secondary-outline").pack(side="left")
        self.slot = ttk.Frame(self)  # where the chosen target's fields go
        self.slot.pack(fill="x")
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(8, 0))
        self.copy_button = ttk.Button(bar, text=t("ui.move.copy"), command=self.copy,
                                      bootstyle="primary")
        self.copy_button.pack(side="left")
        self.switch_button = ttk.Button(bar, text=t("ui.move.switch"), command=self.switch,
                                        bootstyle="success")
        self.message = data(ttk.Label(self, text="", wraplength=900, justify="left"))
        self.message.pack(fill="x", pady=(8, 0))
        self.table = ScrolledTree(self, (("table", "ui.move.table", 260, "w"),
                                         ("rows", "ui.move.rows", 120, "e"),
                                         ("same", "ui.move.same", 120, "w")), height=8)
        self.table.pack(fill="both", expand=True, pady=(8, 0))
        self._where_changed()

    def title(self):
        return t("ui.menu.move")

    def say(self, text, error=False):
        self.message.configure(text=text, bootstyle="danger" if error else "success")

    def _where_changed(self):
        for box in (self.server, self.file_box):
            box.pack_forget()
        if self.where_var.get() == "server":
            self.server.pack(in_=self.slot, fill="x")
        else:
            self.file_box.pack(in_=self.slot, fill="x", pady=(6, 0))

    def browse(self):
        from tkinter import filedialog
        path = filedialog.asksaveasfilename(parent=self, title=t("ui.move.file"),
                                            defaultextension=".sqlite3",
                                            filetypes=((t("ui.backup.filetype"), "*.sqlite3"),))
        if path:
            self.file_var.set(path)

    def target(self):
        """(where, the target's address, server fields' value or None), or None when said."""
        if self.where_var.get() == "server":
            found = self.server.value()
            return None if found is None else ("server", found[2], found)
        path = self.file_var.get().strip()
        if not path:
            self.say(t("ui.move.file_required"), True)
            self.file_entry.focus_set()
            return None
        return "file", path, None

    def copy(self):
        self.say("")
        self.switch_button.pack_forget()
        chosen = self.target()
        if chosen is None:
            return None
        where, address, server = chosen
        self.copy_button.configure(state="disabled")

        def done(result):
            self.copy_button.configure(state="normal")
            self.show(result)
            if "mismatch" in result:
                self.say(t("cli.copy_db.mismatch", tables=result["mismatch"]), True)
            elif where == "server":
                self.moved = server
                self.switch_button.pack(side="left", padx=(8, 0))

        def failed(exc):
            self.copy_button.configure(state="normal")
            self.say(error_text(exc), True)

        return self.ctx.run_background(lambda session, progress: self._run(session, address),
                                       done, "ui.move.working", error=failed)

    @staticmethod
    def _run(session, address):
        from app.services import shop_move
        try:
            return shop_move.move(session, address)
        except shop_move.CopyMismatch as exc:  # nothing was committed: the tables are shown
            return {"compared": exc.report, "mismatch": str(exc)}

    def show(self, result):
        tree = self.table.tree
        tree.delete(*tree.get_children())
        for r in result.get("compared", ()):
            tree.insert("", "end", values=(r["table"], format_number(r["rows_to"], 0),
                                           t("ui.move.same_yes" if r["same"] else "ui.move.same_no")))
        if "rows" in result:
            self.say(t("ui.move.done", to=result["to"], tables=result["tables"],
                       rows=format_number(result["rows"], 0), backup=result["backup"]))

    def switch(self):
        """This PC works on the server the shop was copied onto from now on (the login)."""
        if self.moved is None:
            return False
        db = self.server.open_and_remember(self.moved, lambda text: self.say(text, True))
        if db is None:
            return False
        app = self.ctx.app
        app.force_logout()
        if app.use_server(self.moved[2], db):  # the copy holds the users: not a new shop
            return False
        app.login.message.configure(text=t("ui.move.switched"), bootstyle="success")
        return True

SCREEN = MoveScreen
