"""Monthly indirect costs and their allocation over the orders made in the month.

Allocation touches every order of a month: it runs off the Tk thread with a progress bar."""
from datetime import date

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.domain.money import from_tiyn
from app.i18n import t
from app.ui.screens.base import Screen
from app.ui.widgets.form import Form
from app.ui.widgets.formatting import data, money, number
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree


def _previous_month(today=None):
    today = today or date.today()
    y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return "{:04d}-{:02d}".format(y, m)


class CostsScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.columnconfigure(1, weight=1)
        self.rowconfigure(0, weight=1)
        box = ttk.Labelframe(self, text=t("ui.costs.enter"), padding=12)
        box.grid(row=0, column=0, sticky="nsew", padx=(0, 12))
        self.form = Form(box, label_width=16)
        self.form.entry("month", "field.month", _previous_month(), width=20)
        self.form.entry("amount", "field.amount", "", width=20)
        self.form.entry("note", "field.notes", "", width=20)
        self.save_button = ttk.Button(box, text=t("ui.button.save"), command=self.on_save,
                                      bootstyle="success")
        self.save_button.grid(row=self.form.row, column=1, sticky="e", pady=(10, 0))
        Tooltip(self.save_button, t("ui.tip.save"))
        ttk.Label(box, text=t("ui.costs.explain"), wraplength=300, bootstyle="info",
                  justify="left").grid(row=self.form.row + 1, column=0, columnspan=2, sticky="w",
                                       pady=(12, 0))
        right = ttk.Frame(self)
        right.grid(row=0, column=1, sticky="nsew")
        self.table = ScrolledTree(right, (("month", "field.month", 90, "w"),
                                          ("amount", "field.amount", 140, "e"),
                                          ("note", "field.notes", 220, "w"),
                                          ("allocated", "ui.costs.allocated", 150, "w"),
                                          ("orders", "ui.costs.orders", 90, "e")), height=14)
        self.table.pack(fill="both", expand=True)
        self.table.tree.bind("<<TreeviewSelect>>", lambda e: self._selected())
        bar = ttk.Frame(right, padding=(0, 8, 0, 0))
        bar.pack(fill="x")
        self.allocate_button = ttk.Button(bar, text=t("ui.costs.allocate"), command=self.allocate,
                                          bootstyle="primary")
        self.allocate_button.pack(side="right")
        self.message = data(ttk.Label(bar, text=""))
        self.message.pack(side="left")
        self.reload()

    def title(self):
        return t("ui.menu.indirect")

    def reload(self):
        from app.services import costs
        self.table.clear()
        for row in costs.months(self.ctx.session):
            self.table.tree.insert("", "end", iid=row["month"], values=(
                row["month"], money(from_tiyn(row["amount_tiyn"])), row["note"],
                (row["allocated_at"] or "")[:16], number(row["orders_count"])))

    def _selected(self):
        iid = self.table.selected()
        if iid:
            self.form.fields["month"].set(iid)
            values = self.table.tree.item(iid, "values")
            self.form.fields["amount"].set(str(values[1]).replace("\u00a0", "").replace("₸", ""))
            self.form.fields["note"].set(values[2])

    def on_save(self):
        from app.services import costs
        self.form.clear_errors()
        v = self.form.values()
        try:
            costs.set_month(self.ctx.session, v["month"], v["amount"], v["note"])
        except DomainError as exc:
            if not self.form.show_error(exc):
                self.ctx.show_error(exc)
            return
        self.message.configure(text=t("ui.saved"))
        self.reload()

    def allocate(self):
        from app.services import costs
        month = self.form.fields["month"].get().strip()
        self.allocate_button.configure(state="disabled")
        self.message.configure(text="")

        def work(session, progress):
            progress(0, 1)
            n = costs.allocate(session, month)
            progress(1, 1)
            return n

        def done(n):
            self.allocate_button.configure(state="normal")
            self.message.configure(text=t("ui.costs.allocated_n", month=month, n=number(n)))
            self.ctx.changed("orders")
            self.reload()
        thread = self.ctx.run_background(work, done, "ui.costs.allocating")
        self.later(100, lambda: self._reenable(thread))

    def _reenable(self, thread):
        if thread.is_alive():
            self.later(100, lambda: self._reenable(thread))
        else:
            try:
                self.allocate_button.configure(state="normal")
            except Exception:  # the screen was closed meanwhile
                pass


SCREEN = CostsScreen
