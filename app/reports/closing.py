"""The primary documents that close a sale (MinFin order No. 562 of 20 December 2012):

* the act of completed works (rendered services), form Р-1 — customer and contractor with
  BIN/IIN, the contract, number and date; a table (No, work, date done, unit, quantity, price,
  cost), the total, VAT or "Без НДС", the total in words, materials received from the
  customer, attachments; "Сдал (Исполнитель)" and "Принял (Заказчик)" with position,
  signature and name, seal places, the date the work was accepted;
* the waybill for goods released to a third party, form З-2 — the organisation with BIN/IIN,
  number and date, sender, recipient, who delivers, transport, consignment note; a table (No,
  name, item number, unit, quantity to release and released, price, sum with VAT, VAT), the
  totals, quantity and sum in words; release permitted by, chief accountant, seal, released
  by, received by, power of attorney.

Figures come as the services give them (the orders' frozen estimates): nothing is computed
here but sums of the lines.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import List, Optional

from docx.shared import Mm

from app.i18n import capitalise, format_percent, t
from app.reports import docx_base as b
from app.reports.amount_words import amount_in_words, number_words
from app.reports.invoice import Party

KINDS = ("act", "waybill")


@dataclass(frozen=True)
class ClosingLine:
    name: str
    item_number: str  # the product type's code (settings), else the order's number
    done: date  # the day the work was done (the order was made)
    unit: str
    quantity: Decimal
    price: Decimal  # per unit, VAT included
    amount: Decimal  # VAT included
    vat: Decimal


@dataclass(frozen=True)
class ClosingData:
    kind: str  # act | waybill
    number: str
    date: date
    shop: dict  # the requisites (app.services.shop.FIELDS)
    buyer: Party
    lines: List[ClosingLine]
    net: Decimal
    vat: Optional[Decimal]  # None: the shop charges no VAT ("Без НДС")
    gross: Decimal
    vat_pct: Optional[Decimal] = None  # None when the lines differ (12 % and 16 %)
    contract: str = ""
    manager_name: str = ""


def render(data: ClosingData, path, lang) -> Path:
    if data.kind == "act":
        return render_act(data, path, lang)
    return render_waybill(data, path, lang)


# ------------------------------------------------------------------ shared pieces

def _form_corner(doc, width, form_key, annex_key, lang):
    """"Приложение N к приказу … № 562 / Форма Р-1" at the top right, small."""
    tbl = b.table(doc, 1, 2, [width - 100, 100], borders=False)
    b.cell_text(tbl.rows[0].cells[1], "{}\n{}".format(t(annex_key, lang), t(form_key, lang)),
                size=7, align=b.RIGHT)
    b.spacer(doc)


def _number_and_date(doc, width, data, lang):
    tbl = b.table(doc, 2, 3, [width - 70, 35, 35], borders=False)
    for i, (head, value) in enumerate(((t("doc.closing.doc_number", lang), data.number),
                                       (t("doc.closing.doc_date", lang),
                                        b.short_date(data.date)))):
        head_cell, value_cell = tbl.rows[0].cells[i + 1], tbl.rows[1].cells[i + 1]
        b.cell_text(head_cell, head, size=7.5, align=b.CENTER)
        b.cell_text(value_cell, value, bold=True, size=9.5, align=b.CENTER)
        for cell in (head_cell, value_cell):
            b.cell_border(cell, top=6, bottom=6, left=6, right=6)
    b.spacer(doc)


def _party(name, bin_, address, lang):
    return b.join_nonempty([name, address,
                            "{} {}".format(t("doc.bin_iin", lang), bin_) if bin_ else ""])


def _vat_text(data, lang):
    if data.vat is None:
        return t("doc.vat.none", lang), ""
    if data.vat_pct is None:
        return t("doc.closing.vat_included_mixed", lang) + ":", b.money(data.vat)
    return (t("doc.invoice.vat_included", lang, pct=format_percent(data.vat_pct, None)) + ":",
            b.money(data.vat))


def _sign_block(cell, role, name, lang, seal=True):
    """Role, then a line with position / signature / name under it, then М.П."""
    b.cell_text(cell, role, bold=True, size=9)
    p = cell.add_paragraph()
    b.add_run(p, "____________ / ____________ / {}".format(name or "____________"), size=9)
    p.paragraph_format.space_before = Mm(3)
    p = cell.add_paragraph()
    b.add_run(p, t("doc.closing.sign_hint", lang), size=6.5, italic=True)
    if seal:
        p = cell.add_paragraph()
        b.add_run(p, t("doc.sign.seal", lang), size=8.5)
        p.paragraph_format.space_before = Mm(2)


# ------------------------------------------------------------------ act Р-1

def render_act(data: ClosingData, path, lang) -> Path:
    doc = b.new_document(margins_mm=(10, 12, 12, 18))
    width = b.text_width_mm(doc)
    shop = data.shop
    _form_corner(doc, width, "doc.act.form", "doc.act.annex", lang)

    parties = b.table(doc, 3, 2, [34, width - 34], borders=False)
    rows = ((t("doc.act.customer", lang),
             _party(data.buyer.name, data.buyer.bin, data.buyer.address, lang)),
            (t("doc.act.contractor", lang),
             _party(shop.get("name"), shop.get("bin"), shop.get("address"), lang)),
            (t("doc.closing.contract", lang),
             data.contract or t("doc.invoice.no_contract", lang)))
    for row, (label, value) in zip(parties.rows, rows):
        b.cell_text(row.cells[0], label + ":", size=8.5)
        b.cell_text(row.cells[1], value, bold=True, size=9)
        b.cell_border(row.cells[1], bottom=4)
    b.spacer(doc, 4)
    _number_and_date(doc, width, data, lang)
    b.para(doc, t("doc.act.title", lang), bold=True, size=12, align=b.CENTER, space_before=4,
           space_after=4)

    widths = [8, width - 8 - 24 - 13 - 20 - 24 - 26, 24, 13, 20, 24, 26]
    headers = [t("doc.col.no", lang), t("doc.act.col.work", lang), t("doc.act.col.done", lang),
               t("doc.closing.col.unit", lang), t("doc.closing.col.qty", lang),
               t("doc.closing.col.price", lang), t("doc.act.col.cost", lang)]
    rows = [[str(i), line.name, b.short_date(line.done), line.unit, b.qty(line.quantity),
             b.money(line.price), b.money(line.amount)] for i, line in enumerate(data.lines, 1)]
    aligns = [b.CENTER, b.LEFT, b.CENTER, b.CENTER, b.RIGHT, b.RIGHT, b.RIGHT]
    total = ["", t("doc.invoice.total", lang), "", "", "", "", b.money(data.gross)]
    b.data_table(doc, headers, rows, widths, aligns=aligns, size=8.5, total_row=total)
    b.spacer(doc)
    totals = b.table(doc, 0, 2, [width - 30, 30], borders=False)
    label, value = _vat_text(data, lang)
    b.add_row(totals, [label, value], bold=True, aligns=[b.RIGHT, b.RIGHT], size=9)

    p = b.para(doc, "", space_before=4, space_after=2)
    b.add_run(p, t("doc.closing.total_words", lang) + ": ", size=9)
    b.add_run(p, amount_in_words(data.gross, lang), bold=True, size=9)
    b.para(doc, "{}: {}".format(t("doc.act.customer_stock", lang), t("doc.none", lang)),
           size=8.5, space_after=2)
    b.para(doc, "{}: {}".format(t("doc.act.attachments", lang), t("doc.none", lang)), size=8.5,
           space_after=6)

    signs = b.table(doc, 1, 2, [width / 2, width / 2], borders=False)
    _sign_block(signs.rows[0].cells[0], t("doc.act.handed", lang), shop.get("director"), lang)
    _sign_block(signs.rows[0].cells[1], t("doc.act.accepted", lang), "", lang)
    b.para(doc, "{}: ____________".format(t("doc.act.accepted_on", lang)), size=8.5,
           space_before=6)
    return b.save(doc, path)


# ------------------------------------------------------------------ waybill З-2

def render_waybill(data: ClosingData, path, lang) -> Path:
    doc = b.new_document(landscape=True, margins_mm=(10, 12, 10, 15))
    width = b.text_width_mm(doc)
    shop = data.shop
    _form_corner(doc, width, "doc.waybill.form", "doc.waybill.annex", lang)

    head = b.table(doc, 3, 2, [70, width - 70], borders=False)
    for row, (label, value) in zip(head.rows, (
            (t("doc.waybill.organisation", lang), shop.get("name") or ""),
            (t("doc.bin_iin", lang), shop.get("bin") or ""),
            (t("doc.closing.contract", lang),
             data.contract or t("doc.invoice.no_contract", lang)))):
        b.cell_text(row.cells[0], label + ":", size=8.5)
        b.cell_text(row.cells[1], value, bold=True, size=9)
        b.cell_border(row.cells[1], bottom=4)
    b.spacer(doc, 4)
    _number_and_date(doc, width, data, lang)
    b.para(doc, t("doc.waybill.title", lang), bold=True, size=12, align=b.CENTER,
           space_before=2, space_after=4)

    parties = [t("doc.waybill.sender", lang), t("doc.waybill.recipient", lang),
               t("doc.waybill.responsible", lang), t("doc.waybill.transport", lang),
               t("doc.waybill.consignment", lang)]
    values = [_party(shop.get("name"), shop.get("bin"), "", lang),
              _party(data.buyer.name, data.buyer.bin, "", lang), data.manager_name, "", ""]
    b.data_table(doc, parties, [values], [width / 5] * 5, aligns=[b.CENTER] * 5, size=8)
    b.spacer(doc, 6)

    fixed = [10, 26, 16, 22, 22, 28, 32, 28]
    widths = [fixed[0], width - sum(fixed)] + fixed[1:]
    headers = [t("doc.col.no", lang), t("doc.waybill.col.name", lang),
               t("doc.waybill.col.item_number", lang), t("doc.closing.col.unit", lang),
               t("doc.waybill.col.to_release", lang), t("doc.waybill.col.released", lang),
               t("doc.waybill.col.price", lang), t("doc.waybill.col.sum_vat", lang),
               t("doc.waybill.col.vat", lang)]
    no_vat = data.vat is None
    rows = [[str(i), line.name, line.item_number, line.unit, b.qty(line.quantity),
             b.qty(line.quantity), b.money(line.price), b.money(line.amount),
             "—" if no_vat else b.money(line.vat)] for i, line in enumerate(data.lines, 1)]
    quantity = sum(x.quantity for x in data.lines)
    total = ["", t("doc.invoice.total", lang), "", "", b.qty(quantity), b.qty(quantity), "",
             b.money(data.gross), "—" if no_vat else b.money(data.vat)]
    aligns = [b.CENTER, b.LEFT, b.CENTER, b.CENTER, b.RIGHT, b.RIGHT, b.RIGHT, b.RIGHT, b.RIGHT]
    b.data_table(doc, headers, rows, widths, aligns=aligns, size=8, total_row=total)
    if no_vat:
        b.para(doc, t("doc.vat.none", lang), bold=True, size=9, align=b.RIGHT, space_before=2)

    p = b.para(doc, "", space_before=4, space_after=1)
    b.add_run(p, t("doc.waybill.quantity_words", lang) + ": ", size=8.5)
    b.add_run(p, capitalise(number_words(int(quantity), lang)), bold=True, size=8.5)
    p = b.para(doc, "", space_after=6)
    b.add_run(p, t("doc.waybill.sum_words", lang) + ": ", size=8.5)
    b.add_run(p, amount_in_words(data.gross, lang), bold=True, size=8.5)

    signs = b.table(doc, 1, 3, [width / 3] * 3, borders=False)
    cells = signs.rows[0].cells
    _sign_block(cells[0], t("doc.waybill.permitted", lang), shop.get("director"), lang,
                seal=False)
    _sign_block(cells[1], t("doc.sign.accountant", lang), shop.get("accountant"), lang,
                seal=False)
    b.cell_text(cells[2], t("doc.sign.seal", lang), size=8.5, align=b.CENTER)
    signs = b.table(doc, 1, 3, [width / 3] * 3, borders=False)
    cells = signs.rows[0].cells
    _sign_block(cells[0], t("doc.waybill.released_by", lang), "", lang, seal=False)
    _sign_block(cells[1], t("doc.waybill.received_by", lang), "", lang, seal=False)
    b.cell_text(cells[2], t("doc.waybill.power_of_attorney", lang), size=8.5)
    return b.save(doc, path)
