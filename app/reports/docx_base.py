"""python-docx helpers shared by every document: page, fonts, tables, borders, file names.

The documents use Arial: it has the Kazakh letters (ә ғ қ ң ө ұ ү һ і) on every Windows PC,
and LibreOffice maps it to Liberation Sans, which has them too. The font is written into
all four w:rFonts slots, so Word never falls back to a font without them.
"""
import os
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import List, Optional, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from app import private_files
from app.i18n import format_number, t

FONT = "Arial"
BASE_SIZE = 10
LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
GREY = "E7E6E6"


# ------------------------------------------------------------------ document and fonts

def _set_run_fonts(rpr, name):
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)
    # a theme font (the template's headings use them) would override the name
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme)) is not None:
            del fonts.attrib[qn(theme)]


def new_document(landscape=False, margins_mm=(15, 12, 15, 20)):
    """An A4 document with Arial everywhere. margins: top, right, bottom, left."""
    doc = Document()
    for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title",
                       "List Bullet", "List Number", "Caption"):
        try:
            style = doc.styles[style_name]
        except KeyError:
            continue
        style.font.name = FONT
        _set_run_fonts(style.element.get_or_add_rPr(), FONT)
        if style_name.startswith("Heading") or style_name == "Title":
            style.font.color.rgb = RGBColor(0, 0, 0)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BASE_SIZE)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    # document defaults as well: table text and anything unstyled
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_run_fonts(rpr, FONT)
    for name, size in (("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11), ("Title", 20)):
        try:
            doc.styles[name].font.size = Pt(size)
        except KeyError:
            pass
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    top, right, bottom, left = margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = Mm(8)
    section.footer_distance = Mm(8)
    return doc


def text_width_mm(doc) -> float:
    s = doc.sections[-1]
    return (s.page_width - s.left_margin - s.right_margin) / 36000.0


def para(container, text="", bold=False, size=None, align=None, italic=False, space_after=None,
         space_before=None, style=None, underline=False):
    """A paragraph with one run (container: document, cell, header...)."""
    p = container.add_paragraph(style=style) if style else container.add_paragraph()
    if text:
        add_run(p, text, bold=bold, size=size, italic=italic, underline=underline)
    if align is not None:
        p.alignment = align
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if space_before is not None:
        p.paragraph_format.space_before = Pt(space_before)
    return p


def add_run(p, text, bold=False, size=None, italic=False, underline=False, font=None):
    run = p.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size:
        run.font.size = Pt(size)
    if font:
        run.font.name = font
        _set_run_fonts(run._element.get_or_add_rPr(), font)
    return run


def heading(doc, text, level=1):
    h = doc.add_heading(text, level=level)
    h.paragraph_format.space_before = Pt(10 if level > 1 else 4)
    h.paragraph_format.space_after = Pt(4)
    h.paragraph_format.keep_with_next = True
    return h


def page_break(doc):
    from docx.enum.text import WD_BREAK
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def hrule(doc, weight=12):
    """A horizontal line under an empty paragraph (the thick line of 1C forms)."""
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(4)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(weight))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.append(borders)
    _tiny(p)
    return p


def _tiny(p):
    p.paragraph_format.space_before = Pt(0)
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(4)


def footer_page_numbers(doc, label):
    """'label  page N of M' in the footer, right-aligned (fields Word and LibreOffice fill)."""
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.alignment = RIGHT
    add_run(p, label + "   ", size=7.5)
    _field(p, "PAGE", size=7.5)
    add_run(p, " / ", size=7.5)
    _field(p, "NUMPAGES", size=7.5)


def _field(p, code, size=None):
    run = add_run(p, "", size=size)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


# ------------------------------------------------------------------ tables

def table(doc_or_cell, rows, cols, widths_mm: Sequence[float], borders=True, font_size=None):
    """A fixed-width table; widths in mm (Word reads the cells, LibreOffice the grid)."""
    tbl = doc_or_cell.add_table(rows=rows, cols=cols)
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl.autofit = False
    tbl_pr = tbl._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    _cell_margins(tbl, 40, 60)
    if borders:
        set_borders(tbl, 4)
    set_widths(tbl, widths_mm)
    if font_size:
        tbl._iprint_font_size = font_size
    return tbl


def set_widths(tbl, widths_mm):
    grid = tbl._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        gc.set(qn("w:w"), str(int(w * 56.7)))
    for row in tbl.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(sum(widths_mm) * 56.7)))
    total.set(qn("w:type"), "dxa")
    old = tbl._tbl.tblPr.find(qn("w:tblW"))
    if old is not None:
        tbl._tbl.tblPr.remove(old)
    tbl._tbl.tblPr.append(total)


def _cell_margins(tbl, top_bottom, left_right):
    mar = OxmlElement("w:tblCellMar")
    for side, value in (("top", top_bottom), ("left", left_right), ("bottom", top_bottom),
                        ("right", left_right)):
        el = OxmlElement("w:" + side)
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl._tbl.tblPr.append(mar)


def set_borders(tbl, size=4, inside=True):
    borders = OxmlElement("w:tblBorders")
    edges = ["top", "left", "bottom", "right"] + (["insideH", "insideV"] if inside else [])
    for edge in edges:
        el = OxmlElement("w:" + edge)
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl._tbl.tblPr.append(borders)


