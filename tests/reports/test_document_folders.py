"""Issue 17.9: one folder per kind of document, named once, whatever language a document or a
user works in; a shop's existing folder keeps being used."""
import json

import pytest

from app import config
from app.i18n import t
from app.services import order_documents
from app.services.document_files import folder_language, kind_folder


@pytest.fixture
def documents(tmp_path, monkeypatch):
    folder = tmp_path / "Documents" / "iPrint"
    monkeypatch.setenv("IPRINT_DOCUMENTS", str(folder))
    return folder


def _choose(lang):
    home = config.data_dir()
    home.mkdir(parents=True, exist_ok=True)
    with open(str(home / "ui.json"), "w", encoding="utf-8") as fh:
        json.dump({"language": lang}, fh)


def test_invoices_in_three_languages_share_one_folder(manager, order, documents):
    paths = [order_documents.invoice(manager, order.id, lang=lang).path
             for lang in ("kk", "ru", "en")]
    assert len({p.parent for p in paths}) == 1
    assert paths[0].parent == documents / t("doc.folder.invoice", "kk")  # nobody chose: kk
    assert len({p.name for p in paths}) == 3  # the files still say their own language
    assert sorted(p.name for p in documents.iterdir()) == [t("doc.folder.invoice", "kk")]


def test_a_new_folder_is_named_in_the_language_chosen_on_the_pc(manager, order, documents):
    _choose("ru")
    assert folder_language() == "ru"
    for lang in ("kk", "en"):
        path = order_documents.job_ticket(manager, order.id, lang=lang).path
        assert path.parent == documents / t("doc.folder.job_ticket", "ru")


def test_a_shop_that_has_a_folder_keeps_it(manager, order, documents):
    old = documents / t("doc.folder.invoice", "ru")  # Счета/, made by an older version
    old.mkdir(parents=True)
    _choose("en")
    for lang in ("kk", "ru", "en"):
        assert order_documents.invoice(manager, order.id, lang=lang).path.parent == old
    assert kind_folder("invoice") == old and kind_folder("offer") == documents / t(
        "doc.folder.offer", "en")
