"""Import customers from a CSV or Excel (.xlsx) file: all rows or none.

CSV: UTF-8 with or without BOM, `;` or `,` between cells, a header row. Excel: the first sheet,
a header row. Columns are found by their English, Russian or Kazakh names (name, bin,
contact_person, phone, email, address, discount_pct; «Наименование», «БИН», «Скидка, %»…);
other columns are ignored and reported. Every row is checked like the customer form; one bad
row stops the import with an error naming the row and the field, and nothing is saved.

Screens and the command line first call preview() (every row read and checked, every bad row's
error collected, nothing written), show it, then commit() the preview: all rows or none.
"""
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

from app.domain import text
from app.domain.errors import DomainError, ValidationError
from app.services import customers as customers_service
from app.services.session import Session, logged_in
from app.storage import audit
from app.storage import customers as customers_db

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip: a tiny file may unpack to gigabytes
MAX_ROWS = 10000
MAX_CELL = 10000

FIELDS = ("name", "bin", "contact_person", "phone", "email", "address", "discount_pct", "notes")

# header names as people write them, after _norm(): lower case, single spaces, no "*:"
HEADERS = {
    "name": ("name", "customer", "company", "наименование", "название", "имя", "клиент",
             "заказчик", "организация", "компания", "атауы", "атау", "тапсырыс беруші"),
    "bin": ("bin", "iin", "bin/iin", "bin / iin", "бин", "иин", "бин/иин", "бин / иин",
            "иин/бин", "бсн", "жсн", "бсн/жсн"),
    "contact_person": ("contact_person", "contact person", "contact", "контактное лицо",
                       "контакт", "байланыс тұлғасы"),
    "phone": ("phone", "telephone", "tel", "телефон", "тел", "тел."),
    "email": ("email", "e-mail", "mail", "эл. почта", "эл.почта", "электронная почта",
              "почта", "электрондық пошта", "эл. пошта"),
    "address": ("address", "адрес", "мекенжай", "мекен-жай"),
    "discount_pct": ("discount_pct", "discount", "discount, %", "discount %", "скидка",
                     "скидка, %", "скидка %", "скидка,%", "жеңілдік", "жеңілдік, %"),
    "notes": ("notes", "note", "comment", "примечание", "примечания", "комментарий",
              "ескертпе"),
}
_COLUMN = {alias: field for field, names in HEADERS.items() for alias in names}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\t\r\n\u2028\u2029\x85]")
MULTILINE = ("address", "notes")
# what a spreadsheet would run as a formula (DDE: =cmd|' /C calc'!A0, +cmd|…, @SUM(…))
_FORMULA = re.compile(r"^\s*(=|@|[+\-][^\d\s(.,]|[+\-].*([|!]|[A-Za-z]\())")


@dataclass(frozen=True)
class ImportResult:
    imported: int
    customer_ids: Tuple[int, ...]
    ignored_columns: Tuple[str, ...]


class RowError(ValidationError):
    """A row of the file is wrong: the message names the row, the field and the rule."""

    frame = "import.row"

    def __init__(self, row, inner: DomainError):
        super().__init__(inner.key, inner.field, **inner.params)
        self.params["row"] = row
        self.row = row
        self.inner = inner


@dataclass(frozen=True)
class PreviewRow:
    row: int  # the row number in the file (the header is row 1)
    data: dict  # cleaned as it will be saved when the row is good, as read when not
    error: Optional[RowError] = None


@dataclass(frozen=True)
class Preview:
    """What a file would import, read and checked, nothing written."""
    source: str
    rows: Tuple[PreviewRow, ...]
    ignored_columns: Tuple[str, ...]

    @property
    def errors(self) -> Tuple[RowError, ...]:
        return tuple(r.error for r in self.rows if r.error is not None)

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.errors


def _norm(header) -> str:
    text = "" if header is None else str(header)
    text = text.replace("\ufeff", "").replace("\u00a0", " ").strip().strip("*:").strip().lower()
    return re.sub(r"\s+", " ", text)


