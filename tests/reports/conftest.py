"""Fixtures for the documents: the shop's requisites, a customer's order, docx text readers."""
import shutil
import subprocess

import pytest
from docx import Document

from app.services import orders, shop
from tests.conftest import missing_tool

REQUISITES = {
    "name": "ТОО «Баспа Әлемі»", "bin": "180940012348",
    "address": "г. Алматы, ул. Сәтпаева, 12", "phone": "+7 727 300 12 34",
    "email": "info@baspa.kz", "bank": "АО «Kaspi Bank»", "iik": "KZ18722S000012345678",
    "bik": "CASPKZKA", "kbe": "17", "knp": "859", "director": "Серікбаев Н. Қ.",
    "accountant": "Әлиева Г. Т.", "offer_valid_days": "10",
}
CARDS = {"product_type": "printing", "name": "Визитки", "quantity": 1000, "width_mm": 90,
         "height_mm": 50, "colours": "4+4", "paper": "coated-300-sra3", "press": "digital",
         "bleed_mm": 2}


@pytest.fixture
def requisites(admin):
    shop.save_requisites(admin, REQUISITES)
    return shop.requisites(admin)


@pytest.fixture
def order(manager, customer, requisites):
    """Worked example 1 of the costing model (1000 cards, gross 26 784,40 before discount)."""
    return orders.create(manager, CARDS, customer.id, status="approved", due_date="2026-12-01")


def docx_text(path) -> str:
    """Every paragraph of the body, of the tables (nested too), headers and footers."""
    doc = Document(str(path))
    out = []

    def walk_tables(tables):
        for tbl in tables:
            for row in tbl.rows:
                for cell in row.cells:
                    out.extend(p.text for p in cell.paragraphs)
                    walk_tables(cell.tables)

    out.extend(p.text for p in doc.paragraphs)
    walk_tables(doc.tables)
    return "\n".join(out)


def table_rows(table):
    """Rows as lists of cell texts, merged cells given once."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
        rows.append(cells)
    return rows


def find_table(doc, first_header):
    for tbl in doc.tables:
        if tbl.rows and tbl.rows[0].cells[0].text == first_header:
            return tbl
    raise AssertionError("no table starting with {!r}".format(first_header))


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def soffice():
    """LibreOffice to turn a .docx into PDF, and poppler's pdfinfo / pdftotext to read it back:
    skipped without them, failed under CI (tests/conftest.py missing_tool)."""
    if SOFFICE is None:
        missing_tool("LibreOffice (soffice) is not installed")
    for tool in ("pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            missing_tool("{} (poppler-utils) is not installed".format(tool))
    return SOFFICE


needs_soffice = pytest.mark.usefixtures("soffice")


def to_pdf(docx_path, out_dir, profile_dir):
    subprocess.run([SOFFICE, "-env:UserInstallation=" + profile_dir.resolve().as_uri(),
                    "--headless", "--convert-to", "pdf", "--outdir", str(out_dir),
                    str(docx_path)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=300)
    return out_dir / (docx_path.stem + ".pdf")


def pdf_pages(pdf) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, stdout=subprocess.PIPE).stdout
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          stdout=subprocess.PIPE).stdout.decode("utf-8")
