"""The e-invoice (ЭСФ) XML through the services on a real database: parsed back and checked
element by element against shared/docs/kz-closing.md, sums to the tiyn, VAT by the turnover
date (12 % in 2025, 16 % in 2026), exempt, contract or none, a buyer without a valid BIN,
registration numbers typed in and imported, the closing list."""
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from app.domain.errors import DomainError, ValidationError
from app.i18n import error_text
from app.services import catalog, closing_documents, contracts, esf, order_documents, orders, shop
from app.services.session import Session
from tests.costing.specs import BLANKS, CARDS
from tests.reports.conftest import REQUISITES

INVOICE_CHILDREN = ["date", "invoiceType", "num", "operatorFullname", "turnoverDate",
                    "customers", "deliveryTerm", "productSet", "sellers"]
CUSTOMER_CHILDREN = ["countryCode", "name", "tin"]
PRODUCT_SET_CHILDREN = ["currencyCode", "products", "totalExciseAmount", "totalNdsAmount",
                        "totalPriceWithTax", "totalPriceWithoutTax", "totalTurnoverSize"]
PRODUCT_CHILDREN = ["catalogTruId", "description", "ndsAmount", "ndsRate", "priceWithTax",
                    "priceWithoutTax", "quantity", "truOriginCode", "turnoverSize",
                    "unitNomenclature", "unitPrice"]
SELLER_CHILDREN = ["address", "bank", "bik", "iik", "kbe", "name", "tin"]


class _On(Session):
    """A session on a given day (times come from Session.now only)."""
    day = ""

    def now(self):
        return self.day


def _on(session, day):
    on = _On(session.db, session.user)
    on.day = day
    return on


def _made(session, customer_id, at, spec=CARDS, **more):
    order = orders.create(session, dict(spec, **more), customer_id, "approved", created_at=at)
    for status in ("production", "ready"):
        order = orders.change_status(session, order.id, order.version, status, at=at)
    return order


def _tags(el):
    return [child.tag for child in el]


def _parse(path):
    root = ET.parse(str(path)).getroot()
    assert root.tag == "{esf}invoiceContainer"
    assert _tags(root) == ["invoiceSet"]
    invoices = list(root.find("invoiceSet"))
    assert invoices and all(inv.tag == "{v2.esf}invoice" for inv in invoices)
    return invoices


def _text(el, path):
    found = el.find(path)
    return None if found is None else found.text


@pytest.fixture
def shop_ready(admin):
    shop.save_requisites(admin, REQUISITES)
    return admin


@pytest.fixture
def month(db, shop_ready, manager, customer, tmp_path):
    """December 2025: an act for two orders (1000 cards, and 333 whose piece is no whole
    tiyn) and a waybill for blank forms."""
    a = _made(manager, customer.id, "2025-12-10 10:00:00")
    b = _made(manager, customer.id, "2025-12-11 10:00:00", quantity=333)
    c = _made(manager, customer.id, "2025-12-12 10:00:00", BLANKS)
    act = closing_documents.act(_on(manager, "2025-12-20 12:00:00"), [a.id, b.id], lang="ru",
                                folder=tmp_path / "acts")
    waybill = closing_documents.waybill(_on(manager, "2025-12-22 12:00:00"), [c.id], lang="ru",
                                        folder=tmp_path / "acts")
    return {"orders": (a, b, c), "act": act, "waybill": waybill}


