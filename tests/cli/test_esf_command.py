"""python -m app esf --from D --to D: the XML's path (or JSON), a clear message and exit 0 for a
period without sales, exit 2 naming the bad input with nothing written; python -m app
esf-registered FILE records the portal's registration numbers."""
import json
import xml.etree.ElementTree as ET

import pytest

from app.services import auth, closing_documents, customers, orders, shop
from app.services.session import Session
from app.storage.opening import open_database
from tests.cli.test_cli import run
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.reports.conftest import CARDS, REQUISITES

ADMIN = {"IPRINT_ADMIN_PASSWORD": ADMIN_PASSWORD}


class _On(Session):
    day = ""

    def now(self):
        return self.day


@pytest.fixture
def closed_file(db_path, tmp_path):
    """An act of 20.12.2025 for a customer with a valid BIN, one of 05.01.2026."""
    with open_database(db_path) as db:
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        shop.save_requisites(admin, REQUISITES)
        altyn = customers.save(admin, {"name": "ТОО «Алтын Дән»", "bin": "123456789013"})
        numbers = []
        for made_at, act_at in (("2025-12-10 10:00:00", "2025-12-20 10:00:00"),
                                ("2025-12-30 10:00:00", "2026-01-05 10:00:00")):
            order = orders.create(admin, CARDS, altyn.id, "approved", created_at=made_at)
            for step in ("production", "ready"):
                order = orders.change_status(admin, order.id, order.version, step, at=made_at)
            on = _On(db, admin.user)
            on.day = act_at
            numbers.append(closing_documents.act(on, [order.id], folder=tmp_path / "acts").number)
    return db_path, altyn.id, numbers


def _esf(db_path, *extra, env=ADMIN):
    return run("esf", "--db", str(db_path), *extra, env=env)


def _written(db_path):
    with open_database(db_path) as db:
        return db.scalar("SELECT count(*) FROM esf_invoices")


def test_a_period_prints_the_path_and_json(closed_file, tmp_path):
    db_path, _, numbers = closed_file
    out = tmp_path / "esf"
    proc = _esf(db_path, "--from", "2025-12-01", "--to", "2025-12-31", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    path = proc.stdout.strip()
    assert path == str(out / "ESF_2025-12-01_2025-12-31.xml")
    root = ET.parse(path).getroot()
    (inv,) = root.find("invoiceSet")
    assert inv.find("num").text == "ACT-" + numbers[0]
    assert inv.find("productSet/products/product/ndsRate").text == "12"
    proc = _esf(db_path, "--from", "2025-12-01", "--to", "2026-01-31", "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["invoices"] == 2 and data["documents"] == numbers
    assert data["total"] == "52645.20"  # 25 860.80 at 12 % and 26 784.40 at 16 %
    assert _written(db_path) == 2


def test_a_period_without_sales_says_so_and_exits_0(closed_file, tmp_path):
    db_path = closed_file[0]
    out = tmp_path / "esf"
    proc = _esf(db_path, "--from", "2024-01-01", "--to", "2024-01-31", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "No sales turned over from 2024-01-01 to 2024-01-31" in proc.stdout
    assert not out.exists() and _written(db_path) == 0


@pytest.mark.parametrize("args, message", [
    (("--from", "2025-13-01", "--to", "2025-12-31"), "From: "),
    (("--from", "2025-12-31", "--to", "2025-12-01"), "To: "),
    (("--to", "2025-12-31"), "From: "),
    (("--from", "2025-12-01", "--to", "2025-12-31", "--lang", "en"), "ESF language en"),
    (("--order", "2026-999999"), "There is no order numbered 2026-999999"),
])
def test_bad_input_exits_2_and_writes_nothing(closed_file, tmp_path, args, message):
    db_path = closed_file[0]
    out = tmp_path / "esf"
    proc = _esf(db_path, *args, "--out", str(out))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == "" and not out.exists() and _written(db_path) == 0


def test_a_buyer_without_a_valid_bin_exits_2_naming_it(closed_file, tmp_path):
    db_path, customer_id, numbers = closed_file
    with open_database(db_path) as db:  # saved before the control-digit check
        db.execute("UPDATE customers SET bin = '123456789012' WHERE id = ?", (customer_id,))
    out = tmp_path / "esf"
    proc = _esf(db_path, "--from", "2025-12-01", "--to", "2025-12-31", "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    assert "ТОО «Алтын Дән»" in proc.stderr and numbers[0] in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == "" and not out.exists() and _written(db_path) == 0


def test_a_manager_exports_and_imports_the_registration_numbers(closed_file, tmp_path):
    db_path, _, numbers = closed_file
    with open_database(db_path) as db:
        auth.change_own_password(auth.login(db, "manager", MANAGER_PASSWORD), MANAGER_PASSWORD,
                                 "manager-own-pass-7")
        first = db.scalar("SELECT number FROM orders ORDER BY id LIMIT 1")
    login = ("--user", "manager", "--password-stdin")
    proc = run("esf", "--order", first, "--db", str(db_path), "--out", str(tmp_path),
               *login, stdin="manager-own-pass-7\n", env={})
    assert proc.returncode == 0, proc.stderr
    table = tmp_path / "portal.csv"
    table.write_text("num,registrationNumber\nACT-{},ESF-180940012348-1\n".format(numbers[0]),
                     encoding="utf-8")
    proc = run("esf-registered", str(table), "--db", str(db_path), "--json", *login,
               stdin="manager-own-pass-7\n", env={})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"registered": 1, "known": 0}
    bad = tmp_path / "bad.csv"
    bad.write_text("num,registrationNumber\nACT-2031-000009,ESF-2\n", encoding="utf-8")
    proc = run("esf-registered", str(bad), "--db", str(db_path), env=ADMIN)
    assert proc.returncode == 2 and "Row 2" in proc.stderr and "2031-000009" in proc.stderr
    with open_database(db_path) as db:
        assert db.scalar("SELECT registration_number FROM esf_invoices") == "ESF-180940012348-1"


def test_the_login_options_are_shared(closed_file):
    """document, esf, esf-registered, bank-import and import-customers take the same --db,
    --user and --password-stdin (one helper)."""
    for command in ("document", "esf", "esf-registered", "bank-import", "import-customers"):
        proc = run(command, "--help")
        assert proc.returncode == 0
        assert "--db" in proc.stdout and "--user" in proc.stdout
        assert "--password-stdin" in proc.stdout, command
