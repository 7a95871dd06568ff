"""The accountant's Closing list: the made orders of a period (and a customer), how far each
sale is closed — not closed, closed by an act or waybill, ESF exported, ESF registered — and,
for the rows chosen (Ctrl/Shift+click), closing them, the ESF export, the registration numbers
typed in or imported from the portal's list."""
import tkinter as tk
from datetime import date
from tkinter import filedialog

import ttkbootstrap as ttk

from app import i18n
from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.ui.screens.base import Screen
from app.ui.widgets.calendar import period_fields
from app.ui.widgets.customer_picker import CustomerPicker
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.form import Form
from app.ui.widgets.formatting import data, money, tcap
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree

STATUSES = ("not_closed", "closed", "exported", "registered")
COLUMNS = (("order", "ui.orders.number", 110, "w"), ("customer", "field.customer", 240, "w"),
           ("turnover", "ui.month.col.turnover", 110, "w"),
           ("document", "ui.month.col.document", 200, "w"),
           ("status", "ui.month.col.status", 140, "w"),
           ("registration", "ui.month.col.registration", 190, "w"),
           ("gross", "doc.register.col.gross", 120, "e"))


class RegistrationDialog(Dialog):
    """The registration number the portal gave one ESF, typed in."""

    def __init__(self, parent, document, on_ok):
        super().__init__(parent, t("ui.month.register_title", number=document))
        self.on_ok = on_ok
        self.form = Form(self.body)
        self.number = self.form.entry("registration_number", "field.registration_number",
                                      width=34)
        self.ok_button = self.add_button("ui.button.save", self.ok, default=True)
        self.add_button("ui.button.cancel", self.close, bootstyle="primary-outline")
        self.present()
        self.number.widget.focus_set()

    def ok(self):
        self.form.clear_errors()
        try:
            self.on_ok(self.number.get().strip())
        except DomainError as exc:
            if not self.form.show_error(exc):
                self.number.error.configure(text=error_text(exc))
                self.number.error.grid()
            return
        self.close()


