"""Manuals from docs/manual: every language and kind renders; the schema comes from the
live database; screenshots are taken from the folder when there, noted when not."""
import glob
import os
import re

import pytest
from docx import Document

from app import i18n
from app.domain.errors import DomainError, ValidationError
from app.reports import manuals
from app.services import manuals as manuals_service
from tests.reports.conftest import docx_text


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("kind", ["operator", "programmer"])
def test_every_manual_renders(db, tmp_path, lang, kind):
    files = manuals.source_files(manuals.default_sources(), kind, lang)
    assert len(files) >= 4
    result = manuals_service.manual(db, kind, lang=lang, folder=tmp_path,
                                    screenshots=tmp_path / "none")
    text = docx_text(result.path)
    chapters = [line[2:].strip() for f in files for line in
                f.read_text(encoding="utf-8").splitlines() if line.startswith("# ")]
    for chapter in chapters:
        assert chapter in text


def test_programmer_manual_reads_the_live_schema(db, tmp_path):
    db.execute("CREATE TABLE zz_probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL DEFAULT 'x')")
    result = manuals_service.manual(db, "programmer", lang="en", folder=tmp_path)
    doc = Document(str(result.path))
    text = docx_text(result.path)
    version = db.scalar("PRAGMA user_version")
    assert "version {},".format(version) in text
    for table in ("orders", "invoices", "customers", "zz_probe"):
        assert table in [p.text for p in doc.paragraphs]
    assert "customer_id" in text and "→ customers.id" in text
    assert "audit_log_no_update" in text  # triggers are listed


def test_screenshots_come_from_the_folder(db, tmp_path):
    from PIL import Image
    shots = tmp_path / "shots" / "ru"
    shots.mkdir(parents=True)
    Image.new("RGB", (400, 300), "white").save(str(shots / "login.png"))
    result = manuals_service.manual(db, "operator", lang="ru", folder=tmp_path,
                                    screenshots=shots.parent)
    doc = Document(str(result.path))
    assert len(doc.inline_shapes) == 1
    text = docx_text(result.path)
    assert "Рисунок 2. Окно входа" in text
    assert "[Снимок экрана quote_printing.png ещё не сделан" in text


def test_unknown_kind_and_missing_sources(db, tmp_path):
    with pytest.raises(ValidationError):
        manuals_service.manual(db, "cook", lang="en", folder=tmp_path)
    with pytest.raises(DomainError) as err:
        manuals_service.manual(db, "operator", lang="en", folder=tmp_path,
                               sources=tmp_path / "empty")
    assert err.value.key == "error.document.no_manual_sources"


MANUALS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "docs", "manual")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_bold_words_in_the_manual_are_the_screens_words(lang):
    """In the operator's manual bold text is what the screen shows: a menu path
    (**Menu → Item → Button**) or a button, and it must be the screen's word in that language
    (the Kazakh manual once sent the administrator to a menu that does not exist, and the
    Russian one named a Run button the screen calls otherwise). A label's "(.docx)" and "…"
    may be left out."""
    words = set()
    for value in i18n.catalog(lang).values():
        value = " ".join(value.split()).lower()
        words.add(value.rstrip("…").strip())
        words.add(re.sub(r"\s*\([^)]*\)$", "", value).rstrip("…").strip())
    paths = []
    for path in sorted(glob.glob(os.path.join(MANUALS, lang, "operator", "*.md"))):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for bold in re.findall(r"\*\*([^*]+)\*\*", text):
            paths.append([" ".join(part.split()) for part in bold.split("→")])
    assert sum(len(p) > 1 for p in paths) >= 3  # the menu paths are there
    wrong = [(p, part) for p in paths for part in p
             if part.lower().rstrip("…").strip() not in words]
    assert not wrong, wrong
