"""Stock reports (issue #8): the balance at a date, the moves of a period, the materials used
by order and by product type, what to buy, and the work of the performers by month.

The documents service gathers the figures into the plain records below (quantities as
Decimal in their unit, money as Decimal tenge, words already translated); this module lays
them out, landscape A4, with the shop's requisites, totals and page numbers, as the
registers do. The exports service writes the same records to .xlsx and CSV.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import List, Optional, Tuple

from app.i18n import format_number, t
from app.reports import docx_base as b

ZERO = Decimal("0.00")
LOW_FILL, NEGATIVE_FILL = "FFF3CD", "F8D7DA"  # the stock screen's colours


# ------------------------------------------------------------------ records

@dataclass(frozen=True)
class BalanceLine:
    name: str
    unit: str
    on_hand: Decimal
    reserved: Optional[Decimal]  # None: a past date, reservations are known for today only
    available: Decimal
    minimum: Decimal
    low: bool
    negative: bool
    price: Optional[Decimal]  # the last purchase price up to the date (or the catalog's)
    price_from_catalog: bool
    value: Optional[Decimal]  # on hand × price


@dataclass(frozen=True)
class BalanceData:
    day: date
    today: bool
    lines: List[BalanceLine]

    @property
    def value(self) -> Decimal:
        return sum((x.value for x in self.lines if x.value is not None), ZERO)


@dataclass(frozen=True)
class TurnoverLine:
    name: str
    unit: str
    opening: Decimal
    receipts: Decimal
    used: Decimal  # taken for orders: write-offs net of corrections and returns
    adjustments: Decimal
    closing: Decimal


@dataclass(frozen=True)
class MoveLine:
    at: str
    name: str
    kind: str  # the kind of move, translated
    quantity: Decimal  # signed: + in, − out
    unit: str
    price: Optional[Decimal]
    amount: Optional[Decimal]  # receipts: quantity × price
    supplier: str
    document: str  # the document number, or the reason of a stock-taking or return
    order_number: str
    user: str


@dataclass(frozen=True)
class MovesData:
    period_text: str
    item_name: str  # "" when every item
    turnover: List[TurnoverLine]
    moves: List[MoveLine]

    @property
    def purchases(self) -> Decimal:
        return sum((m.amount for m in self.moves if m.amount is not None), ZERO)


@dataclass(frozen=True)
class UsedLine:
    order_number: str
    customer: str
    product_type: str
    name: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class UsedData:
    period_text: str
    by_order: List[UsedLine]
    by_type: List[Tuple[str, str, Decimal, str]]  # product type, item, quantity, unit
    by_item: List[Tuple[str, Decimal, str]]  # item, quantity, unit

    @property
    def orders(self) -> int:
        return len({x.order_number for x in self.by_order})


@dataclass(frozen=True)
class BuyLine:
    name: str
    unit: str
    on_hand: Decimal
    reserved: Decimal
    minimum: Decimal
    to_buy: Decimal
    price: Optional[Decimal]
    price_from_catalog: bool
    amount: Optional[Decimal]


@dataclass(frozen=True)
class BuyData:
    lines: List[BuyLine]

    @property
    def total(self) -> Decimal:
        return sum((x.amount for x in self.lines if x.amount is not None), ZERO)


@dataclass(frozen=True)
class WorkLine:
    name: str
    role: str
    month: str  # "03.2026"
    orders: int
    items: int
    revenue: Decimal


@dataclass(frozen=True)
class WorkData:
    period_text: str
    lines: List[WorkLine]
    # each order once (an order with two performers is in two people's lines)
    total_orders: int = 0
    total_items: int = 0
    total_revenue: Decimal = ZERO


# ------------------------------------------------------------------ words and numbers

def qty(value) -> str:
    """1500 -> '1 500', 1.5 -> '1,5', 0.125 -> '0,125' (stock is kept to thousandths)."""
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return format_number(value, 0)
    text = format_number(value, 3)
    return text.rstrip("0").rstrip(",")


def signed(value) -> str:
    return ("+" if value > 0 else "") + qty(value)


def money(value) -> str:
    return "—" if value is None else b.money(value)


def price_text(price, from_catalog) -> str:
    if price is None:
        return "—"
    return b.money(price) + (" *" if from_catalog else "")


def mark(line, lang) -> str:
    if line.negative:
        return t("doc.stock.mark.negative", lang)
    if line.low:
        return t("doc.stock.mark.low", lang)
    return ""


def _head(doc, shop, title, subtitle, made_on, lang):
    """The shop's requisites, the title, the period or date, the day it was made."""
    b.para(doc, shop.get("name") or "", bold=True, size=9, space_after=0)
    details = b.join_nonempty([
        "{} {}".format(t("doc.bin_iin", lang), shop["bin"]) if shop.get("bin") else "",
        shop.get("address") or "", shop.get("phone") or ""], "  ·  ")
    if details:
        b.para(doc, details, size=8, space_after=2)
    b.para(doc, title, bold=True, size=14, space_after=0)
    if subtitle:
        b.para(doc, subtitle, size=10, space_after=0)
    b.para(doc, t("doc.made_on", lang, date=b.short_date(made_on)), size=8, italic=True,
           space_after=6)
    b.footer_page_numbers(doc, b.join_nonempty([title, subtitle], " · "))


