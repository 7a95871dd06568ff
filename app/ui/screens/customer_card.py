"""The customer card: contact data, totals (orders, revenue, profit, last order), order history,
payments, and the register of contracts (add, edit, take out of use)."""
import ttkbootstrap as ttk

from app.domain.errors import DomainError, NotFound
from app.i18n import t
from app.ui.screens.base import Screen
from app.ui.widgets.dialog import confirm
from app.ui.widgets.formatting import data, money, number, pct, tcap
from app.ui.widgets.lists import ScrolledTree


def screen_key(customer_id=None, **_kw):
    return "customer-{}".format(customer_id)


class CustomerCard(Screen):
    def __init__(self, parent, ctx, customer_id=None, **_kw):
        super().__init__(parent, ctx)
        self.customer_id = customer_id
        self.customer = None
        self.columnconfigure(2, weight=1)
        self.rowconfigure(2, weight=1)
        self.heading = data(ttk.Label(self, text="", font="iPrintTitle"))
        self.heading.grid(row=0, column=0, columnspan=3, sticky="w")
        contact = ttk.Labelframe(self, text=t("ui.card.contact"), padding=10)
        contact.grid(row=1, column=0, sticky="nsew", pady=(10, 0), padx=(0, 10))
        self.contact = {}
        for i, key in enumerate(("bin", "contact_person", "phone", "email", "address",
                                 "discount_pct", "notes")):
            ttk.Label(contact, text=tcap("field." + key)).grid(row=i, column=0, sticky="nw", padx=(0, 10))
            lbl = data(ttk.Label(contact, text="", wraplength=320, justify="left"))
            lbl.grid(row=i, column=1, sticky="w")
            self.contact[key] = lbl
        self.edit_button = ttk.Button(contact, text=t("ui.customers.edit"), command=self.edit,
                                      bootstyle="primary-outline")
        self.edit_button.grid(row=10, column=1, sticky="e", pady=(8, 0))
        totals = ttk.Labelframe(self, text=t("ui.card.totals"), padding=10)
        totals.grid(row=1, column=1, sticky="nsew", pady=(10, 0))
        self.totals = {}
        for i, key in enumerate(("orders", "revenue", "cost", "profit", "profit_pct", "unpaid",
                                 "last_order")):
            ttk.Label(totals, text=t("ui.card." + key)).grid(row=i, column=0, sticky="w", padx=(0, 10))
            lbl = data(ttk.Label(totals, text="", font="TkHeadingFont"))
            lbl.grid(row=i, column=1, sticky="e")
            self.totals[key] = lbl
        ttk.Button(totals, text=t("ui.card.new_quote"), bootstyle="primary",
                   command=lambda: ctx.open("quote", customer_id=self.customer_id)).grid(
            row=10, column=1, sticky="e", pady=(8, 0))
        hist = ttk.Labelframe(self, text=t("ui.card.history"), padding=6)
        hist.grid(row=2, column=0, columnspan=3, sticky="nsew", pady=(10, 0))
        self.history = ScrolledTree(hist, (
            ("number", "ui.orders.number", 110, "w"), ("created", "ui.orders.created", 130, "w"),
            ("type", "field.product_type", 160, "w"), ("title", "field.name", 220, "w"),
            ("quantity", "field.quantity", 80, "e"), ("status", "field.status", 120, "w"),
            ("price", "ui.orders.price", 120, "e"), ("profit", "ui.orders.profit", 85, "e")),
            height=10)
        self.history.pack(fill="both", expand=True)
        self.history.tree.bind("<Double-1>", lambda e: self.open_order())
        self.history.tree.bind("<Return>", lambda e: self.open_order())
        paid = ttk.Labelframe(self, text=t("ui.payments.payments"), padding=6)
        paid.grid(row=3, column=0, columnspan=3, sticky="nsew", pady=(10, 0))
        top = ttk.Frame(paid)
        top.pack(fill="x")
        self.advance = data(ttk.Label(top, text=""))
        self.advance.pack(side="left")
        # the debt limit's verdict: a manager sees it before promising a new order
        self.hold_line = data(ttk.Label(top, text="", justify="left"))
        self.hold_line.pack(side="left", padx=(16, 0))
        self.payments = ScrolledTree(paid, (
            ("date", "field.date", 100, "w"), ("amount", "field.amount", 120, "e"),
            ("method", "field.method", 100, "w"), ("left", "ui.payments.col.left", 120, "e"),
            ("reference", "field.reference", 320, "w")), height=4)
        self.payments.pack(fill="both", expand=True)
        buttons = ttk.Frame(paid)
        buttons.pack(fill="x", pady=(6, 0))
        ttk.Button(buttons, text=t("ui.payments.open"), bootstyle="primary-outline",
                   command=lambda: ctx.open("payments", customer_id=self.customer_id)).pack(
            side="right")
        self.reconciliation_button = ttk.Button(
            buttons, text=t("ui.reconciliation.button"), bootstyle="primary-outline",
            command=self.reconciliation)
        self.reconciliation_button.pack(side="right", padx=(0, 6))
        self.limits_button = ttk.Button(buttons, text=t("ui.hold.limits_button"),
                                        bootstyle="secondary-outline", command=self.limits)
        if ctx.is_admin:  # holds.set_limits is the administrator's
            self.limits_button.pack(side="right", padx=(0, 6))
        self._contracts_box()
        self.reload()

    def _contracts_box(self):
        """Beside the totals: the register, newest first, and its three buttons under it."""
        box = ttk.Labelframe(self, text=t("ui.card.contracts"), padding=6)
        box.grid(row=1, column=2, sticky="nsew", pady=(10, 0), padx=(10, 0))
        buttons = ttk.Frame(box)
        buttons.pack(side="bottom", fill="x", pady=(6, 0))
        self.contracts = ScrolledTree(box, (
            ("number", "field.contract.number", 90, "w"),
            ("signed_on", "field.contract.signed_on", 85, "w"),
            ("subject", "field.contract.subject", 150, "w"),
            ("valid_until", "field.contract.valid_until", 90, "w"),
            ("state", "ui.contracts.state", 100, "w")), height=5)
        self.contracts.pack(side="top", fill="both", expand=True)
        self.contracts.tree.bind("<Double-1>", lambda e: self.edit_contract())
        self.contract_buttons = {}
        for key, command, style in (("ui.contracts.deactivate", self.deactivate_contract,
                                     "danger-outline"),
                                    ("ui.contracts.edit", self.edit_contract, "primary-outline"),
                                    ("ui.contracts.add", self.add_contract, "primary-outline")):
            b = ttk.Button(buttons, text=t(key), command=command, bootstyle=style)
            b.pack(side="right", padx=(4, 0))
            self.contract_buttons[key] = b

    def title(self):
        return t("ui.card.tab", name=self.customer.name[:24] if self.customer else "")

    def reload(self):
        from app.services import customers
        c, totals, history = customers.card(self.ctx.session, self.customer_id)
        self.customer = c
        self.heading.configure(text=c.name)
        self.contact["bin"].configure(text=c.bin or "—")
        for key in ("contact_person", "phone", "email", "address", "notes"):
            self.contact[key].configure(text=getattr(c, key) or "—")
        self.contact["discount_pct"].configure(text=pct(c.discount_pct))
        self.totals["orders"].configure(text=number(totals.orders))
        self.totals["revenue"].configure(text=money(totals.revenue))
        self.totals["cost"].configure(text=money(totals.cost))
        self.totals["profit"].configure(text=money(totals.profit))
        profit_pct = (totals.profit / totals.cost * 100) if totals.cost else 0
        self.totals["profit_pct"].configure(text=pct(profit_pct))
        self.totals["unpaid"].configure(text=money(totals.unpaid))
        self.totals["last_order"].configure(text=(totals.last_order or "—")[:10])
        self.history.clear()
        for r in history:
            self.history.tree.insert("", "end", iid=str(r.id), values=(
                r.number, r.created_at[:16], t("product." + r.product_type), r.title,
                number(r.quantity), t("status." + r.status), money(r.price_gross),
                pct(r.profit_pct)))
        self._payments()
        self._contracts()
        self.ctx.retitle(self)

    def _contracts(self):
        from datetime import date

        from app.services import contracts
        today = date.fromisoformat(self.ctx.session.now()[:10])
        self.contracts.clear()
        self.contract_by_id = {}
        for c in contracts.of_customer(self.ctx.session, self.customer_id):
            self.contract_by_id[c.id] = c
            state = "out_of_use" if not c.active else ("in_force" if c.valid_on(today)
                                                       else "not_in_force")
            self.contracts.tree.insert("", "end", iid=str(c.id), values=(
                c.number, c.signed_on.strftime("%d.%m.%Y"), c.subject or "—",
                c.valid_until.strftime("%d.%m.%Y") if c.valid_until
                else t("ui.contracts.open_ended"), t("ui.contracts." + state)))

    def _chosen_contract(self):
        iid = self.contracts.selected()
        if iid is None:
            self.ctx.status(t("ui.contracts.pick_one"))
            return None
        return self.contract_by_id.get(int(iid))

    def add_contract(self):
        from app.ui.dialogs.contract import ContractDialog
        return ContractDialog(self, self.ctx, self.customer)

    def edit_contract(self):
        from app.ui.dialogs.contract import ContractDialog
        c = self._chosen_contract()
        return ContractDialog(self, self.ctx, self.customer, c) if c is not None else None

    def deactivate_contract(self):
        from app.services import contracts
        c = self._chosen_contract()
        if c is None:
            return None

        def go():
            try:
                contracts.deactivate(self.ctx.session, c.id, c.version)
            except DomainError as exc:
                self.ctx.show_error(exc)
            self.ctx.changed("contracts")
        return confirm(self, t("ui.contracts.deactivate_confirm", number=c.number), go,
                       yes_key="ui.contracts.deactivate")

    def _payments(self):
        from app.services import payments
        session = self.ctx.session
        self.payments.clear()
        for p in payments.of_customer(session, self.customer_id, limit=50):
            self.payments.tree.insert("", "end", iid=str(p["id"]), values=(
                p["date"], money(p["amount"]), t("payment.method." + p["method"]),
                money(p["unallocated"]), p["reference"]))
        self.advance.configure(text=t("ui.payments.advance", amount=money(
            payments.advance(session, self.customer_id))))
        self._hold()

    def _hold(self):
        from app.services import holds
        from app.ui.dialogs.hold import status_text
        status = holds.status(self.ctx.session, self.customer_id)
        self.hold_status = status
        self.hold_line.configure(text=status_text(status),
                                 bootstyle="danger" if status["on_hold"] else "secondary")

    def reconciliation(self):
        """The акт сверки for a period (this year so far, unless changed) in Word."""
        from app.ui.dialogs.documents import reconciliation_dialog
        return reconciliation_dialog(self, self.ctx, self.customer_id)

    def limits(self):
        from app.ui.dialogs.hold import HoldLimitsDialog
        return HoldLimitsDialog(self, self.ctx, self.customer)

    def open_order(self):
        iid = self.history.selected()
        if iid:
            self.ctx.open("order", order_id=int(iid))

    def edit(self):
        from app.ui.dialogs.customer import CustomerDialog
        CustomerDialog(self, self.ctx, customer=self.customer)

    def on_changed(self, what):
        if what in ("customers", "orders", "contracts"):
            try:
                self.reload()
            except NotFound:
                self.ctx.close(self)


SCREEN = CustomerCard