def _cell(value) -> str:
    """A cell as text: whole numbers without '.0' (Excel keeps a BIN as a number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def read_table(path) -> List[List[str]]:
    """Rows of text cells, header first, from a .csv or .xlsx file."""
    path = str(path)
    name = os.path.basename(os.path.normpath(path))
    if os.path.isdir(path):  # a folder picked instead of a file: open() would raise IsADirectoryError
        raise ValidationError("error.import.not_a_file", "file", name=name)
    try:
        size = os.path.getsize(path)
    except OSError:
        raise ValidationError("error.import.unreadable", "file", name=name) from None
    if size > MAX_FILE_BYTES:
        raise ValidationError("error.import.too_large", "file", max_mb=MAX_FILE_BYTES // 2 ** 20)
    ext = os.path.splitext(path)[1].lower()
    if ext in (".csv", ".txt"):
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:  # no permission, or it vanished since
            raise ValidationError("error.import.unreadable", "file", name=name) from None
        return read_csv_bytes(data)
    if ext in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise ValidationError("error.import.format", "file", ext=ext or "?")


def read_csv_bytes(data: bytes) -> List[List[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("error.import.encoding", "file", position=exc.start) from exc
    if "\x00" in text:
        raise ValidationError("error.import.broken", "file")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ValidationError("error.import.broken", "file", detail=str(exc)) from exc
    return rows


def read_xlsx(path) -> List[List[str]]:
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("error.import.broken", "file") from None
    if unpacked > MAX_UNPACKED_BYTES:  # the limit hit is the unpacked one: name it, not the file's
        raise ValidationError("error.import.too_large_unpacked", "file",
                              max_mb=MAX_UNPACKED_BYTES // 2 ** 20)
    try:
        import openpyxl
    except ImportError:
        raise ValidationError("error.import.no_excel", "file") from None
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            rows = []
            for values in ws.iter_rows(values_only=True):
                rows.append([_cell(v) for v in values])
                if len(rows) > MAX_ROWS + 1:
                    break
        finally:
            wb.close()
    except DomainError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, lxml…) on a bad file
        raise ValidationError("error.import.broken", "file", detail=type(exc).__name__) from exc
    return rows


def columns(header) -> Tuple[Dict[int, str], Tuple[str, ...]]:
    """{column index: field} and the names of the columns ignored."""
    found, ignored = {}, []
    for i, title in enumerate(header):
        key = _norm(title)
        field = _COLUMN.get(key)
        if field is None:
            if key:
                ignored.append(str(title).strip()[:100])
            continue
        if field in found.values():
            raise ValidationError("error.import.duplicate_column", "file", column=str(title)[:100])
        found[i] = field
    if "name" not in found.values():
        raise ValidationError("error.import.no_name_column", "file")
    return found, tuple(ignored)


def _check_text(row_no, field, text):
    if len(text) > MAX_CELL:
        raise RowError(row_no, ValidationError("error.field.too_long", field, max=MAX_CELL))
    if _CONTROL.search(text) or (field not in MULTILINE and _LINE_BREAK.search(text)):
        raise RowError(row_no, ValidationError("error.import.control_char", field))
    if _FORMULA.match(text):
        raise RowError(row_no, ValidationError("error.import.formula", field))


def check(rows) -> Tuple[List[PreviewRow], Tuple[str, ...]]:
    """Every row checked like the customer form, in file order, each bad one with its error.

    A file that is not a table of customers at all (no name column, too many rows…) raises."""
    rows = [list(r) for r in rows]
    while rows and not any(_cell(c).strip() for c in rows[0]):
        rows.pop(0)  # blank lines above the header
    if not rows:
        raise ValidationError("error.import.empty", "file")
    header_at = 1
    cols, ignored = columns(rows[0])
    out = []
    bins = {}
    width = len(rows[0])
    for offset, raw in enumerate(rows[1:], start=header_at + 1):
        cells = [_cell(c) for c in raw]
        if not any(c.strip() for c in cells):
            continue
        if len(out) >= MAX_ROWS:
            raise ValidationError("error.import.too_many_rows", "file", max=MAX_ROWS)
        data = {field: cells[i] if i < len(cells) else "" for i, field in cols.items()}
        try:
            out.append(PreviewRow(offset, _checked_row(offset, cells, width, cols, bins)))
        except RowError as exc:
            out.append(PreviewRow(offset, data, exc))
    if not out:
        raise ValidationError("error.import.no_rows", "file")
    return out, ignored


def _checked_row(offset, cells, width, cols, bins) -> dict:
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        raise RowError(offset, ValidationError("error.import.extra_cells", "file"))
    data = {}
    for i, field in cols.items():
        text = cells[i] if i < len(cells) else ""
        _check_text(offset, field, text)
        data[field] = text
    try:
        customer = customers_service.validate(data)
    except DomainError as exc:
        raise RowError(offset, exc) from exc
    if customer.bin:
        if customer.bin in bins:
            raise RowError(offset, ValidationError("error.import.duplicate_bin", "bin",
                                                   other_row=bins[customer.bin]))
        bins[customer.bin] = offset
    data["bin"] = customer.bin or ""
    data["discount_pct"] = str(customer.discount_pct)
    return data


def parse(rows) -> Tuple[List[Tuple[int, dict]], Tuple[str, ...]]:
    """[(row number in the file, customer data)] checked like the customer form; the first
    bad row raises its RowError."""
    checked, ignored = check(rows)
    for r in checked:
        if r.error is not None:
            raise r.error
    return [(r.row, r.data) for r in checked], ignored


@logged_in
def import_rows(session: Session, rows, source="") -> ImportResult:
    """Save every row in one transaction; the first bad one rolls all of them back."""
    source = text.clean(str(source), "file", text.LINE)
    parsed, ignored = parse(rows)
    return _save(session, parsed, ignored, source)


def _save(session, parsed, ignored, source) -> ImportResult:
    db = session.db
    ids = []
    with db.atomic():
        for row_no, data in parsed:
            try:
                ids.append(customers_service.save(session, data).id)
            except DomainError as exc:
                raise RowError(row_no, exc) from exc
        audit.write(db, session.user, "customer.import", "customer", "",
                    {"file": os.path.basename(str(source)), "rows": len(ids)})
    return ImportResult(len(ids), tuple(ids), ignored)


@logged_in
def import_file(session: Session, path) -> ImportResult:
    """Import customers from a .csv or .xlsx file: all rows, or none and a clear error."""
    if path is None or not str(path).strip():
        raise ValidationError("error.field.required", "file")
    return import_rows(session, read_table(path), source=path)


@logged_in
def preview(session: Session, path) -> Preview:
    """Read and check the whole file, nothing written: every row, and for each bad one its
    error (row, field, rule), a BIN/IIN the database already knows included."""
    if path is None or not str(path).strip():
        raise ValidationError("error.field.required", "file")
    checked, ignored = check(read_table(path))
    rows = []
    for r in checked:
        if r.error is None and r.data["bin"]:
            other = customers_db.by_bin(session.db, r.data["bin"])
            if other is not None:
                r = PreviewRow(r.row, r.data, RowError(r.row, ValidationError(
                    "error.customer.bin_taken", "bin", name=other.name)))
        rows.append(r)
    return Preview(str(path), tuple(rows), ignored)


@logged_in
def commit(session: Session, preview: Preview) -> ImportResult:
    """Save the rows of a preview in one transaction; refused while any row has an error.

    The rows are saved as the preview showed them, checked again on the way in (a BIN/IIN
    another window saved meanwhile rolls all of them back)."""
    bad = preview.errors
    if bad:
        raise ValidationError("error.import.has_errors", "file", count=len(bad),
                              rows=", ".join(str(e.row) for e in bad[:20]))
    return _save(session, [(r.row, r.data) for r in preview.rows], preview.ignored_columns,
                 preview.source)
