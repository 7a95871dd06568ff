"""`python -m app copy-db` and `backup` with the shop's server (issue 21.5, 21.6), through the
real entry point against a real PostgreSQL (IPRINT_TEST_PG; scripts/test.sh starts one): a demo
shop onto an empty server database and back into a new file, compared row for row; the copies
give the same closing documents and e-invoice XML; a target that is not new is refused."""
import json
import os
import re
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import pytest
from docx import Document

from app.storage import server, shop_copy
from app.storage.db import Database
from app.storage.migrations import SCHEMA_VERSION
from app.storage.server import ServerDatabase
from tests.cli.test_cli import run

pytestmark = pytest.mark.file_only  # its own server databases: the same on either --engine


@pytest.fixture(scope="module")
def demo_shop(tmp_path_factory):
    """A demo shop file (200 orders) and its admin's password."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "shop.sqlite3"
    proc = run("demo", "--db", str(path), "--orders", "200", "--today", "2026-11-20",
               env={"IPRINT_HOME": str(folder / "home")})
    assert proc.returncode == 0, proc.stderr
    password = re.search(r"^\s+admin\s+(\S+)$", proc.stdout, re.M).group(1)
    return path, password


def _same_shop(file_path, url):
    """Every table's rows and checksum alike in the file and on the server."""
    with Database(file_path) as f, ServerDatabase(url) as s:
        tables = shop_copy.file_tables_in_order(f)
        report = shop_copy.compare(f, s, tables)
    assert len(report) == len(tables) > 25
    assert [r["table"] for r in report if not r["same"]] == []
    return {r["table"]: r["rows_from"] for r in report}


def _copy(source, target, *extra):
    proc = run("copy-db", "--from", str(source), "--to", str(target), *extra)
    return proc, (json.loads(proc.stdout) if proc.returncode == 0 else None)


def test_a_demo_shop_goes_onto_the_server_and_back_whole(demo_shop, server_db_url, tmp_path):
    path, _ = demo_shop
    proc, out = _copy(path, server_db_url, "--backup-to", str(tmp_path / "bk"))
    assert proc.returncode == 0, proc.stderr
    assert set(out) == {"from", "to", "backup", "tables", "rows", "compared"}
    assert out["from"] == str(path) and out["to"] == server_db_url
    assert all(c["same"] and c["rows_from"] == c["rows_to"] for c in out["compared"])
    rows = _same_shop(path, server_db_url)
    assert out["rows"] == sum(rows.values()) and rows["orders"] == 200
    assert os.path.dirname(out["backup"]) == str(tmp_path / "bk")  # the file was backed up first
    assert run("check", "--db", server_db_url).returncode == 0
    # new rows on the server continue the ids (sequences follow the largest copied id)
    with ServerDatabase(server_db_url) as s:
        before = s.scalar("SELECT max(id) FROM customers")
        with s.atomic():
            s.execute("INSERT INTO customers(name, created_at) VALUES (?, ?)",
                      ("ТОО «Сервер»", "2026-11-21 10:00:00"))
        assert s.scalar("SELECT max(id) FROM customers") == before + 1
    # and back into a new file: the server's shop, row for row (its own backup first)
    back = tmp_path / "back.sqlite3"
    proc, out = _copy(server_db_url, back)
    assert proc.returncode == 0, proc.stderr
    assert all(c["same"] for c in out["compared"])
    assert out["backup"].endswith(".sqlite3") and os.path.isfile(out["backup"])
    _same_shop(back, server_db_url)
    assert run("check", "--db", str(back)).returncode == 0
    conn = sqlite3.connect(str(back))
    try:
        assert conn.execute("SELECT count(*) FROM customers WHERE name = 'ТОО «Сервер»'").fetchone()[0] == 1
    finally:
        conn.close()


def _paragraphs(path):
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs] + cells


