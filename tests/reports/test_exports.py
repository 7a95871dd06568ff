"""Exports: xlsx with numbers as numbers, CSV that Excel opens (BOM, ';'), no formula injection."""
import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.domain.errors import PermissionDenied, ValidationError
from app.i18n import t
from app.reports import exports as export_report
from app.services import customers as customers_service
from app.services import exports, orders
from tests.reports.conftest import CARDS

EVIL = "=cmd|' /C calc'!A0"


@pytest.fixture
def evil_customer(manager):
    return customers_service.save(manager, {"name": EVIL, "bin": "111111111110",
                                            "contact_person": "+77011234567",
                                            "notes": "@SUM(1+1)"})


def test_csv_has_bom_semicolons_and_no_formulas(admin, manager, customer, evil_customer):
    orders.create(manager, CARDS, customer.id)
    orders.create(manager, dict(CARDS, quantity=500), evil_customer.id)
    path = exports.customers(admin, fmt="csv", lang="kk").path
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads it as UTF-8
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == t("field.name", "kk") and rows[0][1] == t("field.bin", "kk")
    by_name = {r[0]: r for r in rows[1:]}
    assert "'" + EVIL in by_name  # neutralised: shown as text, never run
    assert EVIL not in by_name
    evil = by_name["'" + EVIL]
    assert evil[2] == "'+77011234567"
    assert evil[-1] == "'@SUM(1+1)"
    assert "ТОО «Алтын Дән»" in by_name  # Cyrillic and Kazakh letters intact
    # money as numbers with a decimal comma
    assert by_name["ТОО «Алтын Дән»"][7] == "1"


def test_csv_value_rules():
    for bad in ("=1+2", "+1", "-1", "@A1", "\tX", "\rX"):
        assert export_report.csv_value(bad) == "'" + bad
    assert export_report.csv_value("a=b") == "a=b"
    assert export_report.csv_value(Decimal("-1234.50")) == "-1234,50"  # a number stays one
    assert export_report.csv_value(None) == ""


def test_orders_register_xlsx(admin, manager, customer, evil_customer):
    made = [orders.create(manager, CARDS, customer.id),
            orders.create(manager, dict(CARDS, quantity=300), evil_customer.id)]
    path = exports.orders_register(admin, fmt="xlsx", lang="ru").path
    assert path.suffix == ".xlsx"
    ws = load_workbook(str(path)).active
    header = [c.value for c in ws[1]]
    assert header[0] == "№ заказа" and "Себестоимость" in header
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [v[0] for v in values] == [o.number for o in made]
    gross = header.index("Сумма, ₸")
    assert [Decimal(str(v[gross])) for v in values] == [o.estimate.price_gross for o in made]
    customer_col = header.index("Заказчик")
    cell = ws.cell(row=3, column=customer_col + 1)
    assert cell.value == EVIL and cell.data_type == "s"  # text, not a formula


def test_managers_export_orders_without_cost_and_not_customers(manager, customer):
    orders.create(manager, CARDS, customer.id)
    path = exports.orders_register(manager, fmt="csv", lang="en").path
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert "Cost" not in header and "Profit" not in header
    with pytest.raises(PermissionDenied):
        exports.customers(manager, fmt="csv")


def test_analysis_table_and_bad_input(manager):
    path = exports.table(manager, "Кластерлер", ["Кластер", "Тапсырыс", "Пайда"],
                         [[1, 20, Decimal("1500.00")], [2, 5, Decimal("-20.50")]], fmt="xlsx",
                         lang="kk").path
    ws = load_workbook(str(path)).active
    assert ws.title == "Кластерлер"
    assert ws.cell(row=3, column=3).value == -20.5
    with pytest.raises(ValidationError) as err:
        exports.table(manager, "x", ["a", "b"], [[1]], fmt="csv")
    assert err.value.field == "rows"
    with pytest.raises(ValidationError) as err:
        exports.orders_register(manager, fmt="pdf")
    assert err.value.field == "format"
