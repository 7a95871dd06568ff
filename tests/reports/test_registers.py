"""Order register, receivables and profitability: totals against the orders themselves."""
from decimal import Decimal

import pytest
from docx import Document

from app.domain.errors import PermissionDenied, ValidationError
from app.i18n import t
from app.reports import docx_base
from app.services import orders, report_documents
from tests.reports.conftest import CARDS, docx_text, table_rows


@pytest.fixture
def book(manager, customer, requisites):
    """Five orders: one cancelled, two made and unpaid, one paid with actual figures."""
    made = []
    for qty, moves in ((100, ()), (200, ("cancelled",)),
                       (300, ("production", "ready")),
                       (400, ("production", "ready", "delivered")),
                       (500, ("production", "ready", "delivered", "paid"))):
        o = orders.create(manager, dict(CARDS, quantity=qty), customer.id, status="approved")
        for status in moves:
            o = orders.change_status(manager, o.id, o.version, status)
        made.append(o)
    paid = made[4]
    made[4] = orders.record_actual(manager, paid.id, paid.version, {"gross_sheets": 40})
    return made


def _money(cell):
    return Decimal(cell.replace("\u00a0", "").replace(",", "."))


def test_order_register_totals(manager, book):
    today = manager.now()[:10]
    result = report_documents.order_register(manager, today, today, lang="ru")
    doc = Document(str(result.path))
    rows = table_rows(doc.tables[0])
    assert rows[0][1] == "№ заказа"
    body, total = rows[1:-1], rows[-1]
    assert [r[1] for r in body] == [o.number for o in book]
    counted = [o for o in book if o.status != "cancelled"]
    assert _money(total[-2]) == sum(o.estimate.price_gross for o in counted)
    assert _money(total[-4]) == sum(o.estimate.price_net for o in counted)
    assert "Итого заказов: 4" in total
    assert "Отменённые заказы (1)" in docx_text(result.path)
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape


def test_order_register_checks_the_period(manager):
    with pytest.raises(ValidationError) as err:
        report_documents.order_register(manager, "2026-02-01", "2026-01-01")
    assert err.value.field == "date_to"
    with pytest.raises(ValidationError) as err:
        report_documents.order_register(manager, "01.02.2026", None)
    assert err.value.field == "date_from"


def test_receivables_by_customer_and_manager(manager, book):
    result = report_documents.receivables(manager, lang="ru")
    text = docx_text(result.path)
    unpaid = [o for o in book if o.status in ("ready", "delivered")]
    assert len(unpaid) == 2
    for o in unpaid:
        assert o.number in text
    for o in book:
        if o not in unpaid:
            assert o.number not in text
    total = sum(o.estimate.price_gross for o in unpaid)
    assert "Всего задолженность\n" + docx_base.money(total) in text
    doc = Document(str(result.path))
    managers = table_rows(doc.tables[1])
    assert managers[1] == ["Менеджер Ақерке", "2", docx_base.money(total)]


def test_profitability_is_for_administrators(manager, admin, book):
    with pytest.raises(PermissionDenied):
        report_documents.profitability(manager)
    _, groups = report_documents.profitability_figures(admin)
    confirmed = [o for o in book if o.status != "cancelled"]
    (printing,) = groups["type"]
    assert printing["orders"] == len(confirmed)
    assert printing["revenue"] == sum(o.estimate.price_net for o in confirmed)
    assert printing["cost"] == sum(o.cost for o in confirmed)
    assert printing["profit"] == printing["revenue"] - printing["cost"]
    assert printing["made"] == 1
    assert printing["act_made"] == book[4].actual.cost
    assert printing["est_made"] == book[4].estimate.cost

    result = report_documents.profitability(admin, lang="kk")
    doc = Document(str(result.path))
    text = docx_text(result.path)
    for heading in ("Өнім түрлері бойынша", "Тапсырыс берушілер бойынша",
                    "Менеджерлер бойынша", "Айлар бойынша"):
        assert heading in text
    first = table_rows(doc.tables[0])
    assert first[1][0] == t("product.printing", "kk") == "Басып шығару"
    assert _money(first[1][2]) == printing["revenue"]
    assert _money(first[1][4]) == printing["profit"]
    assert len(doc.inline_shapes) == 4  # a chart per grouping


def test_receivables_ageing_in_word_and_xlsx(manager, customer, book, tmp_path):
    """The ageing table after the list: a part payment lowers the debt; .xlsx the same figures."""
    from openpyxl import load_workbook

    from app.services import exports, order_documents, payments
    delivered = book[3]
    order_documents.invoice(manager, delivered.id, folder=tmp_path)
    payments.record(manager, customer.id, "1000", None, "bank")
    owed = delivered.estimate.price_gross - Decimal("1000")
    today = manager.now()[:10]
    doc = Document(str(report_documents.receivables(manager, lang="ru", as_of=today).path))
    rows = table_rows(doc.tables[2])
    assert rows[0][:3] == ["Заказчик", "БИН/ИИН", "Срок не наступил"]
    assert rows[1][0] == customer.name and _money(rows[1][2]) == owed  # due in 10 days
    assert _money(rows[1][7]) == owed and rows[-1][0] == "Всего задолженность"
    book_ = load_workbook(str(exports.receivables(manager, today, lang="ru", folder=tmp_path).path))
    sheet = book_.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == customer.name and Decimal(str(values[1][2])) == owed
    assert values[-1][0] == "Всего задолженность"