def _widths(width, spec, shares=None) -> List[float]:
    """Column widths in mm: the numbers as given, each None a share of the rest of the line."""
    flexible = [i for i, w in enumerate(spec) if w is None]
    shares = shares or [1.0 / len(flexible)] * len(flexible)
    rest = width - sum(w for w in spec if w is not None)
    out = list(spec)
    for i, share in zip(flexible, shares):
        out[i] = rest * share
    return out


def _note(doc, text):
    b.para(doc, text, size=8, italic=True, space_before=4, space_after=2)


def _colour_rows(tbl, fills):
    """fills: {row index in the table: colour}."""
    for index, fill in fills.items():
        for cell in tbl.rows[index].cells:
            b.shade(cell, fill)


def _new(lang):
    doc = b.new_document(landscape=True, margins_mm=(12, 10, 12, 12))
    return doc, b.text_width_mm(doc)


# ------------------------------------------------------------------ balance

def balance_headers(lang) -> List[str]:
    return [t("doc.stock.col.item", lang), t("doc.col.unit", lang),
            t("doc.stock.col.on_hand", lang), t("doc.stock.col.reserved", lang),
            t("doc.stock.col.available", lang), t("doc.stock.col.minimum", lang),
            t("doc.stock.col.mark", lang), t("doc.stock.col.price", lang),
            t("doc.stock.col.value", lang)]


def balance(data: BalanceData, shop: dict, made_on, path, lang) -> Path:
    doc, width = _new(lang)
    _head(doc, shop, t("doc.stock.balance.title", lang),
          t("doc.stock.balance.at", lang, date=b.long_date(data.day, lang)), made_on, lang)
    headers = [t("doc.col.no", lang)] + balance_headers(lang)
    widths = _widths(width, [10, None, 16, 22, 20, 22, 22, 26, 26, 28])
    rows, fills = [], {}
    for i, x in enumerate(data.lines, 1):
        rows.append([str(i), x.name, x.unit, qty(x.on_hand),
                     qty(x.reserved) if x.reserved is not None else "—", qty(x.available),
                     qty(x.minimum), mark(x, lang), price_text(x.price, x.price_from_catalog),
                     money(x.value)])
        if x.negative:
            fills[i] = NEGATIVE_FILL
        elif x.low:
            fills[i] = LOW_FILL
    low = sum(1 for x in data.lines if x.low)
    negative = sum(1 for x in data.lines if x.negative)
    total = ["", t("doc.stock.total_items", lang, n=len(data.lines), low=low, negative=negative),
             "", "", "", "", "", "", t("doc.stock.total", lang), b.money(data.value)]
    aligns = [b.CENTER, b.LEFT, b.CENTER, b.RIGHT, b.RIGHT, b.RIGHT, b.RIGHT, b.LEFT, b.RIGHT,
              b.RIGHT]
    tbl = b.data_table(doc, headers, rows, widths, aligns=aligns, size=8, total_row=total)
    _colour_rows(tbl, fills)
    _note(doc, t("doc.stock.price_note", lang))
    if not data.today:
        _note(doc, t("doc.stock.balance.past_note", lang))
    return b.save(doc, path)


# ------------------------------------------------------------------ moves of a period

def turnover_headers(lang) -> List[str]:
    return [t("doc.stock.col.item", lang), t("doc.col.unit", lang),
            t("doc.stock.col.opening", lang), t("doc.stock.col.receipts", lang),
            t("doc.stock.col.used", lang), t("doc.stock.col.adjustments", lang),
            t("doc.stock.col.closing", lang)]


def moves_headers(lang) -> List[str]:
    return [t("doc.stock.col.date", lang), t("doc.stock.col.item", lang),
            t("doc.stock.col.move", lang), t("doc.col.qty", lang), t("doc.col.unit", lang),
            t("doc.stock.col.unit_price", lang), t("doc.stock.col.sum", lang),
            t("doc.stock.col.supplier", lang), t("doc.stock.col.document", lang),
            t("doc.stock.col.order", lang), t("doc.stock.col.user", lang)]


