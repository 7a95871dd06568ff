"""The audit log (administrator): who did what and when, searchable, newest first."""
import json
import tkinter as tk

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.screens.base import Screen
from app.ui.widgets.common import ScrolledTree, Tooltip, data

PAGE = 200


class AuditScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.offset = 0
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        ttk.Label(bar, text=t("ui.orders.search")).pack(side="left")
        self.search_var = tk.StringVar()
        self.search_entry = ttk.Entry(bar, textvariable=self.search_var, width=30)
        self.search_entry.pack(side="left", padx=(6, 12))
        Tooltip(self.search_entry, t("ui.tip.search_audit"))
        self.search_var.trace_add("write", lambda *a: self.debounce(250, self.reload))
        self.next_button = ttk.Button(bar, text=t("ui.orders.next"), command=self.next_page,
                                      bootstyle="primary-outline")
        self.next_button.pack(side="right")
        self.page_label = data(ttk.Label(bar, text=""))
        self.page_label.pack(side="right", padx=8)
        self.prev_button = ttk.Button(bar, text=t("ui.orders.prev"), command=self.prev_page,
                                      bootstyle="primary-outline")
        self.prev_button.pack(side="right")
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
            self.offset = 0
        rows = audit_log.search(self.ctx.session, self.search_var.get(), limit=PAGE + 1,
                                offset=self.offset)
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
        self.page_label.configure(text=t("ui.orders.page_short", page=self.offset // PAGE + 1))
        self.prev_button.configure(state="normal" if self.offset else "disabled")
        self.next_button.configure(state="normal" if more else "disabled")

    def next_page(self):
        self.offset += PAGE
        self.reload(keep_page=True)

    def prev_page(self):
        self.offset = max(0, self.offset - PAGE)
        self.reload(keep_page=True)

    def on_changed(self, what):
        self.reload(keep_page=True)


SCREEN = AuditScreen
