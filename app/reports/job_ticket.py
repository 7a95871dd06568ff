"""Job ticket (наряд-заказ / жұмыс наряды) for the shop floor.

The order number as a large heading, due date, customer, the full spec, the imposition
drawing, press and paper, sheets net/waste/gross, every operation with its planned time,
materials to take from stock, the performers assigned to the order, and blank fields for
the actual figures.
"""
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import List, Optional, Tuple

from docx.shared import Mm

from app.i18n import format_number, t
from app.reports import docx_base as b


@dataclass(frozen=True)
class Operation:
    name: str
    minutes: Optional[Decimal]


@dataclass(frozen=True)
class MaterialLine:
    name: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class JobTicketData:
    order_number: str
    created: str
    due_date: Optional[str]
    customer_name: str
    customer_phone: str
    manager_name: str
    status: str
    spec_rows: List[Tuple[str, str]]
    press_name: str
    paper_name: str
    n_up: Optional[int]
    layout_text: str
    sheets_net: Optional[int]
    sheets_waste: Optional[int]
    sheets_gross: Optional[int]
    impressions: Optional[int]
    metres: Optional[Decimal]
    operations: List[Operation]
    materials: List[MaterialLine]
    drawing: Optional[str] = None  # PNG of the imposition (or of the ribbon)
    notes: str = ""
    extra: dict = field(default_factory=dict)
    performers: List[Tuple[str, str]] = field(default_factory=list)  # (name, role), translated