def moves(data: MovesData, shop: dict, made_on, path, lang) -> Path:
    doc, width = _new(lang)
    subtitle = data.period_text
    if data.item_name:
        subtitle += " · " + t("doc.stock.moves.item", lang, name=data.item_name)
    _head(doc, shop, t("doc.stock.moves.title", lang), subtitle, made_on, lang)

    b.heading(doc, t("doc.stock.moves.turnover", lang), 2)
    widths = _widths(width, [10, None, 16, 28, 28, 28, 28, 28])
    rows = [[str(i), x.name, x.unit, qty(x.opening), qty(x.receipts), qty(x.used),
             signed(x.adjustments), qty(x.closing)] for i, x in enumerate(data.turnover, 1)]
    aligns = [b.CENTER, b.LEFT, b.CENTER] + [b.RIGHT] * 5
    if rows:
        b.data_table(doc, [t("doc.col.no", lang)] + turnover_headers(lang), rows, widths,
                     aligns=aligns, size=8)
    else:
        _note(doc, t("doc.stock.none", lang))

    b.heading(doc, t("doc.stock.moves.list", lang), 2)
    widths = _widths(width, [26, None, 22, 16, 11, 19, 21, None, None, 22, 22],
                     (0.36, 0.32, 0.32))
    rows = [[b.short_date(m.at) + " " + m.at[11:16], m.name, m.kind, signed(m.quantity), m.unit,
             money(m.price) if m.price is not None else "", money(m.amount)
             if m.amount is not None else "", m.supplier, m.document, m.order_number, m.user]
            for m in data.moves]
    total = ["", t("doc.stock.moves.count", lang, n=len(data.moves)), "", "", "", "",
             b.money(data.purchases), "", "", "", ""]
    aligns = [b.LEFT, b.LEFT, b.LEFT, b.RIGHT, b.CENTER, b.RIGHT, b.RIGHT, b.LEFT, b.LEFT,
              b.LEFT, b.LEFT]
    b.data_table(doc, moves_headers(lang), rows, widths, aligns=aligns, size=7.5,
                 total_row=total)
    _note(doc, t("doc.stock.moves.sum_note", lang))
    return b.save(doc, path)


# ------------------------------------------------------------------ materials used

def used_headers(lang) -> List[str]:
    return [t("doc.register.col.number", lang), t("doc.register.col.customer", lang),
            t("doc.profit.col.type", lang), t("doc.stock.col.item", lang), t("doc.col.qty", lang),
            t("doc.col.unit", lang)]


def type_headers(lang) -> List[str]:
    return [t("doc.profit.col.type", lang), t("doc.stock.col.item", lang), t("doc.col.qty", lang),
            t("doc.col.unit", lang)]


def item_headers(lang) -> List[str]:
    return [t("doc.stock.col.item", lang), t("doc.col.qty", lang), t("doc.col.unit", lang)]


def materials_used(data: UsedData, shop: dict, made_on, path, lang) -> Path:
    doc, width = _new(lang)
    _head(doc, shop, t("doc.stock.used.title", lang), data.period_text, made_on, lang)
    _note(doc, t("doc.stock.used.explain", lang))
    if not data.by_order:
        _note(doc, t("doc.stock.none", lang))
        return b.save(doc, path)

    b.heading(doc, t("doc.stock.used.by_type", lang), 2)
    widths = _widths(width, [None, None, 28, 18], (0.4, 0.6))
    rows, last = [], None
    for ptype, name, amount, unit in data.by_type:
        rows.append([ptype if ptype != last else "", name, qty(amount), unit])
        last = ptype
    b.data_table(doc, type_headers(lang), rows, widths,
                 aligns=[b.LEFT, b.LEFT, b.RIGHT, b.CENTER], size=8)

    b.heading(doc, t("doc.stock.used.by_item", lang), 2)
    widths = _widths(width, [None, 28, 18])
    b.data_table(doc, item_headers(lang), [[n, qty(a), u] for n, a, u in data.by_item], widths,
                 aligns=[b.LEFT, b.RIGHT, b.CENTER], size=8)

    b.heading(doc, t("doc.stock.used.by_order", lang), 2)
    widths = _widths(width, [26, None, None, None, 24, 16], (0.32, 0.22, 0.46))
    rows, last = [], None
    for x in data.by_order:
        first = x.order_number != last
        rows.append([x.order_number if first else "", x.customer if first else "",
                     x.product_type if first else "", x.name, qty(x.quantity), x.unit])
        last = x.order_number
    total = [t("doc.stock.used.orders", lang, n=data.orders), "", "", "", "", ""]
    b.data_table(doc, used_headers(lang), rows, widths,
                 aligns=[b.LEFT, b.LEFT, b.LEFT, b.LEFT, b.RIGHT, b.CENTER], size=7.5,
                 total_row=total)
    return b.save(doc, path)


