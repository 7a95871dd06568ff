"""The Print button's helper: the command chosen per platform, and clear errors."""
import sys

import pytest

from app.domain.errors import DomainError
from app.i18n import error_text
from app.reports import printing
from app.services import order_documents
from app.services import printing as printing_service


def test_opener_per_platform(tmp_path):
    path = tmp_path / "Счёт.docx"
    assert printing.opener_command(path, "win32") is None
    assert printing.opener_command(path, "darwin") == ["open", str(path)]
    assert printing.opener_command(path, "linux") == ["xdg-open", str(path)]


def test_missing_file_is_a_message_not_a_traceback(tmp_path):
    with pytest.raises(DomainError) as err:
        printing_service.print_document(tmp_path / "нет.docx")
    assert err.value.key == "error.print.not_found"
    assert "нет.docx" in error_text(err.value, "ru")
    assert error_text(err.value, "ru").startswith("Файл:")


@pytest.mark.skipif(sys.platform.startswith("win"), reason="on Windows it would really print")
def test_elsewhere_print_opens_the_file(manager, order, tmp_path, monkeypatch):
    # the desktop opener is whatever PATH gives: a program of ours that records its argument
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "opened.txt"
    opener = bin_dir / "xdg-open"
    opener.write_text("#!/bin/sh\necho \"$1\" > '{}'\n".format(log), encoding="utf-8")
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir) + ":" + "/usr/bin:/bin")
    path = order_documents.invoice(manager, order.id, lang="ru").path
    assert printing_service.print_document(path) == "opened"
    import time
    for _ in range(50):
        if log.exists() and log.read_text(encoding="utf-8").strip():
            break
        time.sleep(0.05)
    assert log.read_text(encoding="utf-8").strip() == str(path)
