"""Acts and waybills refer to the contract chosen, like the invoice (issue 19 item 3): left out
they take the last used (the orders' invoice first), a reprint keeps its own, another choice
for a closed order is refused; the .docx reopened in ru and kk."""
import pytest

from app.domain.errors import Conflict, ValidationError
from app.services import closing_documents, contracts, customers, order_documents, orders
from tests.reports.conftest import CARDS, docx_text
from tests.reports.test_closing_documents import made

DEAL = {"number": "17/2026", "signed_on": "2026-01-15", "subject": "Изготовление полиграфии",
        "valid_until": "2027-12-31"}


def test_the_act_takes_the_invoice_contract_and_keeps_it(manager, customer, order, db):
    c = contracts.add(manager, customer.id, DEAL)
    newer = contracts.add(manager, customer.id, dict(DEAL, number="18/2026",
                                                     signed_on="2026-02-01"))
    order_documents.invoice(manager, order.id, lang="ru", contract=c.id)
    ready = made(manager, order)
    offered, default = contracts.choices(manager, customer.id, _today(manager), [ready.id])
    assert [x.id for x in offered] == [newer.id, c.id] and default == c.id
    act = closing_documents.act(manager, [ready.id], lang="ru")
    text = docx_text(act.path)
    assert "Договор (контракт):" in text and "№ 17/2026 от 15.01.2026" in text
    assert "Без договора" not in text
    assert db.scalar("SELECT contract_id FROM closing_documents WHERE number = ?",
                     (act.number,)) == c.id
    kk = docx_text(closing_documents.act(manager, [ready.id], lang="kk").path)
    assert "15.01.2026 жылғы № 17/2026" in kk  # the same act, its contract
    # the contract goes out of use: the act is printed as it was made
    contracts.deactivate(manager, c.id, contracts.get(manager, c.id).version)
    again = closing_documents.act(manager, [ready.id], lang="ru")
    assert again.number == act.number and "№ 17/2026 от 15.01.2026" in docx_text(again.path)
    with pytest.raises(Conflict) as info:  # an order is closed once, with its contract
        closing_documents.act(manager, [ready.id], lang="ru", contract=newer.id)
    assert (info.value.key, info.value.field) == ("error.closing.contract_fixed", "contract")


def _today(session):
    from app.reports import docx_base
    return docx_base.as_date(session.now())


def test_a_waybill_chosen_without_contract_or_with_one(manager, customer, requisites):
    c = contracts.add(manager, customer.id, DEAL)
    one = made(manager, orders.create(manager, CARDS, customer.id, "approved"))
    two = made(manager, orders.create(manager, CARDS, customer.id, "approved"))
    none = closing_documents.waybill(manager, [one.id], lang="ru", contract=None)
    text = docx_text(none.path)
    assert "Договор (контракт):\nБез договора" in text
    # no invoice, no document that referred to a contract: the newest in force
    assert contracts.choices(manager, customer.id, _today(manager), [two.id])[1] == c.id
    with_c = closing_documents.waybill(manager, [two.id], lang="kk", contract=c.id)
    assert "15.01.2026 жылғы № 17/2026" in docx_text(with_c.path)
    assert "Шартсыз" not in docx_text(with_c.path)


def test_a_contract_not_to_be_chosen_numbers_no_act(manager, customer, order, db):
    other = customers.save(manager, {"name": "ТОО «Басқа»"})
    foreign = contracts.add(manager, other.id, DEAL)
    expired = contracts.add(manager, customer.id, dict(DEAL, number="1", signed_on="2020-01-01",
                                                       valid_until="2020-12-31"))
    ready = made(manager, order)
    for bad, key in ((foreign.id, "error.contract.not_found"),
                     (expired.id, "error.contract.not_in_force"), ("x", "error.contract.not_found")):
        with pytest.raises(ValidationError) as info:
            closing_documents.act(manager, [ready.id], lang="ru", contract=bad)
        assert (info.value.key, info.value.field) == (key, "contract")
    assert db.scalar("SELECT count(*) FROM closing_documents") == 0
    assert db.scalar("SELECT count(*) FROM document_numbers") == 0
    # the expired one is not offered, nor the default
    assert contracts.choices(manager, customer.id, _today(manager), [ready.id]) == ([], None)
