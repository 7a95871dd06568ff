"""The incoming cash order КО-1 of a cash payment: numbered per year and never reused, printed
again with its number, refused for other methods and reversals with nothing numbered; the
.docx reopened: the payer, the grounds (the invoices, else an advance), the sum in figures and
words, the accounts, the receipt."""
import pytest
from docx import Document

from app.domain.errors import Conflict, ValidationError
from app.reports.amount_words import amount_in_words
from app.services import cash_orders, payments
from tests.reports.conftest import docx_text
from tests.services.test_payments import invoiced


def counters(db):
    return [tuple(r) for r in db.all("SELECT year, last FROM cash_order_numbers ORDER BY year")]


@pytest.mark.parametrize("lang, title, words_lang", [
    ("ru", "ПРИХОДНЫЙ КАССОВЫЙ ОРДЕР", "ru"), ("kk", "КІРІС КАССАЛЫҚ ОРДЕРІ", "kk")])
def test_the_order_of_a_cash_payment(db, manager, customer, requisites, tmp_path, lang, title,
                                     words_lang):
    _, number = invoiced(manager, customer, tmp_path)
    paid = payments.record(manager, customer.id, "1500.40", "2026-03-02", "cash", "касса")
    made = cash_orders.issue(manager, paid["id"], lang=lang, folder=tmp_path / "out")
    assert made.number == "2026-000001" and made.kind == "cash_order"
    text = docx_text(made.path)
    assert title in text and "2026-000001" in text and "02.03.2026" in text
    assert customer.name in text and customer.bin in text and number in text
    assert "1\u00a0500,40" in text and amount_in_words(paid["amount"], words_lang) in text
    assert "1010" in text and "1210" in text and requisites["accountant"] in text
    assert text.count("2026-000001") >= 2  # the order and its receipt
    assert Document(str(made.path)).tables  # reopens
    again = cash_orders.issue(manager, paid["id"], lang=lang, folder=tmp_path / "out")
    assert again.number == made.number and counters(db) == [(2026, 1)]
    assert cash_orders.of_payment(manager, paid["id"]) == made.number


def test_numbering_refusals_and_the_advance(db, admin, manager, customer, requisites, tmp_path):
    bank = payments.record(manager, customer.id, "100", "2026-03-01", "bank")
    with pytest.raises(ValidationError) as err:
        cash_orders.issue(manager, bank["id"], folder=tmp_path)
    assert err.value.key == "error.cash_order.not_cash"
    first = payments.record(manager, customer.id, "100", "2026-03-01", "cash")
    counter = payments.reverse(admin, first["id"], "ошибка кассира")
    with pytest.raises(ValidationError):
        cash_orders.issue(manager, counter["id"], folder=tmp_path)
    with pytest.raises(Conflict):
        cash_orders.issue(manager, first["id"], folder=tmp_path)
    assert counters(db) == [] and db.scalar("SELECT count(*) FROM cash_orders") == 0
    advance = payments.record(manager, customer.id, "300", "2026-03-05", "cash")
    made = cash_orders.issue(manager, advance["id"], lang="ru", folder=tmp_path)
    assert made.number == "2026-000001" and "Аванс" in docx_text(made.path)
    # a number once recorded is never handed out again, even if its row went by hand
    db.execute("DELETE FROM cash_orders")
    later = payments.record(manager, customer.id, "50", "2026-03-06", "cash")
    assert cash_orders.issue(manager, later["id"], folder=tmp_path).number == "2026-000002"
    new_year = payments.record(manager, customer.id, "50", "2027-01-02", "cash")
    assert cash_orders.issue(manager, new_year["id"], folder=tmp_path).number == "2027-000001"
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'cash_order.issue'") == 3