def test_the_xml_follows_the_structure_element_by_element(db, manager, month, tmp_path):
    made = esf.export(_on(manager, "2026-01-05 09:00:00"), "2025-12-01", "2025-12-31",
                      folder=tmp_path / "esf")
    assert made.invoices == 2 and made.documents == (month["act"].number,
                                                     month["waybill"].number)
    raw = made.path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"')
    assert b'<v2:invoice xmlns:a="abstractInvoice.esf" xmlns:v2="v2.esf">' in raw
    raw.decode("utf-8")  # UTF-8 throughout
    act, waybill = _parse(made.path)
    assert _tags(act) == INVOICE_CHILDREN
    assert _text(act, "date") == "05.01.2026" and _text(act, "turnoverDate") == "20.12.2025"
    assert _text(act, "invoiceType") == "ORDINARY_INVOICE"
    assert _text(act, "num") == "ACT-" + month["act"].number  # acts and waybills count apart
    assert _text(act, "operatorFullname") == "Менеджер Ақерке"
    customer = act.find("customers/customer")
    assert _tags(act.find("customers")) == ["customer"]
    assert _tags(customer) == CUSTOMER_CHILDREN  # no address given: left out
    assert [_text(customer, t) for t in CUSTOMER_CHILDREN] == ["KZ", "ТОО «Алтын Дән»",
                                                              "123456789013"]
    assert _tags(act.find("deliveryTerm")) == ["hasContract"]
    assert _text(act, "deliveryTerm/hasContract") == "false"
    product_set = act.find("productSet")
    assert _tags(product_set) == PRODUCT_SET_CHILDREN
    assert _text(product_set, "currencyCode") == "KZT"
    products = list(product_set.find("products"))
    assert [p.tag for p in products] == ["product", "product"]
    for p in products:
        assert _tags(p) == PRODUCT_CHILDREN
        assert _text(p, "catalogTruId") == "1" and _text(p, "truOriginCode") == "5"
        assert _text(p, "ndsRate") == "12"
    whole, lot = products
    assert (_text(whole, "quantity"), _text(whole, "unitNomenclature")) == ("1000", "796")
    assert _text(whole, "unitPrice") == "23.09" and _text(whole, "priceWithoutTax") == "23090.00"
    assert (_text(lot, "quantity"), _text(lot, "unitNomenclature")) == ("1", "839")
    assert "333" in _text(lot, "description")
    assert _text(lot, "unitPrice") == _text(lot, "priceWithoutTax")
    seller = act.find("sellers/seller")
    assert _tags(seller) == SELLER_CHILDREN
    assert [_text(seller, t) for t in SELLER_CHILDREN] == [
        REQUISITES["address"], REQUISITES["bank"], REQUISITES["bik"], REQUISITES["iik"],
        REQUISITES["kbe"], REQUISITES["name"], REQUISITES["bin"]]
    assert _text(waybill, "num") == "WB-" + month["waybill"].number
    assert month["waybill"].number == month["act"].number
    assert _text(waybill, "productSet/products/product/truOriginCode") == "4"  # goods


def test_sums_add_up_to_the_tiyn_and_agree_with_the_documents(db, manager, month, tmp_path):
    made = esf.export(manager, "2025-12-01", "2025-12-31", folder=tmp_path)
    for inv, doc in zip(_parse(made.path), (month["act"], month["waybill"])):
        products = inv.findall("productSet/products/product")
        net = [Decimal(_text(p, "priceWithoutTax")) for p in products]
        vat = [Decimal(_text(p, "ndsAmount")) for p in products]
        gross = [Decimal(_text(p, "priceWithTax")) for p in products]
        for n, v, g, p in zip(net, vat, gross, products):
            assert n + v == g and Decimal(_text(p, "turnoverSize")) == n
            assert v == (n * Decimal("0.12")).quantize(Decimal("0.01"))
            assert Decimal(_text(p, "quantity")) * Decimal(_text(p, "unitPrice")) == n
        ps = inv.find("productSet")
        assert Decimal(_text(ps, "totalPriceWithoutTax")) == sum(net)
        assert Decimal(_text(ps, "totalTurnoverSize")) == sum(net)
        assert Decimal(_text(ps, "totalNdsAmount")) == sum(vat)
        assert Decimal(_text(ps, "totalPriceWithTax")) == sum(gross) == doc.total
        assert _text(ps, "totalExciseAmount") == "0.00"
        for el in ps.iter():
            if el.tag.startswith(("total", "price", "nds", "turnover")) and el.tag != "ndsRate":
                assert len(el.text.split(".")[1]) == 2, el.tag  # a dot and two places
    assert made.total == month["act"].total + month["waybill"].total


