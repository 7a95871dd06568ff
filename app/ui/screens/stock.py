"""Stock of papers and materials: balance, receipts, stock-taking and minimum levels
(administrator), the moves of a period and what to buy."""
import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from app.domain import inputs
from app.domain.errors import ValidationError
from app.domain.money import from_tiyn
from app.i18n import t
from app.ui.dialogs.documents import EXPORT_FORMATS, export_menubutton
from app.ui.screens.base import Screen
from app.ui.widgets.calendar import period_fields
from app.ui.widgets.form import FormDialog
from app.ui.widgets.formatting import data, money, qty, tcap
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree

MOVE_KINDS = ("receipt", "adjustment", "write_off", "correction", "return")
UNITS = ("sheets", "m", "m2", "pcs")
LOW_COLOURS = {"background": "#fff3cd", "foreground": "#664d03"}
NEGATIVE_COLOURS = {"background": "#f8d7da", "foreground": "#c0392b"}

BALANCE_COLUMNS = (("name", "ui.stock.item", 300, "w"), ("unit", "field.unit", 120, "w"),
                   ("on_hand", "ui.stock.on_hand", 130, "e"),
                   ("reserved", "ui.stock.reserved", 130, "e"),
                   ("available", "ui.stock.available", 130, "e"),
                   ("minimum", "field.minimum", 190, "e"))
MOVE_COLUMNS = (("at", "ui.stock.at", 135, "w"), ("name", "ui.stock.item", 200, "w"),
                ("kind", "ui.stock.move_kind", 110, "w"), ("qty", "field.quantity", 90, "e"),
                ("price", "field.price", 100, "e"), ("supplier", "ui.field.supplier", 140, "w"),
                ("document", "ui.field.document", 110, "w"), ("order", "ui.stock.order", 100, "w"),
                ("user", "field.username", 80, "w"), ("reason", "field.reason", 120, "w"))
BUY_COLUMNS = (("name", "ui.stock.item", 300, "w"), ("unit", "field.unit", 120, "w"),
               ("on_hand", "ui.stock.on_hand", 130, "e"), ("reserved", "ui.stock.reserved", 130, "e"),
               ("minimum", "field.minimum", 190, "e"), ("to_buy", "ui.stock.to_buy_col", 130, "e"))


def unit_text(unit):
    return t("ui.unit." + unit) if unit in UNITS else unit


