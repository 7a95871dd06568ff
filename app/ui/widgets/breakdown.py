"""The whole breakdown of an estimate: n-up, sheets, every cost line, cost price, price, profit.

Rows are made once and shown or hidden, so a refresh per keystroke only changes label texts.
When the spec is invalid the figures are cleared: the price shown is never that of a bad spec.
"""
import tkinter as tk
import tkinter.font as tkfont
from decimal import Decimal

import ttkbootstrap as ttk

from app.domain.estimate import LINE_CODES
from app.i18n import format_number, t
from app.ui.widgets.formatting import data, money, number, pct

DASH = "—"

TOP_ROWS = ("press", "n_up", "sheets_net", "sheets_waste", "sheets_gross", "impressions", "metres")
PRICE_ROWS = ("direct", "overhead", "cost", "markup_pct", "rush_pct", "discount_pct",
              "price_net", "vat", "price_gross", "profit", "profit_pct", "unit_price_gross")
BOLD_ROWS = ("cost", "price_net", "price_gross", "profit_pct")
NAME_WRAP = 200  # px: a name or a value longer than this takes another line


class Breakdown(ttk.Frame):
    def __init__(self, parent, catalog_names=None):
        super().__init__(parent, padding=(12, 8))
        self.catalog_names = catalog_names or {}
        self.columnconfigure(1, weight=1)
        head = ttk.Frame(self)
        head.grid(row=0, column=0, columnspan=2, sticky="ew", pady=(0, 6))
        ttk.Label(head, text=t("ui.bd.title"), font="TkCaptionFont").pack(side="left")
        self.big_price = data(ttk.Label(head, text=DASH, font="iPrintTitle", bootstyle="primary"))
        self.big_price.pack(side="right")
        self.message = data(ttk.Label(self, text="", bootstyle="danger", wraplength=330,
                                      justify="left"))
        self.message.grid(row=1, column=0, columnspan=2, sticky="w")
        self.message.grid_remove()
        self.rows = {}  # key -> (name label, value label)
        self.values = {}
        r = 2
        for key in TOP_ROWS:
            self._row(key, t("ui.bd." + key), r)
            r += 1
        self.sep1 = ttk.Separator(self)
        self.sep1.grid(row=r, column=0, columnspan=2, sticky="ew", pady=4)
        r += 1
        for code in LINE_CODES:
            self._row("line." + code, t("line." + code), r)
            r += 1
        ttk.Separator(self).grid(row=r, column=0, columnspan=2, sticky="ew", pady=4)
        r += 1
        for key in PRICE_ROWS:
            self._row(key, t("ui.bd." + key), r, bold=key in BOLD_ROWS)
            r += 1
        self.clear()

    def _row(self, key, text, r, bold=False):
        font = "TkHeadingFont" if bold else None
        # long Kazakh names (and a press's name) take two lines rather than the forms' width
        name = ttk.Label(self, text=text, wraplength=NAME_WRAP, **({"font": font} if font else {}))
        value = ttk.Label(self, text=DASH, anchor="e", justify="right", wraplength=NAME_WRAP,
                          **({"font": font} if font else {}))
        data(value)
        name.grid(row=r, column=0, sticky="w", padx=(0, 12))
        value.grid(row=r, column=1, sticky="e")
        self.rows[key] = (name, value)
        self.values[key] = value

    def steady_width(self) -> int:
        """The width that holds any estimate: the longest name (hidden rows too), the longest
        value (a press's name, a price of eight figures) and the message, so the column does
        not change its width with the product type or the figures."""
        def font(name):
            try:
                return tkfont.nametofont(name)
            except tk.TclError:
                return tkfont.Font(root=self, font=name)
        bold = font("TkHeadingFont")
        figure = bold.measure(money(Decimal("99999999.99")))
        press = min(NAME_WRAP, max([0] + [bold.measure(n) for n in self.catalog_names.values()]))
        names = max(lbl.winfo_reqwidth() for key, (lbl, _v) in self.rows.items() if key != "press")
        rows = max(names + 12 + figure, self.rows["press"][0].winfo_reqwidth() + 12 + press)
        head = font("TkCaptionFont").measure(t("ui.bd.title")) + 24 + \
            font("iPrintTitle").measure(money(Decimal("99999999.99")))
        pad = 24  # the frame's own padding, left and right
        return max(rows, head, int(self.message.cget("wraplength"))) + pad

    def _set(self, key, text, visible=True):
        name, value = self.rows[key]
        value.configure(text=text)
        if visible:
            name.grid()
            value.grid()
        else:
            name.grid_remove()
            value.grid_remove()

    def clear(self, message=""):
        """No valid estimate: every figure is a dash, the reason is shown on top."""
        self.estimate = None
        self.big_price.configure(text=DASH, bootstyle="secondary")
        for key in self.rows:
            visible = not key.startswith("line.") and key not in ("metres", "impressions")
            self._set(key, DASH, visible)
        if message:
            self.message.configure(text=message)
            self.message.grid()
        else:
            self.message.grid_remove()

    def show(self, est):
        self.estimate = est
        self.message.grid_remove()
        self.big_price.configure(text=money(est.price_gross), bootstyle="primary")
        sheet_based = est.sheets is not None
        press_name = self.catalog_names.get(est.press, est.press)
        self._set("press", press_name)
        if sheet_based and est.layout is not None:
            lay = est.layout
            self._set("n_up", "{} ({} × {})".format(lay.n_up, lay.cols, lay.rows))
            self._set("sheets_net", number(est.sheets.net))
            self._set("sheets_waste", number(est.sheets.waste))
            self._set("sheets_gross", number(est.sheets.gross))
            self._set("impressions", number(est.impressions))
            self._set("metres", DASH, False)
        else:
            for key in ("n_up", "sheets_net", "sheets_waste", "sheets_gross", "impressions"):
                self._set(key, DASH, False)
            self._set("metres", format_number(est.metres, 1))
        amounts = {line.code: line.amount for line in est.lines}
        for code in LINE_CODES:
            if code in amounts:
                self._set("line." + code, money(amounts[code]))
            else:
                self._set("line." + code, DASH, False)
        self._set("direct", money(est.direct))
        self._set("overhead", money(est.overhead))
        self._set("cost", money(est.cost))
        self._set("markup_pct", pct(est.markup_pct))
        self._set("rush_pct", pct(est.rush_pct), bool(est.rush_pct))
        self._set("discount_pct", pct(est.discount_pct), bool(est.discount_pct))
        self._set("price_net", money(est.price_net))
        self._set("vat", money(est.vat))
        self._set("price_gross", money(est.price_gross))
        self._set("profit", money(est.profit))
        self._set("profit_pct", pct(est.profit_pct))
        self._set("unit_price_gross", money(est.unit_price_gross))

    def text(self, key) -> str:
        return self.values[key].cget("text")
