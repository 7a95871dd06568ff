"""Bank statement import: preview writes nothing; sure matches applied in one transaction;
full, part, by BIN and amount, unknown payer, outgoing, duplicates, both encodings."""
from decimal import Decimal

import pytest

from app.domain.errors import ValidationError
from app.services import bank_import, customers, orders, payments, shop
from tests.services.statements import SHOP_IIK, document, write
from tests.services.test_payments import invoiced


@pytest.fixture
def shop_iik(admin):
    shop.save_requisites(admin, {"name": "ТОО «Типография»", "iik": SHOP_IIK})


def counts(db):
    return (db.scalar("SELECT count(*) FROM payments"),
            db.scalar("SELECT count(*) FROM allocations"))


@pytest.mark.parametrize("encoding", ["Windows", "DOS"])
def test_a_statement_of_every_case(db, manager, customer, shop_iik, tmp_path, encoding):
    full, number_full = invoiced(manager, customer, tmp_path)
    part, number_part = invoiced(manager, customer, tmp_path, quantity=2000)
    by_bin, _ = invoiced(manager, customer, tmp_path, quantity=3000)
    stranger = customers.save(manager, {"name": "ИП Ким", "bin": "990101300122"})
    gross = {o.id: o.estimate.price_gross for o in (full, part, by_bin)}
    docs = [
        document("101", "02.03.2026", str(gross[full.id]), "Оплата по счету " + number_full),
        document("102", "02.03.2026", "1000.00", "Частичная оплата сч. " + number_part),
        document("103", "03.03.2026", str(gross[by_bin.id]), "За полиграфию"),
        document("104", "03.03.2026", "777.00", "Оплата", payer_bin="870412300555"),
        document("105", "03.03.2026", "5000.00", "Аренда", payer_iik=SHOP_IIK,
                 payee_iik="KZ00999KZT0000000001"),
        document("106", "03.03.2026", "123.45", "Предоплата", payer_bin=stranger.bin),
        document("101", "02.03.2026", str(gross[full.id]), "Оплата по счету " + number_full),
    ]
    path = write(tmp_path / "statement.txt", docs, encoding)
    seen = bank_import.preview(manager, path)
    assert counts(db) == (0, 0)  # a preview writes nothing
    assert seen.summary() == {"payments": 6, "new": 5, "matched": 3, "unmatched": 2,
                              "known": 1, "outgoing": 1}
    status = [(x.status, x.reason) for x in seen.lines]
    assert status == [("matched", "invoice"), ("matched", "invoice"), ("matched", "bin_amount"),
                      ("unmatched", "unknown_payer"), ("outgoing", ""),
                      ("unmatched", "no_invoice"), ("known", "")]
    assert seen.lines[5].customer_name == "ИП Ким"
    done = bank_import.apply(manager, path)
    assert done.summary() == seen.summary() and counts(db) == (3, 3)
    assert orders.get(manager, full.id).status == "paid"
    assert orders.get(manager, by_bin.id).status == "paid"
    assert orders.get(manager, part.id).status == "delivered"
    assert payments.owed_for_order(manager, part.id)["owed"] == gross[part.id] - 1000
    again = bank_import.apply(manager, path)  # the same statement twice adds nothing
    assert again.summary()["new"] == 2 and again.summary()["matched"] == 0
    assert again.summary()["known"] == 4 and counts(db) == (3, 3)


def test_more_than_the_invoice_leaves_an_advance_and_a_wrong_bin_is_not_sure(
        db, manager, customer, shop_iik, tmp_path):
    order, number = invoiced(manager, customer, tmp_path)
    over = str(order.estimate.price_gross + Decimal("10"))
    path = write(tmp_path / "s.txt", [
        document("1", "02.03.2026", "5", "по счету " + number, payer_bin="870412300555"),
        document("2", "02.03.2026", over, "по счету " + number)])
    seen = bank_import.preview(manager, path)
    assert [(x.status, x.reason) for x in seen.lines] == [("unmatched", "bin_differs"),
                                                          ("matched", "invoice")]
    assert seen.lines[1].advance == Decimal("10.00")
    bank_import.apply(manager, path)
    assert payments.advance(manager, customer.id) == Decimal("10.00")


def test_a_bad_line_writes_nothing(db, manager, customer, shop_iik, tmp_path):
    order, number = invoiced(manager, customer, tmp_path)
    good = document("1", "02.03.2026", str(order.estimate.price_gross), "по счету " + number)
    bad = document("2", "02.03.2026", "12.345", "x")
    path = write(tmp_path / "s.txt", [good, bad])
    with pytest.raises(ValidationError) as err:
        bank_import.apply(manager, path)
    assert err.value.key == "error.statement.bad_amount" and err.value.params["line"] == 33
    assert counts(db) == (0, 0) and orders.get(manager, order.id).status == "delivered"
    with pytest.raises(ValidationError):
        bank_import.preview(manager, tmp_path / "missing.txt")


def test_outgoing_is_known_by_the_statements_own_account_too(db, manager, customer, tmp_path):
    """No IIK in the requisites yet: the account the statement is of is the shop's."""
    path = write(tmp_path / "s.txt", [document("1", "02.03.2026", "5.00", "Аренда",
                                               payer_iik=SHOP_IIK)])
    assert [x.status for x in bank_import.preview(manager, path).lines] == ["outgoing"]