def test_the_copies_give_the_same_documents_and_esf(demo_shop, server_db_url, tmp_path):
    path, password = demo_shop
    assert _copy(path, server_db_url)[0].returncode == 0
    twin = tmp_path / "twin.sqlite3"
    assert _copy(server_db_url, twin)[0].returncode == 0
    env = {"IPRINT_ADMIN_PASSWORD": password}
    made = {}
    for name, db in (("file", str(twin)), ("server", server_db_url)):
        out = tmp_path / name
        act = run("document", "act", "--order", "2026-000081", "--db", db, "--out", str(out),
                  "--json", env=env)
        assert act.returncode == 0, act.stderr
        esf = run("esf", "--order", "2026-000081", "--db", db, "--out", str(out), "--json",
                  env=env)
        assert esf.returncode == 0, esf.stderr
        made[name] = (json.loads(act.stdout), json.loads(esf.stdout))
    (act_f, esf_f), (act_s, esf_s) = made["file"], made["server"]
    assert act_f["number"] == act_s["number"] and act_f["total"] == act_s["total"]
    assert esf_f["documents"] == esf_s["documents"] and esf_f["invoices"] == 1
    assert _paragraphs(act_f["path"]) == _paragraphs(act_s["path"])
    tree_f, tree_s = ET.parse(esf_f["path"]), ET.parse(esf_s["path"])
    assert ET.tostring(tree_f.getroot()) == ET.tostring(tree_s.getroot())
    assert tree_f.getroot().find(".//totalPriceWithTax").text == act_f["total"]


def test_a_target_that_is_not_new_is_refused_and_left_alone(demo_shop, server_db_url, tmp_path):
    path, _ = demo_shop
    assert _copy(path, server_db_url)[0].returncode == 0
    with ServerDatabase(server_db_url) as s:
        customers = s.scalar("SELECT count(*) FROM customers")
    proc, _ = _copy(path, server_db_url)
    assert proc.returncode == 2 and "already holds tables" in proc.stderr
    assert "Traceback" not in proc.stderr
    with ServerDatabase(server_db_url) as s:
        assert s.scalar("SELECT count(*) FROM customers") == customers
    existing = tmp_path / "there.sqlite3"
    existing.write_bytes(b"a file of the shop's own")
    proc, _ = _copy(server_db_url, existing)
    assert proc.returncode == 2 and "exists already" in proc.stderr
    assert existing.read_bytes() == b"a file of the shop's own"
    proc, _ = _copy(tmp_path / "typo.sqlite3", server_db_url)
    assert proc.returncode == 2 and "typo.sqlite3" in proc.stderr
    proc, _ = _copy(path, path)
    assert proc.returncode == 2 and "same database" in proc.stderr
    # a file name no PC can use, a folder that is a file: said, nothing made
    proc, _ = _copy(path, str(tmp_path / "a\x01b.sqlite3"))
    assert proc.returncode == 2 and "control characters" in proc.stderr
    proc, _ = _copy(path, str(existing / "inside.sqlite3"))
    assert proc.returncode == 2 and "cannot be written" in proc.stderr
    assert "Traceback" not in proc.stderr
    # a server that does not answer: said, with no password and no traceback
    proc, _ = _copy(path, "postgresql://iprint:s3cret@127.0.0.1:1/shop")
    assert proc.returncode == 2 and "s3cret" not in proc.stderr and "Traceback" not in proc.stderr
    assert not [n for n in os.listdir(str(tmp_path)) if ".copying-" in n]


