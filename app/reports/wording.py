"""The job described in the trade's words: format, paper, colours, finishing.

Used by the offer (a table of the spec), the invoice (one line) and the job ticket.
Catalog names (papers, ribbons, presses) are the shop's own data and print as entered.
"""
from typing import List, Tuple

from app.domain.catalog import Catalog
from app.domain.job import JobSpec
from app.i18n import format_number, t

# Standard sizes a customer names by their letters
NAMED_SIZES = {(210, 297): "A4", (148, 210): "A5", (105, 148): "A6", (297, 420): "A3",
               (99, 210): "Евро", (90, 50): "", (85, 55): "", (420, 594): "A2"}


def format_text(spec: JobSpec, lang) -> str:
    w, h = spec.width_mm, spec.height_mm
    size = "{}×{} {}".format(w, h, t("doc.unit.mm", lang))
    name = NAMED_SIZES.get((w, h)) or NAMED_SIZES.get((h, w))
    if name == "Евро":
        name = t("doc.size.euro", lang)
    return "{} ({})".format(name, size) if name else size


def colours_text(spec: JobSpec, lang) -> str:
    front, back = spec.front_colours, spec.back_colours
    if front >= 4 and back in (0, 4):
        kind = t("doc.colours.full", lang)
    elif front == 1 and back in (0, 1):
        kind = t("doc.colours.mono", lang)
    else:
        kind = t("doc.colours.mixed", lang)
    sides = t("doc.colours.one_side" if back == 0 else "doc.colours.two_sides", lang)
    return "{} — {}, {}".format(spec.colours, kind, sides)


def paper_text(spec: JobSpec, catalog: Catalog) -> str:
    paper = catalog.papers.get(spec.paper) if catalog else None
    return paper.name if paper else spec.paper


def press_text(code, catalog: Catalog) -> str:
    press = catalog.press(code) if catalog else None
    return press.name if press else (code or "")


def material_name(code, catalog: Catalog) -> str:
    if catalog:
        if code in catalog.papers:
            return catalog.papers[code].name
        if code in catalog.materials:
            return catalog.materials[code].name
    return code


def finishing(spec: JobSpec, lang, full_sheet=False) -> List[str]:
    out = []
    if spec.product_type != "label" and not full_sheet:
        out.append(t("doc.finish.cutting", lang))
    if spec.lamination_sides:
        out.append(t("doc.finish.lamination", lang, sides=spec.lamination_sides))
    if spec.numbering:
        out.append(t("doc.finish.numbering", lang))
    if spec.pad_sheets:
        out.append(t("doc.finish.padding", lang, n=spec.pad_sheets))
    if spec.product_type == "journal":
        if spec.cover in ("soft", "hard"):
            out.append(t("doc.finish.cover_" + spec.cover, lang))
        elif spec.cover and spec.cover != "none":
            out.append(t("doc.finish.cover_other", lang, code=spec.cover))
        if spec.page_numbering:
            out.append(t("doc.finish.page_numbering", lang))
        if spec.lacing_sealing:
            out.append(t("doc.finish.lacing_sealing", lang))
    return out


def product_text(spec: JobSpec, lang) -> str:
    kind = t("product." + spec.product_type, lang)
    return "{} ({})".format(spec.name, kind.lower()) if spec.name else kind


def spec_rows(spec: JobSpec, catalog: Catalog, lang, layout=None) -> List[Tuple[str, str]]:
    """(label, value) rows describing the job, in the order a print shop lists them."""
    rows = [(t("doc.spec.product", lang), product_text(spec, lang)),
            (t("doc.spec.quantity", lang), "{} {}".format(format_number(spec.quantity, 0),
                                                         t("doc.unit.pcs", lang)))]
    if spec.product_type == "label":
        ribbon = catalog.materials.get(spec.ribbon) if catalog else None
        rows.append((t("doc.spec.label_length", lang),
                     "{} {}".format(spec.label_length_mm, t("doc.unit.mm", lang))))
        rows.append((t("doc.spec.ribbon", lang), ribbon.name if ribbon else spec.ribbon))
        rows.append((t("doc.spec.label_colours", lang), str(spec.label_colours)))
    else:
        if spec.product_type == "journal":
            rows.append((t("doc.spec.sheets_per_journal", lang),
                         "{} {}".format(spec.sheets_per_journal, t("doc.unit.sheets", lang))))
        rows.append((t("doc.spec.format", lang), format_text(spec, lang)))
        rows.append((t("doc.spec.paper", lang), paper_text(spec, catalog)))
        rows.append((t("doc.spec.colours", lang), colours_text(spec, lang)))
        if spec.bleed_mm:
            rows.append((t("doc.spec.bleed", lang),
                         "{} {}".format(spec.bleed_mm, t("doc.unit.mm", lang))))
    full = bool(layout and layout.full_sheet)
    fin = finishing(spec, lang, full)
    rows.append((t("doc.spec.finishing", lang), ", ".join(fin) if fin else t("doc.none", lang)))
    if spec.designer_minutes:
        rows.append((t("doc.spec.design", lang),
                     t("doc.spec.design_minutes", lang, minutes=spec.designer_minutes)))
    if spec.rush:
        rows.append((t("doc.spec.rush", lang), t("doc.yes", lang)))
    return rows


def one_line(spec: JobSpec, catalog: Catalog, lang) -> str:
    """'Визитки (печать), 90×50 мм, 4+4, Мелованная 300 г/м² SRA3, ламинация 2 ст.'"""
    parts = [spec.name or t("product." + spec.product_type, lang)]
    if spec.product_type == "label":
        ribbon = catalog.materials.get(spec.ribbon) if catalog else None
        parts.append("{} {}".format(spec.label_length_mm, t("doc.unit.mm", lang)))
        parts.append(ribbon.name if ribbon else spec.ribbon)
        parts.append(t("doc.spec.colours_n", lang, n=spec.label_colours))
    else:
        if spec.product_type == "journal":
            parts.append("{} {}".format(spec.sheets_per_journal, t("doc.unit.sheets", lang)))
        parts.append(format_text(spec, lang))
        parts.append(spec.colours)
        parts.append(paper_text(spec, catalog))
    parts += [f for f in finishing(spec, lang, True)]
    return ", ".join(p for p in parts if p)