def test_vat_12_for_a_2025_turnover_and_16_for_a_2026_one(db, shop_ready, manager, customer,
                                                         tmp_path):
    """Both made on 30.12.2025 at 12 %; one handed over on 31.12.2025, the other on
    05.01.2026: the second ESF charges 16 % on the same net price."""
    old = _made(manager, customer.id, "2025-12-30 10:00:00")
    new = _made(manager, customer.id, "2025-12-30 10:00:00")
    closing_documents.act(_on(manager, "2025-12-31 10:00:00"), [old.id], folder=tmp_path)
    closing_documents.act(_on(manager, "2026-01-05 10:00:00"), [new.id], folder=tmp_path)
    made = esf.export(_on(manager, "2026-01-06 10:00:00"), "2025-12-01", "2026-01-31",
                      folder=tmp_path)
    first, second = _parse(made.path)
    rates = []
    for inv in (first, second):
        p = inv.find("productSet/products/product")
        rates.append((_text(inv, "turnoverDate"), _text(p, "ndsRate"),
                      _text(p, "priceWithoutTax"), _text(p, "ndsAmount"), _text(p, "priceWithTax")))
    assert rates == [("31.12.2025", "12", "23090.00", "2770.80", "25860.80"),
                     ("05.01.2026", "16", "23090.00", "3694.40", "26784.40")]


def test_an_exempt_product_type_has_no_rate(db, admin, shop_ready, manager, customer, tmp_path):
    catalog.save_settings(admin, {"vat_printing": "exempt"})
    order = _made(manager, customer.id, "2026-02-02 10:00:00")
    closing_documents.act(_on(manager, "2026-02-03 10:00:00"), [order.id], folder=tmp_path)
    (inv,) = _parse(esf.export(manager, "2026-02-01", "2026-02-28", folder=tmp_path).path)
    p = inv.find("productSet/products/product")
    assert p.find("ndsRate") is None  # "Без НДС"
    assert _tags(p) == [t for t in PRODUCT_CHILDREN if t != "ndsRate"]
    assert _text(p, "ndsAmount") == "0.00"
    assert _text(p, "priceWithTax") == _text(p, "priceWithoutTax") == "23090.00"
    assert _text(inv, "productSet/totalNdsAmount") == "0.00"


def test_the_contract_of_the_invoice_or_none(db, admin, shop_ready, manager, customer,
                                             tmp_path):
    contract = contracts.add(admin, customer.id, {"number": "Д-17/2026",
                                                  "signed_on": "2026-01-15"})
    with_contract = _made(manager, customer.id, "2026-02-02 10:00:00")
    order_documents.invoice(manager, with_contract.id, lang="ru", folder=tmp_path,
                            contract=contract.id)
    without = _made(manager, customer.id, "2026-02-02 10:00:00")
    for order in (with_contract, without):
        closing_documents.act(_on(manager, "2026-02-03 10:00:00"), [order.id], folder=tmp_path)
    first, second = _parse(esf.export(manager, "2026-02-01", "2026-02-28", folder=tmp_path).path)
    term = first.find("deliveryTerm")
    assert _tags(term) == ["contractDate", "contractNum", "hasContract"]
    assert [_text(term, t) for t in _tags(term)] == ["15.01.2026", "Д-17/2026", "true"]
    assert _tags(second.find("deliveryTerm")) == ["hasContract"]
    assert _text(second, "deliveryTerm/hasContract") == "false"


def test_a_buyer_without_a_valid_bin_is_named_and_nothing_is_written(db, month, manager,
                                                                     tmp_path):
    db.execute("UPDATE customers SET bin = '123456789012' WHERE id = ?",
               (month["orders"][0].customer_id,))  # saved before the control-digit check
    out = tmp_path / "esf"
    with pytest.raises(ValidationError) as err:
        esf.export(manager, "2025-12-01", "2025-12-31", folder=out)
    text = error_text(err.value)
    assert "ТОО «Алтын Дән»" in text and month["act"].number in text and "BIN" in text
    assert not out.exists()
    assert db.scalar("SELECT count(*) FROM esf_invoices") == 0
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'esf.export'") == 0


