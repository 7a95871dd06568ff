"""One order: its estimate, status moves, repeat, cancel, and the actual figures with variance."""
import tkinter as tk

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.domain.records import EDITABLE_STATUSES, MADE_STATUSES
from app.i18n import format_number, t
from app.ui.screens.base import Screen
from app.ui.widgets.breakdown import Breakdown
from app.ui.widgets.dialog import confirm
from app.ui.widgets.form import Form
from app.ui.widgets.formatting import data, money, number, pct, qty
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree

STATUS_STYLE = {"new": "secondary", "quoted": "info", "approved": "primary", "prepress": "warning",
                "production": "warning", "ready": "success", "delivered": "success",
                "paid": "success", "cancelled": "danger"}


def screen_key(order_id=None, **_kw):
    return "order-{}".format(order_id)


class OrderScreen(Screen):
    def __init__(self, parent, ctx, order_id=None, **_kw):
        super().__init__(parent, ctx)
        from app.services import catalog as catalog_service
        self.order_id = order_id
        cat = catalog_service.get_catalog(ctx.session)
        self.names = {p.code: p.name for p in cat.presses}
        if "label_printer" in cat.equipment:
            self.names["label_printer"] = cat.equipment["label_printer"].name
        self.columnconfigure(0, weight=1)
        self.columnconfigure(1, weight=0)
        self.rowconfigure(2, weight=1)
        self.order = None
        self._build()
        self.reload()

    def title(self):
        number_ = self.order.number if self.order else ""
        return t("ui.order.tab", number=number_)

    def _build(self):
        head = ttk.Frame(self)
        head.grid(row=0, column=0, columnspan=2, sticky="ew")
        self.head_number = data(ttk.Label(head, text="", font="iPrintTitle"))
        self.head_number.pack(side="left")
        self.head_status = data(ttk.Label(head, text="", bootstyle="inverse-primary",
                                          padding=(8, 2)))
        self.head_status.pack(side="left", padx=12)
        self.actions = ttk.Frame(head)
        self.actions.pack(side="right")
        bar = ttk.Frame(self)
        bar.grid(row=1, column=0, columnspan=2, sticky="ew", pady=(8, 0))
        docs_line = ttk.Frame(bar)
        docs_line.pack(fill="x")
        self._documents_box(docs_line)
        # a line of its own: beside the documents the Russian heading was cut at 1366 px
        staff_line = ttk.Frame(bar)
        staff_line.pack(fill="x", pady=(6, 0))
        self._performers_box(staff_line)
        left = ttk.Frame(self)
        left.grid(row=2, column=0, sticky="nsew", pady=(10, 0), padx=(0, 10))
        left.columnconfigure(0, weight=1)
        left.rowconfigure(2, weight=1)
        info = ttk.Labelframe(left, text=t("ui.order.details"), padding=10)
        info.grid(row=0, column=0, sticky="ew")
        self.info_labels = {}
        for i, key in enumerate(("customer", "contract", "product_type", "name", "quantity",
                                 "created", "due_date", "turnover_date", "manager", "spec",
                                 "notes")):
            ttk.Label(info, text=t("ui.order.f." + key)).grid(row=i, column=0, sticky="nw",
                                                             padx=(0, 12))
            if key == "contract":  # what the invoice, the act, the waybill refer to
                from app.ui.dialogs.contract import ContractChoice
                self.contract = ContractChoice(info, self.ctx, width=30)
                self.contract.box.grid(row=i, column=1, sticky="w", pady=(1, 2))
                Tooltip(self.contract.box, t("ui.tip.doc_contract"))
                continue
            lbl = data(ttk.Label(info, text="", wraplength=520, justify="left"))
            lbl.grid(row=i, column=1, sticky="w")
            self.info_labels[key] = lbl
        self.actual_box = ttk.Labelframe(left, text=t("ui.order.actual"), padding=10)
        self.actual_box.grid(row=1, column=0, sticky="ew", pady=(10, 0))
        self.variance_box = ttk.Labelframe(left, text=t("ui.order.variance"), padding=6)
        self.variance_box.grid(row=2, column=0, sticky="nsew", pady=(10, 0))
        self.variance = ScrolledTree(self.variance_box, (
            ("line", "ui.order.line", 200, "w"), ("est", "ui.order.estimate", 120, "e"),
            ("act", "ui.order.actual_col", 120, "e"), ("diff", "ui.order.diff", 120, "e")),
            height=7)
        self.variance.pack(fill="both", expand=True)
        self.variance.tree.tag_configure("over", foreground="#d9534f")
        self.variance.tree.tag_configure("under", foreground="#2b8a3e")
        self.variance.tree.tag_configure("total", font="TkHeadingFont")
        self.variance_summary = data(ttk.Label(self.variance_box, text="", justify="left"))
        self.variance_summary.pack(fill="x", pady=(4, 0))
        right = ttk.Frame(self)
        right.grid(row=2, column=1, sticky="nsew", pady=(10, 0))
        self.breakdown = Breakdown(right, self.names)
        self.breakdown.pack(fill="x")
        hist = ttk.Labelframe(right, text=t("ui.order.history"), padding=6)
        hist.pack(fill="both", expand=True, pady=(8, 0))
        self.history = ScrolledTree(hist, (("at", "ui.order.at", 130, "w"),
                                           ("status", "field.status", 120, "w"),
                                           ("user", "field.username", 90, "w")), height=5)
        self.history.pack(fill="both", expand=True)

    def _documents_box(self, parent):
        """One line under the heading: the documents, their language, the performers."""
        from app import i18n
        ttk.Label(parent, text=t("ui.docs.box"), font="TkHeadingFont").pack(side="left")
        buttons = ttk.Frame(parent)
        buttons.pack(side="left", padx=(8, 0))
        self.offer_button = ttk.Button(buttons, text=t("ui.docs.offer"), command=self.make_offer,
                                       bootstyle="primary-outline")
        self.invoice_button = ttk.Button(buttons, text=t("ui.docs.invoice"),
                                         command=self.make_invoice, bootstyle="primary-outline")
        self.ticket_button = ttk.Button(buttons, text=t("ui.docs.job_ticket"),
                                        command=self.make_job_ticket, bootstyle="primary-outline")
        self.close_sale_button = ttk.Button(buttons, text=t("ui.docs.close_sale"),
                                            command=self.close_sale, bootstyle="success-outline")
        for b, tip in ((self.offer_button, "ui.tip.offer"), (self.invoice_button, "ui.tip.invoice"),
                       (self.ticket_button, "ui.tip.job_ticket"),
                       (self.close_sale_button, "ui.tip.close_sale")):
            b.pack(side="left", padx=(0, 4))
            Tooltip(b, t(tip))
        self.doc_langs = {t("ui.lang." + lang): lang for lang in i18n.LANGUAGES}
        self.doc_lang_var = tk.StringVar(value=t("ui.lang." + i18n.language()))
        self.doc_lang_box = ttk.Combobox(buttons, textvariable=self.doc_lang_var,
                                         state="readonly", values=list(self.doc_langs), width=10)
        self.doc_lang_box.pack(side="left", padx=(4, 0))
        Tooltip(self.doc_lang_box, t("ui.tip.doc_language"))

    def _performers_box(self, parent):
        ttk.Label(parent, text=t("ui.staff.performers"), font="TkHeadingFont").pack(side="left")
        self.performers_label = data(ttk.Label(parent, text="", wraplength=600, justify="left"))
        self.performers_label.pack(side="left", padx=(8, 8))
        self.assign_button = ttk.Button(parent, text=t("ui.staff.assign"), command=self.assign,
                                        bootstyle="info-outline")
        self.assign_button.pack(side="left")

    def reload(self):
        from app.services import orders
        self.order = orders.get(self.ctx.session, self.order_id)
        o = self.order
        spec = o.estimate.spec
        self.head_number.configure(text=t("ui.order.heading", number=o.number))
        self.head_status.configure(text=t("status." + o.status),
                                   bootstyle="inverse-" + STATUS_STYLE.get(o.status, "primary"))
        v = self.info_labels
        v["customer"].configure(text=o.customer_name)
        v["product_type"].configure(text=t("product." + o.product_type))
        v["name"].configure(text=spec.name or "—")
        v["quantity"].configure(text=number(o.quantity))
        v["created"].configure(text=o.created_at[:16])
        v["due_date"].configure(text=o.due_date or "—")
        v["turnover_date"].configure(text=o.turnover_date or "—")
        v["manager"].configure(text=o.manager_name or "—")
        v["spec"].configure(text=self._spec_text(spec))
        v["notes"].configure(text=o.notes or "—")
        self.breakdown.show(o.estimate)
        self.contract.fill(o.customer_id, [o.id])
        self._performers()
        state = "disabled" if o.status == "cancelled" else "normal"
        for b in (self.offer_button, self.invoice_button, self.ticket_button):
            b.configure(state=state)
        self.close_sale_button.configure(state="normal" if o.status in MADE_STATUSES
                                         else "disabled")
        self._actions()
        self._actual_form()
        self._variance()
        self.history.clear()
        for row in orders.status_history(self.ctx.session, o.id):
            self.history.tree.insert("", "end", values=(row["at"][:16], t("status." + row["to_status"]),
                                                        row["username"] or ""))
        self.ctx.retitle(self)

    def _spec_text(self, spec):
        """The job in a line, with the paper's and ribbon's names from the order's catalog."""
        from app.services import catalog as catalog_service
        cat = catalog_service.of_order(self.ctx.session, self.order)

        def name(record, code):
            return record.name if record is not None else code
        parts = []
        if spec.product_type == "label":
            parts.append(t("ui.order.spec_label", length=spec.label_length_mm,
                           ribbon=name(cat.materials.get(spec.ribbon), spec.ribbon),
                           colours=spec.label_colours))
        else:
            parts.append(t("ui.order.spec_sheet", w=spec.width_mm, h=spec.height_mm,
                           colours=spec.colours,
                           paper=name(cat.papers.get(spec.paper), spec.paper)))
            if spec.product_type == "journal":
                parts.append(t("ui.order.spec_journal", sheets=spec.sheets_per_journal,
                               cover=t("ui.cover." + spec.cover) if spec.cover in ("none", "soft", "hard")
                               else spec.cover))
        if spec.rush:
            parts.append(t("field.rush"))
        return "; ".join(parts)

    def _actions(self):
        from app.services import orders
        for w in self.actions.winfo_children():
            w.destroy()
        o = self.order
        self.move_buttons = {}
        moves = [m for m in orders.allowed_moves(o) if m != "cancelled"]
        for to in moves:
            b = ttk.Button(self.actions, text=t("ui.order.move_to", status=t("status." + to)),
                           bootstyle="primary-outline", command=lambda s=to: self.move(s))
            b.pack(side="left", padx=(0, 4))
            self.move_buttons[to] = b
        if o.status in EDITABLE_STATUSES:
            self.edit_button = ttk.Button(self.actions, text=t("ui.order.edit"),
                                          bootstyle="info", command=self.edit)
            self.edit_button.pack(side="left", padx=(8, 4))
        self.repeat_button = ttk.Button(self.actions, text=t("ui.order.repeat"),
                                        bootstyle="info", command=self.repeat)
        self.repeat_button.pack(side="left", padx=(0, 4))
        Tooltip(self.repeat_button, t("ui.tip.repeat"))
        if "cancelled" in orders.allowed_moves(o):
            self.cancel_button = ttk.Button(self.actions, text=t("ui.order.cancel"),
                                            bootstyle="danger-outline", command=self.cancel)
            self.cancel_button.pack(side="left", padx=(8, 0))

    def _actual_form(self):
        for w in self.actual_box.winfo_children():
            w.destroy()
        o = self.order
        if o.status not in MADE_STATUSES:
            ttk.Label(self.actual_box, text=t("ui.order.actual_later"),
                      bootstyle="secondary").grid(row=0, column=0, sticky="w")
            self.actual_form = None
            return
        est = o.estimate
        usage = o.actual.usage if o.actual else {}
        cols = ttk.Frame(self.actual_box)
        cols.grid(row=0, column=0, sticky="ew")
        self.actual_form = f = Form(cols, label_width=22)
        if est.sheets is not None:
            f.entry("gross_sheets", "field.gross_sheets",
                    str(usage.get("gross_sheets", est.sheets.gross)), width=14)
        else:
            f.entry("metres", "field.metres", str(usage.get("metres", est.metres)), width=14)
        minutes = usage.get("minutes", {})
        for line in est.lines:
            if line.minutes is None:
                continue
            value = minutes.get(line.code)
            value = str(value).replace(".", ",") if value is not None else format_number(line.minutes, 0)
            f.entry("minutes." + line.code, None, value,
                    width=14, label_text=t("ui.order.minutes_of", line=t("line." + line.code)))
        self.save_actual_button = ttk.Button(self.actual_box, text=t("ui.order.save_actual"),
                                             bootstyle="success", command=self.save_actual)
        self.save_actual_button.grid(row=1, column=0, sticky="e", pady=(6, 0))

    def _variance(self):
        from app.services import orders
        tree = self.variance.tree
        self.variance.clear()
        o = self.order
        if o.actual is None:
            self.variance_summary.configure(text=t("ui.order.no_actual"))
            return
        for code, est, act, diff in orders.variance(o):
            tag = "over" if diff > 0 else ("under" if diff < 0 else "")
            tree.insert("", "end", iid=code, values=(t("line." + code), money(est), money(act),
                                                     _signed(diff)), tags=(tag,))
        for key, est, act in (("direct", o.estimate.direct, o.actual.direct),
                              ("cost", o.estimate.cost, o.actual.cost),
                              ("profit", o.estimate.profit, o.actual.profit)):
            tree.insert("", "end", iid="total-" + key, tags=("total",), values=(
                t("ui.bd." + key), money(est), money(act), _signed(act - est)))
        self.variance_summary.configure(text=t(
            "ui.order.variance_summary", est=pct(o.estimate.profit_pct), act=pct(o.actual.profit_pct)))

    def _performers(self):
        from app.services import staff
        rows = staff.performers(self.ctx.session, self.order.id)
        self.performer_ids = [r["id"] for r in rows]
        text = ", ".join("{} ({})".format(r["name"], t("staff_role." + r["role"])) for r in rows)
        self.performers_label.configure(text=text or t("ui.staff.none_assigned"))

    # documents ------------------------------------------------------------------------------
    def doc_language(self):
        from app import i18n
        return self.doc_langs.get(self.doc_lang_var.get(), i18n.language())

    def make_offer(self):
        from app.ui.dialogs.documents import OfferDialog
        return OfferDialog(self, self.ctx, self.order, self.doc_language())

    def make_invoice(self):
        from app.services import order_documents
        from app.ui.dialogs.documents import make
        order_id, lang, contract = self.order.id, self.doc_language(), self.contract.value()
        return make(self.ctx, lambda s: order_documents.invoice(s, order_id, lang=lang,
                                                                contract=contract))

    def make_job_ticket(self):
        from app.services import order_documents
        from app.ui.dialogs.documents import make
        order_id, lang = self.order.id, self.doc_language()
        return make(self.ctx, lambda s: order_documents.job_ticket(s, order_id, lang=lang))

    def close_sale(self):
        from app.ui.dialogs.closing import CloseSaleDialog
        return CloseSaleDialog(self, self.ctx, self.order, self.doc_language(),
                               contract=self.contract.value())

    def assign(self):
        from app.ui.dialogs.performers import AssignDialog
        return AssignDialog(self, self.ctx, self.order, self.performer_ids,
                            on_saved=self._performers)

    # commands -------------------------------------------------------------------------------
    def move(self, to_status):
        if to_status == "production":
            from app.services import stock
            missing = stock.check_for_production(self.ctx.session, self.order)
            if missing:
                lines = "\n".join(t("ui.stock.short_line", item=self._item_name(kind, code),
                                     need=qty(need), have=qty(have))
                                   for (kind, code), need, have in missing)
                confirm(self, t("ui.stock.short_confirm", number=self.order.number, items=lines),
                        lambda: self._move(to_status), yes_key="ui.stock.short_go")
                return
        self._move(to_status)

    def _item_name(self, kind, code):
        from app.services import catalog as catalog_service
        cat = catalog_service.get_catalog(self.ctx.session)
        item = (cat.papers if kind == "paper" else cat.materials).get(code)
        return item.name if item is not None else code

    def _move(self, to_status):
        from app.services import orders
        try:
            orders.change_status(self.ctx.session, self.order.id, self.order.version, to_status)
        except DomainError as exc:
            self.ctx.show_error(exc)
            self.reload()
            return
        self.ctx.changed("orders")
        self.reload()

    def cancel(self):
        from app.services import orders

        def go():
            try:
                orders.cancel(self.ctx.session, self.order.id, self.order.version)
            except DomainError as exc:
                self.ctx.show_error(exc)
            self.ctx.changed("orders")
            self.reload()
        confirm(self, t("ui.order.cancel_confirm", number=self.order.number), go,
                yes_key="ui.order.cancel")

    def repeat(self):
        """The old price beside today's first, the old rush and discount asked about."""
        from app.ui.dialogs.repeat import RepeatDialog
        return RepeatDialog(self.winfo_toplevel(), self.ctx, self.order, self._repeat)

    def _repeat(self, rush, discount_pct, hold_approval=None):
        from app.services import orders
        from app.ui.dialogs.hold import HoldDialog, is_hold
        try:
            new = orders.repeat(self.ctx.session, self.order.id, rush=rush,
                                discount_pct=discount_pct, hold_approval=hold_approval)
        except DomainError as exc:
            if not is_hold(exc) or hold_approval is not None:
                raise
            from app.services import customers
            customer = customers.get(self.ctx.session, self.order.customer_id)
            # the repeat dialog closes; the administrator's word then creates the copy
            self.hold_dialog = HoldDialog(self.winfo_toplevel(), self.ctx, customer,
                                          lambda a: self._repeat(rush, discount_pct, a))
            return
        self.ctx.changed("orders")
        self.ctx.status(t("ui.order.repeated", number=new.number))
        self.ctx.open("order", order_id=new.id)

    def edit(self):
        self.ctx.open("quote", order_id=self.order.id)

    def save_actual(self):
        from app.services import orders
        f = self.actual_form
        f.clear_errors()
        values = f.values()
        payload = {"minutes": {}}
        for k, v in values.items():
            if k.startswith("minutes."):
                payload["minutes"][k.split(".", 1)[1]] = v.strip()
            else:
                payload[k] = v.strip()
        try:
            orders.record_actual(self.ctx.session, self.order.id, self.order.version, payload)
        except DomainError as exc:
            if not f.show_error(exc):
                self.ctx.show_error(exc)
            return
        self.ctx.changed("orders")
        self.reload()

    def on_save(self):
        if self.actual_form is not None:
            self.save_actual()

    def on_changed(self, what):
        if what == "contracts" and self.winfo_exists():
            try:
                self.contract.fill(self.order.customer_id, [self.order.id])
            except DomainError:
                pass
        if what == "orders" and self.winfo_exists():
            try:
                self.reload()
            except DomainError:
                pass


def _signed(value):
    text = money(abs(value))
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text


SCREEN = OrderScreen
