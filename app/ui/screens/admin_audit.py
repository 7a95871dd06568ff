"""The audit log (administrator): who did what and when, searchable, newest first."""
import json
import tkinter as tk

import ttkbootstrap as ttk

from app.i18n import t
from app.services import audit_log
from app.ui.screens.base import Screen
from app.ui.widgets.formatting import tcap
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import Pager, ScrolledTree

PAGE = 200


def action_name(code):
    """The action's name in the screen's language; an unknown code (a newer app wrote it)
    stays as it is."""
    return t("audit.action." + code) if code in audit_log.ACTIONS else code


def details_text(raw):
    """The entry's details as "key: value; …" (the stored JSON, made readable)."""
    try:
        details = json.loads(raw)
    except ValueError:
        return raw[:300]
    if not isinstance(details, dict):
        return str(details)[:300]
    parts = []
    for key, value in sorted(details.items()):
        if not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False)
        parts.append("{}: {}".format(key, value))
    return "; ".join(parts)[:300]


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
        ttk.Label(bar, text=tcap("ui.audit.action")).pack(side="left")
        self.action_by_name = {action_name(a): a for a in audit_log.ACTIONS}
        self.action_values = [t("ui.all")] + sorted(self.action_by_name)
        self.action_var = tk.StringVar(value=self.action_values[0])
        self.action_box = ttk.Combobox(bar, textvariable=self.action_var,
                                       values=self.action_values, state="readonly", width=34)
        self.action_box.pack(side="left", padx=(6, 12))
        self.action_box.bind("<<ComboboxSelected>>", lambda e: self.reload())
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
        if not keep_page:
            self.pager.first()
        text = self.search_var.get().strip()
        # a word of the actions' names finds them too ("счёт" finds the invoices issued)
        named = [a for n, a in self.action_by_name.items() if text and text.lower() in n.lower()]
        rows = audit_log.search(self.ctx.session, text,
                                self.action_by_name.get(self.action_var.get(), ""),
                                limit=PAGE + 1, offset=self.pager.offset, named=named)
        more = len(rows) > PAGE
        self.table.clear()
        for r in rows[:PAGE]:
            entity = r["entity"]
            if entity in audit_log.ENTITIES:
                entity = t("audit.entity." + entity)
            self.table.tree.insert("", "end", iid=str(r["id"]), values=(
                r["at"][:19], r["username"], action_name(r["action"]),
                "{} {}".format(entity, r["entity_id"]).strip(), details_text(r["details"])))
        self.pager.shown(more)

    def on_changed(self, what):
        self.reload(keep_page=True)


SCREEN = AuditScreen
