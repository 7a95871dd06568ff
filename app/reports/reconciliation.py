"""The reconciliation statement (акт сверки взаиморасчётов): not a statutory form; its usual
layout: the period and both parties; a table in two mirrored halves, the shop's figures and
the customer's (left blank for the customer to fill in: our debit is its credit); the opening
balance, each invoice and payment (date, document, debit, credit), the turnovers, the closing
balance; then who owes whom in figures and words; both signature blocks with seal places.

Figures come as the service gives them (app.services.reconciliation): nothing is computed
here but which column a balance goes in."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import List

from docx.shared import Mm

from app.i18n import t
from app.reports import docx_base as b
from app.reports.amount_words import amount_in_words
from app.reports.invoice import Party


@dataclass(frozen=True)
class Line:
    day: date
    kind: str         # invoice | payment | reversal
    number: str       # the invoice's number; the payment's id (a reversal: the reversed one's)
    text: str = ""    # the invoice's order number; the payment's reference
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    method: str = ""  # bank | kaspi | card | cash (payments)


@dataclass(frozen=True)
class ReconciliationData:
    shop: dict
    buyer: Party
    date_from: date
    date_to: date
    opening: Decimal  # above zero: the customer owes the shop
    lines: List[Line] = field(default_factory=list)
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    closing: Decimal = Decimal(0)


def line_text(line: Line, lang) -> str:
    if line.kind == "invoice":
        return t("doc.recon.invoice", lang, number=line.number, order=line.text)
    key = "doc.recon.payment" if line.kind == "payment" else "doc.recon.reversal"
    text = t(key, lang, number=line.number, method=t("payment.method." + line.method, lang))
    return "{} ({})".format(text, line.text) if line.text else text


def _sides(value: Decimal):
    """A balance as (debit, credit) cells: the customer's debt on the debit side."""
    if value > 0:
        return b.money(value), ""
    if value < 0:
        return "", b.money(-value)
    return b.money(0), ""


def _party(party_name, bin_, lang):
    return "{} ({} {})".format(party_name, t("doc.bin_iin", lang), bin_) if bin_ else party_name


def _result(data: ReconciliationData, shop_name, lang) -> str:
    if data.closing > 0:
        return t("doc.recon.owed_to_shop", lang, date=b.short_date(data.date_to), shop=shop_name,
                 customer=data.buyer.name, amount=b.money(data.closing),
                 words=amount_in_words(data.closing, lang))
    if data.closing < 0:
        return t("doc.recon.owed_to_customer", lang, date=b.short_date(data.date_to),
                 shop=shop_name, customer=data.buyer.name, amount=b.money(-data.closing),
                 words=amount_in_words(-data.closing, lang))
    return t("doc.recon.no_debt", lang, date=b.short_date(data.date_to), shop=shop_name)


def _sign(cell, head, name, roles, lang):
    b.cell_text(cell, head, bold=True, size=9)
    p = cell.add_paragraph()
    b.add_run(p, name, size=9)
    for role, who in roles:
        p = cell.add_paragraph()
        p.paragraph_format.space_before = Mm(4)
        b.add_run(p, "{} ____________ / {}".format(role, who or "____________"), size=9)
    p = cell.add_paragraph()
    p.paragraph_format.space_before = Mm(3)
    b.add_run(p, t("doc.sign.seal", lang), size=8.5)


def render(data: ReconciliationData, path, lang) -> Path:
    doc = b.new_document(margins_mm=(10, 10, 12, 15))
    width = b.text_width_mm(doc)
    shop = data.shop
    shop_name = shop.get("name") or ""
    b.para(doc, t("doc.recon.title", lang), bold=True, size=12, align=b.CENTER, space_after=2)
    b.para(doc, t("doc.recon.period", lang, start=b.short_date(data.date_from),
                  end=b.short_date(data.date_to)), size=9.5, align=b.CENTER, space_after=2)
    b.para(doc, t("doc.recon.between", lang, shop=_party(shop_name, shop.get("bin"), lang),
                  customer=_party(data.buyer.name, data.buyer.bin, lang)),
           size=9, align=b.CENTER, space_after=6)

    half = width / 2
    widths = [half * 0.22, half * 0.40, half * 0.19, half * 0.19] * 2
    cols = [t("doc.recon.col.date", lang), t("doc.recon.col.document", lang),
            t("doc.recon.col.debit", lang), t("doc.recon.col.credit", lang)]
    tbl = b.table(doc, 2, 8, widths)
    head = tbl.rows[0].cells
    ours = head[0].merge(head[3])
    theirs = head[4].merge(head[7])
    b.cell_text(ours, t("doc.recon.by_data", lang, party=shop_name), bold=True, size=8.5,
                align=b.CENTER)
    b.cell_text(theirs, t("doc.recon.by_data", lang, party=data.buyer.name), bold=True,
                size=8.5, align=b.CENTER)
    for i, text in enumerate(cols * 2):
        b.cell_text(tbl.rows[1].cells[i], text, bold=True, size=8, align=b.CENTER)
        b.shade(tbl.rows[1].cells[i])
    b.repeat_header(tbl.rows[0])
    b.repeat_header(tbl.rows[1])
    aligns = [b.CENTER, b.LEFT, b.RIGHT, b.RIGHT] * 2

    def summary(label, debit, credit):
        b.add_row(tbl, ["", label, debit, credit, "", label, "", ""], bold=True, aligns=aligns,
                  size=8)

    summary(t("doc.recon.opening", lang), *_sides(data.opening))
    for line in data.lines:
        b.add_row(tbl, [b.short_date(line.day), line_text(line, lang),
                        b.money(line.debit) if line.debit else "",
                        b.money(line.credit) if line.credit else "", "", "", "", ""],
                  aligns=aligns, size=8)
    summary(t("doc.recon.turnover", lang), b.money(data.debit), b.money(data.credit))
    summary(t("doc.recon.closing", lang), *_sides(data.closing))

    b.para(doc, _result(data, shop_name, lang), size=9, space_before=6, space_after=8)
    signs = b.table(doc, 1, 2, [half, half], borders=False)
    roles = ((t("doc.sign.director", lang), shop.get("director")),
             (t("doc.sign.accountant", lang), shop.get("accountant")))
    _sign(signs.rows[0].cells[0], t("doc.recon.from_party", lang), shop_name, roles, lang)
    _sign(signs.rows[0].cells[1], t("doc.recon.from_party", lang), data.buyer.name,
          ((t("doc.sign.director", lang), ""), (t("doc.sign.accountant", lang), "")), lang)
    return b.save(doc, path)
