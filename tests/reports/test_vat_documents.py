"""What the invoice and the offer say about VAT: the rate of the order, none when exempt,
"Без НДС" / "ҚҚС-сыз" / "Without VAT" for a shop that is not a VAT payer."""
import pytest

from app.i18n import t
from app.services import catalog, order_documents, orders
from tests.reports.conftest import CARDS, docx_text


@pytest.mark.parametrize("lang, words", [("ru", "Без НДС"), ("kk", "ҚҚС-сыз"), ("en", "Without VAT")])
def test_a_shop_that_is_not_a_vat_payer_says_so(admin, manager, customer, requisites, lang, words):
    catalog.save_settings(admin, {"vat_payer": "0"})
    order = orders.create(manager, CARDS, customer.id, status="approved")
    assert order.estimate.vat == 0
    for doc in (order_documents.invoice(manager, order.id, lang=lang),
                order_documents.offer(manager, order.id, lang=lang)):
        text = docx_text(doc.path)
        assert words in text, doc.kind
        assert t("doc.invoice.vat_included", lang, pct="16").split("16")[0].strip() not in text


def test_the_invoice_states_the_rate_of_the_turnover_date(manager, customer, requisites):
    order = orders.create(manager, CARDS, customer.id, "approved", created_at="2025-12-30 10:00:00")
    text = docx_text(order_documents.invoice(manager, order.id, lang="ru").path)
    assert "В том числе НДС 12%" in text and "2\u00a0770,80" in text


def test_an_exempt_product_type_has_no_vat_line(admin, manager, customer, requisites):
    catalog.save_settings(admin, {"vat_printing": "exempt"})
    order = orders.create(manager, CARDS, customer.id, status="approved")
    text = docx_text(order_documents.invoice(manager, order.id, lang="ru").path)
    assert "В том числе НДС" not in text and "Без НДС" in text
    assert "23\u00a0090,00" in text  # the net price is the whole price
