"""The act of completed works Р-1 and the waybill З-2: figures against the orders' frozen
estimates, words, both parties' BIN, numbering per kind and year never reused, the refusals
(not made, no BIN, mixed customers) with nothing numbered, the turnover date and the audit."""
import json
from decimal import Decimal

import pytest
from docx import Document

from app.domain.errors import Conflict, DomainError, PermissionDenied, ValidationError
from app.i18n import capitalise, error_text
from app.reports import docx_base
from app.reports.amount_words import amount_in_words, number_words
from app.services import catalog, closing_documents, customers, orders
from tests.reports.conftest import (
    CARDS,
    docx_text,
    find_table,
    needs_soffice,
    pdf_pages,
    pdf_text,
    table_rows,
    to_pdf,
)

BLANKS = {"product_type": "blank", "name": "Бланки", "quantity": 500, "width_mm": 210,
          "height_mm": 297, "colours": "1+0", "paper": "offset-80-a4", "press": "risograph"}


def made(session, order):
    """The order moved along to ready (made), as the shop floor does."""
    for status in ("production", "ready"):
        order = orders.change_status(session, order.id, order.version, status)
    return order


def money(text):
    return Decimal(text.replace("\u00a0", "").replace(",", "."))


def counters(db):
    return [tuple(r) for r in db.all("SELECT kind, year, last FROM document_numbers")]


@pytest.fixture
def ready(manager, order):
    return made(manager, order)


@pytest.mark.parametrize("lang, title, vat, handed", [
    ("ru", "АКТ ВЫПОЛНЕННЫХ РАБОТ (ОКАЗАННЫХ УСЛУГ)", "В том числе НДС 16%:", "Сдал (Исполнитель)"),
    ("kk", "ОРЫНДАЛҒАН ЖҰМЫСТАР (КӨРСЕТІЛГЕН ҚЫЗМЕТТЕР) АКТІСІ", "Соның ішінде ҚҚС 16%:",
     "Тапсырды (Орындаушы)"),
])
def test_act_figures_match_the_order(manager, ready, customer, requisites, db, lang, title,
                                     vat, handed):
    result = closing_documents.act(manager, [ready.id], lang=lang)
    est = ready.estimate
    year = manager.now()[:4]
    assert result.number == year + "-000001" and result.kind == "act"
    assert result.total == est.price_gross == Decimal("26784.40")
    text = docx_text(result.path)
    assert title in text and ("Форма Р-1" if lang == "ru" else "Р-1 нысаны") in text
    assert result.number in text
    assert docx_base.short_date(manager.now()) in text
    assert requisites["bin"] in text and customer.bin in text  # both parties by BIN/IIN
    assert customer.name in text and requisites["name"] in text
    assert ("Без договора" if lang == "ru" else "Шартсыз") in text

    doc = Document(str(result.path))
    items = table_rows(find_table(doc, "№"))
    assert len(items) == 3  # the header, the order, the total
    no, name, done, unit, qty, price, cost = items[1]
    assert no == "1" and ready.number in name
    assert done == docx_base.short_date(ready.finished_at)
    assert money(cost) == est.price_gross
    assert money(price) * money(qty) == est.price_gross
    assert money(items[2][-1]) == est.price_gross
    assert "{}\n{}".format(vat, docx_base.money(est.vat)) in text
    assert est.vat == Decimal("3694.40")
    assert amount_in_words(est.price_gross, lang) in text
    assert handed in text and "/ " + requisites["director"] in text
    # the turnover date is the day of the act; one audit entry names it
    assert orders.get(manager, ready.id).turnover_date == manager.now()[:10]
    entries = db.all("SELECT * FROM audit_log WHERE action = 'act.issue'")
    assert len(entries) == 1
    details = json.loads(entries[0]["details"])
    assert details["number"] == result.number and details["orders"] == [ready.number]
    assert details["gross"] == "26784.40" and details["vat"] == "3694.40"


def test_a_waybill_without_a_product_code_numbers_its_item_by_the_order(admin, manager, ready):
    catalog.save_product_codes(admin, {ready.product_type: ""})
    result = closing_documents.waybill(manager, [ready.id], lang="ru")
    items = table_rows(find_table(Document(str(result.path)), "№"))
    assert items[1][2] == ready.number