def cell_border(cell, **edges):
    """cell_border(cell, top=8, bottom=0): size in eighths of a point; 0 removes the edge."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tc_pr.append(borders)
    for edge, size in edges.items():
        el = OxmlElement("w:" + edge)
        if size:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        el.set(qn("w:space"), "0")
        borders.append(el)


def shade(cell, fill=GREY):
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def cell_text(cell, text, bold=False, align=None, size=None, italic=False):
    """Replace a cell's text with one formatted paragraph (lines split on \\n)."""
    lines = str(text).split("\n") if text is not None else [""]
    first = cell.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    paragraphs = [first] + [cell.add_paragraph() for _ in lines[1:]]
    for p, line in zip(paragraphs, lines):
        if line:
            add_run(p, line, bold=bold, size=size, italic=italic)
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = Pt(0)
    return cell


def fill_row(row, values, bold=False, aligns=None, size=None):
    for i, (cell, value) in enumerate(zip(row.cells, values)):
        cell_text(cell, value, bold=bold, align=aligns[i] if aligns else None, size=size)


def add_row(tbl, values, bold=False, aligns=None, size=None, widths_mm=None):
    row = tbl.add_row()
    if widths_mm:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    fill_row(row, values, bold, aligns, size)
    return row


def repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def data_table(doc, headers, rows, widths_mm, aligns=None, size=8.5, total_row=None):
    """A bordered table with a grey repeating header, body rows and an optional bold total.

    Built as XML rows in one go: python-docx's add_row per row is slow for registers."""
    tbl = table(doc, 1, len(headers), widths_mm)
    header = tbl.rows[0]
    fill_row(header, headers, bold=True, aligns=[CENTER] * len(headers), size=size)
    for cell in header.cells:
        shade(cell)
    repeat_header(header)
    for values in rows:
        add_row(tbl, values, aligns=aligns, size=size, widths_mm=widths_mm)
    if total_row is not None:
        add_row(tbl, total_row, bold=True, aligns=aligns, size=size, widths_mm=widths_mm)
    return tbl


def spacer(container, points=2):
    """A tiny paragraph: keeps two tables apart (Word and LibreOffice join adjacent ones)."""
    p = container.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.line_spacing = Pt(points)
    return p


def valign_bottom(*cells):
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM


def image_size_mm(path, max_w, max_h):
    """(width, height) in mm that fit the box and keep the picture's proportions."""
    from PIL import Image
    with Image.open(str(path)) as im:
        w, h = im.size
    scale = min(max_w / float(w), max_h / float(h))
    return w * scale, h * scale


def picture(container, path, width_mm):
    """An image in its own centred paragraph."""
    p = container.add_paragraph()
    p.alignment = CENTER
    p.add_run().add_picture(str(path), width=Mm(width_mm))
    return p


# ------------------------------------------------------------------ words and numbers

def money(value) -> str:
    """'26 784,40' (no currency sign: the columns say ₸)."""
    return format_number(value, 2)


def qty(value) -> str:
    value = Decimal(value)
    if value == value.to_integral_value():
        return format_number(value, 0)
    return format_number(value, 2)


def long_date(d, lang) -> str:
    """12 января 2026 г. / 2026 жылғы 12 қаңтар / 12 January 2026."""
    d = as_date(d)
    month = t("doc.month.gen.{}".format(d.month), lang)
    if lang == "kk":
        return "{} жылғы {} {}".format(d.year, d.day, month)
    if lang == "ru":
        return "{} {} {} г.".format(d.day, month, d.year)
    return "{} {} {}".format(d.day, month, d.year)


def short_date(d) -> str:
    if d in (None, ""):
        return ""
    return as_date(d).strftime("%d.%m.%Y")


def as_date(d) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    return datetime.strptime(str(d)[:10], "%Y-%m-%d").date()


# ------------------------------------------------------------------ file names

_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f«»“”„\'`]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {"COM%d" % i for i in range(1, 10)} | {
    "LPT%d" % i for i in range(1, 10)}


def safe_filename(*parts, ext=".docx", limit=120) -> str:
    """'Счёт_2026-000123_ТОО_Алтын_Дән.docx': safe on Windows, letters kept as they are."""
    text = "_".join(str(p) for p in parts if p not in (None, ""))
    text = unicodedata.normalize("NFC", text)
    text = _BAD.sub("", text)
    text = re.sub(r"\s+", "_", text.strip())
    text = re.sub(r"_+", "_", text).strip("._ ")
    text = text[:limit].rstrip("._ ") or "document"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text + ext


def save(doc, path) -> Path:
    """Save via a temporary file in the same folder, so a half-written .docx never remains."""
    path = Path(path)
    private_files.make_folder(path.parent)
    tmp = path.with_name("~tmp-" + path.name)
    doc.save(str(tmp))
    private_files.restrict(tmp)
    os.replace(str(tmp), str(path))
    return path


def lines_of(*parts) -> List[str]:
    return [p for p in parts if p]


def join_nonempty(parts, sep=", ") -> str:
    return sep.join(str(p) for p in parts if p)


def optional(value: Optional[str], dash="—") -> str:
    return value if value else dash
