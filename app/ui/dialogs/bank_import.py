"""The preview of a bank statement: every payment of the file and what would happen to it
(recorded against which invoices, not matched and why, imported before, outgoing) before
anything is written; Import writes the sure matches in one transaction."""
import os

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import data, money
from app.ui.widgets.lists import ScrolledTree

COLUMNS = (("line", "ui.bank.col.line", 60, "e"), ("number", "ui.bank.col.number", 70, "w"),
           ("date", "field.date", 90, "w"), ("amount", "field.amount", 110, "e"),
           ("payer", "ui.bank.col.payer", 200, "w"), ("bin", "field.bin", 110, "w"),
           ("status", "field.status", 140, "w"), ("what", "ui.bank.col.what", 320, "w"))


def what_of(line) -> str:
    """What happens to a line, in words: the invoices it pays, or why a person must look."""
    if line.allocations:
        text = ", ".join("{} {}".format(n, money(a)) for _i, n, a in line.allocations)
        if line.advance:
            text += "; " + t("ui.bank.advance", amount=money(line.advance))
        return text
    if line.reason:
        reason = t("bank.reason." + line.reason)
        return "{}: {}".format(line.customer_name, reason) if line.customer_name else reason
    return ""


class BankImportDialog(Dialog):
    def __init__(self, parent, ctx, path, preview, on_done=None):
        super().__init__(parent, t("ui.bank.title", name=os.path.basename(str(path))))
        self.ctx = ctx
        self.path = path
        self.preview = preview
        self.on_done = on_done
        self.result = None
        self.summary = ttk.Label(self.body, text=t("cli.bank_import.done", **preview.summary()),
                                 wraplength=900, justify="left")
        self.summary.pack(anchor="w")
        self.lines = ScrolledTree(self.body, COLUMNS, height=16)
        self.lines.pack(fill="both", expand=True, pady=(8, 0))
        for status, colour in (("unmatched", "#d9534f"), ("known", "#888888"),
                               ("outgoing", "#888888")):
            self.lines.tree.tag_configure(status, foreground=colour)
        for n, line in enumerate(preview.lines):
            doc = line.document
            self.lines.tree.insert("", "end", iid=str(n), tags=(line.status,), values=(
                doc.line, doc.number, doc.day.strftime("%d.%m.%Y"), money(doc.amount),
                doc.payer_name, doc.payer_bin, t("bank.status." + line.status), what_of(line)))
        self.message = data(ttk.Label(self.body, text="", bootstyle="danger", wraplength=900,
                                      justify="left"))
        self.message.pack(anchor="w", pady=(6, 0))
        self.import_button = self.add_button("ui.bank.import", self.apply, default=True)
        self.cancel_button = self.add_button("ui.button.cancel", self.close,
                                             bootstyle="primary-outline")
        if not preview.count("matched"):
            self.import_button.configure(state="disabled")
        self.present()

    def apply(self):
        """The sure matches, all or nothing (the file is read and matched again)."""
        from app.services import bank_import
        if not self.preview.count("matched"):
            return None
        try:
            self.result = bank_import.apply(self.ctx.session, self.path)
        except DomainError as exc:
            self.message.configure(text=error_text(exc))
            return None
        self.close()
        self.ctx.changed("orders")
        self.ctx.status(t("cli.bank_import.done", **self.result.summary()))
        if self.on_done:
            self.on_done(self.result)
        return self.result