def render(data: JobTicketData, path, lang) -> Path:
    doc = b.new_document(margins_mm=(10, 12, 10, 15))
    width = b.text_width_mm(doc)

    head = b.table(doc, 1, 2, [width * 0.62, width * 0.38], borders=False)
    left, right = head.rows[0].cells
    b.cell_text(left, t("doc.ticket.title", lang).upper(), bold=True, size=11)
    p = left.add_paragraph()
    b.add_run(p, "№ " + data.order_number, bold=True, size=26)
    due = b.short_date(data.due_date) if data.due_date else "—"
    b.cell_text(right, "{}\n{}".format(t("doc.ticket.due", lang), due), bold=True, size=14,
                align=b.CENTER)
    b.cell_border(right, top=12, bottom=12, left=12, right=12)
    b.shade(right, "FFF2CC")

    info = b.table(doc, 2, 4, [26, width / 2 - 26, 26, width / 2 - 26])
    cells = [(t("doc.ticket.customer", lang), data.customer_name),
             (t("doc.ticket.manager", lang), data.manager_name),
             (t("doc.ticket.created", lang), b.short_date(data.created)),
             (t("doc.ticket.phone", lang), data.customer_phone or "—")]
    order = [(0, 0), (0, 2), (1, 0), (1, 2)]
    for (r, c), (label, value) in zip(order, cells):
        b.cell_text(info.rows[r].cells[c], label, size=8.5)
        b.shade(info.rows[r].cells[c], "F2F2F2")
        b.cell_text(info.rows[r].cells[c + 1], value, bold=True, size=9.5)
    if data.performers:
        row = info.add_row()
        b.cell_text(row.cells[0], t("doc.ticket.performers", lang), size=8.5)
        b.shade(row.cells[0], "F2F2F2")
        people = row.cells[1].merge(row.cells[3])
        b.cell_text(people, ";  ".join("{} ({})".format(name, role)
                                       for name, role in data.performers), bold=True, size=9.5)

    b.heading(doc, t("doc.ticket.spec", lang), 3)
    spec = b.table(doc, 0, 2, [50, width - 50])
    for label, value in data.spec_rows:
        row = b.add_row(spec, [label, value], size=9, widths_mm=[50, width - 50])
        b.shade(row.cells[0], "F2F2F2")

    b.heading(doc, t("doc.ticket.production", lang), 3)
    prod = b.table(doc, 1, 2, [width * 0.5, width * 0.5], borders=False)
    left, right = prod.rows[0].cells
    facts = [(t("doc.ticket.press", lang), data.press_name),
             (t("doc.ticket.paper", lang), data.paper_name)]
    if data.sheets_gross is not None:
        facts += [(t("doc.ticket.n_up", lang), data.layout_text),
                  (t("doc.ticket.sheets_net", lang), format_number(data.sheets_net, 0)),
                  (t("doc.ticket.sheets_waste", lang), format_number(data.sheets_waste, 0)),
                  (t("doc.ticket.sheets_gross", lang), format_number(data.sheets_gross, 0)),
                  (t("doc.ticket.impressions", lang), format_number(data.impressions or 0, 0))]
    if data.metres is not None:
        facts.append((t("doc.ticket.metres", lang), format_number(data.metres, 1)))
    facts_tbl = b.table(left, 0, 2, [38, width * 0.5 - 42])
    for label, value in facts:
        row = b.add_row(facts_tbl, [label, value], size=9, widths_mm=[38, width * 0.5 - 42])
        b.shade(row.cells[0], "F2F2F2")
        if label == t("doc.ticket.sheets_gross", lang):
            for run in row.cells[1].paragraphs[0].runs:
                run.bold = True
    if data.drawing:
        w, h = b.image_size_mm(data.drawing, width * 0.48, 62)
        right.paragraphs[0].alignment = b.CENTER
        right.paragraphs[0].add_run().add_picture(str(data.drawing), width=Mm(w), height=Mm(h))

    b.heading(doc, t("doc.ticket.operations", lang), 3)
    widths = [8, width - 8 - 24 - 24 - 34 - 26, 24, 24, 34, 26]
    headers = [t("doc.col.no", lang), t("doc.ticket.col.operation", lang),
               t("doc.ticket.col.plan_min", lang), t("doc.ticket.col.actual_min", lang),
               t("doc.ticket.col.worker", lang), t("doc.ticket.col.signature", lang)]
    rows = [[str(i), op.name, format_number(op.minutes, 0) if op.minutes is not None else "—",
             "", "", ""] for i, op in enumerate(data.operations, 1)]
    tbl = b.data_table(doc, headers, rows, widths,
                       aligns=[b.CENTER, b.LEFT, b.RIGHT, b.RIGHT, b.LEFT, b.LEFT], size=9)
    for row in tbl.rows[1:]:
        row.height = Mm(6)

    b.heading(doc, t("doc.ticket.materials", lang), 3)
    widths = [8, width - 8 - 26 - 18 - 26 - 26, 26, 18, 26, 26]
    headers = [t("doc.col.no", lang), t("doc.ticket.col.material", lang),
               t("doc.ticket.col.plan_qty", lang), t("doc.col.unit", lang),
               t("doc.ticket.col.issued", lang), t("doc.ticket.col.used", lang)]
    rows = [[str(i), m.name, b.qty(m.quantity), m.unit, "", ""]
            for i, m in enumerate(data.materials, 1)]
    tbl = b.data_table(doc, headers, rows, widths,
                       aligns=[b.CENTER, b.LEFT, b.RIGHT, b.CENTER, b.RIGHT, b.RIGHT], size=9)
    for row in tbl.rows[1:]:
        row.height = Mm(6)

    b.heading(doc, t("doc.ticket.actual", lang), 3)
    blanks = b.table(doc, 2, 4, [40, width / 2 - 40, 40, width / 2 - 40])
    if data.sheets_gross is not None:
        labels = [t("doc.ticket.actual_sheets", lang), t("doc.ticket.actual_waste", lang)]
    else:
        labels = [t("doc.ticket.actual_metres", lang), t("doc.ticket.actual_waste_m", lang)]
    labels += [t("doc.ticket.actual_finished", lang), t("doc.ticket.actual_quality", lang)]
    for (r, c), label in zip(order, labels):
        b.cell_text(blanks.rows[r].cells[c], label, size=8.5)
        b.shade(blanks.rows[r].cells[c], "F2F2F2")
        blanks.rows[r].height = Mm(8)
    notes = data.notes or ""
    b.para(doc, "{}: {}".format(t("doc.ticket.notes", lang), notes), size=9, space_before=6)
    sig = b.table(doc, 1, 4, [32, width / 2 - 32, 32, width / 2 - 32], borders=False)
    b.cell_text(sig.rows[0].cells[0], t("doc.ticket.issued_by", lang), size=9)
    b.cell_border(sig.rows[0].cells[1], bottom=6)
    b.cell_text(sig.rows[0].cells[2], t("doc.ticket.accepted_by", lang), size=9)
    b.cell_border(sig.rows[0].cells[3], bottom=6)
    sig.rows[0].height = Mm(10)
    b.valign_bottom(*sig.rows[0].cells)
    return b.save(doc, path)
