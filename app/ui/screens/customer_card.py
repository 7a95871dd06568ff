"""The customer card: contact data, totals (orders, revenue, profit, last order), order history."""
import ttkbootstrap as ttk

from app.domain.errors import NotFound
from app.i18n import t
from app.ui.screens.base import Screen
from app.ui.widgets.formatting import data, money, number, pct, tcap
from app.ui.widgets.lists import ScrolledTree


def screen_key(customer_id=None, **_kw):
    return "customer-{}".format(customer_id)


class CustomerCard(Screen):
    def __init__(self, parent, ctx, customer_id=None, **_kw):
        super().__init__(parent, ctx)
        self.customer_id = customer_id
        self.customer = None
        self.columnconfigure(1, weight=1)
        self.rowconfigure(2, weight=1)
        self.heading = data(ttk.Label(self, text="", font="iPrintTitle"))
        self.heading.grid(row=0, column=0, columnspan=2, sticky="w")
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
        hist.grid(row=2, column=0, columnspan=2, sticky="nsew", pady=(10, 0))
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
        paid.grid(row=3, column=0, columnspan=2, sticky="nsew", pady=(10, 0))
        self.advance = data(ttk.Label(paid, text=""))
        self.advance.pack(anchor="w")
        self.payments = ScrolledTree(paid, (
            ("date", "field.date", 100, "w"), ("amount", "field.amount", 120, "e"),
            ("method", "field.method", 100, "w"), ("left", "ui.payments.col.left", 120, "e"),
            ("reference", "field.reference", 320, "w")), height=4)
        self.payments.pack(fill="both", expand=True)
        ttk.Button(paid, text=t("ui.payments.open"), bootstyle="primary-outline",
                   command=lambda: ctx.open("payments", customer_id=self.customer_id)).pack(
            anchor="e", pady=(6, 0))
        self.reload()

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
        self.ctx.retitle(self)

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

    def open_order(self):
        iid = self.history.selected()
        if iid:
            self.ctx.open("order", order_id=int(iid))

    def edit(self):
        from app.ui.dialogs.customer import CustomerDialog
        CustomerDialog(self, self.ctx, customer=self.customer)

    def on_changed(self, what):
        if what in ("customers", "orders"):
            try:
                self.reload()
            except NotFound:
                self.ctx.close(self)


SCREEN = CustomerCard
