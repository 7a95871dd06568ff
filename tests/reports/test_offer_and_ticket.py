"""Commercial offer (the quantity ladder) and job ticket (the shop floor's sheet)."""
from datetime import date, timedelta

import pytest
from docx import Document

from app.domain.errors import ValidationError
from app.i18n import format_number
from app.reports import docx_base
from app.services import order_documents, orders
from tests.reports.conftest import CARDS, docx_text, find_table, table_rows


def test_offer_ladder_matches_the_services(manager, order, customer):
    result = order_documents.offer(manager, order.id, quantities=[500, 2000], lang="ru")
    doc = Document(str(result.path))
    text = docx_text(result.path)
    assert "КОММЕРЧЕСКОЕ ПРЕДЛОЖЕНИЕ" in text
    assert "№ {} от".format(order.number) in text
    assert customer.name in text and "Сапарова Әсел" in text
    rows = table_rows(find_table(doc, "Тираж"))
    assert rows[0] == ["Тираж", "Цена за шт., ₸", "Сумма, ₸"]
    quoted = {e.spec.quantity: e for e in orders.ladder(manager, order.estimate.spec, [500, 2000])}
    quoted[1000] = order.estimate
    assert [r[0] for r in rows[1:]] == ["500 шт.", "1\u00a0000 шт.", "2\u00a0000 шт."]
    for row, q in zip(rows[1:], (500, 1000, 2000)):
        assert row[1] == docx_base.money(quoted[q].unit_price_gross)
        assert row[2] == docx_base.money(quoted[q].price_gross)
    assert rows[2][2] == "26\u00a0784,40"
    assert "Цены указаны с учётом НДС 16%." in text
    valid = date.fromisoformat(manager.now()[:10]) + timedelta(days=10)
    assert "Предложение действительно до {}.".format(valid.strftime("%d.%m.%Y")) in text
    # the job in the trade's words
    assert "Формат\n90×50 мм" in text
    assert "Бумага\nМелованная 300 г/м² SRA3" in text
    assert "Красочность\n4+4 — полноцветная, двусторонняя" in text
    assert "Вылеты под обрез\n2 мм" in text
    assert "Менеджер Ақерке" in text and "Серікбаев Н. Қ." in text
    assert result.path.name == "Коммерческое_предложение_{}_ТОО_Алтын_Дән.docx".format(order.number)


def test_offer_default_ladder_and_kazakh(manager, order):
    text = docx_text(order_documents.offer(manager, order.id, lang="kk").path)
    assert "КОММЕРЦИЯЛЫҚ ҰСЫНЫС" in text
    for q in (1000, 2000, 5000):
        assert "{} дана".format(format_number(q, 0)) in text
    assert "Бағалар ҚҚС 16% ескеріле отырып көрсетілген." in text
    assert "Түстілігі\n4+4 — толық түсті, екі жақты" in text


@pytest.mark.parametrize("bad", [[0], ["many"], [1, 2, 3, 4, 5, 6, 7]])
def test_offer_rejects_bad_quantities(manager, order, bad):
    with pytest.raises(ValidationError) as err:
        order_documents.offer(manager, order.id, quantities=bad, lang="en")
    assert err.value.field == "quantities"


def test_offer_for_an_unsaved_quote(manager, customer, requisites):
    spec = dict(CARDS, quantity=300)
    result = order_documents.offer_for_quote(manager, spec, customer.id, [300, 600], lang="en")
    text = docx_text(result.path)
    est = orders.quote(manager, spec)
    assert "No. n/a of" in text
    assert docx_base.money(est.price_gross) in text


def test_job_ticket_has_the_shop_floor_figures(manager, order):
    result = order_documents.job_ticket(manager, order.id, lang="ru")
    doc = Document(str(result.path))
    text = docx_text(result.path)
    est = order.estimate
    assert "НАРЯД-ЗАКАЗ\n№ " + order.number in text
    assert "Сдать до\n01.12.2026" in text
    assert "ТОО «Алтын Дән»" in text
    assert "Раскладка на листе\n24 (3 × 8)" in text
    assert "Листов чистовых\n42" in text and "Техотходы\n6" in text
    assert "Листов всего\n48" in text and "Оттисков\n96" in text
    assert "Машина\nЦифровая машина" in text
    ops = table_rows(find_table(doc, "№"))  # first "№" table: the operations
    planned = [line for line in est.lines if line.minutes is not None]
    assert len(ops) == 1 + len(planned)
    for row, line in zip(ops[1:], planned):
        assert row[2] == format_number(line.minutes, 0)
        assert row[3:] == ["", "", ""]  # blanks for the actual figures
    mats = [tbl for tbl in doc.tables if tbl.rows[0].cells[1].text == "Материал"][0]
    assert table_rows(mats)[1][1:4] == ["Мелованная 300 г/м² SRA3", "48", "л."]
    assert len(doc.inline_shapes) == 1  # the imposition drawing
    assert doc.inline_shapes[0].width > 0
    assert "Фактические данные (заполняет цех)" in text


def test_job_ticket_for_labels_and_journals(manager, customer, requisites):
    label = orders.create(manager, {"product_type": "label", "quantity": 5000,
                                    "label_length_mm": 60, "ribbon": "satin-30",
                                    "name": "Бирки"}, customer.id)
    doc_path = order_documents.job_ticket(manager, label.id, lang="kk").path
    text = docx_text(doc_path)
    assert "ЖҰМЫС НАРЯДЫ" in text
    assert "Таспа, м\n301,0" in text
    assert "Атласная лента 30 мм" in text
    assert len(Document(str(doc_path)).inline_shapes) == 1  # the ribbon drawing
    journal = orders.create(manager, {"product_type": "journal", "quantity": 20,
                                      "sheets_per_journal": 100, "width_mm": 210,
                                      "height_mm": 297, "colours": "1+1",
                                      "paper": "office-80-a4", "press": "riso", "cover": "hard",
                                      "lacing_sealing": True, "page_numbering": True},
                            customer.id)
    text = docx_text(order_documents.job_ticket(manager, journal.id, lang="en").path)
    assert "Gross sheets\n2\u00a0040" in text
    assert "hard cover" in text and "laced and sealed" in text
    assert "1 (full sheet, no cutting)" in text
