"""Money in: record a payment for a customer, allocate an advance, reverse a payment; the
receivables by days past due (Word, Excel); a bank statement import with its preview."""
import tkinter as tk
from tkinter import filedialog

import ttkbootstrap as ttk

from app import i18n
from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.ui.screens.base import Screen
from app.ui.widgets.customer_picker import CustomerPicker
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.form import Form
from app.ui.widgets.formatting import data, money, tcap
from app.ui.widgets.lists import ScrolledTree

METHODS = ("bank", "kaspi", "card", "cash")
AGEING = ("not_due", "d0_30", "d31_60", "d61_90", "d90_plus", "total", "advance")


class ReasonDialog(Dialog):
    """Why a payment is reversed: the reason goes into the counter-entry and the audit."""

    def __init__(self, parent, on_ok):
        super().__init__(parent, t("ui.payments.reverse_title"))
        self.on_ok = on_ok
        self.form = Form(self.body)
        self.reason = self.form.entry("reason", "field.reason", width=40)
        self.ok_button = self.add_button("ui.payments.reverse", self.ok, default=True)
        self.add_button("ui.button.cancel", self.close, bootstyle="primary-outline")
        self.present()
        self.reason.widget.focus_set()

    def ok(self):
        self.form.clear_errors()
        try:
            self.on_ok(self.reason.get().strip())
        except DomainError as exc:
            if not self.form.show_error(exc):  # not about the reason: said under it all the same
                self.reason.say(error_text(exc))
            return
        self.close()


