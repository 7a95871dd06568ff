"""Exported spreadsheets neutralise formula injection: a customer named "=cmd|' /C calc'!A0"
is exported as text that Excel shows and never runs (app/services/exports.py)."""
import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import DomainError
from app.services import customers

exports = pytest.importorskip("app.services.exports")
openpyxl = pytest.importorskip("openpyxl")

from tests.reliability import figures  # noqa: E402
from tests.reliability.test_hostile import FORMULA, SQL  # noqa: E402

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def _check_exports(admin, folder):
    csv_file = exports.customers(admin, fmt="csv", folder=str(folder)).path
    with open(str(csv_file), encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh, delimiter=";"):
            for cell in row:
                assert not cell.startswith(DANGEROUS_START), cell
    xlsx_file = exports.customers(admin, fmt="xlsx", folder=str(folder)).path
    wb = openpyxl.load_workbook(str(xlsx_file))  # formulas kept as formulas when present
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (cell.coordinate, cell.value)
    finally:
        wb.close()


def test_formula_names_are_exported_as_text(db, admin, tmp_path):
    for text in FORMULA + SQL:
        figures.hostile()
        try:
            customers.save(admin, {"name": text.strip() or "x", "contact_person": text,
                                   "address": text, "notes": text})
        except DomainError:
            pass
    assert len(customers.search(admin, "", 1000)) >= len(FORMULA)
    _check_exports(admin, tmp_path)


@settings(max_examples=30, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(st.one_of(st.sampled_from(FORMULA),
                                st.text(alphabet="=+-@\t\r|!'\"();: abcАБВ0123", min_size=1,
                                        max_size=20)), min_size=1, max_size=5))
def test_random_formula_like_names_never_export_as_formulas(db, admin, tmp_path_factory, names):
    figures.hostile()
    for name in names:
        try:
            customers.save(admin, {"name": name})
        except DomainError:
            pass
    _check_exports(admin, tmp_path_factory.mktemp("x"))