@pytest.mark.parametrize("date_from, date_to, field", [
    ("2025-12-31", "2025-12-01", "date_to"), ("31.12.2025", "2025-12-31", "date_from"),
    ("", "2025-12-31", "date_from"), ("2025-12-01", None, "date_to")])
def test_bad_periods(manager, shop_ready, date_from, date_to, field):
    with pytest.raises(ValidationError) as err:
        esf.export(manager, date_from, date_to)
    assert err.value.field == field


def test_a_period_without_sales_writes_nothing(db, manager, shop_ready, tmp_path):
    made = esf.export(manager, "2024-01-01", "2024-01-31", folder=tmp_path / "esf")
    assert made.path is None and made.invoices == 0 and not (tmp_path / "esf").exists()


def test_a_shop_that_is_no_vat_payer_only_where_the_setting_says(db, admin, shop_ready, manager,
                                                                 customer, tmp_path):
    catalog.save_settings(admin, {"vat_payer": False})
    order = _made(manager, customer.id, "2026-02-02 10:00:00")
    closing_documents.act(_on(manager, "2026-02-03 10:00:00"), [order.id], folder=tmp_path)
    with pytest.raises(ValidationError) as err:
        esf.export(manager, "2026-02-01", "2026-02-28", folder=tmp_path)
    assert err.value.field == "esf.non_payer"
    with pytest.raises(DomainError):
        esf.save_settings(manager, {"non_payer": "all"})  # the administrator's setting
    assert esf.save_settings(admin, {"non_payer": "all"})["non_payer"] == "all"
    (inv,) = _parse(esf.export(manager, "2026-02-01", "2026-02-28", folder=tmp_path).path)
    assert inv.find("productSet/products/product/ndsRate") is None


def test_the_origin_code_is_a_setting(db, admin, month, manager, tmp_path):
    assert esf.settings(manager)["origin"] == {"printing": "5", "blank": "4", "journal": "4",
                                               "label": "4"}
    with pytest.raises(ValidationError):
        esf.save_settings(admin, {"origin": {"printing": "9"}})
    esf.save_settings(admin, {"origin": {"blank": "1"}})
    _, waybill = _parse(esf.export(manager, "2025-12-01", "2025-12-31", folder=tmp_path).path)
    assert _text(waybill, "productSet/products/product/truOriginCode") == "1"
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'settings.esf'") == 1


def test_chosen_orders_and_an_order_not_closed(db, month, manager, customer, tmp_path):
    a, b, c = month["orders"]
    made = esf.export(manager, order_ids=[c.id], folder=tmp_path)
    assert made.documents == (month["waybill"].number,) and made.invoices == 1
    loose = _made(manager, customer.id, "2025-12-15 10:00:00")
    with pytest.raises(ValidationError) as err:
        esf.export(manager, order_ids=[a.id, loose.id], folder=tmp_path)
    assert loose.number in error_text(err.value)


