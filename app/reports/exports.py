"""Tables to .xlsx (openpyxl) and to CSV that Excel opens with Cyrillic and Kazakh letters.

CSV: UTF-8 with a BOM (Excel's sign that the file is UTF-8), ';' between fields (the list
separator of Russian and Kazakh Windows), CRLF, decimal comma. A text cell that starts
with = + - @ TAB or CR gets a leading apostrophe, so a customer's name such as
"=cmd|' /C calc'!A0" can never run as a formula (CSV/formula injection). Numbers we
write ourselves are numbers, not text, and are left as they are.

xlsx: text is stored as text (never as a formula), money as numbers with two decimals.
"""
import csv
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import List, Sequence

from app import private_files

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: List[Sequence]
    widths: Sequence[int] = field(default_factory=list)  # characters; guessed when empty


def neutralise(text: str) -> str:
    """'=1+2' -> "'=1+2": Excel and LibreOffice show it as text and never evaluate it."""
    if text and text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return "{:f}".format(value).replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return neutralise(str(value))


def _tmp(path: Path) -> Path:
    return path.with_name("~tmp-" + path.name)


def write_csv(path, headers: Sequence[str], rows) -> Path:
    path = Path(path)
    private_files.make_folder(path.parent)
    tmp = _tmp(path)
    with open(str(tmp), "w", encoding="utf-8-sig", newline="") as fh:
        private_files.restrict(tmp)
        writer = csv.writer(fh, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL,
                            lineterminator="\r\n")
        writer.writerow([csv_value(h) for h in headers])
        for row in rows:
            writer.writerow([csv_value(v) for v in row])
    os.replace(str(tmp), str(path))
    return path


def write_xlsx(path, sheets: Sequence[Sheet]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    private_files.make_folder(path.parent)
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="E7E6E6")
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.title))
        ws.append([str(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font = bold
            cell.fill = grey
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        widths = [len(str(h)) for h in sheet.headers]
        for r, row in enumerate(sheet.rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                _put(cell, value)
                if c <= len(widths):
                    widths[c - 1] = max(widths[c - 1], min(60, len(_shown(value))))
        for c, w in enumerate(sheet.widths or widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = max(6, min(60, w + 2))
        ws.freeze_panes = "A2"
        if sheet.rows:
            ws.auto_filter.ref = "A1:{}{}".format(get_column_letter(len(sheet.headers)),
                                                  len(sheet.rows) + 1)
    tmp = _tmp(path)
    wb.save(str(tmp))
    private_files.restrict(tmp)
    os.replace(str(tmp), str(path))
    return path


def _sheet_title(title) -> str:
    bad = '[]:*?/\\'
    clean = "".join("_" if ch in bad else ch for ch in str(title)).strip("'") or "Sheet"
    return clean[:31]


def _shown(value) -> str:
    if isinstance(value, Decimal):
        return "{:,.2f}".format(value)
    return "" if value is None else str(value)


def _put(cell, value):
    if value is None:
        return
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Decimal):
        cell.value = value
        cell.number_format = "#,##0.00"
    elif isinstance(value, (int, float)):
        cell.value = value
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = "DD.MM.YYYY HH:MM"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "DD.MM.YYYY"
    else:
        text = str(value)
        cell.value = text
        # openpyxl would take a leading '=' as a formula: keep it text, shown as typed
        cell.data_type = "s"
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
