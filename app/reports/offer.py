"""Commercial offer (коммерческое предложение / коммерциялық ұсыныс) for a quote.

Letterhead with the logo and the requisites, the customer, the job in the trade's words,
the quantity ladder (unit and total prices), the VAT line or "Без НДС", the validity date,
the manager and the signature.
"""
import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import List, Tuple

from docx.shared import Mm

from app.i18n import format_number, format_percent, t
from app.reports import docx_base as b


@dataclass(frozen=True)
class LadderRow:
    quantity: int
    unit_price: Decimal  # gross, per piece
    total: Decimal  # gross
    vat: Decimal = Decimal(0)
    chosen: bool = False  # the quantity the customer asked for


@dataclass(frozen=True)
class OfferData:
    number: str
    date: date
    valid_until: date
    shop: dict
    customer_name: str
    customer_contact: str
    spec_rows: List[Tuple[str, str]]
    ladder: List[LadderRow]
    with_vat: bool
    vat_pct: Decimal
    manager_name: str
    manager_phone: str = ""
    due_text: str = ""
    notes: str = ""
    extra: dict = field(default_factory=dict)


def letterhead(doc, shop: dict, width, lang):
    """Logo (if set and readable) and name on the left, the requisites on the right."""
    logo = shop.get("logo_path") or ""
    has_logo = bool(logo) and os.path.isfile(logo)
    tbl = b.table(doc, 1, 2, [width * 0.45, width * 0.55], borders=False)
    left, right = tbl.rows[0].cells
    if has_logo:
        try:
            left.paragraphs[0].add_run().add_picture(logo, height=Mm(16))
        except Exception:  # an unreadable picture must not cost the customer the offer
            has_logo = False
    b.cell_text(left, "") if not has_logo else None
    p = left.add_paragraph() if has_logo else left.paragraphs[0]
    b.add_run(p, shop.get("name") or "", bold=True, size=13)
    details = b.lines_of(
        shop.get("address"),
        b.join_nonempty(["{} {}".format(t("doc.phone", lang), shop.get("phone"))
                         if shop.get("phone") else "", shop.get("email")]),
        "{} {}".format(t("doc.bin_iin", lang), shop.get("bin")) if shop.get("bin") else "",
        b.join_nonempty(["{} {}".format(t("doc.iik", lang), shop.get("iik"))
                         if shop.get("iik") else "", shop.get("bank"),
                         "{} {}".format(t("doc.bik", lang), shop.get("bik"))
                         if shop.get("bik") else ""]))
    b.cell_text(right, "\n".join(details), size=8, align=b.RIGHT)
    b.hrule(doc, 12)


def render(data: OfferData, path, lang) -> Path:
    doc = b.new_document(margins_mm=(12, 15, 15, 20))
    width = b.text_width_mm(doc)
    letterhead(doc, data.shop, width, lang)

    b.para(doc, t("doc.offer.title", lang).upper(), bold=True, size=15, align=b.CENTER,
           space_before=8, space_after=0)
    b.para(doc, t("doc.offer.number_date", lang, number=data.number,
                  date=b.long_date(data.date, lang)), align=b.CENTER, size=10, space_after=10)

    p = b.para(doc, "", space_after=2)
    b.add_run(p, t("doc.offer.to", lang) + ": ", size=10)
    b.add_run(p, data.customer_name, bold=True, size=10)
    if data.customer_contact:
        b.para(doc, "{}: {}".format(t("doc.offer.attention", lang), data.customer_contact),
               size=10, space_after=6)
    b.para(doc, t("doc.offer.intro", lang), size=10, space_before=6, space_after=6)

    b.heading(doc, t("doc.offer.job", lang), 2)
    spec = b.table(doc, 0, 2, [55, width - 55])
    for label, value in data.spec_rows:
        row = b.add_row(spec, [label, value], size=9.5, widths_mm=[55, width - 55])
        b.shade(row.cells[0], "F2F2F2")

    b.heading(doc, t("doc.offer.prices", lang), 2)
    widths = [width / 3.0] * 3
    headers = [t("doc.offer.col.quantity", lang), t("doc.offer.col.unit_price", lang),
               t("doc.offer.col.total", lang)]
    tbl = b.data_table(doc, headers, [], widths, size=10)
    for row in data.ladder:
        r = b.add_row(tbl, ["{} {}".format(format_number(row.quantity, 0), t("doc.unit.pcs", lang)),
                            b.money(row.unit_price), b.money(row.total)],
                      bold=row.chosen, aligns=[b.CENTER, b.RIGHT, b.RIGHT], size=10,
                      widths_mm=widths)
        if row.chosen:
            for cell in r.cells:
                b.shade(cell, "FFF2CC")
    if data.with_vat:
        vat_text = t("doc.offer.vat_included", lang, pct=format_percent(data.vat_pct, None))
    else:
        vat_text = t("doc.vat.none", lang)
    b.para(doc, vat_text, bold=True, size=9.5, space_before=4)
    b.para(doc, t("doc.offer.unit_price_note", lang), size=8, italic=True)

    b.heading(doc, t("doc.offer.terms", lang), 2)
    terms = []
    if data.due_text:
        terms.append(data.due_text)
    terms.append(t("doc.offer.payment_terms", lang))
    terms.append(t("doc.offer.valid_until", lang, date=b.short_date(data.valid_until)))
    for line in terms:
        b.para(doc, "• " + line, size=10)
    if data.notes:
        b.para(doc, data.notes, size=9.5, italic=True, space_before=4)

    b.para(doc, t("doc.offer.closing", lang), size=10, space_before=10, space_after=14)
    sig = b.table(doc, 2, 3, [70, 55, width - 125], borders=False)
    b.cell_text(sig.rows[0].cells[0], t("doc.offer.manager", lang), bold=True, size=10)
    b.cell_text(sig.rows[0].cells[1], "")
    b.cell_border(sig.rows[0].cells[1], bottom=6)
    b.cell_text(sig.rows[0].cells[2], "/ {} /".format(data.manager_name), size=10)
    b.cell_text(sig.rows[1].cells[0], t("doc.sign.director", lang), bold=True, size=10)
    b.cell_text(sig.rows[1].cells[1], "")
    b.cell_border(sig.rows[1].cells[1], bottom=6)
    director = data.shop.get("director") or "____________"
    b.cell_text(sig.rows[1].cells[2], "/ {} /".format(director), size=10)
    for row in sig.rows:
        row.height = Mm(10)
        b.valign_bottom(*row.cells)
    if data.manager_phone:
        b.para(doc, "{}: {}".format(t("doc.phone", lang), data.manager_phone), size=9)
    b.para(doc, t("doc.sign.seal", lang), size=9, space_before=8)
    return b.save(doc, path)
