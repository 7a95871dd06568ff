"""Kaspi Business statements (.xlsx without a fixed layout): the columns are mapped once and
remembered; matched by invoice number, phone, name or IIN with the amount; twice adds nothing."""
from decimal import Decimal

import pytest
from openpyxl import Workbook

from app.domain.errors import ValidationError
from app.services import kaspi_import, orders, payments
from tests.services.test_payments import invoiced

MAPPING = {"date": 1, "amount": 3, "payer": 2, "comment": 4, "first_row": 3}


def xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["Выписка Kaspi Business"])
    ws.append(["№", "Дата", "Клиент", "Сумма", "Комментарий"])
    for r in rows:
        ws.append(r)
    wb.save(str(path))
    return path


def test_mapped_once_matched_and_remembered(db, manager, customer, tmp_path):
    a, number = invoiced(manager, customer, tmp_path)
    b, _ = invoiced(manager, customer, tmp_path, quantity=2000)
    c, _ = invoiced(manager, customer, tmp_path, quantity=3000)
    path = xlsx(tmp_path / "kaspi.xlsx", [
        [1, "02.03.2026 10:15", "Асель С.", str(a.estimate.price_gross), "оплата " + number],
        [2, "02.03.2026", "Асель С.", str(b.estimate.price_gross), "тел +7 701 123 45 67"],
        [3, "03.03.2026", "ТОО «Алтын Дән»", "{:.2f}".format(c.estimate.price_gross), ""],
        [4, "03.03.2026", "Кто-то", "500", "за визитки"],
        [5, "03.03.2026", "Kaspi", "-1200", "комиссия"],
        [None, None, None, None, None],
    ])
    assert kaspi_import.head(manager, path, 3)[1][1] == "Дата"
    with pytest.raises(ValidationError) as err:
        kaspi_import.preview(manager, path)  # the first import must be told the columns
    assert err.value.key == "error.kaspi.no_mapping"
    seen = kaspi_import.preview(manager, path, MAPPING)
    assert [(x.status, x.reason) for x in seen.lines] == [
        ("matched", "invoice"), ("matched", "bin_amount"), ("matched", "bin_amount"),
        ("unmatched", "unknown_payer"), ("outgoing", "")]
    assert db.scalar("SELECT count(*) FROM payments") == 0
    done = kaspi_import.apply(manager, path, MAPPING)
    assert done.summary()["matched"] == 3
    assert {r["method"] for r in db.all("SELECT method FROM payments")} == {"kaspi"}
    assert orders.get(manager, c.id).status == "paid"
    assert kaspi_import.saved_mapping(manager) == MAPPING
    again = kaspi_import.apply(manager, path)  # the remembered mapping; nothing new
    assert again.summary()["known"] == 3 and db.scalar("SELECT count(*) FROM payments") == 3
    assert payments.open_invoices(manager, customer.id) == []


def test_a_bad_row_or_mapping_writes_nothing(db, manager, customer, tmp_path):
    a, number = invoiced(manager, customer, tmp_path)
    path = xlsx(tmp_path / "k.xlsx", [
        [1, "02.03.2026", "Асель", str(a.estimate.price_gross), number],
        [2, "вчера", "Асель", "10", ""]])
    with pytest.raises(ValidationError) as err:
        kaspi_import.apply(manager, path, MAPPING)
    assert err.value.key == "error.kaspi.bad_date" and err.value.params["row"] == 4
    with pytest.raises(ValidationError) as err:
        kaspi_import.apply(manager, path, dict(MAPPING, amount=9))
    assert err.value.key == "error.kaspi.bad_mapping" and err.value.field == "amount"
    assert db.scalar("SELECT count(*) FROM payments") == 0
    assert kaspi_import.saved_mapping(manager) is None
    assert payments.owed_for_order(manager, a.id)["paid"] == Decimal("0")