# ------------------------------------------------------------------ what to buy

def buy_headers(lang) -> List[str]:
    return [t("doc.stock.col.item", lang), t("doc.col.unit", lang),
            t("doc.stock.col.on_hand", lang), t("doc.stock.col.reserved", lang),
            t("doc.stock.col.minimum", lang), t("doc.stock.col.to_buy", lang),
            t("doc.stock.col.price", lang), t("doc.stock.col.sum", lang)]


def what_to_buy(data: BuyData, shop: dict, made_on, path, lang) -> Path:
    doc, width = _new(lang)
    _head(doc, shop, t("doc.stock.buy.title", lang),
          t("doc.stock.balance.at", lang, date=b.long_date(made_on, lang)), made_on, lang)
    _note(doc, t("doc.stock.buy.explain", lang))
    if not data.lines:
        _note(doc, t("doc.stock.buy.nothing", lang))
        return b.save(doc, path)
    widths = _widths(width, [10, None, 16, 24, 24, 24, 26, 28, 30])
    rows = [[str(i), x.name, x.unit, qty(x.on_hand), qty(x.reserved), qty(x.minimum),
             qty(x.to_buy), price_text(x.price, x.price_from_catalog), money(x.amount)]
            for i, x in enumerate(data.lines, 1)]
    total = ["", t("doc.stock.buy.total", lang), "", "", "", "", "", "", b.money(data.total)]
    aligns = [b.CENTER, b.LEFT, b.CENTER] + [b.RIGHT] * 6
    tbl = b.data_table(doc, [t("doc.col.no", lang)] + buy_headers(lang), rows, widths,
                       aligns=aligns, size=8.5, total_row=total)
    for row in tbl.rows[1:-1]:
        for run in row.cells[6].paragraphs[0].runs:
            run.bold = True
    _note(doc, t("doc.stock.price_note", lang))
    return b.save(doc, path)


# ------------------------------------------------------------------ performers

def work_headers(lang) -> List[str]:
    return [t("doc.work.col.performer", lang), t("doc.work.col.role", lang),
            t("doc.work.col.month", lang), t("doc.work.col.orders", lang),
            t("doc.work.col.items", lang), t("doc.work.col.revenue", lang)]


def performers_work(data: WorkData, shop: dict, made_on, path, lang) -> Path:
    doc, width = _new(lang)
    _head(doc, shop, t("doc.work.title", lang), data.period_text, made_on, lang)
    _note(doc, t("doc.work.explain", lang))
    if not data.lines:
        _note(doc, t("doc.work.nothing", lang))
        return b.save(doc, path)
    widths = _widths(width, [None, 40, 24, 26, 30, 40])
    aligns = [b.LEFT, b.LEFT, b.CENTER, b.RIGHT, b.RIGHT, b.RIGHT]
    tbl = b.data_table(doc, work_headers(lang), [], widths, aligns=aligns, size=8.5)
    person, sums = None, None

    def subtotal():
        row = b.add_row(tbl, [t("doc.work.subtotal", lang, name=person[0]), "", "",
                              format_number(sums[0], 0), format_number(sums[1], 0),
                              b.money(sums[2])], bold=True, aligns=aligns, size=8.5,
                        widths_mm=widths)
        for cell in row.cells:
            b.shade(cell, "F2F2F2")

    for x in data.lines:
        if person != (x.name, x.role):
            if person is not None:
                subtotal()
            person, sums = (x.name, x.role), [0, 0, ZERO]
            first = True
        else:
            first = False
        b.add_row(tbl, [x.name if first else "", x.role if first else "", x.month,
                        format_number(x.orders, 0), format_number(x.items, 0),
                        b.money(x.revenue)], aligns=aligns, size=8.5, widths_mm=widths)
        sums[0] += x.orders
        sums[1] += x.items
        sums[2] += x.revenue
    subtotal()
    b.add_row(tbl, [t("doc.work.total", lang), "", "", format_number(data.total_orders, 0),
                    format_number(data.total_items, 0), b.money(data.total_revenue)],
              bold=True, aligns=aligns, size=8.5, widths_mm=widths)
    return b.save(doc, path)
