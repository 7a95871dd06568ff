"""Close the sale from the order screen: the act Р-1 or the waybill З-2 of this order, the
product type's default chosen, changeable, and the contract it refers to (the order screen's
choice, changeable); made through the service off the Tk thread."""
import tkinter as tk

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import data

KINDS = ("act", "waybill")
SAME = object()  # the contract: as the order screen had not chosen one


class CloseSaleDialog(Dialog):
    def __init__(self, parent, ctx, order, lang, on_made=None, contract=SAME):
        """`contract`: the id chosen on the order screen (None: no contract); left out, the
        last used (contracts.choices)."""
        from app.services import closing_documents, contracts
        super().__init__(parent, t("ui.closing.title", number=order.number))
        self.ctx = ctx
        self.order = order
        self.lang = lang
        self.on_made = on_made
        session = ctx.session
        self.default = closing_documents.default_kind(session, order)
        closed = closing_documents.of_order(session, order.id)
        self.names = {t("ui.closing.kind." + k): k for k in KINDS}
        kind = closed[0]["kind"] if closed else self.default
        row = ttk.Frame(self.body)
        row.pack(anchor="w", fill="x")
        ttk.Label(row, text=t("ui.closing.kind")).pack(side="left", padx=(0, 8))
        self.kind_var = tk.StringVar(value=t("ui.closing.kind." + kind))
        self.kind_box = ttk.Combobox(row, textvariable=self.kind_var, values=list(self.names),
                                     state="readonly", width=40)
        self.kind_box.pack(side="left")
        from app.ui.dialogs.contract import ContractChoice, contract_text
        row = ttk.Frame(self.body)
        row.pack(anchor="w", fill="x", pady=(8, 0))
        ttk.Label(row, text=t("ui.order.f.contract")).pack(side="left", padx=(0, 8))
        self.contract = ContractChoice(row, ctx, width=40)
        self.contract.box.pack(side="left")
        self.contract.fill(order.customer_id, [order.id], keep=False)
        if contract is not SAME:
            self.contract.choose(contract)
        if closed:
            last = closed[0]
            # the document keeps the contract it was issued with
            cid = last.get("contract_id")
            self.contract.var.set(contract_text(contracts.get(session, cid)) if cid
                                  else t("ui.docs.no_contract"))
            self.contract.box.configure(state="disabled")
            note = t("ui.closing.closed", document=t("ui.closing.kind." + last["kind"]),
                     number=last["number"], date=last["issued_at"][:10])
            self.kind_box.configure(state="disabled")  # an order is closed once
        else:
            note = t("ui.closing.hint", type=t("product." + order.product_type),
                     kind=t("ui.closing.kind." + self.default))
        self.note = data(ttk.Label(self.body, text=note, wraplength=460, justify="left",
                                   bootstyle="secondary"))
        self.note.pack(anchor="w", pady=(10, 0))
        # the ESF in the same step where the shop writes them; on a reprint only if not yet
        from app.services import month_closing
        self.esf_var = tk.BooleanVar(value=False)
        self.esf_check = None
        if month_closing.esf_needed(session):
            self.esf_var.set(not month_closing.esf_written(session, order.id))
            self.esf_check = ttk.Checkbutton(self.body, text=t("ui.closing.with_esf"),
                                             variable=self.esf_var, bootstyle="round-toggle")
            self.esf_check.pack(anchor="w", pady=(10, 0))
        self.add_button("ui.closing.make", self.make, default=True)
        self.add_button("ui.button.cancel", self.cancel, bootstyle="primary-outline")
        self.present()

    def kind(self) -> str:
        return self.names.get(self.kind_var.get(), self.default)

    def make(self):
        from app.services import month_closing
        from app.services.order_documents import SAME_CONTRACT
        from app.ui.dialogs.documents import DocumentResult
        kind, order_id, lang = self.kind(), self.order.id, self.lang
        closed = str(self.contract.box.cget("state")) == "disabled"
        contract = SAME_CONTRACT if closed else self.contract.value()
        with_esf = bool(self.esf_var.get())
        ctx = self.ctx
        self.close()

        def done(sale):
            doc = sale.documents[0]
            note = ""
            if sale.esf is not None and sale.esf.path is not None:
                note = t("ui.month.esf_file", name=sale.esf.path.name)
            dialog = DocumentResult(ctx.root, ctx, doc.path)
            if note:
                ctx.app.set_status_message(note)
            ctx.changed("orders")  # the turnover date and the version moved
            if self.on_made is not None:
                self.on_made(doc, dialog)
        return ctx.run_background(
            lambda s, progress: month_closing.close_order(s, order_id, kind, lang, contract,
                                                          with_esf), done, "ui.docs.making")
