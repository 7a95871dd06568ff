"""Where LibreOffice is installed (CI installs it): every document converts to PDF with the
expected number of pages, and the Kazakh letters survive the fonts."""
import pytest

from app.services import order_documents, orders, report_documents
from tests.reports.conftest import CARDS, needs_soffice, pdf_pages, pdf_text, to_pdf

pytestmark = needs_soffice
KAZAKH = "әғқңөұүһі"


@pytest.fixture
def pdf_dir(tmp_path):
    out = tmp_path / "pdf"
    out.mkdir()
    return out


@pytest.fixture
def profile(tmp_path):
    return tmp_path / "lo-profile"


@pytest.mark.parametrize("lang, words", [
    ("kk", "Жиырма алты мың жеті жүз сексен төрт теңге 40 тиын"),
    ("ru", "Двадцать шесть тысяч семьсот восемьдесят четыре тенге 40 тиын"),
    ("en", "Twenty-six thousand seven hundred eighty-four tenge 40 tiyn"),
])
def test_invoice_pdf_is_one_page_with_its_words(manager, order, pdf_dir, profile, lang, words):
    path = order_documents.invoice(manager, order.id, lang=lang,
                                   folder=pdf_dir.parent / "docx").path
    pdf = to_pdf(path, pdf_dir, profile)
    assert pdf_pages(pdf) == 1
    text = " ".join(pdf_text(pdf).split())
    assert words in text
    assert "ТОО «Баспа Әлемі»" in text and "Серікбаев Н. Қ." in text


def test_kazakh_documents_keep_their_letters(manager, admin, order, pdf_dir, profile):
    folder = pdf_dir.parent / "docx"
    made = [order_documents.offer(manager, order.id, lang="kk", folder=folder).path,
            order_documents.job_ticket(manager, order.id, lang="kk", folder=folder).path]
    expected = {made[0]: 1, made[1]: 1}
    for path in made:
        pdf = to_pdf(path, pdf_dir, profile)
        assert pdf_pages(pdf) == expected[path], path.name
        text = pdf_text(pdf)
        found = {ch for ch in KAZAKH if ch in text.lower()}
        assert len(found) >= 5, (path.name, found)
    assert "КОММЕРЦИЯЛЫҚ ҰСЫНЫС" in pdf_text(pdf_dir / (made[0].stem + ".pdf"))
    assert "ЖҰМЫС НАРЯДЫ" in pdf_text(pdf_dir / (made[1].stem + ".pdf"))


def test_reports_convert(manager, admin, order, customer, pdf_dir, profile):
    for qty in (100, 200, 300):
        orders.create(manager, dict(CARDS, quantity=qty), customer.id)
    folder = pdf_dir.parent / "docx"
    register = report_documents.order_register(manager, lang="kk", folder=folder).path
    pdf = to_pdf(register, pdf_dir, profile)
    assert pdf_pages(pdf) == 1
    assert "Тапсырыстар тізілімі" in pdf_text(pdf)
    profit = report_documents.profitability(admin, lang="ru", folder=folder).path
    pdf = to_pdf(profit, pdf_dir, profile)
    assert pdf_pages(pdf) == 4  # one page per grouping (type, customer, manager, month)
    assert "По видам продукции" in pdf_text(pdf)
