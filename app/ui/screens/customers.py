"""Customers: search, add, edit, open the card, import from a table, delete (administrator,
with confirmation)."""
import tkinter as tk

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import t
from app.ui.dialogs.documents import export_menubutton
from app.ui.screens.base import Screen
from app.ui.widgets.dialog import confirm, message
from app.ui.widgets.formatting import data, pct
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import Pager, ScrolledTree

PAGE = 200
# the BIN/IIN is twelve digits, always whole (its sample sets the column's least width)
COLUMNS = (("name", "field.name", 280, "w"), ("bin", "field.bin", 120, "w", "0" * 12),
           ("contact", "field.contact_person", 180, "w"), ("phone", "field.phone", 140, "w"),
           ("email", "field.email", 180, "w"), ("discount", "field.discount_pct", 90, "e"))


class CustomersScreen(Screen):
    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.customers = {}
        self.columnconfigure(0, weight=1)
        self.rowconfigure(1, weight=1)
        bar = ttk.Frame(self)
        bar.grid(row=0, column=0, sticky="ew")
        ttk.Label(bar, text=t("ui.orders.search")).pack(side="left")
        self.search_var = tk.StringVar()
        self.search_entry = ttk.Entry(bar, textvariable=self.search_var, width=30)
        self.search_entry.pack(side="left", padx=(6, 12))
        Tooltip(self.search_entry, t("ui.tip.search_customers"))
        self.search_var.trace_add("write", lambda *a: self.debounce(200, self.reload))
        self.new_button = ttk.Button(bar, text=t("ui.customers.new"), command=self.new,
                                     bootstyle="primary")
        self.new_button.pack(side="left")
        self.edit_button = ttk.Button(bar, text=t("ui.customers.edit"), command=self.edit,
                                      bootstyle="primary-outline")
        self.edit_button.pack(side="left", padx=6)
        self.card_button = ttk.Button(bar, text=t("ui.customers.card"), command=self.open_card,
                                      bootstyle="primary-outline")
        self.card_button.pack(side="left")
        self.import_button = ttk.Button(bar, text=t("ui.customers.import"),
                                        command=self.import_file, bootstyle="primary-outline")
        self.import_button.pack(side="left", padx=6)
        Tooltip(self.import_button, t("ui.tip.import_customers"))
        if ctx.is_admin:
            self.delete_button = ttk.Button(bar, text=t("ui.button.delete"), command=self.delete,
                                            bootstyle="danger-outline")
            self.delete_button.pack(side="right")
            self.export_button, _ = export_menubutton(bar, self.export, "ui.tip.export_customers",
                                                      padx=6)
        self.table = ScrolledTree(self, COLUMNS, height=20)
        self.table.grid(row=1, column=0, sticky="nsew", pady=(8, 0))
        self.table.tree.bind("<Double-1>", lambda e: self.open_card())
        self.table.tree.bind("<Return>", lambda e: self.open_card())
        foot = ttk.Frame(self)
        foot.grid(row=2, column=0, sticky="ew", pady=(6, 0))
        self.count_label = data(ttk.Label(foot, text=""))
        self.count_label.pack(side="left")
        self.pager = Pager(foot, PAGE, lambda: self.reload(keep_page=True), page_label=False,
                           gap=6)
        self.reload()

    def title(self):
        return t("ui.customers.tab")

    def on_search(self):
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")
        return True

    def reload(self, keep_page=False, keep=None):
        """The list from the first page (or this page); `keep`: the customer to stay on."""
        if not keep_page:
            self.pager.first()
        from app.services import customers
        found = customers.search(self.ctx.session, self.search_var.get(), PAGE + 1,
                                 self.pager.offset)
        more = len(found) > PAGE
        found = found[:PAGE]
        self.table.clear()
        self.customers = {}
        for c in found:
            self.customers[str(c.id)] = c
            self.table.tree.insert("", "end", iid=str(c.id), values=(
                c.name, c.bin or "", c.contact_person, c.phone, c.email,
                pct(c.discount_pct) if c.discount_pct else ""))
        if found:
            chosen = keep if keep in self.customers else str(found[0].id)
            self.table.tree.selection_set(chosen)
            self.table.tree.focus(chosen)
            self.table.tree.see(chosen)
        offset = self.pager.offset
        self.count_label.configure(text=t("ui.customers.shown", first=offset + 1 if found else 0,
                                          last=offset + len(found)))
        self.pager.shown(more)

    def selected(self):
        iid = self.table.selected()
        return self.customers.get(iid) if iid else None

    def new(self):
        from app.ui.dialogs.customer import CustomerDialog
        CustomerDialog(self, self.ctx, on_saved=lambda c: self.ctx.open("customer_card",
                                                                         customer_id=c.id))

    def edit(self):
        from app.ui.dialogs.customer import CustomerDialog
        c = self.selected()
        if c is not None:
            CustomerDialog(self, self.ctx, customer=c)

    def open_card(self):
        c = self.selected()
        if c is not None:
            self.ctx.open("customer_card", customer_id=c.id)

    def delete(self):
        from app.services import customers
        c = self.selected()
        if c is None:
            return

        def go():
            try:
                customers.delete(self.ctx.session, c.id)
            except DomainError as exc:
                self.ctx.show_error(exc)
                return
            self.ctx.changed("customers")
        confirm(self, t("ui.customers.delete_confirm", name=c.name), go, yes_key="ui.button.delete")

    def import_file(self):
        """Choose a .csv or .xlsx file, then its preview (nothing is written before Import all)."""
        from tkinter import filedialog
        path = filedialog.askopenfilename(
            parent=self, title=t("ui.import.choose"),
            filetypes=((t("ui.import.file_types"), "*.csv *.xlsx"), (t("ui.all"), "*")))
        if path:
            return self.import_path(path)
        return None

    def import_path(self, path):
        """The preview dialog of the file at path (tests come in here, past the file chooser)."""
        from app.services import customer_import
        from app.ui.dialogs.customer_import import CustomerImportDialog
        self.configure(cursor="watch")
        self.update_idletasks()
        try:
            preview = customer_import.preview(self.ctx.session, path)
        except DomainError as exc:  # not a table of customers at all: said, nothing read
            self.ctx.show_error(exc)
            return None
        finally:
            self.configure(cursor="")
        return CustomerImportDialog(self, self.ctx, preview, on_done=self.imported)

    def imported(self, result):
        text = t("import.done", count=result.imported)
        if result.ignored_columns:
            text += "\n" + t("import.ignored_columns", columns=", ".join(result.ignored_columns))
        message(self, text)

    def export(self, fmt):
        """The whole customer base with totals (administrator), in the background."""
        from app import i18n
        from app.services import exports
        from app.ui.dialogs.documents import make
        lang = i18n.language()
        return make(self.ctx, lambda s: exports.customers(s, fmt=fmt, lang=lang),
                    "ui.docs.exporting")

    def on_changed(self, what):
        if what == "customers":  # here or at another seat: the person stays put
            self.reload(keep_page=True, keep=self.table.selected())


SCREEN = CustomersScreen
