"""The incoming cash order, form КО-1 (приходный кассовый ордер), with its tear-off receipt
(квитанция) for the payer: the organisation with BIN, number and date; the debit (cash) and the
corresponding credit account, the sum; received from; the grounds (the invoices paid, else an
advance); the sum in words; the chief accountant's and the cashier's signatures.

Figures come as the service gives them; the accounts are the shop's settings."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import List

from app.i18n import t
from app.reports import docx_base as b
from app.reports.amount_words import amount_in_words
from app.reports.invoice import Party


@dataclass(frozen=True)
class CashOrderData:
    number: str
    date: date
    shop: dict
    payer: Party
    amount: Decimal
    invoices: List[str] = field(default_factory=list)
    reference: str = ""
    debit_account: str = ""
    credit_account: str = ""
    cashier: str = ""


def grounds(data: CashOrderData, lang) -> str:
    text = (t("doc.cash.for_invoices", lang, numbers=", ".join(data.invoices))
            if data.invoices else t("doc.cash.advance", lang))
    return "{}; {}".format(text, data.reference) if data.reference else text


def _payer(data, lang):
    return b.join_nonempty([data.payer.name, "{} {}".format(t("doc.bin_iin", lang),
                                                             data.payer.bin)
                            if data.payer.bin else ""])


def _lines(doc, width, rows):
    tbl = b.table(doc, 0, 2, [42, width - 42], borders=False)
    for label, value in rows:
        row = b.add_row(tbl, [label + ":", value], size=9)
        b.cell_text(row.cells[1], value, bold=True, size=9)
        b.cell_border(row.cells[1], bottom=4)
    return tbl


def _signatures(doc, width, data, lang):
    shop = data.shop
    tbl = b.table(doc, 0, 2, [width / 2, width / 2], borders=False)
    b.add_row(tbl, ["{} ____________ / {}".format(t("doc.sign.accountant", lang),
                                                 shop.get("accountant") or "____________"),
                    "{} ____________ / {}".format(t("doc.cash.cashier", lang),
                                                 data.cashier or "____________")], size=9)


def render(data: CashOrderData, path, lang) -> Path:
    doc = b.new_document(margins_mm=(10, 12, 12, 18))
    width = b.text_width_mm(doc)
    shop = data.shop
    b.para(doc, t("doc.cash.form", lang), size=7.5, align=b.RIGHT, space_after=2)
    b.para(doc, b.join_nonempty([shop.get("name") or "", "{} {}".format(
        t("doc.bin_iin", lang), shop.get("bin")) if shop.get("bin") else ""]), bold=True,
        size=9.5, space_after=4)
    head = b.table(doc, 2, 3, [width - 70, 35, 35], borders=False)
    b.cell_text(head.rows[0].cells[0], t("doc.cash.title", lang), bold=True, size=12)
    for i, (label, value) in enumerate(((t("doc.closing.doc_number", lang), data.number),
                                        (t("doc.closing.doc_date", lang),
                                         b.short_date(data.date)))):
        top, cell = head.rows[0].cells[i + 1], head.rows[1].cells[i + 1]
        b.cell_text(top, label, size=7.5, align=b.CENTER)
        b.cell_text(cell, value, bold=True, size=9.5, align=b.CENTER)
        for c in (top, cell):
            b.cell_border(c, top=6, bottom=6, left=6, right=6)
    b.spacer(doc, 4)
    headers = [t("doc.cash.col.debit", lang), t("doc.cash.col.credit", lang),
               t("doc.cash.col.sum", lang), t("doc.cash.col.purpose", lang)]
    b.data_table(doc, headers, [[data.debit_account, data.credit_account, b.money(data.amount),
                                 ""]], [width / 4] * 4, aligns=[b.CENTER] * 4, size=8.5)
    b.spacer(doc, 4)
    _lines(doc, width, ((t("doc.cash.received_from", lang), _payer(data, lang)),
                        (t("doc.cash.grounds", lang), grounds(data, lang)),
                        (t("doc.cash.sum_words", lang), amount_in_words(data.amount, lang)),
                        (t("doc.cash.including", lang), ""),
                        (t("doc.cash.attachment", lang), "")))
    b.spacer(doc, 6)
    _signatures(doc, width, data, lang)

    b.para(doc, "✂ " + "-" * 40 + " " + t("doc.cash.cut", lang) + " " + "-" * 40, size=7,
           align=b.CENTER, space_before=10, space_after=8)
    b.para(doc, shop.get("name") or "", bold=True, size=9, space_after=2)
    b.para(doc, t("doc.cash.receipt", lang, number=data.number), bold=True, size=11,
           space_after=4)
    _lines(doc, width, ((t("doc.cash.received_from", lang), _payer(data, lang)),
                        (t("doc.cash.grounds", lang), grounds(data, lang)),
                        (t("doc.cash.col.sum", lang), b.money(data.amount)),
                        (t("doc.cash.sum_words", lang), amount_in_words(data.amount, lang)),
                        (t("doc.closing.doc_date", lang), b.long_date(data.date, lang))))
    b.spacer(doc, 6)
    _signatures(doc, width, data, lang)
    b.para(doc, t("doc.sign.seal", lang), size=8.5, space_before=4)
    return b.save(doc, path)
