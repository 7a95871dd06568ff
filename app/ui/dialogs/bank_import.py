"""The preview of a bank statement: every payment of the file and what would happen to it
(recorded against which invoices, not matched and why, imported before, outgoing) before
anything is written; Import writes the sure matches in one transaction."""
import os
import tkinter as tk

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import data, money, tcap
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
    """`write(session, path)` makes the import (the bank's by default; Kaspi's with its
    columns)."""

    def __init__(self, parent, ctx, path, preview, on_done=None, write=None):
        super().__init__(parent, t("ui.bank.title", name=os.path.basename(str(path))))
        self.ctx = ctx
        self.path = path
        self.preview = preview
        self.on_done = on_done
        self.write = write
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
            self.result = (self.write or bank_import.apply)(self.ctx.session, self.path)
        except DomainError as exc:
            self.message.configure(text=error_text(exc))
            return None
        self.close()
        self.ctx.changed("orders")
        self.ctx.status(t("cli.bank_import.done", **self.result.summary()))
        if self.on_done:
            self.on_done(self.result)
        return self.result


class KaspiColumnsDialog(Dialog):
    """The first rows of a Kaspi file and which column is which; on OK, `on_ok(mapping)`."""

    def __init__(self, parent, rows, mapping, on_ok):
        super().__init__(parent, t("ui.kaspi.title"))
        self.on_ok = on_ok
        width = max((len(r) for r in rows), default=1)
        ttk.Label(self.body, text=t("ui.kaspi.help"), wraplength=760, justify="left").pack(
            anchor="w")
        cols = tuple(("c{}".format(i), "", 120, "w") for i in range(width))
        self.rows = ScrolledTree(self.body, (("row", "ui.bank.col.line", 50, "e"),) + cols,
                                 height=min(10, max(3, len(rows))))
        for i in range(width):
            self.rows.tree.heading("c{}".format(i), text=self.letter(i))
        for n, r in enumerate(rows, 1):
            self.rows.tree.insert("", "end", values=[n] + list(r) + [""] * (width - len(r)))
        self.rows.pack(fill="both", expand=True, pady=(6, 6))
        grid = ttk.Frame(self.body)
        grid.pack(anchor="w")
        letters = [self.letter(i) for i in range(width)]
        self.vars = {}
        for i, key in enumerate(("date", "amount", "payer", "comment")):
            ttk.Label(grid, text=tcap("field." + key)).grid(row=i, column=0, sticky="w",
                                                            padx=(0, 8))
            var = tk.StringVar(value=letters[min(mapping.get(key, i), width - 1)])
            ttk.Combobox(grid, textvariable=var, values=letters, width=6,
                         state="readonly").grid(row=i, column=1, sticky="w", pady=2)
            self.vars[key] = var
        ttk.Label(grid, text=tcap("field.first_row")).grid(row=4, column=0, sticky="w")
        self.first_row = tk.StringVar(value=str(mapping.get("first_row", 2)))
        data(ttk.Entry(grid, textvariable=self.first_row, width=6)).grid(row=4, column=1,
                                                                         sticky="w", pady=2)
        self.letters = letters
        self.message = data(ttk.Label(self.body, text="", bootstyle="danger"))
        self.message.pack(anchor="w")
        self.ok_button = self.add_button("ui.kaspi.next", self.ok, default=True)
        self.add_button("ui.button.cancel", self.close, bootstyle="primary-outline")
        self.present()

    @staticmethod
    def letter(i) -> str:
        return chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26)

    def mapping(self):
        out = {k: self.letters.index(v.get()) for k, v in self.vars.items()}
        out["first_row"] = self.first_row.get().strip()
        return out

    def ok(self):
        try:
            self.on_ok(self.mapping())
        except DomainError as exc:
            self.message.configure(text=error_text(exc))
            return
        self.close()
