"""Pick a customer by typing part of the name, BIN or phone; or create one inline."""
import tkinter as tk

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.widgets.formatting import data
from app.ui.widgets.hints import Tooltip


class CustomerPicker(ttk.Frame):
    def __init__(self, parent, ctx, on_pick=None, allow_new=True, width=34):
        super().__init__(parent)
        self.ctx = ctx
        self.on_pick = on_pick
        self.customer = None
        self._found = []
        self.var = tk.StringVar()
        self.combo = data(ttk.Combobox(self, textvariable=self.var, width=width,
                                       postcommand=self._fill))
        self.combo.pack(side="left", fill="x", expand=True)
        self.combo.bind("<<ComboboxSelected>>", self._selected)
        self.combo.bind("<KeyRelease>", self._typed, add="+")
        self.combo.bind("<FocusOut>", self._left, add="+")
        if allow_new:
            self.new_button = ttk.Button(self, text="+", width=3, bootstyle="secondary-outline",
                                         command=self.new_customer)
            self.new_button.pack(side="left", padx=(4, 0))
            Tooltip(self.new_button, t("ui.tip.new_customer"))

    def _fill(self):
        from app.services import customers
        self._found = customers.search(self.ctx.session, self.var.get(), limit=30)
        self.combo.configure(values=[self._label(c) for c in self._found])

    @staticmethod
    def _label(c):
        return "{} · {}".format(c.name, c.bin) if c.bin else c.name

    def _typed(self, event):
        if event.keysym in ("Return", "Tab", "Up", "Down", "Escape"):
            return
        if self.customer is not None and self.var.get() != self._label(self.customer):
            self.customer = None
            if self.on_pick:
                self.on_pick(None)

    def _selected(self, _event=None):
        label = self.var.get()
        for c in self._found:
            if self._label(c) == label:
                self.set(c)
                return

    def _left(self, _event=None):
        """Typing the exact name of one customer is as good as picking it."""
        if self.customer is not None or not self.var.get().strip():
            return
        self._fill()
        text = self.var.get().strip().lower()
        exact = [c for c in self._found if c.name.lower() == text or self._label(c).lower() == text]
        if len(exact) == 1:
            self.set(exact[0])

    def set(self, customer):
        self.customer = customer
        self.var.set(self._label(customer) if customer else "")
        if self.on_pick:
            self.on_pick(customer)

    def new_customer(self):
        from app.ui.dialogs.customer import CustomerDialog
        CustomerDialog(self, self.ctx, on_saved=self.set, name=self.var.get().strip())
