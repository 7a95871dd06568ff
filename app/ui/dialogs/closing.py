"""Close the sale from the order screen: the act Р-1 or the waybill З-2 of this order, the
product type's default chosen, changeable; made through the service off the Tk thread."""
import tkinter as tk

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import data

KINDS = ("act", "waybill")


class CloseSaleDialog(Dialog):
    def __init__(self, parent, ctx, order, lang, on_made=None):
        from app.services import closing_documents
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
        if closed:
            last = closed[0]
            note = t("ui.closing.closed", document=t("ui.closing.kind." + last["kind"]),
                     number=last["number"], date=last["issued_at"][:10])
            self.kind_box.configure(state="disabled")  # an order is closed once
        else:
            note = t("ui.closing.hint", type=t("product." + order.product_type),
                     kind=t("ui.closing.kind." + self.default))
        self.note = data(ttk.Label(self.body, text=note, wraplength=460, justify="left",
                                   bootstyle="secondary"))
        self.note.pack(anchor="w", pady=(10, 0))
        self.add_button("ui.closing.make", self.make, default=True)
        self.add_button("ui.button.cancel", self.cancel, bootstyle="primary-outline")
        self.present()

    def kind(self) -> str:
        return self.names.get(self.kind_var.get(), self.default)

    def make(self):
        from app.services import closing_documents
        from app.ui.dialogs.documents import make
        kind, order_id, lang = self.kind(), self.order.id, self.lang
        self.close()

        def done(doc, dialog):
            self.ctx.changed("orders")  # the turnover date and the version moved
            if self.on_made is not None:
                self.on_made(doc, dialog)
        return make(self.ctx, lambda s: closing_documents.issue(s, kind, [order_id], lang=lang),
                    on_done=done)