@pytest.mark.parametrize("lang, title, qty_words", [
    ("ru", "НАКЛАДНАЯ НА ОТПУСК ЗАПАСОВ НА СТОРОНУ",
     "Всего отпущено количество запасов (прописью): "),
    ("kk", "ҚОРЛАРДЫ ЖАҒАҒА БОСАТУҒА АРНАЛҒАН ЖҮКҚҰЖАТ",
     "Барлығы босатылған қорлардың саны (жазбаша): "),
])
def test_waybill_figures_match_the_order(manager, ready, customer, requisites, lang, title,
                                         qty_words):
    result = closing_documents.waybill(manager, [ready.id], lang=lang)
    est = ready.estimate
    text = docx_text(result.path)
    assert title in text and result.number in text
    assert requisites["bin"] in text and customer.bin in text
    doc = Document(str(result.path))
    items = table_rows(find_table(doc, "№"))
    no, name, item, unit, to_release, released, price, with_vat, vat = items[1]
    # 26 784,40 for 1000 is no whole tiyn a piece: the run is one lot, as the invoice says
    # the item number is the product type's code, as the invoice's Код column; without one
    # the order's number
    code = catalog.product_codes(manager)[ready.product_type]
    assert code and item == code and to_release == released == "1"
    assert unit == ("компл." if lang == "ru" else "жиынт.") and "1\u00a0000" in name
    assert ready.number in name  # the line names its order
    assert money(with_vat) == money(price) == est.price_gross and money(vat) == est.vat
    assert money(items[-1][-2]) == est.price_gross and money(items[-1][-1]) == est.vat
    assert qty_words + capitalise(number_words(1, lang)) in text
    assert amount_in_words(est.price_gross, lang) in text
    assert requisites["accountant"] in text and requisites["director"] in text


def test_several_orders_of_one_customer_in_one_act(manager, ready, customer, requisites, db):
    other = made(manager, orders.create(manager, dict(CARDS, quantity=500), customer.id,
                                        status="approved"))
    result = closing_documents.act(manager, [ready.id, other.id], lang="ru")
    gross = ready.estimate.price_gross + other.estimate.price_gross
    vat = ready.estimate.vat + other.estimate.vat
    assert result.total == gross and result.orders == (ready.number, other.number)
    doc = Document(str(result.path))
    items = table_rows(find_table(doc, "№"))
    assert len(items) == 4
    assert sum(money(row[-1]) for row in items[1:3]) == gross == money(items[3][-1])
    text = docx_text(result.path)
    assert "В том числе НДС 16%:\n" + docx_base.money(vat) in text
    assert amount_in_words(gross, "ru") in text
    row = db.one("SELECT * FROM closing_documents")
    assert (row["net_tiyn"] + row["vat_tiyn"], row["gross_tiyn"]) == (int(gross * 100),) * 2
    assert {orders.get(manager, o).turnover_date for o in (ready.id, other.id)} == \
        {manager.now()[:10]}
    # the same orders again: the same act, printed again, nothing new numbered or audited
    again = closing_documents.act(manager, [other.id, ready.id], lang="kk")
    assert again.number == result.number
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'act.issue'") == 1
    # an order closed once is not closed by another document
    with pytest.raises(Conflict) as err:
        closing_documents.waybill(manager, [ready.id], lang="ru")
    assert result.number in error_text(err.value, "en")


def test_numbers_per_kind_and_year_never_reused_after_a_failed_write(manager, customer,
                                                                     requisites, db, tmp_path):
    year = manager.now()[:4]
    made_orders = [made(manager, orders.create(manager, dict(CARDS, quantity=q), customer.id,
                                               status="approved")) for q in (100, 200, 300, 400)]
    first = closing_documents.act(manager, [made_orders[0].id], lang="ru", folder=tmp_path)
    assert first.number == year + "-000001"
    # a file that cannot be written: a folder where the file should be
    bad_folder = tmp_path / "a-file-not-a-folder"
    bad_folder.write_text("x")
    with pytest.raises(DomainError) as err:
        closing_documents.act(manager, [made_orders[1].id], lang="ru", folder=bad_folder)
    assert err.value.key in ("error.document.cannot_save", "error.document.file_locked")
    assert counters(db) == [("act", int(year), 1)]  # the number went back with the rollback
    assert orders.get(manager, made_orders[1].id).turnover_date is None
    assert db.scalar("SELECT count(*) FROM closing_documents") == 1
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'act.issue'") == 1
    second = closing_documents.act(manager, [made_orders[1].id], lang="ru", folder=tmp_path)
    assert second.number == year + "-000002"
    # waybills count on their own
    assert closing_documents.waybill(manager, [made_orders[2].id], lang="ru",
                                     folder=tmp_path).number == year + "-000001"
    # a row removed by hand does not give its number back
    db.execute("DELETE FROM closing_document_orders WHERE document_id = "
               "(SELECT id FROM closing_documents WHERE kind = 'act' AND seq = 2)")
    db.execute("DELETE FROM closing_documents WHERE kind = 'act' AND seq = 2")
    assert closing_documents.act(manager, [made_orders[3].id], lang="ru",
                                 folder=tmp_path).number == year + "-000003"


def test_numbers_start_again_each_year(manager, ready, customer, requisites):
    manager.now = lambda: "2031-01-02 09:00:00"
    result = closing_documents.waybill(manager, [ready.id], lang="ru")
    assert result.number == "2031-000001"
    assert "02.01.2031" in docx_text(result.path)
    assert orders.get(manager, ready.id).turnover_date == "2031-01-02"