def test_a_server_backup_is_a_checked_iprint_file(demo_shop, server_db_url, tmp_path):
    path, _ = demo_shop
    assert _copy(path, server_db_url)[0].returncode == 0
    home = tmp_path / "home"
    with ServerDatabase(server_db_url) as s:
        taken = s.scalar("SELECT count(*) FROM audit_log WHERE action = 'backup.create'")
    proc = run("backup", "--db", server_db_url, env={"IPRINT_HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"path", "database", "size_bytes", "schema_version", "pg_dump"}
    assert out["database"] == server_db_url and out["schema_version"] == SCHEMA_VERSION
    # the server's own dump beside it (scripts/test.sh installs the server's tools): a custom
    # archive pg_restore reads, with the shop's tables in it
    assert out["pg_dump"] == os.path.splitext(out["path"])[0] + ".dump"
    listed = subprocess.run([server.pg_dump_program().replace("pg_dump", "pg_restore"),
                             "--list", out["pg_dump"]], capture_output=True, text=True,
                            timeout=120)
    assert listed.returncode == 0 and "TABLE public orders" in listed.stdout
    name = server_db_url.rsplit("/", 1)[1]
    assert os.path.dirname(out["path"]) == str(home / "backups" / ("server-" + name))
    assert out["size_bytes"] == os.path.getsize(out["path"])
    assert run("check", "--db", out["path"]).returncode == 0  # a sound iPrint file
    with Database(out["path"]) as copy:
        assert copy.scalar("SELECT count(*) FROM orders") == 200
    with ServerDatabase(server_db_url) as s:  # the audit log says who made it
        assert s.scalar("SELECT count(*) FROM audit_log WHERE action = 'backup.create'") == taken + 1
    # to a USB disk; and a second one the same minute gets a name of its own
    usb = tmp_path / "E"
    one = json.loads(run("backup", "--db", server_db_url, "--to", str(usb)).stdout)["path"]
    two = json.loads(run("backup", "--db", server_db_url, "--to", str(usb)).stdout)["path"]
    assert one != two and os.path.dirname(one) == str(usb)
    assert not [n for n in os.listdir(str(usb)) if n.startswith(".snapshot")]
    # restore over the server: a customer added after the backup is gone, the server's data
    # as they were kept first, the audit entries after the backup carried over
    with ServerDatabase(server_db_url) as s:
        with s.atomic():
            s.execute("INSERT INTO customers(name, created_at) VALUES (?, ?)",
                      ("ТОО «Кейін»", "2026-12-04 10:00:00"))
        orders = s.scalar("SELECT count(*) FROM orders")
        entries = s.scalar("SELECT count(*) FROM audit_log")
        generation = s.scalar("SELECT value FROM settings WHERE key = 'seats.generation'")
    proc = run("restore", one, "--db", server_db_url)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"restored_from", "database", "replaced_kept_as", "schema_version"}
    assert out["database"] == server_db_url and os.path.isfile(out["replaced_kept_as"])
    assert run("check", "--db", out["replaced_kept_as"]).returncode == 0
    with Database(out["replaced_kept_as"]) as kept:
        assert kept.scalar("SELECT count(*) FROM customers WHERE name = 'ТОО «Кейін»'") == 1
    with ServerDatabase(server_db_url) as s:
        assert s.scalar("SELECT count(*) FROM customers WHERE name = 'ТОО «Кейін»'") == 0
        assert s.scalar("SELECT count(*) FROM orders") == orders
        # the two backups' entries after `one` were carried, and the restore's own written
        assert s.scalar("SELECT count(*) FROM audit_log") >= entries
        assert s.scalar("SELECT count(*) FROM audit_log WHERE action = 'backup.restore'") == 1
        assert s.scalar("SELECT value FROM settings WHERE key = 'seats.generation'") != generation
        new_id = s.scalar("SELECT max(id) FROM customers")
        with s.atomic():  # new rows follow the restored ids
            s.execute("INSERT INTO customers(name, created_at) VALUES (?, ?)",
                      ("ТОО «Жаңа»", "2026-12-04 11:00:00"))
        assert s.scalar("SELECT max(id) FROM customers") == new_id + 1
    assert run("check", "--db", server_db_url).returncode == 0
    # an unsound file is refused and changes nothing
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all")
    proc = run("restore", str(bad), "--db", server_db_url)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    with ServerDatabase(server_db_url) as s:
        assert s.scalar("SELECT count(*) FROM customers WHERE name = 'ТОО «Жаңа»'") == 1