def test_registration_numbers_typed_and_imported_and_the_closing_list(db, month, manager,
                                                                      customer, tmp_path):
    a, b, c = month["orders"]
    loose = _made(manager, customer.id, "2025-12-15 10:00:00")
    rows = {r.order_number: r for r in esf.closing_list(manager, "2025-12-01", "2025-12-31")}
    assert {n: r.status for n, r in rows.items()} == {
        a.number: "closed", b.number: "closed", c.number: "closed", loose.number: "not_closed"}
    assert rows[a.number].document_number == month["act"].number
    assert rows[a.number].turnover_date == "2025-12-20" and rows[loose.number].turnover_date is None
    assert rows[a.number].gross == a.estimate.price_gross
    assert [r.order_number for r in esf.without_esf(manager, "2025-12-01", "2025-12-31")] == [
        a.number, b.number, c.number]
    with pytest.raises(ValidationError):  # not exported yet
        esf.register(manager, "ACT-" + month["act"].number, "ESF-180940012348-20251220-00000001")
    esf.export(manager, "2025-12-01", "2025-12-31", folder=tmp_path)
    assert esf.without_esf(manager, "2025-12-01", "2025-12-31") == []
    with pytest.raises(ValidationError) as err:  # the act's or the waybill's?
        esf.register(manager, month["act"].number, "ESF-180940012348-20251220-00000001")
    assert "ACT-" + month["act"].number in error_text(err.value)
    esf.register(manager, "ACT-" + month["act"].number, "ESF-180940012348-20251220-00000001")
    with pytest.raises(ValidationError):  # one registration number, one ESF
        esf.register(manager, "WB-" + month["act"].number, "ESF-180940012348-20251220-00000001")
    table = tmp_path / "portal.csv"
    table.write_text("Регистрационный номер;Номер учетной системы;Статус\n"
                     "ESF-180940012348-20251220-00000001;ACT-{};Подписан\n"
                     "ESF-180940012348-20251222-00000002;WB-{};Подписан\n".format(
                         month["act"].number, month["waybill"].number), encoding="utf-8")
    assert esf.import_registrations(manager, table) == {"registered": 1, "known": 1}
    statuses = {r.order_number: (r.status, r.registration_number)
                for r in esf.closing_list(manager, "2025-12-01", "2025-12-31")}
    assert statuses[a.number] == ("registered", "ESF-180940012348-20251220-00000001")
    assert statuses[c.number] == ("registered", "ESF-180940012348-20251222-00000002")
    only = esf.closing_list(manager, "2025-12-01", "2025-12-31", customer_id=customer.id,
                            status="not_closed")
    assert [r.order_number for r in only] == [loose.number]
    again = esf.export(manager, "2025-12-01", "2025-12-31", folder=tmp_path / "again")
    assert again.path is None and set(again.skipped_registered) == {month["act"].number,
                                                                    month["waybill"].number}


def test_an_import_with_a_bad_row_records_none(db, month, manager, tmp_path):
    esf.export(manager, "2025-12-01", "2025-12-31", folder=tmp_path)
    table = tmp_path / "portal.csv"
    table.write_text("num,registrationNumber\nACT-{},ESF-1\n2025-999999,ESF-2\n".format(
        month["act"].number), encoding="utf-8")
    with pytest.raises(DomainError) as err:
        esf.import_registrations(manager, table)
    assert "3" in error_text(err.value) and "2025-999999" in error_text(err.value)
    assert db.scalar("SELECT count(*) FROM esf_invoices WHERE registration_number IS NOT NULL") == 0
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        esf.import_registrations(manager, table)
    assert err.value.key == "error.esf.import_columns"


def test_exported_again_the_mark_moves_on(db, month, manager, tmp_path):
    esf.export(manager, "2025-12-01", "2025-12-31", folder=tmp_path / "one")
    second = esf.export(manager, "2025-12-01", "2025-12-31", folder=tmp_path / "two")
    row = db.one("SELECT exports, file FROM esf_invoices ORDER BY id LIMIT 1")
    assert row["exports"] == 2 and row["file"] == str(second.path)


def test_the_esf_migration_on_a_file_of_the_version_before(tmp_path):
    """A shop's file one version older gets the table and the default settings."""
    from app.storage.db import Database
    from app.storage.migrations import MIGRATIONS, apply_migrations, migrate
    ours = next(v for v, m in MIGRATIONS if not callable(m)
                and any("CREATE TABLE esf_invoices" in s for s in m))
    db = Database(tmp_path / "older.sqlite3")
    apply_migrations(db, [(v, m) for v, m in MIGRATIONS if v < ours])
    assert db.scalar("SELECT count(*) FROM settings WHERE key LIKE 'esf.%'") == 0
    migrate(db)
    seeded = {r["key"]: r["value"] for r in db.all(
        "SELECT key, value FROM settings WHERE key LIKE 'esf.%'")}
    assert seeded == {"esf.non_payer": "none", "esf.origin.printing": "5",
                      "esf.origin.blank": "4", "esf.origin.journal": "4", "esf.origin.label": "4"}
    assert db.scalar("SELECT count(*) FROM esf_invoices") == 0
    db.close()
