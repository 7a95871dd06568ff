"""The reconciliation statement: the opening balance from the invoices and payments before
the period, each one in it in date order, a reversal, the turnovers and the closing balance
against the ledger; who owes whom; the .docx reopened in ru and kk, and as PDF."""
from decimal import Decimal

import pytest
from docx import Document

from app.domain.errors import NotFound, ValidationError
from app.domain.money import from_tiyn
from app.services import payments, reconciliation
from tests.reports.conftest import (
    docx_text,
    find_table,
    needs_soffice,
    pdf_pages,
    pdf_text,
    table_rows,
    to_pdf,
)
from tests.services.test_payments import invoiced


def money(text):
    return Decimal(text.replace("\u00a0", "").replace(",", "."))


def at(session, day):
    session.now = lambda: day + " 10:00:00"


@pytest.fixture
def history(db, admin, manager, customer, requisites, tmp_path):
    """January: invoice A, part paid. February (the period): invoice B, a bank payment that is
    reversed, a cash payment. April: invoice C, after the period."""
    at(manager, "2026-01-10")
    a, _ = invoiced(manager, customer, tmp_path)
    p1 = payments.record(manager, customer.id, "10000", "2026-01-20", "bank", "п/п 5")
    at(manager, "2026-02-05")
    b, _ = invoiced(manager, customer, tmp_path)
    p2 = payments.record(manager, customer.id, "5000.50", "2026-02-10", "kaspi")
    at(admin, "2026-02-15")
    payments.reverse(admin, p2["id"], "не тот клиент")
    p3 = payments.record(manager, customer.id, "20000", "2026-02-20", "cash", "ПКО 1")
    at(manager, "2026-04-01")
    invoiced(manager, customer, tmp_path)
    totals = [from_tiyn(r["total_tiyn"]) for r in db.all(
        "SELECT total_tiyn FROM invoices ORDER BY id")]
    return {"a": totals[0], "b": totals[1], "p1": p1["amount"], "p2": p2["amount"],
            "p3": p3["amount"], "a_number": a.number, "b_number": b.number}


def test_the_figures_are_the_ledgers(manager, customer, history):
    st = reconciliation.statement(manager, customer.id, "2026-02-01", "2026-02-28")
    h = history
    assert st.opening == h["a"] - h["p1"]
    assert [(x.kind, x.day.isoformat()) for x in st.lines] == [
        ("invoice", "2026-02-05"), ("payment", "2026-02-10"), ("reversal", "2026-02-15"),
        ("payment", "2026-02-20")]
    assert st.debit == h["b"] + h["p2"]  # the reversal restores the debt
    assert st.credit == h["p2"] + h["p3"]
    assert st.closing == st.opening + st.debit - st.credit
    assert st.closing == h["a"] + h["b"] - h["p1"] - h["p3"]
    assert st.owes == "customer"
    # the whole history: nothing before, the April invoice in, the balance what is owed
    whole = reconciliation.statement(manager, customer.id, "2025-01-01", "2026-12-31")
    owed = sum(i["owed"] for i in payments.open_invoices(manager, customer.id))
    assert whole.opening == 0 and whole.closing == owed - payments.advance(manager, customer.id)
    # an advance: the shop owes
    payments.record(manager, customer.id, str(whole.closing + 100), "2026-04-02", "bank")
    after = reconciliation.statement(manager, customer.id, "2026-04-01", "2026-04-30")
    assert after.closing == Decimal(-100) and after.owes == "shop"


def test_bad_periods_and_bins(manager, customer, history):
    with pytest.raises(ValidationError) as err:
        reconciliation.statement(manager, customer.id, "2026-03-01", "2026-02-01")
    assert err.value.field == "date_to"
    with pytest.raises(ValidationError) as err:
        reconciliation.statement(manager, customer.id, "", "2026-02-01")
    assert err.value.field == "date_from"
    assert reconciliation.customer_by_bin(manager, customer.bin) == customer.id
    with pytest.raises(ValidationError):
        reconciliation.customer_by_bin(manager, "123456789012")  # a wrong control digit
    with pytest.raises(NotFound):
        reconciliation.customer_by_bin(manager, "000000000000")


@pytest.mark.parametrize("lang, title, opening, result", [
    ("ru", "АКТ СВЕРКИ ВЗАИМОРАСЧЁТОВ", "Сальдо начальное", "в пользу"),
    ("kk", "ӨЗАРА ЕСЕП АЙЫРЫСУЛАРДЫ САЛЫСТЫРУ АКТІСІ", "Бастапқы сальдо", "пайдасына"),
])
def test_the_document_reopened(manager, customer, history, requisites, tmp_path, lang, title,
                               opening, result):
    made = reconciliation.document(manager, customer.id, "2026-02-01", "2026-02-28", lang=lang,
                                   folder=tmp_path / "out")
    st = made.statement
    doc = Document(str(made.path))
    text = docx_text(made.path)
    assert title in text and "01.02.2026" in text and "28.02.2026" in text
    assert requisites["name"] in text and customer.name in text and customer.bin in text
    head = doc.tables[0].rows[0].cells[0].text
    rows = table_rows(find_table(doc, head))
    assert rows[2][1] == opening and money(rows[2][2]) == st.opening
    body = rows[3:-2]
    assert [r[0] for r in body] == ["05.02.2026", "10.02.2026", "15.02.2026", "20.02.2026"]
    assert history["b_number"] in body[0][1] and money(body[0][2]) == history["b"]
    assert money(body[1][3]) == history["p2"] and money(body[2][2]) == history["p2"]
    assert money(body[3][3]) == history["p3"] and "ПКО 1" in body[3][1]
    assert all(r[4:] == ["", "", "", ""] for r in body)  # the customer's half, to fill in
    turnover, closing = rows[-2], rows[-1]
    assert (money(turnover[2]), money(turnover[3])) == (st.debit, st.credit)
    assert money(closing[2]) == st.closing and closing[3] == ""
    assert result in text and requisites["director"] in text


@needs_soffice
def test_the_pdf(manager, customer, history, tmp_path):
    made = reconciliation.document(manager, customer.id, "2026-02-01", "2026-02-28", lang="kk",
                                   folder=tmp_path)
    profile = tmp_path / "profile"
    pdf = to_pdf(made.path, tmp_path, profile)
    assert pdf_pages(pdf) == 1
    words = pdf_text(pdf)
    assert "САЛЫСТЫРУ АКТІСІ" in words and "Бастапқы сальдо" in words