def plain(value):
    """A Decimal as a person types it: 1234,5."""
    text = "{:f}".format(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _day(value, field, required=False):
    return inputs.day((value or "").strip(), field, required)


class Items:
    """The catalog's papers and materials as the combo boxes show them (names, not codes)."""

    def __init__(self, session):
        from app.services import catalog
        cat = catalog.get_catalog(session)
        self.by_key = {}
        for p in cat.papers.values():
            self.by_key[("paper", p.code)] = (p.name, "sheets", p.price)
        for m in cat.materials.values():
            self.by_key[("material", m.code)] = (m.name, m.unit, m.price)
        self.by_name = {}
        for key, (name, _unit, _price) in sorted(self.by_key.items(), key=lambda kv: kv[1][0]):
            label = name if name not in self.by_name else "{} ({})".format(name, key[1])
            self.by_name[label] = key
        self.label_of = {key: label for label, key in self.by_name.items()}

    def names(self):
        return list(self.by_name)

    def key(self, label):
        key = self.by_name.get(label)
        if key is None:
            raise ValidationError("error.field.required", "code")
        return key

    def name(self, kind, code):
        item = self.by_key.get((kind, code))
        return item[0] if item else code


class ItemDialog(FormDialog):
    """The common shape of the three stock dialogs: an item, some fields, Save."""

    title_key = ""
    label_width = 20
    changes = "stock"

    def __init__(self, parent, ctx, items, key=None, on_saved=None):
        self.items = items
        self.first_key = key
        super().__init__(parent, ctx, t(self.title_key), on_saved=on_saved)

    def fields(self):
        key = self.first_key
        self.form.combo("code", "ui.stock.item", self.items.names(),
                        self.items.label_of.get(key, "") if key else "", width=34, is_data=True)
        self.item_fields()

    def item_fields(self):
        """Add this dialog's own fields after the item."""

    def store(self, values):
        return self.store_item(self.items.key(values["code"]), values)

    def store_item(self, key, values):
        """Call the service for the item (kind, code)."""
        raise NotImplementedError


class ReceiptDialog(ItemDialog):
    title_key = "ui.stock.receipt"

    def item_fields(self):
        f = self.form
        f.entry("quantity", "field.quantity", width=16)
        f.entry("price", "ui.stock.unit_price", width=16)
        f.entry("supplier", "ui.field.supplier", width=34)
        f.entry("document", "ui.field.document", width=16)
        f.date("date", "ui.field.date", date.today().isoformat(), width=13)
        if self.ctx.is_admin:
            f.check("update_catalog_price", "ui.stock.update_price")
        f.fields["code"].var.trace_add("write", lambda *a: self._price())
        self._price()

    def _price(self):
        label = self.form.fields["code"].get()
        key = self.items.by_name.get(label)
        if key is not None:
            self.form.fields["price"].set(plain(self.items.by_key[key][2]))

    def store_item(self, key, v):
        from app.services import stock
        text = v["date"].strip()
        if not text:
            raise ValidationError("error.field.required", "date")
        # the service checks the date with the quantity and price: all their errors at once
        at = None if text == date.today().isoformat() else text
        stock.receive(self.ctx.session, key[0], key[1], v["quantity"].strip(), v["price"].strip(),
                      v["supplier"], v["document"], at, bool(v.get("update_catalog_price")))
        if v.get("update_catalog_price"):
            self.ctx.changed("catalog")


class StockTakeDialog(ItemDialog):
    title_key = "ui.stock.take"

    def item_fields(self):
        self.form.entry("counted", "field.counted", width=16)
        self.form.entry("reason", "field.reason", width=34)

    def store_item(self, key, v):
        from app.services import stock
        diff = stock.stock_take(self.ctx.session, key[0], key[1], v["counted"].strip(), v["reason"])
        self.ctx.status(t("ui.stock.taken", item=self.items.name(*key), diff=qty(diff)))


class MinimumDialog(ItemDialog):
    title_key = "ui.stock.minimum"

    def item_fields(self):
        self.form.entry("minimum", "field.minimum", width=16)

    def store_item(self, key, v):
        from app.services import stock
        stock.set_min_level(self.ctx.session, key[0], key[1], v["minimum"].strip())


class StockScreen(Screen):
    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.rows = {}
        self.items = Items(ctx.session)
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        self.receipt_button = ttk.Button(bar, text=t("ui.stock.receipt"), command=self.receipt,
                                         bootstyle="primary")
        self.receipt_button.pack(side="left", padx=(0, 6))
        Tooltip(self.receipt_button, t("ui.tip.receipt"))
        if ctx.is_admin:
            self.take_button = ttk.Button(bar, text=t("ui.stock.take"), command=self.stock_take,
                                          bootstyle="info")
            self.take_button.pack(side="left", padx=(0, 6))
            Tooltip(self.take_button, t("ui.tip.stock_take"))
            self.minimum_button = ttk.Button(bar, text=t("ui.stock.minimum"),
                                             command=self.minimum, bootstyle="info")
            self.minimum_button.pack(side="left", padx=(0, 6))
        self.refresh_button = ttk.Button(bar, text=t("ui.button.refresh"), command=self.reload,
                                         bootstyle="secondary-outline")
        self.refresh_button.pack(side="right")
        self.tabs = ttk.Notebook(self)
        self.tabs.pack(fill="both", expand=True, pady=(8, 0))
        # balance
        page = ttk.Frame(self.tabs, padding=8)
        self.tabs.add(page, text=t("ui.stock.balance"))
        self.balance = ScrolledTree(page, BALANCE_COLUMNS, height=18)
        self.balance.pack(fill="both", expand=True)
        tree = self.balance.tree
        tree.column("unit", stretch=False)
        tree.tag_configure("low", **LOW_COLOURS)
        tree.tag_configure("negative", **NEGATIVE_COLOURS)
        tree.bind("<Double-1>", lambda e: self.receipt())
        legend = ttk.Frame(page)
        legend.pack(fill="x", pady=(6, 0))
        for key, colours in (("ui.stock.legend_low", LOW_COLOURS),
                             ("ui.stock.legend_negative", NEGATIVE_COLOURS)):
            swatch = tk.Label(legend, text=" " + t(key) + " ", font="TkSmallCaptionFont")
            swatch.configure(**colours)  # after creation: ttkbootstrap restyles tk widgets
            swatch.pack(side="left", padx=(0, 8))
        self.balance_word, self.balance_export, self.balance_menu = self._doc_buttons(
            legend, self.balance_document, self.balance_table_export)
        self.summary = data(ttk.Label(legend, text="", bootstyle="secondary"))
        self.summary.pack(side="right", padx=(0, 12))
        # moves of a period
        page = ttk.Frame(self.tabs, padding=8)
        self.tabs.add(page, text=t("ui.stock.moves"))
        filt = ttk.Frame(page)
        filt.pack(fill="x")
        self.from_var, self.to_var, self.from_entry, self.to_entry = period_fields(
            filt, date.today().replace(day=1).isoformat(), date.today().isoformat(),
            on_change=self.show_moves)
        ttk.Label(filt, text=tcap("ui.stock.item")).pack(side="left")
        self.item_values = [t("ui.all")] + self.items.names()
        self.item_var = tk.StringVar(value=self.item_values[0])
        self.item_box = data(ttk.Combobox(filt, textvariable=self.item_var,
                                          values=self.item_values, state="readonly", width=30))
        self.item_box.pack(side="left", padx=(6, 8))
        self.item_box.bind("<<ComboboxSelected>>", lambda e: self.show_moves())
        self.show_button = ttk.Button(filt, text=t("ui.stock.show"), command=self.show_moves,
                                      bootstyle="primary-outline")
        self.show_button.pack(side="left")
        self.moves_error = data(ttk.Label(filt, text="", bootstyle="danger"))
        self.moves_error.pack(side="left", padx=8)
        self.moves = ScrolledTree(page, MOVE_COLUMNS, height=16)
        self.moves.tree.column("at", stretch=False)
        self.moves.pack(fill="both", expand=True, pady=(8, 0))
        self.moves.tree.tag_configure("out", foreground="#c0392b")
        foot = ttk.Frame(page)
        foot.pack(fill="x", pady=(4, 0))
        self.moves_count = data(ttk.Label(foot, text="", bootstyle="secondary"))
        self.moves_count.pack(side="left")
        self.used_button = ttk.Menubutton(foot, text=t("ui.stock.used_menu"),
                                          bootstyle="info-outline")
        self.used_menu = tk.Menu(self.used_button, tearoff=False)
        self.used_menu.add_command(label=t("ui.docs.format_docx"), command=self.used_document)
        for fmt, key in EXPORT_FORMATS:
            self.used_menu.add_command(label=t(key), command=lambda f=fmt: self.used_export(f))
        self.used_button.configure(menu=self.used_menu)
        self.used_button.pack(side="right")
        Tooltip(self.used_button, t("ui.tip.materials_used"))
        self.moves_word, self.moves_export, self.moves_menu = self._doc_buttons(
            foot, self.moves_document, self.moves_table_export, padx=(0, 12))
        # what to buy
        page = ttk.Frame(self.tabs, padding=8)
        self.tabs.add(page, text=t("ui.stock.to_buy"))
        ttk.Label(page, text=t("ui.stock.to_buy_hint"), bootstyle="secondary", wraplength=800,
                  justify="left").pack(anchor="w")
        self.buy = ScrolledTree(page, BUY_COLUMNS, height=16)
        self.buy.tree.column("unit", stretch=False)
        self.buy.pack(fill="both", expand=True, pady=(6, 0))
        foot = ttk.Frame(page)
        foot.pack(fill="x", pady=(6, 0))
        self.buy_word, self.buy_export, self.buy_menu = self._doc_buttons(
            foot, self.buy_document, self.buy_table_export)
        self.reload()

    def title(self):
        return t("ui.stock.tab")

    # ------------------------------------------------------------ documents of the tabs

    def _doc_buttons(self, parent, word, export, padx=(0, 0)):
        """"Word" and "Export ▾" (Excel, CSV) at the right of a tab's bottom line."""
        word_button = ttk.Button(parent, text=t("ui.docs.word"), command=word,
                                 bootstyle="primary-outline")
        word_button.pack(side="right", padx=padx)
        Tooltip(word_button, t("ui.tip.stock_word"))
        export_button, menu = export_menubutton(parent, export, "ui.tip.stock_export")
        return word_button, export_button, menu

    def _make(self, work, label_key="ui.docs.making"):
        """work(session, lang) -> DocumentFile, off the Tk thread (dialogs.documents.make)."""
        from app import i18n
        from app.ui.dialogs.documents import make
        lang = i18n.language()
        return make(self.ctx, lambda session: work(session, lang), label_key)

    def _period_and_item(self):
        """The moves tab's filter, or None after saying what is wrong beside it."""
        self.moves_error.configure(text="")
        try:
            start = _day(self.from_var.get(), "date_from")
            end = _day(self.to_var.get(), "date_to")
        except ValidationError as exc:
            self.moves_error.configure(text=t(exc.key))
            return None
        if start and end and start > end:
            self.moves_error.configure(text=t("error.document.period"))
            return None
        kind = code = None
        if self.item_var.get() in self.items.by_name:
            kind, code = self.items.by_name[self.item_var.get()]
        return (start.isoformat() if start else None, end.isoformat() if end else None,
                kind, code)

    def balance_document(self):
        from app.services import stock_documents
        return self._make(lambda s, lang: stock_documents.stock_balance(s, lang=lang))

    def balance_table_export(self, fmt):
        from app.services import exports
        return self._make(lambda s, lang: exports.stock_balance(s, fmt=fmt, lang=lang),
                          "ui.docs.exporting")

    def moves_document(self):
        from app.services import stock_documents
        chosen = self._period_and_item()
        if chosen is None:
            return None
        start, end, kind, code = chosen
        return self._make(lambda s, lang: stock_documents.stock_moves(s, start, end, kind, code,
                                                                      lang=lang))

    def moves_table_export(self, fmt):
        from app.services import exports
        chosen = self._period_and_item()
        if chosen is None:
            return None
        start, end, kind, code = chosen
        return self._make(lambda s, lang: exports.stock_moves(s, start, end, kind, code, fmt=fmt,
                                                              lang=lang), "ui.docs.exporting")

    def used_document(self):
        from app.services import stock_documents
        chosen = self._period_and_item()
        if chosen is None:
            return None
        start, end = chosen[:2]
        return self._make(lambda s, lang: stock_documents.materials_used(s, start, end, lang=lang))

    def used_export(self, fmt):
        from app.services import exports
        chosen = self._period_and_item()
        if chosen is None:
            return None
        start, end = chosen[:2]
        return self._make(lambda s, lang: exports.materials_used(s, start, end, fmt=fmt,
                                                                 lang=lang), "ui.docs.exporting")

    def buy_document(self):
        from app.services import stock_documents
        return self._make(lambda s, lang: stock_documents.what_to_buy(s, lang=lang))

    def buy_table_export(self, fmt):
        from app.services import exports
        return self._make(lambda s, lang: exports.what_to_buy(s, fmt=fmt, lang=lang),
                          "ui.docs.exporting")

    def reload(self):
        from app.services import stock
        rows = stock.balance_table(self.ctx.session)
        self.balance.clear()
        self.rows = {}
        low = 0
        for r in sorted(rows, key=lambda r: (not r["low"], r["item_kind"], r["name"])):
            iid = "{}:{}".format(r["item_kind"], r["code"])
            self.rows[iid] = r
            tags = ()
            if r["negative"]:
                tags = ("negative",)
            elif r["low"]:
                tags = ("low",)
            low += 1 if r["low"] else 0
            self.balance.tree.insert("", "end", iid=iid, tags=tags, values=(
                r["name"], unit_text(r["unit"]), qty(r["on_hand"]), qty(r["reserved"]),
                qty(r["available"]), qty(r["minimum"])))
        self.summary.configure(text=t("ui.stock.summary", n=len(rows), low=low))
        self.buy.clear()
        for r in stock.to_buy(self.ctx.session):
            self.buy.tree.insert("", "end", iid="{}:{}".format(r["item_kind"], r["code"]), values=(
                r["name"], unit_text(r["unit"]), qty(r["on_hand"]), qty(r["reserved"]),
                qty(r["minimum"]), qty(r["to_buy"])))
        self.show_moves()

    def show_moves(self):
        from app.services import stock
        from app.services.stock import from_milli
        self.moves_error.configure(text="")
        try:
            start = _day(self.from_var.get(), "date_from")
            end = _day(self.to_var.get(), "date_to")
        except ValidationError as exc:
            self.moves_error.configure(text=t(exc.key))
            return
        kind = code = None
        if self.item_var.get() in self.items.by_name:
            kind, code = self.items.by_name[self.item_var.get()]
        rows = stock.moves(self.ctx.session, start.isoformat() if start else None,
                           end.isoformat() if end else None, kind, code, limit=2000)
        self.moves.clear()
        for r in rows:
            amount = from_milli(r["qty_milli"])
            self.moves.tree.insert("", "end", iid=str(r["id"]), tags=("out",) if amount < 0 else (),
                                   values=(
                r["at"][:16], self.items.name(r["item_kind"], r["code"]),
                t("ui.stock.move." + r["kind"]) if r["kind"] in MOVE_KINDS else r["kind"],
                ("+" if amount > 0 else "") + qty(amount),
                money(from_tiyn(r["price_tiyn"])) if r["price_tiyn"] is not None else "",
                r["supplier"], r["document"], r["order_number"] or "", r["username"] or "",
                r["reason"]))
        self.moves_count.configure(text=t("ui.stock.moves_count", n=len(rows)))

    def selected_key(self):
        iid = self.balance.selected()
        if not iid:
            return None
        r = self.rows[iid]
        return (r["item_kind"], r["code"])

    def receipt(self):
        return ReceiptDialog(self, self.ctx, self.items, self.selected_key())

    def stock_take(self):
        return StockTakeDialog(self, self.ctx, self.items, self.selected_key())

    def minimum(self):
        return MinimumDialog(self, self.ctx, self.items, self.selected_key())

    def on_changed(self, what):
        if what == "catalog":
            self.items = Items(self.ctx.session)
        if what in ("stock", "orders", "catalog") and self.winfo_exists():
            self.reload()


SCREEN = StockScreen
