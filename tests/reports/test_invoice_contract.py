"""The invoice refers to the contract chosen from the customer's register, or says "без
договора" (issue 19 item 3); the .docx reopened, in ru and kk."""
import pytest

from app.domain.errors import ValidationError
from app.services import contracts, order_documents
from tests.reports.conftest import docx_text

DEAL = {"number": "17/2026", "signed_on": "2026-01-15", "subject": "Изготовление полиграфии",
        "valid_until": "2027-12-31"}


def test_the_invoice_refers_to_the_chosen_contract_or_none(manager, customer, order):
    c = contracts.add(manager, customer.id, DEAL)
    first = order_documents.invoice(manager, order.id, lang="ru", contract=c.id)
    text = docx_text(first.path)
    assert "Договор:" in text and "№ 17/2026 от 15.01.2026" in text
    assert "Без договора" not in text
    kk = docx_text(order_documents.invoice(manager, order.id, lang="kk").path)
    assert "15.01.2026 жылғы № 17/2026" in kk  # left out: as the last invoice, same number
    assert order_documents.invoices_of_order(manager, order.id)[-1]["number"] == first.number
    none = order_documents.invoice(manager, order.id, lang="ru", contract=None)
    assert none.number != first.number  # another choice is another invoice
    assert "Без договора" in docx_text(none.path)
    assert [r["contract_id"] for r in order_documents.invoices_of_order(manager, order.id)] == \
        [c.id, None]


def test_old_callers_with_text_still_work(manager, order):
    doc = order_documents.invoice(manager, order.id, lang="ru", contract="№ 5 от 01.01.2026")
    assert "№ 5 от 01.01.2026" in docx_text(doc.path)
    again = order_documents.invoice(manager, order.id, lang="ru", contract="")
    assert again.number == doc.number and "Без договора" in docx_text(again.path)


def test_a_contract_not_to_be_chosen_numbers_nothing(manager, customer, order):
    from app.services import customers
    other = customers.save(manager, {"name": "ТОО «Басқа»"})
    foreign = contracts.add(manager, other.id, DEAL)
    expired = contracts.add(manager, customer.id, dict(DEAL, number="1", signed_on="2020-01-01",
                                                       valid_until="2020-12-31"))
    out = contracts.add(manager, customer.id, dict(DEAL, number="2"))
    contracts.deactivate(manager, out.id, out.version)
    for bad, key in ((foreign.id, "error.contract.not_found"),
                     (expired.id, "error.contract.not_in_force"),
                     (out.id, "error.contract.inactive"), (10 ** 6, "error.contract.not_found")):
        with pytest.raises(ValidationError) as info:
            order_documents.invoice(manager, order.id, lang="ru", contract=bad)
        assert (info.value.key, info.value.field) == (key, "contract")
    assert order_documents.invoices_of_order(manager, order.id) == []
