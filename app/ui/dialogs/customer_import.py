"""The preview of a customer import: every row of the file and every bad row's error (row,
field, what is wrong) before anything is written; Import all (all rows or none) or Cancel."""
import os

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import capitalise, error_text, message_text, t
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import data, tcap
from app.ui.widgets.lists import ScrolledTree

ROWS = (("row", "ui.import.column.row", 60, "e"), ("name", "field.name", 240, "w"),
        ("bin", "field.bin", 110, "w"), ("contact", "field.contact_person", 150, "w"),
        ("phone", "field.phone", 120, "w"), ("email", "field.email", 150, "w"),
        ("discount", "field.discount_pct", 80, "e"))
ERRORS = (("row", "ui.import.column.row", 60, "e"), ("field", "ui.import.column.field", 140, "w"),
          ("problem", "ui.import.column.problem", 560, "w"))


def problem_of(error) -> str:
    """What is wrong with a row, translated here at the edge from the error's key and fields
    (the field has a column of its own)."""
    inner = getattr(error, "inner", error)
    return capitalise(message_text(inner))


class CustomerImportDialog(Dialog):
    """Shows a customer_import.Preview; Import all commits it, refused while a row is wrong."""

    def __init__(self, parent, ctx, preview, on_done=None):
        super().__init__(parent, t("ui.import.title", name=os.path.basename(preview.source)))
        self.ctx = ctx
        self.preview = preview
        self.on_done = on_done
        self.result = None
        errors = preview.errors
        if errors:
            summary = t("ui.import.has_errors", bad=len(errors), count=len(preview.rows))
        else:
            summary = t("ui.import.ready", count=len(preview.rows))
        self.summary = ttk.Label(self.body, text=summary, wraplength=760, justify="left",
                                 bootstyle="danger" if errors else "default")
        self.summary.pack(anchor="w")
        if preview.ignored_columns:
            data(ttk.Label(self.body, text=t("import.ignored_columns",
                                             columns=", ".join(preview.ignored_columns)),
                           wraplength=760, justify="left")).pack(anchor="w", pady=(4, 0))
        self.errors = None
        if errors:
            ttk.Label(self.body, text=t("ui.import.errors"),
                      font="TkHeadingFont").pack(anchor="w", pady=(10, 2))
            self.errors = ScrolledTree(self.body, ERRORS, height=min(8, len(errors)))
            self.errors.pack(fill="x")
            for e in errors:
                self.errors.tree.insert("", "end", iid=str(e.row), values=(
                    e.row, tcap("field." + e.field) if e.field else "", problem_of(e)))
            # Enter or a double click on an error shows its row in the table below
            self.errors.tree.bind("<<TreeviewSelect>>", lambda e: self.show_row(
                self.errors.selected()))
        ttk.Label(self.body, text=t("ui.import.rows"),
                  font="TkHeadingFont").pack(anchor="w", pady=(10, 2))
        self.rows = ScrolledTree(self.body, ROWS, height=14)
        self.rows.pack(fill="both", expand=True)
        self.rows.tree.tag_configure("error", foreground="#d9534f")
        for r in preview.rows:
            d = r.data
            self.rows.tree.insert("", "end", iid=str(r.row), tags=("error",) if r.error else (),
                                  values=(r.row, d.get("name", ""), d.get("bin", ""),
                                          d.get("contact_person", ""), d.get("phone", ""),
                                          d.get("email", ""), d.get("discount_pct", "")))
        self.message = data(ttk.Label(self.body, text="", bootstyle="danger", wraplength=760,
                                      justify="left"))
        self.message.pack(anchor="w", pady=(6, 0))
        self.import_button = self.add_button("ui.import.import_all", self.import_all,
                                             default=True)
        self.cancel_button = self.add_button("ui.button.cancel", self.close,
                                             bootstyle="primary-outline")
        if not preview.can_import:
            self.import_button.configure(state="disabled")
        self.present()
        (self.import_button if preview.can_import else
         (self.errors.tree if self.errors else self.cancel_button)).focus_set()
        if self.errors:
            first = self.errors.tree.get_children()[0]
            self.errors.tree.selection_set(first)
            self.errors.tree.focus(first)

    def show_row(self, iid):
        if iid and self.rows.tree.exists(iid):
            self.rows.tree.see(iid)
            self.rows.tree.selection_set(iid)

    def import_all(self):
        """All rows in one transaction; nothing while any row has an error (Enter too)."""
        from app.services import customer_import
        if not self.preview.can_import:
            return None
        try:
            self.result = customer_import.commit(self.ctx.session, self.preview)
        except DomainError as exc:  # a BIN/IIN another window saved meanwhile: nothing saved
            self.message.configure(text=error_text(exc))
            return None
        self.close()
        self.ctx.changed("customers")
        if self.on_done:
            self.on_done(self.result)
        return self.result
