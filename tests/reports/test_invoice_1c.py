"""The invoice as 1C prints it (issue 19 item 4): the Код column, quantity × price per piece
when a piece costs a whole tiyn (else the run as one line, and the invoice says why), the day
payment is due, the purpose of payment, the order's number, the performer's signature line
with the manager's name, "Всего наименований N на сумму …". The .docx reopened in kk and ru
and its figures checked against the order; LibreOffice turns it into one PDF page."""
from datetime import timedelta
from decimal import Decimal

import pytest
from docx import Document

from app.domain.errors import FieldErrors, PermissionDenied
from app.i18n import error_text
from app.reports import docx_base
from app.reports.amount_words import amount_in_words
from app.services import catalog, order_documents, orders
from app.storage import catalog as catalog_db
from tests.reports.conftest import (
    CARDS,
    docx_text,
    find_table,
    needs_soffice,
    pdf_pages,
    pdf_text,
    table_rows,
    to_pdf,
)

TEXTS = {
    "ru": {"head": ["№", "Код", "Наименование", "Кол-во", "Ед.", "Цена", "Сумма"],
           "pcs": "шт.", "pay_by": "Оплатить до:", "order": "Заказ:", "purpose": "Назначение платежа: ",
           "purpose_text": "Оплата по счёту № {number} от {date} (заказ {order})",
           "performer": "Исполнитель", "count": "Всего наименований {n}, на сумму {total} KZT",
           "vat": "В том числе НДС 16%:", "run": "тираж 1\u00a0000 шт.",
           "run_note": "Цена одной штуки не выражается целым числом тиынов"},
    "kk": {"head": ["№", "Коды", "Атауы", "Саны", "Өлш. бір.", "Бағасы", "Сомасы"],
           "pcs": "дана", "pay_by": "Төлеу мерзімі:", "order": "Тапсырыс:", "purpose": "Төлем мақсаты: ",
           "purpose_text": "{date} жылғы № {number} шот бойынша төлем ({order} тапсырысы)",
           "performer": "Орындаушы", "count": "Барлық атаулар {n}, сомасы {total} KZT",
           "vat": "Соның ішінде ҚҚС 16%:", "run": "таралымы 1\u00a0000 дана",
           "run_note": "Бір данасының бағасы тиынның бүтін санымен өрнектелмейді"},
}


def number(text):
    return Decimal(text.replace("\u00a0", "").replace(",", "."))


def _check(result, order, lang):
    """Everything the 1C layout prints, against the order."""
    words = TEXTS[lang]
    est = order.estimate
    doc = Document(str(result.path))
    text = docx_text(result.path)
    rows = table_rows(find_table(doc, "№"))
    assert rows[0] == words["head"]
    assert len(rows) == 2
    no, code, name, qty, unit, price, amount = rows[1]
    assert (no, code) == ("1", "00001")
    assert number(amount) == est.price_gross and number(qty) * number(price) == est.price_gross
    assert docx_base.money(est.price_gross) in text
    assert words["vat"] + "\n" + docx_base.money(est.vat) in text
    assert amount_in_words(est.price_gross, lang) in text
    assert words["count"].format(n=1, total=docx_base.money(est.price_gross)) in text
    assert words["order"] + "\n" + order.number in text
    return text, (code, name, qty, unit, price, amount)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_per_piece_when_a_piece_is_a_whole_tiyn(manager, customer, requisites, lang):
    order = orders.create(manager, dict(CARDS, quantity=10), customer.id, "approved")
    est = order.estimate
    assert est.price_gross / 10 == (est.price_gross / 10).quantize(Decimal("0.01"))
    result = order_documents.invoice(manager, order.id, lang=lang)
    words = TEXTS[lang]
    text, (code, name, qty, unit, price, amount) = _check(result, order, lang)
    assert (qty, unit) == ("10", words["pcs"])
    assert number(price) == est.price_gross / 10
    assert words["run_note"] not in text
    made = docx_base.as_date(order_documents.invoices_of_order(manager, order.id)[-1]["created_at"])
    due = made + timedelta(days=10)  # the shop's payment term (allocation.DEFAULT_TERM_DAYS)
    assert words["pay_by"] + "\n" + due.strftime("%d.%m.%Y") in text
    purpose = words["purpose_text"].format(number=result.number, date=made.strftime("%d.%m.%Y"),
                                           order=order.number)
    assert words["purpose"] + purpose in text
    # the performer's line carries the manager who made the order
    assert order.manager_name and words["performer"] in text
    assert "/ {} /".format(order.manager_name) in text


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_run_as_one_line_is_said_honestly(manager, order, lang, db):
    # 26 784,40 for 1000 cards: 26,7844 a piece is no whole tiyn
    catalog_db.set_setting(db, "payment.term_days", "5")
    result = order_documents.invoice(manager, order.id, lang=lang)
    words = TEXTS[lang]
    text, (code, name, qty, unit, price, amount) = _check(result, order, lang)
    assert qty == "1" and number(price) == order.estimate.price_gross
    assert name.endswith(words["run"])
    assert words["run_note"] in text
    made = docx_base.as_date(order_documents.invoices_of_order(manager, order.id)[-1]["created_at"])
    assert words["pay_by"] + "\n" + (made + timedelta(days=5)).strftime("%d.%m.%Y") in text


def test_product_codes_are_the_administrators_data(admin, manager, order):
    assert catalog.product_codes(manager) == {"printing": "00001", "blank": "00002",
                                              "journal": "00003", "label": "00004"}
    with pytest.raises(PermissionDenied):
        catalog.save_product_codes(manager, {"printing": "P-1"})
    with pytest.raises(FieldErrors) as info:
        catalog.save_product_codes(admin, {"printing": "x" * 51, "blank": "\x00"})
    assert [e.field for e in info.value.errors] == ["product_code.printing", "product_code.blank"]
    assert "полиграфии" in error_text(info.value, "ru")
    assert catalog.save_product_codes(admin, {"printing": "ПП-7"})["printing"] == "ПП-7"
    rows = table_rows(find_table(Document(str(order_documents.invoice(
        manager, order.id, lang="ru").path)), "№"))
    assert rows[1][1] == "ПП-7"


@needs_soffice
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_1c_invoice_is_one_pdf_page(manager, order, tmp_path, lang):
    path = order_documents.invoice(manager, order.id, lang=lang, folder=tmp_path / "docx").path
    out = tmp_path / "pdf"
    out.mkdir()
    pdf = to_pdf(path, out, tmp_path / "lo-profile")
    assert pdf_pages(pdf) == 1
    text = " ".join(pdf_text(pdf).split())
    assert amount_in_words(order.estimate.price_gross, lang) in text
    assert TEXTS[lang]["performer"] in text and order.number in text
