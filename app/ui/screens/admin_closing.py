"""Closing documents (administrator): for each product type the document a sale closes with
(act Р-1 or waybill З-2), the ESF's origin-of-goods code and the code the invoice and waybill
print; whether a shop that is no VAT
payer writes ESF. The rules are data the services keep with their audit; this screen only
shows and saves them."""
import tkinter as tk

import ttkbootstrap as ttk

from app.domain.catalog import PRODUCT_TYPES
from app.domain.errors import DomainError
from app.i18n import t
from app.ui.screens.base import Screen
from app.ui.widgets.formatting import data, tcap
from app.ui.widgets.hints import Tooltip

KINDS = ("act", "waybill")
ORIGIN_CODES = ("1", "2", "3", "4", "5", "6")
NON_PAYER = ("none", "all")


class ClosingSettingsScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        ttk.Label(self, text=t("ui.closing_settings.title"), font="iPrintTitle").pack(anchor="w")
        box = ttk.Labelframe(self, text=t("ui.closing_settings.by_type"), padding=12)
        box.pack(anchor="w", pady=(10, 0))
        self.kind_names = [t("ui.closing.kind." + k) for k in KINDS]
        self.origin_names = [t("esf.origin." + c) for c in ORIGIN_CODES]
        for col, key in enumerate(("field.product_type", "ui.closing_settings.document",
                                   "ui.closing_settings.origin", "ui.closing_settings.code")):
            ttk.Label(box, text=tcap(key), font="TkHeadingFont").grid(
                row=0, column=col, sticky="w", padx=(0, 12), pady=(0, 4))
        self.kind_vars, self.origin_vars, self.kind_boxes, self.origin_boxes = {}, {}, {}, {}
        self.code_vars, self.code_entries = {}, {}
        for row, product_type in enumerate(PRODUCT_TYPES, start=1):
            ttk.Label(box, text=tcap("product." + product_type)).grid(
                row=row, column=0, sticky="w", padx=(0, 12), pady=2)
            kind = tk.StringVar()
            self.kind_boxes[product_type] = ttk.Combobox(
                box, textvariable=kind, values=self.kind_names, state="readonly", width=34)
            self.kind_boxes[product_type].grid(row=row, column=1, sticky="w", padx=(0, 12))
            origin = tk.StringVar()
            self.origin_boxes[product_type] = ttk.Combobox(
                box, textvariable=origin, values=self.origin_names, state="readonly", width=40)
            self.origin_boxes[product_type].grid(row=row, column=2, sticky="w", padx=(0, 12))
            # the invoice's Код column and the waybill's item number (1C's nomenclature code)
            code = tk.StringVar()
            self.code_entries[product_type] = data(ttk.Entry(box, textvariable=code, width=14))
            self.code_entries[product_type].grid(row=row, column=3, sticky="w")
            Tooltip(self.code_entries[product_type], t("ui.tip.product_code"))
            self.code_vars[product_type] = code
            Tooltip(self.origin_boxes[product_type], t("ui.tip.esf_origin"))
            self.kind_vars[product_type], self.origin_vars[product_type] = kind, origin
        esf_box = ttk.Labelframe(self, text=t("ui.closing_settings.esf"), padding=12)
        esf_box.pack(anchor="w", fill="x", pady=(12, 0))
        ttk.Label(esf_box, text=tcap("ui.closing_settings.non_payer")).grid(
            row=0, column=0, sticky="w", padx=(0, 12))
        self.non_payer_names = [t("ui.closing_settings.non_payer." + c) for c in NON_PAYER]
        self.non_payer_var = tk.StringVar()
        self.non_payer_box = ttk.Combobox(esf_box, textvariable=self.non_payer_var,
                                          values=self.non_payer_names, state="readonly",
                                          width=44)
        self.non_payer_box.grid(row=0, column=1, sticky="w")
        ttk.Label(esf_box, text=t("ui.closing_settings.esf_hint"), bootstyle="secondary",
                  wraplength=760, justify="left").grid(row=1, column=0, columnspan=2,
                                                       sticky="w", pady=(6, 0))
        bar = ttk.Frame(self, padding=(0, 12, 0, 0))
        bar.pack(fill="x")
        self.save_button = ttk.Button(bar, text=t("ui.button.save"), command=self.on_save,
                                      bootstyle="success")
        self.save_button.pack(side="left")
        Tooltip(self.save_button, t("ui.tip.save"))
        self.message = data(ttk.Label(bar, text="", bootstyle="success"))
        self.message.pack(side="left", padx=12)
        self.reload()

    def title(self):
        return t("ui.closing_settings.title")

    def reload(self):
        from app.services import catalog, closing_documents, esf
        for p, code in catalog.product_codes(self.ctx.session).items():
            self.code_vars[p].set(code)
            self.code_entries[p].configure(bootstyle="default")
        kinds = closing_documents.default_kinds(self.ctx.session)
        settings = esf.settings(self.ctx.session)
        for p in PRODUCT_TYPES:
            self.kind_vars[p].set(self.kind_names[KINDS.index(kinds[p])])
            self.origin_vars[p].set(self.origin_names[ORIGIN_CODES.index(settings["origin"][p])])
        self.non_payer_var.set(self.non_payer_names[NON_PAYER.index(settings["non_payer"])])

    def chosen(self):
        kinds = {p: KINDS[self.kind_names.index(self.kind_vars[p].get())] for p in PRODUCT_TYPES}
        origin = {p: ORIGIN_CODES[self.origin_names.index(self.origin_vars[p].get())]
                  for p in PRODUCT_TYPES}
        return kinds, origin, NON_PAYER[self.non_payer_names.index(self.non_payer_var.get())]

    def on_save(self):
        from app.services import catalog, closing_documents, esf
        self.message.configure(text="")
        kinds, origin, non_payer = self.chosen()
        for entry in self.code_entries.values():
            entry.configure(bootstyle="default")
        try:
            # the codes first: typed text, checked whole before anything is saved
            catalog.save_product_codes(self.ctx.session, {p: v.get().strip()
                                                          for p, v in self.code_vars.items()})
            closing_documents.save_default_kinds(self.ctx.session, kinds)
            esf.save_settings(self.ctx.session, {"origin": origin, "non_payer": non_payer})
        except DomainError as exc:
            bad = [e.field.split(".")[-1] for e in getattr(exc, "errors", None) or [exc]
                   if (e.field or "").startswith("product_code.")]
            for p in bad:
                self.code_entries[p].configure(bootstyle="danger")
            if bad:
                self.code_entries[bad[0]].focus_set()
            self.ctx.show_error(exc)
            return
        self.message.configure(text=t("ui.saved"))
        self.ctx.changed("catalog")
        self.reload()


SCREEN = ClosingSettingsScreen
