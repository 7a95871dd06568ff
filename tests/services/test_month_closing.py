"""Closing several sales in one go (services.month_closing): one document per customer and
default kind, the ESF of all of them, all or nothing (a refusal keeps no number and no file)."""
import pytest

from app.domain.errors import ValidationError
from app.services import closing_documents, customers, month_closing, shop
from tests.reports.conftest import REQUISITES
from tests.services.test_esf import BLANKS, _made


@pytest.fixture
def shop_ready(admin):
    shop.save_requisites(admin, REQUISITES)
    return admin


def test_one_document_per_customer_and_kind_and_one_esf(db, shop_ready, manager, customer,
                                                        tmp_path):
    other = customers.save(manager, {"name": "ИП Бекова", "bin": "900101300126"})
    a = _made(manager, customer.id, "2026-03-02 10:00:00")
    b = _made(manager, customer.id, "2026-03-03 10:00:00", BLANKS)
    c = _made(manager, customer.id, "2026-03-04 10:00:00", quantity=500)
    d = _made(manager, other.id, "2026-03-05 10:00:00")
    sale = month_closing.close(manager, [a.id, b.id, c.id, d.id], "ru", folder=tmp_path / "docs",
                               esf_folder=tmp_path / "esf")
    kinds = sorted((doc.kind, doc.orders) for doc in sale.documents)
    assert kinds == sorted([("act", (a.number, c.number)), ("waybill", (b.number,)),
                            ("act", (d.number,))])
    assert sale.esf.invoices == 3 and sale.esf.path.is_file()
    assert all(p.is_file() for p in sale.paths) and len(sale.paths) == 4
    total = sum(o.estimate.price_gross for o in (a, b, c, d))
    assert sum(doc.total for doc in sale.documents) == sale.esf.total == total


def test_a_refusal_keeps_no_number_and_no_file(db, shop_ready, manager, customer, tmp_path):
    nobin = customers.save(manager, {"name": "Жеке тұлға"})
    a = _made(manager, customer.id, "2026-03-02 10:00:00")
    b = _made(manager, nobin.id, "2026-03-03 10:00:00")
    before = db.all("SELECT kind, year, last FROM document_numbers")
    with pytest.raises(ValidationError) as info:
        month_closing.close(manager, [a.id, b.id], "ru", folder=tmp_path / "docs",
                            esf_folder=tmp_path / "esf")
    assert info.value.key == "error.document.no_bin"
    assert closing_documents.of_order(manager, a.id) == []
    assert [tuple(r) for r in db.all("SELECT kind, year, last FROM document_numbers")] == \
        [tuple(r) for r in before]
    assert not list(tmp_path.rglob("*.docx")) and not list(tmp_path.rglob("*.xml"))
    # the next act takes the number the refused one would have had
    again = month_closing.close(manager, [a.id], "ru", folder=tmp_path / "docs", with_esf=False)
    assert again.documents[0].number.endswith("-000001") and again.esf is None


def test_nothing_chosen_is_said(manager, shop_ready):
    with pytest.raises(ValidationError) as info:
        month_closing.close(manager, [], "ru")
    assert info.value.key == "error.closing.no_orders"
