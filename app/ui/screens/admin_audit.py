"""The audit log (administrator): who did what and when, searchable, newest first."""
import json
import tkinter as tk

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.screens.base import Screen
from app.ui.widgets.common import Pager, ScrolledTree, Tooltip

PAGE = 200


class AuditScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text=t("ui.orders.search")).pack(side="left")
        self.search_var = tk.StringVar()
        self.search_entry = ttk.Entry(bar, textvariable=self.search_var, width=30)
        self.search_entry.pack(side="left", padx=(6, 12))
        Tooltip(self.search_entry, t("ui.tip.search_audit"))
        self.search_var.trace_add("write", lambda *a: self.debounce(250, self.reload))
        self.pager = Pager(bar, PAGE, lambda: self.reload(keep_page=True))
        self.table = ScrolledTree(self, (("at", "ui.audit.at", 160, "w"),
                                         ("user", "field.username", 110, "w"),
                                         ("action", "ui.audit.action", 170, "w"),
                                         ("entity", "ui.audit.entity", 150, "w"),
                                         ("details", "ui.audit.details", 520, "w")), height=22)
        self.table.pack(fill="both", expand=True, pady=(8, 0))
        self.reload()

    def title(self):
        return t("ui.menu.audit")

    def on_search(self):
        self.search_entry.focus_set()
        return True

    def reload(self, keep_page=False):
        from app.services import audit_log
        if not keep_page:
            self.pager.first()
        rows = audit_log.search(self.ctx.session, self.search_var.get(), limit=PAGE + 1,
                                offset=self.pager.offset)
        more = len(rows) > PAGE
        self.table.clear()
        for r in rows[:PAGE]:
            details = r["details"]
            try:
                details = json.dumps(json.loads(details), ensure_ascii=False)[:300]
            except ValueError:
                pass
            self.table.tree.insert("", "end", iid=str(r["id"]), values=(
                r["at"][:19], r["username"], r["action"],
                "{} {}".format(r["entity"], r["entity_id"]).strip(), details))
        self.pager.shown(more)

    def on_changed(self, what):
        self.reload(keep_page=True)


SCREEN = AuditScreen