class PaymentsScreen(Screen):
    def __init__(self, parent, ctx, customer_id=None, **_kw):
        super().__init__(parent, ctx)
        self.columnconfigure(1, weight=1)
        self.rowconfigure(2, weight=1)
        ttk.Label(self, text=t("ui.payments.title"), font="iPrintTitle").grid(
            row=0, column=0, columnspan=2, sticky="w")
        left = ttk.Labelframe(self, text=t("ui.payments.record_title"), padding=10)
        left.grid(row=1, column=0, sticky="nsew", pady=(10, 0), padx=(0, 10))
        ttk.Label(left, text=tcap("field.customer")).pack(anchor="w")
        self.picker = CustomerPicker(left, ctx, on_pick=self.picked, allow_new=False)
        self.picker.pack(fill="x", pady=(2, 6))
        box = ttk.Frame(left)
        box.pack(fill="x")
        self.form = Form(box)
        self.amount = self.form.entry("amount", "field.amount", width=16)
        self.date = self.form.date("date", "field.date", ctx.session.now()[:10])
        self.method_labels = [t("payment.method." + m) for m in METHODS]
        self.method = self.form.combo("method", "field.method", self.method_labels,
                                      self.method_labels[0], width=16)
        self.reference = self.form.entry("reference", "field.reference", width=30)
        self.record_button = ttk.Button(left, text=t("ui.payments.record"), command=self.record,
                                        bootstyle="primary")
        self.record_button.pack(anchor="e", pady=(8, 0))
        self.message = data(ttk.Label(left, text="", wraplength=320, justify="left"))
        self.message.pack(anchor="w", pady=(6, 0))

        right = ttk.Labelframe(self, text=t("ui.payments.customer_title"), padding=6)
        right.grid(row=1, column=1, sticky="nsew", pady=(10, 0))
        self.advance_label = data(ttk.Label(right, text="", font="TkHeadingFont"))
        self.advance_label.pack(anchor="w")
        ttk.Label(right, text=t("ui.payments.open_invoices")).pack(anchor="w", pady=(4, 0))
        self.invoices = ScrolledTree(right, (
            ("number", "ui.payments.col.invoice", 110, "w"),
            ("order", "ui.orders.number", 110, "w"), ("due", "ui.payments.col.due", 100, "w"),
            ("total", "doc.register.col.gross", 110, "e"),
            ("paid", "ui.payments.col.paid", 110, "e"), ("owed", "ui.payments.col.owed", 110, "e")),
            height=5)
        self.invoices.pack(fill="both", expand=True)
        ttk.Label(right, text=t("ui.payments.payments")).pack(anchor="w", pady=(6, 0))
        self.payments = ScrolledTree(right, (
            ("date", "field.date", 100, "w"), ("amount", "field.amount", 110, "e"),
            ("method", "field.method", 90, "w"), ("left", "ui.payments.col.left", 110, "e"),
            ("reference", "ui.payments.col.reference", 240, "w")), height=5)
        self.payments.pack(fill="both", expand=True)
        buttons = ttk.Frame(right)
        buttons.pack(fill="x", pady=(6, 0))
        self.allocate_button = ttk.Button(buttons, text=t("ui.payments.allocate"),
                                          command=self.allocate, bootstyle="primary-outline")
        self.allocate_button.pack(side="left")
        self.reverse_button = ttk.Button(buttons, text=t("ui.payments.reverse"),
                                         command=self.reverse, bootstyle="danger-outline")
        if ctx.is_admin:
            self.reverse_button.pack(side="left", padx=(6, 0))
        self.cash_button = ttk.Button(buttons, text=t("ui.payments.cash_order"),
                                      command=self.cash_order, bootstyle="primary-outline")
        self.cash_button.pack(side="left", padx=(6, 0))
        self.reconciliation_button = ttk.Button(buttons, text=t("ui.reconciliation.button"),
                                                command=self.reconciliation,
                                                bootstyle="primary-outline")
        self.reconciliation_button.pack(side="right")

        low = ttk.Labelframe(self, text=t("ui.payments.ageing_title"), padding=6)
        low.grid(row=2, column=0, columnspan=2, sticky="nsew", pady=(10, 0))
        bar = ttk.Frame(low)
        bar.pack(fill="x")
        ttk.Label(bar, text=tcap("ui.payments.as_of")).pack(side="left")
        self.as_of = tk.StringVar(value=ctx.session.now()[:10])
        data(ttk.Entry(bar, textvariable=self.as_of, width=12)).pack(side="left", padx=(4, 6))
        self.show_button = ttk.Button(bar, text=t("ui.payments.show"), command=self.show_ageing,
                                      bootstyle="primary-outline")
        self.show_button.pack(side="left")
        self.word_button = ttk.Button(bar, text=t("ui.payments.word"), command=self.to_word,
                                      bootstyle="secondary-outline")
        self.word_button.pack(side="left", padx=(6, 0))
        self.excel_button = ttk.Button(bar, text=t("ui.payments.excel"), command=self.to_excel,
                                       bootstyle="secondary-outline")
        self.excel_button.pack(side="left", padx=(6, 0))
        self.import_button = ttk.Button(bar, text=t("ui.payments.import"),
                                        command=self.import_statement, bootstyle="primary")
        self.import_button.pack(side="right")
        self.kaspi_button = ttk.Button(bar, text=t("ui.payments.import_kaspi"),
                                       command=self.import_kaspi, bootstyle="primary-outline")
        self.kaspi_button.pack(side="right", padx=(0, 6))
        # customers on hold: the shop's limits of overdue debt, beside the receivables they
        # are judged on (the administrator's; a customer's own are on the customer card)
        self.hold_button = ttk.Button(bar, text=t("ui.hold.shop_button"),
                                      command=self.hold_limits, bootstyle="secondary-outline")
        if ctx.is_admin:
            self.hold_button.pack(side="right", padx=(0, 6))
        self.ageing = ScrolledTree(low, (("name", "field.customer", 240, "w"),) + tuple(
            (k, "doc.ageing.col." + k, 100, "e") for k in AGEING), height=8)
        self.ageing.pack(fill="both", expand=True, pady=(6, 0))
        self.ageing_message = data(ttk.Label(low, text="", bootstyle="danger"))
        self.ageing_message.pack(anchor="w")
        self.customer = None
        if customer_id is not None:
            from app.services import customers
            self.picker.set(customers.get(ctx.session, customer_id))
        self.show_ageing()
        self.refresh_customer()

    def title(self):
        return t("ui.payments.tab")

    # the customer's side ------------------------------------------------------------------
    def picked(self, customer):
        self.customer = customer
        self.refresh_customer()

    def refresh_customer(self):
        from app.services import payments
        self.invoices.clear()
        self.payments.clear()
        self.payment_rows = {}
        if self.customer is None:
            self.advance_label.configure(text="")
            return
        session = self.ctx.session
        for i in payments.open_invoices(session, self.customer.id):
            self.invoices.tree.insert("", "end", iid=str(i["invoice_id"]), values=(
                i["number"], i["order_number"], i["due"], money(i["total"]), money(i["paid"]),
                money(i["owed"])))
        self.payment_rows = {}
        for p in payments.of_customer(session, self.customer.id):
            self.payment_rows[str(p["id"])] = p
            state = ""
            if p["reverses_id"] is not None:
                state = t("ui.payments.is_reversal") + " "
            elif p["reversed_by"] is not None:
                state = t("ui.payments.reversed") + " "
            self.payments.tree.insert("", "end", iid=str(p["id"]), values=(
                p["date"], money(p["amount"]), t("payment.method." + p["method"]),
                money(p["unallocated"]) if not state else "", state + p["reference"]))
        self.advance_label.configure(text=t("ui.payments.advance", amount=money(
            payments.advance(session, self.customer.id))))

    def record(self):
        from app.services import payments
        self.form.clear_errors()
        self.message.configure(text="", bootstyle="default")
        if self.customer is None:
            self.message.configure(text=t("ui.payments.pick_customer"), bootstyle="danger")
            return None
        values = self.form.values()
        method = METHODS[self.method_labels.index(values["method"])]
        try:
            paid = payments.record(self.ctx.session, self.customer.id,
                                   values["amount"].strip(), values["date"].strip(), method,
                                   values["reference"].strip())
        except DomainError as exc:
            if not self.form.show_error(exc):
                self.message.configure(text=error_text(exc), bootstyle="danger")
            return None
        self.message.configure(text=t("ui.payments.recorded", amount=money(paid["amount"]),
                                      advance=money(paid["unallocated"])))
        self.amount.set("")
        self.reference.set("")
        self._changed()
        return paid

    def allocate(self):
        from app.services import payments
        iid = self.payments.selected()
        if not iid:
            return None
        try:
            payments.allocate_advance(self.ctx.session, int(iid))
        except DomainError as exc:
            self.ctx.show_error(exc)
            return None
        self._changed()
        return True

    def reverse(self):
        from app.services import payments
        iid = self.payments.selected()
        if not iid:
            return None

        def go(reason):
            payments.reverse(self.ctx.session, int(iid), reason)
            self._changed()
        return ReasonDialog(self, go)

    def cash_order(self):
        """The incoming cash order (КО-1) of the chosen cash payment, in Word; printed again
        with its number when it was made before."""
        from app.services import cash_orders
        from app.ui.dialogs.documents import make
        iid = self.payments.selected()
        if not iid:
            self.message.configure(text=t("ui.payments.pick_payment"), bootstyle="danger")
            return None
        chosen = self.payment_rows.get(iid)
        if chosen is not None and (chosen["method"] != "cash" or chosen["reverses_id"]):
            # said at once rather than after the background work
            key = "error.cash_order.not_cash" if chosen["method"] != "cash" \
                else "error.cash_order.reversal"
            self.message.configure(text=tcap(key), bootstyle="danger")
            return None
        lang = i18n.language()
        return make(self.ctx, lambda s: cash_orders.issue(s, int(iid), lang=lang),
                    on_done=lambda doc, notice: self._changed())

    def hold_limits(self):
        from app.ui.dialogs.hold import HoldLimitsDialog
        return HoldLimitsDialog(self, self.ctx, on_saved=self.refresh_customer)

    def reconciliation(self):
        from app.ui.dialogs.documents import reconciliation_dialog
        if self.customer is None:
            self.message.configure(text=t("ui.payments.pick_customer"), bootstyle="danger")
            return None
        return reconciliation_dialog(self, self.ctx, self.customer.id)

    def _changed(self):
        self.refresh_customer()
        self.show_ageing()
        self.ctx.changed("orders")

    # the receivables ----------------------------------------------------------------------
    def show_ageing(self):
        from app.services import payments
        self.ageing_message.configure(text="")
        try:
            report = payments.ageing(self.ctx.session, self.as_of.get().strip())
        except DomainError as exc:
            self.ageing_message.configure(text=error_text(exc))
            return None
        self.ageing.clear()
        for r in report.rows:
            self.ageing.tree.insert("", "end", iid=str(r["customer_id"]), values=(
                r["name"],) + tuple(money(r[k]) for k in AGEING))
        self.ageing.tree.insert("", "end", iid="total", values=(
            t("doc.receivables.total"),) + tuple(money(report.totals[k]) for k in AGEING))
        return report

    def to_word(self):
        from app.services import report_documents
        from app.ui.dialogs.documents import make
        as_of, lang = self.as_of.get().strip(), i18n.language()
        return make(self.ctx, lambda s: report_documents.receivables(s, lang=lang, as_of=as_of))

    def to_excel(self):
        from app.services import exports
        from app.ui.dialogs.documents import make
        as_of, lang = self.as_of.get().strip(), i18n.language()
        return make(self.ctx, lambda s: exports.receivables(s, as_of, lang=lang))

    def import_statement(self, path=None):
        from app.services import bank_import
        from app.ui.dialogs.bank_import import BankImportDialog
        path = path or filedialog.askopenfilename(
            parent=self, title=t("ui.payments.import"),
            filetypes=[(t("ui.payments.statement_files"), "*.txt"), ("*", "*")])
        if not path:
            return None
        try:
            preview = bank_import.preview(self.ctx.session, path)
        except DomainError as exc:
            self.ctx.show_error(exc)
            return None
        return BankImportDialog(self, self.ctx, path, preview, on_done=lambda r: self._changed())

    def import_kaspi(self, path=None):
        """Which column is which (the last import's choice offered), then the preview."""
        from app.services import kaspi_import
        from app.ui.dialogs.bank_import import BankImportDialog, KaspiColumnsDialog
        path = path or filedialog.askopenfilename(
            parent=self, title=t("ui.payments.import_kaspi"),
            filetypes=[("Excel", "*.xlsx"), ("CSV", "*.csv"), ("*", "*")])
        if not path:
            return None
        session = self.ctx.session
        try:
            rows = kaspi_import.head(session, path)
        except DomainError as exc:
            self.ctx.show_error(exc)
            return None

        def columns_chosen(mapping):
            preview = kaspi_import.preview(session, path, mapping)  # an error stays in the dialog
            self.after_idle(lambda: BankImportDialog(
                self, self.ctx, path, preview, on_done=lambda r: self._changed(),
                write=lambda s, p: kaspi_import.apply(s, p, mapping)))
        return KaspiColumnsDialog(self, rows, kaspi_import.saved_mapping(session) or {},
                                  columns_chosen)

    def on_changed(self, what):
        if what in ("customers", "orders", "payments"):
            self.refresh_customer()
            self.show_ageing()


SCREEN = PaymentsScreen
