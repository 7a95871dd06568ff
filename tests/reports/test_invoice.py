"""The invoice for payment: figures against the order, words, VAT, numbering, file name."""
from decimal import Decimal

import pytest
from docx import Document

from app import config
from app.domain.errors import Conflict
from app.i18n import error_text
from app.reports import docx_base
from app.reports.amount_words import amount_in_words
from app.services import catalog, order_documents, orders
from tests.reports.conftest import CARDS, docx_text, find_table, table_rows


def test_invoice_figures_match_the_order(manager, order, customer, requisites):
    result = order_documents.invoice(manager, order.id, lang="ru")
    est = order.estimate
    assert est.price_gross == Decimal("26784.40")
    doc = Document(str(result.path))
    text = docx_text(result.path)

    assert "Счёт на оплату № {} от".format(result.number) in text
    # payment-order block: the shop's requisites
    for value in (requisites["iik"], requisites["bik"], requisites["bin"], requisites["bank"],
                  "Кбе\n17", "Код назначения платежа\n859"):
        assert value in text
    assert "БИН/ИИН {}, {}".format(customer.bin, customer.name) in text
    assert "Без договора" in text

    items = table_rows(find_table(doc, "№"))
    assert items[0] == ["№", "Код", "Наименование", "Кол-во", "Ед.", "Цена", "Сумма"]
    assert len(items) == 2
    no, code, name, qty, unit, price, amount = items[1]
    assert no == "1" and code == "00001"  # the product type's code (migration 9)
    assert name.startswith("Визитки, 90×50 мм, 4+4, Мелованная 300 г/м² SRA3")
    assert amount == docx_base.money(est.price_gross) == "26\u00a0784,40"
    # quantity × price is the sum printed
    assert Decimal(price.replace("\u00a0", "").replace(",", ".")) * \
        Decimal(qty.replace("\u00a0", "").replace(",", ".")) == est.price_gross

    assert "Итого:\n26\u00a0784,40" in text
    assert "В том числе НДС 16%:\n3\u00a0694,40" in text
    words = amount_in_words(est.price_gross, "ru")
    assert words == "Двадцать шесть тысяч семьсот восемьдесят четыре тенге 40 тиын"
    assert "Всего к оплате: " + words in text
    assert "Всего наименований 1, на сумму 26\u00a0784,40 KZT" in text
    assert "/ Серікбаев Н. Қ. /" in text and "/ Әлиева Г. Т. /" in text
    assert "М.П." in text


@pytest.mark.parametrize("lang, title, vat", [
    ("kk", "Төлемге арналған шот №", "Соның ішінде ҚҚС 16%:"),
    ("en", "Invoice for payment No.", "Including VAT 16%:"),
])
def test_invoice_in_kazakh_and_english(manager, order, lang, title, vat):
    result = order_documents.invoice(manager, order.id, lang=lang)
    text = docx_text(result.path)
    assert title in text
    assert vat in text
    assert amount_in_words(order.estimate.price_gross, lang) in text
    if lang == "kk":
        assert "Жиырма алты мың жеті жүз сексен төрт теңге 40 тиын" in text
        assert "Бенефициардың банкі" in text and "ЖСК" in text and "БСК" in text
        assert "Шартсыз" in text


def test_invoice_without_vat(admin, manager, customer, requisites):
    catalog.save_settings(admin, {"vat_payer": "0"})
    order = orders.create(manager, CARDS, customer.id)
    assert order.estimate.vat == 0
    for lang, none in (("ru", "Без НДС"), ("kk", "ҚҚС-сыз"), ("en", "Without VAT")):
        text = docx_text(order_documents.invoice(manager, order.id, lang=lang).path)
        assert none in text
        assert "НДС 16" not in text and "ҚҚС 16" not in text
        assert amount_in_words(order.estimate.price_gross, lang) in text


def test_invoice_numbers_are_sequential_and_never_reused(manager, customer, requisites, db):
    year = manager.now()[:4]
    made = [orders.create(manager, dict(CARDS, quantity=q), customer.id) for q in (100, 200, 300)]
    numbers = [order_documents.invoice(manager, o.id, lang="ru").number for o in made]
    assert numbers == ["{}-00000{}".format(year, i) for i in (1, 2, 3)]

    # the same order, same total: the same invoice again
    again = order_documents.invoice(manager, made[0].id, lang="ru")
    assert again.number == numbers[0]
    # the total changed: a new number; the old one stays taken
    changed = orders.update(manager, made[0].id, made[0].version, dict(CARDS, quantity=150),
                            customer.id)
    assert order_documents.invoice(manager, changed.id, lang="ru").number == year + "-000004"
    assert order_documents.invoice(manager, changed.id, lang="ru", reissue=True).number == \
        year + "-000005"
    # a row removed by hand does not give its number back
    db.execute("DELETE FROM invoices WHERE number = ?", (year + "-000005",))
    assert order_documents.invoice(manager, made[1].id, lang="ru", reissue=True).number == \
        year + "-000006"
    seqs = [r["seq"] for r in db.all("SELECT seq FROM invoices WHERE year = ? ORDER BY id",
                                     (int(year),))]
    assert seqs == [1, 2, 3, 4, 6]
    assert len(order_documents.invoices_of_order(manager, made[0].id)) == 2


def test_invoice_numbers_start_again_each_year(manager, order):
    first = order_documents.invoice(manager, order.id, lang="ru")
    manager.now = lambda: "2031-01-02 09:00:00"
    second = order_documents.invoice(manager, order.id, lang="ru", reissue=True)
    assert second.number == "2031-000001"
    assert "2 января 2031 г." in docx_text(second.path)
    assert first.number != second.number


def test_invoice_file_name_and_folder(manager, order, tmp_path, monkeypatch):
    monkeypatch.setenv("IPRINT_DOCUMENTS", str(tmp_path / "Documents" / "iPrint"))
    result = order_documents.invoice(manager, order.id, lang="ru")
    # one folder per kind, named in the state language while nobody chose one (issue 17.9)
    assert result.path == config.documents_dir() / "Шоттар" / "Счёт_{}_ТОО_Алтын_Дән.docx".format(
        result.number)
    assert result.path.is_file()
    kk = order_documents.invoice(manager, order.id, lang="kk")
    assert kk.path == result.path.parent / "Шот_{}_ТОО_Алтын_Дән.docx".format(result.number)


def test_cancelled_order_gets_no_invoice(manager, order):
    cancelled = orders.cancel(manager, order.id, order.version)
    with pytest.raises(Conflict) as err:
        order_documents.invoice(manager, cancelled.id, lang="ru")
    assert order.number in error_text(err.value, "en")


def test_invoice_in_the_users_language_by_default(manager, order):
    from app import i18n
    i18n.set_language("kk")
    result = order_documents.invoice(manager, order.id)
    assert "Төлемге арналған шот" in docx_text(result.path)


def test_invoice_uses_arial_everywhere(manager, order):
    doc = Document(str(order_documents.invoice(manager, order.id, lang="kk").path))
    assert doc.styles["Normal"].font.name == "Arial"
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for name in ("Normal", "Heading 1", "Heading 2"):
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(w + "hAnsi") == "Arial"
        assert fonts.get(w + "asciiTheme") is None  # a theme font would win over Arial
