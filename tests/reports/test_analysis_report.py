"""The cluster analysis report on a 2,500-order demo: reopened with python-docx, its cluster
table and order counts are the analysis service's; in kk, ru and en; to PDF where LibreOffice is."""
from datetime import datetime

import pytest
from docx import Document

from app.i18n import format_number, t
from app.reports import analysis_report
from app.services import analysis, auth, demo, report_documents
from app.services.document_files import folder_language
from app.storage.analysis import Selection
from app.storage.opening import open_database
from tests.reports.conftest import docx_text, needs_soffice, pdf_pages, pdf_text, table_rows, to_pdf

SEL = Selection(date_from="2025-01-01", date_to="2026-11-27")


@pytest.fixture(scope="module")
def demo_session(tmp_path_factory):
    path = tmp_path_factory.mktemp("analysis-report") / "demo.sqlite3"
    db = open_database(path, create=True)
    passwords = demo.build(db, 2500, seed=3, today=datetime(2026, 11, 27, 18, 0))
    session = auth.login(db, "aigerim", passwords["aigerim"])
    yield session
    db.close()


def profiles(result):
    return list(result.clusters) + ([result.outliers] if result.outliers else [])


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_report_matches_the_analysis(demo_session, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("IPRINT_DOCUMENTS", str(tmp_path / "documents"))
    made = report_documents.analysis_report(demo_session, SEL, k=4, lang=lang)
    assert made.kind == "analysis"
    assert made.path.parent == tmp_path / "documents" / t("doc.folder.analysis", folder_language())
    assert made.path.name.startswith(t("doc.file.analysis", lang))
    expected = analysis.run(demo_session, SEL, k=4)
    doc = Document(str(made.path))
    selection, clusters, outliers, by_type = (table_rows(tb) for tb in doc.tables)
    # the selection: the order count of the run
    values = dict(row for row in selection[1:])
    assert values[t("doc.analysis.sel.orders", lang)] == format_number(len(expected.order_ids), 0)
    assert values[t("doc.analysis.sel.k", lang)] == "4 / {}".format(expected.k)
    # the cluster table: one row per cluster, the outliers, the total
    assert clusters[0][0] == t("doc.analysis.col.cluster", lang)
    body, total = clusters[1:-1], clusters[-1]
    assert [r[1] for r in body] == [format_number(c.count, 0) for c in profiles(expected)]
    assert [r[0] for r in body][-1].lower() == t("analysis.outliers", lang).lower()
    assert total[1] == format_number(len(expected.order_ids), 0)
    loss = [c for c in expected.clusters if c.loss_making]
    assert sum(1 for r in body if t("doc.analysis.mark.loss", lang) in r[-1]) == len(loss)
    # the outliers listed are the orders the analysis set aside (up to the table's limit)
    numbers = {expected.numbers[i] for i in range(len(expected.order_ids)) if expected.labels[i] == 0}
    listed = [r[0] for r in outliers[1:]]
    assert len(listed) == min(len(numbers), analysis_report.MAX_OUTLIERS)
    assert set(listed) <= numbers
    # the profitability by product type adds up to the same orders
    rows = analysis.profitability(demo_session, SEL, "product_type")
    assert [r[1] for r in by_type[1:-1]] == [format_number(r["orders"], 0) for r in rows]
    assert by_type[-1][1] == format_number(len(expected.order_ids), 0)
    # two pictures: the dendrogram and the scatter
    assert len(doc.inline_shapes) == 2
    text = docx_text(made.path)
    assert t("doc.analysis.title", lang) in text and t("doc.analysis.h.dendrogram", lang) in text


def test_left_out_orders_and_a_plain_cut(demo_session, tmp_path):
    rows = analysis.data_check(demo_session, SEL)
    assert rows == []  # the demo's figures are sound: leave two orders out by hand
    ids = analysis.run(demo_session, SEL, k=3, min_size=1).order_ids[:2].tolist()
    sel = Selection(SEL.date_from, SEL.date_to, exclude_ids=tuple(ids))
    made = report_documents.analysis_report(demo_session, sel, k=3, min_size=1, lang="en",
                                            folder=tmp_path)
    expected = analysis.run(demo_session, sel, k=3, min_size=1)
    assert expected.outliers is None and expected.k == 3
    doc = Document(str(made.path))
    selection, clusters = table_rows(doc.tables[0]), table_rows(doc.tables[1])
    values = dict(row for row in selection[1:])
    assert values["Orders analysed"] == format_number(len(expected.order_ids), 0)
    assert values["Smallest cluster"].startswith("1 (plain cut")
    for order_id in ids:
        from app.services import orders
        assert orders.get(demo_session, order_id).number in values["Left out after the data check"]
    assert [r[1] for r in clusters[1:-1]] == [format_number(c.count, 0) for c in expected.clusters]
    assert "No outliers" in docx_text(made.path)


@needs_soffice
def test_report_converts_to_pdf(demo_session, tmp_path):
    made = report_documents.analysis_report(demo_session, SEL, k=4, lang="kk",
                                            folder=tmp_path / "docx")
    out = tmp_path / "pdf"
    out.mkdir()
    pdf = to_pdf(made.path, out, tmp_path / "lo-profile")
    # selection and clusters; dendrogram; scatter; outliers and profitability by type
    assert 4 <= pdf_pages(pdf) <= 6
    text = pdf_text(pdf)
    assert "Тапсырыстарды кластерлік талдау" in text
    assert "Дендрограмма" in text
