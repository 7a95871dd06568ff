"""python -m app document reconciliation --customer BIN --from D --to D: the path, or with
--json the path, balances and turnovers checked against the ledger; a bad BIN, an unknown
customer, bad dates exit 2 naming them, with nothing written."""
import json
from decimal import Decimal

import pytest
from docx import Document

from app.services import auth, customers, payments, shop
from app.storage.opening import open_database
from tests.cli.test_cli import run
from tests.conftest import ADMIN_PASSWORD
from tests.reports.conftest import REQUISITES, docx_text
from tests.services.test_payments import invoiced

ADMIN = {"IPRINT_ADMIN_PASSWORD": ADMIN_PASSWORD}
BIN = "123456789013"


@pytest.fixture
def shop_file(db_path, tmp_path):
    with open_database(db_path) as db:
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        shop.save_requisites(admin, REQUISITES)
        altyn = customers.save(admin, {"name": "ТОО «Алтын Дән»", "bin": BIN})
        admin.now = lambda: "2026-01-15 10:00:00"
        order, _ = invoiced(admin, altyn, tmp_path / "inv")
        payments.record(admin, altyn.id, "1000", "2026-02-03", "cash")
    return db_path, order.estimate.price_gross


def _reconcile(db_path, *extra):
    return run("document", "reconciliation", "--db", str(db_path), *extra, env=ADMIN)


def test_json_figures_and_the_file(shop_file, tmp_path):
    db_path, gross = shop_file
    out = tmp_path / "out"
    res = _reconcile(db_path, "--customer", BIN, "--from", "2026-02-01", "--to", "2026-02-28",
                     "--lang", "ru", "--out", str(out), "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert Decimal(data["opening"]) == gross and data["debit"] == "0.00"
    assert data["credit"] == "1000.00" and Decimal(data["closing"]) == gross - 1000
    assert data["owes"] == "customer" and data["lines"] == 1 and data["lang"] == "ru"
    text = docx_text(data["path"])
    assert "АКТ СВЕРКИ ВЗАИМОРАСЧЁТОВ" in text and BIN in text
    assert len(Document(data["path"]).tables) == 2
    plain = _reconcile(db_path, "--customer", BIN, "--from", "2026-01-01", "--to", "2026-01-31",
                       "--lang", "kk", "--out", str(out))
    assert plain.returncode == 0 and plain.stdout.strip().endswith(".docx")


@pytest.mark.parametrize("extra, named", [
    (("--customer", "123456789012", "--from", "2026-02-01", "--to", "2026-02-28"),
     "--customer: "),
    (("--customer", "12345", "--from", "2026-02-01", "--to", "2026-02-28"), "--customer: "),
    (("--customer", "000000000000", "--from", "2026-02-01", "--to", "2026-02-28"),
     "--customer: there is no customer with BIN/IIN 000000000000"),
    (("--customer", BIN, "--from", "2026-02-30", "--to", "2026-02-28"), "--from: "),
    (("--customer", BIN, "--from", "2026-03-01", "--to", "2026-02-28"), "--to: "),
    (("--customer", BIN, "--to", "2026-02-28"), "--from: "),
    (("--from", "2026-02-01", "--to", "2026-02-28"), "--customer: "),
    (("--customer", BIN, "--from", "2026-02-01", "--to", "2026-02-28", "--lang", "de"), "de"),
])
def test_bad_input_exits_2_naming_it(shop_file, tmp_path, extra, named):
    db_path, _ = shop_file
    out = tmp_path / "out"
    res = _reconcile(db_path, *extra, "--out", str(out))
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert res.stdout == "" and "Traceback" not in res.stderr
    assert named in res.stderr
    assert not out.exists()
