"""The 1CClientBankExchange reader: both encodings, unknown keys kept, errors with lines."""
from datetime import date
from decimal import Decimal

import pytest

from app.domain import bank_statement
from app.domain.errors import ValidationError
from tests.services.statements import PAYER_IIK, document, statement


@pytest.mark.parametrize("encoding, codec", [("Windows", "cp1251"), ("DOS", "cp866")])
def test_both_encodings_as_the_header_says(encoding, codec):
    data = statement([document("17", "02.03.2026", "1500.5", "Оплата по счёту 2026-000001")],
                     encoding)
    parsed = bank_statement.parse(data)
    assert parsed.encoding == codec and parsed.header["Отправитель"] == "Halyk Bank"
    (doc,) = parsed.documents
    assert doc.number == "17" and doc.day == date(2026, 3, 2) and doc.amount == Decimal("1500.50")
    assert doc.payer_bin == "123456789013" and doc.payer_account == PAYER_IIK
    assert doc.payer_name == "ТОО \"Алтын Дан\""
    assert doc.fields["КНП"] == "859" and doc.fields["ПлательщикКбе"] == "17"  # kept
    assert doc.invoice_numbers() == ["2026-000001"] and doc.line == 15
    assert parsed.accounts[0]["НачальныйОстаток"] == "0.00"



@pytest.mark.parametrize("codec", ["cp1251", "cp866"])
def test_kazakh_letters_are_written_as_a_bank_writes_them(codec):
    # neither code page has ә, ғ, қ, ң, ө, ұ, ү, һ: their look-alikes, not «?»
    data = bank_statement.encode(['Плательщик=ЖШС "Самұрық Логистик" Әлем Һ'], codec)
    assert data.decode(codec) == 'Плательщик=ЖШС "Самурык Логистик" Алем Х\r\n'

def test_the_bin_wherever_the_bank_puts_it():
    doc = document("1", "02.03.2026", "1", "x", payer_bin=None,
                   payer="ТОО Бета БИН 123456789013")
    assert bank_statement.parse(statement([doc])).documents[0].payer_bin == "123456789013"
    doc = document("1", "02.03.2026", "1", "x", bin_key="ПлательщикИНН")
    assert bank_statement.parse(statement([doc])).documents[0].payer_bin == "123456789013"


def _error(data):
    with pytest.raises(ValidationError) as err:
        bank_statement.parse(data)
    return err.value.key, err.value.params.get("line")


def test_errors_name_their_line():
    good = document("1", "02.03.2026", "10.00", "x")
    assert _error(b"") == ("error.statement.empty", 1)
    assert _error("Привет\r\n".encode("cp1251")) == ("error.statement.not_1c", 1)
    assert _error(statement([good], end=False))[0] == "error.statement.no_end"
    bad_amount = list(good)
    bad_amount[3] = "Сумма=10,00"
    assert _error(statement([bad_amount])) == ("error.statement.bad_amount", 18)
    bad_day = list(good)
    bad_day[2] = "Дата=31.02.2026"
    assert _error(statement([bad_day])) == ("error.statement.bad_date", 17)
    unclosed = good[:-1]
    assert _error(statement([unclosed, good])) == ("error.statement.unclosed", 15)
    no_eq = list(good)
    no_eq.insert(5, "какая-то строка")
    assert _error(statement([no_eq])) == ("error.statement.bad_line", 20)
    missing = [x for x in good if not x.startswith("Номер=")]
    assert _error(statement([missing])) == ("error.statement.missing_key", 15)
