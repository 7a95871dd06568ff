"""Who works on an order: a tick for each active performer (staff.assign replaces the list)."""
import tkinter as tk

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import data, tcap


class AssignDialog(Dialog):
    def __init__(self, parent, ctx, order, assigned_ids, on_saved=None):
        from app.services import staff
        super().__init__(parent, t("ui.staff.assign_title", number=order.number))
        self.ctx = ctx
        self.order = order
        self.on_saved = on_saved
        self.vars = {}
        people = staff.list_staff(ctx.session, active_only=True)
        if not people:
            ttk.Label(self.body, text=t("ui.staff.nobody"), wraplength=380,
                      justify="left").pack(anchor="w")
        role = None
        for p in people:
            if p["role"] != role:
                role = p["role"]
                ttk.Label(self.body, text=tcap("staff_role." + role),
                          font="TkHeadingFont").pack(anchor="w", pady=(8 if self.vars else 0, 2))
            var = tk.BooleanVar(value=p["id"] in assigned_ids)
            box = data(ttk.Checkbutton(self.body, text=p["name"], variable=var))
            box.pack(anchor="w", padx=(12, 0))
            self.vars[p["id"]] = var
        self.error = data(ttk.Label(self.body, text="", bootstyle="danger", wraplength=380))
        self.error.pack(anchor="w")
        self.add_button("ui.button.save", self.save, default=True)
        self.add_button("ui.button.cancel", self.cancel, bootstyle="primary-outline")
        self.watch(self.vars.values())
        self.present()

    def tick(self, staff_id, on=True):
        self.vars[staff_id].set(on)

    def save(self):
        from app.services import staff
        ids = [sid for sid, var in self.vars.items() if var.get()]
        try:
            staff.assign(self.ctx.session, self.order.id, ids)
        except DomainError as exc:
            self.error.configure(text=error_text(exc))
            return
        self.close()
        if self.on_saved:
            self.on_saved()
