"""Issue 16 item 11: what the app writes other users of the PC may not read. The files are made
by the real code paths under the usual umask 022 (which alone would give 0644 and 0755)."""
import os
import stat
import subprocess
import sys

import pytest

from app.services import backup, exports, order_documents, orders
from app.storage.opening import open_database
from tests.costing.specs import CARDS
from tests.reliability.conftest import child_env

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"),
                                reason="Windows: the profile folders' ACL keeps them private")


@pytest.fixture(autouse=True)
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def test_a_new_database_folder_is_private(tmp_path):
    path = tmp_path / "data" / "shop" / "iprint.sqlite3"
    open_database(path, create=True).close()
    assert mode(path) == 0o600
    assert mode(tmp_path / "data") == 0o700 and mode(tmp_path / "data" / "shop") == 0o700


def test_the_backup_folder_and_backups_are_private(db_path, tmp_path):
    folder = tmp_path / "usb" / "iprint-backups"
    made = backup.back_up_file(db_path, folder)
    assert mode(folder) == 0o700 and mode(tmp_path / "usb") == 0o700
    assert mode(made["path"]) == 0o600


def test_a_chosen_folder_that_exists_keeps_its_rights(db_path, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    made = backup.back_up_file(db_path, folder)
    assert mode(folder) == 0o755  # the person's own folder: not ours to change
    assert mode(made["path"]) == 0o600


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_customer_export_is_private(admin, customer, tmp_path, monkeypatch, fmt):
    monkeypatch.setenv("IPRINT_DOCUMENTS", str(tmp_path / "Documents" / "iPrint"))
    doc = exports.customers(admin, fmt=fmt)
    assert doc.path.exists() and mode(doc.path) == 0o600
    for folder in (doc.path.parent, tmp_path / "Documents", tmp_path / "Documents" / "iPrint"):
        assert mode(folder) == 0o700, folder
    assert not [p for p in doc.path.parent.iterdir() if p.name.startswith("~tmp-")]


def test_an_invoice_is_private(manager, customer, tmp_path, monkeypatch):
    monkeypatch.setenv("IPRINT_DOCUMENTS", str(tmp_path / "Documents" / "iPrint"))
    order = orders.create(manager, CARDS, customer.id, "approved")
    doc = order_documents.invoice(manager, order.id)
    assert mode(doc.path) == 0o600 and mode(doc.path.parent) == 0o700


LOG_CHILD = """
import logging, os, sys
os.umask(0o022)
from app import logs
path = logs.setup(sys.argv[1])
log = logging.getLogger("iprint")
for n in range(12000):  # over 1 MB: the log rotates and opens a new iprint.log
    log.info("customer ТОО «Алтын Дән» line %d %s", n, "x" * 80)
print(path)
"""


def test_the_log_folder_and_the_log_files_are_private(tmp_path):
    folder = tmp_path / "home" / "logs"
    out = subprocess.run([sys.executable, "-c", LOG_CHILD, str(folder)], env=child_env(),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert out.returncode == 0, out.stderr.decode()
    files = sorted(os.listdir(str(folder)))
    assert "iprint.log" in files and "iprint.log.1" in files, files
    assert mode(folder) == 0o700 and mode(tmp_path / "home") == 0o700
    assert {f: mode(folder / f) for f in files} == {f: 0o600 for f in files}
