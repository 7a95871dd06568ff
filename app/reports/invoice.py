"""Invoice for payment (счёт на оплату / төлемге арналған шот) in the usual 1C layout.

Top: the payment-order sample (beneficiary, BIN, IIK, Kbe, bank, BIK, KNP) and the purpose
of payment; then the number and date over a thick line, supplier and buyer with BIN and
address, the contract, the order and the day payment is due; the table (No, code, name,
quantity, unit, price, sum), the total, VAT or "Без НДС", "Всего наименований N на сумму …"
and the total in words; the director's, the accountant's and the performer's (the order's
manager) signature lines and the place of the seal.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import List, Optional

from docx.shared import Mm, Pt

from app.i18n import format_percent, t
from app.reports import docx_base as b
from app.reports.amount_words import amount_in_words


@dataclass(frozen=True)
class InvoiceLine:
    name: str
    quantity: Decimal
    unit: str
    price: Decimal
    amount: Decimal
    code: str = ""  # the product type's code (Код)
    run: bool = False  # the whole run as one line: its price per piece is no whole tiyn


@dataclass(frozen=True)
class Party:
    name: str
    bin: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class InvoiceData:
    number: str
    date: date
    shop: dict  # the requisites (app.services.shop.FIELDS)
    buyer: Party
    lines: List[InvoiceLine]
    total: Decimal
    vat: Optional[Decimal]  # None: the shop charges no VAT ("Без НДС")
    vat_pct: Decimal = Decimal(0)
    contract: str = ""
    order_number: str = ""
    purpose: str = ""  # Төлем мақсаты / назначение платежа
    due_date: Optional[date] = None  # pay by (the invoice's date and the shop's term)
    manager_name: str = ""  # "Исполнитель": who made the order
    extra: dict = field(default_factory=dict)


def render(data: InvoiceData, path, lang) -> Path:
    doc = b.new_document(margins_mm=(12, 12, 12, 18))
    width = b.text_width_mm(doc)
    shop = data.shop

    b.para(doc, t("doc.invoice.notice", lang), size=7.5, italic=True, space_after=4)
    b.para(doc, t("doc.invoice.sample", lang), bold=True, size=9, space_after=1)
    _payment_block(doc, shop, width, lang)
    if data.purpose:
        p = b.para(doc, "", size=9, space_before=3)
        b.add_run(p, t("doc.invoice.purpose", lang) + ": ", size=9)
        b.add_run(p, data.purpose, bold=True, size=9)

    b.para(doc, "", space_after=6)
    title = t("doc.invoice.title", lang, number=data.number, date=b.long_date(data.date, lang))
    b.para(doc, title, bold=True, size=14, space_after=2, space_before=6)
    b.hrule(doc, 18)

    heads = [(t("doc.invoice.supplier", lang), None), (t("doc.invoice.buyer", lang), None),
             (t("doc.invoice.contract", lang), data.contract or t("doc.invoice.no_contract", lang))]
    if data.order_number:
        heads.append((t("doc.invoice.order", lang), data.order_number))
    if data.due_date is not None:
        heads.append((t("doc.invoice.pay_by", lang), b.short_date(data.due_date)))
    parties = b.table(doc, len(heads), 2, [28, width - 28], borders=False)
    supplier = b.join_nonempty([
        "{} {}".format(t("doc.bin_iin", lang), shop.get("bin")) if shop.get("bin") else "",
        shop.get("name"), shop.get("address"),
        "{} {}".format(t("doc.phone", lang), shop.get("phone")) if shop.get("phone") else ""])
    buyer = b.join_nonempty([
        "{} {}".format(t("doc.bin_iin", lang), data.buyer.bin) if data.buyer.bin else "",
        data.buyer.name, data.buyer.address,
        "{} {}".format(t("doc.phone", lang), data.buyer.phone) if data.buyer.phone else ""])
    heads[0:2] = [(heads[0][0], supplier), (heads[1][0], buyer)]
    for row, (label, value) in zip(parties.rows, heads):
        b.cell_text(row.cells[0], label + ":", size=9)
        b.cell_text(row.cells[1], value, bold=True, size=9)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(3)
    b.para(doc, "", space_after=2)

    widths = [9, 16, width - 9 - 16 - 20 - 14 - 26 - 28, 20, 14, 26, 28]
    headers = [t("doc.col.no", lang), t("doc.col.code", lang), t("doc.col.name", lang),
               t("doc.col.qty", lang), t("doc.col.unit", lang), t("doc.col.price", lang),
               t("doc.col.sum", lang)]
    rows = [[str(i), line.code, line.name, b.qty(line.quantity), line.unit, b.money(line.price),
             b.money(line.amount)] for i, line in enumerate(data.lines, 1)]
    aligns = [b.CENTER, b.CENTER, b.LEFT, b.RIGHT, b.CENTER, b.RIGHT, b.RIGHT]
    tbl = b.data_table(doc, headers, rows, widths, aligns=aligns, size=9)
    tbl.rows[0].height = Mm(8)
    if any(line.run for line in data.lines):  # said, not hidden: why the run is one line
        b.para(doc, t("doc.invoice.run_note", lang), size=7.5, italic=True, space_before=2)
    b.spacer(doc)
    totals = b.table(doc, 0, 2, [width - 28, 28], borders=False)
    b.add_row(totals, [t("doc.invoice.total", lang) + ":", b.money(data.total)], bold=True,
              aligns=[b.RIGHT, b.RIGHT], size=9.5)
    if data.vat is None:
        b.add_row(totals, [t("doc.vat.none", lang), ""], bold=True, aligns=[b.RIGHT, b.RIGHT],
                  size=9.5)
    else:
        label = t("doc.invoice.vat_included", lang, pct=format_percent(data.vat_pct, None))
        b.add_row(totals, [label + ":", b.money(data.vat)], bold=True,
                  aligns=[b.RIGHT, b.RIGHT], size=9.5)

    b.para(doc, t("doc.invoice.count_line", lang, count=len(data.lines),
                  total=b.money(data.total)), size=9.5, space_before=4)
    words = amount_in_words(data.total, lang)
    p = b.para(doc, "", space_after=4)
    b.add_run(p, t("doc.invoice.to_pay_words", lang) + ": ", size=9.5)
    b.add_run(p, words, bold=True, size=9.5)
    b.hrule(doc, 18)

    _signatures(doc, shop, width, lang, data.manager_name)
    return b.save(doc, path)


def _payment_block(doc, shop, width, lang):
    """The 1C sample of a payment order: 3 columns, label above value, heavy frame."""
    widths = [width - 62 - 26, 62, 26]
    tbl = b.table(doc, 2, 3, widths, borders=True)
    beneficiary = "\n".join(b.lines_of(
        t("doc.invoice.beneficiary", lang) + ":", shop.get("name") or "",
        "{} {}".format(t("doc.bin_iin", lang), shop.get("bin")) if shop.get("bin") else ""))
    cells = tbl.rows[0].cells
    b.cell_text(cells[0], beneficiary, size=9)
    _bold_line(cells[0], 1)
    b.cell_text(cells[1], "{}\n{}".format(t("doc.iik", lang), shop.get("iik") or ""), size=9,
                align=b.CENTER)
    _bold_line(cells[1], 1)
    b.cell_text(cells[2], "{}\n{}".format(t("doc.kbe", lang), shop.get("kbe") or ""), size=9,
                align=b.CENTER)
    _bold_line(cells[2], 1)
    cells = tbl.rows[1].cells
    b.cell_text(cells[0], "{}:\n{}".format(t("doc.invoice.bank", lang), shop.get("bank") or ""),
                size=9)
    b.cell_text(cells[1], "{}\n{}".format(t("doc.bik", lang), shop.get("bik") or ""), size=9,
                align=b.CENTER)
    _bold_line(cells[1], 1)
    b.cell_text(cells[2], "{}\n{}".format(t("doc.knp", lang), shop.get("knp") or ""), size=9,
                align=b.CENTER)
    _bold_line(cells[2], 1)
    b.set_borders(tbl, 8, inside=False)


def _bold_line(cell, index):
    paragraphs = cell.paragraphs
    if index < len(paragraphs):
        for run in paragraphs[index].runs:
            run.bold = True


def _signatures(doc, shop, width, lang, manager_name=""):
    tbl = b.table(doc, 3, 4, [38, 52, 8, width - 98], borders=False)
    rows = ((t("doc.sign.director", lang), shop.get("director") or ""),
            (t("doc.sign.accountant", lang), shop.get("accountant") or ""),
            (t("doc.sign.performer", lang), manager_name))
    for row, (role, name) in zip(tbl.rows, rows):
        b.cell_text(row.cells[0], role, bold=True, size=9.5)
        b.cell_text(row.cells[1], "", size=9.5)
        b.cell_border(row.cells[1], bottom=6)
        b.cell_text(row.cells[2], "", size=9.5)
        b.cell_text(row.cells[3], "/ {} /".format(name) if name else "/ ____________ /",
                    size=9.5)
        row.height = Mm(10)
        b.valign_bottom(*row.cells)
    b.para(doc, t("doc.sign.seal", lang), size=9, space_before=10)