def test_refusals_number_and_write_nothing(manager, admin, order, customer, requisites, db,
                                           tmp_path):
    tmp_path = tmp_path / "documents"
    # not made yet
    with pytest.raises(Conflict) as err:
        closing_documents.act(manager, [order.id], lang="ru", folder=tmp_path)
    assert err.value.field == "order" and order.number in error_text(err.value, "en")
    assert "not made yet" in error_text(err.value, "en")
    # mixed customers
    ready = made(manager, order)
    other = customers.save(manager, {"name": "ИП Жұмабаев", "bin": "900101300126"})
    theirs = made(manager, orders.create(manager, CARDS, other.id, status="approved"))
    with pytest.raises(ValidationError) as err:
        closing_documents.waybill(manager, [ready.id, theirs.id], lang="ru", folder=tmp_path)
    assert err.value.field == "order" and theirs.number in error_text(err.value, "en")
    # a buyer without a BIN/IIN
    nobody = customers.save(manager, {"name": "Частное лицо"})
    private = made(manager, orders.create(manager, CARDS, nobody.id, status="approved"))
    with pytest.raises(ValidationError) as err:
        closing_documents.act(manager, [private.id], lang="ru", folder=tmp_path)
    assert err.value.field == "bin"
    assert error_text(err.value, "en").startswith("BIN/IIN: Customer Частное лицо has no BIN")
    assert counters(db) == [] and db.scalar("SELECT count(*) FROM closing_documents") == 0
    assert not tmp_path.exists()
    assert all(orders.get(manager, o.id).turnover_date is None for o in (ready, theirs, private))


def test_without_vat_says_so(admin, manager, customer, requisites):
    catalog.save_settings(admin, {"vat_payer": "0"})
    order = made(manager, orders.create(manager, CARDS, customer.id, status="approved"))
    for kind, lang, none in (("act", "ru", "Без НДС"), ("waybill", "kk", "ҚҚС-сыз")):
        if kind == "waybill":
            order = made(manager, orders.create(manager, CARDS, customer.id, status="approved"))
        text = docx_text(closing_documents.issue(manager, kind, [order.id], lang=lang).path)
        assert none in text and "16%" not in text
        assert amount_in_words(order.estimate.price_gross, lang) in text


def test_the_default_document_is_a_setting_per_product_type(admin, manager):
    assert closing_documents.default_kinds(manager) == {
        "printing": "act", "blank": "waybill", "journal": "waybill", "label": "waybill"}
    with pytest.raises(PermissionDenied):
        closing_documents.save_default_kinds(manager, {"printing": "waybill"})
    with pytest.raises(ValidationError) as err:
        closing_documents.save_default_kinds(admin, {"printing": "invoice"})
    assert err.value.field == "kind"
    kinds = closing_documents.save_default_kinds(admin, {"printing": "waybill"})
    assert kinds["printing"] == "waybill"
    assert admin.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'settings.closing'") == 1


@pytest.mark.parametrize("quantity, per_piece", [(200, True), (700, False)])
def test_pieces_when_the_price_per_piece_is_a_whole_tiyn(manager, customer, requisites,
                                                         quantity, per_piece):
    order = made(manager, orders.create(manager, dict(CARDS, quantity=quantity), customer.id,
                                        status="approved"))
    est = order.estimate
    result = closing_documents.waybill(manager, [order.id], lang="ru")
    items = table_rows(find_table(Document(str(result.path)), "№"))
    if per_piece:  # 10 440,00 for 200: 52,20 a piece
        assert items[1][3:6] == ["шт.", "200", "200"] and money(items[1][6]) == Decimal("52.20")
        assert "Двести" in docx_text(result.path)
    else:
        assert items[1][3:6] == ["компл.", "1", "1"]
        assert "тираж 700 шт." in items[1][1]
    assert money(items[1][6]) * money(items[1][4]) == est.price_gross == money(items[1][7])


@needs_soffice
@pytest.mark.parametrize("kind, lang, heading", [
    ("act", "kk", "ОРЫНДАЛҒАН ЖҰМЫСТАР"), ("act", "ru", "АКТ ВЫПОЛНЕННЫХ РАБОТ"),
    ("waybill", "kk", "ЖҮКҚҰЖАТ"), ("waybill", "ru", "НАКЛАДНАЯ НА ОТПУСК ЗАПАСОВ"),
])
def test_pdf_is_one_page_with_its_figures(manager, ready, requisites, customer, tmp_path, kind,
                                          lang, heading):
    path = closing_documents.issue(manager, kind, [ready.id], lang=lang,
                                   folder=tmp_path / "docx").path
    out = tmp_path / "pdf"
    out.mkdir()
    pdf = to_pdf(path, out, tmp_path / "lo-profile")
    assert pdf_pages(pdf) == 1
    text = " ".join(pdf_text(pdf).split())
    assert heading in text
    assert amount_in_words(ready.estimate.price_gross, lang) in text
    assert requisites["bin"] in text and customer.bin in text
    assert " ".join(docx_base.money(ready.estimate.price_gross).split()) in text