class ClosingScreen(Screen):
    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.rows = {}  # tree iid -> esf.ClosingRow
        self.customer_id = None
        ttk.Label(self, text=t("ui.month.title"), font="iPrintTitle").pack(anchor="w")
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(8, 0))
        today = date.fromisoformat(ctx.session.now()[:10])
        self.from_var, self.to_var, self.from_entry, self.to_entry = period_fields(
            bar, today.replace(day=1).isoformat(), today.isoformat(), on_change=self.reload)
        ttk.Label(bar, text=tcap("field.customer")).pack(side="left")
        self.picker = CustomerPicker(bar, ctx, on_pick=self.picked, allow_new=False, width=26)
        self.picker.pack(side="left", padx=(6, 12))
        Tooltip(self.picker.combo, t("ui.tip.month_customer"))
        ttk.Label(bar, text=tcap("ui.month.col.status")).pack(side="left")
        self.status_names = [t("ui.month.status_all")] + [t("esf.status." + s) for s in STATUSES]
        self.status_var = tk.StringVar(value=self.status_names[0])
        self.status_box = ttk.Combobox(bar, textvariable=self.status_var, state="readonly",
                                       values=self.status_names, width=16)
        self.status_box.pack(side="left", padx=(6, 12))
        self.status_box.bind("<<ComboboxSelected>>", lambda _e: self.reload())
        self.show_button = ttk.Button(bar, text=t("ui.stock.show"), command=self.reload,
                                      bootstyle="primary")
        self.show_button.pack(side="left")

        actions = ttk.Frame(self)
        actions.pack(fill="x", pady=(8, 0))
        self.close_button = ttk.Button(actions, text=t("ui.month.close"), command=self.close_sales,
                                       bootstyle="primary")
        self.close_button.pack(side="left")
        Tooltip(self.close_button, t("ui.tip.month_close"))
        self.esf_button = ttk.Button(actions, text=t("ui.month.esf"), command=self.export_esf,
                                     bootstyle="primary-outline")
        self.esf_button.pack(side="left", padx=(6, 0))
        Tooltip(self.esf_button, t("ui.tip.month_esf"))
        self.register_button = ttk.Button(actions, text=t("ui.month.register"),
                                          command=self.register, bootstyle="secondary-outline")
        self.register_button.pack(side="left", padx=(6, 0))
        self.import_button = ttk.Button(actions, text=t("ui.month.import"),
                                        command=self.import_registrations,
                                        bootstyle="secondary-outline")
        self.import_button.pack(side="left", padx=(6, 0))
        Tooltip(self.import_button, t("ui.tip.month_import"))
        self.message = data(ttk.Label(self, text="", wraplength=1000, justify="left"))
        self.message.pack(anchor="w", pady=(6, 0))
        self.counts = data(ttk.Label(self, text="", bootstyle="secondary"))
        self.counts.pack(anchor="w")
        self.table = ScrolledTree(self, COLUMNS, height=18)
        self.table.tree.configure(selectmode="extended")
        self.table.pack(fill="both", expand=True, pady=(6, 0))
        self.table.tree.bind("<Control-a>", self.select_all)
        self.reload()

    def title(self):
        return t("ui.month.title")

    # the list --------------------------------------------------------------------------------
    def picked(self, customer):
        self.customer_id = customer.id if customer is not None else None
        self.reload()

    def status(self):
        name = self.status_var.get()
        return STATUSES[self.status_names.index(name) - 1] if name in self.status_names[1:] \
            else None

    def say(self, text, bad=False):
        self.message.configure(text=text, bootstyle="danger" if bad else "success")

    def reload(self):
        from app.services import esf
        try:
            rows = esf.closing_list(self.ctx.session, self.from_var.get().strip(),
                                    self.to_var.get().strip(), self.customer_id)
        except DomainError as exc:
            self.say(error_text(exc), bad=True)
            return
        counts = {s: 0 for s in STATUSES}
        for r in rows:
            counts[r.status] += 1
        self.counts.configure(text=t("ui.month.counts", **counts))
        wanted = self.status()
        self.table.clear()
        self.rows = {}
        for r in rows:
            if wanted is not None and r.status != wanted:
                continue
            document = ""
            if r.document_number:
                document = "{} {}".format(t("ui.month.kind." + r.document_kind), r.document_number)
            iid = str(r.order_id)
            self.rows[iid] = r
            self.table.tree.insert("", "end", iid=iid, values=(
                r.order_number, r.customer, r.turnover_date or "", document,
                t("esf.status." + r.status), r.registration_number or "", money(r.gross)),
                tags=(r.status,))
        if not self.rows:
            self.table.tree.insert("", "end", iid="none", values=(
                "", t("ui.month.nothing")) + ("",) * 5)

    def chosen(self):
        """The rows chosen in the list; none chosen: said, and an empty list."""
        rows = [self.rows[i] for i in self.table.tree.selection() if i in self.rows]
        if not rows:
            self.say(t("ui.month.none_selected"), bad=True)
        return rows

    def select_all(self, _event=None):
        self.table.tree.selection_set(list(self.rows))
        return "break"

    # the actions -------------------------------------------------------------------------------
    def close_sales(self):
        """The chosen not-yet-closed orders: their acts or waybills and the ESF, in one job."""
        from app.services import month_closing
        rows = [r for r in self.chosen() if r.status == "not_closed"]
        if not rows and self.table.tree.selection():
            self.say(t("ui.month.none_open"), bad=True)
        if not rows:
            return None
        ids, lang = [r.order_id for r in rows], i18n.language()
        return self.ctx.run_background(
            lambda session, progress: month_closing.close(session, ids, lang), self._closed,
            "ui.month.closing")

    def _closed(self, sale):
        from app.ui.dialogs.documents import DocumentResult
        esf_note = t("ui.month.esf_file", name=sale.esf.path.name) \
            if sale.esf is not None and sale.esf.path is not None else t("ui.month.esf_none")
        self.say(t("ui.month.closed_done", count=len(sale.documents), esf=esf_note))
        if sale.documents:
            DocumentResult(self.ctx.root, self.ctx, sale.documents[-1].path)
        self.ctx.changed("orders")
        self.reload()

    def export_esf(self):
        """The ESF of the chosen closed sales, or of every closed sale of the period."""
        from app.services import esf
        rows = [r for r in (self.rows[i] for i in self.table.tree.selection() if i in self.rows)
                if r.status != "not_closed"]
        ids = [r.order_id for r in rows]
        start, end, customer = self.from_var.get().strip(), self.to_var.get().strip(), \
            self.customer_id

        def work(session, progress):
            if ids:
                return esf.export(session, order_ids=ids)
            return esf.export(session, start, end, customer_id=customer)
        return self.ctx.run_background(work, self._exported, "ui.month.exporting")

    def _exported(self, sent):
        from app.ui.dialogs.documents import DocumentResult
        if sent.path is None:
            self.say(t("ui.month.esf_nothing"), bad=True)
            return
        self.say(t("ui.month.esf_done", count=sent.invoices, name=sent.path.name))
        DocumentResult(self.ctx.root, self.ctx, sent.path)
        self.reload()

    def register(self):
        from app.services import esf
        rows = self.chosen()
        if not rows:
            return None
        row = rows[0]
        if row.status not in ("exported", "registered"):
            self.say(t("ui.month.register_first"), bad=True)
            return None
        number = "{}{}".format(esf.NUM_PREFIX[row.document_kind], row.document_number)

        def save(reg):
            esf.register(self.ctx.session, number, reg)
            self.say(t("ui.month.registered", number=row.document_number, registration=reg))
            self.reload()
        return RegistrationDialog(self.winfo_toplevel(), row.document_number, save)

    def import_registrations(self, path=None):
        from app.services import esf
        path = path or filedialog.askopenfilename(
            parent=self, title=t("ui.month.import"),
            filetypes=((t("ui.import.file_types"), "*.csv *.xlsx"), (t("ui.all"), "*")))
        if not path:
            return
        try:
            done = esf.import_registrations(self.ctx.session, path)
        except DomainError as exc:
            self.say(error_text(exc), bad=True)
            return
        self.say(t("ui.month.imported", count=done["registered"], known=done["known"]))
        self.reload()

    def on_changed(self, what):
        if what in ("orders", "customers"):
            self.reload()


SCREEN = ClosingScreen
