"""Repeat an order (issue 17.8): the old price beside today's before anything is created, and
the old rush surcharge and discount asked about instead of copied silently."""
import tkinter as tk

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import format_percent, message_text, t
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import data, money


class RepeatDialog(Dialog):
    """on_ok(rush, discount_pct) creates the copy; the figures follow the two choices."""

    def __init__(self, parent, ctx, order, on_ok):
        from app.services import orders
        super().__init__(parent, t("ui.repeat.title", number=order.number))
        self.ctx = ctx
        self.order = order
        self.on_ok = on_ok
        first = orders.repeat_preview(ctx.session, order.id)
        self.first = first
        grid = ttk.Frame(self.body)
        grid.pack(anchor="w", fill="x")
        ttk.Label(grid, text=t("ui.repeat.old_price")).grid(row=0, column=0, sticky="w")
        self.old_price = data(ttk.Label(grid, text=money(first["old_gross"]),
                                        font="TkHeadingFont"))
        self.old_price.grid(row=0, column=1, sticky="e", padx=(12, 0))
        ttk.Label(grid, text=t("ui.repeat.today_price")).grid(row=1, column=0, sticky="w")
        self.today_price = data(ttk.Label(grid, text="", font="TkHeadingFont"))
        self.today_price.grid(row=1, column=1, sticky="e", padx=(12, 0))
        self.rush_var = tk.BooleanVar(value=False)
        self.rush_check = None
        if first["old_rush"]:  # asked, not copied: the new order may not be urgent
            self.rush_check = ttk.Checkbutton(
                self.body, text=t("ui.repeat.keep_rush"), variable=self.rush_var,
                command=self.refresh, bootstyle="round-toggle")
            self.rush_check.pack(anchor="w", pady=(10, 0))
        self.discount_var = tk.BooleanVar(value=False)
        self.discount_check = None
        if first["old_discount_pct"] != first["customer_discount_pct"]:
            self.discount_check = ttk.Checkbutton(
                self.body, text=t("ui.repeat.keep_discount",
                                  old=format_percent(first["old_discount_pct"], None),
                                  now=format_percent(first["customer_discount_pct"], None)),
                variable=self.discount_var, command=self.refresh, bootstyle="round-toggle")
            self.discount_check.pack(anchor="w", pady=(6, 0))
        self.note = data(ttk.Label(self.body, text="", wraplength=460, justify="left",
                                   bootstyle="secondary"))
        self.note.pack(anchor="w", pady=(10, 0))
        self.ok_button = self.add_button("ui.repeat.create", self.ok, default=True)
        self.add_button("ui.button.cancel", self.close, bootstyle="primary-outline")
        self.refresh()
        self.present()

    def choices(self):
        """(rush, discount %) of the new order as the switches say."""
        first = self.first
        rush = bool(self.rush_var.get()) if first["old_rush"] else False
        discount = first["old_discount_pct"] if self.discount_var.get() \
            else first["customer_discount_pct"]
        return rush, str(discount)

    def refresh(self):
        from app.services import orders
        rush, discount = self.choices()
        try:
            now = orders.repeat_preview(self.ctx.session, self.order.id, rush, discount)
        except DomainError as exc:
            self.note.configure(text=message_text(exc), bootstyle="danger")
            return
        self.today_price.configure(text=money(now["today_gross"]))
        diff = now["today_gross"] - now["old_gross"]
        key = "ui.repeat.same" if diff == 0 else ("ui.repeat.dearer" if diff > 0
                                                  else "ui.repeat.cheaper")
        self.note.configure(text=t(key, diff=money(abs(diff))), bootstyle="secondary")

    def ok(self):
        rush, discount = self.choices()
        try:
            self.on_ok(rush, discount)
        except DomainError as exc:
            self.note.configure(text=message_text(exc), bootstyle="danger")
            return
        self.close()
