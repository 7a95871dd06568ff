"""A customer's contract (number, date, subject, valid until) added or edited from the card,
and the choice of the contract a document refers to (the order screen, closing the sale)."""
import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.widgets.form import FormDialog
from app.ui.widgets.formatting import data

FIELDS = ("number", "signed_on", "subject", "valid_until")


class ContractDialog(FormDialog):
    """Errors land at their field ("contract.valid_until" on valid until…)."""

    changes = "contracts"

    def __init__(self, parent, ctx, customer, contract=None, on_saved=None):
        self.customer = customer
        self.contract = contract
        super().__init__(parent, ctx, t("ui.contracts.edit_title", number=contract.number)
                         if contract else t("ui.contracts.new_title"), on_saved=on_saved)

    def fields(self):
        self.form.entry("number", "field.contract.number", width=24)
        self.form.date("signed_on", "field.contract.signed_on")
        self.form.entry("subject", "field.contract.subject", width=40)
        self.form.date("valid_until", "field.contract.valid_until")
        c = self.contract
        if c is not None:
            for name, value in (("number", c.number), ("signed_on", c.signed_on.isoformat()),
                                ("subject", c.subject),
                                ("valid_until", c.valid_until.isoformat() if c.valid_until
                                 else "")):
                self.form.fields[name].set(value)

    def store(self, values):
        from app.services import contracts
        values = {k: v.strip() for k, v in values.items()}
        if self.contract is None:
            return contracts.add(self.ctx.session, self.customer.id, values)
        return contracts.update(self.ctx.session, self.contract.id, self.contract.version,
                                values)

    def saved(self, contract):
        if self.on_saved:
            self.on_saved(contract)


def contract_text(contract) -> str:
    """"№ 17/2026 от 15.01.2026" in the person's language, as the documents print it."""
    return t("doc.contract.reference", number=contract.number,
             date=contract.signed_on.strftime("%d.%m.%Y"))


class ContractChoice:
    """A read-only combobox: "No contract" and the customer's contracts in force on the day,
    the last used chosen; `value()` is the id a document service takes (None: no contract)."""

    def __init__(self, parent, ctx, width=26):
        self.ctx = ctx
        self.var = tk.StringVar()
        self.box = data(ttk.Combobox(parent, textvariable=self.var, state="readonly",
                                     width=width))
        self.ids = {}

    def fill(self, customer_id, order_ids=(), keep=True):
        """The choices of `customer_id` today; what was chosen stays chosen while it is
        offered, else the service's default (the last used)."""
        from app.services import contracts
        today = date.fromisoformat(self.ctx.session.now()[:10])
        offered, default = contracts.choices(self.ctx.session, customer_id, today, order_ids)
        was = self.var.get() if keep else ""
        self.ids = {t("ui.docs.no_contract"): None}
        self.ids.update((contract_text(c), c.id) for c in offered)
        self.box.configure(values=list(self.ids))
        if was not in self.ids:
            self.choose(default)

    def choose(self, contract_id):
        for name, cid in self.ids.items():
            if cid == contract_id:
                self.var.set(name)
                return True
        return False

    def value(self):
        return self.ids.get(self.var.get())
